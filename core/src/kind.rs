//! Document kinds: which specification a document is read under, from a declared media type or,
//! failing that, from its fields.

use serde::{Deserialize, Serialize};

use crate::json::{Document, Node};

/// Media types by name; see [`crate::spec::media_types`].
pub use crate::spec::media_types as media_type;

/// What a document is. The serialized names are part of the CLI's JSON contract: extend the
/// list, never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    OciManifest,
    OciIndex,
    OciArtifactManifest,
    DockerManifest,
    DockerManifestList,
    DockerSchema1,
    OciConfig,
    DockerConfig,
    Descriptor,
    OciLayoutHeader,
    Unknown,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::OciManifest,
        Kind::OciIndex,
        Kind::OciArtifactManifest,
        Kind::DockerManifest,
        Kind::DockerManifestList,
        Kind::DockerSchema1,
        Kind::OciConfig,
        Kind::DockerConfig,
        Kind::Descriptor,
        Kind::OciLayoutHeader,
        Kind::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OciManifest => "oci-manifest",
            Kind::OciIndex => "oci-index",
            Kind::OciArtifactManifest => "oci-artifact-manifest",
            Kind::DockerManifest => "docker-manifest",
            Kind::DockerManifestList => "docker-manifest-list",
            Kind::DockerSchema1 => "docker-schema1",
            Kind::OciConfig => "oci-config",
            Kind::DockerConfig => "docker-config",
            Kind::Descriptor => "descriptor",
            Kind::OciLayoutHeader => "oci-layout-header",
            Kind::Unknown => "unknown",
        }
    }

    /// The kind in words, with its article, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::OciManifest => "an OCI image manifest",
            Kind::OciIndex => "an OCI image index",
            Kind::OciArtifactManifest => "a pre-release OCI artifact manifest",
            Kind::DockerManifest => "a Docker image manifest",
            Kind::DockerManifestList => "a Docker manifest list",
            Kind::DockerSchema1 => "a Docker schema 1 manifest",
            Kind::OciConfig => "an OCI image config",
            Kind::DockerConfig => "a Docker image config",
            Kind::Descriptor => "a descriptor",
            Kind::OciLayoutHeader => "an OCI layout header",
            Kind::Unknown => "a document of unknown kind",
        }
    }

    /// The media type this kind is identified by.
    pub fn media_type(self) -> Option<&'static str> {
        Some(match self {
            Kind::OciManifest => media_type::OCI_MANIFEST,
            Kind::OciIndex => media_type::OCI_INDEX,
            Kind::OciArtifactManifest => media_type::OCI_ARTIFACT_MANIFEST,
            Kind::DockerManifest => media_type::DOCKER_MANIFEST,
            Kind::DockerManifestList => media_type::DOCKER_MANIFEST_LIST,
            Kind::DockerSchema1 => media_type::DOCKER_SCHEMA1,
            Kind::OciConfig => media_type::OCI_CONFIG,
            Kind::DockerConfig => media_type::DOCKER_CONFIG,
            Kind::Descriptor => media_type::OCI_DESCRIPTOR,
            Kind::OciLayoutHeader => media_type::OCI_LAYOUT_HEADER,
            Kind::Unknown => return None,
        })
    }

    pub fn from_media_type(value: &str) -> Option<Kind> {
        use self::media_type as mt;
        Some(match value {
            mt::OCI_MANIFEST => Kind::OciManifest,
            mt::OCI_INDEX => Kind::OciIndex,
            mt::OCI_ARTIFACT_MANIFEST => Kind::OciArtifactManifest,
            mt::DOCKER_MANIFEST => Kind::DockerManifest,
            mt::DOCKER_MANIFEST_LIST => Kind::DockerManifestList,
            mt::DOCKER_SCHEMA1 | mt::DOCKER_SCHEMA1_SIGNED => Kind::DockerSchema1,
            mt::OCI_CONFIG => Kind::OciConfig,
            mt::DOCKER_CONFIG => Kind::DockerConfig,
            mt::OCI_DESCRIPTOR => Kind::Descriptor,
            mt::OCI_LAYOUT_HEADER => Kind::OciLayoutHeader,
            _ => return None,
        })
    }

    /// Manifests: documents with `config` and `layers`.
    pub fn is_image_manifest(self) -> bool {
        matches!(self, Kind::OciManifest | Kind::DockerManifest)
    }

    /// Whether a top-level `mediaType` names this document itself (manifests and indexes),
    /// rather than something it points at (a descriptor) or nothing defined (a config).
    pub fn declares_own_media_type(self) -> bool {
        !matches!(
            self,
            Kind::Descriptor | Kind::OciConfig | Kind::DockerConfig | Kind::OciLayoutHeader
        )
    }

    /// Indexes: documents with `manifests`.
    pub fn is_index(self) -> bool {
        matches!(self, Kind::OciIndex | Kind::DockerManifestList)
    }

    /// Image configs, OCI or Docker: documents whose top level holds the platform fields
    /// (`architecture`, `os`, …), `rootfs` and the execution parameters (`config`).
    pub fn is_config(self) -> bool {
        matches!(self, Kind::OciConfig | Kind::DockerConfig)
    }
}

