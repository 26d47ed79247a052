//! `ocilint check --bundle`, `--blobs DIR` and `--complete`: the modelled programs' verdicts
//! judged against what the user says the registry holds. The expected words are the programs'
//! own, read from the rows recorded through them in `tests/peers/corpus.tsv` for the same
//! mutation of an OCI image manifest.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::{json, ocilint, scratch};
use serde_json::Value;

const OCI: &str = "application/vnd.oci.image.manifest.v1+json";
const TARGETS: &str = "distribution@v2.8,podman@4.3,containerd@1.6";
/// The real gzip'd filesystem layer the corpus was recorded with.
const LAYER: &[u8] = include_bytes!("../../tests/peers/corpus/layer.tar.gz");

fn digest(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("sha256:{:x}", Sha256::digest(bytes))
}

/// The size of the corpus's config, which the recorded words name.
const CONFIG_SIZE: usize = 242;

/// An image config whose `diff_ids` name the layer's uncompressed tar, padded to the size of
/// the corpus's config.
fn config() -> String {
    let mut tar = Vec::new();
    flate2::read::GzDecoder::new(LAYER)
        .read_to_end(&mut tar)
        .expect("the layer is gzip'd");
    let config = format!(
        r#"{{"architecture": "amd64", "os": "linux", "rootfs": {{"type": "layers", "diff_ids": ["{}"]}}"#,
        digest(&tar)
    );
    format!("{config:<width$}}}", width = CONFIG_SIZE - 1)
}

/// An OCI image manifest naming the config (with its size off by `config_size_off`) and the
/// layer (by `layer_digest`).
fn manifest(config: &str, config_size_off: i64, layer_digest: &str) -> String {
    format!(
        r#"{{
  "schemaVersion": 2,
  "mediaType": "{OCI}",
  "config": {{
    "mediaType": "application/vnd.oci.image.config.v1+json",
    "digest": "{}",
    "size": {}
  }},
  "layers": [
    {{
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": "{layer_digest}",
      "size": {}
    }}
  ]
}}"#,
        digest(config.as_bytes()),
        config.len() as i64 + config_size_off,
        LAYER.len()
    )
}

/// A folder of this test binary's temp folder.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = scratch(".anchor", b"").parent().unwrap().join(name);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A folder of blobs named by their digests' hex (one named `sha256:<hex>`, as both are read).
fn blobs_dir(name: &str, blobs: &[&[u8]]) -> PathBuf {
    let dir = scratch_dir(name);
    for (at, blob) in blobs.iter().enumerate() {
        let hex = &digest(blob)[7..];
        let file = if at == 0 {
            hex.to_owned()
        } else {
            format!("sha256:{hex}")
        };
        std::fs::write(dir.join(file), blob).expect("write blob");
    }
    dir
}

/// The first error recorded for `program`'s `operation` of a corpus case, with the corpus's
/// placeholders written as this test's digests.
fn recorded(case: &str, program: &str, operation: &str, digests: &[(&str, &str)]) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/peers/corpus.tsv");
    let text = std::fs::read_to_string(path).expect("tests/peers/corpus.tsv");
    let row: Vec<&str> = text
        .lines()
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .find(|row| row[0] == case && row[5] == program && row[7] == operation)
        .unwrap_or_else(|| panic!("no row for {case} {program} {operation}"));
    let mut error = row[10].to_owned();
    for (placeholder, digest) in digests {
        error = error.replace(&format!("sha256:{placeholder}"), digest);
    }
    error
}

/// Each modelled verdict of the first report: (target operation, verdict, message, condition).
fn verdicts(output: &std::process::Output) -> Vec<(String, String, Value, Value)> {
    let report = json(output);
    report[0]["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .map(|v| {
            assert_eq!(v["basis"], "model", "{v}");
            assert!(v["step"].is_string(), "{v}");
            (
                format!(
                    "{}@{} {}",
                    v["target"].as_str().unwrap(),
                    v["version"].as_str().unwrap(),
                    v["operation"].as_str().unwrap()
                ),
                v["verdict"].as_str().unwrap().to_owned(),
                v["message"].clone(),
                v["condition"].clone(),
            )
        })
        .collect()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `check --format json` of one manifest sent with the OCI `Content-Type`, against the
/// modelled targets, with `blobs` as what the registry holds.
fn check_alone(blobs: &Path, manifest: &Path) -> std::process::Output {
    ocilint(
        &[
            "check",
            "--format",
            "json",
            "--target",
            TARGETS,
            "--content-type",
            OCI,
            "--blobs",
            path(blobs),
            path(manifest),
        ],
        None,
    )
}

