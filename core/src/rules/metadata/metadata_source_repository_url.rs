//! MET003: `org.opencontainers.image.source` is not the https URL of a repository as GitHub
//! links it (a `.git` suffix, another scheme, a trailing slash).

use super::super::prelude::*;

declare_rule! {
    code: "MET003",
    name: "metadata-source-repository-url",
    severity: Warning,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "`org.opencontainers.image.source` should be the repository's https URL, without a `.git` suffix.",
    why: "GHCR connects a package to its repository from `org.opencontainers.image.source` \
          (label or annotation), and only when the value is the repository's web address \
          `https://github.com/OWNER/REPO`: with a `.git` suffix (the clone URL, which \
          build-push-action wrote until docker/build-push-action#221 and drone-docker until \
          drone-plugins/drone-docker#410) the package stays unlinked, and with it the \
          permissions it would inherit from the repository. Renovate and other tools that \
          follow `source` to release notes expect the same web address; a `git://`, `ssh://` \
          or `http://` URL is not one.",
    how_to_fix: "Write the repository's https web address: drop `.git` and a trailing `/` (the \
                 safe fix does), and turn `http://`, `git://`, `git+https://` or \
                 `ssh://git@host/…` into `https://host/…` (an unsafe fix: check the host \
                 serves it).",
    url: "https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry#labelling-container-images",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.source": "https://github.com/example/web.git"}}"#),
        invalid(r#"{"architecture": "amd64", "os": "linux", "config": {"Labels": {"org.opencontainers.image.source": "git://github.com/example/web"}}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.source": "https://github.com/example/web"}}"#),
    ],
    check: Document(check),
}

const KEY: &str = "org.opencontainers.image.source";

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let mut sites: Vec<(&Node, Pointer)> = ctx
        .annotation_maps()
        .filter_map(|map| {
            map.get(KEY)
                .map(|(entry, _)| (&entry.value, map.entry_pointer(entry)))
        })
        .collect();
    if let Some((config, base)) = ctx.exec_config() {
        if let Some(label) = config
            .get("Labels")
            .and_then(|l| l.value.get(KEY))
            .filter(|l| l.value.as_str().is_some())
        {
            sites.push((&label.value, base.key("Labels").key(KEY)));
        }
    }
    for (node, pointer) in sites {
        let Some(value) = node.as_str() else { continue };
        let Some(better) = repository_url(value) else {
            continue;
        };
        let (problem, safety) = if better.scheme_changed {
            (
                "is not an https URL, which is the only kind GHCR links to a repository",
                FixSafety::Unsafe,
            )
        } else if value.trim_end_matches('/').ends_with(".git") {
            (
                "ends in `.git`: that is the clone URL, and GHCR links a package only to the repository's web address",
                FixSafety::Safe,
            )
        } else {
            (
                "ends in `/`, which GHCR does not take for the repository's web address",
                FixSafety::Safe,
            )
        };
        let shown = shorten(value, 80);
        out.emit(node.range, pointer, format!("{shown} {problem}"))
            .fix(
                safety,
                format!("Write `{}`", better.url),
                vec![crate::fix::Editor::new(ctx.document).replace_string(node, &better.url)],
            );
    }
}

/// A repository's web address, written better.
struct Better {
    url: String,
    /// Whether the scheme had to change (the host may not serve https).
    scheme_changed: bool,
}

/// The https web address `value` should be, when it is a URL of another shape; `None` when it
/// is fine or not a URL at all (`ann-url-values` says so).
fn repository_url(value: &str) -> Option<Better> {
    let (scheme, rest) = value.split_once("://")?;
    let scheme_changed = match scheme.to_ascii_lowercase().as_str() {
        "https" => false,
        "http" | "git" | "git+https" | "git+http" | "ssh" | "git+ssh" => true,
        _ => return None,
    };
    // `ssh://git@github.com/…`: the user is not part of the web address.
    let rest = match rest.split_once('@') {
        Some((user, host_path)) if !user.contains('/') => host_path,
        _ => rest,
    };
    if rest.split('/').next().is_none_or(str::is_empty) {
        return None;
    }
    let path = rest.trim_end_matches('/');
    let path = path
        .strip_suffix(".git")
        .unwrap_or(path)
        .trim_end_matches('/');
    let url = format!("https://{path}");
    (url != value).then_some(Better {
        url,
        scheme_changed,
    })
}

#[cfg(test)]
mod tests {
    use super::repository_url;

    #[test]
    fn web_addresses_pass() {
        for ok in [
            "https://github.com/foo/bar",
            "https://gitlab.com/group/sub/project",
            "github.com/foo/bar",
            "urn:isbn:0451450523",
            "https://",
        ] {
            assert!(repository_url(ok).is_none(), "{ok}");
        }
    }

    #[test]
    fn others_get_the_web_address() {
        for (bad, good, changed) in [
            (
                "https://github.com/foo/bar.git",
                "https://github.com/foo/bar",
                false,
            ),
            (
                "https://github.com/foo/bar/",
                "https://github.com/foo/bar",
                false,
            ),
            (
                "git://github.com/foo/bar.git",
                "https://github.com/foo/bar",
                true,
            ),
            (
                "ssh://git@github.com/foo/bar.git",
                "https://github.com/foo/bar",
                true,
            ),
            ("http://example.com/repo", "https://example.com/repo", true),
        ] {
            let better = repository_url(bad).expect(bad);
            assert_eq!(
                (better.url.as_str(), better.scheme_changed),
                (good, changed),
                "{bad}"
            );
        }
    }
}
