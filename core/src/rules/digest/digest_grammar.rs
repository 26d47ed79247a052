//! DIG001: a descriptor's digest follows the image-spec digest grammar.

use super::super::prelude::*;
use crate::digest;

declare_rule! {
    code: "DIG001",
    name: "digest-grammar",
    severity: Error,
    since: "0.1.0",
    summary: "A digest must be `algorithm:encoded`, e.g. `sha256:` followed by 64 hex digits.",
    why: "The digest is how registries and runtimes find and verify content. image-spec \
          defines its grammar (`[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+`); a digest \
          outside it is refused on push (`DIGEST_INVALID`, `MANIFEST_INVALID`) and cannot be \
          resolved on pull.",
    how_to_fix: "Write the digest as the algorithm in lowercase, a colon and the encoded \
                 hash, e.g. `sha256:` and the 64 lowercase hex digits of the blob's SHA-256.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#digests",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "SHA256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 1}"#),
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 1}"#),
        valid(examples::LAYER_DESCRIPTOR_SHA256),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(check) = site.digest() else {
            continue;
        };
        let (member, text) = (check.member, check.text());
        if let Err(error) = &check.grammar() {
            out.emit(
                member.value.range,
                site.pointer.key("digest"),
                format!(
                    "the digest `{text}` {}{}",
                    error.describe(text),
                    hint(text, error)
                ),
            );
        }
    }
}

/// A likely intended digest, for the common mistakes.
fn hint(text: &str, error: &digest::GrammarError) -> String {
    let is_hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    match error {
        digest::GrammarError::NoSeparator if text.len() == 64 && is_hex(text) => {
            format!(
                "; it looks like a bare SHA-256: write `sha256:{}`",
                text.to_ascii_lowercase()
            )
        }
        digest::GrammarError::NoSeparator if text.len() == 128 && is_hex(text) => {
            format!(
                "; it looks like a bare SHA-512: write `sha512:{}`",
                text.to_ascii_lowercase()
            )
        }
        digest::GrammarError::BadAlgorithm { at } => match text.split_once(':') {
            Some((algorithm, encoded))
                if digest::parse(&format!("{}:{encoded}", algorithm.to_ascii_lowercase()))
                    .is_ok() =>
            {
                format!("; write it `{}:…`", algorithm.to_ascii_lowercase())
            }
            _ if text.get(*at..).is_some_and(|rest| rest.starts_with(['+', '.', '_', '-'])) => {
                " (a separator must sit between two letters or digits, not next to another separator or at an end)".into()
            }
            _ => String::new(),
        },
        _ => String::new(),
    }
}
