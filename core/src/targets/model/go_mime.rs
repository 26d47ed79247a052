//! Go's `mime.ParseMediaType`, as far as the programs use it: the media type lower-cased and
//! trimmed, or an error (distribution refuses the push; containers/image reads the type as
//! empty).

/// RFC 2045's token bytes (`isTokenChar`): printable ASCII but the tspecials. Every model
/// parses the media types of each document, so a table rather than a search per character.
const TOKEN: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0x21;
    while c < 0x7f {
        table[c] = !matches!(
            c as u8,
            b'(' | b')'
                | b'<'
                | b'>'
                | b'@'
                | b','
                | b';'
                | b':'
                | b'\\'
                | b'"'
                | b'/'
                | b'['
                | b']'
                | b'?'
                | b'='
        );
        c += 1;
    }
    table
};

fn token(text: &str) -> (&str, &str) {
    // A token is ASCII, so the first byte that is not one (a non-ASCII character's first
    // byte included) ends it on a character boundary.
    let end = text
        .bytes()
        .position(|c| !TOKEN[usize::from(c)])
        .unwrap_or(text.len());
    text.split_at(end)
}

/// The media type, or `Err` with Go's error text.
pub(crate) fn parse_media_type(header: &str) -> Result<String, &'static str> {
    let (base, params) = match header.find(';') {
        Some(at) => header.split_at(at),
        None => (header, ""),
    };
    // strings.ToLower; ASCII (every media type in practice) needs no Unicode tables.
    let media_type = if base.is_ascii() {
        base.to_ascii_lowercase().trim().to_owned()
    } else {
        base.to_lowercase().trim().to_owned()
    };
    let (kind, rest) = token(&media_type);
    if kind.is_empty() {
        return Err("mime: no media type");
    }
    if !rest.is_empty() {
        let Some(rest) = rest.strip_prefix('/') else {
            return Err("mime: expected slash after first token");
        };
        let (subtype, rest) = token(rest);
        if subtype.is_empty() {
            return Err("mime: expected token after slash");
        }
        if !rest.is_empty() {
            return Err("mime: unexpected content after media subtype");
        }
    }
    let mut rest = params;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return Ok(media_type);
        }
        let Some(after) = rest.strip_prefix(';') else {
            return Err("mime: invalid media parameter");
        };
        let (key, after_key) = token(after.trim_start());
        if key.is_empty() {
            // Trailing semicolons are not an error.
            if rest.trim() == ";" {
                return Ok(media_type);
            }
            return Err("mime: invalid media parameter");
        }
        let Some(value) = after_key.trim_start().strip_prefix('=') else {
            return Err("mime: invalid media parameter");
        };
        let value = value.trim_start();
        rest = if let Some(quoted) = value.strip_prefix('"') {
            match quoted.find('"') {
                Some(end) => &quoted[end + 1..],
                None => return Err("mime: invalid media parameter"),
            }
        } else {
            let (word, after_value) = token(value);
            if word.is_empty() {
                return Err("mime: invalid media parameter");
            }
            after_value
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_media_type_parsing() {
        assert_eq!(
            parse_media_type("Application/Vnd.OCI.Image.Manifest.v1+JSON ; charset=utf-8")
                .as_deref(),
            Ok("application/vnd.oci.image.manifest.v1+json")
        );
        assert_eq!(parse_media_type("*/*").as_deref(), Ok("*/*"));
        // Lower-cased as strings.ToLower does, beyond ASCII too; a token is ASCII only.
        assert_eq!(
            parse_media_type("APPLICATION/ÄB"),
            Err("mime: expected token after slash")
        );
        assert_eq!(
            parse_media_type("application/a\\b"),
            Err("mime: unexpected content after media subtype")
        );
        assert_eq!(
            parse_media_type("application/x;").as_deref(),
            Ok("application/x")
        );
        assert!(parse_media_type("").is_err());
        assert!(parse_media_type("application/").is_err());
        assert!(parse_media_type("application/x; =").is_err());
    }
}
