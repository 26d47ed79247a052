//! The words image documents repeat in every descriptor (member names, media types, platform
//! values): a string of the parse that is one of them borrows it instead of allocating, which
//! for an index of thousands of entries is most of the parse's allocations. Only a cache: any
//! other string is parsed the same way, into its own allocation.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// A string of the tree: one of the [`COMMON`] words, or its own allocation. Sixteen bytes,
/// where a `Cow<'static, str>` takes 24: an object's member is 56 bytes, not 72, and the tree
/// of an index a fifth smaller.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    /// A word of [`COMMON`], by where it is there: reading it is one load, where an index
    /// into the table cost a bounds check too, on every comparison of every key.
    Common(&'static &'static str),
    Owned(Box<str>),
}

impl Text {
    /// A string decoded with escapes: its own allocation, whatever it says.
    pub(crate) fn owned(text: String) -> Text {
        Text(Repr::Owned(text.into_boxed_str()))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Common(word) => word,
            Repr::Owned(text) => text,
        }
    }

    /// Whether it is one of the common words, shared rather than allocated.
    pub fn is_common(&self) -> bool {
        matches!(self.0, Repr::Common(_))
    }
}

/// The text, borrowing the shared copy when it is a common word.
pub(crate) fn text(decoded: &str) -> Text {
    shared(decoded).unwrap_or_else(|| Text(Repr::Owned(decoded.into())))
}

/// The shared copy of `text`, when it is a common word.
fn shared(text: &str) -> Option<Text> {
    let word = COMMON.get(usize::from(common(text)?))?;
    Some(Text(Repr::Common(word)))
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        self::text(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        shared(&text).unwrap_or_else(|| Text::owned(text))
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl Default for Text {
    /// The empty string (no allocation).
    fn default() -> Text {
        Text(Repr::Owned(Box::default()))
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl Hash for Text {
    /// As `str` hashes, which `Borrow<str>` requires.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

/// The words every image document repeats.
pub(crate) static COMMON: [&str; 57] = [
    // Member names of descriptors, manifests, indexes and platforms.
    "schemaVersion",
    "mediaType",
    "artifactType",
    "config",
    "layers",
    "manifests",
    "subject",
    "annotations",
    "digest",
    "size",
    "urls",
    "data",
    "platform",
    "architecture",
    "os",
    "os.version",
    "os.features",
    "variant",
    "features",
    // Annotation names that tools write on every entry.
    "org.opencontainers.image.ref.name",
    "org.opencontainers.image.created",
    "org.opencontainers.image.version",
    "org.opencontainers.image.revision",
    "org.opencontainers.image.source",
    "org.opencontainers.image.title",
    "org.opencontainers.image.base.digest",
    "org.opencontainers.image.base.name",
    "vnd.docker.reference.type",
    "vnd.docker.reference.digest",
    "io.containerd.image.name",
    // Media types.
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.config.v1+json",
    "application/vnd.oci.empty.v1+json",
    "application/vnd.oci.image.layer.v1.tar",
    "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.oci.image.layer.v1.tar+zstd",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.container.image.v1+json",
    "application/vnd.docker.image.rootfs.diff.tar.gzip",
    "application/vnd.in-toto+json",
    // Platform values.
    "linux",
    "windows",
    "amd64",
    "arm64",
    "arm",
    "386",
    "ppc64le",
    "s390x",
    "riscv64",
    "unknown",
    "v5",
    "v6",
    "v7",
    "v8",
    "attestation-manifest",
];

/// The index in [`COMMON`] of a common word (`match` compiles to a length switch and a
/// compare). A test holds the two to each other.
fn common(text: &str) -> Option<u8> {
    Some(match text {
        "schemaVersion" => 0,
        "mediaType" => 1,
        "artifactType" => 2,
        "config" => 3,
        "layers" => 4,
        "manifests" => 5,
        "subject" => 6,
        "annotations" => 7,
        "digest" => 8,
        "size" => 9,
        "urls" => 10,
        "data" => 11,
        "platform" => 12,
        "architecture" => 13,
        "os" => 14,
        "os.version" => 15,
        "os.features" => 16,
        "variant" => 17,
        "features" => 18,
        "org.opencontainers.image.ref.name" => 19,
        "org.opencontainers.image.created" => 20,
        "org.opencontainers.image.version" => 21,
        "org.opencontainers.image.revision" => 22,
        "org.opencontainers.image.source" => 23,
        "org.opencontainers.image.title" => 24,
        "org.opencontainers.image.base.digest" => 25,
        "org.opencontainers.image.base.name" => 26,
        "vnd.docker.reference.type" => 27,
        "vnd.docker.reference.digest" => 28,
        "io.containerd.image.name" => 29,
        "application/vnd.oci.image.manifest.v1+json" => 30,
        "application/vnd.oci.image.index.v1+json" => 31,
        "application/vnd.oci.image.config.v1+json" => 32,
        "application/vnd.oci.empty.v1+json" => 33,
        "application/vnd.oci.image.layer.v1.tar" => 34,
        "application/vnd.oci.image.layer.v1.tar+gzip" => 35,
        "application/vnd.oci.image.layer.v1.tar+zstd" => 36,
        "application/vnd.docker.distribution.manifest.v2+json" => 37,
        "application/vnd.docker.distribution.manifest.list.v2+json" => 38,
        "application/vnd.docker.container.image.v1+json" => 39,
        "application/vnd.docker.image.rootfs.diff.tar.gzip" => 40,
        "application/vnd.in-toto+json" => 41,
        "linux" => 42,
        "windows" => 43,
        "amd64" => 44,
        "arm64" => 45,
        "arm" => 46,
        "386" => 47,
        "ppc64le" => 48,
        "s390x" => 49,
        "riscv64" => 50,
        "unknown" => 51,
        "v5" => 52,
        "v6" => 53,
        "v7" => 54,
        "v8" => 55,
        "attestation-manifest" => 56,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_shared_and_others_are_owned_with_the_same_text() {
        for (index, word) in COMMON.iter().enumerate() {
            assert_eq!(common(word), Some(index as u8), "{word}");
        }
        assert!(text("mediaType").is_common());
        assert_eq!(text("linux"), "linux");
        let other = text("mediatype");
        assert!(!other.is_common());
        assert_eq!(other, "mediatype");
        assert_eq!(std::mem::size_of::<Text>(), 16);
    }
}
