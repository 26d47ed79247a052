//! ANN015: an `annotations` map names each key once.

use foldhash::{HashMap, HashMapExt as _};

use super::super::prelude::*;

declare_rule! {
    code: "ANN015",
    name: "ann-unique-keys",
    covers: ["ann-unique-keys", "json-no-duplicate-keys"],
    severity: Error,
    since: "0.1.0",
    summary: "Keys must be unique within an `annotations` map.",
    why: "image-spec's annotations rules say \"Keys MUST be unique within this map\" in every \
          version (v1.1.0, v1.1.1 and main), while the general ban on duplicate names (I-JSON) \
          is only on `main` (JSON005). Parsers disagree on which duplicate wins (Go's \
          encoding/json keeps the last, others the first), so a registry and a client can \
          read two different values of the same annotation.",
    how_to_fix: "Delete the entry that should not be there; keep one of each key.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#rules",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"com.example.a": "1", "com.example.a": "2"}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"com.example.a": "1", "com.example.b": "2"}}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        let Some(entries) = map.member.value.members() else {
            continue;
        };
        // Each key's first place, in one pass (a map may be large).
        let mut first_at: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            let first = &entries[*first_at.entry(entry.key).or_insert(index)];
            if std::ptr::eq(first, entry) {
                continue;
            }
            let pointer = map.entry_pointer(entry);
            out.emit(
                ctx.key_range(entry),
                pointer.clone(),
                format!(
                    "`{}` appears more than once in this annotations map; parsers disagree on which value counts",
                    entry.key
                ),
            )
            .related(ctx.key_range(first), pointer, "first occurrence");
        }
    }
}
