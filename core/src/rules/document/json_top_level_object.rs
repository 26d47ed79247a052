//! DOC001: the document is a JSON object.

use super::super::prelude::*;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DOC001",
        name: "json-top-level-object",
        covers: &["json-top-level-object"],
        severity: Severity::Error,
        fix: FixSafety::None,
        summary: "A manifest, index, config or layout file must be a JSON object.",
        #[cfg(feature = "docs")]
        why: "Every document kind ocilint checks is defined as an object with named members; \
              an array or a bare string is not any of them, and registries refuse it.",
        how_to_fix: "If the document is wrapped in an array (as `docker manifest inspect -v` \
                     prints several), paste one element of it.",
        url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/schema/image-manifest-schema.json",
        #[cfg(feature = "docs")]
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"[{\"schemaVersion\": 2}]",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: b"{\"schemaVersion\": 2}",
                pad_to: 0,
            },
        ],
    },
    check: Check::Document(check),
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !ctx.root.is_object() {
        out.emit(
            ctx.root.range,
            Pointer::root(),
            format!(
                "the document is {}, not a JSON object",
                ctx.root.type_name()
            ),
        );
    }
}
