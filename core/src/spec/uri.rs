//! URIs as RFC 3986 defines them: a parser for absolute URIs that checks every character
//! against the grammar and says which one is wrong, for descriptors' `urls`.

/// The parts of an absolute URI the `urls` rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uri<'a> {
    /// As written (schemes are case-insensitive).
    pub scheme: &'a str,
    /// The host of the authority (`//host`), if there is one; may be empty (`file:///x`).
    pub host: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

/// Parses an absolute URI: `scheme ":" hier-part [ "?" query ] [ "#" fragment ]` (RFC 3986
/// §3), checking every character against the grammar. The error completes the sentence
/// "the value …".
pub fn parse_uri(text: &str) -> Result<Uri<'_>, String> {
    if text.is_empty() {
        return Err("is empty; a URL needs at least a scheme such as `https:`".into());
    }
    if let Some((at, found)) = text.chars().enumerate().find(|(_, c)| !c.is_ascii()) {
        return Err(format!(
            "has `{found}` at character {}; RFC 3986 allows only ASCII, so percent-encode its UTF-8 bytes",
            at + 1
        ));
    }
    // From here on the text is ASCII: byte offsets are character positions.
    let end_of_scheme = text.find([':', '/', '?', '#']);
    let scheme = match end_of_scheme {
        Some(at) if text.as_bytes()[at] == b':' => &text[..at],
        _ => {
            return Err(
                "has no scheme such as `https:`; a relative reference is not allowed here".into(),
            )
        }
    };
    if scheme.is_empty() {
        return Err("starts with `:`, so it has no scheme before it".into());
    }
    if !scheme.as_bytes()[0].is_ascii_alphabetic() {
        return Err(format!(
            "has a scheme `{scheme}` that does not start with a letter"
        ));
    }
    if let Some(at) = scheme
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
    {
        return Err(format!(
            "has {} in its scheme `{scheme}`; schemes allow letters, digits, `+`, `-` and `.`",
            describe(text.as_bytes()[at])
        ));
    }
    let mut rest = &text[scheme.len() + 1..];
    let mut offset = scheme.len() + 1;
    let mut fragment = None;
    if let Some(hash) = rest.find('#') {
        let value = &rest[hash + 1..];
        check_chars(value, offset + hash + 1, "fragment", is_query_char)?;
        fragment = Some(value);
        rest = &rest[..hash];
    }
    if let Some(question) = rest.find('?') {
        check_chars(
            &rest[question + 1..],
            offset + question + 1,
            "query",
            is_query_char,
        )?;
        rest = &rest[..question];
    }
    let mut host = None;
    if let Some(after) = rest.strip_prefix("//") {
        let authority_end = after.find('/').unwrap_or(after.len());
        let authority = &after[..authority_end];
        host = Some(check_authority(authority, offset + 2)?);
        offset += 2 + authority_end;
        rest = &after[authority_end..];
    }
    check_chars(rest, offset, "path", |b| b == b'/' || is_pchar(b))?;
    Ok(Uri {
        scheme,
        host,
        fragment,
    })
}

/// `authority = [ userinfo "@" ] host [ ":" port ]`; returns the host.
fn check_authority(authority: &str, offset: usize) -> Result<&str, String> {
    let (host_port, host_offset) = match authority.find('@') {
        Some(at) => {
            check_chars(&authority[..at], offset, "user information", |b| {
                b == b':' || is_unreserved(b) || is_sub_delim(b)
            })?;
            (&authority[at + 1..], offset + at + 1)
        }
        None => (authority, offset),
    };
    let (host, port, port_offset) = if let Some(literal) = host_port.strip_prefix('[') {
        let Some(close) = literal.find(']') else {
            return Err(format!(
                "opens an IP literal with `[` at character {} but never closes it",
                host_offset + 1
            ));
        };
        check_ip_literal(&literal[..close])?;
        let after = &literal[close + 1..];
        let port = match after.strip_prefix(':') {
            Some(port) => Some(port),
            None if after.is_empty() => None,
            None => {
                return Err(format!(
                    "has {} after the IP literal `[{}]`; only `:port` may follow it",
                    describe(after.as_bytes()[0]),
                    &literal[..close]
                ))
            }
        };
        (&host_port[..close + 2], port, host_offset + close + 3)
    } else {
        match host_port.find(':') {
            Some(colon) => (
                &host_port[..colon],
                Some(&host_port[colon + 1..]),
                host_offset + colon + 1,
            ),
            None => (host_port, None, host_offset),
        }
    };
    if !host.starts_with('[') {
        check_chars(host, host_offset, "host", |b| {
            is_unreserved(b) || is_sub_delim(b)
        })?;
    }
    if let Some(port) = port {
        if let Some(at) = port.bytes().position(|b| !b.is_ascii_digit()) {
            return Err(format!(
                "has {} at character {} in its port `{port}`; a port is digits only",
                describe(port.as_bytes()[at]),
                port_offset + at + 1
            ));
        }
    }
    Ok(host)
}

