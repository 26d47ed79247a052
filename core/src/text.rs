//! Byte ranges and their conversion to what people and editors count: 1-based line and column
//! (in Unicode scalar values) and UTF-16 offsets (what JavaScript strings index by).

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into the input bytes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        // Inputs are capped well below 4 GiB (see `json::MAX_INPUT_LEN`).
        TextRange {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn empty(at: usize) -> Self {
        TextRange::new(at, at)
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn as_usize(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineColumn {
    pub line: u32,
    pub column: u32,
}

/// Answers position questions about one input in O(log lines + 1 KiB) each, so that documents
/// with thousands of diagnostics on one long line stay fast.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    bytes: &'a [u8],
    line_starts: Vec<u32>,
    /// Every `ANCHOR_STRIDE` bytes: (scalar values, UTF-16 units) before that offset.
    anchors: Vec<(u32, u32)>,
}

const ANCHOR_STRIDE: usize = 1024;

impl<'a> LineIndex<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        let mut line_starts = vec![0];
        let mut anchors = Vec::with_capacity(bytes.len() / ANCHOR_STRIDE + 1);
        let (mut scalars, mut utf16) = (0u32, 0u32);
        for (index, block) in bytes.chunks(ANCHOR_STRIDE).enumerate() {
            anchors.push((scalars, utf16));
            let (s, u) = block_counts(block);
            scalars += s;
            utf16 += u;
            push_line_starts(block, index * ANCHOR_STRIDE, &mut line_starts);
        }
        if bytes.len().is_multiple_of(ANCHOR_STRIDE) {
            anchors.push((scalars, utf16));
        }
        LineIndex {
            bytes,
            line_starts,
            anchors,
        }
    }

    /// Scalar values and UTF-16 units in `bytes[..offset]`.
    fn counts_before(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.bytes.len());
        let anchor = offset / ANCHOR_STRIDE;
        let (scalars, utf16) = self.anchors[anchor];
        let start = anchor * ANCHOR_STRIDE;
        // A whole block that counted one scalar and one unit per byte (ASCII, as most
        // documents are) needs no scan: thousands of diagnostics each ask several times.
        let stride = ANCHOR_STRIDE as u32;
        if self
            .anchors
            .get(anchor + 1)
            .is_some_and(|&(s, u)| s - scalars == stride && u - utf16 == stride)
        {
            let before = (offset - start) as u32;
            return (scalars + before, utf16 + before);
        }
        let (s, u) = block_counts(&self.bytes[start..offset]);
        (scalars + s, utf16 + u)
    }

    pub fn line_column(&self, offset: u32) -> LineColumn {
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line] as usize;
        let column = self.counts_before(offset as usize).0 - self.counts_before(line_start).0;
        LineColumn {
            line: line as u32 + 1,
            column: column + 1,
        }
    }

    pub fn utf16_offset(&self, offset: u32) -> u32 {
        self.counts_before(offset as usize).1
    }
}

/// (scalar values, UTF-16 units) in `bytes`: one each per byte when they are all ASCII (the
/// usual document, checked a word at a time), else byte by byte.
/// Appends where each line after a `\n` of `block` (at `base`) starts. Eight bytes at a time:
/// a line is hundreds of bytes long, so nearly every word has none, and one test says so.
fn push_line_starts(block: &[u8], base: usize, line_starts: &mut Vec<u32>) {
    const NEWLINES: u64 = u64::from_ne_bytes([b'\n'; 8]);
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut push_from = |bytes: &[u8], at: usize| {
        line_starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(_, &byte)| byte == b'\n')
                .map(|(offset, _)| (at + offset) as u32 + 1),
        );
    };
    let mut words = block.chunks_exact(8);
    let mut at = base;
    for word in &mut words {
        let bytes: [u8; 8] = word.try_into().expect("chunks of eight");
        // A byte of `x` is zero where the word has a newline; this is non-zero exactly then.
        let x = u64::from_ne_bytes(bytes) ^ NEWLINES;
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            push_from(word, at);
        }
        at += 8;
    }
    push_from(words.remainder(), at);
}

