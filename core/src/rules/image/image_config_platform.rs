//! IMG007: An index entry's `platform` must be the platform of the config of the image it names.

use super::super::prelude::*;
use crate::rules::image_context::{ImageContext, ImageEmitter};

declare_rule! {
    code: "IMG007",
    name: "image-config-platform",
    severity: Warning,
    since: "0.1.0",
    summary: "An index entry's `platform` must be the platform of the config of the image it names.",
    why: "Clients choose an image from an index by the entry's `platform` and never look at the config before pulling: an entry that says `arm64` for an `amd64` image makes `docker run` on an arm64 machine pull it and fail with `exec format error`, and `--platform` filters keep the wrong one.",
    how_to_fix: "Set the entry's `platform` to the config's `os`, `architecture` and `variant` (or rebuild the image for the platform the entry names).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"oci-layout": {"imageLayoutVersion": "1.0.0"},
"index.json": {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:418c30b6638cf7fbd7f8851059845330db9053d7b6b20a2b31259e37fe39a801", "size": 259, "platform": {"architecture": "arm64", "os": "linux"}}]},
"blobs/sha256/418c30b6638cf7fbd7f8851059845330db9053d7b6b20a2b31259e37fe39a801": {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0", "size": 86}, "layers": []},
"blobs/sha256/519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}}"#),
        valid(r#"{"oci-layout": {"imageLayoutVersion": "1.0.0"},
"index.json": {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:418c30b6638cf7fbd7f8851059845330db9053d7b6b20a2b31259e37fe39a801", "size": 259, "platform": {"architecture": "amd64", "os": "linux"}}]},
"blobs/sha256/418c30b6638cf7fbd7f8851059845330db9053d7b6b20a2b31259e37fe39a801": {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0", "size": 86}, "layers": []},
"blobs/sha256/519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}}"#),
    ],
    check: Image(check),
}

fn check(ctx: &ImageContext, out: &mut ImageEmitter<'_>) {
    for fact in &ctx.platforms {
        out.emit(
            &fact.site,
            format!(
                "this entry says {}, but the image's config {} says {}",
                fact.entry, fact.config_file, fact.config
            ),
        );
    }
}
