//! Repairs of a whole layout that stay local: what to change in `index.json` and the nested
//! indexes so a loader takes the layout — entries whose blobs are absent dropped, only
//! chosen platforms kept, stale sizes corrected, the index flattened or nested — with each
//! changed index's new digest and size cascaded up the chain (`cascade`). Blobs are never
//! rewritten: a changed index is a new blob beside the old one, and `index.json` names it.
//!
//! Pure: the front end reads the layout ([`Layout`]) and writes what [`LayoutRepair`] says.

use serde::Serialize;

use crate::digest;
use crate::fix::{apply_edits, Editor, RawEdit};
use crate::image::{platform_wanted, Layout};
use crate::json::{Node, Pointer};
use crate::rules::Analysed;
use crate::spec::media_types as mt;

use super::{cascade, Input, Reference};

/// A blob to add: its path (`blobs/sha256/<hex>`) and bytes.
pub type NewBlob = (String, Vec<u8>);

/// How `index.json` should hold a multi-platform image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexShape {
    /// `index.json` lists the platform manifests itself (what containerd, oras and Docker 25+
    /// write).
    Flat,
    /// `index.json` names one nested image index (what skopeo, podman and buildah write, and
    /// what they need to choose a platform).
    Nested,
}

/// What to repair.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayoutRequest {
    /// Keep only index entries of these platforms (`os/arch[/variant]`); every platform when
    /// empty. Entries without a platform go too when platforms are chosen.
    pub platforms: Vec<String>,
    /// Drop index entries whose blob is not in the layout.
    pub drop_absent: bool,
    /// Flatten or nest `index.json`; `None` leaves its shape.
    pub shape: Option<IndexShape>,
}

impl LayoutRequest {
    /// What a loader needs (`podman`, `skopeo`: one image named by `index.json`, nesting a
    /// flat multi-platform index; `containerd`, `ctr`, `kind`: every entry present), with
    /// entries whose blobs are absent dropped; `None` for a loader not known here.
    pub fn for_loader(loader: &str) -> Option<LayoutRequest> {
        let shape = match loader {
            "podman" | "skopeo" | "buildah" => Some(IndexShape::Nested),
            "containerd" | "ctr" | "kind" => None,
            _ => return None,
        };
        Some(LayoutRequest {
            platforms: Vec::new(),
            drop_absent: true,
            shape,
        })
    }
}

/// What to write: the new `index.json`, the new blobs, and what changed, for people.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayoutRepair {
    /// The new `index.json`, when it changed.
    #[serde(skip)]
    pub index_json: Option<Vec<u8>>,
    /// New blobs (`blobs/sha256/<hex>`, bytes): changed or added indexes.
    #[serde(skip)]
    pub added: Vec<NewBlob>,
    /// One line per change: `index.json /manifests/1: dropped …`.
    pub changes: Vec<String>,
    /// Each changed document's old and new digest and the documents updated to name it.
    pub references: Vec<Reference>,
    /// Why nothing can be written (not an OCI layout, no entry left).
    pub refused: Option<String>,
}

impl LayoutRepair {
    fn refuse(why: impl Into<String>) -> Self {
        LayoutRepair {
            refused: Some(why.into()),
            ..LayoutRepair::default()
        }
    }

    /// Whether anything is to be written.
    pub fn changed(&self) -> bool {
        self.index_json.is_some() || !self.added.is_empty()
    }
}

/// `os/arch[/variant]` of an entry's `platform`.
fn platform_of(entry: &Node) -> Option<(String, String, String)> {
    let platform = &entry.get("platform")?.value;
    let field = |key: &str| {
        platform
            .get(key)
            .and_then(|m| m.value.as_str())
            .unwrap_or("")
            .to_owned()
    };
    Some((field("os"), field("architecture"), field("variant")))
}

fn platform_matches(entry: &Node, wanted: &[String]) -> bool {
    let Some((os, arch, variant)) = platform_of(entry) else {
        return false;
    };
    wanted
        .iter()
        .any(|w| platform_wanted(w, &os, &arch, &variant))
}

