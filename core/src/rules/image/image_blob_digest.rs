//! IMG004: A blob's bytes must have the digest its descriptor (and its path) names.

use super::super::prelude::*;
use crate::rules::image_context::{BlobStatus, ImageContext, ImageEmitter};

declare_rule! {
    code: "IMG004",
    name: "image-blob-digest",
    severity: Error,
    since: "0.1.0",
    summary: "A blob's bytes must have the digest its descriptor (and its path) names.",
    why: "The digest is the blob's identity: every loader hashes what it reads and refuses a mismatch (`digest mismatch`, `unexpected commit digest`). A blob whose bytes changed (bit rot, a corrupted download, an edited file) is corrupt even when its size is right.",
    how_to_fix: "Copy the blob again from its source. If the file was edited on purpose, it is a new blob: store it under its new digest and update the descriptors that name it (`ocilint fix` cascades the new digests).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"{"oci-layout": {"imageLayoutVersion": "1.0.0"},
"index.json": {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:2b23c3983d1796304d72cbc9c22505563579496a32f9cd9a6b71ef33d65941e0", "size": 259}]},
"blobs/sha256/2b23c3983d1796304d72cbc9c22505563579496a32f9cd9a6b71ef33d65941e0": {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0", "size": 86}, "layers": []},
"blobs/sha256/519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}}"#),
        valid(examples::OCI_LAYOUT_ONE_IMAGE),
    ],
    check: Image(check),
}

fn check(ctx: &ImageContext, out: &mut ImageEmitter<'_>) {
    for blob in ctx.blobs_with(BlobStatus::DigestMismatch) {
        out.emit(
            &blob.site,
            format!(
                "{} does not have the digest {}: its bytes hash to {}",
                blob.file,
                blob.digest,
                blob.found_digest.as_deref().unwrap_or("?")
            ),
        );
    }
}
