//! ANN011: `org.opencontainers.image.base.name` is a fully qualified image reference.

use super::super::prelude::*;

declare_rule! {
    code: "ANN011",
    name: "ann-base-name-reference",
    severity: Warning,
    since: "0.1.0",
    summary: "`org.opencontainers.image.base.name` should be a fully qualified image reference, e.g. `docker.io/library/ubuntu:22.04`.",
    why: "image-spec: the value SHOULD be an image reference in distribution's reference \
          format and SHOULD be fully qualified, \"without any assumed default registry\". \
          `ubuntu:22.04` means Docker Hub to Docker but something else to a tool \
          configured with other registries (podman's unqualified-search registries), so \
          tools that track base images may follow the wrong image; an invalid reference \
          cannot be followed at all.",
    how_to_fix: "Write the reference with its registry host, e.g. \
                 `docker.io/library/ubuntu:22.04` instead of `ubuntu:22.04`, \
                 `registry.example.com/my-org/my-image:tag` instead of `my-org/my-image:tag`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#pre-defined-annotation-keys",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.base.name": "ubuntu:22.04"}}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.base.name": "registry.example.com/MyOrg/App:1.0"}}"#),
        valid(examples::OCI_INDEX_BASE_NAME_ONLY),
    ],
    check: Document(check),
}

const KEY: &str = "org.opencontainers.image.base.name";

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        for (entry, value) in map.string_entries().filter(|(e, _)| e.key == KEY) {
            if value.is_empty() {
                continue;
            }
            let shown: String = value.chars().take(100).collect();
            let message = match parse_reference(value) {
                Err(problem) => format!("`{shown}` is not a valid image reference: {problem}"),
                Ok(reference) if reference.domain.is_none() => format!(
                    "`{shown}` is not fully qualified: it names no registry, so each tool assumes its own default; write e.g. `{}`",
                    qualified(value)
                ),
                Ok(_) => continue,
            };
            out.emit(entry.value.range, map.entry_pointer(entry), message);
        }
    }
}

/// What a valid reference is made of (only what the rule needs).
#[derive(Debug, PartialEq, Eq)]
struct Reference<'a> {
    domain: Option<&'a str>,
}

/// `value` with Docker Hub's implicit registry (and `library/`) spelled out.
fn qualified(value: &str) -> String {
    let path_end = value.find([':', '@']).unwrap_or(value.len());
    if value[..path_end].contains('/') {
        format!("docker.io/{value}")
    } else {
        format!("docker.io/library/{value}")
    }
}

/// Parses a reference per distribution/reference's grammar, with the Docker rule for telling
/// a registry host from the first path component (it contains `.` or `:`, is `localhost`, or
/// has uppercase letters).
fn parse_reference(value: &str) -> Result<Reference<'_>, String> {
    if value.len() > 255 + 128 + 200 {
        return Err("it is far too long".into());
    }
    let (name_and_tag, digest) = match value.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (value, None),
    };
    if let Some(digest) = digest {
        check_digest(digest)?;
    }
    let last_slash = name_and_tag.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match name_and_tag[last_slash..].rfind(':') {
        Some(i) => (
            &name_and_tag[..last_slash + i],
            Some(&name_and_tag[last_slash + i + 1..]),
        ),
        None => (name_and_tag, None),
    };
    if let Some(tag) = tag {
        check_tag(tag)?;
    }
    if name.is_empty() {
        return Err("it has no repository name".into());
    }
    let (domain, path) = match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.chars().any(|c| c.is_ascii_uppercase()) =>
        {
            (Some(first), rest)
        }
        _ => (None, name),
    };
    if let Some(domain) = domain {
        check_domain(domain)?;
    }
    if name.len() > 255 {
        return Err(format!(
            "its name is {} characters long; at most 255 are allowed",
            name.len()
        ));
    }
    for component in path.split('/') {
        check_path_component(component)?;
    }
    Ok(Reference { domain })
}

