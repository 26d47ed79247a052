//! What `check docker://…` checks: the manifest the reference names, as served, and, for an
//! index or list, its children (those of `--platform`, when given) and every image's config,
//! each with the headers it came with.

use ocilint_core::digest;

use super::client::{read_bounded, Client, Method};
use super::reference::Target;

/// Every manifest type, most specific first: what docker, containerd and crane send.
pub(crate) const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, \
application/vnd.docker.distribution.manifest.list.v2+json, \
application/vnd.oci.image.manifest.v1+json, \
application/vnd.docker.distribution.manifest.v2+json, \
application/vnd.oci.artifact.manifest.v1+json, \
application/vnd.docker.distribution.manifest.v1+prettyjws, \
application/vnd.docker.distribution.manifest.v1+json, \
application/json;q=0.5, */*;q=0.1";

/// A manifest is read up to this many bytes: well past the registries' 4 MiB limit, so that
/// an oversized one is still checked (and named by `push-manifest-size`), but bounded.
pub(crate) const MANIFEST_READ_LIMIT: u64 = 16 * 1024 * 1024;
/// A config blob is read up to this many bytes.
const CONFIG_READ_LIMIT: u64 = 16 * 1024 * 1024;
/// At most this many pages of the referrers API are read.
const MAX_REFERRERS_PAGES: usize = 16;
/// Indexes nested deeper than this are not followed.
const MAX_DEPTH: usize = 4;

/// One document as the registry served it.
#[derive(Debug)]
pub(crate) struct Document {
    /// The reference as given for the first, `docker://HOST/REPO@DIGEST` for the others.
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
    /// The `Content-Type` a manifest was served with (a blob's says nothing and is `None`).
    pub(crate) content_type: Option<String>,
    /// Where the digests disagree: the digest asked for, the `Docker-Content-Digest` header
    /// and the bytes'.
    pub(crate) disagreements: Vec<String>,
    pub(crate) kind: DocumentKind,
    /// Found by what hangs off the reference (a referrers index, a fallback or cosign tag),
    /// not named by the reference's own documents.
    pub(crate) attached: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocumentKind {
    Manifest,
    Config,
}

/// A descriptor whose content could not be read, with why.
#[derive(Debug)]
pub(crate) struct Unread {
    pub(crate) name: String,
    pub(crate) why: String,
}

/// A layer (or other blob) an image manifest names, for `verify`.
#[derive(Debug, Clone)]
pub(crate) struct BlobRef {
    pub(crate) digest: String,
    pub(crate) size: Option<u64>,
}

#[derive(Debug, Default)]
pub(crate) struct Fetched {
    pub(crate) documents: Vec<Document>,
    pub(crate) unread: Vec<Unread>,
    /// The blobs (layers) the image manifests name, each once, in order.
    pub(crate) layers: Vec<BlobRef>,
    /// The configs, each once, in order (also among `documents` when they could be read).
    pub(crate) configs: Vec<BlobRef>,
}

/// Fetches the reference's manifest and what hangs below it. `Err` when the manifest itself
/// cannot be had: then nothing can be checked.
pub(crate) fn fetch(
    client: &Client,
    given: &str,
    platform: Option<&str>,
    with_configs: bool,
) -> Result<Fetched, String> {
    let mut fetched = Fetched::default();
    let target = client.reference.target.clone();
    let asked = match &target {
        Target::Digest(d) => Some(d.as_str()),
        Target::Tag(_) => None,
    };
    let top = manifest(client, target.as_str(), asked, given.to_owned())?;
    let top_digest = asked.map_or_else(|| digest::sha256(&top.bytes), str::to_owned);
    let mut requested = std::collections::HashSet::from([top_digest.clone()]);
    let mut queue = vec![(top, 0usize)];
    // What hangs off the reference, checked after it and its children (the queue is a stack).
    for mut attached in cosign_tags(client, &top_digest).into_iter().rev() {
        attached.attached = true;
        queue.insert(0, (attached, 1));
    }
    for page in referrers(client, &top_digest).into_iter().rev() {
        queue.insert(0, (page, 1));
    }
    while let Some((document, depth)) = queue.pop() {
        let value: Option<serde_json::Value> = serde_json::from_slice(&document.bytes).ok();
        let mut children = Vec::new();
        if let Some(value) = &value {
            if let Some(entries) = value.get("manifests").and_then(|m| m.as_array()) {
                for entry in entries {
                    let Some(child) = entry.get("digest").and_then(|d| d.as_str()) else {
                        continue;
                    };
                    if !platform.is_none_or(|wanted| matches_platform(entry, wanted)) {
                        continue;
                    }
                    if depth + 1 > MAX_DEPTH || !digest_shaped(child) {
                        continue;
                    }
                    // Each manifest once, however many indexes name it.
                    if !requested.insert(child.to_owned()) {
                        continue;
                    }
                    children.push(child.to_owned());
                }
            }
            if let Some(config) = value.get("config") {
                if let Some(d) = config
                    .get("digest")
                    .and_then(|d| d.as_str())
                    .filter(|d| digest_shaped(d))
                {
                    if !fetched.configs.iter().any(|c| c.digest == d) {
                        fetched.configs.push(BlobRef {
                            digest: d.to_owned(),
                            size: config.get("size").and_then(serde_json::Value::as_u64),
                        });
                    }
                }
            }
            for key in ["layers", "blobs"] {
                for layer in value
                    .get(key)
                    .and_then(|l| l.as_array())
                    .into_iter()
                    .flatten()
                {
                    if let Some(d) = layer
                        .get("digest")
                        .and_then(|d| d.as_str())
                        .filter(|d| digest_shaped(d))
                    {
                        if !fetched.layers.iter().any(|l| l.digest == d) {
                            fetched.layers.push(BlobRef {
                                digest: d.to_owned(),
                                size: layer.get("size").and_then(serde_json::Value::as_u64),
                            });
                        }
                    }
                }
            }
        }
        fetched.documents.push(document);
        // In document order: pushed reversed, so the first child is fetched first.
        let mut read = Vec::new();
        for child in children {
            let name = client.reference.child(&child);
            match manifest(client, &child, Some(&child), name.clone()) {
                Ok(document) => read.push(document),
                Err(why) => fetched.unread.push(Unread { name, why }),
            }
        }
        queue.extend(read.into_iter().rev().map(|d| (d, depth + 1)));
    }
    if with_configs {
        for config in fetched.configs.clone() {
            let name = client.reference.child(&config.digest);
            match blob_document(client, &config.digest, name.clone()) {
                Ok(document) => fetched.documents.push(document),
                Err(why) => fetched.unread.push(Unread { name, why }),
            }
        }
    }
    Ok(fetched)
}

fn digest_shaped(value: &str) -> bool {
    value.split_once(':').is_some_and(|(algorithm, hex)| {
        matches!(algorithm, "sha256" | "sha512")
            && !hex.is_empty()
            && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// `os/arch[/variant]` against an index entry's `platform`; an entry without one (an
/// attestation, an artifact) is kept.
fn matches_platform(entry: &serde_json::Value, wanted: &str) -> bool {
    let Some(platform) = entry.get("platform") else {
        return true;
    };
    let field = |k: &str| platform.get(k).and_then(|v| v.as_str()).unwrap_or("");
    ocilint_core::image::platform_wanted(
        wanted,
        field("os"),
        field("architecture"),
        field("variant"),
    )
}

/// One manifest, its bytes read to [`MANIFEST_READ_LIMIT`].
fn manifest(
    client: &Client,
    target: &str,
    asked: Option<&str>,
    name: String,
) -> Result<Document, String> {
    let mut served = client.manifest(target, ACCEPT)?;
    let status = served.response.status();
    if !status.is_success() {
        return Err(not_served(&name, status.as_u16(), "manifest"));
    }
    let content_type = served.header("Content-Type");
    let header_digest = served.header("Docker-Content-Digest");
    let (bytes, cut) =
        read_bounded(&mut served, MANIFEST_READ_LIMIT).map_err(|e| format!("{name}: {e}"))?;
    if cut {
        return Err(format!(
            "{name}: the manifest is larger than {} MiB; read no further (registries refuse manifests over 4 MiB)",
            MANIFEST_READ_LIMIT / (1024 * 1024)
        ));
    }
    let disagreements = disagreements(&bytes, asked, header_digest.as_deref());
    Ok(Document {
        name,
        bytes,
        content_type,
        disagreements,
        kind: DocumentKind::Manifest,
        attached: false,
    })
}

/// A config blob, read to its bound.
fn blob_document(client: &Client, digest: &str, name: String) -> Result<Document, String> {
    let mut served = client.blob(Method::Get, digest)?;
    let status = served.response.status();
    if !status.is_success() {
        return Err(not_served(&name, status.as_u16(), "blob"));
    }
    let header_digest = served.header("Docker-Content-Digest");
    let (bytes, cut) =
        read_bounded(&mut served, CONFIG_READ_LIMIT).map_err(|e| format!("{name}: {e}"))?;
    if cut {
        return Err(format!(
            "{name}: the config is larger than {} MiB; read no further",
            CONFIG_READ_LIMIT / (1024 * 1024)
        ));
    }
    let disagreements = disagreements(&bytes, Some(digest), header_digest.as_deref());
    Ok(Document {
        name,
        bytes,
        content_type: None,
        disagreements,
        kind: DocumentKind::Config,
        attached: false,
    })
}

pub(crate) fn not_served(name: &str, status: u16, what: &str) -> String {
    match status {
        404 => format!(
            "{name}: 404 Not Found: the registry has no such {what} (or no such repository)"
        ),
        403 => format!("{name}: 403 Forbidden: the credentials may not pull this {what}"),
        _ => format!("{name}: the registry answered {status} for the {what}"),
    }
}

/// What the digest asked for, the `Docker-Content-Digest` header and the bytes say, where
/// they disagree.
pub(crate) fn disagreements(
    bytes: &[u8],
    asked: Option<&str>,
    header: Option<&str>,
) -> Vec<String> {
    let mut found = Vec::new();
    // Only sha256 is computed: a sha512 digest is taken as given.
    let actual = digest::sha256(bytes);
    let sha256 = |d: &&str| d.starts_with("sha256:");
    if let Some(asked) = asked.filter(sha256) {
        if actual != asked {
            found.push(format!(
                "the registry served bytes whose digest is {actual} for {asked}, the digest asked for"
            ));
        }
    }
    if let Some(header) = header.filter(sha256) {
        if actual != header {
            found.push(format!(
                "the registry's Docker-Content-Digest header says {header}, but the bytes served hash to {actual}"
            ));
        }
    }
    found
}

/// What hangs off the manifest `subject`: the referrers API's index where the registry has
/// one, else the index under the fallback tag `sha256-<hex>` (image-spec 1.1), else nothing.
/// Its entries are fetched as any index's children.
fn referrers(client: &Client, subject: &str) -> Vec<Document> {
    let mut pages: Vec<Document> = Vec::new();
    let mut next: Option<String> = None;
    while pages.len() < MAX_REFERRERS_PAGES {
        let Some(mut served) = client.referrers(subject, next.as_deref()).ok() else {
            break;
        };
        let content_type = served.header("Content-Type");
        let is_index = content_type
            .as_deref()
            .is_some_and(|t| t.starts_with("application/vnd.oci.image.index.v1+json"));
        if !served.response.status().is_success() || !is_index {
            break;
        }
        let link = served.header("Link");
        let Some((bytes, false)) = read_bounded(&mut served, MANIFEST_READ_LIMIT).ok() else {
            break;
        };
        let page = pages.len() + 1;
        pages.push(Document {
            name: match page {
                1 => format!("{}/referrers", client.reference.child(subject)),
                _ => format!("{}/referrers?page={page}", client.reference.child(subject)),
            },
            bytes,
            content_type,
            disagreements: Vec::new(),
            kind: DocumentKind::Manifest,
            attached: true,
        });
        // A further page, on the same registry and under the same subject only.
        let prefix = format!("/v2/{}/referrers/{subject}", client.reference.repository);
        next = link
            .as_deref()
            .and_then(next_page)
            .filter(|p| p.starts_with(&prefix));
        if next.is_none() {
            break;
        }
    }
    if !pages.is_empty() {
        return pages;
    }
    let from_tag = {
        let tag = subject.replacen(':', "-", 1);
        let name = format!(
            "{}{}/{}:{tag}",
            super::reference::SCHEME,
            client.reference.host,
            client.reference.repository
        );
        manifest(client, &tag, None, name).ok().map(|mut document| {
            document.attached = true;
            document
        })
    };
    from_tag.into_iter().collect()
}

/// The path of `Link: </v2/…?last=…>; rel="next"`.
fn next_page(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| matches!(p.trim(), "rel=\"next\"" | "rel=next"))
            .then(|| {
                let target = target.trim();
                target
                    .strip_prefix('<')
                    .and_then(|t| t.strip_suffix('>'))
                    .unwrap_or(target)
                    .to_owned()
            })
    })
}

/// cosign's signature, attestation and SBOM of the manifest `subject`, under the tags
/// `sha256-<hex>.sig`, `.att` and `.sbom` (named so, the attachments inventory links them to
/// the image). A tag the registry does not have is passed over.
fn cosign_tags(client: &Client, subject: &str) -> Vec<Document> {
    let Some(hex) = subject.strip_prefix("sha256:") else {
        return Vec::new();
    };
    ["sig", "att", "sbom"]
        .iter()
        .filter_map(|suffix| {
            let tag = format!("sha256-{hex}.{suffix}");
            let name = format!(
                "{}{}/{}:{tag}",
                super::reference::SCHEME,
                client.reference.host,
                client.reference.repository
            );
            manifest(client, &tag, None, name).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_header_gives_the_next_page() {
        assert_eq!(
            next_page(r#"</v2/a/referrers/sha256:1?n=1&last=x>; rel="next""#).as_deref(),
            Some("/v2/a/referrers/sha256:1?n=1&last=x")
        );
        assert_eq!(next_page(r#"</x>; rel="prev""#), None);
    }
}
