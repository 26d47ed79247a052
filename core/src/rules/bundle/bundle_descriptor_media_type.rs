//! BND003: a descriptor's media type is not the type of the document it names.

use super::super::prelude::*;
use crate::rules::bundle_context::{BundleContext, BundleEmitter, LinkedBy};

declare_rule! {
    code: "BND003",
    name: "bundle-descriptor-media-type",
    severity: Error,
    fix: Always(Safe),
    since: "0.1.0",
    summary: "A descriptor's `mediaType` must be the media type of the manifest or index of the bundle it names.",
    why: "Registries and clients dispatch on the descriptor's media type before they read \
          the document: an index entry that says Docker manifest for an OCI manifest is a \
          media type conflict, which containerd and the distribution registry refuse \
          (`MANIFEST_INVALID`), and which is what a conversion of the child alone leaves \
          behind.",
    how_to_fix: "Set the descriptor's `mediaType` to the document's own (the fix does), or \
                 convert the document and its parent together with `ocilint convert`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": "sha256:72625b619220ccafd482e920dafe42be137dbf05940529d29cdf39c5863366f5", "size": 251, "platform": {"architecture": "amd64", "os": "linux"}}]},
{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": []}]"#),
        valid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": []}]"#),
    ],
    check: Bundle(check),
}

fn check(ctx: &BundleContext<'_>, out: &mut BundleEmitter<'_>) {
    for link in ctx.links.iter().filter(|l| l.by == LinkedBy::Digest) {
        let child = &ctx.documents[link.child];
        let (Some(own), Some(member)) = (&child.media_type, link.descriptor.get("mediaType"))
        else {
            continue;
        };
        let Some(said) = member.value.as_str() else {
            continue;
        };
        if said == own {
            continue;
        }
        let document = ctx.documents[link.parent].document;
        out.emit(
            link.parent,
            member.value.range,
            link.pointer.key("mediaType"),
            format!(
                "this descriptor says `{said}`, but {}, the document with its digest, is `{own}`: a media type conflict",
                child.name
            ),
        )
        .fix(
            FixSafety::Safe,
            format!("Set `mediaType` to `{own}`"),
            vec![crate::fix::Editor::new(document).replace_string(&member.value, own)],
        );
    }
}
