//! The cases: every committed archive of `tests/fixtures/images/made` as it is, and the
//! uncompressed ones broken one way at a time, each written back deterministically (GNU tar
//! headers, mode 0644, mtime 0, members in their order), so its sha256 holds from run to run.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest as _, Sha256};

pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/images/made")
}

/// How a case reaches the loaders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// An OCI layout folder (`oci:DIR`, `podman load -i DIR`).
    Folder,
    /// A tar, as the fixture was (`Plain`), gzip- or zstd-compressed.
    Tar(Compression),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compression {
    Plain,
    Gzip,
    Zstd,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Member {
    File(Vec<u8>),
    Symlink(String),
}

/// An image in memory: its members in order.
#[derive(Debug, Clone)]
pub(crate) struct Image {
    pub(crate) members: Vec<(String, Member)>,
}

/// One case: what the loaders are given.
#[derive(Debug, Clone)]
pub(crate) struct Case {
    /// `<fixture>` for a committed archive as it is, `<fixture>/<break>` otherwise, and
    /// `<fixture>/<break>+fix <what>` repaired by `ocilint fix`.
    pub(crate) name: String,
    pub(crate) form: Form,
    /// A `docker save` archive (`manifest.json`, no `index.json`).
    pub(crate) docker: bool,
    pub(crate) image: Image,
    /// The exact bytes given to the loaders (for a folder: its deterministic tar, which is
    /// what the sha256 is of; the folder itself is written member by member).
    pub(crate) bytes: Vec<u8>,
}

impl Case {
    pub(crate) fn sha256(&self) -> String {
        sha256_hex(&self.bytes)
    }

    /// Writes the case under `dir`; the path to give the loaders.
    pub(crate) fn write(&self, dir: &Path) -> PathBuf {
        // podman load names an image loaded from a folder after its path: a valid reference.
        let safe: String = self
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        match self.form {
            Form::Folder => {
                let out = dir.join(safe);
                for (path, member) in &self.image.members {
                    let at = out.join(path);
                    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
                    match member {
                        Member::File(bytes) => std::fs::write(at, bytes).unwrap(),
                        Member::Symlink(target) => std::os::unix::fs::symlink(target, at).unwrap(),
                    }
                }
                out
            }
            Form::Tar(compression) => {
                let out = dir.join(format!("{safe}{}", compression.extension()));
                std::fs::write(&out, &self.bytes).unwrap();
                out
            }
        }
    }
}

impl Compression {
    fn extension(self) -> &'static str {
        match self {
            Compression::Plain => ".tar",
            Compression::Gzip => ".tar.gz",
            Compression::Zstd => ".tar.zst",
        }
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn blob_path(digest: &str) -> String {
    format!("blobs/{}", digest.replacen(':', "/", 1))
}

impl Image {
    /// A fixture's members: a folder's files (sorted), a tar's files and symbolic links.
    pub(crate) fn load(name: &str) -> (Image, Form, Vec<u8>) {
        let path = fixtures().join(name);
        let mut members = Vec::new();
        if path.is_dir() {
            let mut files = Vec::new();
            walk(&path, &path, &mut files);
            files.sort();
            for relative in files {
                members.push((
                    relative.clone(),
                    Member::File(std::fs::read(path.join(&relative)).unwrap()),
                ));
            }
            let image = Image { members };
            let tar = image.tar();
            return (image, Form::Folder, tar);
        }
        let bytes = std::fs::read(&path).unwrap();
        let (compression, tar) = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(bytes.as_slice())
                .read_to_end(&mut out)
                .unwrap();
            (Compression::Gzip, out)
        } else if bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            let mut out = Vec::new();
            ruzstd::decoding::StreamingDecoder::new(bytes.as_slice())
                .unwrap()
                .read_to_end(&mut out)
                .unwrap();
            (Compression::Zstd, out)
        } else {
            (Compression::Plain, bytes.clone())
        };
        let mut archive = tar::Archive::new(tar.as_slice());
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            let path = entry.path().unwrap().to_string_lossy().into_owned();
            let kind = entry.header().entry_type();
            if kind.is_symlink() {
                let target = entry.link_name().unwrap().unwrap();
                members.push((path, Member::Symlink(target.to_string_lossy().into_owned())));
            } else if kind.is_file() {
                let mut content = Vec::new();
                entry.read_to_end(&mut content).unwrap();
                members.push((path, Member::File(content)));
            }
        }
        (Image { members }, Form::Tar(compression), bytes)
    }

    /// The members as a deterministic tar.
    pub(crate) fn tar(&self) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (path, member) in &self.members {
            let mut header = tar::Header::new_gnu();
            header.set_mode(0o644);
            header.set_mtime(0);
            match member {
                Member::File(bytes) => {
                    header.set_size(bytes.len() as u64);
                    header.set_entry_type(tar::EntryType::Regular);
                    builder
                        .append_data(&mut header, path, bytes.as_slice())
                        .unwrap();
                }
                Member::Symlink(target) => {
                    header.set_size(0);
                    header.set_entry_type(tar::EntryType::Symlink);
                    builder.append_link(&mut header, path, target).unwrap();
                }
            }
        }
        builder.into_inner().unwrap()
    }

    fn position(&self, path: &str) -> Option<usize> {
        let wanted = path.trim_start_matches("./");
        self.members
            .iter()
            .position(|(p, _)| p.trim_start_matches("./") == wanted)
    }

    pub(crate) fn has(&self, path: &str) -> bool {
        self.position(path).is_some()
    }

    pub(crate) fn bytes(&self, path: &str) -> &Vec<u8> {
        match &self.members[self
            .position(path)
            .unwrap_or_else(|| panic!("no member {path}"))]
        .1
        {
            Member::File(bytes) => bytes,
            Member::Symlink(_) => panic!("{path} is a link"),
        }
    }

    pub(crate) fn bytes_mut(&mut self, path: &str) -> &mut Vec<u8> {
        let at = self
            .position(path)
            .unwrap_or_else(|| panic!("no member {path}"));
        match &mut self.members[at].1 {
            Member::File(bytes) => bytes,
            Member::Symlink(_) => panic!("{path} is a link"),
        }
    }

    pub(crate) fn json(&self, path: &str) -> Value {
        serde_json::from_slice(self.bytes(path)).unwrap()
    }

    pub(crate) fn remove(&mut self, path: &str) {
        if let Some(at) = self.position(path) {
            self.members.remove(at);
        }
    }

    /// Replaces the first `from` in a member's text.
    fn replace(&mut self, path: &str, from: &str, to: &str) {
        let text = String::from_utf8(self.bytes(path).clone()).unwrap();
        assert!(text.contains(from), "{path} has no {from}");
        *self.bytes_mut(path) = text.replacen(from, to, 1).into_bytes();
    }

    /// Adds a member (a new blob) or replaces its bytes.
    pub(crate) fn put(&mut self, path: &str, bytes: Vec<u8>) {
        match self.position(path) {
            Some(at) => self.members[at].1 = Member::File(bytes),
            None => self.members.push((path.to_owned(), Member::File(bytes))),
        }
    }

    /// The first image manifest reached from `index.json` (through a nested index).
    fn first_manifest(&self) -> String {
        let mut path = "index.json".to_owned();
        loop {
            let document = self.json(&path);
            let Some(entries) = document.get("manifests") else {
                return path;
            };
            path = blob_path(entries[0]["digest"].as_str().unwrap());
        }
    }

    /// Removes the manifest of a nested index's entry `at`, and its config and layers that no
    /// other entry shares (what a save of some platforms leaves).
    fn drop_platform(&mut self, index: &str, at: usize) {
        let entries = self.json(index)["manifests"].clone();
        let gone_path = blob_path(entries[at]["digest"].as_str().unwrap());
        let gone = self.json(&gone_path);
        let kept: Vec<Value> = entries
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(_, e)| self.json(&blob_path(e["digest"].as_str().unwrap())))
            .collect();
        let shared = |digest: &str| {
            kept.iter().any(|m| {
                m["config"]["digest"] == digest
                    || m["layers"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|l| l["digest"] == digest)
            })
        };
        self.remove(&gone_path);
        for descriptor in std::iter::once(&gone["config"]).chain(gone["layers"].as_array().unwrap())
        {
            let digest = descriptor["digest"].as_str().unwrap();
            if !shared(digest) {
                self.remove(&blob_path(digest));
            }
        }
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            out.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
}

