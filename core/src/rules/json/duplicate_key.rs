//! JSON005: no duplicate member names.

use std::collections::HashMap;

use super::super::prelude::*;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "JSON005",
        name: "json-no-duplicate-keys",
        covers: &["json-no-duplicate-keys", "ann-unique-keys"],
        severity: Severity::Error,
        fix: FixSafety::None,
        summary: "An object must not contain the same member name twice.",
        why: "Parsers disagree on which duplicate wins: Go's encoding/json (registries, \
              containerd, podman) keeps the last, others keep the first or refuse. A manifest \
              with two `mediaType` or `digest` members can therefore mean one thing to the \
              registry that checked it and another to the runtime that runs it. image-spec \
              requires I-JSON, which forbids duplicates, and annotation keys must be unique.",
        how_to_fix: "Delete the member that should not be there; keep one of each name.",
        url: "https://github.com/opencontainers/image-spec/blob/main/considerations.md#json",
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"schemaVersion\": 2}",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"annotations\": {\"schemaVersion\": \"x\"}}",
                pad_to: 0,
            },
        ],
    },
    check: Check::Document(check),
};

/// Objects with more members than this are checked with a hash map; fewer, by scanning.
const SCAN_LIMIT: usize = 16;

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    // An explicit stack: the tree can be hundreds of levels deep.
    let mut stack: Vec<(&Node, Pointer)> = vec![(ctx.root, Pointer::root())];
    while let Some((node, pointer)) = stack.pop() {
        match &node.value {
            Value::Object(members) => {
                let mut seen: HashMap<&str, usize> = HashMap::new();
                for (index, member) in members.iter().enumerate() {
                    let first = if members.len() > SCAN_LIMIT {
                        *seen.entry(member.key.as_str()).or_insert(index)
                    } else {
                        members[..index]
                            .iter()
                            .position(|m| m.key == member.key)
                            .unwrap_or(index)
                    };
                    let member_pointer = pointer.key(&member.key);
                    if first != index {
                        let original = &members[first];
                        out.emit(
                            member.key_range,
                            member_pointer.clone(),
                            format!(
                                "`{}` appears more than once in this object; parsers disagree on which one counts",
                                member.key
                            ),
                        )
                        .related(
                            original.key_range,
                            member_pointer.clone(),
                            "first occurrence",
                        );
                    }
                    if matches!(member.value.value, Value::Object(_) | Value::Array(_)) {
                        stack.push((&member.value, member_pointer));
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    if matches!(item.value, Value::Object(_) | Value::Array(_)) {
                        stack.push((item, pointer.index(index)));
                    }
                }
            }
            _ => {}
        }
    }
}
