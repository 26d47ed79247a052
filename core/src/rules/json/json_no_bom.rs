//! JSON003: no byte-order mark.

use super::super::prelude::*;
use crate::json::IssueKind;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "JSON003",
        name: "json-no-bom",
        covers: &["json-no-bom"],
        severity: Severity::Warning,
        fix: FixSafety::None,
        summary: "The document must not start with a byte-order mark.",
        #[cfg(feature = "docs")]
        why: "RFC 8259 forbids adding a BOM to JSON, and many parsers (Go's encoding/json among \
              them) reject it. Editors on Windows add one silently; it also changes the digest.",
        how_to_fix: "Save the file as UTF-8 without BOM and recompute its digest.",
        url: "https://www.rfc-editor.org/rfc/rfc8259#section-8.1",
        #[cfg(feature = "docs")]
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"\xEF\xBB\xBF{\"schemaVersion\": 2}",
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
    check: Check::Parser(&[IssueKind::ByteOrderMark]),
};