pub(crate) const OCI: [&str; 10] = [
    "buildah-oci-layout",
    "buildah-multi-layout",
    "buildah-multi-archive.tar",
    "skopeo-oci-layout",
    "skopeo-oci-zstd-layout",
    "skopeo-oci-archive.tar",
    "skopeo-oci-archive.tar.gz",
    "podman-oci-archive.tar",
    "podman-oci-dir",
    "umoci-layout",
];

pub(crate) const DOCKER: [&str; 4] = [
    "docker20-save.tar",
    "skopeo-docker-archive.tar",
    "podman-docker-archive.tar",
    "podman-docker-archive.tar.zst",
];

/// The multi-platform fixtures, whose `index.json` names a nested two-platform index.
pub(crate) const MULTI: [&str; 2] = ["buildah-multi-layout", "buildah-multi-archive.tar"];

/// A case made from `fixture` by `edit`, written back in its form (uncompressed).
fn broken(fixture: &'static str, what: &str, edit: impl FnOnce(&mut Image)) -> Case {
    let (mut image, form, _) = Image::load(fixture);
    edit(&mut image);
    let bytes = image.tar();
    Case {
        name: format!("{fixture}/{what}"),
        form,
        docker: !image.has("index.json"),
        image,
        bytes,
    }
}

/// Every case, in a fixed order.
pub(crate) fn all() -> Vec<Case> {
    let mut cases = Vec::new();
    for fixture in OCI.iter().chain(&DOCKER) {
        let (image, form, bytes) = Image::load(fixture);
        cases.push(Case {
            name: (*fixture).to_owned(),
            form,
            docker: !image.has("index.json"),
            image,
            bytes,
        });
    }
    for fixture in OCI {
        let (image, form, _) = Image::load(fixture);
        if matches!(form, Form::Tar(Compression::Gzip | Compression::Zstd)) {
            continue;
        }
        cases.extend(oci_breaks(fixture, &image));
    }
    for fixture in DOCKER {
        let (image, form, _) = Image::load(fixture);
        if form != Form::Tar(Compression::Plain) {
            continue;
        }
        cases.extend(docker_breaks(fixture, &image));
    }
    for fixture in MULTI {
        cases.push(flat(fixture));
        cases.push(sparse(fixture));
    }
    cases.push(docker25("skopeo-oci-archive.tar"));
    cases.push(docker29("buildah-multi-archive.tar"));
    cases
}

