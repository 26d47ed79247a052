//! IDX008: a BuildKit attestation entry points at an image of the same index and is marked
//! `unknown/unknown`.

use super::super::prelude::*;
use super::super::DescriptorRole;
use foldhash::{HashMap, HashMapExt as _};

declare_rule! {
    code: "IDX008",
    name: "index-attestation-reference",
    severity: Warning,
    since: "0.1.0",
    summary: "A BuildKit attestation entry names an image of the same index and has platform `unknown/unknown`.",
    why: "BuildKit stores SBOM and provenance attestations as extra index entries annotated \
          `vnd.docker.reference.type: attestation-manifest`, with \
          `vnd.docker.reference.digest` set to the digest of the image entry they attest, \
          and platform `unknown/unknown` \"to prevent container runtimes from accidentally \
          pulling or running the image described in the manifest\". `docker buildx \
          imagetools`, Docker Scout and other verifiers find an image's attestations only \
          through that digest, so a missing or dangling one (typically after an index was \
          rebuilt or images were removed from it) leaves the attestation orphaned, and \
          any other platform lets runtimes pick the attestation as an image.",
    how_to_fix: "Set `vnd.docker.reference.digest` to the digest of the image entry in \
                 this index that the attestation describes, give the entry \
                 `\"platform\": {\"architecture\": \"unknown\", \"os\": \"unknown\"}`, or \
                 drop attestations whose image is no longer in the index.",
    url: "https://github.com/moby/buildkit/blob/master/docs/attestations/attestation-storage.md",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143, "platform": {"architecture": "amd64", "os": "linux"}}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5003a58c58d300b63dde62d24c40e56f0c12a23127373be0bfce904cfaf6cf46", "size": 566, "annotations": {"vnd.docker.reference.digest": "sha256:9c74df62b4d5722f86c31ce8319f047bdced5af0da2e9403fb3154d2599736cd", "vnd.docker.reference.type": "attestation-manifest"}, "platform": {"architecture": "unknown", "os": "unknown"}}]}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143, "platform": {"architecture": "amd64", "os": "linux"}}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5003a58c58d300b63dde62d24c40e56f0c12a23127373be0bfce904cfaf6cf46", "size": 566, "annotations": {"vnd.docker.reference.digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "vnd.docker.reference.type": "attestation-manifest"}, "platform": {"architecture": "amd64", "os": "linux"}}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143, "platform": {"architecture": "amd64", "os": "linux"}}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5003a58c58d300b63dde62d24c40e56f0c12a23127373be0bfce904cfaf6cf46", "size": 566, "annotations": {"vnd.docker.reference.digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "vnd.docker.reference.type": "attestation-manifest"}, "platform": {"architecture": "unknown", "os": "unknown"}}]}"#),
    ],
    check: Document(check),
}

const REFERENCE_TYPE: &str = "vnd.docker.reference.type";
const REFERENCE_DIGEST: &str = "vnd.docker.reference.digest";

fn text<'a>(node: &'a Node<'a>, key: &str) -> Option<&'a str> {
    node.get(key).and_then(|m| m.value.as_str())
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !ctx.kind.is_index() {
        return;
    }
    let entries: Vec<_> = ctx
        .descriptors()
        .iter()
        .filter(|site| site.role == DescriptorRole::Manifest)
        .collect();
    // How many entries carry each digest.
    let mut digests: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
    for site in &entries {
        if let Some(digest) = text(site.node, "digest") {
            *digests.entry(digest).or_default() += 1;
        }
    }
    for site in &entries {
        let Some(annotations) = site.annotations().filter(|a| a.value.is_object()) else {
            continue;
        };
        let Some(reference_type) = annotations.value.get(REFERENCE_TYPE) else {
            continue;
        };
        if reference_type.value.as_str() != Some("attestation-manifest") {
            continue; // any other value only means "not an image": nothing to check
        }
        let annotations_pointer = site.pointer.part(Part::Annotations);

        match annotations.value.get(REFERENCE_DIGEST) {
            None => {
                out.emit(
                    ctx.key_range(reference_type),
                    annotations_pointer.key(REFERENCE_TYPE),
                    format!(
                        "this attestation has no `{REFERENCE_DIGEST}`, so no tool can tell which \
                         image of the index it attests"
                    ),
                );
            }
            Some(member) => {
                if let Some(target) = member.value.as_str() {
                    let own = usize::from(text(site.node, "digest") == Some(target));
                    let found = digests.get(target).copied().unwrap_or(0) > own;
                    if !found {
                        out.emit(
                            member.value.range,
                            annotations_pointer.key(REFERENCE_DIGEST),
                            "no other entry of this index has this digest, so the attestation \
                             is orphaned: tools look for an image's attestations in the same \
                             index",
                        );
                    }
                }
            }
        }

        let platform = site.platform();
        let unknown = platform.is_some_and(|p| {
            text(&p.value, "os") == Some("unknown")
                && text(&p.value, "architecture") == Some("unknown")
        });
        if unknown {
            continue;
        }
        match platform {
            Some(member) => {
                out.emit(
                    member.value.range,
                    site.pointer.part(Part::Platform),
                    "an attestation entry should have platform `unknown/unknown`; with a real \
                     platform, runtimes may pick the attestation as the image for it",
                );
            }
            None => {
                let start = site.node.range.start as usize;
                out.emit(
                    TextRange::new(start, start + 1),
                    site.pointer,
                    "this attestation entry has no `platform`; BuildKit writes `unknown/unknown` \
                     so that runtimes never consider it, while an entry without platform \
                     matches every platform for containerd",
                );
            }
        }
    }
}
