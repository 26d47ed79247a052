//! What the loader models read of a layout: descriptors as the loaders decode them, and for
//! each blob whether it is there and holds what its descriptor says.

use crate::blob::{Magic, Scanned, Uncompressed};
use crate::digest;
use crate::json::Node;
use crate::rules::Analysed;

use super::super::Layout;

/// How the image reaches the loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Container {
    /// A layout folder.
    Folder,
    /// A tar as it is.
    Tar,
    /// A gzip-compressed tar.
    TarGzip,
    /// A zstd-compressed tar.
    TarZstd,
}

/// A descriptor as the loaders read it.
#[derive(Debug, Clone, Default)]
pub(super) struct Descriptor {
    pub(super) media_type: String,
    pub(super) digest: String,
    pub(super) size: Option<u64>,
    /// `(os, architecture)`, when it has a platform.
    pub(super) platform: Option<(String, String)>,
    /// `org.opencontainers.image.ref.name`.
    pub(super) ref_name: Option<String>,
}

impl Descriptor {
    pub(super) fn is_index(&self) -> bool {
        self.media_type == "application/vnd.oci.image.index.v1+json"
            || self.media_type == "application/vnd.docker.distribution.manifest.list.v2+json"
    }

    pub(super) fn hex(&self) -> &str {
        self.digest.split_once(':').map_or("", |(_, hex)| hex)
    }

    pub(super) fn on_host(&self) -> bool {
        self.platform
            .as_ref()
            .is_some_and(|(os, arch)| (os.as_str(), arch.as_str()) == super::HOST_PLATFORM)
    }
}

/// What a blob turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State<'l> {
    Missing,
    /// Present, of the declared size and digest.
    Intact(&'l Scanned),
    /// Present with other bytes than its descriptor names.
    Altered(&'l Scanned),
}

/// An image manifest: its config and layers.
#[derive(Debug, Clone, Default)]
pub(super) struct Manifest {
    pub(super) config: Option<Descriptor>,
    pub(super) layers: Vec<Descriptor>,
}

/// A layer whose diff_id is not its config's: [`View::first_wrong_diff_id`].
pub(super) struct WrongDiffId<'l> {
    /// Its position in the entry's `Layers`.
    pub at: usize,
    /// What the config's `rootfs.diff_ids` says.
    pub expected: String,
    /// What its bytes give.
    pub actual: String,
    pub file: &'l Scanned,
}

pub(super) struct View<'l> {
    pub(super) layout: &'l Layout,
    pub(super) container: Container,
}

impl<'l> View<'l> {
    pub(super) fn new(layout: &'l Layout) -> Self {
        View {
            layout,
            container: layout.container(),
        }
    }

    pub(super) fn has(&self, path: &str) -> bool {
        self.layout.get(path).is_some()
    }

