//! DIG002: a digest with a registered algorithm has that algorithm's exact encoding.

use super::super::prelude::*;
use crate::digest;

declare_rule! {
    code: "DIG002",
    name: "digest-registered-encoding",
    covers: ["digest-sha256-hex", "digest-sha512-hex"],
    severity: Error,
    since: "0.1.0",
    summary: "`sha256` digests are 64 lowercase hex digits, `sha512` 128, `sha384` 96.",
    why: "For registered algorithms image-spec fixes the encoding exactly and forbids \
          uppercase hex. go-digest, used by distribution, containerd and podman, rejects \
          any other length or case (`invalid checksum digest format`), so such a manifest \
          cannot be pushed or pulled. (`blake3`, registered only on image-spec `main`, is \
          DIG006's.)",
    how_to_fix: "Recompute the digest over the exact blob bytes (`sha256sum FILE`) and \
                 write it in lowercase.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#registered-algorithms",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:5B0BCABD1ED22E9FB1310CF6C2DEC7CDEF19F0AD69EFA1F392E94A4333501270", "size": 1}"#),
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha512:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 1}"#),
        valid(examples::LAYER_DESCRIPTOR_SHA256),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(check) = site.digest() else {
            continue;
        };
        if check
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
