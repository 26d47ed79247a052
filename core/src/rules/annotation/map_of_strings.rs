//! ANN001: annotations are a map of strings to strings, every value present.
//!
//! Also home of the helpers every annotation rule uses: where annotation maps are, and their
//! string entries.

use super::super::prelude::*;
use crate::json::Member;
use crate::rules::DescriptorRole;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "ANN001",
        name: "ann-map-of-strings",
        covers: &["ann-map-of-strings", "ann-value-present"],
        severity: Severity::Error,
        fix: FixSafety::None,
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
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": [], \"annotations\": {\"com.example.replicas\": 3}}",
                pad_to: 0,
            },
            Example {
                valid: false,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": [], \"annotations\": [\"com.example.key=value\"]}",
                pad_to: 0,
            },
            Example {
                valid: false,
                content_type: None,
                document: b"{\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"digest\": \"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270\", \"size\": 7682, \"annotations\": {\"com.example.key\": null}}",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": [], \"annotations\": {\"com.example.key\": \"\"}}",
                pad_to: 0,
            },
        ],
    },
    check: Check::Document(check),
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in maps(ctx) {
        let value = &map.member.value;
        match &value.value {
            Value::Object(entries) => {
                for entry in entries {
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
                    out.emit(entry.value.range, map.pointer.key(&entry.key), problem);
                }
            }
            // `null` is reported by `ann-absent-or-empty`.
            Value::Null => {}
            Value::Array(_) => {
                out.emit(
                    value.range,
                    map.pointer.clone(),
                    "`annotations` is an array; it must be an object mapping keys to string values, e.g. `{\"com.example.key\": \"value\"}`",
                );
            }
            _ => {
                out.emit(
                    value.range,
                    map.pointer.clone(),
                    format!(
                        "`annotations` is {}; it must be an object mapping keys to string values",
                        value.type_name()
                    ),
                );
            }
        }
    }
}

/// Where an annotation map sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// The document's own top-level `annotations`.
    TopLevel,
    /// A descriptor's `annotations`.
    Descriptor(DescriptorRole),
}

/// One `annotations` member of the document.
#[derive(Debug)]
pub(super) struct AnnotationMap<'a> {
    pub(super) scope: Scope,
    /// Pointer to the `annotations` member itself.
    pub(super) pointer: Pointer,
    pub(super) member: &'a Member,
}

impl<'a> AnnotationMap<'a> {
    /// The entries whose values are strings (other values are `ann-map-of-strings`' concern).
    pub(super) fn string_entries(&self) -> impl Iterator<Item = (&'a Member, &'a str)> + 'a {
        self.member
            .value
            .members()
            .unwrap_or_default()
            .iter()
            .filter_map(|entry| entry.value.as_str().map(|value| (entry, value)))
    }

    /// The first entry named `key` whose value is a string.
    pub(super) fn get(&self, key: &str) -> Option<(&'a Member, &'a str)> {
        self.string_entries().find(|(entry, _)| entry.key == key)
    }

    /// Pointer to one entry.
    pub(super) fn entry_pointer(&self, entry: &Member) -> Pointer {
        self.pointer.key(&entry.key)
    }
}

/// Every annotation map of a manifest, index or descriptor: the top-level one and the
/// descriptors' (`config`, `layers[]`, `manifests[]`, `subject`).
pub(super) fn maps<'a>(ctx: &Context<'a>) -> Vec<AnnotationMap<'a>> {
    let mut found = Vec::new();
    let top_level = matches!(
        ctx.kind,
        Kind::OciManifest
            | Kind::OciIndex
            | Kind::OciArtifactManifest
            | Kind::DockerManifest
            | Kind::DockerManifestList
    );
    if top_level {
        if let Some(member) = ctx.root.get("annotations") {
            found.push(AnnotationMap {
                scope: Scope::TopLevel,
                pointer: Pointer::root().key("annotations"),
                member,
            });
        }
    }
    for site in ctx.descriptors() {
        if let Some(member) = site.node.get("annotations") {
            found.push(AnnotationMap {
                scope: Scope::Descriptor(site.role),
                pointer: site.pointer.key("annotations"),
                member,
            });
        }
    }
    found
}

/// Levenshtein distance in characters, for "did you mean" hints on short strings.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("licences", "licenses"), 1);
        assert_eq!(edit_distance("oci.opencontainers", "org.opencontainers"), 2);
        assert_eq!(edit_distance("created", ""), 7);
        assert_eq!(edit_distance("ä", "a"), 1);
    }
}