    /// The bytes of a small JSON member (`index.json`, a manifest).
    pub(super) fn kept(&self, path: &str) -> Option<&'l [u8]> {
        self.layout.get(path)?.kept.as_deref()
    }

    pub(super) fn blob_path(descriptor: &Descriptor) -> Option<String> {
        let (algorithm, encoded) = digest::validate(&descriptor.digest).ok()?;
        Some(format!("blobs/{algorithm}/{encoded}"))
    }

    /// Whether the blob is there, and holds what the descriptor says (its digest; `sized`:
    /// and its declared size).
    pub(super) fn state(&self, descriptor: &Descriptor, sized: bool) -> State<'l> {
        let Some(scanned) = Self::blob_path(descriptor).and_then(|p| self.layout.get(&p)) else {
            return State::Missing;
        };
        let algorithm = descriptor.digest.split(':').next().unwrap_or("");
        let digest_ok = scanned
            .digest(algorithm)
            .is_none_or(|d| d == descriptor.digest);
        let size_ok = !sized || descriptor.size.is_none_or(|s| s == scanned.size);
        if digest_ok && size_ok {
            State::Intact(scanned)
        } else {
            State::Altered(scanned)
        }
    }

    /// The `manifests` of an index document at `path`.
    pub(super) fn entries(&self, path: &str) -> Option<Vec<Descriptor>> {
        let bytes = self.kept(path)?;
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(bytes, None, &arena);
        let items = analysed.root()?.get("manifests")?.value.items()?;
        Some(items.iter().map(|n| descriptor(n, bytes)).collect())
    }

    /// The config and layers of the manifest a descriptor names (its bytes as found).
    pub(super) fn manifest(&self, of: &Descriptor) -> Option<Manifest> {
        let path = Self::blob_path(of)?;
        let bytes = self.kept(&path)?;
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(bytes, None, &arena);
        let root = analysed.root()?;
        Some(Manifest {
            config: root.get("config").map(|m| descriptor(&m.value, bytes)),
            layers: root
                .get("layers")
                .and_then(|m| m.value.items())
                .map(|items| items.iter().map(|n| descriptor(n, bytes)).collect())
                .unwrap_or_default(),
        })
    }

    /// The `rootfs.diff_ids` of a config member.
    pub(super) fn diff_ids(&self, path: &str) -> Vec<String> {
        let Some(bytes) = self.kept(path) else {
            return Vec::new();
        };
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(bytes, None, &arena);
        analysed
            .root()
            .and_then(|r| r.get("rootfs"))
            .and_then(|r| r.value.get("diff_ids"))
            .and_then(|d| d.value.items())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `imageLayoutVersion` of `oci-layout`: `None` without the file, `Some("")` when it
    /// names none.
    pub(super) fn layout_version(&self) -> Option<String> {
        let bytes = self.kept("oci-layout")?;
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(bytes, None, &arena);
        Some(
            analysed
                .root()
                .and_then(|r| r.get("imageLayoutVersion"))
                .and_then(|m| m.value.as_str())
                .unwrap_or("")
                .to_owned(),
        )
    }

    /// `docker save`'s `manifest.json` entries: the config path and layer paths.
    pub(super) fn docker_entries(&self) -> Option<Vec<(String, Vec<String>)>> {
        let bytes = self.kept("manifest.json")?;
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(bytes, None, &arena);
        let items = analysed.root()?.items()?;
        Some(
            items
                .iter()
                .map(|item| {
                    let config = item
                        .get("Config")
                        .and_then(|m| m.value.as_str())
                        .unwrap_or("")
                        .to_owned();
                    let layers = item
                        .get("Layers")
                        .and_then(|m| m.value.items())
                        .map(|l| {
                            l.iter()
                                .filter_map(|n| n.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default();
                    (config, layers)
                })
                .collect(),
        )
    }

    /// A `manifest.json` path as a member path.
    pub(super) fn member(raw: &str) -> String {
        crate::blob::member_path(raw).unwrap_or_default()
    }

    /// The member a `manifest.json` path names, through links.
    pub(super) fn file(&self, raw: &str) -> Option<&'l Scanned> {
        self.layout.get(&Self::member(raw))
    }

    /// The first layer of a `docker save` entry whose diff_id (its digest once decompressed; an
    /// uncompressed layer's own digest) is not the one its config lists, as every loader of
    /// such archives compares them. Layers absent from the archive are another check's.
    pub(super) fn first_wrong_diff_id<S: AsRef<str>>(
        &self,
        config: &str,
        layers: &[S],
    ) -> Option<WrongDiffId<'l>> {
        let diff_ids = self.diff_ids(&Self::member(config));
        layers
            .iter()
            .zip(diff_ids)
            .enumerate()
            .find_map(|(at, (layer, expected))| {
                let file = self.file(layer.as_ref())?;
                let actual = file.diff_id().ok().unwrap_or(&file.sha256).to_owned();
                (actual != expected).then_some(WrongDiffId {
                    at,
                    expected,
                    actual,
                    file,
                })
            })
    }

    /// A link member's target, when `raw` is a symbolic link.
    pub(super) fn link_of(&self, raw: &str) -> Option<String> {
        self.layout.link_text(&Self::member(raw))
    }

    /// A symbolic link member whose target is `raw`: (the link, the target's member path).
    pub(super) fn links_to(&self, raw: &str) -> Option<(String, String)> {
        let wanted = Self::member(raw);
        self.layout.links().find_map(|(path, target)| {
            let joined = match path.rsplit_once('/') {
                Some((folder, _)) => format!("{folder}/{target}"),
                None => target.to_owned(),
            };
            (crate::blob::member_path(&joined).ok()? == wanted)
                .then(|| (path.to_owned(), wanted.clone()))
        })
    }
}

/// How Go's decoders stop on a compressed layer whose bytes were altered but not shortened:
/// a corrupt deflate stream, else the gzip trailer's CRC; zstd's frame checksum. They stop
/// before the digest, which is checked when the stream ends. `None` for a tar.
pub(super) fn decompression_error(scanned: &Scanned) -> Option<&'static str> {
    match (&scanned.uncompressed, scanned.magic) {
        (Some(Uncompressed::Corrupt(_)), Magic::Gzip) => Some("flate: corrupt input before offset"),
        (_, Magic::Gzip) => Some("gzip: invalid checksum"),
        (_, Magic::Zstd) => Some("CRC check failed"),
        _ => None,
    }
}

fn descriptor(node: &Node, source: &[u8]) -> Descriptor {
    let text = |key: &str| {
        node.get(key)
            .and_then(|m| m.value.as_str())
            .unwrap_or("")
            .to_owned()
    };
    let size = node
        .get("size")
        .and_then(|m| source.get(m.value.range.as_usize()))
        .and_then(|raw| std::str::from_utf8(raw).ok())
        .and_then(|raw| raw.parse::<u64>().ok());
    let platform = node.get("platform").map(|p| {
        let field = |key: &str| {
            p.value
                .get(key)
                .and_then(|m| m.value.as_str())
                .unwrap_or("")
                .to_owned()
        };
        (field("os"), field("architecture"))
    });
    let ref_name = node
        .get("annotations")
        .and_then(|a| a.value.get("org.opencontainers.image.ref.name"))
        .and_then(|m| m.value.as_str())
        .map(str::to_owned);
    Descriptor {
        media_type: text("mediaType"),
        digest: text("digest"),
        size,
        platform,
        ref_name,
    }
}
