//! Edits several rules' fixes build the same way: renaming or removing a member, adding the
//! document's own `mediaType`, the empty descriptor, and attaching a fix to what a shared
//! check (in [`Context`]) emitted.

use crate::diagnostic::RawDiagnostic;
use crate::fix::edit::quote;
use crate::fix::RawEdit;
// In the edits layer, which conversions use too; rule files reach it as `fixes::merge_insertions`.
pub(crate) use crate::fix::merge_insertions;
use crate::json::{Document, Member, Node};
use crate::spec::media_types as mt;

use super::{Context, Emitter};

/// The empty descriptor on one line, as image-spec defines it (the blob `{}`).
pub(crate) fn empty_descriptor_json() -> String {
    format!(
        "{{\"mediaType\": {}, \"digest\": {}, \"size\": 2}}",
        quote(mt::OCI_EMPTY),
        quote(mt::EMPTY_JSON_DIGEST)
    )
}

impl Emitter<'_> {
    /// How many diagnostics have been emitted so far; with [`Emitter::since`], a rule finds
    /// what a shared check emitted for it.
    pub(crate) fn mark(&self) -> usize {
        self.out.len()
    }

    /// The diagnostics emitted after `mark` (all this rule's).
    pub(crate) fn since(&mut self, mark: usize) -> &mut [RawDiagnostic] {
        let mark = mark.min(self.out.len());
        &mut self.out[mark..]
    }
}

/// The object that holds `member` (found by its value's position, so duplicate keys are told
/// apart) and the member's index in it.
pub(crate) fn holder_of<'a>(node: &'a Node<'a>, member: &Member) -> Option<(&'a Node<'a>, usize)> {
    let inside = |n: &Node| {
        n.range.start <= member.value.range.start && member.value.range.end <= n.range.end
    };
    if !inside(node) {
        return None;
    }
    if let Some(members) = node.members() {
        if let Some(index) = members
            .iter()
            .position(|m| m.value.range == member.value.range)
        {
            return Some((node, index));
        }
        return members.iter().find_map(|m| holder_of(&m.value, member));
    }
    node.items()?
        .iter()
        .find_map(|item| holder_of(item, member))
}

/// Removes `member` from the object that holds it, with its comma and line.
pub(crate) fn remove(ctx: &Context<'_>, member: &Member) -> Option<RawEdit> {
    let (object, index) = holder_of(ctx.root, member)?;
    ctx.editor().remove_member(object, index)
}

/// Renames `member` of `object` to `key`, or, when `object` already has `key`, removes the
/// member (a rename would duplicate the key). Returns the fix's title and its edit.
pub(crate) fn rename_or_remove(
    ctx: &Context<'_>,
    object: &Node,
    member: &Member,
    key: &str,
) -> Option<(String, RawEdit)> {
    if object.get(key).is_some() {
        let index = object
            .members()?
            .iter()
            .position(|m| m.value.range == member.value.range)?;
        let edit = ctx.editor().remove_member(object, index)?;
        return Some((
            format!("Remove `{}` (`{key}` is already set)", member.key),
            edit,
        ));
    }
    Some((
        format!("Rename `{}` to `{key}`", member.key),
        ctx.editor().rename_key(member, key),
    ))
}

/// Inserts the document's own `"mediaType": value` where the specs put it: after
/// `schemaVersion`, else first.
pub(crate) fn insert_media_type(ctx: &Context<'_>, value: &str) -> Option<RawEdit> {
    insert_after(ctx, &["schemaVersion"], "mediaType", &quote(value))
}

/// Inserts a top-level member after the first of `preceding` the document has (they are
/// tried in order), else first: new members land where the spec's order puts them.
pub(crate) fn insert_after(
    ctx: &Context<'_>,
    preceding: &[&str],
    key: &str,
    json: &str,
) -> Option<RawEdit> {
    let members = ctx.root.members()?;
    let after = preceding
        .iter()
        .find_map(|name| members.iter().position(|m| m.key == *name));
    insert_new(ctx, ctx.root, after, key, json)
}

/// Inserts `"key": json` into `object` (after the member at `after`, else first) unless the
/// object has `key` already in any letter case: Go readers take `MediaType` for `mediaType`,
/// so adding the member would make two (`json-key-case-variant` renames the variant instead).
pub(crate) fn insert_new(
    ctx: &Context<'_>,
    object: &Node,
    after: Option<usize>,
    key: &str,
    json: &str,
) -> Option<RawEdit> {
    let taken = object
        .members()?
        .iter()
        .any(|m| m.key.eq_ignore_ascii_case(key));
    if taken {
        return None;
    }
    ctx.editor().insert_member(object, after, key, json)
}

