//! MAN009: `+zstd` layers are standard but only a SHOULD for runtimes to support.

use super::super::prelude::*;
use crate::spec::media_types as mt;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "MAN009",
        name: "manifest-layer-zstd-compat",
        covers: &["manifest-layer-zstd-compat"],
        severity: Severity::Info,
        fix: FixSafety::None,
        summary: "`+zstd` layers need a runtime that supports zstd.",
        #[cfg(feature = "docs")]
        why: "`application/vnd.oci.image.layer.v1.tar+zstd` is an OCI layer type, but image-spec \
              only says implementations SHOULD support it (MUST is for tar and tar+gzip). \
              Current containerd, Docker, podman and CRI-O read it; older runtimes, some \
              scanners and appliances fail to unpack it. Worth knowing before publishing an \
              image that must run everywhere.",
        how_to_fix: "Nothing to fix if every consumer supports zstd. For the widest reach, \
                     publish gzip layers too (for example an index with both variants), or \
                     build with gzip compression.",
        url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md#zstd-media-types",
        #[cfg(feature = "docs")]
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"config\": {\"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"digest\": \"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7\", \"size\": 7023}, \"layers\": [{\"mediaType\": \"application/vnd.oci.image.layer.v1.tar+zstd\", \"digest\": \"sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0\", \"size\": 32654}]}",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"config\": {\"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"digest\": \"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7\", \"size\": 7023}, \"layers\": [{\"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\", \"digest\": \"sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0\", \"size\": 32654}]}",
                pad_to: 0,
            },
        ],
    },
    check: Check::Document(check),
};

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
