//! JSON007: integers beyond what a double represents exactly.

use super::super::prelude::*;
use crate::json::Walk;

declare_rule! {
    code: "JSON007",
    name: "json-number-precision",
    severity: Warning,
    since: "0.1.0",
    summary: "Integers should stay within ±(2^53 − 1), the range IEEE 754 doubles hold exactly.",
    why: "image-spec adopts I-JSON, which limits numbers to double precision. JavaScript, \
          jq and many JSON libraries read numbers as doubles, so a `size` of \
          9007199254740993 becomes 9007199254740992 there: tools then disagree with Go \
          registries about the blob's size and verification fails.",
    how_to_fix: "Check the value: no blob is larger than 2^53 − 1 bytes (8 PiB), so such a \
                 size is almost certainly wrong.",
    url: "https://www.rfc-editor.org/rfc/rfc7493#section-2.2",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 9007199254740993}"#),
        valid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 9007199254740991}"#),
    ],
    check: Document(check),
}

/// 2^53 − 1.
const MAX_SAFE: u64 = 9_007_199_254_740_991;

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let mut walk = Walk::new(ctx.root);
    while let Some(node) = walk.next_node() {
        if !matches!(node.value, Value::Number) {
            continue;
        }
        let text = ctx.document.number_text(node);
        if is_unsafe_integer(text) {
            out.emit(
                node.range,
                walk.pointer(),
                format!(
                    "{text} is beyond ±(2^53 − 1); JavaScript and other double-based parsers read a different number"
                ),
            );
        }
    }
}

/// An integer literal (no fraction or exponent) whose magnitude exceeds 2^53 − 1.
fn is_unsafe_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    digits.len() >= 16 && digits.parse::<u64>().map_or(true, |n| n > MAX_SAFE)
}

#[cfg(test)]
mod tests {
    use super::is_unsafe_integer;

    #[test]
    fn boundaries() {
        assert!(!is_unsafe_integer("9007199254740991"));
        assert!(is_unsafe_integer("9007199254740992"));
        assert!(is_unsafe_integer("-9007199254740993"));
        assert!(is_unsafe_integer("123456789012345678901234567890"));
        assert!(!is_unsafe_integer("1e300"));
        assert!(!is_unsafe_integer("2"));
    }
}
