//! The document laid out anew, for reading only: pretty-printed or minified. Every key, string
//! and number is copied as written (escapes, exponents and duplicate keys stay), only the
//! whitespace between tokens changes. What a front end checks, hashes and downloads stays the
//! original bytes: these bytes have another digest.

use super::parser::parse;
use super::tree::{Arena, Document, Node, Value};

/// How the view lays the document out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Two spaces a level, one member or item a line.
    Pretty,
    /// No whitespace between tokens.
    Minified,
}

/// The document laid out anew; `None` when it has no JSON value to lay out.
pub fn relayout(source: &[u8], layout: Layout) -> Option<String> {
    let arena = Arena::new();
    let parsed = parse(source, &arena);
    let root = parsed.document.root.as_ref()?;
    let mut out = String::with_capacity(source.len());
    write_node(&parsed.document, root, layout, 0, &mut out);
    if layout == Layout::Pretty {
        out.push('\n');
    }
    Some(out)
}

fn raw(source: &[u8], range: std::ops::Range<usize>) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(source.get(range).unwrap_or_default())
}

fn newline(layout: Layout, depth: usize, out: &mut String) {
    if layout == Layout::Pretty {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    }
}

fn write_node(document: &Document, node: &Node, layout: Layout, depth: usize, out: &mut String) {
    let source = document.source;
    match &node.value {
        Value::Array([]) => out.push_str("[]"),
        Value::Object([]) => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                newline(layout, depth + 1, out);
                write_node(document, item, layout, depth + 1, out);
            }
            newline(layout, depth, out);
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (index, member) in members.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                newline(layout, depth + 1, out);
                out.push_str(&raw(source, document.key_range(member).as_usize()));
                out.push(':');
                if layout == Layout::Pretty {
                    out.push(' ');
                }
                write_node(document, &member.value, layout, depth + 1, out);
            }
            newline(layout, depth, out);
            out.push('}');
        }
        _ => out.push_str(&raw(source, node.range.as_usize())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_copied_as_written_and_only_whitespace_changes() {
        let source = br#"{ "a" :1E3,"b":[ "x\u0041" ,{}],"a":[] }"#;
        assert_eq!(
            relayout(source, Layout::Minified).unwrap(),
            r#"{"a":1E3,"b":["x\u0041",{}],"a":[]}"#
        );
        assert_eq!(
            relayout(source, Layout::Pretty).unwrap(),
            "{\n  \"a\": 1E3,\n  \"b\": [\n    \"x\\u0041\",\n    {}\n  ],\n  \"a\": []\n}\n"
        );
    }

    #[test]
    fn what_is_not_json_has_no_view() {
        assert_eq!(relayout(b"$ crane manifest", Layout::Pretty), None);
    }
}
