//! A diagnostic's fix: what a rule offers to repair it, as text edits with how safe they are.

use serde::{Deserialize, Serialize};

use crate::fix::RawEdit;
use crate::text::{LineIndex, TextRange};
use crate::transform::split::SplitOff;

use super::FixSafety;

/// A fix as a rule builds it: byte positions only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFix {
    pub title: String,
    pub safety: FixSafety,
    pub edits: Vec<RawEdit>,
    /// Blobs the edits remove from this document that go into a new artifact instead.
    pub split_off: Option<SplitOff>,
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
    pub(crate) fn locate(mut raw: RawFix, lines: &LineIndex<'_>) -> Self {
        // Rules build edits in the order they think of them; consumers get them in order.
        raw.edits
            .sort_by_key(|edit| (edit.range.start, edit.range.end));
        Fix {
            title: raw.title,
            safety: raw.safety,
            creates: raw.split_off.as_ref().map(|split| {
                format!(
                    "an OCI artifact (`artifactType` `{}`) holding the {} moved layer(s), whose `subject` is this image",
                    split.artifact_type,
                    split.layer_count()
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
