//! Registry profiles' refusals, exercised through the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const DOCKER_V2: &str = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
  "config": {
    "mediaType": "application/vnd.docker.container.image.v1+json",
    "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443",
    "size": 2297
  },
  "layers": [
    {
      "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
      "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca",
      "size": 29534055
    }
  ]
}
"#;

/// BuildKit's registry cache in the "manifest list" layout: index entries that are blobs.
const CACHE_INDEX: &str = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca",
      "size": 29534055
    }
  ]
}
"#;

const OCI_WITHOUT_MEDIA_TYPE: &str = r#"{
  "schemaVersion": 2,
  "config": {
    "mediaType": "application/vnd.oci.image.config.v1+json",
    "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443",
    "size": 2297
  },
  "layers": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca",
      "size": 29534055
    }
  ]
}
"#;

fn scratch(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ocilint-registries-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write input");
    path
}

fn check(targets: &str, path: &Path) -> (Output, Vec<Value>) {
    let output = Command::new(env!("CARGO_BIN_EXE_ocilint"))
        .args([
            "check",
            "--format",
            "json",
            "--target",
            targets,
            path.to_str().unwrap(),
        ])
        .output()
        .expect("run ocilint");
    let reports: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    let targets = reports[0]["targets"].as_array().expect("targets").clone();
    (output, targets)
}

fn verdict<'t>(targets: &'t [Value], name: &str, version: &str) -> &'t Value {
    targets
        .iter()
        .find(|t| t["target"] == name && t["version"] == version)
        .unwrap_or_else(|| panic!("no verdict for {name}@{version}: {targets:?}"))
}

#[test]
fn zot_refuses_docker_media_types_unless_in_docker2s2_compat() {
    let path = scratch("docker-v2.json", DOCKER_V2);
    let (output, targets) = check("zot,zot@docker2s2", &path);
    assert_eq!(output.status.code(), Some(1));
    let oci = verdict(&targets, "zot", "oci");
    assert_eq!(oci["operation"], "push");
    assert_eq!(oci["verdict"], "reject");
    // zot's model: the Content-Type compared as a string, answered 415 with the header as
    // the detail's `mediaType` (pkg/api/routes.go@6d19b44 UpdateManifest).
    assert_eq!(
        oci["message"],
        "MANIFEST_INVALID: manifest invalid; map[description:During upload, manifests undergo several checks ensuring validity. If those checks fail, this error MAY be returned, unless a more specific error is included. The detail will contain information the failed validation. mediaType:application/vnd.docker.distribution.manifest.v2+json]"
    );
    assert_eq!(oci["basis"], "model");
    assert_eq!(oci["step"], "check Content-Type");
    // A property of the document, not a rule's finding.
    assert_eq!(oci["codes"], serde_json::json!([]));
    assert!(oci["source"]
        .as_str()
        .unwrap()
        .contains("project-zot/zot @6d19b44"));
    assert_eq!(verdict(&targets, "zot", "docker2s2")["verdict"], "accept");
}

#[test]
fn a_cache_index_of_blobs_splits_the_registries() {
    let path = scratch("cache-index.json", CACHE_INDEX);
    let (output, targets) = check("harbor,gar,gar@gcr,ecr,ghcr", &path);
    assert_eq!(output.status.code(), Some(1));
    let harbor = verdict(&targets, "harbor", "v2");
    assert_eq!(harbor["verdict"], "reject");
    // Harbor's model: the registry holds the layer, but only a manifest becomes an artifact.
    assert_eq!(
        harbor["message"],
        "NOT_FOUND: artifact <project>/<repo>@sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca not found"
    );
    assert_eq!(harbor["basis"], "model");
    assert_eq!(harbor["step"], "record artifact");
    assert_eq!(harbor["codes"], serde_json::json!(["IDX003"]));
    assert_eq!(harbor["pointers"][0], "/manifests/0/mediaType");
    assert!(harbor["source"]
        .as_str()
        .unwrap()
        .contains("src/controller/artifact/manifest/index.go"));
    let gcr = verdict(&targets, "gar", "gcr");
    assert_eq!(gcr["verdict"], "reject");
    assert_eq!(gcr["message"], "400 Bad Request");
    assert_eq!(gcr["codes"], serde_json::json!(["IDX003"]));
    let ecr = verdict(&targets, "ecr", "2024");
    assert_eq!(ecr["verdict"], "reject");
    assert_eq!(ecr["codes"], serde_json::json!(["IDX003"]));
    for (name, version) in [("gar", "gar"), ("ghcr", "2026")] {
        let accepted = verdict(&targets, name, version);
        assert_eq!(accepted["verdict"], "accept", "{name}");
        assert_eq!(accepted["codes"], serde_json::json!(["IDX003"]), "{name}");
    }
}

#[test]
fn ecr_before_oci_1_1_refused_a_manifest_without_media_type() {
    let path = scratch("no-media-type.json", OCI_WITHOUT_MEDIA_TYPE);
    let (output, targets) = check("ecr@2023,ecr", &path);
    assert_eq!(output.status.code(), Some(1));
    let old = verdict(&targets, "ecr", "2023");
    assert_eq!(old["verdict"], "reject");
    assert_eq!(
        old["message"],
        "UNSUPPORTED: Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'"
    );
    assert_eq!(old["codes"], serde_json::json!(["MTF001"]));
    assert!(old["source"]
        .as_str()
        .unwrap()
        .contains("containers/image#584"));
    let current = verdict(&targets, "ecr", "2024");
    assert_eq!(current["verdict"], "accept");
    let (accepted, _) = check("ecr", &path);
    assert_eq!(accepted.status.code(), Some(0));
}
