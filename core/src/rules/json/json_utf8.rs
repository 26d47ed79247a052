//! JSON002: the bytes must be UTF-8.

use super::super::prelude::*;
use crate::json::IssueKind;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "JSON002",
        name: "json-utf8",
        covers: &["json-utf8"],
        severity: Severity::Error,
        fix: FixSafety::None,
        summary: "The document must be encoded as UTF-8.",
        #[cfg(feature = "docs")]
        why: "image-spec requires I-JSON, which is UTF-8. Bytes that are not UTF-8 are read \
              differently by different parsers (rejected, replaced or passed through), and the \
              digest is over the bytes as they are, so no parser can repair them without \
              changing the document's identity.",
        how_to_fix: "Re-save the document as UTF-8 (not Latin-1 or UTF-16) and recompute its \
                     digest.",
        url: "https://github.com/opencontainers/image-spec/blob/main/considerations.md#json",
        #[cfg(feature = "docs")]
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"{\"annotations\": {\"k\": \"caf\xE9\"}}",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: "{\"annotations\": {\"k\": \"café\"}}".as_bytes(),
                pad_to: 0,
            },
        ],
    },
    check: Check::Parser(&[IssueKind::InvalidUtf8]),
};
