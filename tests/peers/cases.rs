//! The cases: the seed fixtures and the problem documents, and how each is made real (its
//! descriptors pointed at real blobs and child manifests pushed to the same repository).

use serde_json::{json, Value};

use crate::blobs::{self, sha256};
use crate::registry::Client;

use ocilint_core::spec::media_types::{
    DOCKER_CONFIG, DOCKER_LAYER_GZIP as DOCKER_LAYER, DOCKER_MANIFEST,
    DOCKER_MANIFEST_LIST as DOCKER_LIST, OCI_CONFIG, OCI_EMPTY as EMPTY, OCI_INDEX,
    OCI_LAYER_GZIP as OCI_LAYER, OCI_MANIFEST,
};

#[derive(Debug)]
pub(crate) struct Case {
    pub(crate) name: String,
    pub(crate) about: &'static str,
    pub(crate) content_type: String,
    doc: Value,
}

/// The document as pushed.
#[derive(Debug)]
pub(crate) struct Pushed {
    pub(crate) bytes: Vec<u8>,
    pub(crate) digest: String,
}

fn seed(file: &str) -> Value {
    let path = ocilint_tests::fixture(&format!("seeds/{file}"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).expect("seed JSON")
}

fn case(name: &str, about: &'static str, content_type: &str, doc: Value) -> Case {
    Case {
        name: name.to_owned(),
        about,
        content_type: content_type.to_owned(),
        doc,
    }
}

/// A plain, consistent image manifest of the given type (placeholder digests).
fn image(manifest_type: &str) -> Value {
    let (config, layer) = if manifest_type == DOCKER_MANIFEST {
        (DOCKER_CONFIG, DOCKER_LAYER)
    } else {
        (OCI_CONFIG, OCI_LAYER)
    };
    json!({
        "schemaVersion": 2,
        "mediaType": manifest_type,
        "config": {"mediaType": config, "size": 0, "digest": "sha256:0"},
        "layers": [{"mediaType": layer, "size": 0, "digest": "sha256:0"}],
    })
}

pub(crate) fn all() -> Vec<Case> {
    let mut oversized = image(OCI_MANIFEST);
    oversized["annotations"] = json!({"org.example.padding": "x".repeat(4 * 1024 * 1024 + 1024)});

    let mut with_subject = image(OCI_MANIFEST);
    with_subject["subject"] = json!({"mediaType": OCI_MANIFEST, "size": 0, "digest": "sha256:0"});

    let mut ambiguous = image(OCI_MANIFEST);
    ambiguous.as_object_mut().unwrap().remove("mediaType");
    ambiguous["manifests"] = json!([{
        "mediaType": OCI_MANIFEST, "size": 0, "digest": "sha256:0",
        "platform": {"architecture": "amd64", "os": "linux"},
    }]);

    vec![
        case(
            "kaniko-oci-manifest",
            "seed: kaniko's OCI ubuntu:22.04 manifest, pushed with its own (OCI) Content-Type",
            OCI_MANIFEST,
            seed("kaniko-oci-manifest.json"),
        ),
        case(
            "kaniko-docker-manifest",
            "seed: the Docker form of the same image",
            DOCKER_MANIFEST,
            seed("kaniko-docker-manifest.json"),
        ),
        case(
            "kaniko-oci-body-docker-header",
            "Content-Type differs from the body's mediaType: OCI body, Docker header (kaniko #2423)",
            DOCKER_MANIFEST,
            seed("kaniko-oci-manifest.json"),
        ),
        case(
            "buildkit-cache-list",
            "seed: BuildKit registry cache, a Docker list of layers and a cacheconfig blob (buildkit #1550)",
            DOCKER_LIST,
            seed("buildkit-cache-list.json"),
        ),
        case(
            "podman-mixed-oci-manifest",
            "seed: OCI manifest with Docker config and layer types (podman #22196)",
            OCI_MANIFEST,
            seed("podman-mixed-oci-manifest.json"),
        ),
        case(
            "docker-list-of-oci-manifests",
            "seed: Docker manifest list whose children are OCI manifests (podman #22196)",
            DOCKER_LIST,
            seed("docker-list-of-oci-manifests.json"),
        ),
        case(
            "gardenlinux-custom-layer",
            "seed: image manifest with an application/io.gardenlinux.release layer",
            OCI_MANIFEST,
            seed("gardenlinux-custom-layer.json"),
        ),
        case(
            "docker-list-no-platform",
            "Docker manifest list whose only entry (a Docker image) has no platform",
            DOCKER_LIST,
            json!({
                "schemaVersion": 2,
                "mediaType": DOCKER_LIST,
                "manifests": [{"mediaType": DOCKER_MANIFEST, "size": 0, "digest": "sha256:0"}],
            }),
        ),
        case(
            "oci-artifact-empty-config",
            "OCI artifact: artifactType and the empty config",
            OCI_MANIFEST,
            json!({
                "schemaVersion": 2,
                "mediaType": OCI_MANIFEST,
                "artifactType": "application/vnd.example.sbom.v1+json",
                "config": {"mediaType": EMPTY, "size": 2, "digest": "sha256:0"},
                "layers": [{"mediaType": "application/vnd.example.sbom.v1+json", "size": 0, "digest": "sha256:0"}],
            }),
        ),
        case(
            "oci-manifest-with-subject",
            "OCI image manifest with a subject pointing at another image in the repository",
            OCI_MANIFEST,
            with_subject,
        ),
        case(
            "oversized-manifest",
            "OCI image manifest over 4 MiB (a 4 MiB annotation)",
            OCI_MANIFEST,
            oversized,
        ),
        case(
            "ambiguous-as-manifest",
            "no mediaType, both config/layers and manifests; pushed as an OCI manifest",
            OCI_MANIFEST,
            ambiguous.clone(),
        ),
        case(
            "ambiguous-as-index",
            "the same ambiguous document pushed as an OCI index",
            OCI_INDEX,
            ambiguous,
        ),
    ]
}

fn is_tar(media_type: &str) -> bool {
    media_type.contains(".tar") || media_type.contains("rootfs.diff")
}

fn is_image_manifest(media_type: &str) -> bool {
    media_type == OCI_MANIFEST || media_type == DOCKER_MANIFEST
}

fn set_descriptor(descriptor: &mut Value, digest: String, size: usize) {
    descriptor["digest"] = Value::String(digest);
    descriptor["size"] = json!(size);
}

/// Uploads the blob a layer-like descriptor of `media_type` names: the real gzip'd tar for tar
/// types, else a few bytes of text; returns (digest, size, diff_id).
/// `salt` makes each position's blob distinct, so that no two entries share a digest.
fn layer_blob(reg: &Client, repo: &str, media_type: &str, salt: usize) -> (String, usize, String) {
    if is_tar(media_type) {
        let (gz, diff_id) = blobs::layer(&format!("{repo} #{salt}"));
        (reg.blob(repo, &gz), gz.len(), diff_id)
    } else {
        let bytes = format!("ocilint peers: blob #{salt} of type {media_type}\n").into_bytes();
        let digest = reg.blob(repo, &bytes);
        (digest.clone(), bytes.len(), digest)
    }
}

/// Pushes a manifest by digest (a child of a list or a subject); returns (digest, size).
fn push_child(reg: &Client, repo: &str, mut doc: Value, architecture: &str) -> (String, usize) {
    let media_type = doc["mediaType"].as_str().unwrap_or(OCI_MANIFEST).to_owned();
    make_real(reg, repo, &mut doc, architecture);
    let bytes = serde_json::to_vec_pretty(&doc).unwrap();
    let digest = sha256(&bytes);
    let (status, body) = reg.put_manifest(repo, &digest, &media_type, &bytes);
    assert!(
        (200..300).contains(&status),
        "pushing a child manifest to {repo}: {status} {body}"
    );
    (digest, bytes.len())
}

/// Points every descriptor of `doc` at real content in `repo`.
fn make_real(reg: &Client, repo: &str, doc: &mut Value, architecture: &str) {
    let mut diff_ids = Vec::new();
    if let Some(layers) = doc.get_mut("layers").and_then(Value::as_array_mut) {
        for (i, layer) in layers.iter_mut().enumerate() {
            let media_type = layer["mediaType"].as_str().unwrap_or("").to_owned();
            let (digest, size, diff_id) = layer_blob(reg, repo, &media_type, i);
            diff_ids.push(diff_id);
            set_descriptor(layer, digest, size);
        }
    }
    if let Some(config) = doc.get_mut("config") {
        let bytes = if config["mediaType"] == EMPTY {
            b"{}".to_vec()
        } else {
            blobs::config(architecture, &diff_ids)
        };
        let digest = reg.blob(repo, &bytes);
        set_descriptor(config, digest, bytes.len());
    }
    if let Some(entries) = doc.get_mut("manifests").and_then(Value::as_array_mut) {
        for (i, entry) in entries.iter_mut().enumerate() {
            let media_type = entry["mediaType"].as_str().unwrap_or("").to_owned();
            if is_image_manifest(&media_type) {
                let arch = entry["platform"]["architecture"]
                    .as_str()
                    .unwrap_or("amd64")
                    .to_owned();
                let (digest, size) = push_child(reg, repo, image(&media_type), &arch);
                set_descriptor(entry, digest, size);
            } else {
                let (digest, size, diff_id) = layer_blob(reg, repo, &media_type, i);
                if let Some(a) = entry.get_mut("annotations") {
                    if a.get("containerd.io/uncompressed").is_some() {
                        a["containerd.io/uncompressed"] = Value::String(diff_id);
                    }
                }
                set_descriptor(entry, digest, size);
            }
        }
    }
    if let Some(subject) = doc.get_mut("subject") {
        let (digest, size) = push_child(reg, repo, image(OCI_MANIFEST), architecture);
        set_descriptor(subject, digest, size);
    }
}

pub(crate) fn realize(reg: &Client, repo: &str, case: &Case) -> Pushed {
    let mut doc = case.doc.clone();
    make_real(reg, repo, &mut doc, "amd64");
    let bytes = serde_json::to_vec_pretty(&doc).unwrap();
    Pushed {
        digest: sha256(&bytes),
        bytes,
    }
}
