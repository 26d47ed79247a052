//! IDX001: an index has a `manifests` array.

use super::super::prelude::*;

declare_rule! {
    code: "IDX001",
    name: "index-manifests-required",
    covers: ["index-manifests-required", "docker-list-manifests"],
    severity: Error,
    since: "0.1.0",
    summary: "An image index or manifest list must have a `manifests` array.",
    why: "`manifests` is REQUIRED in an OCI image index and a Docker manifest list. Go \
          tools write `\"manifests\": null` for an empty list, which the image-spec schema \
          refuses and strict registries reject.",
    how_to_fix: "Add `\"manifests\": [ … ]` with one descriptor per image (it may be empty: \
                 `[]`).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": null}"#),
        valid(examples::OCI_INDEX_EMPTY),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !ctx.kind.is_index() || !ctx.root.is_object() {
        return;
    }
    match ctx.root.get("manifests") {
        None => {
            out.emit(
                ctx.root_head(),
                Pointer::root(),
                "`manifests` is missing; an index requires it (an array of descriptors)",
            );
        }
        Some(member) if member.value.items().is_none() => {
            out.emit(
                member.value.range,
                Pointer::root().key("manifests"),
                format!(
                    "`manifests` is {}; it must be an array",
                    member.value.type_name()
                ),
            );
        }
        Some(_) => {}
    }
}
