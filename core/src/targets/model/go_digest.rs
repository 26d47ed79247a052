//! go-digest's `Digest.Validate` (v1.0.0), with its three errors, for a program that links
//! `crypto/sha256` and `crypto/sha512` (so `sha256`, `sha384` and `sha512` are available).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DigestError {
    InvalidFormat,
    Unsupported,
    InvalidLength,
}

impl DigestError {
    pub(crate) fn message(self) -> &'static str {
        match self {
            DigestError::InvalidFormat => "invalid checksum digest format",
            DigestError::Unsupported => "unsupported digest algorithm",
            DigestError::InvalidLength => "invalid checksum digest length",
        }
    }
}

/// `DigestRegexpAnchored`: `[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+`, which is the OCI
/// grammar `digest::parse` checks.
pub(crate) fn matches_digest_grammar(digest: &str) -> bool {
    crate::digest::parse(digest).is_ok()
}

pub(crate) fn validate(digest: &str) -> Result<(), DigestError> {
    // The algorithm is a few bytes: a byte loop finds the colon sooner than a string search.
    let colon = digest.bytes().position(|c| c == b':');
    let Some(colon) = colon.filter(|&i| i > 0 && i + 1 != digest.len()) else {
        return Err(DigestError::InvalidFormat);
    };
    let (algorithm, encoded) = (&digest[..colon], &digest[colon + 1..]);
    let hex_len = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ if matches_digest_grammar(digest) => return Err(DigestError::Unsupported),
        _ => return Err(DigestError::InvalidFormat),
    };
    if encoded.len() != hex_len {
        return Err(DigestError::InvalidLength);
    }
    // Each model validates every descriptor's digest: a 5000-entry index asks 25,000 times.
    if crate::digest::is_lower_hex(encoded.as_bytes()) {
        Ok(())
    } else {
        Err(DigestError::InvalidFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_digest_errors() {
        let hex = "a".repeat(64);
        assert_eq!(validate(&format!("sha256:{hex}")), Ok(()));
        assert_eq!(
            validate(&format!("sha256:{}", &hex[1..])),
            Err(DigestError::InvalidLength)
        );
        assert_eq!(
            validate(&format!("sha256:{}", hex.to_uppercase())),
            Err(DigestError::InvalidFormat)
        );
        assert_eq!(
            validate(&format!("SHA256:{hex}")),
            Err(DigestError::InvalidFormat)
        );
        assert_eq!(
            validate(&format!("md5:{}", &hex[..32])),
            Err(DigestError::Unsupported)
        );
        assert_eq!(
            validate(&format!("sha256+b64:{hex}")),
            Err(DigestError::Unsupported)
        );
        assert_eq!(
            validate(&format!("sha512:{hex}")),
            Err(DigestError::InvalidLength)
        );
        assert_eq!(validate(""), Err(DigestError::InvalidFormat));
        assert_eq!(validate("sha256:"), Err(DigestError::InvalidFormat));
        assert_eq!(validate(&hex), Err(DigestError::InvalidFormat));
    }
}
