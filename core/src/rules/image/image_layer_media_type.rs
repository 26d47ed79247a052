//! IMG005: A layer's bytes must be what its media type says: gzip for `+gzip`, zstd for `+zstd`, a tar for `.tar`.

use super::super::prelude::*;
use crate::rules::image_context::{BlobStatus, ImageContext, ImageEmitter};

declare_rule! {
    code: "IMG005",
    name: "image-layer-media-type",
    severity: Error,
    since: "0.1.0",
    summary: "A layer's bytes must be what its media type says: gzip for `+gzip`, zstd for `+zstd`, a tar for `.tar`.",
    why: "Runtimes pick the decompressor from the media type, not from the bytes: a gzip layer labelled `+zstd` (or the reverse, or a compressed layer labelled as a plain tar) fails to unpack (`zstd: invalid magic number`, `gzip: invalid header`) on the machine that pulls it, while the copy that wrote it and most registries notice nothing. `crane validate` and the loaders tried here did not notice it either.",
    how_to_fix: "Set the layer's `mediaType` to match its bytes (`…tar+gzip`, `…tar+zstd`, `…tar`), or recompress the layer to match the media type and update its digest, size and `diff_id`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md#zstd-media-types",
    examples: [
        invalid(r#"{"oci-layout": {"imageLayoutVersion": "1.0.0"},
"index.json": {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:b0c93d1f99912b4d79f710cc08e9f8e8786cd57ba76c226b3c2ee3bb50484da9", "size": 416}]},
"blobs/sha256/b0c93d1f99912b4d79f710cc08e9f8e8786cd57ba76c226b3c2ee3bb50484da9": {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:8d26ccb6eb46cd3ce465b4fbb54bffb97bbe4920dbae35074bc3c53acaa2e158", "size": 159}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+zstd", "digest": "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "size": 5}]},
"blobs/sha256/8d26ccb6eb46cd3ce465b4fbb54bffb97bbe4920dbae35074bc3c53acaa2e158": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": ["sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"]}},
"blobs/sha256/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824": "hello"}"#),
        valid(examples::OCI_LAYOUT_ONE_IMAGE),
    ],
    check: Image(check),
}

fn check(ctx: &ImageContext, out: &mut ImageEmitter<'_>) {
    for blob in ctx.blobs_with(BlobStatus::TypeMismatch) {
        let said = blob.media_type.as_deref().unwrap_or("a layer");
        out.emit(
            &blob.site,
            format!(
                "{} is {}, but its media type `{said}` says {}",
                blob.file,
                blob.found_magic.map_or("?", |m| m.as_str()),
                blob.expected_magic.map_or("?", |m| m.as_str())
            ),
        );
    }
}
