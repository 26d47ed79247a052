//! IMG009: No member or link of an archive may lead outside it.

use super::super::prelude::*;
use crate::rules::image_context::{ImageContext, ImageEmitter, MemberProblem};

declare_rule! {
    code: "IMG009",
    name: "image-archive-member",
    severity: Error,
    since: "0.1.0",
    summary: "No member or link of an archive may lead outside it.",
    why: "A tar member named `../…` or `/…`, or a link whose target climbs out of the archive, writes or reads outside the folder the archive is unpacked into (a path traversal): `tar` and the image loaders refuse or strip such members, and ocilint does not follow them.",
    how_to_fix: "Rebuild the archive from the layout folder with relative member names (`tar -C layout -cf image.tar .`), and links that stay inside it.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md",
    examples: [
        invalid(r#"{"oci-layout": {"imageLayoutVersion": "1.0.0"},
"index.json": {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:418c30b6638cf7fbd7f8851059845330db9053d7b6b20a2b31259e37fe39a801", "size": 259}]},
"blobs/sha256/418c30b6638cf7fbd7f8851059845330db9053d7b6b20a2b31259e37fe39a801": {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0", "size": 86}, "layers": []},
"blobs/sha256/519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}},
"legacy/layer.tar -> ../../etc/passwd": ""}"#),
        valid(examples::OCI_LAYOUT_ONE_IMAGE),
    ],
    check: Image(check),
}

fn check(ctx: &ImageContext, out: &mut ImageEmitter<'_>) {
    for fact in &ctx.members {
        if let MemberProblem::Escapes(why) = &fact.problem {
            out.emit(&fact.site, format!("{why}: not read"));
        }
    }
}
