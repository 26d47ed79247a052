//! JSON004: no lone surrogates in `\u` escapes.

use super::super::prelude::*;
use crate::json::IssueKind;

declare_rule! {
    code: "JSON004",
    name: "json-no-lone-surrogates",
    severity: Warning,
    since: "0.1.0",
    summary: "A `\\u` escape must not name half of a UTF-16 surrogate pair on its own.",
    why: "I-JSON (RFC 7493), which image-spec adopts, forbids strings with lone surrogates: \
          they are not Unicode text, and parsers replace, reject or keep them differently, \
          so two tools can read different annotation values from the same bytes.",
    how_to_fix: "Write the character itself, or escape both halves of its surrogate pair \
                 (e.g. `\\ud83d\\ude00`).",
    url: "https://www.rfc-editor.org/rfc/rfc7493#section-2.1",
    examples: [
        invalid(r#"{"annotations": {"k": "\ud800"}}"#),
        valid(r#"{"annotations": {"k": "\ud83d\ude00"}}"#),
    ],
    check: Parser(&[IssueKind::LoneSurrogate]),
}
