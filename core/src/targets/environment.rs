//! What a verdict depends on beyond the document, when the caller knows it: what the registry
//! holds (each blob's and child manifest's digest and size, a config's `diff_ids`, whether a
//! layer is gzip'd),
//! where it is, and where `skopeo copy` writes. Given it, the models decide what their
//! `condition` otherwise leaves open (a blob that is not there, a size that does not match);
//! `check` knows none of it and keeps the conditions.
//!
//! What the registry holds may be known in part (`Contents::complete` false: a bundle and the
//! blobs given with it, among others not known) or wholly: in part, a piece that is there
//! settles what depends on it, and one that is not stays a condition.

use crate::kind::Kind;
use crate::rules::Analysed;

/// One piece of content the registry holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Its digest (`sha256:…`).
    pub digest: String,
    /// Its real size in bytes.
    pub size: u64,
    /// A manifest's media type (served by the manifests endpoint); `None` for a blob.
    pub manifest_media_type: Option<String>,
    /// An image config's `rootfs.diff_ids`.
    pub diff_ids: Option<Vec<String>>,
    /// Whether the content is gzip'd (starts with gzip's magic bytes).
    pub gzip: bool,
    /// Whether the content is a tar archive once decompressed (gzip or zstd): what a runtime
    /// that applies every layer as a tar, whatever its media type, needs.
    pub tar: bool,
}

impl Stored {
    /// What a registry holding `bytes` knows of them: their digest and size, whether they are
    /// gzip'd, and, for JSON, what they are (a manifest or index is served by the manifests
    /// endpoint with its own media type; an image config's `rootfs.diff_ids` are read).
    pub fn of(bytes: &[u8]) -> Self {
        let gzip = bytes.starts_with(&GZIP_MAGIC);
        // A layer is not JSON: only what could be is parsed.
        let json = bytes
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{');
        if gzip || !json {
            return Stored::blob(bytes, None, gzip);
        }
        Stored::of_analysed(&Analysed::new(bytes, None, &crate::json::Arena::new()))
    }

    /// [`Stored::of`] for a document already analysed (as its bytes say it is).
    pub(crate) fn of_analysed(analysed: &Analysed<'_>) -> Self {
        let bytes = analysed.bytes();
        let kind = analysed.detected;
        if kind.is_image_manifest()
            || kind.is_index()
            || matches!(kind, Kind::OciArtifactManifest | Kind::DockerSchema1)
        {
            return Stored {
                manifest_media_type: analysed.own_media_type().map(str::to_owned),
                ..Stored::blob(bytes, None, false)
            };
        }
        let diff_ids = kind
            .is_config()
            .then(|| analysed.root().and_then(diff_ids))
            .flatten();
        Stored::blob(bytes, diff_ids, bytes.starts_with(&GZIP_MAGIC))
    }

    fn blob(bytes: &[u8], diff_ids: Option<Vec<String>>, gzip: bool) -> Self {
        Stored {
            digest: crate::digest::sha256(bytes),
            size: bytes.len() as u64,
            manifest_media_type: None,
            diff_ids,
            gzip,
            tar: holds_tar(bytes),
        }
    }
}

/// Whether the first block, after gzip or zstd when the bytes are compressed, starts a tar
/// archive. Only that block is decompressed.
fn holds_tar(bytes: &[u8]) -> bool {
    use crate::blob::Magic;
    use std::io::Read as _;
    let first_block = |reader: &mut dyn std::io::Read| {
        let mut head = Vec::with_capacity(512);
        reader.take(512).read_to_end(&mut head).ok()?;
        Some(Magic::of(&head) == Magic::Tar)
    };
    match Magic::of(&bytes[..bytes.len().min(512)]) {
        Magic::Tar => true,
        Magic::Gzip => first_block(&mut flate2::read::GzDecoder::new(bytes)).unwrap_or(false),
        Magic::Zstd => ruzstd::decoding::StreamingDecoder::new(bytes)
            .ok()
            .and_then(|mut decoder| first_block(&mut decoder))
            .unwrap_or(false),
        _ => false,
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A config's `rootfs.diff_ids`, as Go decodes them (of a key given twice, the last wins);
/// `None` when they are not a list of strings.
fn diff_ids(root: &crate::json::Node) -> Option<Vec<String>> {
    fn last<'n>(node: &crate::json::Node<'n>, key: &str) -> Option<&'n crate::json::Node<'n>> {
        node.members()?
            .iter()
            .rev()
            .find(|member| member.key == key)
            .map(|member| &member.value)
    }
    let ids = last(last(root, "rootfs")?, "diff_ids")?.items()?;
    ids.iter()
        .map(|id| id.as_str().map(str::to_owned))
        .collect()
}

/// What is known of a registry's contents: pieces it holds, and whether they are all it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    pub pieces: Vec<Stored>,
    /// The registry holds these pieces and nothing else: what is not among them is not there.
    /// When false, what is not among them may or may not be there (a condition).
    pub complete: bool,
}

impl Contents {
    /// The pieces, among others the registry may hold.
    pub fn including(pieces: impl IntoIterator<Item = Stored>) -> Self {
        Contents {
            pieces: pieces.into_iter().collect(),
            complete: false,
        }
    }

