//! DIG006: a `blake3` digest is 64 lowercase hex digits (image-spec `main` only).

use super::super::prelude::*;
use crate::digest;

declare_rule! {
    code: "DIG006",
    name: "digest-blake3-hex",
    severity: Error,
    since: "0.1.0",
    spec_versions: ["main"],
    summary: "`blake3` digests are 64 lowercase hex digits.",
    why: "image-spec's `main` branch registers BLAKE3 with a 256-bit output written as \
          `[a-f0-9]{64}` (commit 4fecf47); go-digest's blake3 package enforces the same. \
          v1.1.0 and v1.1.1 do not register `blake3`, so there it is an algorithm like any \
          unregistered one, bound only by the digest grammar: `spec@1.1.0` and `spec@1.1.1` \
          do not count this, and DIG003 still warns that most registries refuse it.",
    how_to_fix: "Recompute the digest over the exact blob bytes (`b3sum FILE`) and write its \
                 64 hex digits in lowercase.",
    url: "https://github.com/opencontainers/image-spec/blob/main/descriptor.md#blake3",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "blake3:AF1349B9F5F9A1A6A0404DEA36DCC9499BCB25C9ADC112B7CC9A93CAE41F3262", "size": 0}"#),
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "blake3:af1349b9f5f9a1a6", "size": 0}"#),
        valid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", "size": 0}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(check) = site.digest() else {
            continue;
        };
        if !check
            .grammar()
            .as_ref()
            .is_ok_and(|(algorithm, _)| *algorithm == "blake3")
        {
            continue;
        }
        if let Err(digest::DigestError::Encoding(problem)) = &check.valid() {
            out.emit(
                check.member.value.range,
                site.pointer.key("digest"),
                problem.clone(),
            );
        }
    }
}
