//! ANN014: near-misses of the `org.opencontainers.image.` keys.

use super::super::fixes;
use super::super::prelude::*;
use crate::spec::annotations::{nearest, PREDEFINED, PREFIX};
use crate::spec::fields::edit_distance;

declare_rule! {
    code: "ANN014",
    name: "ann-key-typos",
    severity: Info,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "A key that looks like a misspelt `org.opencontainers.image.*` key.",
    why: "Tools read the pre-defined keys by their exact name, so `oci.opencontainers.image.created` \
          (a typo that even appears in image-spec's own \"minimal artifact\" example), \
          `org.opencontainer.image.source` or `org.opencontainers.images.version` is \
          silently ignored: registries show no creation date, no source link, no version. \
          `org.opencontainers.image.author` is the runtime-config key from conversion.md; \
          on a manifest the pre-defined key is `authors`.",
    how_to_fix: "Rename the key to the pre-defined one the message names (the fix does, or \
                 removes the misspelt key when the pre-defined one is already set).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#pre-defined-annotation-keys",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"oci.opencontainers.image.created": "2023-01-02T03:04:05Z"}}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.author": "Jane Doe"}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.created": "2023-01-02T03:04:05Z", "org.opencontainers.artifact.created": "2023-01-02T03:04:05Z"}}"#),
    ],
    check: Document(check),
}

/// The namespace without its trailing dot.
const NAMESPACE: &str = "org.opencontainers.image";

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        let entries = map.member.value.members().unwrap_or_default();
        let mut renamed_to: Vec<String> = Vec::new();
        for entry in entries {
            let Some((message, suggestion)) = typo(entry.key) else {
                continue;
            };
            let diagnostic = out.emit(ctx.key_range(entry), map.entry_pointer(entry), message);
            // Only a pre-defined key is a clear target. Two typos of one key: fix the first
            // now and the other (then a duplicate, so removed) in the next pass.
            let Some(key) = suggestion else { continue };
            if renamed_to.contains(&key) {
                continue;
            }
            if let Some((title, edit)) =
                fixes::rename_or_remove(ctx, &map.member.value, entry, &key)
            {
                diagnostic.fix(FixSafety::Unsafe, title, vec![edit]);
            }
            renamed_to.push(key);
        }
    }
}

/// The message for a misspelt key, and the pre-defined key it should be when that is clear.
fn typo(key: &str) -> Option<(String, Option<String>)> {
    if let Some(suffix) = key.strip_prefix(PREFIX) {
        // Unknown keys in the right namespace are `ann-reserved-namespace`'s.
        return (suffix == "author").then(|| {
            (
                format!(
                    "`{key}` is the runtime-config key of conversion.md; the pre-defined annotation for manifests, indexes and descriptors is `{PREFIX}authors`"
                ),
                Some(format!("{PREFIX}authors")),
            )
        });
    }
    // `org.opencontainers.created`: the `image` segment is missing.
    if let Some(suffix) = key.strip_prefix("org.opencontainers.") {
        if PREDEFINED.contains(&suffix) {
            return Some((
                format!(
                    "`{key}` misses the `image` segment; the pre-defined key is `{PREFIX}{suffix}`"
                ),
                Some(format!("{PREFIX}{suffix}")),
            ));
        }
    }
    // The first three dot-separated segments against `org.opencontainers.image`.
    let mut segments = key.splitn(4, '.');
    let head: Vec<&str> = segments.by_ref().take(3).collect();
    let rest = segments.next()?;
    if head.len() < 3 || rest.is_empty() {
        return None;
    }
    let prefix = head.join(".");
    let distance = edit_distance(&prefix.to_ascii_lowercase(), NAMESPACE);
    // Other OCI namespaces (`org.opencontainers.artifact.*`) are far enough not to match.
    if prefix == NAMESPACE || distance > 2 {
        return None;
    }
    let suffix = nearest(rest).unwrap_or(rest);
    Some((
        format!(
            "`{key}` looks like a misspelling of `{PREFIX}{suffix}`; tools read the pre-defined keys by their exact name and ignore this one"
        ),
        PREDEFINED
            .contains(&suffix)
            .then(|| format!("{PREFIX}{suffix}")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_near_misses_only() {
        assert!(typo("oci.opencontainers.image.created").is_some());
        assert!(typo("org.opencontainer.image.source").is_some());
        assert!(typo("org.opencontainers.images.version").is_some());
        assert!(typo("Org.OpenContainers.Image.version").is_some());
        assert!(typo("org.opencontainers.Image.created").is_some());
        assert!(typo("org.opencontainers.created").is_some());
        assert!(typo("org.opencontainers.image.author").is_some());
        assert!(typo("org.opencontainers.image.created").is_none());
        assert!(typo("org.opencontainers.image.builder").is_none());
        assert!(typo("org.opencontainers.artifact.created").is_none());
        assert!(typo("org.label-schema.build-date").is_none());
        assert!(typo("com.example.image.thing").is_none());
        assert!(typo("io.containerd.image.name").is_none());
        assert!(typo("org.opencontainers.image").is_none());
        assert!(typo("é.é.é.é").is_none());
    }

    #[test]
    fn suggests_only_pre_defined_keys() {
        let suggestion = |key| typo(key).and_then(|(_, suggestion)| suggestion);
        assert_eq!(
            suggestion("oci.opencontainers.image.created").as_deref(),
            Some("org.opencontainers.image.created")
        );
        assert_eq!(
            suggestion("org.opencontainers.image.author").as_deref(),
            Some("org.opencontainers.image.authors")
        );
        assert_eq!(
            suggestion("org.opencontainers.created").as_deref(),
            Some("org.opencontainers.image.created")
        );
        // Not near any pre-defined key: renaming it would only move it into the reserved
        // namespace.
        assert!(typo("org.opencontainer.image.frobnicate").is_some());
        assert_eq!(suggestion("org.opencontainer.image.frobnicate"), None);
    }
}