fn blob_path(digest_text: &str) -> Option<String> {
    let (algorithm, encoded) = digest::validate(digest_text).ok()?;
    Some(format!("blobs/{algorithm}/{encoded}"))
}

fn text<'n>(node: &'n Node<'n>, key: &str) -> &'n str {
    node.get(key).and_then(|m| m.value.as_str()).unwrap_or("")
}

fn is_index(entry: &Node) -> bool {
    matches!(
        text(entry, "mediaType"),
        mt::OCI_INDEX | mt::DOCKER_MANIFEST_LIST
    )
}

/// The repair of `layout` that `request` asks for.
pub fn repair_layout(layout: &Layout, request: &LayoutRequest) -> LayoutRepair {
    let Some(index) = layout.member("index.json").and_then(|s| s.kept.clone()) else {
        return LayoutRepair::refuse(
            "no index.json: only OCI layouts and oci-archives are repaired (a docker save archive without one is not)",
        );
    };
    // index.json, then every nested index in the layout, once each.
    let mut inputs = vec![Input {
        name: "index.json".into(),
        bytes: index,
        content_type: None,
    }];
    let mut walked = 0;
    while walked < inputs.len() {
        let bytes = inputs[walked].bytes.clone();
        walked += 1;
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(&bytes, None, &arena);
        for entry in entries(&analysed) {
            let Some(path) = blob_path(text(entry, "digest")) else {
                continue;
            };
            let found = layout.member(&path).and_then(|s| s.kept.clone());
            if let (true, Some(bytes)) = (is_index(entry), found) {
                if !inputs.iter().any(|i| i.name == path) {
                    inputs.push(Input {
                        name: path,
                        bytes,
                        content_type: None,
                    });
                }
            }
        }
    }
    let mut changes = Vec::new();
    let mut current: Vec<Vec<u8>> = inputs.iter().map(|i| i.bytes.clone()).collect();
    for (at, input) in inputs.iter().enumerate() {
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(&input.bytes, None, &arena);
        let Some(array) = analysed
            .root()
            .and_then(|r| r.get("manifests"))
            .map(|m| &m.value)
        else {
            continue;
        };
        let items = array.items().unwrap_or_default();
        let editor = Editor::new(&analysed.parsed.document);
        let mut dropped = Vec::new();
        let mut edits: Vec<RawEdit> = Vec::new();
        for (index, entry) in items.iter().enumerate() {
            let digest_text = text(entry, "digest");
            let found = blob_path(digest_text).and_then(|p| layout.member(&p));
            let pointer = Pointer::root().key("manifests").index(index);
            let platform = platform_of(entry)
                .map(|(o, a, v)| {
                    if v.is_empty() {
                        format!(" ({o}/{a})")
                    } else {
                        format!(" ({o}/{a}/{v})")
                    }
                })
                .unwrap_or_default();
            let why = if request.drop_absent && found.is_none() {
                Some("its blob is not in the layout")
            } else if !request.platforms.is_empty() && !platform_matches(entry, &request.platforms)
            {
                Some("not a chosen platform")
            } else {
                None
            };
            if let Some(why) = why {
                dropped.push(index);
                changes.push(format!(
                    "{} {}: dropped the entry for {digest_text}{platform}: {why}",
                    input.name,
                    pointer.as_str()
                ));
                continue;
            }
            // A stale size of a blob that holds the digest named.
            let declared = entry.get("size");
            if let (Some(found), Some(member)) = (found, declared) {
                let algorithm = digest_text.split(':').next().unwrap_or("");
                let digest_holds = found.digest(algorithm) == Some(digest_text);
                let raw = &input.bytes[member.value.range.as_usize()];
                if digest_holds && raw != found.size.to_string().as_bytes() {
                    edits.push(editor.replace(&member.value, found.size.to_string()));
                    changes.push(format!(
                        "{} {}/size: {} → {}, the size of the blob",
                        input.name,
                        pointer.as_str(),
                        String::from_utf8_lossy(raw),
                        found.size
                    ));
                }
            }
        }
        if !items.is_empty() && dropped.len() == items.len() {
            return LayoutRepair::refuse(format!(
                "{}: no entry would be left (the platforms asked for: {}); nothing written",
                input.name,
                if request.platforms.is_empty() {
                    "every one".to_owned()
                } else {
                    request.platforms.join(", ")
                }
            ));
        }
        edits.extend(editor.remove_items(array, &dropped));
        if edits.is_empty() {
            continue;
        }
        match apply_edits(&input.bytes, &edits) {
            Ok(bytes) => current[at] = bytes,
            Err(e) => return LayoutRepair::refuse(format!("{}: {e:?}", input.name)),
        }
    }
    // The changed indexes' new digests and sizes, up the chain to index.json.
    let mut announced: Vec<String> = inputs.iter().map(|i| digest::sha256(&i.bytes)).collect();
    let mut references = Vec::new();
    cascade(&inputs, &mut current, &mut announced, &mut references);

    let mut added = Vec::new();
    for (at, input) in inputs.iter().enumerate().skip(1) {
        if current[at] != input.bytes {
            added.push((
                blob_path(&digest::sha256(&current[at])).unwrap_or_default(),
                current[at].clone(),
            ));
        }
    }
    if let Some(shape) = request.shape {
        if let Some((index, nested)) = reshape(&current[0], &current, &inputs, shape, &mut changes)
        {
            current[0] = index;
            added.extend(nested);
        }
    }
    references.retain(|r| r.input != "index.json");
    LayoutRepair {
        index_json: (current[0] != inputs[0].bytes).then(|| current[0].clone()),
        added,
        changes,
        references,
        refused: None,
    }
}

