//! Media types: the names, their grammar (RFC 6838 as image-spec's schema writes it), which
//! family each belongs to, and the Docker ↔ OCI mapping (spec-rules §2.1).

pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
/// Only in image-spec v1.1.0-rc1…rc3; withdrawn before 1.1.0.
pub const OCI_ARTIFACT_MANIFEST: &str = "application/vnd.oci.artifact.manifest.v1+json";
pub const OCI_LAYOUT_HEADER: &str = "application/vnd.oci.layout.header.v1+json";
pub const OCI_DESCRIPTOR: &str = "application/vnd.oci.descriptor.v1+json";
/// The empty JSON object `{}` used as a placeholder config or layer (image-spec 1.1).
pub const OCI_EMPTY: &str = "application/vnd.oci.empty.v1+json";
/// v1.1.0-rc3's name for [`OCI_EMPTY`], renamed in rc4.
pub const OCI_SCRATCH_PRERELEASE: &str = "application/vnd.oci.scratch.v1+json";

pub const OCI_LAYER_TAR: &str = "application/vnd.oci.image.layer.v1.tar";
pub const OCI_LAYER_GZIP: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
pub const OCI_LAYER_ZSTD: &str = "application/vnd.oci.image.layer.v1.tar+zstd";
pub const OCI_NONDISTRIBUTABLE_TAR: &str =
    "application/vnd.oci.image.layer.nondistributable.v1.tar";
pub const OCI_NONDISTRIBUTABLE_GZIP: &str =
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
pub const OCI_NONDISTRIBUTABLE_ZSTD: &str =
    "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
pub const DOCKER_MANIFEST_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
pub const DOCKER_SCHEMA1: &str = "application/vnd.docker.distribution.manifest.v1+json";
pub const DOCKER_SCHEMA1_SIGNED: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";
pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
pub const DOCKER_PLUGIN_CONFIG: &str = "application/vnd.docker.plugin.v1+json";
pub const DOCKER_LAYER_GZIP: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";
/// Not in the Docker spec; used by containerd, go-containerregistry and containers/image.
pub const DOCKER_LAYER_TAR: &str = "application/vnd.docker.image.rootfs.diff.tar";
/// Not in the Docker spec; containerd writes it, containers/image refuses it.
pub const DOCKER_LAYER_ZSTD: &str = "application/vnd.docker.image.rootfs.diff.tar.zstd";
pub const DOCKER_FOREIGN_GZIP: &str = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
/// Not in the Docker spec; containerd knows it.
pub const DOCKER_FOREIGN_TAR: &str = "application/vnd.docker.image.rootfs.foreign.diff.tar";

/// BuildKit's registry-cache config blob.
pub const BUILDKIT_CACHE_CONFIG: &str = "application/vnd.buildkit.cacheconfig.v0";
pub const IN_TOTO: &str = "application/vnd.in-toto+json";
/// Generic binary content (RFC 2046).
pub const OCTET_STREAM: &str = "application/octet-stream";

/// Every media type ocilint knows by name.
pub const ALL: [&str; 28] = [
    OCI_MANIFEST,
    OCI_INDEX,
    OCI_CONFIG,
    OCI_ARTIFACT_MANIFEST,
    OCI_LAYOUT_HEADER,
    OCI_DESCRIPTOR,
    OCI_EMPTY,
    OCI_SCRATCH_PRERELEASE,
    OCI_LAYER_TAR,
    OCI_LAYER_GZIP,
    OCI_LAYER_ZSTD,
    OCI_NONDISTRIBUTABLE_TAR,
    OCI_NONDISTRIBUTABLE_GZIP,
    OCI_NONDISTRIBUTABLE_ZSTD,
    DOCKER_MANIFEST,
    DOCKER_MANIFEST_LIST,
    DOCKER_SCHEMA1,
    DOCKER_SCHEMA1_SIGNED,
    DOCKER_CONFIG,
    DOCKER_PLUGIN_CONFIG,
    DOCKER_LAYER_GZIP,
    DOCKER_LAYER_TAR,
    DOCKER_LAYER_ZSTD,
    DOCKER_FOREIGN_GZIP,
    DOCKER_FOREIGN_TAR,
    BUILDKIT_CACHE_CONFIG,
    IN_TOTO,
    OCTET_STREAM,
];

/// `sha256` of the 2-byte `{}`: the empty descriptor's digest.
pub const EMPTY_JSON_DIGEST: &str =
    "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
