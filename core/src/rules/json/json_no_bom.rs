//! JSON003: no byte-order mark.

use super::super::prelude::*;
use crate::json::IssueKind;

declare_rule! {
    code: "JSON003",
    name: "json-no-bom",
    severity: Warning,
    since: "0.1.0",
    summary: "The document must not start with a byte-order mark.",
    why: "RFC 8259 forbids adding a BOM to JSON, and many parsers (Go's encoding/json among \
          them) reject it. Editors on Windows add one silently; it also changes the digest.",
    how_to_fix: "Save the file as UTF-8 without BOM and recompute its digest.",
    url: "https://www.rfc-editor.org/rfc/rfc8259#section-8.1",
    examples: [
        invalid(bytes: b"\xEF\xBB\xBF{\"schemaVersion\": 2}"),
        valid(examples::SCHEMA_VERSION_ONLY),
    ],
    check: Parser(&[IssueKind::ByteOrderMark]),
}
