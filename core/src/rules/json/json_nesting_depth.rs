//! JSON006: bounded nesting.

use super::super::prelude::*;
use crate::json::IssueKind;

declare_rule! {
    code: "JSON006",
    name: "json-nesting-depth",
    severity: Error,
    since: "0.1.0",
    summary: "The document must not nest arrays and objects more than 512 levels deep.",
    why: "No manifest, index or config nests deeper than a few levels. Very deep nesting is \
          how hostile documents crash recursive parsers, and registries and runtimes cap \
          it (Go's encoding/json stops at 10,000 levels).",
    how_to_fix: "Remove the nesting; this is not a document any registry will accept.",
    url: "https://www.rfc-editor.org/rfc/rfc8259#section-9",
    examples: [
        invalid(r#"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["#),
        valid(r#"[[[[[[[[[[1]]]]]]]]]]"#),
    ],
    check: Parser(&[IssueKind::TooDeep]),
}
