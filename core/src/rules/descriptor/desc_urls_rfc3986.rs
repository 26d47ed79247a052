//! DSC005: every `urls` entry is an absolute URI under RFC 3986.

use super::super::prelude::*;
use crate::spec::uri::parse_uri;

declare_rule! {
    code: "DSC005",
    name: "desc-urls-rfc3986",
    severity: Error,
    since: "0.1.0",
    summary: "Each `urls` entry must be an absolute URI (RFC 3986), such as `https://host/path`.",
    why: "image-spec says each entry MUST conform to RFC 3986, and its schema gives the \
          items `\"format\": \"uri\"`: an absolute URI with a scheme. image-spec's validator \
          (gojsonschema) rejects `value` or `example.com/layer.tgz`; for the layers whose \
          URLs it checks, distribution parses each entry with Go's `url.Parse` and refuses \
          the manifest (`invalid URL on layer`) when that fails or the scheme is not \
          `http`/`https`. A client that tries the \
          URL gets nothing it can fetch: RFC 3986 allows only ASCII, and spaces, \
          backslashes, `<`, `>`, `\"`, `{`, `}`, `|`, `^` and backquotes must be \
          percent-encoded.",
    how_to_fix: "Write the full URL with its scheme and host (`https://example.com/layer.tar.gz`) \
                 and percent-encode characters outside RFC 3986 (a space is `%20`).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7682, "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "urls": ["example.com/example-manifest"]}"#),
        invalid(r#"{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7682, "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "urls": ["https://example.com/my manifest"]}"#),
        valid(r#"{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7682, "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "urls": ["https://example.com/example-manifest"]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let Some(items) = site.node.get("urls").and_then(|m| m.value.items()) else {
            continue;
        };
        let base = site.pointer.key("urls");
        for (index, item) in items.iter().enumerate() {
            let Some(text) = item.as_str() else {
                continue;
            };
            if let Err(problem) = parse_uri(text) {
                out.emit(
                    item.range,
                    base.index(index),
                    format!("{} is not an RFC 3986 URI: it {problem}", shorten(text, 60)),
                );
            }
        }
    }
}
