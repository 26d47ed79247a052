//! DIG003: a digest uses an algorithm that common registries and runtimes do not support.

use super::super::prelude::*;

declare_rule! {
    code: "DIG003",
    name: "digest-unregistered-algorithm",
    severity: Warning,
    since: "0.1.0",
    summary: "Digests should use `sha256` (or `sha512`); other algorithms are refused by most registries.",
    why: "image-spec registers `sha256` and `sha512` (and `blake3` on its unreleased `main` \
          branch) and says implementations SHOULD let other well-formed algorithms pass. In \
          practice go-digest, used by distribution, containerd, moby and containers/image, \
          verifies only `sha256`, `sha384` and `sha512` (BLAKE3 only where a program \
          registers it, which they do not) and answers `unsupported digest algorithm` for \
          anything else, so such a manifest cannot be pushed or pulled there. `sha384` \
          passes go-digest but is not registered by image-spec, so other OCI implementations \
          may refuse it.",
    how_to_fix: "Compute the digest with SHA-256 (`sha256sum FILE`) and write it as \
                 `sha256:<64 lowercase hex digits>`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#registered-algorithms",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "md5:d41d8cd98f00b204e9800998ecf8427e", "size": 0}"#),
        invalid(r#"{"mediaType": "application/vnd.oci.image.config.v1+json", "size": 1470, "digest": "sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564"}"#),
        valid(examples::LAYER_DESCRIPTOR_SHA512_EMPTY),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(check) = site.digest() else {
            continue;
        };
        let member = check.member;
        // Malformed digests are `digest-grammar`'s finding.
        let Ok((algorithm, _)) = check.grammar() else {
            continue;
        };
        let message = match algorithm {
            "sha256" | "sha512" => continue,
            "sha384" => "`sha384` is not registered by image-spec; go-digest (distribution, containerd) accepts it, but other OCI implementations may not".to_owned(),
            "blake3" => "`blake3` is registered only on image-spec's unreleased `main` branch; go-digest based registries and runtimes do not verify it and refuse the digest (`unsupported digest algorithm`)".to_owned(),
            other => format!(
                "`{other}` is not a registered digest algorithm; the digest is well formed, but go-digest based registries and runtimes refuse it (`unsupported digest algorithm`)"
            ),
        };
        out.emit(member.value.range, site.pointer.key("digest"), message);
    }
}
