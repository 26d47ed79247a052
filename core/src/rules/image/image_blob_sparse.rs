//! IMG002: A blob a layout may leave out is not there: a foreign layer, a platform that was not saved, a subject.

use super::super::prelude::*;
use crate::rules::image_context::{BlobStatus, ImageContext, ImageEmitter, SparseReason};

declare_rule! {
    code: "IMG002",
    name: "image-blob-sparse",
    severity: Info,
    since: "0.1.0",
    summary: "A blob a layout may leave out is not there: a foreign layer, a platform that was not saved, a subject.",
    why: "Layouts are allowed to be partial in known ways: foreign and non-distributable layers are not saved by `docker save` or `skopeo` (they are fetched from their URLs), Docker 29's containerd store saves only the platforms that were pulled while keeping the image's whole index, and an artifact's `subject` may live elsewhere. Such a layout loads for the platforms it holds; reporting it as corrupt would make every partial save look broken. It is reported so that you know what a load elsewhere will still need to fetch.",
    how_to_fix: "Nothing to fix for loading the saved platforms. To make the layout self-contained, save it with every platform (`docker save --platform` for each, `skopeo copy --all`) and with non-distributable layers (`--preserve-digests` with the registry's permission).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md#blobs",
    examples: [
        invalid(r#"{"oci-layout": {"imageLayoutVersion": "1.0.0"},
"index.json": {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:3380b1b95eac135ec31595d3ccf96eb32a8b1a75788dad09b60dddf1896fbee5", "size": 436}]},
"blobs/sha256/3380b1b95eac135ec31595d3ccf96eb32a8b1a75788dad09b60dddf1896fbee5": {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:67baa200377afe98c3f536f2d4b341aefbe4421e0a65f58afbbf1459f085ef42", "size": 159}, "layers": [{"mediaType": "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "size": 1024}]},
"blobs/sha256/67baa200377afe98c3f536f2d4b341aefbe4421e0a65f58afbbf1459f085ef42": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": ["sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"]}}}"#),
        valid(examples::OCI_LAYOUT_ONE_IMAGE),
    ],
    check: Image(check),
}

fn check(ctx: &ImageContext, out: &mut ImageEmitter<'_>) {
    for blob in ctx.blobs_with(BlobStatus::Sparse) {
        let why = blob.sparse.unwrap_or(SparseReason::Subject).why();
        out.emit(
            &blob.site,
            format!(
                "{} is not in the layout ({}): {why}",
                blob.digest, blob.file
            ),
        );
    }
}
