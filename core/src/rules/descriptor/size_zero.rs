//! DSC003: a descriptor with `size` 0 points at the empty blob, which not every registry
//! accepts.

use super::super::prelude::*;
use crate::kind::media_type as mt;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DSC003",
        name: "desc-size-zero",
        covers: &["desc-size-zero"],
        severity: Severity::Warning,
        fix: FixSafety::Unsafe,
        summary: "A zero-byte blob is legal but not supported everywhere; prefer the empty JSON descriptor.",
        why: "A descriptor with `\"size\": 0` points at the empty blob. image-spec allows it, \
              but its own guidance says \"practice has shown that not to be ubiquitously \
              supported\": Google's registry refused a zero-byte config with `400 Bad Request` \
              (oras-project/oras PR #184, 2020), and tools that treat an empty body as \"not found\" skip \
              it. The empty JSON object `{}` (2 bytes) is the placeholder image-spec 1.1 \
              defines for content that is not needed.",
        how_to_fix: "For a placeholder config or layer use the empty descriptor \
                     `{\"mediaType\": \"application/vnd.oci.empty.v1+json\", \"digest\": \
                     \"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\", \
                     \"size\": 2}` and upload the 2-byte blob `{}`. If the content really is \
                     empty, keep it, knowing some registries refuse it.",
        url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#guidance-for-an-empty-descriptor",
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"artifactType\": \"application/vnd.example+type\", \"config\": {\"mediaType\": \"application/vnd.example.config.v1+json\", \"digest\": \"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\", \"size\": 0}, \"layers\": [{\"mediaType\": \"application/vnd.oci.empty.v1+json\", \"digest\": \"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\", \"size\": 2}]}",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"artifactType\": \"application/vnd.example+type\", \"config\": {\"mediaType\": \"application/vnd.oci.empty.v1+json\", \"digest\": \"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\", \"size\": 2}, \"layers\": [{\"mediaType\": \"application/vnd.oci.empty.v1+json\", \"digest\": \"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\", \"size\": 2}]}",
                pad_to: 0,
            },
        ],
    },
    check: Check::Document(check),
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(member) = site.node.get("size") else {
            continue;
        };
        if ctx.document.integer(&member.value) != Some(0) {
            continue;
        }
        let media_type = site
            .node
            .get("mediaType")
            .and_then(|m| m.value.as_str())
            .unwrap_or("");
        let message = match mt::role(media_type) {
            mt::Role::Manifest | mt::Role::Index | mt::Role::ImageConfig => format!(
                "`size` is 0, but `{media_type}` content is never empty: a zero-byte blob cannot be a valid {}",
                match mt::role(media_type) {
                    mt::Role::Index => "index",
                    mt::Role::ImageConfig => "image config",
                    _ => "manifest",
                }
            ),
            _ => "`size` is 0: this points at the empty blob, which some registries refuse; a placeholder should be the empty JSON descriptor (`application/vnd.oci.empty.v1+json`, 2 bytes)".to_owned(),
        };
        out.emit(member.value.range, site.pointer.key("size"), message);
    }
}
