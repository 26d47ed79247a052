//! Splitting custom (non-filesystem) layers off an image: what moves, and the documents
//! written for it (an OCI 1.1 artifact whose `subject` is the image, and optionally an index
//! holding both).

use crate::json::{Document, Node};
use crate::spec::media_types as mt;

use super::generate::{self, Json};
use super::platform::platform_members;

/// What a split moves out of an image into an OCI 1.1 artifact whose `subject` is the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitOff {
    pub artifact_type: String,
    /// The moved layer descriptors, as they were in the image.
    pub(crate) layers: Vec<Json>,
}

impl SplitOff {
    /// Moves these layer descriptors of `document`, kept as they are written there.
    pub(crate) fn new(artifact_type: String, document: &Document<'_>, layers: &[&Node]) -> Self {
        SplitOff {
            artifact_type,
            layers: layers
                .iter()
                .map(|layer| Json::descriptor(document, layer, None))
                .collect(),
        }
    }

    /// How many layers move.
    pub fn layer_count(&self) -> usize {
        self.layers.len()
    }

    /// The artifact: `config` (the empty descriptor, or the user's), the moved layers, and
    /// the image as `subject`.
    pub(crate) fn artifact(&self, config: Json, image_media_type: &str, image: &[u8]) -> String {
        generate::document(vec![
            ("schemaVersion".into(), Json::number(2)),
            ("mediaType".into(), Json::str(mt::OCI_MANIFEST)),
            ("artifactType".into(), Json::str(&self.artifact_type)),
            ("config".into(), config),
            ("layers".into(), Json::Array(self.layers.clone())),
            (
                "subject".into(),
                Json::Object(generate::descriptor_of(image_media_type, image)),
            ),
        ])
        .render()
    }
}

/// An OCI index holding the image (with `platform` when one is given) and, without a
/// platform, each artifact.
pub(crate) fn split_index(
    image_media_type: &str,
    image: &[u8],
    platform: Option<&str>,
    artifacts: &[(String, String)],
) -> String {
    let mut entries = Vec::new();
    let mut image_entry = generate::descriptor_of(image_media_type, image);
    if let Some(platform) = platform.and_then(platform_members) {
        image_entry.push(("platform".into(), Json::Object(platform)));
    }
    entries.push(Json::Object(image_entry));
    for (artifact_type, artifact) in artifacts {
        let mut entry = generate::descriptor_of(mt::OCI_MANIFEST, artifact.as_bytes());
        entry.insert(1, ("artifactType".into(), Json::str(artifact_type)));
        entries.push(Json::Object(entry));
    }
    generate::document(vec![
        ("schemaVersion".into(), Json::number(2)),
        ("mediaType".into(), Json::str(mt::OCI_INDEX)),
        ("manifests".into(), Json::Array(entries)),
    ])
    .render()
}
