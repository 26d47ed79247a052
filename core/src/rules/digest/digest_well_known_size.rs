//! DIG005: digests of well-known content pin the size, and size 0 pins the digest.

use super::super::prelude::*;
use crate::digest;

declare_rule! {
    code: "DIG005",
    name: "digest-well-known-size",
    severity: Error,
    since: "0.1.0",
    summary: "The digest of `{}` needs `size` 2, the digest of empty content needs `size` 0, and `size` 0 needs that digest.",
    why: "A digest identifies exact bytes, so some digests fix the size: \
          `sha256:44136fa3…` is the 2-byte `{}` (the empty descriptor), and \
          `sha256:e3b0c442…` is zero bytes. Conversely a `size` of 0 allows only the digest \
          of empty content. Any other combination can never verify: whichever blob is \
          uploaded, clients that check the length and the digest of what they fetch \
          refuse it, so the manifest cannot be pulled.",
    how_to_fix: "Fix whichever of the two is wrong: for the empty descriptor write \
                 `\"size\": 2`; for a real blob take `digest` and `size` from the same bytes.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#guidance-for-an-empty-descriptor",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 0}"#),
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 0}"#),
        valid(r#"{"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let (Some(check), Some(size_member)) = (site.digest(), site.node.get("size")) else {
            continue;
        };
        let Some(size) = ctx.document.integer(&size_member.value) else {
            continue;
        };
        let (digest_member, declared) = (check.member, check.text());
        // Malformed digests are the other digest rules' findings.
        let Ok((algorithm, _)) = check.valid() else {
            continue;
        };
        let known = digest::well_known(algorithm);
        let empty = known.map(|k| k.empty.as_str());
        let pinned = if Some(declared) == known.map(|k| k.empty_json.as_str()) {
            Some((2, "the empty JSON object `{}`"))
        } else if Some(declared) == empty {
            Some((0, "empty content"))
        } else {
            None
        };
        match (pinned, empty) {
            (Some((expected, what)), _) if size != expected => {
                out.emit(
                    size_member.value.range,
                    site.pointer.key("size"),
                    format!("`size` is {size}, but the digest is that of {what}, which is {expected} bytes"),
                )
                .related(
                    digest_member.value.range,
                    site.pointer.key("digest"),
                    format!("`{declared}` is the digest of {what}"),
                );
            }
            // `empty` is `None` for algorithms ocilint cannot compute: nothing to compare.
            (None, Some(empty)) if size == 0 => {
                out.emit(
                    digest_member.value.range,
                    site.pointer.key("digest"),
                    format!("`size` is 0, but this is not the digest of empty content (`{empty}`); one of the two is wrong"),
                )
                .related(
                    size_member.value.range,
                    site.pointer.key("size"),
                    "`size` says the content is empty",
                );
            }
            _ => {}
        }
    }
}
