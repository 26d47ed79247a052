//! BuildKit's registry cache as an OCI image manifest (`--export-cache
//! type=registry,image-manifest=true`): the cache config blob becomes the config and every
//! other list entry a layer. Registries that refuse a Docker list of blobs accept this form.

use crate::json::{Document, Node};
use crate::spec::media_types as mt;

use super::generate::{self, Json};

/// The cache manifest for a BuildKit cache list, or `None` when this is not one (no entry is
/// the cache config blob).
pub(crate) fn cache_manifest(document: &Document<'_>, root: &Node) -> Option<String> {
    let entries = root.get("manifests")?.value.items()?;
    let is_config = |entry: &Node| {
        entry.get("mediaType").and_then(|m| m.value.as_str()) == Some(mt::BUILDKIT_CACHE_CONFIG)
    };
    let config = entries.iter().find(|e| is_config(e))?;
    let layers = entries
        .iter()
        .filter(|e| !is_config(e))
        .map(|entry| {
            // Docker layer types become their OCI names (same blobs); anything else stays.
            let oci = entry
                .get("mediaType")
                .and_then(|m| m.value.as_str())
                .and_then(mt::docker_to_oci);
            without_platform(Json::descriptor(document, entry, oci))
        })
        .collect();
    Some(
        generate::document(vec![
            ("schemaVersion".into(), Json::number(2)),
            ("mediaType".into(), Json::str(mt::OCI_MANIFEST)),
            (
                "config".into(),
                without_platform(Json::descriptor(document, config, None)),
            ),
            ("layers".into(), Json::Array(layers)),
        ])
        .render(),
    )
}

/// Blobs have no platform: a list entry's `platform` does not carry over to a layer.
fn without_platform(descriptor: Json) -> Json {
    match descriptor {
        Json::Object(members) => Json::Object(
            members
                .into_iter()
                .filter(|(key, _)| key != "platform")
                .collect(),
        ),
        other => other,
    }
}