const ASSUMED: &str =
    "it is sent with Content-Type application/vnd.oci.image.manifest.v1+json (none was given)";

#[test]
fn a_wrong_config_size_is_refused_in_the_programs_words_when_the_config_is_given() {
    let config = config();
    let manifest = manifest(&config, 1, &digest(LAYER));
    let config_digest = digest(config.as_bytes());
    let names = [("<config>", config_digest.as_str())];
    let case = "oci-manifest:config.size:plus-one";
    let expected = [
        ("distribution@v2.8 push", "accept", Value::Null),
        (
            "podman@4.3 pull",
            "reject",
            Value::from(recorded(case, "podman", "pull", &names)),
        ),
        (
            "podman@4.3 copy",
            "reject",
            Value::from(recorded(case, "skopeo", "copy-oci", &names)),
        ),
        (
            "containerd@1.6 pull",
            "reject",
            Value::from(recorded(case, "containerd", "pull", &names)),
        ),
    ];
    assert_eq!(
        recorded(case, "distribution", "push", &names),
        "",
        "distribution 2.8 does not compare sizes on push: the recording accepts"
    );

    // In a bundle with the config, and the layer among the blobs.
    let manifest_file = scratch("size-manifest.json", manifest.as_bytes());
    let config_file = scratch("size-config.json", config.as_bytes());
    let layer_only = blobs_dir("size-layer", &[LAYER]);
    let bundled = ocilint(
        &[
            "check",
            "--bundle",
            "--format",
            "json",
            "--target",
            TARGETS,
            "--blobs",
            path(&layer_only),
            path(&manifest_file),
            path(&config_file),
        ],
        None,
    );
    assert_eq!(bundled.status.code(), Some(1), "a chosen target refuses");
    let got = verdicts(&bundled);
    assert_eq!(got.len(), expected.len());
    for ((target, verdict, message, condition), (want_target, want_verdict, want_message)) in
        got.iter().zip(&expected)
    {
        assert_eq!(
            (target.as_str(), verdict.as_str(), message),
            (*want_target, *want_verdict, want_message)
        );
        // Nothing about the blobs is left open; only the Content-Type no one gave.
        assert_eq!(condition, &Value::from(ASSUMED), "{target}");
    }

    // Alone, with the config and the layer as blobs and the Content-Type given: the same.
    let both = blobs_dir("size-both", &[config.as_bytes(), LAYER]);
    let alone = check_alone(&both, &manifest_file);
    let got = verdicts(&alone);
    for ((target, verdict, message, condition), (want_target, want_verdict, want_message)) in
        got.iter().zip(&expected)
    {
        assert_eq!(
            (target.as_str(), verdict.as_str(), message, condition),
            (*want_target, *want_verdict, want_message, &Value::Null)
        );
    }

    // A config one byte short: containerd names the blob's real size, from the blob.
    let short = scratch("short-manifest.json", manifest_of(&config, -1).as_bytes());
    let output = check_alone(&both, &short);
    let containerd = verdicts(&output).remove(3);
    assert_eq!(
        containerd.2,
        recorded(
            "oci-manifest:config.size:minus-one-byte",
            "containerd",
            "pull",
            &names
        )
    );
}

fn manifest_of(config: &str, config_size_off: i64) -> String {
    manifest(config, config_size_off, &digest(LAYER))
}

#[test]
fn right_sizes_are_accepted_with_no_condition() {
    let config = config();
    let manifest_file = scratch("good-manifest.json", manifest_of(&config, 0).as_bytes());
    let config_file = scratch("good-config.json", config.as_bytes());
    let both = blobs_dir("good-both", &[config.as_bytes(), LAYER]);
    let alone = check_alone(&both, &manifest_file);
    assert_eq!(alone.status.code(), Some(0));
    for (target, verdict, message, condition) in verdicts(&alone) {
        assert_eq!(
            (verdict.as_str(), message, condition),
            ("accept", Value::Null, Value::Null),
            "{target}"
        );
    }

    // The same image checked as a bundle (an OCI layout's folder given for the layer).
    let layout = scratch_dir("good-layout");
    std::fs::write(
        layout.join("oci-layout"),
        br#"{"imageLayoutVersion": "1.0.0"}"#,
    )
    .unwrap();
    let blobs = layout.join("blobs").join("sha256");
    std::fs::create_dir_all(&blobs).unwrap();
    std::fs::write(blobs.join(&digest(LAYER)[7..]), LAYER).unwrap();
    let bundled = ocilint(
        &[
            "check",
            "--bundle",
            "--format",
            "json",
            "--target",
            TARGETS,
            "--blobs",
            path(&layout),
            path(&manifest_file),
            path(&config_file),
        ],
        None,
    );
    for (target, verdict, message, condition) in verdicts(&bundled) {
        assert_eq!(
            (verdict.as_str(), message, condition),
            ("accept", Value::Null, Value::from(ASSUMED)),
            "{target}"
        );
    }
}

