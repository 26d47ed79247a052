//! DSC002: a descriptor's `size` is not negative.

use super::super::prelude::*;

declare_rule! {
    code: "DSC002",
    name: "desc-size-non-negative",
    severity: Error,
    since: "0.1.0",
    spec_versions: ["main"],
    summary: "A descriptor's `size` must not be negative.",
    why: "`size` is the number of bytes of the referenced content, so a negative value can \
          only be a mistake. image-spec's `main` branch states it (\"The size MUST NOT be \
          negative\") and its schema has `minimum: 0`; its test suite rejects `-7682`. Quay \
          refuses such a manifest (`invalid layer size`), and clients that preallocate or \
          compare lengths fail on it. v1.1.0 and v1.1.1 only give `size` as an int64 (commit \
          02ba6e2 added the MUST), so `spec@1.1.0` and `spec@1.1.1` do not count it.",
    how_to_fix: "Write the blob's length in bytes (`stat -c %s FILE`, or the registry's \
                 `Content-Length`).",
    url: "https://github.com/opencontainers/image-spec/blob/main/descriptor.md#properties",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": -7682, "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270"}"#),
        valid(r#"{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7682, "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270"}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(member) = site.node.get("size") else {
            continue;
        };
        if !matches!(member.value.value, Value::Number) {
            continue;
        }
        let text = ctx.document.number_text(&member.value);
        // Integer literals only: fractions and exponents are `desc-size-integer`'s finding.
        let Some(digits) = text.strip_prefix('-') else {
            continue;
        };
        if digits.is_empty()
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || digits.bytes().all(|b| b == b'0')
        {
            continue;
        }
        out.emit(
            member.value.range,
            site.pointer.key("size"),
            format!("`size` is {text}; a size counts bytes and cannot be negative"),
        );
    }
}
