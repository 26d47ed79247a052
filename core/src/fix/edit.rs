//! Edits built from the positioned tree. Each keeps the document's own layout: an inserted
//! member copies the indentation and the `": "` spacing of its neighbours, a removed member
//! takes its comma and its line with it.

use crate::json::{Document, Member, Node};
use crate::text::TextRange;

use super::RawEdit;

/// Builds edits against one parsed input.
#[derive(Debug, Clone, Copy)]
pub struct Editor<'a> {
    document: Document<'a>,
}

impl<'a> Editor<'a> {
    pub fn new(document: &Document<'a>) -> Self {
        Editor {
            document: *document,
        }
    }

    /// Where a member starts: its key's opening quote.
    fn key_start(&self, member: &Member) -> usize {
        self.document.key_range(member).start as usize
    }

    /// Replaces a value with JSON text.
    pub fn replace(&self, node: &Node, json: impl Into<String>) -> RawEdit {
        RawEdit {
            range: node.range,
            replacement: json.into(),
        }
    }

    /// Replaces a value with a JSON string.
    pub fn replace_string(&self, node: &Node, text: &str) -> RawEdit {
        self.replace(node, quote(text))
    }

    /// Renames a member, keeping its value.
    pub fn rename_key(&self, member: &Member, key: &str) -> RawEdit {
        RawEdit {
            range: self.document.key_range(member),
            replacement: quote(key),
        }
    }

    /// Inserts `"key": <json>` into an object: after the member at `after`, or first when
    /// `after` is `None`.
    pub fn insert_member(
        &self,
        object: &Node,
        after: Option<usize>,
        key: &str,
        json: &str,
    ) -> Option<RawEdit> {
        let members = object.members()?;
        if members.is_empty() {
            // `{}` or `{ }`: the member goes inside, on the braces' line.
            return Some(RawEdit {
                range: TextRange::new(
                    object.range.start as usize + 1,
                    object.range.end as usize - 1,
                ),
                replacement: format!("{}: {json}", quote(key)),
            });
        }
        let colon = self.colon_of(&members[0]);
        let entry = format!("{}{colon}{json}", quote(key));
        Some(match after {
            Some(index) => {
                let index = index.min(members.len() - 1);
                let indent = self.space_before(self.key_start(&members[index]));
                RawEdit {
                    range: TextRange::empty(members[index].value.range.end as usize),
                    replacement: format!(",{indent}{entry}"),
                }
            }
            None => {
                let mut indent = self.space_before(self.key_start(&members[0]));
                if indent.is_empty() {
                    // `{"a": 1, "b": 2}`: the space a comma is followed by, not the brace's.
                    indent = members
                        .get(1)
                        .map(|m| self.space_before(self.key_start(m)))
                        .unwrap_or_else(|| {
                            if colon.ends_with(' ') {
                                " ".into()
                            } else {
                                String::new()
                            }
                        });
                }
                RawEdit {
                    range: TextRange::empty(self.key_start(&members[0])),
                    replacement: format!("{entry},{indent}"),
                }
            }
        })
    }

    /// Inserts `"key": <json>` as an object's last member.
    pub fn append_member(&self, object: &Node, key: &str, json: &str) -> Option<RawEdit> {
        let last = object.members()?.len().checked_sub(1);
        self.insert_member(object, last, key, json)
    }

    /// Removes the member at `index` with its comma and the space that led to it.
    pub fn remove_member(&self, object: &Node, index: usize) -> Option<RawEdit> {
        let members = object.members()?;
        let spans: Vec<(usize, usize)> = members
            .iter()
            .map(|m| (self.key_start(m), m.value.range.end as usize))
            .collect();
        self.remove_entry(object, &spans, index)
    }

    /// Removes several members at once (edits computed one by one would overlap where
    /// removed members are neighbours).
    pub fn remove_members(&self, object: &Node, indices: &[usize]) -> Vec<RawEdit> {
        let Some(members) = object.members() else {
            return Vec::new();
        };
        let spans: Vec<(usize, usize)> = members
            .iter()
            .map(|m| (self.key_start(m), m.value.range.end as usize))
            .collect();
        self.remove_entries(object, &spans, indices)
    }

    /// Removes the array item at `index` with its comma and the space that led to it.
    pub fn remove_item(&self, array: &Node, index: usize) -> Option<RawEdit> {
        let items = array.items()?;
        let spans: Vec<(usize, usize)> = items
            .iter()
            .map(|n| (n.range.start as usize, n.range.end as usize))
            .collect();
        self.remove_entry(array, &spans, index)
    }

    /// Removes several array items at once (edits computed one by one would overlap where
    /// removed items are neighbours).
    pub fn remove_items(&self, array: &Node, indices: &[usize]) -> Vec<RawEdit> {
        let Some(items) = array.items() else {
            return Vec::new();
        };
        let spans: Vec<(usize, usize)> = items
            .iter()
            .map(|n| (n.range.start as usize, n.range.end as usize))
            .collect();
        self.remove_entries(array, &spans, indices)
    }

    fn remove_entries(
        &self,
        container: &Node,
        spans: &[(usize, usize)],
        indices: &[usize],
    ) -> Vec<RawEdit> {
        let removed = |i: usize| indices.contains(&i);
        if spans.is_empty() || indices.iter().all(|&i| i >= spans.len()) {
            return Vec::new();
        }
        if (0..spans.len()).all(removed) {
            return vec![RawEdit {
                range: TextRange::new(
                    container.range.start as usize + 1,
                    container.range.end as usize - 1,
                ),
                replacement: String::new(),
            }];
        }
        let mut edits = Vec::new();
        let mut i = 0;
        while i < spans.len() {
            if !removed(i) {
                i += 1;
                continue;
            }
            let first = i;
            while i < spans.len() && removed(i) {
                i += 1;
            }
            // A run of removed entries `first..i`: up to the next kept entry, or from the
            // previous kept one when the run ends the container.
            let range = match spans.get(i) {
                Some(&(next_start, _)) => TextRange::new(spans[first].0, next_start),
                None => TextRange::new(spans[first - 1].1, spans[i - 1].1),
            };
            edits.push(RawEdit {
                range,
                replacement: String::new(),
            });
        }
        edits
    }

