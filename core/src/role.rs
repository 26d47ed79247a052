//! What a document is for, beyond its kind: an image, or something that hangs off one (a
//! signature, an attestation, an SBOM, a SOCI index…), and by which convention the tool that
//! wrote it attached it. Read from the document's own fields only: what it is attached *to*
//! is [`Recognised::subject`] when the document says so (OCI `subject`), and otherwise the
//! business of whoever holds the link (an index entry's annotations, a tag name).

use serde::{Deserialize, Serialize};

use crate::json::Node;
use crate::kind::Kind;
use crate::spec::media_types as mt;

/// What a document is for. Serialized in the report beside `kind`; extend, never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
// `Role` in the schema and the TypeScript types is the rewrite output's role.
#[cfg_attr(feature = "schema", schemars(rename = "DocumentRole"))]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A runnable image: filesystem layers.
    Image,
    /// An index of images (and of what hangs off them).
    Index,
    /// An index listing referrers (each entry with its `artifactType`): the referrers API's
    /// answer, or the index a client keeps under the `<alg>-<hex>` fallback tag.
    ReferrersIndex,
    /// An image config.
    Config,
    /// A signature over another document (cosign, Notary Project, Sigstore bundle).
    Signature,
    /// An in-toto attestation (provenance, SBOM as a predicate, vulnerability scan…).
    Attestation,
    /// A software bill of materials stored as such (SPDX, CycloneDX, Syft).
    Sbom,
    /// A SOCI index, for lazy loading an image.
    SociIndex,
    /// A Helm chart.
    HelmChart,
    /// Any other artifact.
    Artifact,
    /// A descriptor, a layout header, or a document of unknown kind.
    Other,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Image => "image",
            Role::Index => "index",
            Role::ReferrersIndex => "referrers-index",
            Role::Config => "config",
            Role::Signature => "signature",
            Role::Attestation => "attestation",
            Role::Sbom => "sbom",
            Role::SociIndex => "soci-index",
            Role::HelmChart => "helm-chart",
            Role::Artifact => "artifact",
            Role::Other => "other",
        }
    }

    /// Something that hangs off another document rather than standing alone.
    pub fn is_attachment(self) -> bool {
        matches!(
            self,
            Role::Signature | Role::Attestation | Role::Sbom | Role::SociIndex | Role::Artifact
        )
    }
}

/// Which tool's convention a document follows. Serialized in the report; extend, never
/// rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Convention {
    /// BuildKit's attestation manifest, an index entry annotated
    /// `vnd.docker.reference.type: attestation-manifest` (image config, in-toto layers).
    Buildkit,
    /// BuildKit's attestation manifest as an OCI artifact (v0.32's default): `artifactType`
    /// `application/vnd.docker.attestation.manifest.v1+json`, the empty config, a `subject`,
    /// and still an entry of the index with the annotations.
    BuildkitReferrer,
    /// An in-toto attestation as an OCI referrer (`subject`) of another tool.
    InTotoReferrer,
    /// cosign's simple signing signature manifest (`sha256-<hex>.sig` tag or `subject`).
    CosignSimpleSigning,
    /// cosign's DSSE attestation manifest (`sha256-<hex>.att` tag or `subject`).
    CosignDsse,
    /// cosign's attached SBOM (`sha256-<hex>.sbom` tag).
    CosignSbom,
    /// A Sigstore bundle (v0.3) as an OCI referrer: cosign v3's signatures and attestations.
    SigstoreBundle,
    /// A Notary Project (notation) signature.
    Notation,
    /// SOCI index manifest v1: a referrer of the image (`subject`).
    SociV1,
    /// SOCI index manifest v2: an entry of a SOCI-enabled image's index, no `subject`.
    SociV2,
    /// A Helm chart as OCI artifact.
    Helm,
    /// Files pushed by ORAS without a config: `application/vnd.unknown.config.v1+json`, each
    /// file a tar layer named by `org.opencontainers.image.title`.
    Oras,
    /// Any other OCI artifact: `artifactType` or a config type of its own, perhaps a
    /// `subject`.
    OciArtifact,
}

