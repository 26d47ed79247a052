//! `docker://HOST[:PORT]/REPO(:TAG|@ALGORITHM:HEX)`: an image by reference. The scheme keeps
//! file names unambiguous; the host is always given (`docker.io` is Docker Hub).

/// The scheme that makes an input a reference rather than a file.
pub(crate) const SCHEME: &str = "docker://";

/// Whether an input names an image in a registry rather than a file.
pub(crate) fn is_reference(input: &str) -> bool {
    input.starts_with(SCHEME)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    /// `HOST[:PORT]` as given.
    pub(crate) host: String,
    /// The repository path, e.g. `team/app`.
    pub(crate) repository: String,
    /// The tag or digest asked for.
    pub(crate) target: Target,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Tag(String),
    Digest(String),
}

impl Target {
    /// The tag or digest as the API path takes it.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Target::Tag(tag) | Target::Digest(tag) => tag,
        }
    }
}

impl Reference {
    pub(crate) fn parse(input: &str) -> Result<Reference, String> {
        let rest = input
            .strip_prefix(SCHEME)
            .ok_or_else(|| format!("`{input}` is not a docker:// reference"))?;
        let bad = |why: &str| {
            format!("`{input}` is not a reference ({why}; expected docker://HOST[:PORT]/REPO:TAG or docker://HOST[:PORT]/REPO@sha256:HEX)")
        };
        let (host, path) = rest.split_once('/').ok_or_else(|| bad("no repository"))?;
        if host.is_empty()
            || !host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        {
            return Err(bad("the host is not a host name with an optional port"));
        }
        let (name, target) = if let Some((name, digest)) = path.split_once('@') {
            let (algorithm, hex) = digest
                .split_once(':')
                .ok_or_else(|| bad("the digest has no algorithm"))?;
            let hex_ok = match algorithm {
                "sha256" => hex.len() == 64,
                "sha512" => hex.len() == 128,
                _ => false,
            } && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
            if !hex_ok {
                return Err(bad("the digest is not sha256:<64 hex> or sha512:<128 hex>"));
            }
            // A tag before the digest is ignored, as docker ignores it.
            let name = name
                .rsplit_once(':')
                .filter(|(_, t)| !t.contains('/'))
                .map_or(name, |(n, _)| n);
            (name, Target::Digest(digest.to_owned()))
        } else {
            match path.rsplit_once(':') {
                Some((name, tag)) if !tag.contains('/') => {
                    let tag_ok = !tag.is_empty()
                        && tag.len() <= 128
                        && tag
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
                        && !tag.starts_with(['.', '-']);
                    if !tag_ok {
                        return Err(bad("the tag is not [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"));
                    }
                    (name, Target::Tag(tag.to_owned()))
                }
                _ => (path, Target::Tag("latest".to_owned())),
            }
        };
        let name_ok = !name.is_empty()
            && name.split('/').all(|part| {
                !part.is_empty()
                    && part.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b)
                    })
            });
        if !name_ok {
            return Err(bad("the repository is not lower-case path components"));
        }
        let (host, repository) = if host == "docker.io" || host == "index.docker.io" {
            let repository = if name.contains('/') {
                name.to_owned()
            } else {
                format!("library/{name}")
            };
            ("registry-1.docker.io".to_owned(), repository)
        } else {
            (host.to_owned(), name.to_owned())
        };
        Ok(Reference {
            host,
            repository,
            target,
        })
    }

    /// `docker://HOST/REPO@DIGEST`: how a child of the reference is named in reports.
    pub(crate) fn child(&self, digest: &str) -> String {
        format!("{SCHEME}{}/{}@{digest}", self.host, self.repository)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_and_digests() {
        let r = Reference::parse("docker://127.0.0.1:5000/team/app:v1").unwrap();
        assert_eq!(r.host, "127.0.0.1:5000");
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.target, Target::Tag("v1".into()));
        let digest = format!("sha256:{}", "a".repeat(64));
        let r = Reference::parse(&format!("docker://localhost/app@{digest}")).unwrap();
        assert_eq!(r.target, Target::Digest(digest.clone()));
        assert_eq!(r.child(&digest), format!("docker://localhost/app@{digest}"));
        assert_eq!(
            Reference::parse("docker://docker.io/alpine")
                .unwrap()
                .repository,
            "library/alpine"
        );
    }

    #[test]
    fn refuses_what_is_not_a_reference() {
        for bad in [
            "docker://host",
            "docker:///app:v1",
            "docker://host/App:v1",
            "docker://host/app:",
            "docker://host/app@sha256:abc",
            "docker://host/app@md5:abc",
        ] {
            assert!(Reference::parse(bad).is_err(), "{bad}");
        }
    }
}
