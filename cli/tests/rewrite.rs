//! `ocilint fix`, `convert` and `split`: the seed stories' rewrites are accepted by the targets
//! that refused the inputs, digests are those of the bytes written, conversions round-trip,
//! and new digests cascade into the parents of a bundle.

mod common;

use std::path::{Path, PathBuf};

use common::{json, ocilint, scratch};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn seed(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/seeds")
        .join(name)
        .display()
        .to_string()
}

fn out_dir(name: &str) -> PathBuf {
    let dir = scratch("x", b"").with_file_name(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{:x}", Sha256::digest(bytes))
}

/// Runs a rewrite with `--format json -o DIR`; checks that every output was written under its
/// name with the digest and size printed, and returns the report.
fn rewrite(args: &[&str], dir: &Path) -> Value {
    let mut all = args.to_vec();
    let dir_text = dir.display().to_string();
    all.extend(["--format", "json", "-o", &dir_text]);
    let output = ocilint(&all, None);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&output);
    for out in report["outputs"].as_array().unwrap() {
        let written =
            std::fs::read(dir.join(out["name"].as_str().unwrap())).expect("written output");
        assert_eq!(out["digest"].as_str().unwrap(), sha256(&written));
        assert_eq!(out["size"].as_u64().unwrap(), written.len() as u64);
        assert_eq!(out["bytes"].as_str().unwrap().as_bytes(), written);
        let name = out["name"].as_str().unwrap();
        let hex = &out["digest"].as_str().unwrap()["sha256:".len()..];
        assert_eq!(
            name,
            format!("{}-{}.json", out["role"].as_str().unwrap(), &hex[..12])
        );
        for key in [
            "input",
            "name",
            "role",
            "mediaType",
            "digest",
            "size",
            "bytes",
        ] {
            assert!(out.get(key).is_some(), "output without {key}");
        }
    }
    report
}