impl Convention {
    pub fn as_str(self) -> &'static str {
        match self {
            Convention::Buildkit => "buildkit",
            Convention::BuildkitReferrer => "buildkit-referrer",
            Convention::InTotoReferrer => "in-toto-referrer",
            Convention::CosignSimpleSigning => "cosign-simple-signing",
            Convention::CosignDsse => "cosign-dsse",
            Convention::CosignSbom => "cosign-sbom",
            Convention::SigstoreBundle => "sigstore-bundle",
            Convention::Notation => "notation",
            Convention::SociV1 => "soci-v1",
            Convention::SociV2 => "soci-v2",
            Convention::Helm => "helm",
            Convention::Oras => "oras",
            Convention::OciArtifact => "oci-artifact",
        }
    }

    /// Conventions whose manifests, by design, wear an image config over layers that are not
    /// filesystems (cosign before v3, BuildKit's attestation manifests): known shapes, not
    /// malformed images.
    pub fn wears_image_config(self) -> bool {
        matches!(
            self,
            Convention::Buildkit
                | Convention::CosignSimpleSigning
                | Convention::CosignDsse
                | Convention::CosignSbom
        )
    }
}

/// An SBOM's format, from its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SbomFormat {
    Spdx,
    Cyclonedx,
    Syft,
}

impl SbomFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SbomFormat::Spdx => "spdx",
            SbomFormat::Cyclonedx => "cyclonedx",
            SbomFormat::Syft => "syft",
        }
    }

    /// The format a media type names, parameters and structured suffixes aside.
    pub fn of_media_type(media_type: &str) -> Option<SbomFormat> {
        let essence = media_type.split(';').next().unwrap_or("").trim();
        match essence {
            "text/spdx"
            | "application/spdx+json"
            | "text/spdx+json"
            | "text/spdx+xml"
            | "application/spdx+xml"
            | "text/spdx+tag-value" => Some(SbomFormat::Spdx),
            "application/vnd.cyclonedx"
            | "application/vnd.cyclonedx+json"
            | "application/vnd.cyclonedx+xml" => Some(SbomFormat::Cyclonedx),
            "application/vnd.syft+json" => Some(SbomFormat::Syft),
            _ => None,
        }
    }

    /// The format an in-toto predicate type names (BuildKit's and cosign's SBOM predicates).
    pub fn of_predicate_type(predicate_type: &str) -> Option<SbomFormat> {
        if predicate_type.starts_with("https://spdx.dev/Document") {
            Some(SbomFormat::Spdx)
        } else if predicate_type.starts_with("https://cyclonedx.org/bom") {
            Some(SbomFormat::Cyclonedx)
        } else if predicate_type.starts_with("https://syft.dev/bom") {
            Some(SbomFormat::Syft)
        } else {
            None
        }
    }
}

/// cosign's simple signing payload.
pub const COSIGN_SIMPLE_SIGNING: &str = "application/vnd.dev.cosign.simplesigning.v1+json";
/// A DSSE envelope (cosign attestations).
pub const DSSE_ENVELOPE: &str = "application/vnd.dsse.envelope.v1+json";
/// The Notary Project signature's config type and `artifactType`.
pub const NOTARY_SIGNATURE: &str = "application/vnd.cncf.notary.signature";
pub const SOCI_INDEX_V1: &str = "application/vnd.amazon.soci.index.v1+json";
pub const SOCI_INDEX_V2: &str = "application/vnd.amazon.soci.index.v2+json";
pub const HELM_CONFIG: &str = "application/vnd.cncf.helm.config.v1+json";
/// The config type ORAS gives files pushed without a config (oras-go's `MediaTypeUnknownConfig`).
pub const ORAS_UNKNOWN_CONFIG: &str = "application/vnd.unknown.config.v1+json";
/// BuildKit's attestation manifest config type in its storage document (the manifests it
/// writes use the image config type).
pub const DOCKER_ATTESTATION_CONFIG: &str = "application/vnd.docker.attestation.config.v1+json";
/// The `artifactType` of BuildKit's attestation manifests as OCI artifacts (v0.32).
pub const DOCKER_ATTESTATION_MANIFEST: &str = "application/vnd.docker.attestation.manifest.v1+json";
/// Sigstore bundle v0.3, the `artifactType` of cosign v3's referrers.
pub const SIGSTORE_BUNDLE_V03: &str = "application/vnd.dev.sigstore.bundle.v0.3+json";
/// The predicate type cosign v3 gives a plain signature in a Sigstore bundle.
pub const COSIGN_SIGN_PREDICATE: &str = "https://sigstore.dev/cosign/sign/v1";
/// BuildKit's index-entry annotations for attestation manifests.
pub const REFERENCE_TYPE: &str = "vnd.docker.reference.type";
pub const REFERENCE_DIGEST: &str = "vnd.docker.reference.digest";
pub const ATTESTATION_MANIFEST: &str = "attestation-manifest";
/// The predicate type on a layer: BuildKit's annotation, and cosign's.
pub const IN_TOTO_PREDICATE_TYPE: &str = "in-toto.io/predicate-type";
pub const COSIGN_PREDICATE_TYPE: &str = "predicateType";
/// cosign v3 names the bundle's predicate type on the manifest.
pub const SIGSTORE_BUNDLE_PREDICATE_TYPE: &str = "dev.sigstore.bundle.predicateType";
/// SOCI v2: the index entry of a SOCI index names its image with this annotation.
pub const SOCI_IMAGE_MANIFEST_DIGEST: &str = "com.amazon.soci.image-manifest-digest";
/// SOCI v2: on a SOCI-enabled image manifest (and copied onto its descriptor in the image
/// index), the digest of its SOCI index (soci-snapshotter's `soci/soci_convert.go`).
pub const SOCI_INDEX_DIGEST: &str = "com.amazon.soci.index-digest";

