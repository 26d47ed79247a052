//! DSC011: large embedded `data` makes the manifest less portable.

use super::super::prelude::*;

/// Base 64 characters above which embedded `data` is reported (encoding 768 bytes).
const LARGE_DATA_CHARS: usize = 1024;

/// The manifest size distribution, zot, ECR and containers/image accept (4 MiB).
const MANIFEST_LIMIT: usize = 4 * 1024 * 1024;

declare_rule! {
    code: "DSC011",
    name: "desc-data-portability",
    severity: Info,
    since: "0.1.0",
    summary: "Embedding more than a few hundred bytes in `data` makes the manifest less portable.",
    why: "image-spec asks implementations to consider portability before embedding \
          content: every byte of `data` grows the manifest by a third more, and registries \
          cap manifests at 4 MiB (distribution and zot answer `413` or \
          `http: request body too large`, ECR's API limit is 4,194,304 bytes, containers/image \
          refuses larger ones). The blob must still be uploaded, so the inline copy only \
          saves a round trip; it is meant for small content such as the empty descriptor's \
          `e30=`.",
    how_to_fix: "Remove `data` from descriptors of large blobs and let clients fetch them by \
                 digest.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#embedded-content",
    examples: [
        invalid(concat!(
            r#"{"mediaType": "text/plain", "digest": "sha256:a3660383560f10953195d337274d4ee18164d41f1326a1616ff2d28f0b2f12b8", "size": 771, "data": ""#,
            "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU",
            "FBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB",
            "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU",
            "FBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB",
            "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU",
            "FBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB",
            "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB",
            r#""}"#,
        )),
        valid(examples::EMPTY_DESCRIPTOR_WITH_DATA),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(data) = site.node.get("data") else {
            continue;
        };
        let Some(text) = data.value.as_str() else {
            continue;
        };
        if text.len() <= LARGE_DATA_CHARS {
            continue;
        }
        let padding = text.bytes().rev().take_while(|&b| b == b'=').count().min(2);
        let decoded = (text.len() / 4 * 3).saturating_sub(padding);
        let share = text.len() as f64 * 100.0 / MANIFEST_LIMIT as f64;
        let limit = if share >= 1.0 {
            format!(", {share:.0}% of the 4 MiB most registries accept for a whole manifest")
        } else {
            String::new()
        };
        out.emit(
            data.value.range,
            site.pointer.key("data"),
            format!(
                "`data` embeds {} in the manifest ({} of Base 64{limit}); the blob must still be uploaded, so consider leaving it out",
                human_bytes(decoded),
                human_bytes(text.len()),
            ),
        );
    }
}

fn human_bytes(n: usize) -> String {
    if n < 10 * 1024 {
        format!("{n} bytes")
    } else if n < 10 * 1024 * 1024 {
        format!("{} KiB", n / 1024)
    } else {
        format!("{} MiB", n / (1024 * 1024))
    }
}
