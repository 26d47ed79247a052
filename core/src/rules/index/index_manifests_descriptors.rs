//! IDX002: every entry of `manifests` is a descriptor object.

use super::super::prelude::*;
use crate::diagnostic::bare_digest_hint;

declare_rule! {
    code: "IDX002",
    name: "index-manifests-descriptors",
    severity: Error,
    since: "0.1.0",
    summary: "Each entry of `manifests` must be a descriptor object.",
    why: "Each entry of an index or manifest list is a descriptor (`mediaType`, `digest`, \
          `size`, optional `platform`) that clients follow to the child manifest. \
          Registries and clients decode the list into descriptor structs, so a string (a \
          bare digest or a tag), a number or `null` makes the whole index unparsable: \
          registries answer `MANIFEST_INVALID` and pulls fail.",
    how_to_fix: "Replace the entry with the child's descriptor: `{\"mediaType\": …, \
                 \"digest\": \"sha256:…\", \"size\": …, \"platform\": {…}}`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": ["sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270"]}"#),
        valid(examples::OCI_INDEX_AMD64),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !ctx.kind.is_index() {
        return;
    }
    for (index, item, pointer) in ctx.non_object_entries("manifests") {
        let hint = bare_digest_hint(item);
        out.emit(
            item.range,
            pointer,
            format!(
                "`manifests[{index}]` is {}; each entry must be a descriptor object{hint}",
                item.type_name()
            ),
        );
    }
}