    /// The pieces, and nothing else.
    pub fn exactly(pieces: impl IntoIterator<Item = Stored>) -> Self {
        Contents {
            complete: true,
            ..Contents::including(pieces)
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Stored> {
        self.pieces.iter()
    }
}

/// A registry described piece by piece (as the recorded corpus describes it) holds exactly
/// those pieces.
impl FromIterator<Stored> for Contents {
    fn from_iter<I: IntoIterator<Item = Stored>>(pieces: I) -> Self {
        Contents::exactly(pieces)
    }
}

impl From<Vec<Stored>> for Contents {
    fn from(pieces: Vec<Stored>) -> Self {
        Contents::exactly(pieces)
    }
}

/// A registry known to hold nothing.
impl Default for Contents {
    fn default() -> Self {
        Contents::exactly(Vec::new())
    }
}

/// What a registry answers when asked for a digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookup<'a> {
    Held(&'a Stored),
    /// Not there (or not as what was asked: a blob for a manifest, or the other way round).
    Absent,
    /// Not known: the contents are known only in part, or not at all.
    Unknown,
}

impl<'a> Lookup<'a> {
    pub(crate) fn held(self) -> Option<&'a Stored> {
        match self {
            Lookup::Held(stored) => Some(stored),
            _ => None,
        }
    }

    pub(crate) fn is_absent(self) -> bool {
        self == Lookup::Absent
    }

    pub(crate) fn is_unknown(self) -> bool {
        self == Lookup::Unknown
    }
}

/// The registry a document is pushed to or pulled from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Store {
    /// `host:port`, as the programs' messages name it (`http://<address>/v2/…`).
    pub address: String,
    /// The repository (`library/alpine`).
    pub repository: String,
    pub contents: Contents,
}

impl Store {
    /// A registry holding `contents` (wholly or in part), at an address and repository not
    /// known (messages name them `<registry>` and `<repo>`).
    pub fn holding(contents: Contents) -> Self {
        Store {
            address: "<registry>".to_owned(),
            repository: "<repo>".to_owned(),
            contents,
        }
    }

    fn get(&self, digest: &str) -> Option<&Stored> {
        self.contents.iter().find(|stored| stored.digest == digest)
    }

    /// Whether the registry holds `digest` (as anything: distribution looks a reference up
    /// without asking what it is).
    pub(crate) fn lookup(&self, digest: &str) -> Lookup<'_> {
        self.answer(digest, |_| true)
    }

    /// Whether the blobs endpoint serves `digest`.
    pub(crate) fn lookup_blob(&self, digest: &str) -> Lookup<'_> {
        self.answer(digest, |stored| stored.manifest_media_type.is_none())
    }

    /// Whether the manifests endpoint serves `digest`.
    pub(crate) fn lookup_manifest(&self, digest: &str) -> Lookup<'_> {
        self.answer(digest, |stored| stored.manifest_media_type.is_some())
    }

    /// A piece known is answered as it is, whether or not the rest is known.
    fn answer(&self, digest: &str, fits: impl Fn(&Stored) -> bool) -> Lookup<'_> {
        match self.get(digest) {
            Some(stored) if fits(stored) => Lookup::Held(stored),
            Some(_) => Lookup::Absent,
            None if self.contents.complete => Lookup::Absent,
            None => Lookup::Unknown,
        }
    }

    pub(crate) fn blob(&self, digest: &str) -> Option<&Stored> {
        self.lookup_blob(digest).held()
    }

    pub(crate) fn manifest(&self, digest: &str) -> Option<&Stored> {
        self.lookup_manifest(digest).held()
    }

    /// `http://<address>/v2/<repository>`, the base of the URLs in the programs' messages.
    pub(crate) fn base_url(&self) -> String {
        format!("http://{}/v2/{}", self.address, self.repository)
    }
}

/// Where `skopeo copy` writes: the `copy` operation's verdicts answer for an `oci:` layout.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CopyTo {
    #[default]
    OciLayout,
    /// A `dir:` folder (one file per blob, and the manifest).
    Dir,
}

/// What a URL outside the registry (a descriptor's `urls`) answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlAnswer {
    /// The blob.
    Serves,
    /// `404 Not Found`: a client tries the next URL, then the registry.
    NotFound,
    /// Nothing listens there.
    ConnectionRefused,
}

