//! MAN001: an image manifest has a `config` object and a `layers` array.

use super::super::prelude::*;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "MAN001",
        name: "manifest-config-required",
        covers: &["manifest-config-required", "manifest-layers-required", "docker-manifest-config", "docker-manifest-layers", "json-null-collection"],
        severity: Severity::Error,
        fix: FixSafety::None,
        summary: "An image manifest must have a `config` descriptor and a `layers` array.",
        #[cfg(feature = "docs")]
        why: "Both are REQUIRED by image-spec and by the Docker schema 2 spec. Go tools write \
              `\"layers\": null` for an empty slice, which the image-spec schema refuses and \
              strict parsers reject; without `config` no runtime can create a container.",
        how_to_fix: "Add `\"config\": {\"mediaType\": …, \"digest\": …, \"size\": …}` and \
                     `\"layers\": [ … ]`; an artifact with no config uses the empty descriptor \
                     (`application/vnd.oci.empty.v1+json`, digest of `{}`, size 2).",
        url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
        #[cfg(feature = "docs")]
        examples: &[
            Example {
                valid: false,
                content_type: Some("application/vnd.oci.image.manifest.v1+json"),
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"layers\": null}",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"config\": {\"mediaType\": \"application/vnd.oci.empty.v1+json\", \"digest\": \"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\", \"size\": 2}, \"layers\": []}",
                pad_to: 0,
            },
        ],
    },
    check: Check::Document(check),
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !ctx.kind.is_image_manifest() || !ctx.root.is_object() {
        return;
    }
    let head = ctx.root_head();
    for (field, wanted_object) in [("config", true), ("layers", false)] {
        let wanted = if wanted_object {
            "an object"
        } else {
            "an array"
        };
        match ctx.root.get(field) {
            None => {
                out.emit(
                    head,
                    Pointer::root(),
                    format!("`{field}` is missing; an image manifest requires it ({wanted})"),
                );
            }
            Some(member) => {
                let ok = if wanted_object {
                    member.value.is_object()
                } else {
                    member.value.items().is_some()
                };
                if !ok {
                    out.emit(
                        member.value.range,
                        Pointer::root().key(field),
                        format!(
                            "`{field}` is {}; it must be {wanted}",
                            member.value.type_name()
                        ),
                    );
                }
            }
        }
    }
}
