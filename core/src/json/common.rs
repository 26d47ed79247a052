//! The words image documents repeat in every descriptor (member names, media types, platform
//! values): a string of the parse that is one of them borrows it instead of allocating, which
//! for an index of thousands of entries is most of the parse's allocations. Only a cache: any
//! other string is parsed the same way, into its own allocation.

use std::borrow::Cow;

/// A string of the tree: one of the [`common`] words, or its own allocation.
pub type Text = Cow<'static, str>;

/// The text as a [`Text`], borrowing the static copy when it is a common word.
pub(crate) fn text(decoded: &str) -> Text {
    common(decoded).map_or_else(|| Cow::Owned(decoded.to_owned()), Cow::Borrowed)
}

/// The static copy of a common word (`match` compiles to a length switch and a compare).
fn common(text: &str) -> Option<&'static str> {
    Some(match text {
        // Member names of descriptors, manifests, indexes and platforms.
        "schemaVersion" => "schemaVersion",
        "mediaType" => "mediaType",
        "artifactType" => "artifactType",
        "config" => "config",
        "layers" => "layers",
        "manifests" => "manifests",
        "subject" => "subject",
        "annotations" => "annotations",
        "digest" => "digest",
        "size" => "size",
        "urls" => "urls",
        "data" => "data",
        "platform" => "platform",
        "architecture" => "architecture",
        "os" => "os",
        "os.version" => "os.version",
        "os.features" => "os.features",
        "variant" => "variant",
        "features" => "features",
        // Annotation names that tools write on every entry.
        "org.opencontainers.image.ref.name" => "org.opencontainers.image.ref.name",
        "org.opencontainers.image.created" => "org.opencontainers.image.created",
        "org.opencontainers.image.version" => "org.opencontainers.image.version",
        "org.opencontainers.image.revision" => "org.opencontainers.image.revision",
        "org.opencontainers.image.source" => "org.opencontainers.image.source",
        "org.opencontainers.image.title" => "org.opencontainers.image.title",
        "org.opencontainers.image.base.digest" => "org.opencontainers.image.base.digest",
        "org.opencontainers.image.base.name" => "org.opencontainers.image.base.name",
        "vnd.docker.reference.type" => "vnd.docker.reference.type",
        "vnd.docker.reference.digest" => "vnd.docker.reference.digest",
        "io.containerd.image.name" => "io.containerd.image.name",
        // Media types.
        "application/vnd.oci.image.manifest.v1+json" => {
            "application/vnd.oci.image.manifest.v1+json"
        }
        "application/vnd.oci.image.index.v1+json" => "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.config.v1+json" => "application/vnd.oci.image.config.v1+json",
        "application/vnd.oci.empty.v1+json" => "application/vnd.oci.empty.v1+json",
        "application/vnd.oci.image.layer.v1.tar" => "application/vnd.oci.image.layer.v1.tar",
        "application/vnd.oci.image.layer.v1.tar+gzip" => {
            "application/vnd.oci.image.layer.v1.tar+gzip"
        }
        "application/vnd.oci.image.layer.v1.tar+zstd" => {
            "application/vnd.oci.image.layer.v1.tar+zstd"
        }
        "application/vnd.docker.distribution.manifest.v2+json" => {
            "application/vnd.docker.distribution.manifest.v2+json"
        }
        "application/vnd.docker.distribution.manifest.list.v2+json" => {
            "application/vnd.docker.distribution.manifest.list.v2+json"
        }
        "application/vnd.docker.container.image.v1+json" => {
            "application/vnd.docker.container.image.v1+json"
        }
        "application/vnd.docker.image.rootfs.diff.tar.gzip" => {
            "application/vnd.docker.image.rootfs.diff.tar.gzip"
        }
        "application/vnd.in-toto+json" => "application/vnd.in-toto+json",
        // Platform values.
        "linux" => "linux",
        "windows" => "windows",
        "amd64" => "amd64",
        "arm64" => "arm64",
        "arm" => "arm",
        "386" => "386",
        "ppc64le" => "ppc64le",
        "s390x" => "s390x",
        "riscv64" => "riscv64",
        "unknown" => "unknown",
        "v5" => "v5",
        "v6" => "v6",
        "v7" => "v7",
        "v8" => "v8",
        "attestation-manifest" => "attestation-manifest",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_borrow_and_others_are_owned_with_the_same_text() {
        assert!(matches!(text("mediaType"), Cow::Borrowed("mediaType")));
        assert!(matches!(text("linux"), Cow::Borrowed("linux")));
        let other = text("mediatype");
        assert!(matches!(other, Cow::Owned(_)));
        assert_eq!(other, "mediatype");
    }
}
