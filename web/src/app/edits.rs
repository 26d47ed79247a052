//! Edits instead of whole texts. From the editor to the page: the span a key press changed, in
//! the editor's UTF-16 units, which the page's [`Mirror`] of the text applies. From the page to
//! the worker: what changed between the bytes the worker holds and the bytes it is to check,
//! one span found by the common start and end. A key press in a 1.4 MB index then crosses
//! neither boundary as the whole document (`static/worker.js` applies the edit to its copy).

use std::ops::Range;

/// `old[from..to]` becomes `new[insert]`; the rest of `old` is `new` as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub(crate) from: usize,
    pub(crate) to: usize,
    pub(crate) insert: Range<usize>,
}

/// The one span that turns `old` into `new`: their common start and common end (which do not
/// overlap) are kept, what lies between is replaced.
pub(crate) fn edit_between(old: &[u8], new: &[u8]) -> Edit {
    let start = old
        .iter()
        .zip(new)
        .position(|(a, b)| a != b)
        .unwrap_or(old.len().min(new.len()));
    let room = old.len().min(new.len()) - start;
    let end = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .position(|(a, b)| a != b)
        .unwrap_or(room);
    Edit {
        from: start,
        to: old.len() - end,
        insert: start..new.len() - end,
    }
}

/// The byte offset in `text` of the UTF-16 offset `utf16` (what the editor counts in); the end
/// of the text past it. ASCII up to there, the common case, is answered without a walk.
pub(crate) fn byte_offset(text: &str, utf16: usize) -> usize {
    if let Some(prefix) = text.as_bytes().get(..utf16) {
        if prefix.is_ascii() {
            return utf16;
        }
    }
    let mut units = 0;
    for (index, c) in text.char_indices() {
        if units >= utf16 {
            return index;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// `text.encode_utf16().count()` without decoding: a character is one unit, or two from U+10000
/// (the four-byte ones), so it counts the bytes that start a character and those that start a
/// four-byte one. Decoding took some 200 ms of the page's thread for a 27 MB paste.
pub(crate) fn utf16_len(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// The editor's text as the page keeps it, changed by the editor's edits (a key press sends the
/// character typed and where, not the whole text) and by the page's own `show`.
#[derive(Debug, Default)]
pub(crate) struct Mirror {
    pub(crate) text: String,
    /// Its length in UTF-16 code units, as the editor counts it.
    pub(crate) utf16_len: usize,
}

impl Mirror {
    pub(crate) fn set(&mut self, text: &str) {
        self.text.clear();
        self.text.push_str(text);
        self.utf16_len = utf16_len(text);
    }

    /// Replaces UTF-16 `from..to` with `insert`; `false` (and nothing changed) when the range is
    /// not in the text, which means the mirror no longer follows the editor.
    pub(crate) fn edit(&mut self, from: usize, to: usize, insert: &str) -> bool {
        if from > to || to > self.utf16_len {
            return false;
        }
        let start = byte_offset(&self.text, from);
        let end = start + byte_offset(&self.text[start..], to - from);
        // Not `replace_range`: it splices the insert in a byte at a time, which took some 150
        // ms of the page's thread for a 27 MB paste. These two move the text with `memmove`.
        self.text.drain(start..end);
        self.text.insert_str(start, insert);
        self.utf16_len = self.utf16_len - (to - from) + utf16_len(insert);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn apply(old: &[u8], new: &[u8]) -> Vec<u8> {
        let edit = edit_between(old, new);
        let mut out = old[..edit.from].to_vec();
        out.extend_from_slice(&new[edit.insert.clone()]);
        out.extend_from_slice(&old[edit.to..]);
        out
    }

    #[wasm_bindgen_test]
    fn the_utf16_length_is_the_decoded_one() {
        for text in [
            "",
            "{}",
            "é",
            "€",
            "😀",
            "a😀é€b",
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}",
        ] {
            assert_eq!(utf16_len(text), text.encode_utf16().count(), "{text:?}");
        }
    }

    #[wasm_bindgen_test]
    fn a_typed_character_is_a_one_byte_insert() {
        let edit = edit_between(b"{\"a\": 1}", b"{\"a\": 12}");
        assert_eq!(
            edit,
            Edit {
                from: 7,
                to: 7,
                insert: 7..8
            }
        );
    }

    #[wasm_bindgen_test]
    fn the_edit_rebuilds_the_new_bytes_whatever_changed() {
        let cases: [(&[u8], &[u8]); 9] = [
            (b"", b""),
            (b"", b"abc"),
            (b"abc", b""),
            (b"abc", b"abc"),
            (b"aaaa", b"aaaaa"),
            (b"aaaaa", b"aaa"),
            (b"abcabc", b"abXabc"),
            (b"hello world", b"help world"),
            (b"x", b"yxy"),
        ];
        for (old, new) in cases {
            assert_eq!(apply(old, new), new, "{old:?} -> {new:?}");
            let edit = edit_between(old, new);
            assert!(edit.from <= edit.to && edit.to <= old.len(), "{edit:?}");
        }
        // Repeated bytes: the kept start and end never overlap.
        let edit = edit_between(b"aaaa", b"aaaaa");
        assert_eq!(
            (edit.from, edit.to, edit.insert.len()),
            (4, 4, 1),
            "{edit:?}"
        );
    }

    #[wasm_bindgen_test]
    fn utf16_offsets_become_byte_offsets() {
        assert_eq!(byte_offset("abc", 2), 2);
        assert_eq!(byte_offset("abc", 9), 3);
        // é is 2 bytes and 1 unit; 𝄞 is 4 bytes and 2 units.
        assert_eq!(byte_offset("é𝄞x", 1), 2);
        assert_eq!(byte_offset("é𝄞x", 3), 6);
        assert_eq!(byte_offset("é𝄞x", 4), 7);
    }

    #[wasm_bindgen_test]
    fn the_mirror_follows_edits_in_utf16_units() {
        let mut mirror = Mirror::default();
        mirror.set("{\"a\": \"é\"}");
        assert!(mirror.edit(8, 8, "𝄞"));
        assert_eq!(mirror.text, "{\"a\": \"é𝄞\"}");
        assert_eq!(mirror.utf16_len, mirror.text.encode_utf16().count());
        assert!(mirror.edit(7, 10, "x"));
        assert_eq!(mirror.text, "{\"a\": \"x\"}");
        assert!(mirror.edit(0, mirror.utf16_len, "[]"));
        assert_eq!(mirror.text, "[]");
        assert!(!mirror.edit(1, 5, ""), "past the end");
        assert_eq!(mirror.text, "[]");
    }
}
