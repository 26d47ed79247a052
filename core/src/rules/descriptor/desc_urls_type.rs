//! DSC004: a descriptor's `urls` is an array of strings.

use super::super::prelude::*;

declare_rule! {
    code: "DSC004",
    name: "desc-urls-type",
    severity: Error,
    since: "0.1.0",
    summary: "A descriptor's `urls` must be an array of strings.",
    why: "image-spec defines `urls` as an array of strings and its schema checks the type. \
          Go consumers (distribution, containerd, moby) decode it into `[]string`, so a \
          single string or an array holding anything else makes the whole document fail to \
          parse (`json: cannot unmarshal string into Go struct field … of type []string`).",
    how_to_fix: "Wrap a single URL in an array (`\"urls\": [\"https://example.com/layer.tar.gz\"]`), \
                 or remove `urls` if there is none.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654, "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "urls": "https://example.com/layer.tar.gz"}"#),
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654, "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "urls": [{"url": "https://example.com/layer.tar.gz"}]}"#),
        valid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654, "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "urls": ["https://example.com/layer.tar.gz"]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(member) = site.node.get("urls") else {
            continue;
        };
        let pointer = site.pointer.key("urls");
        match &member.value.value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    if item.as_str().is_none() {
                        out.emit(
                            item.range,
                            pointer.index(index),
                            format!(
                                "this `urls` entry is {}; every entry must be a URL string",
                                item.type_name()
                            ),
                        );
                    }
                }
            }
            Value::String(text) => {
                out.emit(
                    member.value.range,
                    pointer,
                    format!(
                        "`urls` is a single string; it must be an array, e.g. `[\"{}\"]`",
                        text.escape_debug()
                    ),
                );
            }
            Value::Null => {
                out.emit(
                    member.value.range,
                    pointer,
                    "`urls` is null; leave it out when there are no URLs, or give an array",
                );
            }
            _ => {
                out.emit(
                    member.value.range,
                    pointer,
                    format!(
                        "`urls` is {}; it must be an array of URL strings",
                        member.value.type_name()
                    ),
                );
            }
        }
    }
}
