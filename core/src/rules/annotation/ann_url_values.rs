//! ANN006: the URL annotations (`url`, `documentation`, `source`) hold absolute URLs.

use super::super::prelude::*;

declare_rule! {
    code: "ANN006",
    name: "ann-url-values",
    severity: Info,
    since: "0.1.0",
    summary: "`org.opencontainers.image.url`, `.documentation` and `.source` should be absolute URLs.",
    why: "image-spec defines these three keys as URLs. Registries and tools turn them into \
          links (GitHub links a package to the repository in `source`; Renovate follows \
          `source` to find release notes), which only works with an \
          absolute URL that has a scheme; `github.com/org/repo` or an SSH address \
          `git@github.com:org/repo.git` is not followed.",
    how_to_fix: "Write the full URL with its scheme, e.g. `https://github.com/org/repo`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#pre-defined-annotation-keys",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.source": "github.com/foo/bar"}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.source": "https://github.com/foo/bar"}}"#),
    ],
    check: Document(check),
}

const KEYS: [&str; 3] = [
    "org.opencontainers.image.url",
    "org.opencontainers.image.documentation",
    "org.opencontainers.image.source",
];

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        for (entry, value) in map.string_entries() {
            if !KEYS.contains(&entry.key) || value.is_empty() {
                continue;
            }
            if let Some(problem) = url_problem(value) {
                let shown: String = value.chars().take(80).collect();
                out.emit(
                    entry.value.range,
                    map.entry_pointer(entry),
                    format!("`{shown}` {problem}"),
                );
            }
        }
    }
}

/// Why `value` is not an absolute URL (RFC 3986 `scheme ":" hier-part`), or `None`.
fn url_problem(value: &str) -> Option<String> {
    if value.chars().any(char::is_whitespace) {
        return Some("contains spaces, so it is not a URL".into());
    }
    // An scp-style SSH address: `git@host:path`.
    if let Some((user_host, path)) = value.split_once(':') {
        if let Some((_, host)) = user_host.split_once('@') {
            if !path.starts_with("//") && host.contains('.') && !host.contains('/') {
                let path = path.trim_end_matches(".git");
                return Some(format!(
                    "is an SSH address, not a URL; write `https://{host}/{}`",
                    path.trim_start_matches('/')
                ));
            }
        }
    }
    let scheme_end = value.find(':');
    let scheme_ok = scheme_end.is_some_and(|end| {
        let scheme = &value[..end];
        scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    });
    if !scheme_ok {
        let looks_like_host = value
            .split('/')
            .next()
            .is_some_and(|host| host.contains('.') && !host.contains(':'));
        return Some(if looks_like_host {
            format!("has no scheme, so it is not an absolute URL; write `https://{value}`")
        } else {
            "is not an absolute URL (it has no scheme such as `https:`)".into()
        });
    }
    let end = scheme_end.unwrap_or(0);
    let scheme = value[..end].to_ascii_lowercase();
    let rest = &value[end + 1..];
    if matches!(scheme.as_str(), "http" | "https") {
        let host = rest
            .strip_prefix("//")
            .map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
        if host.is_none_or(str::is_empty) {
            return Some(format!("has no host after `{scheme}://`"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::url_problem;

    #[test]
    fn absolute_urls_pass() {
        for ok in [
            "https://github.com/foo/bar",
            "http://example.com",
            "https://example.com:8443/docs?q=1#top",
            "git+https://example.com/repo.git",
            "urn:isbn:0451450523",
        ] {
            assert_eq!(url_problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn others_are_explained() {
        assert!(url_problem("github.com/foo/bar")
            .unwrap()
            .contains("https://github.com/foo/bar"));
        assert!(url_problem("git@github.com:foo/bar.git")
            .unwrap()
            .contains("https://github.com/foo/bar"));
        assert!(url_problem("https://").is_some());
        assert!(url_problem("see the README").is_some());
        assert!(url_problem("/docs/index.html").is_some());
        assert!(url_problem("1http://x").is_some());
        assert!(url_problem("é:x").is_some());
    }
}