/// `docker save` of Docker 25 to 28 (moby's own store), built from its documented layout
/// over an OCI archive of the same image (as `cli/tests/verify.rs` builds it): uncompressed
/// layers, `index.json` with the image name, `manifest.json` naming the same config and
/// layers by their `blobs/sha256/…` paths, `repositories`, an unreferenced legacy blob.
fn docker25(fixture: &'static str) -> Case {
    broken(fixture, "docker25-shape", |i| {
        let manifest = i.json(&i.first_manifest());
        let config = manifest["config"].clone();
        let mut out: Vec<(String, Member)> = vec![(
            blob_path(config["digest"].as_str().unwrap()),
            Member::File(
                i.bytes(&blob_path(config["digest"].as_str().unwrap()))
                    .clone(),
            ),
        )];
        let mut layers = Vec::new();
        for layer in manifest["layers"].as_array().unwrap() {
            let compressed = i.bytes(&blob_path(layer["digest"].as_str().unwrap()));
            let mut tar = Vec::new();
            flate2::read::MultiGzDecoder::new(compressed.as_slice())
                .read_to_end(&mut tar)
                .unwrap();
            let digest = format!("sha256:{}", sha256_hex(&tar));
            layers.push(serde_json::json!({
                "mediaType": "application/vnd.oci.image.layer.v1.tar",
                "digest": digest,
                "size": tar.len(),
            }));
            out.push((blob_path(&digest), Member::File(tar)));
        }
        let new_manifest = serde_json::to_vec(&serde_json::json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": config,
            "layers": layers,
        }))
        .unwrap();
        let manifest_digest = format!("sha256:{}", sha256_hex(&new_manifest));
        out.push((
            blob_path(&manifest_digest),
            Member::File(new_manifest.clone()),
        ));
        let legacy =
            br#"{"id":"legacy","created":"1970-01-01T00:00:00Z","container_config":{}}"#.to_vec();
        out.push((
            blob_path(&format!("sha256:{}", sha256_hex(&legacy))),
            Member::File(legacy),
        ));
        let index = serde_json::json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [{
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": manifest_digest,
                "size": new_manifest.len(),
                "annotations": {
                    "io.containerd.image.name": "docker.io/library/fixture:two",
                    "org.opencontainers.image.ref.name": "two"
                }
            }]
        });
        let docker_manifest = serde_json::json!([{
            "Config": blob_path(config["digest"].as_str().unwrap()),
            "RepoTags": ["fixture:two"],
            "Layers": layers.iter().map(|l| blob_path(l["digest"].as_str().unwrap())).collect::<Vec<_>>(),
        }]);
        let last = layers.last().unwrap()["digest"].as_str().unwrap()[7..].to_owned();
        for (path, bytes) in [
            ("index.json", serde_json::to_vec(&index).unwrap()),
            (
                "manifest.json",
                serde_json::to_vec(&docker_manifest).unwrap(),
            ),
            ("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec()),
            (
                "repositories",
                serde_json::to_vec(&serde_json::json!({"fixture": {"two": last}})).unwrap(),
            ),
        ] {
            out.push((path.to_owned(), Member::File(bytes)));
        }
        i.members = out;
    })
}

