//! DSC008: a descriptor's `data` is strict, padded, standard-alphabet Base 64 (RFC 4648 §4).

use super::super::prelude::*;
use crate::encoding;

declare_rule! {
    code: "DSC008",
    name: "desc-data-base64",
    severity: Error,
    since: "0.1.0",
    summary: "A descriptor's `data` must be padded Base 64 in the standard alphabet (RFC 4648 §4).",
    why: "image-spec says `data` MUST be Base 64 as RFC 4648 defines it: the alphabet \
          `A–Z a–z 0–9 + /`, `=` padding to a multiple of 4 characters, nothing else. Go \
          programs (distribution, containerd, image-spec's own validator) decode `data` into \
          a byte slice with `encoding/json`, which refuses missing padding and the URL-safe \
          alphabet with `illegal base64 data at input byte N`, so the whole document fails to \
          parse. Strict decoders, such as Rust's `base64` crate, also refuse line breaks \
          (which Go skips) and a last character whose unused bits are not zero.",
    how_to_fix: "Re-encode the exact blob bytes with standard, padded Base 64 on one line \
                 (`base64 -w0 FILE`), e.g. `e30=` for the two bytes `{}`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2, "data": "e30"}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example+type", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2, "data": "e3_="}, "layers": []}"#),
        valid(examples::EMPTY_DESCRIPTOR_WITH_DATA),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(member) = site.node.get("data") else {
            continue;
        };
        let pointer = site.pointer.key("data");
        let Some(text) = member.value.as_str() else {
            out.emit(
                member.value.range,
                pointer,
                format!(
                    "`data` is {}; it must be a string of Base 64",
                    member.value.type_name()
                ),
            );
            continue;
        };
        if let Err(error) = encoding::decode(text) {
            out.emit(
                member.value.range,
                pointer,
                format!(
                    "`data` ({}) is not strict Base 64: {}",
                    shorten(text, 24),
                    error.describe()
                ),
            );
        }
    }
}
