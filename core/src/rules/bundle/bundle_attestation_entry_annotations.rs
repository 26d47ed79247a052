//! BND004: an index entry names a BuildKit attestation manifest of the bundle without the
//! annotations that say so.

use super::super::prelude::*;
use crate::role::{self, Convention};
use crate::rules::bundle_context::{BundleContext, BundleEmitter};

declare_rule! {
    code: "BND004",
    name: "bundle-attestation-entry-annotations",
    severity: Warning,
    since: "0.1.0",
    summary: "An index entry that names a BuildKit attestation manifest must carry `vnd.docker.reference.type` and `vnd.docker.reference.digest`.",
    why: "BuildKit marks the index entry of each attestation manifest with \
          `vnd.docker.reference.type: attestation-manifest` and names the image it attests \
          in `vnd.docker.reference.digest`; `docker buildx imagetools inspect`, Docker \
          Scout and the registries' UIs find an image's provenance and SBOM only through \
          them, and every other reader is told to ignore the entry only by them. Tools that \
          rebuild an index from its entries without their annotations (`docker manifest \
          create`, older `manifest-tool`, hand-written scripts) leave an entry that is an \
          attestation by its content but an image by its descriptor: `unknown/unknown` shows \
          up as a platform, and the attestation hangs off nothing.",
    how_to_fix: "Copy the annotations over from the index BuildKit wrote (`docker buildx \
                 imagetools create` keeps them), or set \
                 `\"vnd.docker.reference.type\": \"attestation-manifest\"` and \
                 `\"vnd.docker.reference.digest\"` to the digest of the image entry the \
                 attestation is about (its in-toto statement's `subject`).",
    url: "https://github.com/moby/buildkit/blob/master/docs/attestations/attestation-storage.md#attestation-manifest-descriptor",
    examples: [
        invalid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143, "platform": {"architecture": "amd64", "os": "linux"}}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:1b63d818f77954d7319db3cc34af911085c564a4956bd655c0a2f75950d8709f", "size": 479, "platform": {"architecture": "unknown", "os": "unknown"}}]},
{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:a781560066f20ec9c28f2115a95a886e5e71c7c7aa9d8fd680678498b82f3ea3", "size": 123}, "layers": [{"mediaType": "application/vnd.in-toto+json", "digest": "sha256:133ae3f9bcc385295b66c2d83b28c25a9f294ce20954d5cf922dda860429734a", "size": 1234, "annotations": {"in-toto.io/predicate-type": "https://spdx.dev/Document"}}]}]"#),
        valid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143, "platform": {"architecture": "amd64", "os": "linux"}}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:1b63d818f77954d7319db3cc34af911085c564a4956bd655c0a2f75950d8709f", "size": 479, "annotations": {"vnd.docker.reference.digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "vnd.docker.reference.type": "attestation-manifest"}, "platform": {"architecture": "unknown", "os": "unknown"}}]},
{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:a781560066f20ec9c28f2115a95a886e5e71c7c7aa9d8fd680678498b82f3ea3", "size": 123}, "layers": [{"mediaType": "application/vnd.in-toto+json", "digest": "sha256:133ae3f9bcc385295b66c2d83b28c25a9f294ce20954d5cf922dda860429734a", "size": 1234, "annotations": {"in-toto.io/predicate-type": "https://spdx.dev/Document"}}]}]"#),
    ],
    check: Bundle(check),
}

fn check(ctx: &BundleContext<'_>, out: &mut BundleEmitter<'_>) {
    for link in &ctx.links {
        let parent = &ctx.documents[link.parent];
        let child = &ctx.documents[link.child];
        let buildkit = matches!(
            child.recognised.convention,
            Some(Convention::Buildkit | Convention::BuildkitReferrer)
        );
        if !parent.kind.is_index() || !buildkit {
            continue;
        }
        let annotations = link.descriptor.get("annotations").map(|a| &a.value);
        let reference_type = annotations
            .and_then(|a| a.get(role::REFERENCE_TYPE))
            .and_then(|m| m.value.as_str());
        if reference_type == Some(role::ATTESTATION_MANIFEST) {
            continue; // IDX008 judges what its reference names
        }
        let predicates = if child.recognised.predicate_types.is_empty() {
            String::new()
        } else {
            format!(" ({})", child.recognised.predicate_types.join(", "))
        };
        let (range, pointer) = match link.descriptor.get("digest") {
            Some(digest) => (digest.value.range, link.pointer.key("digest")),
            None => {
                let start = link.descriptor.range.start as usize;
                (TextRange::new(start, start + 1), link.pointer.clone())
            }
        };
        let said = match reference_type {
            Some(other) => format!("says `{}: {other}`", role::REFERENCE_TYPE),
            None => format!("has no `{}` annotation", role::REFERENCE_TYPE),
        };
        out.emit(
            link.parent,
            range,
            pointer,
            format!(
                "this entry names {}, a BuildKit attestation manifest{predicates}, but {said}: \
                 readers take it for an image and the attestation hangs off nothing",
                child.name
            ),
        );
    }
}
