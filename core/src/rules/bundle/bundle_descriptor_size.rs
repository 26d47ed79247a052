//! BND002: a descriptor's size is not the length of the document it names.

use super::super::prelude::*;
use crate::rules::bundle_context::{BundleContext, BundleEmitter, LinkedBy};

declare_rule! {
    code: "BND002",
    name: "bundle-descriptor-size",
    severity: Error,
    fix: Always(Safe),
    since: "0.1.0",
    summary: "A descriptor's `size` must be the length of the document of the bundle it names by digest.",
    why: "Clients read exactly `size` bytes and then verify the digest: a wrong size fails \
          the pull (`unexpected EOF`, `size mismatch`), and registries that verify sizes \
          refuse the push (`MANIFEST_INVALID`, `size does not match`).",
    how_to_fix: "Set `size` to the document's length in bytes (the fix does): the digest \
                 already proves which document it is.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 3}, "layers": []},
{}]"#),
        valid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": []},
{}]"#),
    ],
    check: Bundle(check),
}

fn check(ctx: &BundleContext<'_>, out: &mut BundleEmitter<'_>) {
    for link in ctx.links.iter().filter(|l| l.by == LinkedBy::Digest) {
        let child = &ctx.documents[link.child];
        let Some(member) = link.descriptor.get("size") else {
            continue;
        };
        let document = ctx.documents[link.parent].document;
        let text =
            std::str::from_utf8(&document.source[member.value.range.as_usize()]).unwrap_or("");
        let length = child.bytes.len();
        if text.parse::<u64>().ok() == Some(length as u64) {
            continue;
        }
        out.emit(
            link.parent,
            member.value.range,
            link.pointer.key("size"),
            format!(
                "this descriptor says {text} bytes, but {}, the document with its digest, is {length} bytes",
                child.name
            ),
        )
        .fix(
            FixSafety::Safe,
            format!("Set `size` to {length}"),
            vec![crate::fix::Editor::new(document).replace(&member.value, length.to_string())],
        );
    }
}
