//! kaniko and BuildKit verdicts on the seed stories' documents, through the real binary.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

/// ubuntu:22.04 in OCI format, the base image of the kaniko warmed-cache story (kaniko#2423).
const KANIKO_OCI_BASE: &str = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {
    "mediaType": "application/vnd.oci.image.config.v1+json",
    "size": 2297,
    "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443"
  },
  "layers": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "size": 29534055,
      "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca"
    }
  ]
}
"#;

/// The `--oci-layout-path` index of the same story: OCI index, Docker child, no platform.
const KANIKO_LAYOUT_INDEX: &str = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {
      "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
      "size": 407,
      "digest": "sha256:5c8a7c5d81ce01fa001bad84905be012c3187fe9efdf937055b5c95d932edb19"
    }
  ]
}
"#;

/// BuildKit's registry cache with `oci-mediatypes=false` (docker/buildx, moby/buildkit#1550).
const BUILDKIT_CACHE_LIST: &str = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
  "manifests": [
    {
      "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
      "digest": "sha256:6910e5a164f725142d77994b247ba20040477fbab49a721bdbe8d61cf855ac23",
      "size": 74866818,
      "annotations": {
        "buildkit/createdat": "2020-06-30T16:01:07.973893119+02:00",
        "containerd.io/uncompressed": "sha256:eb29745b8228e1e97c01b1d5c2554a319c00a94d8dd5746a3904222ad65a13f8"
      }
    },
    {
      "mediaType": "application/vnd.buildkit.cacheconfig.v0",
      "digest": "sha256:35ae7bb4b38b03d69b5bf59d996a9ac84c4a7584a61fcfdd990009820d6830a0",
      "size": 841
    }
  ]
}
"#;

/// The same cache with `oci-mediatypes=true` (the default since v0.8).
const BUILDKIT_CACHE_INDEX: &str = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": "sha256:6910e5a164f725142d77994b247ba20040477fbab49a721bdbe8d61cf855ac23",
      "size": 74866818
    },
    {
      "mediaType": "application/vnd.buildkit.cacheconfig.v0",
      "digest": "sha256:35ae7bb4b38b03d69b5bf59d996a9ac84c4a7584a61fcfdd990009820d6830a0",
      "size": 841
    }
  ]
}
"#;

/// The cache with `image-manifest=true` (v0.12, the default since v0.21).
const BUILDKIT_CACHE_MANIFEST: &str = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {
    "mediaType": "application/vnd.buildkit.cacheconfig.v0",
    "digest": "sha256:35ae7bb4b38b03d69b5bf59d996a9ac84c4a7584a61fcfdd990009820d6830a0",
    "size": 841
  },
  "layers": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": "sha256:6910e5a164f725142d77994b247ba20040477fbab49a721bdbe8d61cf855ac23",
      "size": 74866818
    }
  ]
}
"#;

const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
const CACHE_AS_IMAGE: &str = "imported as a registry cache (--cache-from); pulled as an image: buildkit reference for unknown type: application/vnd.buildkit.cacheconfig.v0";

fn scratch(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ocilint-clients-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write input");
    path
}

fn check(name: &str, document: &str, extra: &[&str]) -> (Output, Vec<Value>) {
    let path = scratch(name, document);
    let output = Command::new(env!("CARGO_BIN_EXE_ocilint"))
        .args(["check", "--format", "json"])
        .args(extra)
        .arg(&path)
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

fn find<'t>(targets: &'t [Value], target: &str, version: &str, operation: &str) -> &'t Value {
    targets
        .iter()
        .find(|t| t["target"] == target && t["version"] == version && t["operation"] == operation)
        .unwrap_or_else(|| panic!("no {target}@{version} {operation} in {targets:?}"))
}

