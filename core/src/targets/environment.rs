//! What a verdict depends on beyond the document, when the caller knows it: what the registry
//! holds (each blob's and child manifest's digest and size, a config's `diff_ids`, whether a
//! layer is gzip'd),
//! where it is, and where `skopeo copy` writes. Given it, the models decide what their
//! `condition` otherwise leaves open (a blob that is not there, a size that does not match);
//! `check` knows none of it and keeps the conditions.

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
}

/// The registry a document is pushed to or pulled from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Store {
    /// `host:port`, as the programs' messages name it (`http://<address>/v2/…`).
    pub address: String,
    /// The repository (`library/alpine`).
    pub repository: String,
    pub contents: Vec<Stored>,
}

impl Store {
    pub(crate) fn get(&self, digest: &str) -> Option<&Stored> {
        self.contents.iter().find(|stored| stored.digest == digest)
    }

    pub(crate) fn blob(&self, digest: &str) -> Option<&Stored> {
        self.get(digest)
            .filter(|stored| stored.manifest_media_type.is_none())
    }

    pub(crate) fn manifest(&self, digest: &str) -> Option<&Stored> {
        self.get(digest)
            .filter(|stored| stored.manifest_media_type.is_some())
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
