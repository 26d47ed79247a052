//! LAY002: An OCI image layout must have its `oci-layout` file and its `index.json`.

use super::super::prelude::*;
use crate::rules::image_context::{ImageContext, ImageEmitter, MemberProblem};

declare_rule! {
    code: "LAY002",
    name: "layout-required-files",
    severity: Error,
    since: "0.1.0",
    summary: "An OCI image layout must have its `oci-layout` file and its `index.json`.",
    why: "`oci-layout` is how readers recognise a layout and `index.json` is where they start: without the first, containerd and Docker take the archive for a legacy `docker save` one and fail (`unrecognized image format`); without the second there is no image to find. A folder or archive with neither `index.json` nor a `docker save` `manifest.json` is not an image at all.",
    how_to_fix: "Add `oci-layout` as `{\"imageLayoutVersion\": \"1.0.0\"}` and an `index.json` naming the image's manifest or index (`skopeo copy` to `oci:` writes both).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md#content",
    examples: [
        invalid(r#"{"index.json": {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:418c30b6638cf7fbd7f8851059845330db9053d7b6b20a2b31259e37fe39a801", "size": 259}]},
"blobs/sha256/418c30b6638cf7fbd7f8851059845330db9053d7b6b20a2b31259e37fe39a801": {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0", "size": 86}, "layers": []},
"blobs/sha256/519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}}"#),
        valid(r#"{"oci-layout": {"imageLayoutVersion": "1.0.0"},
"index.json": {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:418c30b6638cf7fbd7f8851059845330db9053d7b6b20a2b31259e37fe39a801", "size": 259}]},
"blobs/sha256/418c30b6638cf7fbd7f8851059845330db9053d7b6b20a2b31259e37fe39a801": {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0", "size": 86}, "layers": []},
"blobs/sha256/519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}}"#),
    ],
    check: Image(check),
}

fn check(ctx: &ImageContext, out: &mut ImageEmitter<'_>) {
    for fact in &ctx.members {
        let message = match &fact.problem {
            MemberProblem::MissingLayoutFile(file) => {
                format!("the layout has no `{file}`; an OCI image layout must have it")
            }
            MemberProblem::NotALayout => "neither `index.json` (an OCI image layout) nor `manifest.json` (a `docker save` archive): not an image".to_owned(),
            _ => continue,
        };
        out.emit(&fact.site, message);
    }
}