/// `sha256` of zero bytes.
pub const EMPTY_BLOB_DIGEST: &str =
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Which specification a media type belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Oci,
    Docker,
    /// Anything else: artifact types, vendor types.
    Other,
}

pub fn family(media_type: &str) -> Family {
    if media_type.starts_with("application/vnd.oci.") {
        Family::Oci
    } else if media_type.starts_with("application/vnd.docker.") {
        Family::Docker
    } else {
        Family::Other
    }
}

/// What a descriptor's media type says the blob is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Manifest,
    Index,
    ImageConfig,
    Layer,
    Empty,
    Other,
}

pub fn role(media_type: &str) -> Role {
    match media_type {
        OCI_MANIFEST
        | DOCKER_MANIFEST
        | OCI_ARTIFACT_MANIFEST
        | DOCKER_SCHEMA1
        | DOCKER_SCHEMA1_SIGNED => Role::Manifest,
        OCI_INDEX | DOCKER_MANIFEST_LIST => Role::Index,
        OCI_CONFIG | DOCKER_CONFIG => Role::ImageConfig,
        OCI_EMPTY => Role::Empty,
        mt if is_image_layer(mt) => Role::Layer,
        _ => Role::Other,
    }
}

/// Layer types that image runtimes know how to unpack.
pub const IMAGE_LAYER_TYPES: [&str; 11] = [
    OCI_LAYER_TAR,
    OCI_LAYER_GZIP,
    OCI_LAYER_ZSTD,
    OCI_NONDISTRIBUTABLE_TAR,
    OCI_NONDISTRIBUTABLE_GZIP,
    OCI_NONDISTRIBUTABLE_ZSTD,
    DOCKER_LAYER_GZIP,
    DOCKER_LAYER_TAR,
    DOCKER_LAYER_ZSTD,
    DOCKER_FOREIGN_GZIP,
    DOCKER_FOREIGN_TAR,
];

pub fn is_image_layer(media_type: &str) -> bool {
    IMAGE_LAYER_TYPES.contains(&media_type)
}

/// OCI non-distributable layer types, deprecated in image-spec 1.1.
pub fn is_oci_nondistributable(media_type: &str) -> bool {
    matches!(
        media_type,
        OCI_NONDISTRIBUTABLE_TAR | OCI_NONDISTRIBUTABLE_GZIP | OCI_NONDISTRIBUTABLE_ZSTD
    )
}

pub fn is_docker_foreign(media_type: &str) -> bool {
    matches!(media_type, DOCKER_FOREIGN_GZIP | DOCKER_FOREIGN_TAR)
}

/// The standard Docker schema 2 layer types (the spec's own list).
pub fn is_standard_docker_layer(media_type: &str) -> bool {
    matches!(media_type, DOCKER_LAYER_GZIP | DOCKER_FOREIGN_GZIP)
}

/// (Docker, OCI) pairs that name the same thing (spec-rules §2.1). Each converts losslessly
/// at the descriptor level: the blob and its digest stay.
pub const DOCKER_OCI_PAIRS: [(&str, &str); 8] = [
    (DOCKER_MANIFEST, OCI_MANIFEST),
    (DOCKER_MANIFEST_LIST, OCI_INDEX),
    (DOCKER_CONFIG, OCI_CONFIG),
    (DOCKER_LAYER_GZIP, OCI_LAYER_GZIP),
    (DOCKER_LAYER_TAR, OCI_LAYER_TAR),
    (DOCKER_LAYER_ZSTD, OCI_LAYER_ZSTD),
    (DOCKER_FOREIGN_GZIP, OCI_NONDISTRIBUTABLE_GZIP),
    (DOCKER_FOREIGN_TAR, OCI_NONDISTRIBUTABLE_TAR),
];

/// The OCI name of a Docker media type.
pub fn docker_to_oci(media_type: &str) -> Option<&'static str> {
    DOCKER_OCI_PAIRS
        .iter()
        .find(|(docker, _)| *docker == media_type)
        .map(|(_, oci)| *oci)
}

/// The Docker name of an OCI media type. `+zstd` layers have no standard Docker name and
/// map to the non-standard one containerd uses; callers that need the Docker spec's own
/// types check [`is_standard_docker_layer`].
pub fn oci_to_docker(media_type: &str) -> Option<&'static str> {
    DOCKER_OCI_PAIRS
        .iter()
        .find(|(_, oci)| *oci == media_type)
        .map(|(docker, _)| *docker)
}

