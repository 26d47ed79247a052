//! Fixes: what a rule offers to repair a diagnostic, as text edits on the original bytes so
//! formatting and key order are kept and a diff shows only what changed.
//!
//! [`edit`] builds the edits (replace a value, insert or remove a member, rename a key) from
//! the positioned tree; [`apply_edits`] applies a set of them.

pub mod edit;

use serde::{Deserialize, Serialize};

use crate::diagnostic::FixSafety;
use crate::text::{LineIndex, TextRange};

pub use edit::Editor;

/// One replacement of a byte range of the original input.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RawEdit {
    pub range: TextRange,
    pub replacement: String,
}

impl RawEdit {
    /// Replaces bytes `start..end` with `replacement`.
    pub fn new(start: usize, end: usize, replacement: impl Into<String>) -> Self {
        RawEdit {
            range: TextRange::new(start, end),
            replacement: replacement.into(),
        }
    }
}

/// A fix as a rule builds it: byte positions only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFix {
    pub title: String,
    pub safety: FixSafety,
    pub edits: Vec<RawEdit>,
    /// Blobs the edits remove from this document that go into a new artifact instead.
    pub split_off: Option<SplitOff>,
}

/// What a split moves out of an image into an OCI 1.1 artifact whose `subject` is the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitOff {
    pub artifact_type: String,
    /// The moved layer descriptors, as they were in the image.
    pub(crate) layers: Vec<crate::rewrite::generate::Json>,
}

/// A fix as every boundary sees it: a title that says what it does (imperative), how safe
/// it is, and the edits with byte and UTF-16 positions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    pub title: String,
    pub safety: FixSafety,
    /// Sorted by position and never overlapping; ranges are of the original input.
    pub edits: Vec<Edit>,
    /// A new document the fix also creates (the artifact of a split), in words; `ocilint fix`
    /// and `rewrite` produce it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creates: Option<String>,
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub(crate) split_off: Option<SplitOff>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Edit {
    /// Byte offsets into the input, end exclusive.
    pub range: TextRange,
    /// The same range in UTF-16 code units, for JavaScript editors.
    pub utf16_range: TextRange,
    /// The text that replaces the range (empty to delete it).
    pub replacement: String,
}

impl Fix {
    pub(crate) fn locate(raw: RawFix, lines: &LineIndex<'_>) -> Self {
        Fix {
            title: raw.title,
            safety: raw.safety,
            creates: raw.split_off.as_ref().map(|split| {
                format!(
                    "an OCI artifact (`artifactType` `{}`) holding the {} moved layer(s), whose `subject` is this image",
                    split.artifact_type,
                    split.layers.len()
                )
            }),
            split_off: raw.split_off,
            edits: raw
                .edits
                .into_iter()
                .map(|edit| Edit {
                    utf16_range: TextRange {
                        start: lines.utf16_offset(edit.range.start),
                        end: lines.utf16_offset(edit.range.end),
                    },
                    range: edit.range,
                    replacement: edit.replacement,
                })
                .collect(),
        }
    }

    /// The edits with byte positions only.
    pub fn raw_edits(&self) -> Vec<RawEdit> {
        self.edits
            .iter()
            .map(|edit| RawEdit {
                range: edit.range,
                replacement: edit.replacement.clone(),
            })
            .collect()
    }
}

/// Why a set of edits cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// An edit reaches past the end of the input.
    OutOfBounds { range: TextRange, len: usize },
    /// Two edits touch the same bytes; applying both would lose one.
    Overlap { first: TextRange, second: TextRange },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::OutOfBounds { range, len } => write!(
                f,
                "the edit of bytes {}..{} reaches past the end of the {len}-byte input",
                range.start, range.end
            ),
            EditError::Overlap { first, second } => write!(
                f,
                "the edits of bytes {}..{} and {}..{} overlap",
                first.start, first.end, second.start, second.end
            ),
        }
    }
}

impl std::error::Error for EditError {}

/// Applies edits to `source`. Edits may come in any order; two that overlap (or insert at the
/// same place) are refused rather than guessed at.
pub fn apply_edits(source: &[u8], edits: &[RawEdit]) -> Result<Vec<u8>, EditError> {
    let mut sorted: Vec<&RawEdit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.range.start, edit.range.end));
    sorted.dedup();
    let mut out = Vec::with_capacity(source.len() + 64);
    let mut at = 0usize;
    let mut previous: Option<TextRange> = None;
    for edit in sorted {
        let range = edit.range;
        if range.end as usize > source.len() || range.start > range.end {
            return Err(EditError::OutOfBounds {
                range,
                len: source.len(),
            });
        }
        if let Some(prev) = previous {
            let touches = range.start < prev.end || (range.start == prev.start);
            if touches {
                return Err(EditError::Overlap {
                    first: prev,
                    second: range,
                });
            }
        }
        out.extend_from_slice(&source[at..range.start as usize]);
        out.extend_from_slice(edit.replacement.as_bytes());
        at = range.end as usize;
        previous = Some(range);
    }
    out.extend_from_slice(&source[at..]);
    Ok(out)
}

/// Whether two sets of edits can be applied together.
pub(crate) fn overlaps(a: &[RawEdit], b: &[RawEdit]) -> bool {
    a.iter().any(|x| {
        b.iter().any(|y| {
            x.range.start < y.range.end && y.range.start < x.range.end
                || x.range.start == y.range.start
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, text: &str) -> RawEdit {
        RawEdit::new(start, end, text)
    }

    #[test]
    fn applies_in_any_order() {
        let out = apply_edits(
            b"abcdef",
            &[edit(4, 5, "E"), edit(0, 1, "A"), edit(2, 2, "+")],
        );
        assert_eq!(out.unwrap(), b"Ab+cdEf");
    }

    #[test]
    fn refuses_overlap_and_out_of_bounds() {
        assert!(matches!(
            apply_edits(b"abcdef", &[edit(1, 3, "x"), edit(2, 4, "y")]),
            Err(EditError::Overlap { .. })
        ));
        assert!(matches!(
            apply_edits(b"abc", &[edit(1, 9, "x")]),
            Err(EditError::OutOfBounds { .. })
        ));
        assert!(matches!(
            apply_edits(b"abc", &[edit(1, 1, "x"), edit(1, 1, "y")]),
            Err(EditError::Overlap { .. })
        ));
    }
}
