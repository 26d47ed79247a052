//! JSON005: no duplicate member names.

use foldhash::{HashMap, HashMapExt as _, HashSet};

use super::super::prelude::*;
use crate::json::Walk;

declare_rule! {
    code: "JSON005",
    name: "json-no-duplicate-keys",
    severity: Error,
    since: "0.1.0",
    spec_versions: ["main"],
    summary: "An object must not contain the same member name twice.",
    why: "Parsers disagree on which duplicate wins: Go's encoding/json (registries, \
          containerd, podman) keeps the last, others keep the first or refuse. A manifest \
          with two `mediaType` or `digest` members can therefore mean one thing to the \
          registry that checked it and another to the runtime that runs it. image-spec \
          `main` requires I-JSON, which forbids duplicates (commit aca17c0); v1.1.0 and \
          v1.1.1 do not, so `spec@1.1.0` and `spec@1.1.1` do not count it. Duplicate keys \
          in an `annotations` map are ANN015's, a MUST in every version.",
    how_to_fix: "Delete the member that should not be there; keep one of each name.",
    url: "https://github.com/opencontainers/image-spec/blob/main/considerations.md#json",
    examples: [
        invalid(r#"{"schemaVersion": 2, "schemaVersion": 2}"#),
        valid(r#"{"schemaVersion": 2, "annotations": {"schemaVersion": "x"}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"com.example.a": "1", "com.example.a": "2"}}"#),
    ],
    check: Document(check),
}

/// Objects with more members than this are checked with a hash map; fewer, by scanning.
const SCAN_LIMIT: usize = 16;

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    // Annotation maps are ANN015's: their keys are unique in every version of the spec.
    // A set: an index has an annotation map per entry, and a list searched for each object
    // made a 20,000-entry index cost 1.2 billion comparisons.
    let annotation_maps: HashSet<*const Node> = ctx
        .annotation_maps()
        .map(|map| std::ptr::from_ref(&map.member.value))
        .collect();
    let mut walk = Walk::new(ctx.root);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    while let Some(node) = walk.next_node() {
        let Value::Object(members) = &node.value else {
            continue;
        };
        if annotation_maps.contains(&std::ptr::from_ref(node)) {
            continue;
        }
        seen.clear();
        for (index, member) in members.iter().enumerate() {
            let first = if members.len() > SCAN_LIMIT {
                *seen.entry(member.key).or_insert(index)
            } else {
                members[..index]
                    .iter()
                    .position(|m| m.key == member.key)
                    .unwrap_or(index)
            };
            if first != index {
                let pointer = walk.pointer().key(member.key);
                out.emit(
                    ctx.key_range(member),
                    pointer.clone(),
                    format!(
                        "`{}` appears more than once in this object; parsers disagree on which one counts",
                        member.key
                    ),
                )
                .related(ctx.key_range(&members[first]), pointer, "first occurrence");
            }
        }
    }
}