/// What a document is, as far as its own bytes tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognised {
    pub role: Role,
    pub convention: Option<Convention>,
    /// Its `artifactType`, else the config's type when that is an artifact's own.
    pub artifact_type: Option<String>,
    /// The in-toto predicate types its layers (or its annotations) name, in order, once each.
    pub predicate_types: Vec<String>,
    /// SBOM formats it carries, as layers or as SBOM predicates.
    pub sbom_formats: Vec<SbomFormat>,
    /// The digest its `subject` names.
    pub subject: Option<String>,
}

impl Recognised {
    /// What a document that is not JSON is: nothing known.
    pub fn nothing() -> Self {
        Recognised {
            role: Role::Other,
            convention: None,
            artifact_type: None,
            predicate_types: Vec::new(),
            sbom_formats: Vec::new(),
            subject: None,
        }
    }
}

fn text<'a>(node: &'a Node<'a>, key: &str) -> Option<&'a str> {
    node.get(key).and_then(|m| m.value.as_str())
}

fn push_once<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Recognises what a document of `kind` with this `root` is for.
pub fn recognise(kind: Kind, root: &Node) -> Recognised {
    let mut found = Recognised {
        subject: root
            .get("subject")
            .and_then(|s| text(&s.value, "digest"))
            .map(str::to_owned),
        ..Recognised::nothing()
    };
    match kind {
        Kind::OciManifest | Kind::DockerManifest | Kind::OciArtifactManifest => {
            recognise_manifest(root, &mut found)
        }
        Kind::OciIndex | Kind::DockerManifestList => {
            let entries = root
                .get("manifests")
                .and_then(|m| m.value.items())
                .unwrap_or(&[]);
            let typed = entries
                .iter()
                .filter(|e| text(e, "artifactType").is_some())
                .count();
            found.role = if !entries.is_empty() && typed == entries.len() {
                Role::ReferrersIndex
            } else {
                Role::Index
            };
            found.artifact_type = text(root, "artifactType").map(str::to_owned);
        }
        Kind::OciConfig | Kind::DockerConfig => found.role = Role::Config,
        Kind::DockerSchema1 => found.role = Role::Image,
        Kind::Descriptor | Kind::OciLayoutHeader | Kind::Unknown => {}
    }
    found
}

