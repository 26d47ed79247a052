//! Text edits on the original bytes, so formatting and key order are kept and a diff shows
//! only what changed: what fixes, conversions and rewrites are made of.
//!
//! [`edit`] builds the edits (replace a value, insert or remove a member, rename a key) from
//! the positioned tree; [`apply_edits`] applies a set of them. A diagnostic's fix (its title,
//! safety and edits) is [`crate::diagnostic::Fix`].

pub mod edit;

use crate::text::TextRange;

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

/// Merges an insertion with the edit that starts where it is inserted (a rename of the first
/// member, another insertion there), which [`apply_edits`] would refuse as an
/// overlap: the inserted text goes first.
pub fn merge_insertions(mut edits: Vec<RawEdit>) -> Vec<RawEdit> {
    // Stable: edits at one position keep the order they were built in.
    edits.sort_by_key(|edit| edit.range.start);
    let mut merged: Vec<RawEdit> = Vec::with_capacity(edits.len());
    for edit in edits {
        match merged.last_mut() {
            Some(last)
                if last.range.start == edit.range.start && last.range.start == last.range.end =>
            {
                last.replacement.push_str(&edit.replacement);
                last.range.end = edit.range.end;
            }
            _ => merged.push(edit),
        }
    }
    merged
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