/// Guesses the kind of a document that declares no media type, from its fields, the way
/// containers/image's `GuessMIMEType` and the registries' discriminators do.
///
/// The structure decides first whether the document is a descriptor, a config or a layout
/// header (whose `mediaType`, if any, names something else); for manifests and indexes a
/// declared `mediaType` of a known kind wins over the fields, and the ambiguity rules report
/// fields that contradict it.
pub fn detect(document: &Document<'_>, root: &Node) -> Kind {
    if root.members().is_none() {
        return Kind::Unknown;
    }
    let structural = detect_structure(document, root);
    if !structural.declares_own_media_type() {
        return structural;
    }
    root.get("mediaType")
        .and_then(|m| m.value.as_str())
        .and_then(Kind::from_media_type)
        .filter(|kind| kind.declares_own_media_type())
        .unwrap_or(structural)
}

fn detect_structure(document: &Document<'_>, root: &Node) -> Kind {
    let has = |key: &str| root.get(key).is_some();
    let schema_version = root
        .get("schemaVersion")
        .and_then(|m| document.integer(&m.value));
    if schema_version == Some(1) || has("fsLayers") || has("signatures") {
        return Kind::DockerSchema1;
    }
    if has("manifests") {
        return match root.get("mediaType").and_then(|m| m.value.as_str()) {
            Some(media_type::DOCKER_MANIFEST_LIST) => Kind::DockerManifestList,
            _ => Kind::OciIndex,
        };
    }
    if has("blobs") && !has("layers") {
        return Kind::OciArtifactManifest;
    }
    // An image config has a `config` member too (the container's settings), so it is told
    // apart first, by what no manifest has: `rootfs`, or `architecture` and `os`.
    if (has("rootfs") || (has("architecture") && has("os"))) && !has("layers") {
        return if has("container_config") || has("docker_version") {
            Kind::DockerConfig
        } else {
            Kind::OciConfig
        };
    }
    if has("config") || has("layers") {
        let config_type = root
            .get("config")
            .and_then(|c| c.value.get("mediaType"))
            .and_then(|m| m.value.as_str());
        return match config_type {
            Some(media_type::DOCKER_CONFIG) => Kind::DockerManifest,
            _ => Kind::OciManifest,
        };
    }
    if has("imageLayoutVersion") {
        return Kind::OciLayoutHeader;
    }
    if has("digest") && has("size") && has("mediaType") && !has("schemaVersion") {
        return Kind::Descriptor;
    }
    Kind::Unknown
}

/// The media type a document of a detected kind is identified by; a Docker schema 1
/// manifest with `signatures` is the signed (`+prettyjws`) type.
pub fn detected_media_type(kind: Kind, root: &Node) -> Option<&'static str> {
    match kind {
        Kind::DockerSchema1 if root.get("signatures").is_some() => {
            Some(media_type::DOCKER_SCHEMA1_SIGNED)
        }
        kind => kind.media_type(),
    }
}
