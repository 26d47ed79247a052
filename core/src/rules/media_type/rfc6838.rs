//! MED001: media-type fields follow RFC 6838 §4.2 as image-spec's schema writes it, without
//! parameters.
//!
//! Also home of `media_type_fields`, which lists the fields the media-type rules look at.

use super::super::prelude::*;
use crate::spec::media_types;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "MED001",
        name: "media-type-rfc6838",
        covers: &["media-type-rfc6838", "media-type-no-parameters"],
        severity: Severity::Error,
        fix: FixSafety::None,
        summary: "`mediaType` must be `type/subtype` (RFC 6838 §4.2), without `;` parameters.",
        why: "image-spec says media types MUST comply with RFC 6838 including its §4.2 naming \
              rules, and its schema checks every descriptor's `mediaType` against \
              `^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$`, \
              which also rules out parameters such as `;charset=utf-8`. image-spec's validator \
              and zot refuse anything else, ECR refuses parameters, and runtimes choose parsers \
              by exact string, so a value like `tar.gz` or `…+json; charset=utf-8` is never \
              recognised.",
        how_to_fix: "Write the plain media type, e.g. `application/vnd.oci.image.layer.v1.tar+gzip`; \
                     drop parameters (`;…`) and put version information in the subtype.",
        url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": [{\"mediaType\": \"invalid\", \"size\": 7143, \"digest\": \"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f\", \"platform\": {\"architecture\": \"ppc64le\", \"os\": \"linux\"}}]}",
                pad_to: 0,
            },
            Example {
                valid: false,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json;charset=utf-8\", \"config\": {\"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"digest\": \"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7\", \"size\": 7023}, \"layers\": []}",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": [{\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"size\": 7143, \"digest\": \"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f\", \"platform\": {\"architecture\": \"ppc64le\", \"os\": \"linux\"}}]}",
                pad_to: 0,
            },
        ],
    },
    check: Check::Document(check),
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let fields = media_type_fields(ctx)
        .into_iter()
        .filter(|f| f.field != Field::ArtifactType);
    for field in fields {
        // Empty values are `desc-media-type-string`'s finding.
        if field.value.is_empty() {
            continue;
        }
        if let Err(error) = media_types::check_syntax(field.value) {
            out.emit(
                field.range,
                field.pointer,
                format!(
                    "`{}` is not a media type: it {}",
                    field.value.escape_debug(),
                    error.describe()
                ),
            );
        }
    }
}

/// Which media-type field a value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// A manifest's or index's own top-level `mediaType`.
    Own,
    /// A descriptor's `mediaType`.
    MediaType,
    /// A descriptor's `artifactType`.
    ArtifactType,
}

/// A string-valued media-type field of the document.
#[derive(Debug)]
pub(crate) struct MediaTypeField<'a> {
    pub(crate) field: Field,
    pub(crate) value: &'a str,
    pub(crate) range: TextRange,
    pub(crate) pointer: Pointer,
}

/// In document order: the document's own `mediaType` (manifests and indexes only) and every
/// descriptor's `mediaType` and `artifactType`. Values that are not strings are skipped: other
/// rules report them.
pub(crate) fn media_type_fields<'a>(ctx: &Context<'a>) -> Vec<MediaTypeField<'a>> {
    let mut fields = Vec::new();
    if ctx.kind.declares_own_media_type() && ctx.kind != Kind::Unknown {
        if let Some(member) = ctx.root.get("mediaType") {
            if let Some(value) = member.value.as_str() {
                fields.push(MediaTypeField {
                    field: Field::Own,
                    value,
                    range: member.value.range,
                    pointer: Pointer::root().key("mediaType"),
                });
            }
        }
    }
    for site in ctx.descriptors() {
        for (key, field) in [
            ("mediaType", Field::MediaType),
            ("artifactType", Field::ArtifactType),
        ] {
            let Some(member) = site.node.get(key) else {
                continue;
            };
            if let Some(value) = member.value.as_str() {
                fields.push(MediaTypeField {
                    field,
                    value,
                    range: member.value.range,
                    pointer: site.pointer.key(key),
                });
            }
        }
    }
    fields.sort_by_key(|f| f.range.start);
    fields
}
