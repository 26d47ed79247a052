//! ART004: a descriptor typed `application/vnd.oci.empty.v1+json` describes exactly `{}`.

use super::super::prelude::*;
use crate::spec::media_types as mt;

declare_rule! {
    code: "ART004",
    name: "empty-descriptor-values",
    covers: ["empty-descriptor-values", "empty-descriptor-data"],
    severity: Error,
    fix: Always(Unsafe),
    since: "0.1.0",
    summary: "The empty descriptor has the digest of `{}`, size 2 and, if present, `data` `e30=`.",
    why: "`application/vnd.oci.empty.v1+json` means the 2-byte blob `{}`: digest \
          `sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a`, size \
          2, inline `data` `e30=` (image-spec's `DescriptorEmptyJSON`). Any other digest, \
          size or data describes a different blob under that type: clients that skip \
          fetching the well-known `{}` disagree with those that fetch and verify, and the \
          registry refuses the push when no blob with that digest was uploaded. The usual \
          mistake is the digest of zero bytes (`sha256:e3b0c442…`) with size 0.",
    how_to_fix: "Use exactly `{\"mediaType\": \"application/vnd.oci.empty.v1+json\", \
                 \"digest\": \
                 \"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\", \
                 \"size\": 2}` (optionally with `\"data\": \"e30=\"`) and upload the 2-byte \
                 blob `{}`. If the blob is not `{}`, give it its own media type. The fix \
                 writes the values of `{}`, so apply it only when that is the blob meant.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#guidance-for-an-empty-descriptor",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example+type", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "size": 0}, "layers": [{"mediaType": "application/vnd.example+type", "digest": "sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", "size": 1234}]}"#),
        invalid(r#"{"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2, "data": "e30K"}"#),
        valid(examples::EMPTY_DESCRIPTOR_WITH_DATA),
    ],
    check: Document(check),
}

/// `sha512` of `{}`: the empty descriptor under the other registered algorithm.
const EMPTY_JSON_SHA512: &str = "sha512:27c74670adb75075fad058d5ceaf7b20c4e7786c83bae8a32f626f9782af34c9a33c2046ef60fd2a7878d378e29fec851806bbd9a67878f3a9f1cda4830763fd";
/// `sha512` of zero bytes.
const EMPTY_BLOB_SHA512: &str = "sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let node = site.node;
        if node.get("mediaType").and_then(|m| m.value.as_str()) != Some(mt::OCI_EMPTY) {
            continue;
        }
        let digest = node.get("digest");
        let digest_text = digest.and_then(|m| m.value.as_str());
        if let (Some(member), Some(text)) = (digest, digest_text) {
            let wrong = match text.split_once(':').map(|(algorithm, _)| algorithm) {
                Some("sha256") => text != mt::EMPTY_JSON_DIGEST,
                Some("sha512") => text != EMPTY_JSON_SHA512,
                // Other algorithms cannot be checked here; malformed digests are reported by
                // the digest rules.
                _ => false,
            };
            if wrong {
                let why = if text == mt::EMPTY_BLOB_DIGEST || text == EMPTY_BLOB_SHA512 {
                    "that is the digest of zero bytes, not of `{}`"
                } else {
                    "that is not the digest of `{}`"
                };
                let right = if text.starts_with("sha512:") {
                    EMPTY_JSON_SHA512
                } else {
                    mt::EMPTY_JSON_DIGEST
                };
                out.emit(
                    member.value.range,
                    site.pointer.key("digest"),
                    format!(
                        "the empty descriptor's digest must be `{}`; {why}",
                        mt::EMPTY_JSON_DIGEST
                    ),
                )
                .fix(
                    FixSafety::Unsafe,
                    "Set the digest to that of `{}`",
                    vec![ctx.editor().replace_string(&member.value, right)],
                );
            }
        }
        // With the right sha256 digest a wrong size is `digest-well-known-size`'s to report.
        if digest_text != Some(mt::EMPTY_JSON_DIGEST) {
            if let Some(member) = node.get("size") {
                if let Some(size) = ctx.document.integer(&member.value).filter(|&s| s != 2) {
                    out.emit(
                        member.value.range,
                        site.pointer.key("size"),
                        format!("the empty descriptor's blob is `{{}}`, 2 bytes, not {size}"),
                    )
                    .fix(
                        FixSafety::Unsafe,
                        "Set the size to 2",
                        vec![ctx.editor().replace(&member.value, "2")],
                    );
                }
            }
        }
        if let Some(member) = node.get("data") {
            if let Some(data) = member.value.as_str().filter(|&d| d != "e30=") {
                let shown = match data.char_indices().nth(24) {
                    Some((end, _)) => format!("{}…", &data[..end]),
                    None => data.to_owned(),
                };
                out.emit(
                    member.value.range,
                    site.pointer.key("data"),
                    format!(
                        "the empty descriptor's `data` must be `e30=` (`{{}}` in base64), not \
                         `{shown}`"
                    ),
                )
                .fix(
                    FixSafety::Unsafe,
                    "Set `data` to `e30=`",
                    vec![ctx.editor().replace_string(&member.value, "e30=")],
                );
            }
        }
    }
}