/// The verdicts `check --target` gives a file: target -> verdict.
fn verdicts(file: &Path, content_type: Option<&str>, targets: &str) -> Vec<(String, String)> {
    let file = file.display().to_string();
    let mut args = vec!["check", "--format", "json", "--target", targets];
    if let Some(ct) = content_type {
        args.extend(["--content-type", ct]);
    }
    args.push(&file);
    let report = json(&ocilint(&args, None));
    report[0]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["target"].as_str().unwrap().to_owned(),
                t["verdict"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn output_of<'a>(report: &'a Value, role: &str) -> &'a Value {
    report["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["role"] == role)
        .unwrap_or_else(|| panic!("no {role} output in {report:#}"))
}

fn assert_accepted(file: &Path, content_type: Option<&str>, targets: &str) {
    let input_verdicts = verdicts(file, content_type, targets);
    // `warn` is stored with a caveat (e.g. no referrers API), which is still acceptance.
    for (target, verdict) in &input_verdicts {
        assert!(
            verdict == "accept" || verdict == "warn",
            "{target} gives {verdict} on {}",
            file.display()
        );
    }
    // Every target answered (a target may have several operations: podman pulls and copies).
    let answered: std::collections::BTreeSet<&str> =
        input_verdicts.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(answered.len(), targets.split(',').count());
}

const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";

#[test]
fn kaniko_manifest_converted_to_docker_is_accepted_where_it_was_refused() {
    let input = seed("kaniko-oci-manifest.json");
    let refused = verdicts(
        Path::new(&input),
        Some(DOCKER_MANIFEST),
        "docker-hub,quay,podman",
    );
    assert!(refused.iter().any(|(_, v)| v == "reject"), "{refused:?}");
    let dir = out_dir("kaniko");
    let report = rewrite(
        &["fix", "--unsafe", "--content-type", DOCKER_MANIFEST, &input],
        &dir,
    );
    assert_eq!(report["applied"][0]["code"], "DOC003");
    let image = output_of(&report, "image");
    assert_eq!(image["mediaType"], DOCKER_MANIFEST);
    let file = dir.join(image["name"].as_str().unwrap());
    assert_accepted(&file, Some(DOCKER_MANIFEST), "docker-hub,quay,podman");
}

#[test]
fn buildkit_cache_list_becomes_an_accepted_cache_manifest() {
    let input = seed("buildkit-cache-list.json");
    let refused = verdicts(Path::new(&input), None, "quay,ecr,docker-hub");
    assert!(refused.iter().any(|(_, v)| v == "reject"), "{refused:?}");
    let dir = out_dir("buildkit");
    let report = rewrite(&["fix", "--unsafe", &input], &dir);
    let cache = output_of(&report, "cache");
    let bytes = cache["bytes"].as_str().unwrap();
    assert!(bytes
        .contains("\"config\": {\n    \"mediaType\": \"application/vnd.buildkit.cacheconfig.v0\""));
    assert_accepted(
        &dir.join(cache["name"].as_str().unwrap()),
        None,
        "quay,ecr,docker-hub",
    );
}

#[test]
fn podman_mixed_image_made_oci_is_accepted() {
    let input = seed("podman-mixed-oci-manifest.json");
    let refused = verdicts(Path::new(&input), None, "podman,quay");
    assert!(refused.iter().any(|(_, v)| v == "reject"), "{refused:?}");
    let dir = out_dir("podman");
    let report = rewrite(&["fix", "--unsafe", &input], &dir);
    let image = output_of(&report, "image");
    assert!(!image["bytes"].as_str().unwrap().contains("docker"));
    assert_accepted(
        &dir.join(image["name"].as_str().unwrap()),
        None,
        "podman,quay",
    );
}

#[test]
fn garden_linux_image_splits_into_an_accepted_image_and_artifact() {
    let input = seed("gardenlinux-custom-layer.json");
    let dir = out_dir("gardenlinux");
    let report = rewrite(
        &["split", "--index", "--platform", "linux/amd64", &input],
        &dir,
    );
    let image = output_of(&report, "image");
    let artifact = output_of(&report, "artifact");
    let index = output_of(&report, "index");
    // The artifact and the index are new documents; the image is a new version of its input.
    assert_eq!(artifact["newDocument"], true);
    assert_eq!(index["newDocument"], true);
    assert!(image.get("newDocument").is_none());
    assert_accepted(
        &dir.join(image["name"].as_str().unwrap()),
        None,
        "dockerd,podman",
    );
    assert_accepted(
        &dir.join(artifact["name"].as_str().unwrap()),
        None,
        "distribution,quay",
    );
    // The artifact's subject is the new image; the index holds both.
    let artifact_doc: Value = serde_json::from_str(artifact["bytes"].as_str().unwrap()).unwrap();
    assert_eq!(artifact_doc["subject"]["digest"], image["digest"]);
    assert_eq!(artifact_doc["subject"]["size"], image["size"]);
    assert_eq!(
        artifact_doc["artifactType"],
        "application/io.gardenlinux.release"
    );
    let index_doc: Value = serde_json::from_str(index["bytes"].as_str().unwrap()).unwrap();
    assert_eq!(index_doc["manifests"][0]["digest"], image["digest"]);
    assert_eq!(index_doc["manifests"][0]["platform"]["os"], "linux");
    assert_eq!(index_doc["manifests"][1]["digest"], artifact["digest"]);
    assert!(index_doc["manifests"][1].get("platform").is_none());

    // With the user's config instead of the empty descriptor.
    let config = scratch("release-config.json", b"{\"release\": \"1592.1\"}");
    let custom = json(&ocilint(
        &[
            "split",
            "--config",
            config.to_str().unwrap(),
            "--config-type",
            "application/vnd.gardenlinux.release.config.v1+json",
            "--format",
            "json",
            &input,
        ],
        None,
    ));
    let artifact: Value =
        serde_json::from_str(output_of(&custom, "artifact")["bytes"].as_str().unwrap()).unwrap();
    assert_eq!(
        artifact["config"]["digest"].as_str().unwrap(),
        sha256(b"{\"release\": \"1592.1\"}")
    );
    assert_eq!(artifact["config"]["size"], 21);
}

/// A plain Docker image manifest (the seed's consistent Docker form).
fn docker_image() -> String {
    std::fs::read_to_string(seed("kaniko-docker-manifest.json")).expect("seed")
}

#[test]
fn docker_oci_docker_round_trip_returns_the_original_bytes() {
    let input = scratch("round-trip-docker.json", docker_image().as_bytes());
    let dir = out_dir("round-trip");
    let to_oci = rewrite(&["convert", "--to", "oci", input.to_str().unwrap()], &dir);
    assert_eq!(to_oci["losses"], Value::Array(vec![]));
    let oci = dir.join(output_of(&to_oci, "image")["name"].as_str().unwrap());
    let back = rewrite(&["convert", "--to", "docker", oci.to_str().unwrap()], &dir);
    assert_eq!(back["losses"], Value::Array(vec![]));
    let image = output_of(&back, "image");
    assert_eq!(image["bytes"].as_str().unwrap(), docker_image());
    // The human summary says what a conversion leaves alone.
    let human = ocilint(&["convert", "--to", "oci", input.to_str().unwrap()], None);
    assert!(String::from_utf8_lossy(&human.stdout).contains("blobs are not rewritten"));
    assert_eq!(
        image["digest"].as_str().unwrap(),
        sha256(docker_image().as_bytes())
    );
}

#[test]
fn oci_to_docker_reports_the_annotations_it_cannot_carry() {
    let annotated = std::fs::read_to_string(seed("kaniko-oci-manifest.json"))
        .unwrap()
        .replacen(
            "\"schemaVersion\": 2,",
            "\"schemaVersion\": 2,\n  \"annotations\": {\"org.opencontainers.image.version\": \"22.04\"},",
            1,
        );
    let input = scratch("annotated.json", annotated.as_bytes());
    let dir = out_dir("annotated");
    let report = rewrite(
        &["convert", "--to", "docker", input.to_str().unwrap()],
        &dir,
    );
    let losses = report["losses"].as_array().unwrap();
    assert_eq!(losses.len(), 1, "{losses:#?}");
    assert_eq!(losses[0]["pointer"], "/annotations");
    assert!(!output_of(&report, "image")["bytes"]
        .as_str()
        .unwrap()
        .contains("annotations"));
}

#[test]
fn converting_a_child_cascades_its_digest_and_size_into_the_index() {
    let docker_child = docker_image();
    let oci_child = std::fs::read_to_string(seed("kaniko-oci-manifest.json")).unwrap();
    let index = format!(
        r#"{{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {{
      "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
      "digest": "{}",
      "size": {},
      "platform": {{"architecture": "amd64", "os": "linux"}}
    }},
    {{
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "{}",
      "size": {},
      "platform": {{"architecture": "arm64", "os": "linux"}}
    }}
  ]
}}"#,
        sha256(docker_child.as_bytes()),
        docker_child.len(),
        sha256(oci_child.as_bytes()),
        oci_child.len()
    );
    let index_file = scratch("cascade-index.json", index.as_bytes());
    let child_a = scratch("cascade-a.json", docker_child.as_bytes());
    let child_b = scratch("cascade-b.json", oci_child.as_bytes());
    let dir = out_dir("cascade");
    let report = rewrite(
        &[
            "convert",
            "--to",
            "oci",
            index_file.to_str().unwrap(),
            child_a.to_str().unwrap(),
            child_b.to_str().unwrap(),
        ],
        &dir,
    );
    let outputs = report["outputs"].as_array().unwrap();
    assert_eq!(
        outputs.len(),
        2,
        "the converted child and the updated index: {outputs:#?}"
    );
    let child = outputs
        .iter()
        .find(|o| o["input"] == child_a.to_str().unwrap())
        .unwrap();
    let new_index = outputs.iter().find(|o| o["role"] == "index").unwrap();
    let written_child = std::fs::read(dir.join(child["name"].as_str().unwrap())).unwrap();
    let index_doc: Value = serde_json::from_str(new_index["bytes"].as_str().unwrap()).unwrap();
    let entry = &index_doc["manifests"][0];
    assert_eq!(entry["digest"].as_str().unwrap(), sha256(&written_child));
    assert_eq!(entry["size"].as_u64().unwrap(), written_child.len() as u64);
    assert_eq!(
        entry["mediaType"],
        "application/vnd.oci.image.manifest.v1+json"
    );
    assert_eq!(
        index_doc["manifests"][1]["digest"].as_str().unwrap(),
        sha256(oci_child.as_bytes())
    );
    assert_eq!(
        report["references"][0]["updated"][0],
        index_file.to_str().unwrap()
    );
}