/// Whether an index has entries and every one declares a Docker schema 2 manifest: without a
/// `Content-Type` such an index may be meant as a Docker manifest list, so its type is not
/// certain.
pub(crate) fn entries_are_docker_manifests(root: &Node) -> bool {
    let Some(items) = root.get("manifests").and_then(|m| m.value.items()) else {
        return false;
    };
    !items.is_empty()
        && items.iter().all(|item| {
            item.get("mediaType").and_then(|m| m.value.as_str()) == Some(mt::DOCKER_MANIFEST)
        })
}

/// Edits that give a manifest or index (`root`, parsed from `source`) these top-level
/// annotations: added to its `annotations` object, or a new `annotations` member when it has
/// none. `None` when `annotations` is there but not an object (`ann-map-of-strings`' concern).
pub(crate) fn add_annotations(
    document: &Document,
    root: &Node,
    entries: &[(&str, &str)],
) -> Option<Vec<RawEdit>> {
    let editor = crate::fix::Editor::new(document);
    let object = || {
        let members: Vec<String> = entries
            .iter()
            .map(|(key, value)| format!("{}: {}", quote(key), quote(value)))
            .collect();
        format!("{{{}}}", members.join(", "))
    };
    match root.get("annotations") {
        Some(member) if member.value.members()?.is_empty() => {
            Some(vec![editor.replace(&member.value, object())])
        }
        Some(member) => {
            let map = &member.value;
            let mut edits = Vec::new();
            for (key, value) in entries {
                edits.push(editor.append_member(map, key, &quote(value))?);
            }
            // Several insertions after the same last member: one edit, in order.
            let (first, rest) = edits.split_first_mut()?;
            for edit in rest {
                first.replacement.push_str(&edit.replacement);
            }
            Some(vec![first.clone()])
        }
        None => {
            // In a document written one member a line, the new map is written that way too.
            let json = match line_indent(document, root) {
                Some(indent) => {
                    let members: Vec<String> = entries
                        .iter()
                        .map(|(key, value)| {
                            format!("{indent}{indent}{}: {}", quote(key), quote(value))
                        })
                        .collect();
                    format!("{{\n{}\n{indent}}}", members.join(",\n"))
                }
                None => object(),
            };
            Some(vec![editor.append_member(root, "annotations", &json)?])
        }
    }
}

/// The indentation of `object`'s members when each starts a line of its own (`"  "`), else
/// `None`.
fn line_indent<'s>(document: &Document<'s>, object: &Node) -> Option<&'s str> {
    let source = document.source;
    let first = object.members()?.first()?;
    let start = document.key_range(first).start as usize;
    let line_start = source[..start].iter().rposition(|&b| b == b'\n')? + 1;
    let indent = std::str::from_utf8(&source[line_start..start]).ok()?;
    (!indent.is_empty() && indent.bytes().all(|b| b == b' ' || b == b'\t')).then_some(indent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply_edits;

    fn edit(start: usize, end: usize, text: &str) -> RawEdit {
        RawEdit::new(start, end, text)
    }

    #[test]
    fn merges_insertions_at_one_place() {
        let source = b"{\"a\": 1}";
        let edits = merge_insertions(vec![
            edit(1, 1, "\"x\": 0, "),
            edit(1, 4, "\"b\""),
            edit(1, 1, "oops"),
        ]);
        // The second insertion comes after the rename and is kept apart: apply_edits refuses
        // it rather than guessing.
        assert_eq!(edits.len(), 2);
        assert!(apply_edits(source, &edits).is_err());
        let edits = merge_insertions(vec![edit(1, 1, "\"x\": 0, "), edit(1, 4, "\"b\"")]);
        assert_eq!(
            apply_edits(source, &edits).unwrap(),
            b"{\"x\": 0, \"b\": 1}".to_vec()
        );
    }

    #[test]
    fn finds_the_holder_of_a_nested_member() {
        let source = br#"{"a": [{"b": 1, "c": {"d": 2}}]}"#;
        let arena = crate::json::Arena::new();
        let parsed = crate::json::parse(source, &arena);
        let root = parsed.document.root.as_ref().unwrap();
        let inner = &root.get("a").unwrap().value.items().unwrap()[0];
        let d = inner.get("c").unwrap().value.get("d").unwrap();
        let (holder, index) = holder_of(root, d).unwrap();
        assert_eq!(index, 0);
        assert_eq!(holder.range, inner.get("c").unwrap().value.range);
    }
}
