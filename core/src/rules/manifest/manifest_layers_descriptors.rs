//! MAN002: every item of `layers` is a descriptor object.

use super::super::prelude::*;
use crate::diagnostic::bare_digest_hint;

declare_rule! {
    code: "MAN002",
    name: "manifest-layers-descriptors",
    severity: Error,
    since: "0.1.0",
    summary: "Each item in `layers` must be a descriptor object.",
    why: "image-spec: \"Each item in the array MUST be a descriptor\"; the Docker schema 2 \
          spec describes each layer the same way. Parsers decode `layers` into a list of \
          descriptor structs, so a string (a bare digest), a number or `null` makes the \
          whole manifest unparsable: registries answer `MANIFEST_INVALID` and pulls fail.",
    how_to_fix: "Replace the item with a descriptor: `{\"mediaType\": …, \"digest\": \
                 \"sha256:…\", \"size\": …}` of the layer blob.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": ["sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0"]}"#),
        valid(examples::OCI_IMAGE_MANIFEST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !ctx.kind.is_image_manifest() {
        return;
    }
    for (index, item, pointer) in ctx.non_object_entries("layers") {
        let hint = bare_digest_hint(item);
        out.emit(
            item.range,
            pointer,
            format!(
                "`layers[{index}]` is {}; each layer must be a descriptor object{hint}",
                item.type_name()
            ),
        );
    }
}