/// `docker save` of Docker 29 with the containerd image store, built from its documented
/// layout over the two-platform archive: the image's index kept whole, gzip layers, blobs
/// only for the platform pulled (amd64), and `manifest.json` for it.
fn docker29(fixture: &'static str) -> Case {
    broken(fixture, "docker29-shape", |i| {
        let nested = blob_path(
            i.json("index.json")["manifests"][0]["digest"]
                .as_str()
                .unwrap(),
        );
        i.drop_platform(&nested, 1);
        let kept = i.json(&blob_path(
            i.json(&nested)["manifests"][0]["digest"].as_str().unwrap(),
        ));
        let docker_manifest = serde_json::json!([{
            "Config": blob_path(kept["config"]["digest"].as_str().unwrap()),
            "RepoTags": ["fixture:multi"],
            "Layers": kept["layers"].as_array().unwrap().iter()
                .map(|l| blob_path(l["digest"].as_str().unwrap())).collect::<Vec<_>>(),
        }]);
        i.put(
            "manifest.json",
            serde_json::to_vec(&docker_manifest).unwrap(),
        );
    })
}

/// `index.json` listing the nested index's platform manifests itself (what `docker save` of
/// Docker 25+ and `oras`/`regctl` exports look like): no nested index.
pub(crate) fn flat(fixture: &'static str) -> Case {
    broken(fixture, "flat", |i| {
        let nested = blob_path(
            i.json("index.json")["manifests"][0]["digest"]
                .as_str()
                .unwrap(),
        );
        let entries = i.json(&nested)["manifests"].clone();
        let index = serde_json::json!({"schemaVersion": 2, "manifests": entries});
        *i.bytes_mut("index.json") = serde_json::to_vec(&index).unwrap();
    })
}

