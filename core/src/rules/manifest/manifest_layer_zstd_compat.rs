//! MAN009: `+zstd` layers are standard but only a SHOULD for runtimes to support.

use super::super::prelude::*;
use crate::spec::media_types as mt;

declare_rule! {
    code: "MAN009",
    name: "manifest-layer-zstd-compat",
    severity: Info,
    since: "0.1.0",
    spec_versions: ["1.1.1", "main"],
    summary: "`+zstd` layers need a runtime that supports zstd.",
    why: "`application/vnd.oci.image.layer.v1.tar+zstd` is an OCI layer type, but image-spec \
          only says implementations SHOULD support it (MUST is for tar and tar+gzip). \
          Current containerd, Docker, podman and CRI-O read it; older runtimes, some \
          scanners and appliances fail to unpack it. Worth knowing before publishing an \
          image that must run everywhere. (The SHOULD is image-spec v1.1.1's, commit \
          716f83b; it holds for `spec@1.1.1` and `spec@main` and, being no error, changes \
          no verdict.)",
    how_to_fix: "Nothing to fix if every consumer supports zstd. For the widest reach, \
                 publish gzip layers too (for example an index with both variants), or \
                 build with gzip compression.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md#zstd-media-types",
    examples: [
        invalid(examples::OCI_IMAGE_MANIFEST_ZSTD),
        valid(examples::OCI_IMAGE_MANIFEST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciManifest {
        return;
    }
    let Some(items) = ctx.root.get("layers").and_then(|m| m.value.items()) else {
        return;
    };
    let zstd: Vec<(usize, &Node)> = items
        .iter()
        .enumerate()
        .filter_map(|(index, layer)| Some((index, &layer.get("mediaType")?.value)))
        .filter(|(_, value)| {
            matches!(
                value.as_str(),
                Some(mt::OCI_LAYER_ZSTD | mt::OCI_NONDISTRIBUTABLE_ZSTD)
            )
        })
        .collect();
    // One note per manifest, on the first zstd layer: the advice is the same for all.
    let Some(&(index, value)) = zstd.first() else {
        return;
    };
    let which = match zstd.len() - 1 {
        0 => "this layer is".to_owned(),
        more => format!("this layer and {more} more are"),
    };
    out.emit(
        value.range,
        Pointer::root().key("layers").index(index).key("mediaType"),
        format!(
            "{which} zstd-compressed: standard, but runtimes only SHOULD support zstd, so \
             older ones cannot pull this image"
        ),
    );
}
