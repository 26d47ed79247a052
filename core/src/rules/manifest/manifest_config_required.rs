//! MAN001: an image manifest has a `config` object and a `layers` array.

use super::super::prelude::*;

declare_rule! {
    code: "MAN001",
    name: "manifest-config-required",
    covers: ["manifest-config-required", "manifest-layers-required", "docker-manifest-config", "docker-manifest-layers", "json-null-collection"],
    severity: Error,
    since: "0.1.0",
    summary: "An image manifest must have a `config` descriptor and a `layers` array.",
    why: "Both are REQUIRED by image-spec and by the Docker schema 2 spec. Go tools write \
          `\"layers\": null` for an empty slice, which the image-spec schema refuses and \
          strict parsers reject; without `config` no runtime can create a container.",
    how_to_fix: "Add `\"config\": {\"mediaType\": …, \"digest\": …, \"size\": …}` and \
                 `\"layers\": [ … ]`; an artifact with no config uses the empty descriptor \
                 (`application/vnd.oci.empty.v1+json`, digest of `{}`, size 2).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "layers": null}"#, content_type: "application/vnd.oci.image.manifest.v1+json"),
        valid(examples::OCI_MANIFEST_EMPTY_CONFIG_NO_LAYERS),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !ctx.kind.is_image_manifest() || !ctx.root.is_object() {
        return;
    }
    let head = ctx.root_head();
    for (field, wanted_object) in [("config", true), ("layers", false)] {
        let wanted = if wanted_object {
            "an object"
        } else {
            "an array"
        };
        match ctx.root.get(field) {
            None => {
                out.emit(
                    head,
                    Pointer::root(),
                    format!("`{field}` is missing; an image manifest requires it ({wanted})"),
                );
            }
            Some(member) => {
                let ok = if wanted_object {
                    member.value.is_object()
                } else {
                    member.value.items().is_some()
                };
                if !ok {
                    out.emit(
                        member.value.range,
                        Pointer::root().key(field),
                        format!(
                            "`{field}` is {}; it must be {wanted}",
                            member.value.type_name()
                        ),
                    );
                }
            }
        }
    }
}