/// The second platform's manifest, config and layers left out (a save of some platforms).
pub(crate) fn sparse(fixture: &'static str) -> Case {
    broken(fixture, "sparse", |i| {
        let nested = blob_path(
            i.json("index.json")["manifests"][0]["digest"]
                .as_str()
                .unwrap(),
        );
        i.drop_platform(&nested, 1);
    })
}

fn oci_breaks(fixture: &'static str, image: &Image) -> Vec<Case> {
    let manifest = image.first_manifest();
    let m = image.json(&manifest);
    let layer = blob_path(m["layers"][0]["digest"].as_str().unwrap());
    let layer_type = m["layers"][0]["mediaType"].as_str().unwrap().to_owned();
    let config = blob_path(m["config"]["digest"].as_str().unwrap());
    let diff_id = image.json(&config)["rootfs"]["diff_ids"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let index = image.json("index.json");
    let size = index["manifests"][0]["size"].as_u64().unwrap();
    let (from, to) = if layer_type.ends_with("+zstd") {
        ("tar+zstd", "tar+gzip")
    } else {
        ("tar+gzip", "tar+zstd")
    };
    let other_diff_id = other_digest(&diff_id);
    vec![
        broken(fixture, "corrupt-byte", |i| {
            let bytes = i.bytes_mut(&layer);
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x55;
        }),
        broken(fixture, "truncated", |i| {
            i.bytes_mut(&layer).pop();
        }),
        broken(fixture, "removed", |i| i.remove(&layer)),
        broken(fixture, "relabelled", |i| i.replace(&manifest, from, to)),
        broken(fixture, "diff-id", |i| {
            i.replace(&config, &diff_id, &other_diff_id)
        }),
        broken(fixture, "size-off-by-one", |i| {
            i.replace(
                "index.json",
                &format!("\"size\":{size}"),
                &format!("\"size\":{}", size + 1),
            )
        }),
        broken(fixture, "dangling", |i| {
            let mut index = i.json("index.json");
            index["manifests"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({
                    "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "digest": format!("sha256:{}", "0".repeat(64)),
                    "size": 500,
                    "annotations": {"org.opencontainers.image.ref.name": "dangling"}
                }));
            *i.bytes_mut("index.json") = serde_json::to_vec(&index).unwrap();
        }),
        broken(fixture, "bad-oci-layout", |i| {
            *i.bytes_mut("oci-layout") = br#"{"imageLayoutVersion":"2.0.0"}"#.to_vec()
        }),
    ]
}

fn docker_breaks(fixture: &'static str, image: &Image) -> Vec<Case> {
    let manifest = image.json("manifest.json");
    let layer = manifest[0]["Layers"][0].as_str().unwrap().to_owned();
    let config = manifest[0]["Config"].as_str().unwrap().to_owned();
    let diff_id = image.json(&config)["rootfs"]["diff_ids"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let other_diff_id = other_digest(&diff_id);
    vec![
        broken(fixture, "corrupt-byte", |i| {
            let bytes = i.bytes_mut(&layer);
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x55;
        }),
        broken(fixture, "truncated", |i| i.bytes_mut(&layer).truncate(1024)),
        broken(fixture, "removed", |i| i.remove(&layer)),
        broken(fixture, "diff-id", |i| {
            i.replace(&config, &diff_id, &other_diff_id)
        }),
    ]
}

/// The same digest with its last hex digit changed.
fn other_digest(digest: &str) -> String {
    let mut other = digest.to_owned().into_bytes();
    let last = other.len() - 1;
    other[last] = if other[last] == b'0' { b'1' } else { b'0' };
    String::from_utf8(other).unwrap()
}