/// What is known beyond the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    /// What the registry holds; `None` when unknown (the verdicts then say what they hold on).
    pub store: Option<Store>,
    pub copy_to: CopyTo,
    /// containerd's root folder (`--root`, `/var/lib/containerd` unless set), which its
    /// unpacking errors name.
    pub containerd_root: Option<String>,
    /// What the URLs that descriptors name answer; a URL not listed is not known.
    pub urls: Vec<(String, UrlAnswer)>,
}

impl Environment {
    /// A registry holding `contents` (exact bytes: documents and blobs), wholly when
    /// `complete` (what is not among them is not there), else among other content not known;
    /// everything else as `check` assumes it. Each piece's digest, size, media type (a
    /// manifest's or index's own), a config's `diff_ids` and gzip'd or not come from its bytes.
    pub fn from_contents<'b>(contents: impl IntoIterator<Item = &'b [u8]>, complete: bool) -> Self {
        let pieces = contents.into_iter().map(Stored::of);
        Environment::holding(if complete {
            Contents::exactly(pieces)
        } else {
            Contents::including(pieces)
        })
    }

    pub(crate) fn holding(contents: Contents) -> Self {
        Environment {
            store: Some(Store::holding(contents)),
            ..Environment::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": ["sha256:aa"]}, "rootfs": {"type": "layers", "diff_ids": ["sha256:d1"]}}"#;
    const MANIFEST: &str = r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": []}"#;
    const LAYER: &[u8] = &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];

    fn store(complete: bool) -> Store {
        let environment = Environment::from_contents(
            [
                MANIFEST.as_bytes(),
                CONFIG.as_bytes(),
                LAYER,
                b"{}".as_slice(),
            ],
            complete,
        );
        assert_eq!(environment.copy_to, CopyTo::OciLayout);
        environment.store.expect("a store")
    }

    #[test]
    fn each_piece_is_known_by_what_its_bytes_are() {
        let store = store(false);
        let pieces: Vec<&Stored> = store.contents.iter().collect();
        assert_eq!(pieces.len(), 4);
        let [manifest, config, layer, empty] = pieces[..] else {
            unreachable!()
        };
        assert_eq!(manifest.digest, crate::digest::sha256(MANIFEST.as_bytes()));
        assert_eq!(manifest.size, MANIFEST.len() as u64);
        assert_eq!(
            manifest.manifest_media_type.as_deref(),
            Some("application/vnd.oci.image.manifest.v1+json")
        );
        // Of a key given twice, Go keeps the last.
        assert_eq!(config.diff_ids, Some(vec!["sha256:d1".to_owned()]));
        assert_eq!(
            (config.manifest_media_type.as_ref(), config.gzip),
            (None, false)
        );
        assert_eq!(
            (layer.size, layer.gzip, layer.diff_ids.as_ref()),
            (10, true, None)
        );
        assert_eq!(
            empty.digest,
            "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        assert_eq!(empty.manifest_media_type, None);
    }

    #[test]
    fn what_is_not_given_is_unknown_unless_the_contents_are_complete() {
        let zeros = format!("sha256:{}", "0".repeat(64));
        let config = crate::digest::sha256(CONFIG.as_bytes());
        let manifest = crate::digest::sha256(MANIFEST.as_bytes());
        for complete in [false, true] {
            let store = store(complete);
            assert_eq!(
                store.lookup_blob(&config).held().map(|s| s.size),
                Some(CONFIG.len() as u64)
            );
            assert!(store.lookup_manifest(&manifest).held().is_some());
            // Known content asked for as what it is not is not there, either way.
            assert!(store.lookup_manifest(&config).is_absent());
            assert!(store.lookup_blob(&manifest).is_absent());
            assert!(store.lookup(&manifest).held().is_some());
            assert_eq!(store.lookup(&zeros).is_absent(), complete);
            assert_eq!(store.lookup_blob(&zeros).is_unknown(), !complete);
        }
        // A store described piece by piece holds exactly those pieces.
        let collected: Contents = store(false).contents.pieces.into_iter().collect();
        assert!(collected.complete);
    }

    /// A layer is a tar once decompressed, or not: what podman's storage needs of it.
    #[test]
    fn a_tar_is_told_from_its_first_block_after_decompression() {
        use std::io::Write as _;
        let mut builder = tar::Builder::new(Vec::new());
        let mut header = tar::Header::new_ustar();
        header.set_size(5);
        header.set_cksum();
        builder
            .append_data(&mut header, "hello", &b"world"[..])
            .unwrap();
        let tar = builder.into_inner().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&tar).unwrap();
        let gzipped = gz.finish().unwrap();
        assert!(Stored::of(&tar).tar);
        assert!(Stored::of(&gzipped).tar);
        assert!(Stored::of(&gzipped).gzip);
        assert!(!Stored::of(b"NAME=gardenlinux\nVERSION=1683.0\n").tar);
        // gzip's magic and nothing else decompresses to no block.
        assert!(!Stored::of(LAYER).tar);
        assert!(!Stored::of(CONFIG.as_bytes()).tar);
    }
}
