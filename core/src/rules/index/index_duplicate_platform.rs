//! IDX006: two entries of an index describe the same platform.

use super::super::prelude::*;
use super::super::{DescriptorRole, DescriptorSite};
use foldhash::{HashMap, HashMapExt as _};

declare_rule! {
    code: "IDX006",
    name: "index-duplicate-platform",
    severity: Info,
    since: "0.1.0",
    summary: "Two entries with the same platform: clients only ever pick the first.",
    why: "image-spec: \"If multiple manifests match a client or runtime's requirements, the \
          first matching entry SHOULD be used.\" Two different manifests for the same \
          `os`, `architecture`, `variant`, `os.version` and `os.features` mean the later \
          one is never chosen by platform. That is often a build that appended instead of \
          replacing, or a missing `variant`. Entries marked `unknown/unknown` (BuildKit \
          attestations) and layout entries with different `org.opencontainers.image.ref.name` \
          tags are not compared.",
    how_to_fix: "Remove the stale entry, or tell the two apart with the field that really \
                 differs (`variant`, `os.version`).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143, "platform": {"architecture": "amd64", "os": "linux"}}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"os": "linux", "architecture": "amd64"}}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143, "platform": {"architecture": "arm", "os": "linux", "variant": "v6"}}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "arm", "os": "linux", "variant": "v7"}}]}"#),
    ],
    check: Document(check),
}

/// What makes two entries interchangeable for a client choosing by platform.
#[derive(PartialEq, Eq, Hash)]
struct Key<'a> {
    os: &'a str,
    architecture: &'a str,
    variant: &'a str,
    os_version: &'a str,
    os_features: Vec<&'a str>,
    /// In an image layout, entries are chosen by this tag before the platform.
    ref_name: Option<&'a str>,
}

impl Key<'_> {
    fn describe(&self) -> String {
        let mut text = format!("{}/{}", self.os, self.architecture);
        if !self.variant.is_empty() {
            text.push('/');
            text.push_str(self.variant);
        }
        if !self.os_version.is_empty() {
            text.push_str(&format!(" (os.version {})", self.os_version));
        }
        text
    }
}

fn text<'a>(node: &'a Node<'a>, key: &str) -> Option<&'a str> {
    node.get(key).and_then(|m| m.value.as_str())
}

fn key<'a>(entry: &Node<'a>) -> Option<Key<'a>> {
    let platform = &entry.get("platform")?.value;
    let os = text(platform, "os")?;
    let architecture = text(platform, "architecture")?;
    if os == "unknown" || architecture == "unknown" {
        return None;
    }
    let mut os_features: Vec<&str> = platform
        .get("os.features")
        .and_then(|m| m.value.items())
        .unwrap_or_default()
        .iter()
        .filter_map(Node::as_str)
        .collect();
    os_features.sort_unstable();
    os_features.dedup();
    let ref_name = entry
        .get("annotations")
        .and_then(|m| text(&m.value, "org.opencontainers.image.ref.name"));
    Some(Key {
        os,
        architecture,
        variant: text(platform, "variant").unwrap_or_default(),
        os_version: text(platform, "os.version").unwrap_or_default(),
        os_features,
        ref_name,
    })
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !ctx.kind.is_index() {
        return;
    }
    // The entries, and each one's platform made again when asked: kept for every entry, a
    // platform was most of this rule's memory on an index of 80,000 entries.
    let entries: Vec<&DescriptorSite<'_>> = ctx
        .descriptors()
        .iter()
        .filter(|site| site.role == DescriptorRole::Manifest)
        .collect();
    // Per platform: the first entry, and the first one whose digest differs from it. The
    // earliest earlier entry with another digest than the current one is one of the two.
    let mut seen: HashMap<Key<'_>, (usize, Option<usize>)> = HashMap::new();
    for (index, site) in entries.iter().enumerate() {
        let Some(key) = key(site.node) else {
            continue;
        };
        let digest = text(site.node, "digest");
        let differs =
            |other: usize| digest.is_none() || text(entries[other].node, "digest") != digest;
        let earlier = match seen.get_mut(&key) {
            None => {
                seen.insert(key, (index, None));
                continue;
            }
            Some((first, second)) => {
                let found = if differs(*first) {
                    Some(*first)
                } else {
                    second.filter(|&other| differs(other))
                };
                if second.is_none() && differs(*first) {
                    *second = Some(index);
                }
                found
            }
        };
        // The same manifest listed twice is `index-duplicate-descriptor`'s to report.
        let Some(earlier) = earlier else {
            continue;
        };
        let first = entries[earlier];
        let (Some(platform), Some(first_platform)) = (site.platform(), first.platform()) else {
            continue;
        };
        out.emit(
            platform.value.range,
            site.pointer.part(Part::Platform),
            format!(
                "{} is already the platform of {}, a different manifest; clients pick the \
                 first match, so this entry is never chosen by platform",
                key.describe(),
                first.pointer
            ),
        )
        .related(
            first_platform.value.range,
            first.pointer.part(Part::Platform),
            "the first entry for this platform",
        );
    }
}