#[test]
fn refusals_nothing_to_do_and_overwrites_have_their_exit_status() {
    // A zstd layer cannot be Docker: refused, exit 1, with the reason.
    let zstd = docker_image()
        .replace(
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
        )
        .replace(
            "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "application/vnd.oci.image.layer.v1.tar+zstd",
        );
    let zstd_file = scratch("zstd.json", zstd.as_bytes());
    let refused = ocilint(
        &[
            "convert",
            "--to",
            "docker",
            "--format",
            "json",
            zstd_file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(refused.status.code(), Some(1));
    let why = json(&refused)["refused"][0]["why"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(why.contains("zstd"), "{why}");
    // Nothing to fix: exit 0, said so.
    let clean = scratch("clean.json", common::VALID.as_bytes());
    let nothing = ocilint(&["fix", clean.to_str().unwrap()], None);
    assert_eq!(nothing.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&nothing.stdout).contains("nothing to change"));
    // Not JSON: refused with the position.
    let broken = scratch("broken.json", b"{\"schemaVersion\": 2,");
    let not_json = ocilint(&["fix", broken.to_str().unwrap()], None);
    assert_eq!(not_json.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&not_json.stdout).contains("line 1"));
    // Unreadable: exit 2.
    assert_eq!(
        ocilint(&["fix", "/nonexistent/x.json"], None).status.code(),
        Some(2)
    );
    // An existing output is not overwritten without --force.
    let mixed = seed("podman-mixed-oci-manifest.json");
    let dir = out_dir("overwrite");
    let dir_text = dir.to_str().unwrap();
    assert_eq!(
        ocilint(&["fix", "--unsafe", &mixed, "-o", dir_text], None)
            .status
            .code(),
        Some(0)
    );
    let again = ocilint(&["fix", "--unsafe", &mixed, "-o", dir_text], None);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = ocilint(
        &["fix", "--unsafe", &mixed, "-o", dir_text, "--force"],
        None,
    );
    assert_eq!(forced.status.code(), Some(0));
}

#[test]
fn only_applies_the_named_rules_and_platform_makes_platform_fixes_applicable() {
    let list = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
  "manifests": [
    {
      "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
      "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443",
      "size": 527
    }
  ]
}"#;
    let file = scratch("no-platform.json", list.as_bytes());
    let path = file.to_str().unwrap();
    // Without a platform the fix is display-only: nothing applied.
    let without = json(&ocilint(
        &["fix", "--unsafe", "--format", "json", path],
        None,
    ));
    assert_eq!(without["applied"], Value::Array(vec![]));
    let with = json(&ocilint(
        &[
            "fix",
            "--unsafe",
            "--only",
            "DKR008",
            "--platform",
            "linux/arm64/v8",
            "--format",
            "json",
            path,
        ],
        None,
    ));
    assert_eq!(with["applied"][0]["code"], "DKR008");
    let fixed: Value = serde_json::from_str(with["outputs"][0]["bytes"].as_str().unwrap()).unwrap();
    assert_eq!(fixed["manifests"][0]["platform"]["architecture"], "arm64");
    assert_eq!(fixed["manifests"][0]["platform"]["variant"], "v8");
    let other = json(&ocilint(
        &[
            "fix",
            "--unsafe",
            "--only",
            "MTF001",
            "--platform",
            "linux/arm64",
            "--format",
            "json",
            path,
        ],
        None,
    ));
    assert_eq!(other["applied"], Value::Array(vec![]));
}

