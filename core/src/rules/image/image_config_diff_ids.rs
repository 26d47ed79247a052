//! IMG006: Each `diff_id` of a config must be the digest of the decompressed layer at the same position.

use super::super::prelude::*;
use crate::rules::image_context::{DiffIdProblem, ImageContext, ImageEmitter};

declare_rule! {
    code: "IMG006",
    name: "image-config-diff-ids",
    severity: Error,
    since: "0.1.0",
    summary: "Each `diff_id` of a config must be the digest of the decompressed layer at the same position.",
    why: "The `diff_ids` are what the runtime checks each unpacked layer against and how it names the layer's snapshot: a wrong `diff_id` (a layer recompressed without updating the config, an edited config) fails the unpack in containerd (`unexpected diff id`) and Docker, and a config with another number of `diff_ids` than the manifest has layers is refused outright. Most other loaders did not notice a wrong `diff_id` in the archives tried here.",
    how_to_fix: "Recompute each `diff_id` as the sha256 of the decompressed layer, in layer order, and store the config under its new digest (`ocilint fix` cascades it into the manifest).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#layer-diffid",
    examples: [
        invalid(r#"{"oci-layout": {"imageLayoutVersion": "1.0.0"},
"index.json": {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:947d48c4387c229ecabc1d2a7866670951e5d38230449389cc632ce630b9680d", "size": 260}]},
"blobs/sha256/947d48c4387c229ecabc1d2a7866670951e5d38230449389cc632ce630b9680d": {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:9a37be7ce715abc0d9917b95df57bcf24c0325ce3e7bfd2acd201729b88fd58a", "size": 159}, "layers": []},
"blobs/sha256/9a37be7ce715abc0d9917b95df57bcf24c0325ce3e7bfd2acd201729b88fd58a": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": ["sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"]}}}"#),
        valid(examples::OCI_LAYOUT_ONE_IMAGE),
    ],
    check: Image(check),
}

fn check(ctx: &ImageContext, out: &mut ImageEmitter<'_>) {
    for fact in &ctx.diff_ids {
        let message = match &fact.problem {
            DiffIdProblem::Mismatch {
                layer_file,
                diff_id,
                actual,
            } => format!("the layer {layer_file} decompresses to {actual}, not {diff_id}"),
            DiffIdProblem::Undecodable { layer_file, why } => format!(
                "the layer {layer_file} cannot be decompressed to check its `diff_id`: {why}"
            ),
            DiffIdProblem::Count { layers, diff_ids } => format!(
                "the config has {diff_ids} `diff_ids`, but its manifest has {layers} layers"
            ),
        };
        out.emit(&fact.site, message);
    }
}
