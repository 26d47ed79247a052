//! JSON002: the bytes must be UTF-8.

use super::super::prelude::*;
use crate::json::IssueKind;

declare_rule! {
    code: "JSON002",
    name: "json-utf8",
    severity: Error,
    since: "0.1.0",
    spec_versions: ["main"],
    summary: "The document must be encoded as UTF-8.",
    why: "image-spec requires I-JSON, which is UTF-8. Bytes that are not UTF-8 are read \
          differently by different parsers (rejected, replaced or passed through), and the \
          digest is over the bytes as they are, so no parser can repair them without \
          changing the document's identity. The UTF-8 MUST is image-spec `main`'s (I-JSON, \
          commit aca17c0); v1.1.0 and v1.1.1 only ask for canonical JSON, so `spec@1.1.0` \
          and `spec@1.1.1` do not count it (RFC 8259 still asks UTF-8 of JSON exchanged \
          between systems).",
    how_to_fix: "Re-save the document as UTF-8 (not Latin-1 or UTF-16) and recompute its \
                 digest.",
    url: "https://github.com/opencontainers/image-spec/blob/main/considerations.md#json",
    examples: [
        invalid(bytes: b"{\"annotations\": {\"k\": \"caf\xE9\"}}"),
        valid(r#"{"annotations": {"k": "café"}}"#),
    ],
    check: Parser(&[IssueKind::InvalidUtf8]),
}
