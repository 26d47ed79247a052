//! Encodings the specifications use inside documents: strict Base 64 (RFC 4648 §4), as
//! image-spec requires for a descriptor's `data`.

/// Why a string is not strict RFC 4648 §4 Base 64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base64Error {
    /// A character outside the alphabet, at this character index.
    BadChar { at: usize, found: char },
    /// `=` before the end of the last 4-character group.
    PaddingInside { at: usize },
    /// The length is not a multiple of 4 (`padded`: some `=` is there).
    Length { len: usize, padded: bool },
    /// The last character before the padding leaves non-zero unused bits.
    NonCanonical {
        at: usize,
        found: char,
        canonical: char,
    },
}

impl Base64Error {
    pub fn describe(&self) -> String {
        match *self {
            Base64Error::BadChar { at, found: found @ ('-' | '_') } => format!(
                "character {} is `{found}`, from the URL-safe alphabet (base64url); standard Base 64 uses `{}` instead",
                at + 1,
                if found == '-' { '+' } else { '/' }
            ),
            Base64Error::BadChar { at, found: found @ ('\n' | '\r') } => format!(
                "character {} is a line break ({}); the value must be one unbroken line",
                at + 1,
                if found == '\n' { "`\\n`" } else { "`\\r`" }
            ),
            Base64Error::BadChar { at, found } if found.is_whitespace() => format!(
                "character {} is whitespace (U+{:04X}), which Base 64 does not allow",
                at + 1,
                u32::from(found)
            ),
            Base64Error::BadChar { at, found } => format!(
                "character {} is `{}`; the alphabet is `A–Z a–z 0–9 + /` with `=` padding",
                at + 1,
                found.escape_debug()
            ),
            Base64Error::PaddingInside { at } => format!(
                "character {} is `=` padding, which may only end the value",
                at + 1
            ),
            Base64Error::Length { len, padded: true } => format!(
                "it has {len} characters, not a multiple of 4: the padding is incomplete, or the value is truncated"
            ),
            Base64Error::Length { len, .. } if len % 4 == 1 => format!(
                "it has {len} characters; Base 64 comes in groups of 4, and a group of 1 cannot encode anything (truncated?)"
            ),
            Base64Error::Length { len, .. } => format!(
                "it has {len} characters, not a multiple of 4: the `{}` padding is missing",
                "=".repeat(4 - len % 4)
            ),
            Base64Error::NonCanonical { at, found, canonical } => format!(
                "character {} is `{found}`, whose unused low bits are not zero; the canonical encoding has `{canonical}` there, and strict decoders refuse anything else",
                at + 1
            ),
        }
    }
}

fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Decodes strict RFC 4648 §4 Base 64: standard alphabet, `=` padding to a multiple of four
/// characters, no whitespace, and zero bits in the unused part of the last character (the
/// canonical encoding, RFC 4648 §3.5).
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    if let Some((at, found)) = text
        .chars()
        .enumerate()
        .find(|&(_, c)| c != '=' && !(c.is_ascii() && sextet(c as u8).is_some()))
    {
        return Err(Base64Error::BadChar { at, found });
    }
    // From here on every character is ASCII, so byte and character indexes agree.
    let bytes = text.as_bytes();
    // Characters before the padding; `=` may only end the value.
    let body_len = bytes.len() - bytes.iter().rev().take_while(|&&b| b == b'=').count();
    if let Some(at) = bytes[..body_len].iter().position(|&b| b == b'=') {
        return Err(Base64Error::PaddingInside { at });
    }
    let padding = bytes.len() - body_len;
    if !bytes.len().is_multiple_of(4) {
        return Err(Base64Error::Length {
            len: bytes.len(),
            padded: padding > 0,
        });
    }
    if padding > 2 || (padding > 0 && body_len % 4 < 2) {
        return Err(Base64Error::PaddingInside { at: body_len });
    }
    let mut out = Vec::with_capacity(body_len / 4 * 3 + 2);
    let mut chunks = bytes[..body_len].chunks_exact(4);
    for chunk in &mut chunks {
        let n = chunk
            .iter()
            .fold(0u32, |n, &c| n << 6 | u32::from(sextet(c).unwrap_or(0)));
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        let values: Vec<u8> = tail.iter().map(|&c| sextet(c).unwrap_or(0)).collect();
        let last = values[values.len() - 1];
        // Two characters carry one byte (4 unused bits), three carry two (2 unused bits).
        let unused_mask = if values.len() == 2 { 0x0F } else { 0x03 };
        if last & unused_mask != 0 {
            return Err(Base64Error::NonCanonical {
                at: body_len - 1,
                found: char::from(tail[tail.len() - 1]),
                canonical: char::from(ALPHABET[usize::from(last & !unused_mask)]),
            });
        }
        let n = values.iter().fold(0u32, |n, &v| n << 6 | u32::from(v)) << (6 * (4 - values.len()));
        out.push((n >> 16) as u8);
        if values.len() == 3 {
            out.push((n >> 8) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_rfc_4648_test_vectors() {
        for (encoded, decoded) in [
            ("", ""),
            ("Zg==", "f"),
            ("Zm8=", "fo"),
            ("Zm9v", "foo"),
            ("Zm9vYg==", "foob"),
            ("Zm9vYmE=", "fooba"),
            ("Zm9vYmFy", "foobar"),
            ("e30=", "{}"),
        ] {
            assert_eq!(
                decode(encoded).as_deref(),
                Ok(decoded.as_bytes()),
                "{encoded}"
            );
        }
        assert_eq!(decode("+/+/").unwrap(), vec![0xfb, 0xff, 0xbf]);
    }

    #[test]
    fn refuses_what_strict_decoders_refuse() {
        assert_eq!(
            decode("e30"),
            Err(Base64Error::Length {
                len: 3,
                padded: false
            })
        );
        assert_eq!(
            decode("e3="),
            Err(Base64Error::Length {
                len: 3,
                padded: true
            })
        );
        assert_eq!(
            decode("e3_="),
            Err(Base64Error::BadChar { at: 2, found: '_' })
        );
        assert_eq!(
            decode("e3-="),
            Err(Base64Error::BadChar { at: 2, found: '-' })
        );
        assert_eq!(
            decode("e30=\n"),
            Err(Base64Error::BadChar { at: 4, found: '\n' })
        );
        assert_eq!(
            decode("Zm 9v"),
            Err(Base64Error::BadChar { at: 2, found: ' ' })
        );
        assert_eq!(
            decode("Zé9v"),
            Err(Base64Error::BadChar { at: 1, found: 'é' })
        );
        assert_eq!(decode("e3=0"), Err(Base64Error::PaddingInside { at: 2 }));
        assert_eq!(
            decode("Zg==Zg=="),
            Err(Base64Error::PaddingInside { at: 2 })
        );
        assert_eq!(decode("Z==="), Err(Base64Error::PaddingInside { at: 1 }));
        assert_eq!(decode("===="), Err(Base64Error::PaddingInside { at: 0 }));
        assert_eq!(
            decode("e31="),
            Err(Base64Error::NonCanonical {
                at: 2,
                found: '1',
                canonical: '0'
            })
        );
        assert_eq!(
            decode("Zh=="),
            Err(Base64Error::NonCanonical {
                at: 1,
                found: 'h',
                canonical: 'g'
            })
        );
    }
}