/// `IP-literal = "[" ( IPv6address / IPvFuture ) "]"`, without the brackets.
fn check_ip_literal(literal: &str) -> Result<(), String> {
    if let Some(future) = literal
        .strip_prefix('v')
        .or_else(|| literal.strip_prefix('V'))
    {
        // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
        let valid = future.split_once('.').is_some_and(|(version, address)| {
            !version.is_empty()
                && version.bytes().all(|b| b.is_ascii_hexdigit())
                && !address.is_empty()
                && address
                    .bytes()
                    .all(|b| b == b':' || is_unreserved(b) || is_sub_delim(b))
        });
        return if valid {
            Ok(())
        } else {
            Err(format!(
                "has `[{literal}]`, which is not a valid IPvFuture literal"
            ))
        };
    }
    literal
        .parse::<std::net::Ipv6Addr>()
        .map(|_| ())
        .map_err(|_| format!("has `[{literal}]`, which is not an IPv6 address"))
}

/// Checks that every character of `part` (which starts at byte `offset` of the whole value)
/// is allowed there, with percent-encodings `%XX` well formed.
fn check_chars(
    part: &str,
    offset: usize,
    name: &str,
    allowed: impl Fn(u8) -> bool,
) -> Result<(), String> {
    let bytes = part.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b == b'%' {
            let hex = bytes.get(at + 1..at + 3);
            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                return Err(format!(
                    "has `%` at character {} not followed by two hex digits; a literal `%` is written `%25`",
                    offset + at + 1
                ));
            }
            at += 3;
            continue;
        }
        if !allowed(b) {
            return Err(format!(
                "has {} at character {} in its {name}{}",
                describe(b),
                offset + at + 1,
                hint(b)
            ));
        }
        at += 1;
    }
    Ok(())
}

fn describe(b: u8) -> String {
    match b {
        b' ' => "a space".into(),
        b if b.is_ascii_control() => format!("the control character U+{b:04X}"),
        b => format!("`{}`", char::from(b)),
    }
}

fn hint(b: u8) -> String {
    match b {
        b'\\' => "; use `/` to separate path segments".into(),
        b'#' | b'[' | b']' | b'@' | b':' | b'/' | b'?' => {
            format!("; percent-encode it as `%{b:02X}` if it is data")
        }
        _ => format!("; percent-encode it as `%{b:02X}`"),
    }
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn is_sub_delim(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

/// `pchar = unreserved / pct-encoded / sub-delims / ":" / "@"` (`%` is handled apart).
fn is_pchar(b: u8) -> bool {
    is_unreserved(b) || is_sub_delim(b) || matches!(b, b':' | b'@')
}

/// `query = fragment = *( pchar / "/" / "?" )`.
fn is_query_char(b: u8) -> bool {
    is_pchar(b) || matches!(b, b'/' | b'?')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_absolute_uris() {
        for text in [
            "https://example.com/foo",
            "http://foo/bar#baz",
            "HTTPS://Example.COM:8443/a%20b?x=1&y=2#top",
            "file:///local/file",
            "ftp://user:pass@ftp.example.com/l.tgz",
            "https://[2001:db8::1]:443/x",
            "https://[::ffff:192.0.2.1]/x",
            "https://[v1.fe80::a+en1]/x",
            "urn:oid:1.2.3",
            "mailto:someone@example.com",
            "https://example.com",
            "https://example.com:/x",
            "s3://bucket/key~1/(a),b;c=d!e$f'g*h+i",
            "x:",
        ] {
            assert!(parse_uri(text).is_ok(), "{text}: {:?}", parse_uri(text));
        }
        let uri = parse_uri("https://example.com/a#frag").unwrap();
        assert_eq!(uri.scheme, "https");
        assert_eq!(uri.host, Some("example.com"));
        assert_eq!(uri.fragment, Some("frag"));
        assert_eq!(parse_uri("file:///x").unwrap().host, Some(""));
        assert_eq!(parse_uri("urn:x").unwrap().host, None);
    }

    #[test]
    fn refuses_what_rfc_3986_refuses() {
        for (text, expected) in [
            ("", "is empty"),
            ("value", "has no scheme"),
            ("example.com/layer.tgz", "has no scheme"),
            ("/absolute/path", "has no scheme"),
            (":x", "no scheme"),
            ("1http://x", "does not start with a letter"),
            ("ht_tp://x", "`_` in its scheme"),
            (
                "https://example.com/a b",
                "a space at character 22 in its path",
            ),
            ("https://example.com/a\\b", "use `/`"),
            (
                "https://exa mple.com/",
                "a space at character 12 in its host",
            ),
            ("https://example.com/ä", "only ASCII"),
            ("https://example.com/%zz", "`%` at character 21"),
            ("https://example.com/%2", "`%` at character 21"),
            ("https://example.com:80a/", "in its port"),
            ("https://[::1/x", "never closes"),
            ("https://[zz::1]/x", "not an IPv6 address"),
            ("https://[::1]x/", "after the IP literal"),
            ("https://[vz.1]/", "IPvFuture"),
            ("https://a@b@c/", "`@` at character 12 in its host"),
            ("https://x/a#b#c", "`#` at character 14 in its fragment"),
            ("https://x/{a}", "`{`"),
            ("https://x/?q=<a>", "`<` at character 14 in its query"),
            ("https://x/\ta", "control character U+0009"),
        ] {
            let error = parse_uri(text).expect_err(text);
            assert!(error.contains(expected), "{text}: {error}");
        }
    }
}
