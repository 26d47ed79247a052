//! The positioned JSON tree: every value keeps its byte range, objects keep every member in
//! order (duplicates included), and numbers keep their raw text.
//!
//! A document's tree lives in one [`Arena`] and borrows its strings from the input: a parse
//! allocates per document, not per node, and lets the whole tree go at once. Nodes are `Copy`.

use crate::text::TextRange;

/// Where a parse keeps its tree: one per document, its lifetime the tree's.
pub type Arena = bumpalo::Bump;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node<'a> {
    pub value: Value<'a>,
    pub range: TextRange,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The raw number text is `source[range]`; see [`Document::number_text`].
    Number,
    /// The decoded text: a slice of the input when the string has no escapes and is UTF-8
    /// (nearly always), else decoded into the arena.
    String(&'a str),
    Array(&'a [Node<'a>]),
    Object(&'a [Member<'a>]),
}

/// One `"key": value` pair. Duplicate keys each get their own member.
///
/// The key's range is not kept here but worked out by [`Document::key_range`]: nearly every
/// key is a slice of the input, which says where it is, and a member is the tree's most
/// numerous part (8 bytes more on each was 20 MB of an index of 320,000 entries).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Member<'a> {
    pub key: &'a str,
    pub value: Node<'a>,
}

impl<'a> Node<'a> {
    /// The first member named `key`, when this is an object. Spec rules read the first
    /// occurrence; duplicates are reported by their own rule.
    pub fn get(&self, key: &str) -> Option<&'a Member<'a>> {
        self.members()?.iter().find(|m| m.key == key)
    }

    pub fn members(&self) -> Option<&'a [Member<'a>]> {
        match self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&'a [Node<'a>]> {
        match self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&'a str> {
        match self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }

    /// A short name of the JSON type, for messages ("expected a string, found an array").
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// The parsed input: its bytes and the tree, if the bytes were JSON enough to build one.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub source: &'a [u8],
    /// `source` as text, when it is UTF-8 (the parse validates it once).
    pub text: Option<&'a str>,
    pub root: Option<Node<'a>>,
    /// The ranges of the keys that are not slices of the input (they had escapes or bytes
    /// that are not UTF-8, and were decoded), by where their member's value starts: sorted,
    /// and nearly always empty.
    pub(crate) decoded_keys: &'a [(u32, TextRange)],
}

impl Document<'_> {
    /// A member's key's range, quotes included. `member` must be of this document's tree (an
    /// empty range at its value is the answer for any other).
    pub fn key_range(&self, member: &Member) -> TextRange {
        let value_start = member.value.range.start;
        if let Ok(found) = self
            .decoded_keys
            .binary_search_by_key(&value_start, |(start, _)| *start)
        {
            return self.decoded_keys[found].1;
        }
        // Any other key is the text between its quotes, borrowed: where it starts in the
        // input is how far its first byte is from the input's.
        let text = (member.key.as_ptr() as usize).wrapping_sub(self.source.as_ptr() as usize);
        let end = text.checked_add(member.key.len());
        if text >= 1 && end.is_some_and(|end| end < self.source.len()) {
            TextRange::new(text - 1, text + member.key.len() + 1)
        } else {
            // Not a member of this document's tree.
            TextRange::empty(value_start as usize)
        }
    }

    /// The raw text of a number node (always ASCII): a slice of the text, not validated again
    /// (the rules and the models ask for every number of a document, several times).
    pub fn number_text(&self, node: &Node) -> &str {
        let range = node.range.as_usize();
        match self.text {
            Some(text) => text.get(range).unwrap_or(""),
            None => std::str::from_utf8(&self.source[range]).unwrap_or(""),
        }
    }

    /// The value of a number node when it is written as an integer literal
    /// (no fraction, no exponent) that fits in an `i64`.
    pub fn integer(&self, node: &Node) -> Option<i64> {
        match node.value {
            Value::Number => self.number_text(node).parse().ok(),
            _ => None,
        }
    }
}