#[test]
fn a_blob_not_given_stays_a_condition_unless_the_contents_are_complete() {
    let config = config();
    let manifest_file = scratch("partial-manifest.json", manifest_of(&config, 0).as_bytes());
    let config_file = scratch("partial-config.json", config.as_bytes());
    let layer = digest(LAYER);
    let bundle = |complete: bool| {
        let mut args = vec!["check", "--bundle", "--format", "json", "--target", TARGETS];
        if complete {
            args.push("--complete");
        }
        args.extend([path(&manifest_file), path(&config_file)]);
        ocilint(&args, None)
    };

    // (The config's own verdicts, as a document pushed to the manifests endpoint, are
    // refusals: only the manifest's are looked at.)
    let partial = bundle(false);
    for (target, verdict, _, condition) in verdicts(&partial) {
        assert_eq!(verdict, "accept", "{target}");
        let condition = condition.as_str().expect("a condition").to_owned();
        assert!(condition.contains(&layer), "{target}: {condition}");
        // The config is in the bundle: nothing is assumed about it.
        assert!(
            !condition.contains(&digest(config.as_bytes())),
            "{target}: {condition}"
        );
    }

    let complete = bundle(true);
    assert_eq!(complete.status.code(), Some(1));
    let case = "oci-manifest:layers.0.digest:absent-blob";
    let names = [("<digest>", layer.as_str())];
    let expected = [
        recorded(case, "distribution", "push", &names),
        recorded(case, "podman", "pull", &names),
        recorded(case, "skopeo", "copy-oci", &names),
        recorded(case, "containerd", "pull", &names),
    ];
    let got = verdicts(&complete);
    assert_eq!(got.len(), expected.len());
    for ((target, verdict, message, condition), expected) in got.iter().zip(&expected) {
        assert_eq!(
            (verdict.as_str(), message, condition),
            (
                "reject",
                &Value::from(expected.as_str()),
                &Value::from(ASSUMED)
            ),
            "{target}"
        );
    }
}

#[test]
fn without_the_flags_check_keeps_its_conditions() {
    let config = config();
    let manifest_file = scratch("plain-manifest.json", manifest_of(&config, 1).as_bytes());
    let output = ocilint(
        &[
            "check",
            "--format",
            "json",
            "--target",
            TARGETS,
            "--content-type",
            OCI,
            path(&manifest_file),
        ],
        None,
    );
    for (target, verdict, _, condition) in verdicts(&output) {
        assert_eq!(verdict, "accept", "{target}");
        let condition = condition.as_str().expect("a condition").to_owned();
        assert!(
            condition.contains(&digest(config.as_bytes())) || condition.contains("the config"),
            "{target}: {condition}"
        );
    }
}

#[test]
fn unreadable_or_misnamed_blobs_and_a_lone_complete_are_usage_errors() {
    let manifest_file = scratch("errors-manifest.json", manifest_of(&config(), 0).as_bytes());
    let manifest_file = path(&manifest_file);

    let missing = std::env::temp_dir().join("ocilint-no-such-blobs-dir");
    let output = ocilint(&["check", "--blobs", path(&missing), manifest_file], None);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "cannot read blobs from {}: no such directory",
            missing.display()
        )),
        "{stderr}"
    );

    let misnamed = blobs_dir("errors-misnamed", &[]);
    std::fs::write(misnamed.join("layer.tar.gz"), LAYER).unwrap();
    let output = ocilint(&["check", "--blobs", path(&misnamed), manifest_file], None);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{} is not named by a digest",
            misnamed.join("layer.tar.gz").display()
        )),
        "{stderr}"
    );

    let wrong = blobs_dir("errors-wrong", &[]);
    let named = wrong.join("0".repeat(64));
    std::fs::write(&named, LAYER).unwrap();
    let output = ocilint(&["check", "--blobs", path(&wrong), manifest_file], None);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{}: its content's digest is {}",
            named.display(),
            digest(LAYER)
        )),
        "{stderr}"
    );

    let output = ocilint(&["check", "--complete", manifest_file], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("give --blobs DIR or --bundle"));
}
