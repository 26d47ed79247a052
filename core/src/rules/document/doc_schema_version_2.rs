//! DOC002: `schemaVersion` is present and is the integer 2.

use super::super::prelude::*;

declare_rule! {
    code: "DOC002",
    name: "doc-schema-version-2",
    covers: ["doc-schema-version-2", "doc-schema-version-required"],
    severity: Error,
    since: "0.1.0",
    summary: "Manifests and indexes must have `\"schemaVersion\": 2`, written as an integer.",
    why: "`schemaVersion` is REQUIRED in OCI manifests and indexes and MUST be 2; Docker \
          schema 2 documents use 2 as well. Registries parse it with Go's `int` decoding, \
          which refuses `\"2\"`, `2.0` and `2e0`; the value 1 means the deprecated Docker \
          schema 1, which current registries and runtimes refuse.",
    how_to_fix: "Write `\"schemaVersion\": 2` at the top level of the document.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": "2", "config": {}, "layers": []}"#, content_type: "application/vnd.oci.image.manifest.v1+json"),
        invalid(r#"{"manifests": []}"#, content_type: "application/vnd.oci.image.index.v1+json"),
        valid(examples::UNTYPED_INDEX_EMPTY, content_type: "application/vnd.oci.image.index.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    // The withdrawn artifact manifest (image-spec v1.1.0-rc1…rc3) had no `schemaVersion`.
    let applies = ctx.kind.is_image_manifest() || ctx.kind.is_index();
    if !applies || !ctx.root.is_object() {
        return;
    }
    let Some(member) = ctx.root.get("schemaVersion") else {
        out.emit(
            ctx.root_head(),
            Pointer::root(),
            format!(
                "`schemaVersion` is missing; {} requires `\"schemaVersion\": 2`",
                ctx.kind.describe()
            ),
        );
        return;
    };
    let value = &member.value;
    let pointer = Pointer::root().key("schemaVersion");
    match &value.value {
        Value::Number => match ctx.document.integer(value) {
            Some(2) => {}
            Some(1) => {
                out.emit(
                    value.range,
                    pointer,
                    "`schemaVersion` 1 is Docker schema 1, deprecated and refused by current registries and runtimes; this kind needs 2",
                );
            }
            Some(other) => {
                out.emit(
                    value.range,
                    pointer,
                    format!("`schemaVersion` is {other}; it must be 2"),
                );
            }
            None => {
                out.emit(
                    value.range,
                    pointer,
                    format!(
                        "`schemaVersion` is written `{}`; Go's integer decoding refuses anything but the literal `2`",
                        ctx.document.number_text(value)
                    ),
                );
            }
        },
        _ => {
            out.emit(
                value.range,
                pointer,
                format!(
                    "`schemaVersion` is {}; it must be the integer 2",
                    value.type_name()
                ),
            );
        }
    }
}