fn block_counts(bytes: &[u8]) -> (u32, u32) {
    if bytes.is_ascii() {
        let len = bytes.len() as u32;
        return (len, len);
    }
    bytes.iter().fold((0, 0), |(scalars, utf16), &byte| {
        let (s, u) = counts(byte);
        (scalars + s, utf16 + u)
    })
}

/// How one byte counts toward (scalar values, UTF-16 units). A scalar starts at every byte
/// that is not a UTF-8 continuation byte; a 4-byte sequence is two UTF-16 units. Invalid UTF-8
/// bytes count as one each, which matches how a lossy decoder would show them.
#[inline]
fn counts(byte: u8) -> (u32, u32) {
    match byte {
        0x80..=0xBF => (0, 0),
        0xF0..=0xF7 => (1, 2),
        _ => (1, 1),
    }
}

/// A count and its noun, as messages say it: `1 error`, `2 errors` (regular plurals only).
pub fn plural(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_newline_starts_a_line_wherever_it_falls_in_a_word() {
        // Newlines at every offset modulo 8, in runs, at block boundaries and at the end, among
        // bytes one away from `\n` (`\t`, `\x0b`) that a word-at-a-time test could confuse.
        let mut bytes = Vec::new();
        for i in 0..3000usize {
            bytes.extend(std::iter::repeat_n(b"\t\x0bab"[i % 4], i % 13));
            bytes.push(b'\n');
            if i % 7 == 0 {
                bytes.push(b'\n');
            }
        }
        let expected: Vec<u32> = std::iter::once(0)
            .chain(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|&(_, &b)| b == b'\n')
                    .map(|(at, _)| at as u32 + 1),
            )
            .collect();
        assert!(bytes.len() > 4 * ANCHOR_STRIDE);
        assert_eq!(LineIndex::new(&bytes).line_starts, expected);
    }

    #[test]
    fn lines_and_columns_count_scalars() {
        let text = "{\n  \"é\": \"😀x\"\n}";
        let index = LineIndex::new(text.as_bytes());
        assert_eq!(index.line_column(0), LineColumn { line: 1, column: 1 });
        let x = text.find('x').unwrap() as u32;
        // `  "é": "😀x"`: x is the 10th scalar value on line 2.
        assert_eq!(
            index.line_column(x),
            LineColumn {
                line: 2,
                column: 10
            }
        );
        let end = text.len() as u32;
        assert_eq!(index.line_column(end), LineColumn { line: 3, column: 2 });
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let text = "a😀b";
        let index = LineIndex::new(text.as_bytes());
        assert_eq!(index.utf16_offset(text.find('b').unwrap() as u32), 3);
        assert_eq!(index.utf16_offset(text.len() as u32), 4);
    }

    #[test]
    fn anchors_give_the_same_answer_as_a_scan() {
        // Blocks of non-ASCII, of ASCII (counted a block at a time) and of both.
        let text =
            "é".repeat(3000) + "\n" + &"{\"a\": 1}\n".repeat(400) + &"😀".repeat(700) + "x\n";
        let index = LineIndex::new(text.as_bytes());
        for offset in (0..=text.len()).step_by(97) {
            let before = &text.as_bytes()[..offset];
            let expected_utf16: usize = before.iter().map(|&b| counts(b).1 as usize).sum();
            assert_eq!(index.utf16_offset(offset as u32) as usize, expected_utf16);
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |at| at + 1);
            let expected = LineColumn {
                line: before.iter().filter(|&&b| b == b'\n').count() as u32 + 1,
                column: before[line_start..]
                    .iter()
                    .map(|&b| counts(b).0)
                    .sum::<u32>()
                    + 1,
            };
            assert_eq!(index.line_column(offset as u32), expected, "at {offset}");
        }
    }
}