fn recognise_manifest(root: &Node, found: &mut Recognised) {
    let config_type = root
        .get("config")
        .and_then(|c| text(&c.value, "mediaType"))
        .unwrap_or("");
    let artifact_type = text(root, "artifactType");
    let layers = root
        .get("layers")
        .or_else(|| root.get("blobs"))
        .and_then(|l| l.value.items())
        .unwrap_or(&[]);
    let layer_types: Vec<&str> = layers.iter().filter_map(|l| text(l, "mediaType")).collect();
    for layer in layers {
        let annotations = layer.get("annotations").map(|a| &a.value);
        let predicate = annotations.and_then(|a| {
            text(a, IN_TOTO_PREDICATE_TYPE).or_else(|| text(a, COSIGN_PREDICATE_TYPE))
        });
        if let Some(predicate) = predicate {
            push_once(&mut found.predicate_types, predicate.to_owned());
            if let Some(format) = SbomFormat::of_predicate_type(predicate) {
                push_once(&mut found.sbom_formats, format);
            }
        }
        if let Some(format) = text(layer, "mediaType").and_then(SbomFormat::of_media_type) {
            push_once(&mut found.sbom_formats, format);
        }
    }
    let bundle_predicate = root
        .get("annotations")
        .and_then(|a| text(&a.value, SIGSTORE_BUNDLE_PREDICATE_TYPE));
    let has_subject = found.subject.is_some();
    let image_config = config_type == mt::OCI_CONFIG || config_type == mt::DOCKER_CONFIG;
    let all = |wanted: &dyn Fn(&str) -> bool| {
        !layer_types.is_empty() && layer_types.iter().all(|t| wanted(t))
    };
    let any = |wanted: &str| layer_types.contains(&wanted);
    let typed = |value: &str| artifact_type == Some(value) || config_type == value;

    let (role, convention) = if typed(SIGSTORE_BUNDLE_V03)
        || artifact_type.is_some_and(|t| t.starts_with("application/vnd.dev.sigstore.bundle"))
    {
        if let Some(predicate) = bundle_predicate {
            push_once(&mut found.predicate_types, predicate.to_owned());
        }
        let signature = bundle_predicate.is_none_or(|p| p == COSIGN_SIGN_PREDICATE);
        let role = if signature {
            Role::Signature
        } else {
            Role::Attestation
        };
        (role, Some(Convention::SigstoreBundle))
    } else if typed(NOTARY_SIGNATURE) {
        (Role::Signature, Some(Convention::Notation))
    } else if typed(SOCI_INDEX_V1) {
        (Role::SociIndex, Some(Convention::SociV1))
    } else if typed(SOCI_INDEX_V2) {
        (Role::SociIndex, Some(Convention::SociV2))
    } else if config_type == HELM_CONFIG {
        (Role::HelmChart, Some(Convention::Helm))
    } else if config_type == ORAS_UNKNOWN_CONFIG && artifact_type.is_none() {
        (Role::Artifact, Some(Convention::Oras))
    } else if any(COSIGN_SIMPLE_SIGNING) {
        (Role::Signature, Some(Convention::CosignSimpleSigning))
    } else if any(DSSE_ENVELOPE) {
        (Role::Attestation, Some(Convention::CosignDsse))
    } else if artifact_type == Some(DOCKER_ATTESTATION_MANIFEST) {
        (Role::Attestation, Some(Convention::BuildkitReferrer))
    } else if all(&|t| t == mt::IN_TOTO) {
        let convention = if has_subject {
            Convention::InTotoReferrer
        } else {
            Convention::Buildkit
        };
        (Role::Attestation, Some(convention))
    } else if config_type == DOCKER_ATTESTATION_CONFIG {
        (Role::Attestation, Some(Convention::Buildkit))
    } else if all(&|t| SbomFormat::of_media_type(t).is_some())
        || artifact_type.is_some_and(|t| SbomFormat::of_media_type(t).is_some())
    {
        let convention = if has_subject || !image_config {
            Convention::OciArtifact
        } else {
            Convention::CosignSbom
        };
        (Role::Sbom, Some(convention))
    } else if artifact_type.is_some()
        || has_subject
        || !(image_config || config_type.is_empty())
        || layer_types.iter().any(|t| !is_filesystem_layer(t)) && !layer_types.is_empty()
    {
        let filesystem = !layer_types.is_empty()
            && layer_types.iter().all(|t| is_filesystem_layer(t))
            && image_config;
        if filesystem && artifact_type.is_none() {
            // An image with a `subject` (a derived image, a patched one): still an image.
            (Role::Image, None)
        } else {
            (Role::Artifact, Some(Convention::OciArtifact))
        }
    } else {
        (Role::Image, None)
    };
    found.role = role;
    found.convention = convention;
    found.artifact_type = artifact_type
        .map(str::to_owned)
        .or_else(|| (!image_config && !config_type.is_empty()).then(|| config_type.to_owned()))
        .filter(|t| t != mt::OCI_EMPTY);
}

