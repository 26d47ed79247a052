//! JSON004: no lone surrogates in `\u` escapes.

use super::super::prelude::*;
use crate::json::IssueKind;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "JSON004",
        name: "json-no-lone-surrogates",
        covers: &["json-no-lone-surrogates"],
        severity: Severity::Warning,
        fix: FixSafety::None,
        summary: "A `\\u` escape must not name half of a UTF-16 surrogate pair on its own.",
        #[cfg(feature = "docs")]
        why: "I-JSON (RFC 7493), which image-spec adopts, forbids strings with lone surrogates: \
              they are not Unicode text, and parsers replace, reject or keep them differently, \
              so two tools can read different annotation values from the same bytes.",
        how_to_fix: "Write the character itself, or escape both halves of its surrogate pair \
                     (e.g. `\\ud83d\\ude00`).",
        url: "https://www.rfc-editor.org/rfc/rfc7493#section-2.1",
        #[cfg(feature = "docs")]
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"{\"annotations\": {\"k\": \"\\ud800\"}}",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: b"{\"annotations\": {\"k\": \"\\ud83d\\ude00\"}}",
                pad_to: 0,
            },
        ],
    },
    check: Check::Parser(&[IssueKind::LoneSurrogate]),
};
