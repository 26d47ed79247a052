//! IMG001: Every blob a descriptor of the layout names must be in the layout.

use super::super::prelude::*;
use crate::rules::image_context::{BlobStatus, ImageContext, ImageEmitter};

declare_rule! {
    code: "IMG001",
    name: "image-blob-missing",
    severity: Error,
    since: "0.1.0",
    summary: "Every blob a descriptor of the layout names must be in the layout.",
    why: "A layout or archive is what `docker load`, `podman load`, `skopeo copy oci:` and `ctr import` read whole: a config, layer or manifest its index or manifests name but that is not under `blobs/<algorithm>/<encoded>` fails the load (`blob not found`, `no such file or directory`), often after the other layers were already unpacked. Only what a layout may leave out (a foreign layer, a platform that was not saved, a subject) is sparse instead (IMG002).",
    how_to_fix: "Save or copy the image again with its blobs (`skopeo copy --all`, `docker save` of the image, not of a tag that lost its blobs), or remove the descriptor that names the missing blob.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md#blobs",
    examples: [
        invalid(r#"{"oci-layout": {"imageLayoutVersion": "1.0.0"},
"index.json": {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:418c30b6638cf7fbd7f8851059845330db9053d7b6b20a2b31259e37fe39a801", "size": 259}]},
"blobs/sha256/519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}}"#),
        valid(examples::OCI_LAYOUT_ONE_IMAGE),
    ],
    check: Image(check),
}

fn check(ctx: &ImageContext, out: &mut ImageEmitter<'_>) {
    for blob in ctx.blobs_with(BlobStatus::Missing) {
        out.emit(
            &blob.site,
            format!(
                "{} names {}, which is not in the layout",
                blob.digest, blob.file
            ),
        );
    }
}