fn entries<'a>(analysed: &'a Analysed<'_>) -> &'a [Node<'a>] {
    analysed
        .root()
        .and_then(|r| r.get("manifests"))
        .and_then(|m| m.value.items())
        .unwrap_or_default()
}

/// `index.json` flattened (its one nested index's entries listed itself) or nested (its
/// entries moved into a new index it names); `None` when it has that shape already.
fn reshape(
    index: &[u8],
    current: &[Vec<u8>],
    inputs: &[Input],
    shape: IndexShape,
    changes: &mut Vec<String>,
) -> Option<(Vec<u8>, Vec<NewBlob>)> {
    let arena = crate::json::Arena::new();
    let analysed = Analysed::new(index, None, &arena);
    let array = &analysed.root()?.get("manifests")?.value;
    let items = array.items()?;
    let editor = Editor::new(&analysed.parsed.document);
    match shape {
        IndexShape::Flat => {
            let [only] = items else { return None };
            if !is_index(only) {
                return None;
            }
            let path = blob_path(text(only, "digest"))?;
            let nested = inputs.iter().position(|i| i.name == path)?;
            let nested_bytes = &current[nested];
            let arena = crate::json::Arena::new();
            let nested_analysed = Analysed::new(nested_bytes, None, &arena);
            let nested_array = &nested_analysed.root()?.get("manifests")?.value;
            let raw = String::from_utf8_lossy(&nested_bytes[nested_array.range.as_usize()]);
            let bytes = apply_edits(index, &[editor.replace(array, raw.into_owned())]).ok()?;
            changes.push(format!(
                "index.json /manifests: flattened: lists the entries of the nested index {} itself",
                text(only, "digest")
            ));
            Some((bytes, Vec::new()))
        }
        IndexShape::Nested => {
            if items.len() < 2 {
                return None;
            }
            let raw = String::from_utf8_lossy(&index[array.range.as_usize()]);
            let nested = format!(
                "{{\"schemaVersion\":2,\"mediaType\":\"{}\",\"manifests\":{raw}}}",
                mt::OCI_INDEX
            )
            .into_bytes();
            let digest_text = digest::sha256(&nested);
            let entry = format!(
                "[{{\"mediaType\":\"{}\",\"digest\":\"{digest_text}\",\"size\":{}}}]",
                mt::OCI_INDEX,
                nested.len()
            );
            let bytes = apply_edits(index, &[editor.replace(array, entry)]).ok()?;
            changes.push(format!(
                "index.json /manifests: nested: its {} entries moved into a new image index {digest_text}, which it names",
                items.len()
            ));
            Some((bytes, vec![(blob_path(&digest_text)?, nested)]))
        }
    }
}

#[cfg(test)]
mod tests;
