//! Digests: computing them over exact bytes, and the image-spec digest grammar.

use sha2::digest::Output;
use sha2::{Digest, Sha256, Sha384, Sha512};

/// `sha256:<64 lowercase hex>` of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    prefixed_hex("sha256", &hash::<Sha256>(bytes))
}

/// How many bytes a hash takes per call. A wasm engine runs a function in the code it compiled
/// first (V8's baseline: some 20 MB/s for SHA-256) until the function is called again after it
/// has been optimised (some 200 MB/s); one call over a whole 27 MB document ran all of it in
/// the baseline code, 1.3 s. In pieces, all but the first few run optimised. Natively the
/// pieces cost nothing measurable.
const HASH_PIECE: usize = 64 * 1024;

/// `D` of `bytes`, fed in [`HASH_PIECE`]s.
fn hash<D: Digest>(bytes: &[u8]) -> Output<D> {
    let mut hasher = D::new();
    for piece in bytes.chunks(HASH_PIECE) {
        hasher.update(piece);
    }
    hasher.finalize()
}

/// `algorithm:hex` of `bytes`, for the algorithms ocilint can compute (`sha256`, `sha384`,
/// `sha512`); `None` for any other algorithm.
pub fn compute(algorithm: &str, bytes: &[u8]) -> Option<String> {
    Some(match algorithm {
        "sha256" => prefixed_hex(algorithm, &hash::<Sha256>(bytes)),
        "sha384" => prefixed_hex(algorithm, &hash::<Sha384>(bytes)),
        "sha512" => prefixed_hex(algorithm, &hash::<Sha512>(bytes)),
        _ => return None,
    })
}

/// `algorithm:` followed by `hash` in lowercase hex.
pub fn prefixed_hex(algorithm: &str, hash: &[u8]) -> String {
    let mut out = String::with_capacity(algorithm.len() + 1 + hash.len() * 2);
    out.push_str(algorithm);
    out.push(':');
    for &byte in hash {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xF)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A digest algorithm registered by image-spec, with its encoded form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegisteredAlgorithm {
    pub name: &'static str,
    /// Number of lowercase hex characters in the encoded part.
    pub hex_len: usize,
}

/// Algorithms whose encoding is fixed: image-spec § Registered algorithms (BLAKE3 is
/// registered on `main`, not yet in a release), plus `sha384`, which image-spec does not
/// register but go-digest (distribution, containerd, podman) and oci-spec-rs implement with a
/// fixed length, so a `sha384:` value of any other length is refused by them.
pub const REGISTERED: [RegisteredAlgorithm; 4] = [
    RegisteredAlgorithm {
        name: "sha256",
        hex_len: 64,
    },
    RegisteredAlgorithm {
        name: "sha512",
        hex_len: 128,
    },
    RegisteredAlgorithm {
        name: "blake3",
        hex_len: 64,
    },
    RegisteredAlgorithm {
        name: "sha384",
        hex_len: 96,
    },
];

/// Why a string is not a digest under the image-spec grammar
/// `algorithm ":" encoded`, `algorithm ::= [a-z0-9]+ ([+._-] [a-z0-9]+)*`,
/// `encoded ::= [a-zA-Z0-9=_-]+`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrammarError {
    NoSeparator,
    EmptyAlgorithm,
    BadAlgorithm { at: usize },
    EmptyEncoded,
    BadEncoded { at: usize },
}

impl GrammarError {
    pub fn describe(&self, digest: &str) -> String {
        match self {
            GrammarError::NoSeparator => {
                "has no `:` between the algorithm and the encoded value".into()
            }
            GrammarError::EmptyAlgorithm => "has no algorithm before the `:`".into(),
            GrammarError::BadAlgorithm { at } => format!(
                "has `{}` in its algorithm; algorithms are lowercase letters and digits joined by `+`, `.`, `_` or `-`",
                char_at(digest, *at)
            ),
            GrammarError::EmptyEncoded => "has nothing after the `:`".into(),
            GrammarError::BadEncoded { at } => format!(
                "has `{}` in its encoded value, which allows only letters, digits, `=`, `_` and `-`",
                char_at(digest, *at)
            ),
        }
    }
}

