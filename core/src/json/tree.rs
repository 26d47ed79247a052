//! The positioned JSON tree: every value keeps its byte range, objects keep every member in
//! order (duplicates included), and numbers keep their raw text.

use super::common::Text;
use crate::text::TextRange;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The raw number text is `source[range]`; see [`Document::number_text`].
    Number,
    /// The decoded text (common words share one copy: `json::Text`).
    String(Text),
    /// Boxed slices, not `Vec`s: a value is 24 bytes, not 32.
    Array(Box<[Node]>),
    Object(Box<[Member]>),
}

/// One `"key": value` pair. Duplicate keys each get their own member.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: Text,
    /// The key's range, quotes included.
    pub key_range: TextRange,
    pub value: Node,
}

impl Node {
    /// The first member named `key`, when this is an object. Spec rules read the first
    /// occurrence; duplicates are reported by their own rule.
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.members()?.iter().find(|m| m.key == key)
    }

    pub fn members(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
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
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub source: &'a [u8],
    /// `source` as text, when it is UTF-8 (the parse validates it once).
    pub text: Option<&'a str>,
    pub root: Option<Node>,
}

impl Document<'_> {
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
