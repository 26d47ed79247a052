//! JSON001: the bytes must be JSON.

use super::super::prelude::*;
use crate::json::IssueKind;

declare_rule! {
    code: "JSON001",
    name: "json-well-formed",
    severity: Error,
    since: "0.1.0",
    summary: "The document must be well-formed JSON (RFC 8259).",
    why: "Every `+json` media type carries JSON. A registry refuses a manifest it cannot \
          parse (`MANIFEST_INVALID`), and a runtime cannot read its layers. Trailing commas, \
          comments, single quotes, raw control characters in strings and a second value after \
          the first are common mistakes. Damage from copying and pasting (a prompt line, a \
          Markdown fence, curly quotes, prose after the value, compressed bytes) is named by \
          the `input` rules instead, with its repair.",
    how_to_fix: "Correct the JSON at the position shown: remove the trailing comma or the \
                 extra text, quote the member name, or escape the control character.",
    url: "https://www.rfc-editor.org/rfc/rfc8259",
    examples: [
        invalid(r#"{"schemaVersion": 2,}"#),
        invalid(r#"{"schemaVersion": 2} {"schemaVersion": 2}"#),
        valid(examples::SCHEMA_VERSION_ONLY),
    ],
    check: Parser(IssueKind::MALFORMED),
}