#[test]
fn summaries_in_every_format() {
    let input = seed("gardenlinux-custom-layer.json");
    // SARIF: valid against the official schema, with the applied fix as a result and the
    // outputs as added artifacts.
    let sarif = ocilint(&["split", "--index", "--format", "sarif", &input], None);
    assert_eq!(sarif.status.code(), Some(0));
    let log = json(&sarif);
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "MAN008");
    let added = log["runs"][0]["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["roles"][0] == "added")
        .count();
    assert_eq!(added, 3);

    // A refusal in SARIF is an error result.
    let refused = ocilint(
        &["convert", "--to", "docker", "--format", "sarif", &input],
        None,
    );
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(json(&refused)["runs"][0]["results"][0]["level"], "error");

    // github: workflow commands; concise: one line per item.
    let github = ocilint(&["split", "--format", "github", &input], None);
    let text = String::from_utf8(github.stdout).unwrap();
    assert!(
        text.lines().all(|l| l.starts_with("::notice ")
            || l.starts_with("::warning ")
            || l.starts_with("::error ")),
        "{text}"
    );
    assert!(text.contains("title=MAN008::applied (unsafe)"), "{text}");
    let concise = ocilint(&["split", "--format", "concise", &input], None);
    let text = String::from_utf8(concise.stdout).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text
        .lines()
        .nth(1)
        .unwrap()
        .contains(": output image application/vnd.oci.image.manifest.v1+json sha256:"));
}

