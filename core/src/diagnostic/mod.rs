//! Diagnostics: what is wrong, where (byte range, line/column, UTF-16 range, JSON Pointer),
//! why, and how to fix it; and helpers for their messages: [`shorten`], which quotes values,
//! and [`describe_wrong_media_type`], which explains a near-miss of a document's `mediaType`.

mod fix;
mod place;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use fix::{Edit, Fix, RawFix};
pub use place::{Part, Place, RawPointer, Slot};

use crate::kind::Kind;
use crate::text::{LineIndex, TextRange};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// How safe a fix is to apply without review (its applicability). Whether a rule offers fixes
/// at all is its fix availability: `never`, `sometimes` or `always`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum FixSafety {
    /// Meaning unchanged (e.g. adding a `mediaType` that the content determines).
    Safe,
    /// Changes how consumers read the document (e.g. Docker to OCI conversion).
    Unsafe,
    /// We cannot know the right value; the fix is shown, not applied.
    DisplayOnly,
}

impl FixSafety {
    /// The name used in every output: `safe`, `unsafe`, `display-only` (a rule that offers no
    /// fix shows `none` as its `fix`: `RuleFix::as_str` in the rules layer).
    pub fn as_str(self) -> &'static str {
        match self {
            FixSafety::Safe => "safe",
            FixSafety::Unsafe => "unsafe",
            FixSafety::DisplayOnly => "display-only",
        }
    }
}

/// Whether a rule offers fixes, apart from how safe each one is ([`FixSafety`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum FixAvailability {
    /// None of its diagnostics carries a fix.
    Never,
    /// Some do: the right edit cannot always be known.
    Sometimes,
    /// Every one does.
    Always,
}

impl FixAvailability {
    /// The name used in every output: `never`, `sometimes`, `always`.
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::Never => "never",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        }
    }
}

/// A diagnostic as a rule emits it: byte positions only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDiagnostic {
    pub code: &'static str,
    pub severity: Severity,
    /// Shared: a rule that finds the same thing at every entry of a large index says the same
    /// words each time, and one copy serves them all (see [`RawDiagnostic::push`]).
    pub message: Arc<str>,
    pub pointer: RawPointer,
    pub range: TextRange,
    /// Shared: a rule that points every entry of an index at the same first one says the same
    /// related place each time, and one list serves them all (see [`RawDiagnostic::push`]).
    pub related: Arc<[RawRelated]>,
    /// Boxed: most diagnostics have none, and an index with a finding per entry has tens of
    /// thousands of them.
    pub fix: Option<Box<RawFix>>,
}

/// Sorts diagnostics by position, then code, and otherwise in the order they were found. A
/// stable sort of the diagnostics themselves copies half of them aside (4 MB of an index
/// with 20,000 findings, at the peak of its check): their indices are sorted instead, and the
/// diagnostics moved into place one cycle of the permutation at a time.
pub(crate) fn sort_by_position(raw: &mut [RawDiagnostic]) {
    let key = |d: &RawDiagnostic| (d.range.start, d.code);
    if raw.is_sorted_by_key(key) {
        return;
    }
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by_key(|&i| key(&raw[i]));
    // Position `j` takes what was at `order[j]`.
    for start in 0..raw.len() {
        let mut j = start;
        loop {
            let k = order[j];
            order[j] = j;
            if k == start {
                break;
            }
            raw.swap(j, k);
            j = k;
        }
    }
}

/// Another place that explains a diagnostic (the first of two duplicate keys, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRelated {
    /// Most are the same words for every diagnostic of a rule ("first occurrence"): borrowed,
    /// not allocated for each of thousands.
    pub message: std::borrow::Cow<'static, str>,
    pub pointer: RawPointer,
    pub range: TextRange,
}

/// A diagnostic with every position a consumer needs. This is the type serialized at every
/// boundary (CLI JSON, wasm API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub code: &'static str,
    /// The rule's name, e.g. `schema-version`.
    pub rule: &'static str,
    pub severity: Severity,
    // Shared with the raw diagnostic: a rule that says the same words at each of an index's
    // entries keeps one copy of them in the report too (50 MB at 320,000 entries otherwise).
    pub message: Arc<str>,
    /// RFC 6901 JSON Pointer to the value concerned; `""` is the whole document.
    pub pointer: String,
    /// 1-based line of the range start.
    pub line: u32,
    /// 1-based column of the range start, in Unicode scalar values.
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// Byte offsets into the input, end exclusive.
    pub range: TextRange,
    /// UTF-16 code-unit offsets, for JavaScript editors.
    pub utf16_range: TextRange,
    /// How to fix it, from the rule's docs.
    pub help: &'static str,
    /// The specification text the rule enforces.
    pub url: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// The rewrite that repairs it, when the rule offers one.
    // Boxed: most diagnostics have none, and inline it made each of them over 400 bytes: 33 MB
    // for an index with a finding on each of 80,000 entries, 9 MB more than boxed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Box<Fix>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Related {
    // Borrowed when a rule says the same words at every place (a copy for each of an index's
    // 80,000 findings otherwise).
    pub message: std::borrow::Cow<'static, str>,
    pub pointer: String,
    pub line: u32,
    pub column: u32,
    pub range: TextRange,
    pub utf16_range: TextRange,
}

