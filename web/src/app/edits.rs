//! What changed between the bytes the worker holds and the bytes it is to check: one span
//! replaced, found by the common start and end. A key press in a 1.4 MB index then sends the
//! worker a few bytes, not the whole document again (`static/worker.js` applies the edit to
//! its copy).

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

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(old: &[u8], new: &[u8]) -> Vec<u8> {
        let edit = edit_between(old, new);
        let mut out = old[..edit.from].to_vec();
        out.extend_from_slice(&new[edit.insert.clone()]);
        out.extend_from_slice(&old[edit.to..]);
        out
    }

    #[test]
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

    #[test]
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
}