/// Layers a runtime unpacks: OCI and Docker filesystem layers, in any compression, and
/// foreign or non-distributable ones.
fn is_filesystem_layer(media_type: &str) -> bool {
    media_type.starts_with("application/vnd.oci.image.layer.")
        || media_type.starts_with("application/vnd.docker.image.rootfs.")
}

/// The image a cosign tag (`sha256-<hex>.sig`, `.att`, `.sbom`) or a referrers fallback tag
/// (`sha256-<hex>`) names, from a name that ends with it (a file name, `.json` aside, or a
/// reference): the digest and whether it is cosign's tag.
pub fn digest_from_tag(name: &str) -> Option<(String, TagKind)> {
    let base = name.rsplit(['/', '\\', ':']).next().unwrap_or(name);
    let base = base.strip_suffix(".json").unwrap_or(base);
    let (stem, kind) = if let Some(stem) = base.strip_suffix(".sig") {
        (stem, TagKind::CosignSignature)
    } else if let Some(stem) = base.strip_suffix(".att") {
        (stem, TagKind::CosignAttestation)
    } else if let Some(stem) = base.strip_suffix(".sbom") {
        (stem, TagKind::CosignSbom)
    } else {
        (base, TagKind::ReferrersFallback)
    };
    let hex = stem.strip_prefix("sha256-")?;
    (hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then(|| (format!("sha256:{hex}"), kind))
}

/// Which tag convention a name follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    CosignSignature,
    CosignAttestation,
    CosignSbom,
    ReferrersFallback,
}

#[cfg(test)]
mod tests {
    use super::*;
    fn of(text: &str) -> Recognised {
        let arena = crate::json::Arena::new();
        let analysed = crate::rules::Analysed::new(text.as_bytes(), None, &arena);
        recognise(analysed.detected, analysed.root().expect("JSON"))
    }

