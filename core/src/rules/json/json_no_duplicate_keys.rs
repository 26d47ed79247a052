//! JSON005: no duplicate member names.

use foldhash::{HashMap, HashMapExt as _};

use super::super::prelude::*;
use crate::json::Walk;

declare_rule! {
    code: "JSON005",
    name: "json-no-duplicate-keys",
    covers: ["json-no-duplicate-keys", "ann-unique-keys"],
    severity: Error,
    since: "0.1.0",
    summary: "An object must not contain the same member name twice.",
    why: "Parsers disagree on which duplicate wins: Go's encoding/json (registries, \
          containerd, podman) keeps the last, others keep the first or refuse. A manifest \
          with two `mediaType` or `digest` members can therefore mean one thing to the \
          registry that checked it and another to the runtime that runs it. image-spec \
          requires I-JSON, which forbids duplicates, and annotation keys must be unique.",
    how_to_fix: "Delete the member that should not be there; keep one of each name.",
    url: "https://github.com/opencontainers/image-spec/blob/main/considerations.md#json",
    examples: [
        invalid(r#"{"schemaVersion": 2, "schemaVersion": 2}"#),
        valid(r#"{"schemaVersion": 2, "annotations": {"schemaVersion": "x"}}"#),
    ],
    check: Document(check),
}

/// Objects with more members than this are checked with a hash map; fewer, by scanning.
const SCAN_LIMIT: usize = 16;

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let mut walk = Walk::new(ctx.root);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    while let Some((node, path)) = walk.next_node() {
        let Value::Object(members) = &node.value else {
            continue;
        };
        seen.clear();
        for (index, member) in members.iter().enumerate() {
            let first = if members.len() > SCAN_LIMIT {
                *seen.entry(&*member.key).or_insert(index)
            } else {
                members[..index]
                    .iter()
                    .position(|m| m.key == member.key)
                    .unwrap_or(index)
            };
            if first != index {
                let pointer = walk.pointer(path).key(&member.key);
                out.emit(
                    member.key_range,
                    pointer.clone(),
                    format!(
                        "`{}` appears more than once in this object; parsers disagree on which one counts",
                        member.key
                    ),
                )
                .related(members[first].key_range, pointer, "first occurrence");
            }
        }
    }
}