/// Why a string is not a media type under image-spec's schema pattern
/// `^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$`
/// (RFC 6838 §4.2 restricted names; no parameters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxError {
    Empty,
    NoSlash,
    Parameters,
    BadFirst {
        part: &'static str,
    },
    BadChar {
        part: &'static str,
        at: usize,
        found: char,
    },
    TooLong {
        part: &'static str,
        len: usize,
    },
}

impl SyntaxError {
    pub fn describe(&self) -> String {
        match self {
            SyntaxError::Empty => "is empty".into(),
            SyntaxError::NoSlash => "has no `/` between type and subtype".into(),
            SyntaxError::Parameters => {
                "has parameters (`;`), which media-type fields must not carry".into()
            }
            SyntaxError::BadFirst { part } => {
                format!("has a {part} that does not start with a letter or digit")
            }
            SyntaxError::BadChar { part, found, .. } => format!(
                "has `{found}` in its {part}; allowed are letters, digits and ! # $ & - ^ _ . +"
            ),
            SyntaxError::TooLong { part, len } => {
                format!("has a {len}-character {part}; at most 127 are allowed")
            }
        }
    }
}

/// Checks a media-type string against image-spec's pattern.
pub fn check_syntax(media_type: &str) -> Result<(), SyntaxError> {
    if media_type.is_empty() {
        return Err(SyntaxError::Empty);
    }
    if media_type.contains(';') {
        return Err(SyntaxError::Parameters);
    }
    let (kind, subtype) = media_type.split_once('/').ok_or(SyntaxError::NoSlash)?;
    check_name(kind, "type", 0)?;
    check_name(subtype, "subtype", kind.len() + 1)
}

fn check_name(name: &str, part: &'static str, offset: usize) -> Result<(), SyntaxError> {
    let mut chars = name.char_indices();
    match chars.next() {
        Some((_, c)) if c.is_ascii_alphanumeric() => {}
        _ => return Err(SyntaxError::BadFirst { part }),
    }
    if let Some((at, found)) =
        chars.find(|&(_, c)| !(c.is_ascii_alphanumeric() || "!#$&^_.+-".contains(c)))
    {
        return Err(SyntaxError::BadChar {
            part,
            at: offset + at,
            found,
        });
    }
    if name.len() > 127 {
        return Err(SyntaxError::TooLong {
            part,
            len: name.len(),
        });
    }
    Ok(())
}

const OCI_SPEC: &str = "https://github.com/opencontainers/image-spec/blob/v1.1.1/";
const DOCKER_SPEC: &str =
    "https://github.com/distribution/distribution/blob/v2.8.3/docs/spec/manifest-v2-2.md";