fn char_at(text: &str, at: usize) -> char {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or(' ')
}

/// The bytes of an encoded value (`[a-zA-Z0-9=_-]`), as a table: every descriptor's digest
/// goes through this.
static ENCODED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'=' | b'_' | b'-');
        byte += 1;
    }
    table
};

/// Whether every byte is `[0-9a-f]`: eight bytes at a time in a `u64` (every descriptor's
/// digest is checked by the rules and by several models, and wasm has no vector
/// instructions here; a table read byte by byte, or a branch-free test of each byte, took
/// twice as long there).
pub fn is_lower_hex(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    // Each byte's high bit: set when the byte is in `lo..=hi`. For bytes below 0x80 no sum
    // carries into the next byte; a word with a byte from 0x80 fails on its own.
    let within = |x: u64, lo: u8, hi: u8| {
        let at_least_lo = x.wrapping_add(ONES * u64::from(0x80 - lo));
        let above_hi = x.wrapping_add(ONES * u64::from(0x7f - hi));
        at_least_lo & !above_hi & HIGH
    };
    let mut words = bytes.chunks_exact(8);
    let words_hex = words.by_ref().fold(true, |all, word| {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(word);
        let x = u64::from_ne_bytes(lanes);
        all & (x & HIGH == 0) & (within(x, b'0', b'9') | within(x, b'a', b'f') == HIGH)
    });
    words_hex
        && words
            .remainder()
            .iter()
            .all(|&b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Splits a digest into algorithm and encoded value, checking the grammar.
pub fn parse(digest: &str) -> Result<(&str, &str), GrammarError> {
    let (algorithm, encoded) = digest.split_once(':').ok_or(GrammarError::NoSeparator)?;
    if algorithm.is_empty() {
        return Err(GrammarError::EmptyAlgorithm);
    }
    // Byte-wise: every allowed character is ASCII, so the first non-ASCII byte is an error
    // at a character boundary.
    let mut previous_was_separator = true;
    for (at, byte) in algorithm.bytes().enumerate() {
        let component = byte.is_ascii_lowercase() || byte.is_ascii_digit();
        let separator = matches!(byte, b'+' | b'.' | b'_' | b'-');
        if component {
            previous_was_separator = false;
        } else if separator && !previous_was_separator {
            previous_was_separator = true;
        } else {
            return Err(GrammarError::BadAlgorithm { at });
        }
    }
    if previous_was_separator {
        return Err(GrammarError::BadAlgorithm {
            at: algorithm.len() - 1,
        });
    }
    if encoded.is_empty() {
        return Err(GrammarError::EmptyEncoded);
    }
    if let Some(at) = encoded.bytes().position(|b| !ENCODED[usize::from(b)]) {
        return Err(GrammarError::BadEncoded {
            at: algorithm.len() + 1 + at,
        });
    }
    Ok((algorithm, encoded))
}

pub fn registered(algorithm: &str) -> Option<RegisteredAlgorithm> {
    REGISTERED.iter().copied().find(|a| a.name == algorithm)
}

/// Why a digest is not valid: its grammar, or the encoding its algorithm fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestError {
    Grammar(GrammarError),
    Encoding(String),
}

/// Checks a digest string the way the spec does: the grammar for every algorithm, and the
/// exact encoding for algorithms that fix one. Unregistered algorithms pass (the spec says
/// implementations SHOULD let them through).
pub fn validate(digest: &str) -> Result<(&str, &str), DigestError> {
    let (algorithm, encoded) = parse(digest).map_err(DigestError::Grammar)?;
    check_encoding(algorithm, encoded)
}

/// The encoding check of [`validate`], for a digest already split by [`parse`].
pub fn check_encoding<'a>(
    algorithm: &'a str,
    encoded: &'a str,
) -> Result<(&'a str, &'a str), DigestError> {
    if let Some(known) = registered(algorithm) {
        let lowercase_hex = is_lower_hex(encoded.as_bytes());
        let problem = if !lowercase_hex {
            if encoded.bytes().all(|b| b.is_ascii_hexdigit()) {
                Some(format!(
                    "a `{algorithm}` digest must be lowercase hex; this one has uppercase letters"
                ))
            } else {
                Some(format!(
                    "a `{algorithm}` digest is hex (`0-9a-f`); this one has other characters"
                ))
            }
        } else if encoded.len() != known.hex_len {
            Some(format!(
                "a `{algorithm}` digest has {} hex digits; this one has {}",
                known.hex_len,
                encoded.len()
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(DigestError::Encoding(problem));
        }
    }
    Ok((algorithm, encoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_in_pieces_is_hashing_at_once() {
        let bytes: Vec<u8> = (0..3 * HASH_PIECE + 17).map(|i| (i % 251) as u8).collect();
        for len in [
            0,
            1,
            HASH_PIECE - 1,
            HASH_PIECE,
            HASH_PIECE + 1,
            bytes.len(),
        ] {
            let bytes = &bytes[..len];
            assert_eq!(
                sha256(bytes),
                prefixed_hex("sha256", &Sha256::digest(bytes))
            );
            assert_eq!(
                compute("sha512", bytes),
                Some(prefixed_hex("sha512", &Sha512::digest(bytes)))
            );
        }
    }

    #[test]
    fn lower_hex_is_zero_to_nine_and_a_to_f_in_every_lane() {
        assert!(is_lower_hex(b"0123456789abcdef"));
        assert!(is_lower_hex(b""));
        let hex = b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assert!(is_lower_hex(hex));
        // Every byte value, at every position of a word and of the remainder.
        for len in [8, 16, 19, 64] {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = hex[..len].to_vec();
                    bytes[at] = b;
                    let expected = b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
                    assert_eq!(is_lower_hex(&bytes), expected, "{b:#x} at {at} of {len}");
                }
            }
        }
    }

    #[test]
    fn sha256_of_known_inputs() {
        assert_eq!(
            sha256(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256(b"{}"),
            "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
    }

    #[test]
    fn digests_of_known_inputs() {
        assert_eq!(
            compute("sha256", b"{}").as_deref(),
            Some(crate::spec::media_types::EMPTY_JSON_DIGEST)
        );
        assert_eq!(
            compute("sha512", b"").as_deref(),
            Some("sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")
        );
        assert_eq!(
            compute("sha384", b"").as_deref(),
            Some("sha384:38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b")
        );
        assert_eq!(compute("blake3", b""), None);
    }

    #[test]
    fn grammar() {
        assert!(parse("sha256:abc").is_ok());
        assert!(parse("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564").is_ok());
        assert!(parse("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8").is_ok());
        assert_eq!(parse("b5b2b2c5"), Err(GrammarError::NoSeparator));
        assert_eq!(
            parse("SHA256:ab"),
            Err(GrammarError::BadAlgorithm { at: 0 })
        );
        assert_eq!(
            parse("sha256+:ab"),
            Err(GrammarError::BadAlgorithm { at: 6 })
        );
        assert_eq!(parse(":ab"), Err(GrammarError::EmptyAlgorithm));
        assert_eq!(parse("sha256:"), Err(GrammarError::EmptyEncoded));
        assert_eq!(parse("sha256:a b"), Err(GrammarError::BadEncoded { at: 8 }));
    }
}

/// The digests of empty content and of the empty JSON object `{}` under `algorithm`, computed
/// once per algorithm; `None` for algorithms ocilint cannot compute.
pub fn well_known(algorithm: &str) -> Option<&'static WellKnown> {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<(&'static str, WellKnown)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        ["sha256", "sha384", "sha512"]
            .into_iter()
            .filter_map(|name| {
                Some((
                    name,
                    WellKnown {
                        empty: compute(name, b"")?,
                        empty_json: compute(name, b"{}")?,
                    },
                ))
            })
            .collect()
    });
    table
        .iter()
        .find(|(name, _)| *name == algorithm)
        .map(|(_, digests)| digests)
}

/// Digests whose content, and so whose size, is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WellKnown {
    /// The digest of zero bytes.
    pub empty: String,
    /// The digest of the two bytes `{}`.
    pub empty_json: String,
}
