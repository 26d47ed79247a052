//! INP006: compressed data or an archive, named for what it is.

use super::super::prelude::*;

declare_rule! {
    code: "INP006",
    name: "input-binary",
    severity: Error,
    since: "0.1.0",
    summary: "The input must be a JSON document, not compressed data or an archive.",
    why: "A layer, an image saved with `docker save`, an OCI layout packed as a tar or a \
          `.tar.gz` is easy to pick by mistake. Reported as JSON it would only say that \
          some control character is unexpected; named, it says what to open instead.",
    how_to_fix: "Give the manifest itself (`index.json` or a blob under `blobs/sha256/` of \
                 an OCI layout), or check the whole image with `ocilint verify`.",
    url: "https://github.com/opencontainers/image-spec/blob/main/image-layout.md",
    examples: [
        invalid(bytes: b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"),
        invalid(bytes: b"\x50\x4b\x03\x04\x14\x00\x00\x00"),
        valid(examples::SCHEMA_VERSION_ONLY),
    ],
    check: Pasted(check),
}

const VERIFY: &str = "`ocilint verify` opens whole images";

fn check(pasted: &Pasted<'_>, out: &mut Emitter<'_>) {
    let bytes = pasted.bytes;
    let Some((magic, what)) = recognise(bytes) else {
        return;
    };
    out.emit(TextRange::new(0, magic), Pointer::root(), what);
}

/// How many bytes say what the input is, and what to tell the user.
fn recognise(bytes: &[u8]) -> Option<(usize, String)> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(&[0x1f, 0x8b]) {
        return Some((2, format!(
            "this is gzip-compressed data (a compressed layer or a `.tar.gz` image), not a JSON document; {VERIFY}"
        )));
    }
    if starts(&[0x28, 0xb5, 0x2f, 0xfd]) {
        return Some((4, format!(
            "this is zstd-compressed data (a compressed layer or a `.tar.zst` image), not a JSON document; {VERIFY}"
        )));
    }
    if starts(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        return Some((
            6,
            format!("this is xz-compressed data, not a JSON document; {VERIFY}"),
        ));
    }
    if starts(b"BZh") && bytes.get(3).is_some_and(|b| (b'1'..=b'9').contains(b)) {
        return Some((
            4,
            format!("this is bzip2-compressed data, not a JSON document; {VERIFY}"),
        ));
    }
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        return Some((4, "this is a zip archive, not a JSON document; extract the manifest from it and check that".into()));
    }
    if bytes.get(257..262) == Some(b"ustar") || bytes.get(257..263) == Some(b"ustar\0") {
        let names = tar_names(bytes);
        let has = |name: &str| names.iter().any(|n| n.trim_start_matches("./") == name);
        let what = if has("oci-layout") {
            "this is a tar archive of an OCI image layout (`oci-layout`, `index.json`, `blobs/`)"
        } else if has("manifest.json") && has("repositories") {
            "this is a tar archive as `docker save` writes it"
        } else {
            "this is a tar archive"
        };
        // The first member's name: where the line shown begins.
        let name = bytes[..100].iter().position(|&b| b == 0).unwrap_or(100);
        return Some((
            name.max(1),
            format!("{what}, not a JSON document; {VERIFY}"),
        ));
    }
    None
}

/// The member names of a tar archive, header after header (ustar: name at 0, size in octal
/// at 124, data padded to 512-byte blocks), as far as the bytes go.
fn tar_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = 0;
    while let Some(header) = bytes.get(at..at + 512) {
        if header.iter().all(|&b| b == 0) {
            break;
        }
        let name = &header[..100];
        let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(100)];
        names.push(String::from_utf8_lossy(name).into_owned());
        let size = std::str::from_utf8(&header[124..136]).ok().and_then(|s| {
            u64::from_str_radix(s.trim_matches(|c: char| c == '\0' || c == ' '), 8).ok()
        });
        let Some(size) = size else { break };
        let Some(next) = usize::try_from(size.div_ceil(512) * 512)
            .ok()
            .and_then(|data| at.checked_add(512)?.checked_add(data))
        else {
            break;
        };
        at = next;
    }
    names
}
