//! DIG004: digests other than `sha256` are less portable.

use super::super::prelude::*;

declare_rule! {
    code: "DIG004",
    name: "digest-prefer-sha256",
    severity: Info,
    since: "0.1.0",
    summary: "Compliant implementations should use `sha256`; `sha512` is optional to support.",
    why: "image-spec says implementations SHOULD use SHA-256 and MUST implement SHA-256 \
          verification, while SHA-512 support is only a MAY. Support is uneven: distribution \
          computes a pushed manifest's digest with SHA-256 and answers `400 DIGEST_INVALID` \
          when it is pushed by a `sha512` reference (distribution#4420), and \
          go-containerregistry only learned to pull by `sha512` in 2026. Descriptors may mix \
          algorithms, so this is only a note.",
    how_to_fix: "Use `sha256` digests unless every registry and client in the path is known \
                 to handle `sha512`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#registered-algorithms",
    examples: [
        invalid(examples::LAYER_DESCRIPTOR_SHA512_EMPTY),
        valid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "size": 0}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(check) = site.digest() else {
            continue;
        };
        let member = check.member;
        // Unregistered algorithms are `digest-unregistered-algorithm`'s finding.
        if !matches!(check.grammar(), Ok(("sha512", _))) {
            continue;
        }
        out.emit(
            member.value.range,
            site.pointer.key("digest"),
            "this is a `sha512` digest; image-spec asks for `sha256`, and not every registry or client handles `sha512`",
        );
    }
}