fn check_domain(domain: &str) -> Result<(), String> {
    let (host, port) = if let Some(rest) = domain.strip_prefix('[') {
        let (address, after) = rest
            .split_once(']')
            .ok_or_else(|| format!("the registry `{domain}` has an unclosed `[`"))?;
        if address.is_empty() || !address.chars().all(|c| c.is_ascii_hexdigit() || c == ':') {
            return Err(format!(
                "the registry `{domain}` is not a valid IPv6 address"
            ));
        }
        match after.strip_prefix(':') {
            Some(port) => ("", Some(port)),
            None if after.is_empty() => ("", None),
            None => {
                return Err(format!(
                    "the registry `{domain}` has text after its address"
                ))
            }
        }
    } else {
        match domain.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (domain, None),
        }
    };
    if let Some(port) = port {
        if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "the registry `{domain}` has the port `{port}`, which is not a number"
            ));
        }
    }
    if !domain.starts_with('[') {
        for label in host.split('.') {
            let ok = !label.is_empty()
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-');
            if !ok {
                return Err(format!("the registry `{domain}` is not a valid host name"));
            }
        }
    }
    Ok(())
}

/// `[a-z0-9]+ (([._]|__|[-]+) [a-z0-9]+)*`
fn check_path_component(component: &str) -> Result<(), String> {
    if component.is_empty() {
        return Err("its path has an empty component (a leading, trailing or doubled `/`)".into());
    }
    if let Some(c) = component
        .chars()
        .find(|&c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')))
    {
        return Err(if c.is_ascii_uppercase() {
            format!("the repository path `{component}` has uppercase letters; repository names are lowercase")
        } else if c.is_whitespace() {
            format!("the repository path `{component}` contains a space")
        } else {
            format!("the repository path `{component}` contains `{c}`")
        });
    }
    let starts = component
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let ends = component
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    if !starts || !ends {
        return Err(format!(
            "the repository path `{component}` must start and end with a letter or digit"
        ));
    }
    for run in component
        .split(|c: char| c.is_ascii_alphanumeric())
        .filter(|r| !r.is_empty())
    {
        let ok = run == "." || run == "_" || run == "__" || run.chars().all(|c| c == '-');
        if !ok {
            return Err(format!("the repository path `{component}` has the separator `{run}`; allowed are `.`, `_`, `__` and dashes"));
        }
    }
    Ok(())
}

/// `[\w][\w.-]{0,127}`
fn check_tag(tag: &str) -> Result<(), String> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let ok = tag.len() <= 128
        && tag.chars().next().is_some_and(word)
        && tag.chars().all(|c| word(c) || c == '.' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!("the tag `{}` is not valid (at most 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`)", tag.chars().take(40).collect::<String>()))
    }
}

/// `[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
fn check_digest(digest: &str) -> Result<(), String> {
    let shown: String = digest.chars().take(80).collect();
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return Err(format!("the digest `{shown}` has no `algorithm:` prefix"));
    };
    let algorithm_ok = algorithm.split(['-', '_', '+', '.']).all(|part| {
        part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && part.chars().all(|c| c.is_ascii_alphanumeric())
    });
    if !algorithm_ok || hex.len() < 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("the digest `{shown}` is not `algorithm:hex`"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{parse_reference, qualified};

    #[test]
    fn qualified_references() {
        for (value, domain) in [
            ("docker.io/library/ubuntu:22.04", Some("docker.io")),
            ("registry.example.com/my-org/my-image:tag", Some("registry.example.com")),
            ("localhost/app", Some("localhost")),
            ("localhost:5000/app@sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", Some("localhost:5000")),
            ("[::1]:5000/app:v1", Some("[::1]:5000")),
            ("ubuntu:22.04", None),
            ("my-org/my-image", None),
            ("a__b/c.d/e---f", None),
        ] {
            assert_eq!(parse_reference(value).map(|r| r.domain), Ok(domain), "{value}");
        }
    }

    #[test]
    fn invalid_references() {
        for value in [
            "registry.example.com/MyOrg/App",
            "ubuntu:",
            "ubuntu:-1",
            "ubuntu@sha256:abc",
            "ubuntu@e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f",
            "-ubuntu",
            "a..b",
            "registry.example.com//app",
            "registry.example.com:port/app",
            "re gistry/app",
            "ubuntu 22.04",
            "[::1/app",
            "",
        ] {
            assert!(parse_reference(value).is_err(), "{value}");
        }
        assert_eq!(qualified("ubuntu:22.04"), "docker.io/library/ubuntu:22.04");
        assert_eq!(qualified("my-org/app"), "docker.io/my-org/app");
    }
}
