//! ANN003: annotation keys are namespaced in reverse-domain notation.

use super::super::prelude::*;
use crate::role::Convention;
use crate::rules::{AnnotationScope, DescriptorRole};

declare_rule! {
    code: "ANN003",
    name: "ann-reverse-domain",
    severity: Info,
    since: "0.1.0",
    summary: "Annotation keys should be namespaced in reverse-domain notation, e.g. `com.example.myKey`.",
    why: "image-spec: keys SHOULD be named using a reverse domain notation, and best \
          practice is to namespace them. Un-namespaced keys (`maintainer`, `version`, \
          `buildkit/createdat`) collide between tools that each give them their own \
          meaning, and nothing tells a reader who defined them. cosign's `predicateType` on \
          the DSSE layers of its attestation manifests is its convention and not reported.",
    how_to_fix: "Prefix the key with a domain you control, reversed: `com.example.version` \
                 instead of `version`. For the common meanings use the pre-defined \
                 `org.opencontainers.image.*` keys (`authors`, `version`, `source`, …).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#rules",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"maintainer": "me@example.com"}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"com.example.maintainer": "me@example.com"}}"#),
        // cosign's own key on the DSSE layers of its `.att` manifests: a convention, not a slip.
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 233, "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"}, "layers": [{"mediaType": "application/vnd.dsse.envelope.v1+json", "size": 652, "digest": "sha256:718b9b375b3fe4dd5cd6bbb89e123ac0b6fac5235cd30716786cfe911f7ffdbe", "annotations": {"dev.cosignproject.cosign/signature": "", "predicateType": "https://slsa.dev/provenance/v0.2"}}]}"#),
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

/// The bare key cosign writes on each DSSE layer of an attestation manifest (`.att`), naming
/// the in-toto predicate: cosign's convention, which readers look up by that name.
const COSIGN_PREDICATE_TYPE: &str = "predicateType";

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let cosign_attestation =
        crate::role::recognise(ctx.kind, ctx.root).convention == Some(Convention::CosignDsse);
    for map in ctx.annotation_maps() {
        let on_layer = map.scope == AnnotationScope::Descriptor(DescriptorRole::Layer);
        for entry in map.member.value.members().unwrap_or_default() {
            let key = entry.key;
            if cosign_attestation && on_layer && key == COSIGN_PREDICATE_TYPE {
                continue;
            }
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
                ctx.key_range(entry),
                map.pointer.key(key),
                format!(
                    "`{shown}` is not namespaced; keys should use reverse-domain notation such as `com.example.{example}`{hint}"
                ),
            );
        }
    }
}
