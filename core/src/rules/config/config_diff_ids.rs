//! CFG003: `rootfs.diff_ids` is an array of digests.

use super::super::prelude::*;
use crate::digest::{self, DigestError};

declare_rule! {
    code: "CFG003",
    name: "config-diff-ids",
    severity: Error,
    since: "0.1.0",
    summary: "`rootfs.diff_ids` must be an array of digests, one per layer (`sha256:` and 64 hex digits).",
    why: "`diff_ids` is REQUIRED: the digests of the uncompressed layers, in order. \
          Runtimes check every unpacked layer against it and derive the image's layer \
          chain from it, so a value that is not a digest can never match: Docker fails the pull \
          (`layers from manifest don't match image configuration`), and go-digest refuses \
          it wherever it is validated (`invalid checksum digest format`, `… length`). \
          A `sha256` digest has exactly 64 lowercase hex digits (image-spec § Registered \
          algorithms).",
    how_to_fix: "List `sha256:<hex>` of each uncompressed layer tar, in layer order (for \
                 gzip layers, `gunzip -c layer.tar.gz | sha256sum`).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#layer-diffid",
    examples: [
        invalid(r#"{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": ["c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1"]}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        invalid(r#"{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers"}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": ["sha256:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1"]}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some(rootfs) = ctx.rootfs() else {
        return;
    };
    let pointer = Pointer::root().key("rootfs").key("diff_ids");
    let Some(member) = rootfs.get("diff_ids") else {
        out.emit(
            head(rootfs),
            Pointer::root().key("rootfs"),
            "`rootfs` has no `diff_ids`; it must list the digest of every uncompressed layer (`[]` for none)",
        );
        return;
    };
    let Some(items) = member.value.items() else {
        out.emit(
            member.value.range,
            pointer,
            format!(
                "`diff_ids` is {}; it must be an array of digests",
                member.value.type_name()
            ),
        );
        return;
    };
    for (index, item) in items.iter().enumerate() {
        let Some(text) = item.as_str() else {
            out.emit(
                item.range,
                pointer.index(index),
                format!(
                    "`diff_ids` item {index} is {}; it must be a digest string",
                    item.type_name()
                ),
            );
            continue;
        };
        let problem = match digest::validate(text) {
            Ok(_) => continue,
            Err(DigestError::Grammar(_))
                if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                format!("`{text}` has no algorithm; write `sha256:{text}`")
            }
            Err(DigestError::Grammar(error)) => format!("`{text}` {}", error.describe(text)),
            Err(DigestError::Encoding(problem)) => format!("`{text}`: {problem}"),
        };
        out.emit(
            item.range,
            pointer.index(index),
            format!("diff_id {problem}"),
        );
    }
}
