//! ANN010: `org.opencontainers.image.base.digest` is a digest.

use super::super::prelude::*;
use crate::digest::{self, DigestError};

declare_rule! {
    code: "ANN010",
    name: "ann-base-digest-format",
    severity: Warning,
    since: "0.1.0",
    summary: "`org.opencontainers.image.base.digest` must be a digest such as `sha256:<64 hex>`.",
    why: "image-spec defines the value as a Digest with the descriptor grammar \
          (`algorithm:encoded`). Tools that track base images resolve the base by this \
          digest; a bare hex string without `sha256:` \
          (seen in canonical/rockcraft#908) or a truncated one cannot be resolved.",
    how_to_fix: "Write the digest of the base image's manifest with its algorithm: \
                 `sha256:` followed by 64 lowercase hex digits.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#pre-defined-annotation-keys",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.base.digest": "19d5218d4475e2d1a1d2f0d1b2e4f5d4ff4d7e2b1c9a6f6f3b5d6a1c2e3f4a5b"}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.base.digest": "sha256:19d5218d4475e2d1a1d2f0d1b2e4f5d4ff4d7e2b1c9a6f6f3b5d6a1c2e3f4a5b"}}"#),
    ],
    check: Document(check),
}

const KEY: &str = "org.opencontainers.image.base.digest";

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        for (entry, value) in map.string_entries().filter(|(e, _)| e.key == KEY) {
            if value.is_empty() {
                continue;
            }
            let problem = match digest::validate(value) {
                Ok(_) => continue,
                Err(DigestError::Grammar(error)) => format!("it {}", error.describe(value)),
                Err(DigestError::Encoding(text)) => text,
            };
            let shown: String = value.chars().take(80).collect();
            let hint = if value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
                format!(
                    "; it looks like a sha256 value without its algorithm: `sha256:{}`",
                    value.to_ascii_lowercase()
                )
            } else {
                String::new()
            };
            out.emit(
                entry.value.range,
                map.entry_pointer(entry),
                format!("`{shown}` is not a valid digest: {problem}{hint}"),
            );
        }
    }
}
