//! DOC001: the document is a JSON object.

use super::super::prelude::*;

declare_rule! {
    code: "DOC001",
    name: "json-top-level-object",
    severity: Error,
    since: "0.1.0",
    summary: "A manifest, index, config or layout file must be a JSON object.",
    why: "Every document kind ocilint checks is defined as an object with named members; \
          an array or a bare string is not any of them, and registries refuse it.",
    how_to_fix: "If the document is wrapped in an array (as `docker manifest inspect -v` \
                 prints several), paste one element of it.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/schema/image-manifest-schema.json",
    examples: [
        invalid(r#"[{"schemaVersion": 2}]"#),
        valid(examples::SCHEMA_VERSION_ONLY),
    ],
    check: Document(check),
}

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
