//! ANN001: annotations are a map of strings to strings, every value present.

use super::super::prelude::*;

declare_rule! {
    code: "ANN001",
    name: "ann-map-of-strings",
    covers: ["ann-map-of-strings", "ann-value-present"],
    severity: Error,
    since: "0.1.0",
    summary: "`annotations` must be an object whose values are all strings (possibly empty, never null).",
    why: "image-spec: annotations MUST be a key-value map where both the key and the value \
          MUST be strings, and the value MUST be present (it MAY be empty). Go tools \
          decode annotations into `map[string]string`, so a number, boolean, null or \
          nested object fails the whole document: containerd, podman and the registries \
          built on Go refuse to parse it, and the image-spec schema rejects it.",
    how_to_fix: "Quote the value (`\"replicas\": \"3\"`, `\"enabled\": \"true\"`), use `\"\"` \
                 instead of null, and write the annotations as an object (`{\"com.example.key\": \
                 \"value\"}`), not as an array of `key=value` strings.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#rules",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"com.example.replicas": 3}}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": ["com.example.key=value"]}"#),
        invalid(r#"{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "annotations": {"com.example.key": null}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"com.example.key": ""}}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        let value = &map.member.value;
        match &value.value {
            Value::Object(entries) => {
                for entry in entries.iter() {
                    let problem = match &entry.value.value {
                        Value::String(_) => continue,
                        Value::Null => String::from(
                            "this annotation's value is null; values must be present strings (an empty string `\"\"` is allowed)",
                        ),
                        Value::Number | Value::Bool(_) => {
                            // The raw literal (`3`, `1.5e3`, `true`), quoted, is the fix.
                            let shown = ctx.document.number_text(&entry.value);
                            if shown.is_empty() || shown.len() > 40 {
                                format!(
                                    "this annotation's value is {}; annotation values must be strings",
                                    entry.value.type_name()
                                )
                            } else {
                                format!(
                                    "this annotation's value is {} (`{shown}`); annotation values must be strings: write `\"{shown}\"`",
                                    entry.value.type_name()
                                )
                            }
                        }
                        _ => format!(
                            "this annotation's value is {}; annotation values must be strings",
                            entry.value.type_name()
                        ),
                    };
                    out.emit(entry.value.range, map.pointer.key(entry.key), problem);
                }
            }
            // `null` is reported by `ann-absent-or-empty`.
            Value::Null => {}
            Value::Array(_) => {
                out.emit(
                    value.range,
                    map.pointer,
                    "`annotations` is an array; it must be an object mapping keys to string values, e.g. `{\"com.example.key\": \"value\"}`",
                );
            }
            _ => {
                out.emit(
                    value.range,
                    map.pointer,
                    format!(
                        "`annotations` is {}; it must be an object mapping keys to string values",
                        value.type_name()
                    ),
                );
            }
        }
    }
}
