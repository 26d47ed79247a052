//! IDX007: the same manifest listed twice for the same platform.

use std::collections::hash_map::Entry;

use foldhash::{HashMap, HashMapExt as _};

use super::super::prelude::*;
use super::super::DescriptorRole;
use crate::json::Document;

declare_rule! {
    code: "IDX007",
    name: "index-duplicate-descriptor",
    covers: ["index-duplicate-descriptor", "referrers-no-duplicates"],
    severity: Info,
    since: "0.1.0",
    summary: "The same manifest is listed twice for the same platform.",
    why: "Listing a digest twice is legal but never useful: clients pick the first match, \
          so the second entry only adds bytes, and tools that walk the index (copying, \
          scanning, garbage collection) process the manifest twice. In a referrers index, \
          distribution-spec says duplicate entries SHOULD NOT be created; they usually \
          come from a client that appended to the `sha256-…` fallback tag without \
          checking. A referrers response cannot be told from another index by its bytes, \
          so this is reported as information everywhere. Entries for different platforms \
          or with different `org.opencontainers.image.ref.name` tags are not duplicates.",
    how_to_fix: "Remove the later entry.",
    url: "https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pushing-manifests-with-subject",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/spdx+json", "digest": "sha256:99953afc4b90c7d78079d189ae10da0a1002e6be5e9e8dedaf9f7f29def42111", "size": 506}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/spdx+json", "digest": "sha256:99953afc4b90c7d78079d189ae10da0a1002e6be5e9e8dedaf9f7f29def42111", "size": 506}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143, "annotations": {"org.opencontainers.image.ref.name": "1.0"}}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7143, "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}"#),
    ],
    check: Document(check),
}

/// A canonical text of a value: object members sorted by key, numbers as written.
fn canonical(document: &Document<'_>, node: &Node, out: &mut String) {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number => out.push_str(document.number_text(node)),
        Value::String(s) => out.push_str(&format!("{s:?}")),
        Value::Array(items) => {
            out.push('[');
            for item in items.iter() {
                canonical(document, item, out);
                out.push(',');
            }
            out.push(']');
        }
        Value::Object(members) => {
            let mut sorted: Vec<_> = members.iter().collect();
            sorted.sort_by(|a, b| a.key.cmp(b.key));
            out.push('{');
            for member in sorted {
                out.push_str(&format!("{:?}:", member.key));
                canonical(document, &member.value, out);
                out.push(',');
            }
            out.push('}');
        }
    }
}

/// The start of a digest, enough to recognise it (`sha256:` and 12 hex digits).
fn short(digest: &str) -> String {
    match digest.char_indices().nth(19) {
        Some((end, _)) => format!("{}…", &digest[..end]),
        None => digest.to_owned(),
    }
}

/// What distinguishes two entries with the same digest: their platform (canonical, so key
/// order does not matter) and their `org.opencontainers.image.ref.name`.
fn identity<'a>(document: &Document<'_>, node: &'a Node<'a>) -> (String, Option<&'a str>) {
    let mut platform = String::new();
    if let Some(member) = node.get("platform") {
        canonical(document, &member.value, &mut platform);
    }
    let ref_name = node
        .get("annotations")
        .and_then(|m| m.value.get("org.opencontainers.image.ref.name"))
        .and_then(|m| m.value.as_str());
    (platform, ref_name)
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !ctx.kind.is_index() {
        return;
    }
    let entries: Vec<_> = ctx
        .descriptors()
        .iter()
        .filter(|site| site.role == DescriptorRole::Manifest)
        .collect();
    // Entries by digest (the first, then the later ones: a `Vec` only for a digest that
    // repeats); the platform and ref.name are compared only when a digest repeats, which is
    // rare, so large indexes cost one borrowed-key lookup per entry and no allocation.
    let mut by_digest: HashMap<&str, (usize, Vec<usize>)> = HashMap::with_capacity(entries.len());
    for (index, site) in entries.iter().enumerate() {
        let Some(digest) = site.digest_member() else {
            continue;
        };
        let Some(digest_text) = digest.value.as_str() else {
            continue;
        };
        let (earliest, later) = match by_digest.entry(digest_text) {
            Entry::Vacant(vacant) => {
                vacant.insert((index, Vec::new()));
                continue;
            }
            Entry::Occupied(occupied) => occupied.into_mut(),
        };
        let mine = identity(ctx.document, site.node);
        let first = std::iter::once(*earliest)
            .chain(later.iter().copied())
            .find(|&other| identity(ctx.document, entries[other].node) == mine);
        later.push(index);
        let Some(first) = first else {
            continue;
        };
        let first = &entries[first];
        let same = if site.platform().is_some() {
            "for the same platform "
        } else {
            ""
        };
        out.emit(
            digest.value.range,
            site.pointer.key("digest"),
            format!(
                "{} already lists this manifest {same}({}); the second entry is never used",
                first.pointer,
                short(digest_text)
            ),
        )
        .related(
            first
                .node
                .get("digest")
                .map_or(first.node.range, |m| m.value.range),
            first.pointer.key("digest"),
            "the first entry",
        );
    }
}
