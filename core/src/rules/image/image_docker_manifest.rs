//! IMG008: A `docker save` archive's `manifest.json` must be an array of images, each naming a config, and agree with the archive's OCI side.

use super::super::prelude::*;
use crate::rules::image_context::{ImageContext, ImageEmitter};

declare_rule! {
    code: "IMG008",
    name: "image-docker-manifest",
    severity: Error,
    since: "0.1.0",
    summary: "A `docker save` archive's `manifest.json` must be an array of images, each naming a config, and agree with the archive's OCI side.",
    why: "`docker load`, `podman load` and the tools that read `docker save` archives (dive, crane, skopeo's `docker-archive:`) start from `manifest.json`. Since Docker 25 the archive is also an OCI layout, and tools read one side or the other: when the two name different configs, what you load depends on the tool.",
    how_to_fix: "Save the image again; when editing an archive by hand, change `manifest.json` and the OCI side (`index.json` and the manifests) together.",
    url: "https://github.com/moby/docker-image-spec/blob/v1.3.1/spec.md",
    examples: [
        invalid(r#"{"manifest.json": {"Config": "519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0.json", "Layers": []},
"519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0.json": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}}"#),
        valid(r#"{"manifest.json": [{"Config": "519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0.json", "Layers": []}],
"519bbf4427ce65cd05f107f39ad9b781e44ef756339f8343303f898f41e110d0.json": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}}"#),
    ],
    check: Image(check),
}

fn check(ctx: &ImageContext, out: &mut ImageEmitter<'_>) {
    for fact in &ctx.docker {
        out.emit(&fact.site, format!("manifest.json {}", fact.problem));
    }
}