/// What a media type is, in words, and the specification text that defines it (for readers:
/// the page's reading view links each media type there).
pub fn describe(media_type: &str) -> Option<(&'static str, String)> {
    let oci = |what: &'static str, page: &str| Some((what, format!("{OCI_SPEC}{page}")));
    let docker = |what: &'static str, anchor: &str| Some((what, format!("{DOCKER_SPEC}{anchor}")));
    match media_type {
        OCI_MANIFEST => oci("OCI image manifest", "manifest.md"),
        OCI_INDEX => oci("OCI image index (multi-platform)", "image-index.md"),
        OCI_CONFIG => oci("OCI image configuration", "config.md"),
        OCI_EMPTY => oci(
            "empty JSON `{}` placeholder",
            "manifest.md#guidance-for-an-empty-descriptor",
        ),
        OCI_LAYOUT_HEADER => oci("OCI layout header", "image-layout.md"),
        OCI_DESCRIPTOR => oci("OCI content descriptor", "descriptor.md"),
        OCI_LAYER_TAR => oci("OCI layer, uncompressed tar", "layer.md"),
        OCI_LAYER_GZIP => oci("OCI layer, gzip-compressed tar", "layer.md#gzip-media-types"),
        OCI_LAYER_ZSTD => oci("OCI layer, zstd-compressed tar", "layer.md#zstd-media-types"),
        OCI_NONDISTRIBUTABLE_TAR
        | OCI_NONDISTRIBUTABLE_GZIP
        | OCI_NONDISTRIBUTABLE_ZSTD => oci(
            "OCI non-distributable layer (deprecated)",
            "layer.md#non-distributable-layers",
        ),
        OCI_ARTIFACT_MANIFEST => oci(
            "OCI artifact manifest (withdrawn before image-spec 1.1.0)",
            "manifest.md",
        ),
        OCI_SCRATCH_PRERELEASE => oci(
            "pre-release name of the empty descriptor (renamed in 1.1.0-rc4)",
            "manifest.md#guidance-for-an-empty-descriptor",
        ),
        DOCKER_MANIFEST => docker("Docker image manifest, schema 2", "#image-manifest"),
        DOCKER_MANIFEST_LIST => docker(
            "Docker manifest list (multi-platform)",
            "#manifest-list",
        ),
        DOCKER_CONFIG => docker("Docker container configuration", "#media-types"),
        DOCKER_LAYER_GZIP => docker("Docker layer, gzip-compressed tar", "#media-types"),
        DOCKER_LAYER_TAR => docker(
            "Docker layer, uncompressed tar (not in the Docker spec)",
            "#media-types",
        ),
        DOCKER_LAYER_ZSTD => docker(
            "Docker layer, zstd (not in the Docker spec)",
            "#media-types",
        ),
        DOCKER_FOREIGN_GZIP | DOCKER_FOREIGN_TAR => {
            docker("Docker foreign layer (fetched from its URLs)", "#media-types")
        }
        DOCKER_SCHEMA1 | DOCKER_SCHEMA1_SIGNED => Some((
            "Docker image manifest, schema 1 (deprecated, refused by most registries)",
            "https://github.com/distribution/distribution/blob/v2.8.3/docs/spec/deprecated-schema-v1.md"
                .to_owned(),
        )),
        DOCKER_PLUGIN_CONFIG => docker("Docker plugin configuration", "#media-types"),
        BUILDKIT_CACHE_CONFIG => Some((
            "BuildKit registry-cache configuration",
            "https://github.com/moby/buildkit/blob/master/docs/cache.md".to_owned(),
        )),
        IN_TOTO => Some((
            "in-toto attestation",
            "https://github.com/in-toto/attestation/blob/main/spec/README.md".to_owned(),
        )),
        OCTET_STREAM => Some((
            "generic binary data",
            "https://www.rfc-editor.org/rfc/rfc2046#section-4.5.1".to_owned(),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax() {
        assert!(check_syntax(OCI_MANIFEST).is_ok());
        assert!(check_syntax("application/vnd.example+type").is_ok());
        assert_eq!(check_syntax("tar.gz"), Err(SyntaxError::NoSlash));
        assert_eq!(check_syntax(""), Err(SyntaxError::Empty));
        assert_eq!(
            check_syntax("application/x;charset=utf-8"),
            Err(SyntaxError::Parameters)
        );
        assert_eq!(
            check_syntax("application/.x"),
            Err(SyntaxError::BadFirst { part: "subtype" })
        );
        assert!(check_syntax(&format!("{}/{}", "a".repeat(127), "b".repeat(127))).is_ok());
        assert!(matches!(
            check_syntax(&format!("{}/b", "a".repeat(128))),
            Err(SyntaxError::TooLong { .. })
        ));
        assert!(matches!(
            check_syntax("application/vnd.example sbom"),
            Err(SyntaxError::BadChar { found: ' ', .. })
        ));
    }

    #[test]
    fn mapping_round_trips() {
        for (docker, oci) in DOCKER_OCI_PAIRS {
            assert_eq!(docker_to_oci(docker), Some(oci));
            assert_eq!(oci_to_docker(oci), Some(docker));
            assert_eq!(family(docker), Family::Docker);
            assert_eq!(family(oci), Family::Oci);
        }
        assert_eq!(docker_to_oci(DOCKER_PLUGIN_CONFIG), None);
    }

    #[test]
    fn all_lists_every_named_type_once() {
        for (i, media_type) in ALL.iter().enumerate() {
            assert!(check_syntax(media_type).is_ok(), "{media_type}");
            assert!(!ALL[..i].contains(media_type), "{media_type} twice");
        }
        let named = IMAGE_LAYER_TYPES
            .iter()
            .chain(DOCKER_OCI_PAIRS.iter().flat_map(|(d, o)| [d, o]));
        for media_type in named {
            assert!(ALL.contains(media_type), "{media_type} missing from ALL");
        }
    }
}
