//! PRE003: the v1.1.0-rc3 name of the empty descriptor's media type.

use super::super::prelude::*;
use crate::kind::media_type;

declare_rule! {
    code: "PRE003",
    name: "doc-prerelease-scratch-media-type",
    severity: Warning,
    fix: Always(Unsafe),
    since: "0.1.0",
    summary: "`application/vnd.oci.scratch.v1+json` was renamed `application/vnd.oci.empty.v1+json` before image-spec 1.1.0.",
    why: "image-spec v1.1.0-rc3 called the `{}` placeholder blob \"scratch\"; rc4 renamed it \
          `application/vnd.oci.empty.v1+json`, the name in every release. Tools that \
          recognise the empty descriptor (ORAS, registries that skip the `{}` blob, the \
          `artifactType` requirement for empty configs) compare the exact string, so the \
          old name is treated as an unknown blob type.",
    how_to_fix: "Replace the media type with `application/vnd.oci.empty.v1+json` (the fix \
                 does). The blob and its digest stay; the manifest gets a new digest.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#guidance-for-an-empty-descriptor",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example+type", "config": {"mediaType": "application/vnd.oci.scratch.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.example+type", "digest": "sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", "size": 1234}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example+type", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.example+type", "digest": "sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", "size": 1234}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (pointer, node) in ctx.descriptor_objects() {
        let Some(member) = node.get("mediaType") else {
            continue;
        };
        if member.value.as_str() == Some(media_type::OCI_SCRATCH_PRERELEASE) {
            let diagnostic = out.emit(
                member.value.range,
                pointer.key("mediaType"),
                format!(
                    "`{}` is the image-spec v1.1.0-rc3 name of the empty descriptor; since rc4 \
                     and in every release it is `{}`",
                    media_type::OCI_SCRATCH_PRERELEASE,
                    media_type::OCI_EMPTY
                ),
            );
            diagnostic.fix(
                FixSafety::Unsafe,
                format!("Replace with `{}`", media_type::OCI_EMPTY),
                vec![ctx
                    .editor()
                    .replace_string(&member.value, media_type::OCI_EMPTY)],
            );
        }
    }
}
