//! `ocilint check --bundle`: what holds between documents checked together, and `fix` over
//! a bundle repairing it.

mod common;

use common::{json, ocilint, scratch};

const CONFIG: &str =
    r#"{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}"#;

fn manifest(config_digest: &str, size: usize) -> String {
    format!(
        r#"{{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {{
    "mediaType": "application/vnd.oci.image.config.v1+json",
    "digest": "{config_digest}",
    "size": {size}
  }},
  "layers": [
    {{
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca",
      "size": 29534055
    }}
  ]
}}"#
    )
}

fn digest_of(text: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("sha256:{:x}", Sha256::digest(text.as_bytes()))
}

fn codes(report: &serde_json::Value, file: usize) -> Vec<String> {
    report[file]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_stale_config_digest_and_a_wrong_size_are_reported_only_in_a_bundle() {
    let config = scratch("bundle-config.json", CONFIG.as_bytes());
    let stale = scratch(
        "bundle-stale.json",
        manifest(
            "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443",
            79,
        )
        .as_bytes(),
    );
    let wrong_size = scratch(
        "bundle-size.json",
        manifest(&digest_of(CONFIG), 80).as_bytes(),
    );
    let (config, stale, wrong_size) = (
        config.to_str().unwrap(),
        stale.to_str().unwrap(),
        wrong_size.to_str().unwrap(),
    );

    let alone = ocilint(&["check", "--format", "json", stale, config], None);
    assert_eq!(alone.status.code(), Some(0));

    let bundled = ocilint(
        &["check", "--bundle", "--format", "json", stale, config],
        None,
    );
    assert_eq!(bundled.status.code(), Some(1));
    let report = json(&bundled);
    assert_eq!(codes(&report, 0), ["BND001"]);
    let diagnostic = &report[0]["diagnostics"][0];
    assert_eq!(diagnostic["pointer"], "/config/digest");
    assert!(diagnostic["message"]
        .as_str()
        .unwrap()
        .contains(&digest_of(CONFIG)));
    assert_eq!(diagnostic["fix"]["safety"], "unsafe");

    let sized = json(&ocilint(
        &["check", "--bundle", "--format", "json", wrong_size, config],
        None,
    ));
    assert_eq!(codes(&sized, 0), ["BND002"]);
    assert_eq!(sized[0]["diagnostics"][0]["fix"]["safety"], "safe");

    // `fix` over the bundle repairs the parent; the repaired bundle checks clean.
    let dir = std::path::Path::new(stale).with_file_name("bundle-out");
    let _ = std::fs::remove_dir_all(&dir);
    let fixed = json(&ocilint(
        &[
            "fix",
            "--unsafe",
            "--format",
            "json",
            "-o",
            dir.to_str().unwrap(),
            stale,
            config,
        ],
        None,
    ));
    assert_eq!(fixed["applied"][0]["code"], "BND001");
    let output = dir.join(fixed["outputs"][0]["name"].as_str().unwrap());
    let again = ocilint(
        &[
            "check",
            "--bundle",
            "--format",
            "json",
            output.to_str().unwrap(),
            config,
        ],
        None,
    );
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
}

#[test]
fn an_index_entry_with_a_stale_media_type_is_a_conflict() {
    let child = manifest(&digest_of(CONFIG), 79);
    let index = format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": "{}", "size": {}, "platform": {{"architecture": "amd64", "os": "linux"}}}}]}}"#,
        digest_of(&child),
        child.len()
    );
    let index = scratch("conflict-index.json", index.as_bytes());
    let child = scratch("conflict-child.json", child.as_bytes());
    let report = json(&ocilint(
        &[
            "check",
            "--bundle",
            "--format",
            "json",
            index.to_str().unwrap(),
            child.to_str().unwrap(),
        ],
        None,
    ));
    assert!(
        codes(&report, 0).contains(&"BND003".to_owned()),
        "{:?}",
        codes(&report, 0)
    );
}

/// What hangs off a document is shown under it too, naming the file that states the link:
/// ORAS's own registry content, an artifact, its SBOM referrer and that one's signature.
#[test]
fn what_hangs_off_a_document_is_gathered_under_it() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/attachments/oras");
    let files: Vec<String> = [
        "foobar.json",
        "sbom-referrer.json",
        "signature-referrer.json",
    ]
    .iter()
    .map(|name| dir.join(name).to_str().unwrap().to_owned())
    .collect();
    let mut args = vec!["check", "--bundle"];
    args.extend(files.iter().map(String::as_str));
    let output = ocilint(&args, None);
    let text = String::from_utf8_lossy(&output.stdout);
    let foobar = text
        .find("foobar.json: oci-manifest")
        .expect("foobar's report");
    let sbom = text
        .find("sbom-referrer.json: oci-manifest")
        .expect("the SBOM's report");
    let under_foobar = &text[foobar..sbom];
    assert!(
        under_foobar.contains(&format!(
            "Hanging off it:\n    └─ artifact sha256:e2c6633a7998… (oci-artifact; via subject; artifactType test/sbom.file) at {} /subject\n",
            files[1]
        )),
        "{text}"
    );
    // The signature hangs off the SBOM referrer: one level down the same tree.
    assert!(
        under_foobar.contains(&format!(
            "/subject\n       └─ artifact sha256:0cb8c4da7e9f… (oci-artifact; via subject; artifactType test/signature.file) at {} /subject\n",
            files[2]
        )),
        "{text}"
    );
    let under_signature = &text[text.find("signature-referrer.json: oci-manifest").unwrap()..];
    assert!(!under_signature.contains("Hanging off it:"), "{text}");
}
