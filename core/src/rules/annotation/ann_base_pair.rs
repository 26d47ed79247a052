//! ANN012: `base.name` comes with the `base.digest` it resolved to.

use super::super::prelude::*;

declare_rule! {
    code: "ANN012",
    name: "ann-base-pair",
    severity: Info,
    since: "0.1.0",
    summary: "When `org.opencontainers.image.base.name` is set, `org.opencontainers.image.base.digest` should be set too.",
    why: "image-spec: if `base.name` is specified, `base.digest` SHOULD be the digest of the \
          base manifest. A name alone (a tag such as `ubuntu:22.04`) moves over time, so \
          tools that check whether the base image is outdated or vulnerable cannot tell \
          which image was actually used. (The spec's sentence says \"referenced by the \
          `image.ref.name` annotation\", almost certainly a typo for `image.base.name`.)",
    how_to_fix: "Add `org.opencontainers.image.base.digest` with the digest the base name \
                 resolved to at build time.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#pre-defined-annotation-keys",
    examples: [
        invalid(examples::OCI_INDEX_BASE_NAME_ONLY),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.base.name": "docker.io/library/ubuntu:22.04", "org.opencontainers.image.base.digest": "sha256:19d5218d4475e2d1a1d2f0d1b2e4f5d4ff4d7e2b1c9a6f6f3b5d6a1c2e3f4a5b"}}"#),
    ],
    check: Document(check),
}

const NAME: &str = "org.opencontainers.image.base.name";
const DIGEST: &str = "org.opencontainers.image.base.digest";

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        let Some((name, value)) = map.get(NAME) else {
            continue;
        };
        let has_digest = map
            .member
            .value
            .members()
            .unwrap_or_default()
            .iter()
            .any(|entry| entry.key == DIGEST);
        // A digest in the name itself (`name@sha256:…`) pins it too.
        if value.is_empty() || has_digest || value.contains('@') {
            continue;
        }
        out.emit(
            ctx.key_range(name),
            map.entry_pointer(name),
            format!("`{NAME}` is set without `{DIGEST}`; a name alone does not say which image the base was when this one was built"),
        );
    }
}
