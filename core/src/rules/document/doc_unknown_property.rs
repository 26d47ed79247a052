//! DOC006: members the specs do not define, with the likely intended name.

use super::super::prelude::*;
use crate::spec::fields;

declare_rule! {
    code: "DOC006",
    name: "doc-unknown-property",
    severity: Info,
    since: "0.1.0",
    summary: "Members the specs do not define are allowed but ignored; near misses are likely typos.",
    why: "Unknown members must not make a document invalid (extensibility), so a typo such \
          as `annotation` or `layer` passes every registry and is silently ignored: the \
          annotations never show up, the layer list is empty. Reporting them catches typos \
          before they ship.",
    how_to_fix: "If the member was meant to be a defined one, rename it as suggested; \
                 otherwise nothing needs to change.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/considerations.md#extensibility",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotation": {"a": "b"}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"a": "b"}}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for object in ctx.defined_objects() {
        let Some(members) = object.node.members() else {
            continue;
        };
        for member in members {
            let key = member.key;
            let known = object.known.contains(&key)
                || (object.top_level && fields::OTHER_KINDS_TOP_LEVEL.contains(&key))
                || fields::case_variant_of(key, object.known).is_some()
                || (object.top_level
                    && fields::case_variant_of(key, &fields::STRUCTURAL).is_some());
            if known {
                continue;
            }
            let message = match fields::near_miss_of(key, object.known) {
                Some(defined) => {
                    format!("`{key}` is not defined here and is ignored; did you mean `{defined}`?")
                }
                None => format!("`{key}` is not defined here; readers ignore it"),
            };
            out.emit(ctx.key_range(member), object.pointer.key(key), message);
        }
    }
}
