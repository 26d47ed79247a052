//! DSC010: a descriptor's embedded `data` hashes to its `digest`.

use super::super::prelude::*;
use crate::digest;
use crate::encoding;

declare_rule! {
    code: "DSC010",
    name: "desc-data-digest-match",
    severity: Error,
    since: "0.1.0",
    summary: "A descriptor's decoded `data` must hash to its `digest`.",
    why: "The decoded `data` MUST be identical to the referenced content, and consumers \
          SHOULD verify it against `digest`. A client that trusts the inline bytes reads \
          different content than one that fetches the blob by digest, and verifying \
          clients refuse it (regclient's `GetData` fails with `ErrParsingFailed`). \
          Because the bytes are in the document, ocilint can hash them (`sha256`, \
          `sha384`, `sha512`).",
    how_to_fix: "Make `data` the Base 64 of the exact blob the `digest` names (for the \
                 empty JSON descriptor, `e30=`), or recompute `digest` and `size` from the \
                 bytes `data` holds if those are the intended content.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2, "data": "W10="}"#),
        valid(examples::EMPTY_DESCRIPTOR_WITH_DATA),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(data) = site.node.get("data") else {
            continue;
        };
        let Some(check) = site.digest() else {
            continue;
        };
        let (digest_member, declared) = (check.member, check.text());
        // Malformed digests are reported by the digest rules.
        let Ok((algorithm, _)) = check.valid() else {
            continue;
        };
        let Some(text) = data.value.as_str() else {
            continue;
        };
        let Ok(decoded) = encoding::decode(text) else {
            continue;
        };
        let Some(actual) = digest::compute(algorithm, &decoded) else {
            continue;
        };
        if actual == declared {
            continue;
        }
        let what = if decoded.len() == 1 { "byte" } else { "bytes" };
        out.emit(
            data.value.range,
            site.pointer.key("data"),
            format!(
                "`data` ({}) decodes to {} {what} whose digest is `{actual}`, not the descriptor's `digest`",
                shorten(text, 24),
                decoded.len()
            ),
        )
        .related(
            digest_member.value.range,
            site.pointer.key("digest"),
            format!("`digest` is `{declared}`"),
        );
    }
}
