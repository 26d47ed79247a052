//! IMG003: A blob in the layout must be exactly as long as its descriptor's `size`.

use super::super::prelude::*;
use crate::rules::image_context::{BlobStatus, ImageContext, ImageEmitter};

declare_rule! {
    code: "IMG003",
    name: "image-blob-size",
    severity: Error,
    since: "0.1.0",
    summary: "A blob in the layout must be exactly as long as its descriptor's `size`.",
    why: "Readers take `size` as the length to read and verify: a truncated blob (an interrupted copy, a full disk) or a descriptor whose size is off by one fails the load with `unexpected EOF` or `size mismatch`, and some readers only notice after unpacking the layers before it.",
    how_to_fix: "Copy the blob again from its source if it is truncated; if the blob is right and the descriptor wrong, set `size` to the blob's length (`ocilint fix` cascades the new digest of the document into its parents).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"{"oci-layout": {"imageLayoutVersion": "1.0.0"},
"index.json": {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:418c30b6638cf7fbd7f8851059845330db9053d7b6b20a2b31259e37fe39a801", "size": 260}]},
"blobs/sha256/418c30b6638cf7fbd7f8851059845330db9053d7b6b20a2b31259e37fe39a801": {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0", "size": 86}, "layers": []},
"blobs/sha256/519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}}"#),
        valid(examples::OCI_LAYOUT_ONE_IMAGE),
    ],
    check: Image(check),
}

fn check(ctx: &ImageContext, out: &mut ImageEmitter<'_>) {
    for blob in ctx.blobs_with(BlobStatus::SizeMismatch) {
        out.emit(
            &blob.site,
            format!(
                "{} is {} bytes, but this descriptor says {}",
                blob.file,
                blob.found_size.unwrap_or(0),
                blob.declared_size.unwrap_or(0)
            ),
        );
    }
}
