//! JSON001: the bytes must be JSON.

use super::super::prelude::*;
use crate::json::IssueKind;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "JSON001",
        name: "json-well-formed",
        covers: &["json-well-formed"],
        severity: Severity::Error,
        fix: FixSafety::None,
        summary: "The document must be well-formed JSON (RFC 8259).",
        #[cfg(feature = "docs")]
        why: "Every `+json` media type carries JSON. A registry refuses a manifest it cannot \
              parse (`MANIFEST_INVALID`), and a runtime cannot read its layers. Trailing commas, \
              comments, single quotes, raw control characters in strings and text after the \
              closing brace are common copy-and-paste damage.",
        how_to_fix: "Correct the JSON at the position shown: remove the trailing comma or the \
                     extra text, quote the member name, or escape the control character.",
        url: "https://www.rfc-editor.org/rfc/rfc8259",
        #[cfg(feature = "docs")]
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"{\"schemaVersion\": 2,}",
                pad_to: 0,
            },
            Example {
                valid: false,
                content_type: None,
                document: b"{\"schemaVersion\": 2} trailing",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: b"{\"schemaVersion\": 2}",
                pad_to: 0,
            },
        ],
    },
    check: Check::Parser(&[
        IssueKind::Syntax,
        IssueKind::TrailingData,
        IssueKind::ControlCharacter,
        IssueKind::InvalidEscape,
    ]),
};
