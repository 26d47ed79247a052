//! JSON006: bounded nesting.

use super::super::prelude::*;
use crate::json::IssueKind;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "JSON006",
        name: "json-nesting-depth",
        covers: &["json-nesting-depth"],
        severity: Severity::Error,
        fix: FixSafety::None,
        summary: "The document must not nest arrays and objects more than 512 levels deep.",
        #[cfg(feature = "docs")]
        why: "No manifest, index or config nests deeper than a few levels. Very deep nesting is \
              how hostile documents crash recursive parsers, and registries and runtimes cap \
              it (Go's encoding/json stops at 10,000 levels).",
        how_to_fix: "Remove the nesting; this is not a document any registry will accept.",
        url: "https://www.rfc-editor.org/rfc/rfc8259#section-9",
        #[cfg(feature = "docs")]
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: b"[[[[[[[[[[1]]]]]]]]]]",
                pad_to: 0,
            },
        ],
    },
    check: Check::Parser(&[IssueKind::TooDeep]),
};