    #[test]
    fn the_conventions_are_told_apart() {
        let empty = r#"{"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}"#;
        let image_config = r#"{"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}"#;
        let layer = |media_type: &str, annotations: &str| {
            format!(
                r#"{{"mediaType": "{media_type}", "digest": "sha256:{}", "size": 1{annotations}}}"#,
                "a".repeat(64)
            )
        };
        let manifest = |config: &str, artifact: &str, layers: &[String], extra: &str| {
            format!(
                r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json"{artifact}, "config": {config}, "layers": [{}]{extra}}}"#,
                layers.join(", ")
            )
        };
        let subject = format!(
            r#", "subject": {{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:{}", "size": 1}}"#,
            "b".repeat(64)
        );
        let cases = [
            (
                manifest(image_config, "", &[layer(mt::OCI_LAYER_GZIP, "")], ""),
                Role::Image,
                None,
            ),
            (
                manifest(image_config, "", &[layer(COSIGN_SIMPLE_SIGNING, "")], ""),
                Role::Signature,
                Some(Convention::CosignSimpleSigning),
            ),
            (
                manifest(
                    image_config,
                    "",
                    &[layer(
                        DSSE_ENVELOPE,
                        r#", "annotations": {"predicateType": "https://slsa.dev/provenance/v0.2"}"#,
                    )],
                    "",
                ),
                Role::Attestation,
                Some(Convention::CosignDsse),
            ),
            (
                manifest(image_config, "", &[layer(mt::IN_TOTO, "")], ""),
                Role::Attestation,
                Some(Convention::Buildkit),
            ),
            (
                manifest(
                    empty,
                    r#", "artifactType": "application/vnd.docker.attestation.manifest.v1+json""#,
                    &[layer(mt::IN_TOTO, "")],
                    &subject,
                ),
                Role::Attestation,
                Some(Convention::BuildkitReferrer),
            ),
            (
                manifest(
                    empty,
                    r#", "artifactType": "application/vnd.in-toto+json""#,
                    &[layer(mt::IN_TOTO, "")],
                    &subject,
                ),
                Role::Attestation,
                Some(Convention::InTotoReferrer),
            ),
            (
                manifest(
                    empty,
                    r#", "artifactType": "application/spdx+json""#,
                    &[layer("application/spdx+json", "")],
                    &subject,
                ),
                Role::Sbom,
                Some(Convention::OciArtifact),
            ),
            (
                manifest(
                    image_config,
                    "",
                    &[
                        layer("text/spdx", ""),
                        layer("application/vnd.cyclonedx", ""),
                    ],
                    "",
                ),
                Role::Sbom,
                Some(Convention::CosignSbom),
            ),
            (
                manifest(
                    empty,
                    r#", "artifactType": "application/vnd.dev.sigstore.bundle.v0.3+json""#,
                    &[layer(SIGSTORE_BUNDLE_V03, "")],
                    &format!(
                        r#"{subject}, "annotations": {{"dev.sigstore.bundle.predicateType": "https://slsa.dev/provenance/v1"}}"#
                    ),
                ),
                Role::Attestation,
                Some(Convention::SigstoreBundle),
            ),
            (
                manifest(
                    empty,
                    r#", "artifactType": "application/vnd.dev.sigstore.bundle.v0.3+json""#,
                    &[layer(SIGSTORE_BUNDLE_V03, "")],
                    &format!(
                        r#"{subject}, "annotations": {{"dev.sigstore.bundle.predicateType": "https://sigstore.dev/cosign/sign/v1"}}"#
                    ),
                ),
                Role::Signature,
                Some(Convention::SigstoreBundle),
            ),
            (
                manifest(
                    empty,
                    r#", "artifactType": "application/vnd.amazon.soci.index.v2+json""#,
                    &[layer(mt::OCTET_STREAM, "")],
                    "",
                ),
                Role::SociIndex,
                Some(Convention::SociV2),
            ),
            (
                manifest(
                    empty,
                    r#", "artifactType": "application/vnd.example.thing""#,
                    &[layer(mt::OCTET_STREAM, "")],
                    "",
                ),
                Role::Artifact,
                Some(Convention::OciArtifact),
            ),
            (
                manifest(image_config, "", &[layer(mt::OCI_LAYER_GZIP, "")], &subject),
                Role::Image,
                None,
            ),
        ];
        for (text, role, convention) in cases {
            let found = of(&text);
            assert_eq!((found.role, found.convention), (role, convention), "{text}");
        }
    }

    #[test]
    fn predicate_types_and_sbom_formats_are_read_from_layers() {
        let found = of(
            r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:a781560066f20ec9c28f2115a95a886e5e71c7c7aa9d8fd680678498b82f3ea3", "size": 123}, "layers": [{"mediaType": "application/vnd.in-toto+json", "digest": "sha256:133ae3f9bcc385295b66c2d83b28c25a9f294ce20954d5cf922dda860429734a", "size": 1234, "annotations": {"in-toto.io/predicate-type": "https://spdx.dev/Document"}}, {"mediaType": "application/vnd.in-toto+json", "digest": "sha256:133ae3f9bcc385295b66c2d83b28c25a9f294ce20954d5cf922dda860429734b", "size": 1234, "annotations": {"in-toto.io/predicate-type": "https://slsa.dev/provenance/v0.2"}}]}"#,
        );
        assert_eq!(
            found.predicate_types,
            [
                "https://spdx.dev/Document",
                "https://slsa.dev/provenance/v0.2"
            ]
        );
        assert_eq!(found.sbom_formats, [SbomFormat::Spdx]);
    }

    #[test]
    fn tags_name_their_image() {
        let hex = "a2b109fb9baea555556561317fdd13cef9c3dfac22c8f8fea0c5a0b06ece9d00";
        assert_eq!(
            digest_from_tag(&format!("dir/sha256-{hex}.sig.json")),
            Some((format!("sha256:{hex}"), TagKind::CosignSignature))
        );
        assert_eq!(
            digest_from_tag(&format!("ghcr.io/x/y:sha256-{hex}")),
            Some((format!("sha256:{hex}"), TagKind::ReferrersFallback))
        );
        assert_eq!(digest_from_tag("sha256-abc.sig"), None);
        assert_eq!(digest_from_tag("index.json"), None);
    }
}
