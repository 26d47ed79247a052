//! MED002: media-type names longer than RFC 6838's recommended 64 characters.

use super::super::prelude::*;
use super::super::Field;

/// RFC 6838 §4.2: names SHOULD be limited to 64 characters (127 is the hard limit).
const RECOMMENDED: usize = 64;

declare_rule! {
    code: "MED002",
    name: "media-type-name-length",
    severity: Info,
    since: "0.1.0",
    summary: "Media-type type and subtype names should be at most 64 characters.",
    why: "RFC 6838 §4.2 allows up to 127 characters for the type and for the subtype, but \
          says both SHOULD be limited to 64 characters. Longer names are legal and \
          image-spec's pattern accepts them, but they are a sign of an invented or \
          generated type and may be truncated by tools that follow the recommendation.",
    how_to_fix: "Use a shorter subtype, e.g. `application/vnd.<vendor>.<thing>.v1+json`.",
    url: "https://www.rfc-editor.org/rfc/rfc6838#section-4.2",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.example.this-is-a-very-long-subtype-name-that-goes-on-and-on-and-on+json", "size": 7682, "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270"}"#),
        valid(r#"{"mediaType": "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", "size": 7682, "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270"}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for field in ctx.media_type_fields() {
        if field.field == Field::Own {
            continue;
        }
        let Some((kind, subtype)) = field.value().split_once('/') else {
            continue;
        };
        // Names over 127 characters break the pattern: `media-type-rfc6838`'s finding.
        let long = [("type", kind), ("subtype", subtype)]
            .into_iter()
            .find(|(_, name)| (RECOMMENDED + 1..=127).contains(&name.chars().count()));
        if let Some((part, name)) = long {
            out.emit(
                field.range(),
                field.pointer,
                format!(
                    "the {part} `{name}` is {} characters long; RFC 6838 recommends at most {RECOMMENDED}",
                    name.chars().count()
                ),
            );
        }
    }
}
