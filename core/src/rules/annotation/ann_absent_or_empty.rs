//! ANN002: no annotations means no `annotations` member, or `{}`; never `null`.

use super::super::fixes;
use super::super::prelude::*;

declare_rule! {
    code: "ANN002",
    name: "ann-absent-or-empty",
    severity: Warning,
    fix: Sometimes(Safe),
    since: "0.1.0",
    summary: "Without annotations, `annotations` must be absent or `{}`, not `null`.",
    why: "image-spec: if there are no annotations then this property MUST either be absent \
          or be an empty map. `null` is neither: JSON-schema validators (zot, the \
          image-spec schema) reject it as not an object. It comes from serializers that write \
          an empty map as `null`. Unlike the image config, where OPTIONAL \
          fields MAY be null, manifests, indexes and descriptors have no such allowance.",
    how_to_fix: "Remove the `\"annotations\": null` member (or write `\"annotations\": {}`); \
                 the fix removes it, which means the same to every reader (no \
                 annotations). This changes the document's digest.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#rules",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": null}"#),
        valid(examples::OCI_INDEX_EMPTY_ANNOTATIONS),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        if matches!(map.member.value.value, Value::Null) {
            let diagnostic = out.emit(
                map.member.value.range,
                map.pointer,
                "`annotations` is null; with no annotations, leave the member out or write `{}`",
            );
            if let Some(edit) = fixes::remove(ctx, map.member) {
                diagnostic.fix(
                    FixSafety::Safe,
                    "Remove `\"annotations\": null`",
                    vec![edit],
                );
            }
        }
    }
}