fn codes(verdict: &Value) -> Vec<&str> {
    verdict["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect()
}

#[test]
fn kaniko_pushes_an_oci_body_with_a_docker_content_type_and_is_refused() {
    let (output, targets) = check(
        "kaniko-warm.json",
        KANIKO_OCI_BASE,
        &["--target", "kaniko", "--content-type", DOCKER_MANIFEST],
    );
    assert_eq!(output.status.code(), Some(1));
    let push = find(&targets, "kaniko", "2025-06", "push");
    assert_eq!(push["verdict"], "reject");
    assert!(push["message"]
        .as_str()
        .unwrap()
        .contains("MANIFEST_INVALID: manifest invalid; mediaType in manifest should be"));
    assert_eq!(codes(push), ["DOC003"]);
    assert!(push["source"].as_str().unwrap().contains("kaniko#2423"));
    let pull = find(&targets, "kaniko", "2025-06", "pull");
    assert_eq!(pull["verdict"], "warn");
    assert!(pull["message"]
        .as_str()
        .unwrap()
        .starts_with("read as the Content-Type's type"));
    assert_eq!(codes(pull), ["DOC003"]);
}

#[test]
fn kaniko_accepts_the_same_document_sent_with_its_own_type() {
    let (output, targets) = check("kaniko-ok.json", KANIKO_OCI_BASE, &["--target", "kaniko"]);
    assert_eq!(output.status.code(), Some(0));
    for operation in ["pull", "push"] {
        let verdict = find(&targets, "kaniko", "2025-06", operation);
        assert_eq!(verdict["verdict"], "accept", "{operation}");
        assert!(verdict["message"].is_null());
        assert!(codes(verdict).is_empty());
    }
}

#[test]
fn kaniko_assumes_amd64_linux_for_entries_without_platform() {
    let (output, targets) = check(
        "kaniko-layout.json",
        KANIKO_LAYOUT_INDEX,
        &["--target", "kaniko"],
    );
    assert_eq!(output.status.code(), Some(0));
    let pull = find(&targets, "kaniko", "2025-06", "pull");
    assert_eq!(pull["verdict"], "warn");
    assert_eq!(
        pull["message"],
        "If platform is missing from child descriptor, assume it's amd64/linux."
    );
    assert_eq!(codes(pull), ["IDX004"]);

    let (output, targets) = check(
        "kaniko-cache-list.json",
        BUILDKIT_CACHE_LIST,
        &["--target", "kaniko"],
    );
    assert_eq!(output.status.code(), Some(1));
    let pull = find(&targets, "kaniko", "2025-06", "pull");
    assert_eq!(pull["verdict"], "warn");
    assert_eq!(codes(pull), ["DKR008", "DKR008"]);
    // No evidence of what kaniko does when it pushes such a list.
    assert_eq!(
        find(&targets, "kaniko", "2025-06", "push")["verdict"],
        "unknown"
    );
}

#[test]
fn buildkit_reads_its_cache_lists_as_caches_not_as_images() {
    for (name, document, code) in [
        ("bk-list.json", BUILDKIT_CACHE_LIST, "DKR009"),
        ("bk-index.json", BUILDKIT_CACHE_INDEX, "IDX003"),
    ] {
        let (_, targets) = check(name, document, &["--target", "buildkit,buildkit@0.11"]);
        for version in ["0.12", "0.11"] {
            let pull = find(&targets, "buildkit", version, "pull");
            assert_eq!(pull["verdict"], "warn", "{name} {version}");
            assert_eq!(pull["message"], CACHE_AS_IMAGE, "{name} {version}");
            assert_eq!(codes(pull), [code, code], "{name} {version}");
            assert!(pull["source"]
                .as_str()
                .unwrap()
                .contains("moby/buildkit#1043"));
        }
    }
}

#[test]
fn buildkit_before_0_12_cannot_import_an_image_manifest_cache() {
    let (output, targets) = check(
        "bk-manifest.json",
        BUILDKIT_CACHE_MANIFEST,
        &["--target", "buildkit,buildkit@0.11"],
    );
    assert_eq!(output.status.code(), Some(0));
    let current = find(&targets, "buildkit", "0.12", "pull");
    assert_eq!(current["verdict"], "accept");
    let old = find(&targets, "buildkit", "0.11", "pull");
    assert_eq!(old["verdict"], "warn");
    assert_eq!(
        old["message"],
        "as --cache-from: invalid image with mismatching manifest and config (nothing imported: image-manifest caches need v0.12)"
    );
    assert!(codes(old).is_empty());
}

/// A modelled client says which of its steps decided, ocilint's finding where it stopped, and
/// what the verdict holds on; a behaviour table says it is one.
#[test]
fn modelled_verdicts_carry_their_basis_step_and_condition() {
    let (_, targets) = check(
        "kaniko-base-modelled.json",
        KANIKO_OCI_BASE,
        &["--target", "podman@4.3,podman@2025,kaniko,containerd@1.6"],
    );
    let pulled = find(&targets, "podman", "4.3", "pull");
    assert_eq!(pulled["verdict"], "accept");
    assert_eq!(pulled["basis"], "model");
    assert_eq!(pulled["step"], "commit to storage");
    let condition = pulled["condition"].as_str().expect("a condition");
    assert!(
        condition
            .contains("sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca"),
        "{condition}"
    );
    // No `--content-type`: taken as sent with its own type, and said.
    assert!(
        condition.starts_with(
            "it is sent with Content-Type application/vnd.oci.image.manifest.v1+json (none was given)"
        ),
        "{condition}"
    );
    assert_eq!(find(&targets, "podman", "4.3", "copy")["basis"], "model");
    // podman@2025 is modelled from its code too (containers/image after mid-2025).
    let later = find(&targets, "podman", "2025", "pull");
    assert_eq!(later["basis"], "model");
    assert_eq!(later["step"], "commit to storage");
    let table = find(&targets, "kaniko", "2025-06", "pull");
    assert_eq!(table["basis"], "report");
    assert!(table["step"].is_null() && table["condition"].is_null());

    let broken = KANIKO_OCI_BASE.replace("\"size\": 2297", "\"size\": \"2297\"");
    let path = scratch("kaniko-base-size-string.json", &broken);
    let output = Command::new(env!("CARGO_BIN_EXE_ocilint"))
        .args(["check", "--target", "containerd@1.6"])
        .arg(&path)
        .output()
        .expect("run ocilint");
    let human = String::from_utf8_lossy(&output.stdout);
    assert!(
        human.contains(
            "containerd@1.6 pull: ctr: json: cannot unmarshal string into Go struct field Descriptor.config.size of type int64 [DSC001] (model: decode)"
        ),
        "{human}"
    );
}
