//! The benchmarks' documents, generated: shared by the criterion benchmark (`check.rs`) and
//! `cargo xtask bench` (its series and its page), so every figure is over the same bytes.
//! Std only: xtask includes this file by path. Each includer uses a part of it.
#![allow(dead_code)]

use std::fmt::Write as _;

/// An OCI image manifest of about 0.5 KB, a config and one layer: a valid manifest of the
/// rules' fixtures.
pub(crate) const SMALL_MANIFEST: &[u8] =
    include_bytes!("../../tests/fixtures/doc-media-type-oci-manifest/valid-manifest.json");

/// How the entries of a generated index choose their platforms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Platforms {
    /// Six platforms in turn, each entry tagged with its own `ref.name`: clean, no diagnostics.
    Tagged,
    /// Every entry `linux/amd64` and untagged, as in an index that appended builds: an
    /// `index-duplicate-platform` diagnostic for every entry after the first.
    Shared,
}

/// A 64-hex-digit name for entry `i`: distinct per entry, the same on every run (these
/// documents name manifests that are never fetched, so any well-formed digest will do).
fn fake_digest(i: usize) -> String {
    let mut state = (i as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut hex = String::with_capacity(71);
    hex.push_str("sha256:");
    for _ in 0..4 {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        let _ = write!(hex, "{:016x}", z ^ (z >> 31));
    }
    hex
}

/// An OCI image index listing `entries` manifests, one entry per line as tools write it:
/// about 1.4 MB for 5000 entries.
pub(crate) fn index(entries: usize, platforms: Platforms) -> Vec<u8> {
    const TAGGED: [(&str, &str, &str); 6] = [
        ("linux", "amd64", ""),
        ("linux", "arm64", ",\"variant\":\"v8\""),
        ("linux", "arm", ",\"variant\":\"v7\""),
        ("linux", "ppc64le", ""),
        ("linux", "s390x", ""),
        ("windows", "amd64", ""),
    ];
    let mut out = String::with_capacity(entries * 290 + 128);
    out.push_str(
        "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"application/vnd.oci.image.index.v1+json\",\n  \"manifests\": [\n",
    );
    for i in 0..entries {
        let ((os, architecture, variant), annotation) = match platforms {
            Platforms::Tagged => (
                TAGGED[i % TAGGED.len()],
                "org.opencontainers.image.ref.name",
            ),
            Platforms::Shared => (TAGGED[0], "org.opencontainers.image.version"),
        };
        let _ = writeln!(
            out,
            "    {{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"{}\",\"size\":{},\"annotations\":{{\"{annotation}\":\"1.{}.{}\"}},\"platform\":{{\"architecture\":\"{architecture}\",\"os\":\"{os}\"{variant}}}}}{}",
            fake_digest(i),
            1000 + i,
            i / 100,
            i % 100,
            if i + 1 < entries { "," } else { "" }
        );
    }
    out.push_str("  ]\n}\n");
    out.into_bytes()
}

/// The clean index with as many entries as fit in `bytes` (a 20 KB index, a 4 MiB one).
pub(crate) fn index_of_size(bytes: usize) -> Vec<u8> {
    // Entries differ in length by a few digits: bisect on the count.
    let fits = |entries: usize| index(entries, Platforms::Tagged).len() <= bytes;
    let (mut low, mut high) = (1, bytes / 100 + 2);
    while high - low > 1 {
        let middle = (low + high) / 2;
        if fits(middle) {
            low = middle;
        } else {
            high = middle;
        }
    }
    index(low, Platforms::Tagged)
}
