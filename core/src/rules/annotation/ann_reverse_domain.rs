//! ANN003: annotation keys are namespaced in reverse-domain notation.

use super::super::prelude::*;

declare_rule! {
    code: "ANN003",
    name: "ann-reverse-domain",
    severity: Info,
    since: "0.1.0",
    summary: "Annotation keys should be namespaced in reverse-domain notation, e.g. `com.example.myKey`.",
    why: "image-spec: keys SHOULD be named using a reverse domain notation, and best \
          practice is to namespace them. Un-namespaced keys (`maintainer`, `version`, \
          `buildkit/createdat`) collide between tools that each give them their own \
          meaning, and nothing tells a reader who defined them.",
    how_to_fix: "Prefix the key with a domain you control, reversed: `com.example.version` \
                 instead of `version`. For the common meanings use the pre-defined \
                 `org.opencontainers.image.*` keys (`authors`, `version`, `source`, …).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#rules",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"maintainer": "me@example.com"}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"com.example.maintainer": "me@example.com"}}"#),
    ],
    check: Document(check),
}

/// Pre-defined keys a bare word most likely means.
const SUGGESTIONS: [(&str, &str); 8] = [
    ("maintainer", "org.opencontainers.image.authors"),
    ("author", "org.opencontainers.image.authors"),
    ("authors", "org.opencontainers.image.authors"),
    ("version", "org.opencontainers.image.version"),
    ("description", "org.opencontainers.image.description"),
    ("license", "org.opencontainers.image.licenses"),
    ("licenses", "org.opencontainers.image.licenses"),
    ("source", "org.opencontainers.image.source"),
];

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        for entry in map.member.value.members().unwrap_or_default() {
            let key = &*entry.key;
            let namespaced = key
                .split_once('.')
                .is_some_and(|(first, rest)| !first.is_empty() && !rest.is_empty());
            if namespaced {
                continue;
            }
            let shown: String = key.chars().take(60).collect();
            // Suggest the key itself under a namespace when it is a plain word.
            let plain = !key.is_empty()
                && key.len() <= 60
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            let example = if plain { key } else { "myKey" };
            let hint = SUGGESTIONS
                .iter()
                .find(|(word, _)| key.eq_ignore_ascii_case(word))
                .map(|(_, predefined)| {
                    format!(" (for this meaning there is the pre-defined `{predefined}`)")
                })
                .unwrap_or_default();
            out.emit(
                entry.key_range,
                map.pointer.key(key),
                format!(
                    "`{shown}` is not namespaced; keys should use reverse-domain notation such as `com.example.{example}`{hint}"
                ),
            );
        }
    }
}