    fn remove_entry(
        &self,
        container: &Node,
        spans: &[(usize, usize)],
        index: usize,
    ) -> Option<RawEdit> {
        let (start, end) = *spans.get(index)?;
        let range = if spans.len() == 1 {
            // The only entry: the container becomes empty (`{}` / `[]`).
            TextRange::new(
                container.range.start as usize + 1,
                container.range.end as usize - 1,
            )
        } else if let Some(&(next_start, _)) = spans.get(index + 1) {
            TextRange::new(start, next_start)
        } else {
            TextRange::new(spans[index - 1].1, end)
        };
        Some(RawEdit {
            range,
            replacement: String::new(),
        })
    }

    /// The whitespace (with any newline) just before `at`, so a new entry lines up with it.
    fn space_before(&self, at: usize) -> String {
        let start = self.document.source[..at]
            .iter()
            .rposition(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .map_or(0, |p| p + 1);
        String::from_utf8_lossy(&self.document.source[start..at]).into_owned()
    }

    /// How a member separates key and value (`": "`, `":"`, `" : "`), to copy it.
    fn colon_of(&self, member: &Member) -> String {
        let between = &self.document.source
            [self.document.key_range(member).end as usize..member.value.range.start as usize];
        let text = String::from_utf8_lossy(between);
        if text.trim() == ":" && !text.contains('\n') {
            text.into_owned()
        } else {
            ": ".to_owned()
        }
    }
}

/// `text` as a JSON string literal, escaping only what JSON requires (so non-ASCII text stays
/// readable).
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply_edits;
    use crate::json;

    fn edited(source: &str, build: impl Fn(&Editor<'_>, &Node) -> RawEdit) -> String {
        let arena = crate::json::Arena::new();
        let parsed = json::parse(source.as_bytes(), &arena);
        let root = parsed.document.root.as_ref().unwrap();
        let edit = build(&Editor::new(&parsed.document), root);
        String::from_utf8(apply_edits(source.as_bytes(), &[edit]).unwrap()).unwrap()
    }

    const PRETTY: &str = "{\n  \"a\": 1,\n  \"b\": [1, 2]\n}";

    #[test]
    fn inserts_with_the_neighbours_layout() {
        let after = edited(PRETTY, |e, root| {
            e.insert_member(root, Some(0), "x", "true").unwrap()
        });
        assert_eq!(after, "{\n  \"a\": 1,\n  \"x\": true,\n  \"b\": [1, 2]\n}");
        let first = edited(PRETTY, |e, root| {
            e.insert_member(root, None, "x", "true").unwrap()
        });
        assert_eq!(first, "{\n  \"x\": true,\n  \"a\": 1,\n  \"b\": [1, 2]\n}");
        let one_line = edited("{\"a\": 1, \"b\": 2}", |e, root| {
            e.insert_member(root, None, "x", "3").unwrap()
        });
        assert_eq!(one_line, "{\"x\": 3, \"a\": 1, \"b\": 2}");
        let compact = edited("{\"a\":1}", |e, root| {
            e.insert_member(root, Some(0), "x", "2").unwrap()
        });
        assert_eq!(compact, "{\"a\":1,\"x\":2}");
        let empty = edited("{ }", |e, root| {
            e.insert_member(root, None, "x", "2").unwrap()
        });
        assert_eq!(empty, "{\"x\": 2}");
    }

    #[test]
    fn removes_with_comma_and_line() {
        assert_eq!(
            edited(PRETTY, |e, root| e.remove_member(root, 0).unwrap()),
            "{\n  \"b\": [1, 2]\n}"
        );
        assert_eq!(
            edited(PRETTY, |e, root| e.remove_member(root, 1).unwrap()),
            "{\n  \"a\": 1\n}"
        );
        assert_eq!(
            edited("{\"a\": 1}", |e, root| e.remove_member(root, 0).unwrap()),
            "{}"
        );
        assert_eq!(
            edited(PRETTY, |e, root| {
                let b = &root.get("b").unwrap().value;
                e.remove_item(b, 1).unwrap()
            }),
            "{\n  \"a\": 1,\n  \"b\": [1]\n}"
        );
    }

    #[test]
    fn removes_neighbouring_items_without_overlap() {
        let source = "[1, 2, 3, 4]";
        let arena = crate::json::Arena::new();
        let parsed = json::parse(source.as_bytes(), &arena);
        let root = parsed.document.root.as_ref().unwrap();
        let editor = Editor::new(&parsed.document);
        let apply = |indices: &[usize]| {
            let edits = editor.remove_items(root, indices);
            String::from_utf8(apply_edits(source.as_bytes(), &edits).unwrap()).unwrap()
        };
        assert_eq!(apply(&[1, 2]), "[1, 4]");
        assert_eq!(apply(&[2, 3]), "[1, 2]");
        assert_eq!(apply(&[0, 3]), "[2, 3]");
        assert_eq!(apply(&[0, 1, 2, 3]), "[]");
    }

    #[test]
    fn quotes_like_json() {
        assert_eq!(quote("a\"b\\c\u{1}é"), "\"a\\\"b\\\\c\\u0001é\"");
    }
}
