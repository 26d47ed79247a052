//! DSC009: a descriptor's embedded `data` decodes to exactly `size` bytes.

use super::super::prelude::*;
use crate::encoding;

declare_rule! {
    code: "DSC009",
    name: "desc-data-size-match",
    covers: ["desc-data-size-match", "desc-data-length"],
    severity: Error,
    since: "0.1.0",
    summary: "A descriptor's `data` must decode to exactly `size` bytes.",
    why: "image-spec says the decoded `data` MUST be identical to the content the descriptor \
          references, and `size` is that content's length. When the two disagree, at least \
          one of them is wrong: consumers verify the inline bytes before using them \
          (regclient's `GetData` fails with `ErrParsingFailed`), and clients refuse a \
          fetched blob whose length differs from `size`. The Base 64 length alone gives it away: \
          `size` bytes always encode to 4 × ⌈size ÷ 3⌉ characters.",
    how_to_fix: "Set `size` to the length of the blob and `data` to the Base 64 of exactly \
                 those bytes; if unsure, drop `data` (it is optional) and keep the \
                 `digest` and `size` of the blob in the registry.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 3, "data": "e30="}"#),
        valid(examples::EMPTY_DESCRIPTOR_WITH_DATA),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(data) = site.node.get("data") else {
            continue;
        };
        let Some(size) = site.node.get("size") else {
            continue;
        };
        // Non-integer or negative sizes are other rules' findings.
        let Some(size_value) = ctx.document.integer(&size.value).filter(|s| *s >= 0) else {
            continue;
        };
        let Some(text) = data.value.as_str() else {
            continue;
        };
        let Ok(decoded) = encoding::decode(text) else {
            continue;
        };
        let decoded_len = decoded.len() as u64;
        // `size_value` is non-negative, so the conversion is exact.
        let size_value = size_value as u64;
        if decoded_len == size_value {
            continue;
        }
        let expected_chars = size_value.div_ceil(3).saturating_mul(4);
        let what = if decoded_len == 1 { "byte" } else { "bytes" };
        out.emit(
            data.value.range,
            site.pointer.key("data"),
            format!(
                "`data` ({}) decodes to {decoded_len} {what}, but `size` is {size_value} (which would take {expected_chars} Base 64 characters, not {})",
                shorten(text, 24),
                text.len()
            ),
        )
        .related(
            size.value.range,
            site.pointer.key("size"),
            format!("`size` says the content is {size_value} bytes"),
        );
    }
}