#[test]
fn converting_an_index_to_docker_needs_platforms_which_platform_supplies() {
    let index = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {
      "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
      "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443",
      "size": 527
    }
  ]
}"#;
    let file = scratch("index-no-platform.json", index.as_bytes());
    let path = file.to_str().unwrap();
    let refused = ocilint(
        &["convert", "--to", "docker", "--format", "json", path],
        None,
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(json(&refused)["refused"][0]["why"]
        .as_str()
        .unwrap()
        .contains("--platform"));
    let converted = ocilint(
        &[
            "convert",
            "--to",
            "docker",
            "--platform",
            "linux/amd64",
            "--format",
            "json",
            path,
        ],
        None,
    );
    assert_eq!(converted.status.code(), Some(0));
    let doc: Value =
        serde_json::from_str(json(&converted)["outputs"][0]["bytes"].as_str().unwrap()).unwrap();
    assert_eq!(
        doc["mediaType"],
        "application/vnd.docker.distribution.manifest.list.v2+json"
    );
    assert_eq!(doc["manifests"][0]["platform"]["architecture"], "amd64");
}

#[test]
fn a_loss_repeated_across_an_index_is_said_once_with_its_first_places() {
    let entries: Vec<String> = (0..5)
        .map(|i| {
            format!(
                r#"{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{}", "size": 527, "annotations": {{"org.opencontainers.image.ref.name": "v{i}"}}, "platform": {{"architecture": "amd64", "os": "linux"}}}}"#,
                sha256(format!("entry {i}").as_bytes())
            )
        })
        .collect();
    let index = format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{}]}}"#,
        entries.join(", ")
    );
    let file = scratch("index-annotated-entries.json", index.as_bytes());
    let dir = out_dir("annotated-entries");
    let path = file.to_str().unwrap();
    let dir_text = dir.display().to_string();
    let output = ocilint(&["convert", "--to", "docker", "-o", &dir_text, path], None);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|line| {
            line.contains(
                "lost `annotations` at 5 places: Docker descriptors have no `annotations`",
            )
        })
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(
        lines[start + 1..start + 5]
            .iter()
            .map(|line| line.trim())
            .collect::<Vec<_>>(),
        [
            "/manifests/0/annotations",
            "/manifests/1/annotations",
            "/manifests/2/annotations",
            "and 2 more (`--format json` lists every one)",
        ],
        "{text}"
    );
    // Each entry still names an OCI manifest, a different one each: named at each place.
    assert!(
        text.contains("lost at 5 places: that child was not given with this index"),
        "{text}"
    );
    assert_eq!(
        text.matches("still names an OCI manifest at /manifests/")
            .count(),
        3,
        "{text}"
    );
    // JSON keeps every loss.
    let report = rewrite(
        &["convert", "--to", "docker", path],
        &out_dir("annotated-entries-json"),
    );
    assert_eq!(report["losses"].as_array().unwrap().len(), 10);
}
