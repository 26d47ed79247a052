//! What the page shows about a checked document: the engine's report as it crosses from the
//! worker (a plain JS object, the same shape as the CLI's JSON), read back into Rust.

use serde::Deserialize;

/// One document's report.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Checked {
    pub(crate) kind: String,
    pub(crate) media_type: Option<String>,
    pub(crate) digest: String,
    pub(crate) size: u64,
    pub(crate) diagnostics: Vec<Finding>,
    pub(crate) targets: Vec<TargetView>,
}

impl Checked {
    pub(crate) fn count(&self, severity: &str) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The first diagnostic at `pointer` or inside it, to jump to from a target's verdict.
    pub(crate) fn place_of(&self, pointer: &str) -> Option<Span> {
        self.diagnostics
            .iter()
            .find(|d| d.pointer == pointer)
            .or_else(|| {
                self.diagnostics
                    .iter()
                    .find(|d| d.pointer.starts_with(pointer))
            })
            .map(|d| d.utf16_range)
    }
}

/// A diagnostic.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Finding {
    pub(crate) code: String,
    pub(crate) rule: String,
    pub(crate) severity: String,
    pub(crate) message: String,
    pub(crate) pointer: String,
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) utf16_range: Span,
    pub(crate) help: String,
    pub(crate) url: String,
    #[serde(default)]
    pub(crate) fix: Option<FixView>,
}

/// A diagnostic's fix: what it does and how safe it is.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct FixView {
    pub(crate) title: String,
    /// `safe`, `unsafe` or `display-only`.
    pub(crate) safety: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub(crate) struct Span {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

/// One registry's or runtime's verdict.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TargetView {
    pub(crate) target: String,
    pub(crate) version: String,
    pub(crate) operation: String,
    pub(crate) verdict: String,
    pub(crate) message: Option<String>,
    pub(crate) codes: Vec<String>,
    pub(crate) pointers: Vec<String>,
    pub(crate) source: String,
}
