//! DSC006: `urls` entries use `http` or `https` with a host.

use super::super::prelude::*;
use crate::spec::uri::parse_uri;

declare_rule! {
    code: "DSC006",
    name: "desc-urls-http-scheme",
    severity: Warning,
    since: "0.1.0",
    summary: "`urls` entries should be `http` or `https` URLs with a host.",
    why: "image-spec says entries SHOULD use the `http` and `https` schemes of RFC 7230. \
          Clients fetch `urls` with an HTTP client: containerd's fetcher tries each URL and \
          skips those it cannot open, and distribution refuses any other scheme outright \
          (`invalid URL on layer`), whatever its URL allow list says. RFC 7230 also makes an \
          `http` URL without a host invalid.",
    how_to_fix: "Serve the blob over HTTPS and list that URL (`https://host/path`), or drop \
                 `urls` and let clients fetch the blob from the registry by digest.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654, "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "urls": ["ftp://example.com/layer.tar.gz"]}"#),
        invalid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654, "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "urls": ["https:/layer.tar.gz"]}"#),
        valid(r#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654, "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "urls": ["https://example.com/layer.tar.gz", "HTTP://mirror.example.com/layer.tar.gz"]}"#),
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
            // Malformed URLs are `desc-urls-rfc3986`'s finding.
            let Ok(uri) = parse_uri(text) else {
                continue;
            };
            let http =
                uri.scheme.eq_ignore_ascii_case("http") || uri.scheme.eq_ignore_ascii_case("https");
            let message = if !http {
                format!(
                    "{} uses the `{}` scheme; clients fetch `urls` over HTTP, and distribution refuses any scheme but `http` and `https`",
                    shorten(text, 60),
                    uri.scheme
                )
            } else if uri.host.is_none_or(str::is_empty) {
                format!(
                    "{} has no host: an `{}` URL needs `//host` after the scheme (RFC 7230 §2.7.1)",
                    shorten(text, 60),
                    uri.scheme
                )
            } else {
                continue;
            };
            out.emit(item.range, base.index(index), message);
        }
    }
}
