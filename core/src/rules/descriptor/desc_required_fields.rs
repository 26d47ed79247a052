//! DSC001: a descriptor has `mediaType`, `digest` and `size` of the right types.

use super::super::prelude::*;

declare_rule! {
    code: "DSC001",
    name: "desc-required-fields",
    covers: ["desc-required-fields", "desc-media-type-string", "desc-size-integer"],
    severity: Error,
    since: "0.1.0",
    summary: "Every descriptor needs `mediaType` (string), `digest` (string) and `size` (integer).",
    why: "A descriptor is how one document points at another: the registry and the runtime \
          fetch by `digest`, verify `size` and choose a parser by `mediaType`. All three are \
          REQUIRED by image-spec and the Docker spec; a missing one makes registries answer \
          `MANIFEST_INVALID` and pulls fail.",
    how_to_fix: "Add the missing member with the blob's values: `sha256:` and the hex \
                 digest of the exact blob bytes, its length in bytes, and its media type.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": []}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": "2"}]}"#),
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 18446744073709551616}"#),
        valid(examples::OCI_MANIFEST_EMPTY_CONFIG_NO_LAYERS),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let head = head(site.node);
        for field in ["mediaType", "digest", "size"] {
            let Some(member) = site.node.get(field) else {
                out.emit(
                    head,
                    site.pointer,
                    format!("this descriptor has no `{field}`; every descriptor requires one"),
                );
                continue;
            };
            let value = &member.value;
            let problem = match field {
                "size" => match value.value {
                    Value::Number if ctx.document.integer(value).is_some() => None,
                    Value::Number if is_integer_literal(ctx.document.number_text(value)) => {
                        Some(format!(
                            "`size` is {}, outside the int64 range (at most 9223372036854775807) that image-spec and Go's decoding allow",
                            ctx.document.number_text(value)
                        ))
                    }
                    Value::Number => Some(format!(
                        "`size` is written `{}`; it must be an integer literal such as `1234`",
                        ctx.document.number_text(value)
                    )),
                    _ => Some(format!(
                        "`size` is {}; it must be an integer",
                        value.type_name()
                    )),
                },
                _ => match value.as_str() {
                    Some("") => Some(format!("`{field}` is empty")),
                    Some(_) => None,
                    None => Some(format!(
                        "`{field}` is {}; it must be a string",
                        value.type_name()
                    )),
                },
            };
            if let Some(message) = problem {
                out.emit(value.range, site.pointer.key(field), message);
            }
        }
    }
}

/// `-?[0-9]+`: an integer written without fraction or exponent.
fn is_integer_literal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}