impl Diagnostic {
    pub(crate) fn locate(
        raw: RawDiagnostic,
        rule: &'static str,
        help: &'static str,
        url: &'static str,
        lines: &LineIndex<'_>,
    ) -> Self {
        let start = lines.line_column(raw.range.start);
        let end = lines.line_column(raw.range.end);
        Diagnostic {
            code: raw.code,
            rule,
            severity: raw.severity,
            message: raw.message,
            pointer: raw.pointer.into_string(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            range: raw.range,
            utf16_range: utf16(raw.range, lines),
            help,
            url,
            related: raw
                .related
                .iter()
                .map(|r| {
                    let at = lines.line_column(r.range.start);
                    Related {
                        message: r.message.clone(),
                        pointer: r.pointer.text().into_owned(),
                        line: at.line,
                        column: at.column,
                        range: r.range,
                        utf16_range: utf16(r.range, lines),
                    }
                })
                .collect(),
            fix: raw.fix.map(|fix| Box::new(Fix::locate(*fix, lines))),
        }
    }
}

fn utf16(range: TextRange, lines: &LineIndex<'_>) -> TextRange {
    TextRange {
        start: lines.utf16_offset(range.start),
        end: lines.utf16_offset(range.end),
    }
}

/// A JSON Pointer as people read it: the whole document (the empty pointer) as `/`.
pub fn pointer_label(pointer: &str) -> &str {
    if pointer.is_empty() {
        "/"
    } else {
        pointer
    }
}

/// `text` in backticks, cut to `max` characters with an ellipsis, for messages.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        format!("`{text}`")
    } else {
        let head: String = text.chars().take(max).collect();
        format!("`{head}…`")
    }
}

/// Explains why `value` is not exactly the media type `expected` that a document's own
/// `mediaType` must be (`what` names the document, e.g. "an OCI image manifest"), the way a
/// user can act on it: parameters, spaces, letter case, a suffix, or another document's type.
pub fn describe_wrong_media_type(value: &str, expected: &str, what: &str) -> String {
    let must = format!("the `mediaType` of {what} must be exactly `{expected}`");
    if value.is_empty() {
        return format!("`mediaType` is empty; {must}");
    }
    if value.contains(';') && value.split(';').next().map(str::trim) == Some(expected) {
        return format!(
            "`{value}` carries parameters; {must}, without `;` and what follows (parameters belong, at most, in an HTTP header)"
        );
    }
    if value.trim() != value && value.trim() == expected {
        return format!("`{value}` has spaces around it; {must}");
    }
    if value.eq_ignore_ascii_case(expected) {
        return format!(
            "`{value}` differs from `{expected}` only in letter case; registries and runtimes compare media types as exact strings, so {must}"
        );
    }
    if let Some(rest) = value.strip_prefix(expected) {
        return format!("`{value}` has `{rest}` after the media type; {must}");
    }
    match Kind::from_media_type(value) {
        Some(kind) if !kind.declares_own_media_type() => format!(
            "`{value}` is the media type of {}, not of this document; {must}",
            kind.describe()
        ),
        _ => format!("`{value}` is not the media type of this document; {must}"),
    }
}

/// A hint for an array entry that should be a descriptor but is a string: a bare digest
/// names the content but not its media type and size.
pub fn bare_digest_hint(item: &crate::json::Node) -> &'static str {
    match item.as_str() {
        Some(text) if text.contains(':') => {
            " (a bare digest is not enough: a descriptor also names the media type and size)"
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Sorting in place is the stable sort: by position and code, else as found.
        #[test]
        fn sorting_by_position_is_the_stable_sort(
            found in proptest::collection::vec((0u32..6, 0usize..3), 0..60)
        ) {
            const CODES: [&str; 3] = ["A", "B", "C"];
            let raw: Vec<RawDiagnostic> = found
                .iter()
                .enumerate()
                .map(|(i, &(start, code))| RawDiagnostic {
                    code: CODES[code],
                    severity: Severity::Info,
                    message: i.to_string().into(),
                    pointer: RawPointer::Place(Place::ROOT),
                    range: TextRange::new(start as usize, start as usize + 1),
                    related: Arc::default(),
                    fix: None,
                })
                .collect();
            let mut expected = raw.clone();
            expected.sort_by(|a, b| (a.range.start, a.code).cmp(&(b.range.start, b.code)));
            let mut sorted = raw;
            sort_by_position(&mut sorted);
            proptest::prop_assert_eq!(sorted, expected);
        }
    }

    #[test]
    fn shortens_long_values() {
        assert_eq!(shorten("abc", 5), "`abc`");
        assert_eq!(shorten("abcdefgh", 5), "`abcde…`");
    }
}
