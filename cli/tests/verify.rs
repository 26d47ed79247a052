//! `ocilint verify` over the real layouts and archives of `tests/fixtures/images/made` (made by
//! buildah, skopeo, podman and umoci; see its README). Each is copied into a temporary folder
//! in its own form (folder, tar, tar.gz, tar.zst), broken one way at a time, and verified: each
//! break must be reported by its rule, in the report of the right member, at the descriptor's
//! JSON Pointer. The blobs are found through `index.json` and `manifest.json`, never by a
//! digest written here, so the fixtures can be made again.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

#[path = "../src/schema.rs"]
#[allow(dead_code, unreachable_pub)]
mod schema;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/images/made")
}

const OCI: [&str; 10] = [
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

const DOCKER: [&str; 4] = [
    "docker20-save.tar",
    "skopeo-docker-archive.tar",
    "podman-docker-archive.tar",
    "podman-docker-archive.tar.zst",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Folder,
    Tar,
    TarGz,
    TarZst,
}

#[derive(Debug, Clone)]
enum Member {
    File(Vec<u8>),
    Symlink(String),
    Hardlink(String),
}

/// A fixture in memory: its members in order, and the form it is written back in.
#[derive(Debug, Clone)]
struct Image {
    name: String,
    form: Form,
    members: Vec<(String, Member)>,
    /// Write every member's name as a PAX `path` record (as `tar --format=pax` does).
    pax: bool,
}

impl Image {
    fn load(name: &str) -> Image {
        let path = fixtures().join(name);
        let form = if path.is_dir() {
            Form::Folder
        } else if name.ends_with(".tar.gz") {
            Form::TarGz
        } else if name.ends_with(".tar.zst") {
            Form::TarZst
        } else {
            Form::Tar
        };
        let mut members = Vec::new();
        if form == Form::Folder {
            for entry in walkdir::WalkDir::new(&path).sort_by_file_name() {
                let entry = entry.unwrap();
                if entry.file_type().is_file() {
                    let relative = entry.path().strip_prefix(&path).unwrap();
                    members.push((
                        relative.to_string_lossy().into_owned(),
                        Member::File(std::fs::read(entry.path()).unwrap()),
                    ));
                }
            }
        } else {
            let bytes = std::fs::read(&path).unwrap();
            let tar: Vec<u8> = match form {
                Form::TarGz => {
                    let mut out = Vec::new();
                    flate2::read::MultiGzDecoder::new(bytes.as_slice())
                        .read_to_end(&mut out)
                        .unwrap();
                    out
                }
                Form::TarZst => {
                    let mut out = Vec::new();
                    ruzstd::decoding::StreamingDecoder::new(bytes.as_slice())
                        .unwrap()
                        .read_to_end(&mut out)
                        .unwrap();
                    out
                }
                _ => bytes,
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
        }
        Image {
            name: name.to_owned(),
            form,
            members,
            pax: false,
        }
    }

    /// Writes the image in its form under `dir`; the path to verify.
    fn write(&self, dir: &Path) -> PathBuf {
        let out = dir.join(&self.name);
        if self.form == Form::Folder {
            for (path, member) in &self.members {
                let at = out.join(path);
                std::fs::create_dir_all(at.parent().unwrap()).unwrap();
                if let Member::File(bytes) = member {
                    std::fs::write(at, bytes).unwrap();
                }
            }
            return out;
        }
        let mut builder = tar::Builder::new(Vec::new());
        for (path, member) in &self.members {
            if self.pax {
                builder
                    .append_pax_extensions([("path", path.as_bytes())])
                    .unwrap();
            }
            let mut header = tar::Header::new_gnu();
            header.set_mode(0o644);
            match member {
                Member::File(bytes) if path.contains("..") || self.pax => {
                    // The name set by hand: the tar crate refuses `..`, and with a PAX record
                    // the header keeps only the name's first 100 bytes (no GNU long name).
                    header.set_size(bytes.len() as u64);
                    header.set_entry_type(tar::EntryType::Regular);
                    let name = &mut header.as_gnu_mut().unwrap().name;
                    let short = &path.as_bytes()[..path.len().min(100)];
                    name[..short.len()].copy_from_slice(short);
                    header.set_cksum();
                    builder.append(&header, bytes.as_slice()).unwrap();
                }
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
                Member::Hardlink(target) => {
                    header.set_size(0);
                    header.set_entry_type(tar::EntryType::Link);
                    builder.append_link(&mut header, path, target).unwrap();
                }
            }
        }
        let tar = builder.into_inner().unwrap();
        let bytes = match self.form {
            Form::TarGz => {
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                encoder.write_all(&tar).unwrap();
                encoder.finish().unwrap()
            }
            Form::TarZst => ruzstd::encoding::compress_to_vec(
                tar.as_slice(),
                ruzstd::encoding::CompressionLevel::Fastest,
            ),
            _ => tar,
        };
        std::fs::write(&out, bytes).unwrap();
        out
    }

    fn position(&self, path: &str) -> usize {
        let wanted = path.trim_start_matches("./");
        self.members
            .iter()
            .position(|(p, _)| p.trim_start_matches("./") == wanted)
            .unwrap_or_else(|| panic!("{}: no member {path}", self.name))
    }

    fn bytes(&self, path: &str) -> &Vec<u8> {
        match &self.members[self.position(path)].1 {
            Member::File(bytes) => bytes,
            _ => panic!("{path} is a link"),
        }
    }

    fn bytes_mut(&mut self, path: &str) -> &mut Vec<u8> {
        let at = self.position(path);
        match &mut self.members[at].1 {
            Member::File(bytes) => bytes,
            _ => panic!("{path} is a link"),
        }
    }

    fn json(&self, path: &str) -> Value {
        serde_json::from_slice(self.bytes(path)).unwrap()
    }

    fn remove(&mut self, path: &str) {
        let at = self.position(path);
        self.members.remove(at);
    }

    /// Replaces the first `from` in a member's text.
    fn replace(&mut self, path: &str, from: &str, to: &str) {
        let text = String::from_utf8(self.bytes(path).clone()).unwrap();
        assert!(text.contains(from), "{}: {path} has no {from}", self.name);
        *self.bytes_mut(path) = text.replacen(from, to, 1).into_bytes();
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
}

fn blob_path(digest: &str) -> String {
    format!("blobs/{}", digest.replacen(':', "/", 1))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ocilint-verify-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `ocilint verify --format json PATH`: its exit status and its output.
fn verify(path: &Path) -> (i32, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_ocilint"))
        .args(["verify", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "not JSON: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap(), json)
}

/// Every finding of the image rules: (member, code, pointer).
fn findings(report: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for file in report["reports"].as_array().unwrap() {
        let name = file["file"].as_str().unwrap();
        // In an archive, the member; in a folder, the whole path (matched by its end).
        let member = name.split_once("!/").map_or(name, |(_, m)| m).to_owned();
        for d in file["diagnostics"].as_array().unwrap() {
            let code = d["code"].as_str().unwrap();
            if code.starts_with("IMG") || code.starts_with("LAY") {
                out.push((
                    member.clone(),
                    code.to_owned(),
                    d["pointer"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    out
}

/// Breaks a copy of `image` with `edit`, verifies it, and expects exit 1 and, among the
/// findings, each of `expected` (member, code, pointer).
fn expect_broken(
    image: &Image,
    what: &str,
    edit: impl FnOnce(&mut Image),
    expected: &[(&str, &str, &str)],
) {
    let mut broken = image.clone();
    edit(&mut broken);
    let dir = scratch(&format!("{}-{what}", image.name));
    let path = broken.write(&dir);
    let (status, report) = verify(&path);
    let found = findings(&report);
    println!("{} / {what}: exit {status}, {found:?}", image.name);
    assert_eq!(status, 1, "{} / {what}: {report:#}", image.name);
    for (member, code, pointer) in expected {
        let suffix = format!("/{member}");
        assert!(
            found
                .iter()
                .any(|(m, c, p)| (m == member || m.ends_with(&suffix))
                    && c == code
                    && p == pointer),
            "{} / {what}: expected {code} in {member} at {pointer}, found {found:?}",
            image.name
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn every_fixture_verifies_clean() {
    for name in OCI.iter().chain(&DOCKER) {
        let (status, report) = verify(&fixtures().join(name));
        let blobs = report["blobs"].as_array().unwrap();
        println!(
            "{name}: exit {status}, {} blobs, {} reports",
            blobs.len(),
            report["reports"].as_array().unwrap().len()
        );
        assert_eq!(status, 0, "{name}: {report:#}");
        assert_eq!(findings(&report), [], "{name}");
        assert!(blobs.len() >= 3, "{name}");
        assert!(
            blobs.iter().all(|b| b["status"] == "ok"),
            "{name}: {blobs:#?}"
        );
    }
}

#[test]
fn each_break_of_an_oci_layout_is_reported_at_its_member_and_descriptor() {
    for name in OCI {
        let image = Image::load(name);
        let manifest = image.first_manifest();
        let m = image.json(&manifest);
        let layer = blob_path(m["layers"][0]["digest"].as_str().unwrap());
        let layer_type = m["layers"][0]["mediaType"].as_str().unwrap().to_owned();
        let config = blob_path(m["config"]["digest"].as_str().unwrap());
        let diff_id = image.json(&config)["rootfs"]["diff_ids"][0]
            .as_str()
            .unwrap()
            .to_owned();
        let at = |what: &'static str| (manifest.as_str(), what);

        expect_broken(
            &image,
            "corrupt-byte",
            |i| {
                let bytes = i.bytes_mut(&layer);
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0x55;
            },
            &[(at("").0, "IMG004", "/layers/0/digest")],
        );
        expect_broken(
            &image,
            "truncated",
            |i| {
                i.bytes_mut(&layer).pop();
            },
            &[(at("").0, "IMG003", "/layers/0/size")],
        );
        expect_broken(
            &image,
            "removed",
            |i| i.remove(&layer),
            &[(at("").0, "IMG001", "/layers/0/digest")],
        );
        let (from, to) = if layer_type.ends_with("+zstd") {
            ("tar+zstd", "tar+gzip")
        } else {
            ("tar+gzip", "tar+zstd")
        };
        expect_broken(
            &image,
            "relabelled",
            |i| i.replace(&manifest, from, to),
            &[(at("").0, "IMG005", "/layers/0/mediaType")],
        );
        let mut other = diff_id.clone().into_bytes();
        let last = other.len() - 1;
        other[last] = if other[last] == b'0' { b'1' } else { b'0' };
        let other = String::from_utf8(other).unwrap();
        expect_broken(
            &image,
            "diff-id",
            |i| i.replace(&config, &diff_id, &other),
            &[
                (config.as_str(), "IMG006", "/rootfs/diff_ids/0"),
                (at("").0, "IMG004", "/config/digest"),
            ],
        );
        let index = image.json("index.json");
        let size = index["manifests"][0]["size"].as_u64().unwrap();
        expect_broken(
            &image,
            "size-off-by-one",
            |i| {
                i.replace(
                    "index.json",
                    &format!("\"size\":{size}"),
                    &format!("\"size\":{}", size + 1),
                )
            },
            &[("index.json", "IMG003", "/manifests/0/size")],
        );
        let entries = index["manifests"].as_array().unwrap().len();
        let dangling_pointer = format!("/manifests/{entries}/digest");
        expect_broken(
            &image,
            "dangling",
            |i| {
                let mut index = i.json("index.json");
                index["manifests"]
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!({
                        "mediaType": "application/vnd.oci.image.manifest.v1+json",
                        "digest": format!("sha256:{}", "0".repeat(64)),
                        "size": 500
                    }));
                *i.bytes_mut("index.json") = serde_json::to_vec(&index).unwrap();
            },
            &[("index.json", "IMG001", dangling_pointer.as_str())],
        );
        expect_broken(
            &image,
            "bad-oci-layout",
            |i| *i.bytes_mut("oci-layout") = br#"{"imageLayoutVersion":"1.1.0"}"#.to_vec(),
            &[("oci-layout", "LAY001", "/imageLayoutVersion")],
        );
        expect_broken(
            &image,
            "no-oci-layout",
            |i| i.remove("oci-layout"),
            &[("oci-layout", "LAY002", "")],
        );
    }
}

/// `docker save` archives have no media types, sizes, `index.json` or `oci-layout`: their
/// layers are checked through the config's `diff_ids` and their config through its name.
#[test]
fn each_break_of_a_docker_archive_is_reported_at_its_member_and_entry() {
    for name in DOCKER {
        let image = Image::load(name);
        let manifest = image.json("manifest.json");
        let layer = manifest[0]["Layers"][0].as_str().unwrap().to_owned();
        let config = manifest[0]["Config"].as_str().unwrap().to_owned();
        let diff_id = image.json(&config)["rootfs"]["diff_ids"][0]
            .as_str()
            .unwrap()
            .to_owned();

        expect_broken(
            &image,
            "corrupt-byte",
            |i| {
                let bytes = i.bytes_mut(&layer);
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0x55;
            },
            &[(config.as_str(), "IMG006", "/rootfs/diff_ids/0")],
        );
        expect_broken(
            &image,
            "truncated",
            |i| {
                i.bytes_mut(&layer).truncate(1024);
            },
            &[(config.as_str(), "IMG006", "/rootfs/diff_ids/0")],
        );
        expect_broken(
            &image,
            "removed",
            |i| i.remove(&layer),
            &[("manifest.json", "IMG001", "/0/Layers/0")],
        );
        let other = format!("sha256:{}", "0".repeat(64));
        expect_broken(
            &image,
            "diff-id",
            |i| i.replace(&config, &diff_id, &other),
            &[
                (config.as_str(), "IMG006", "/rootfs/diff_ids/0"),
                ("manifest.json", "IMG004", "/0/Config"),
            ],
        );
    }
}

/// A two-platform layout with one platform's manifest, config and layers removed (what
/// Docker 29 saves when only some platforms were pulled) is sparse, not broken.
#[test]
fn a_removed_platform_is_sparse() {
    for name in ["buildah-multi-layout", "buildah-multi-archive.tar"] {
        let mut image = Image::load(name);
        let nested = blob_path(
            image.json("index.json")["manifests"][0]["digest"]
                .as_str()
                .unwrap(),
        );
        let gone_path = drop_platform(&mut image, &nested, 1);
        let dir = scratch(&format!("{name}-platform"));
        let path = image.write(&dir);
        let (status, report) = verify(&path);
        let found = findings(&report);
        println!("{name} without its second platform: exit {status}, {found:?}");
        assert_eq!(status, 0, "{report:#}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.ends_with(&nested), "{found:?}");
        assert_eq!(
            (found[0].1.as_str(), found[0].2.as_str()),
            ("IMG002", "/manifests/1/digest")
        );
        let blobs = report["blobs"].as_array().unwrap();
        let sparse: Vec<&Value> = blobs.iter().filter(|b| b["status"] == "sparse").collect();
        assert_eq!(sparse.len(), 1, "{blobs:#?}");
        assert!(sparse[0]["file"].as_str().unwrap().ends_with(&gone_path));
        assert!(blobs
            .iter()
            .all(|b| b["status"] == "ok" || b["status"] == "sparse"));
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn a_tar_on_standard_input_and_every_format() {
    let archive = std::fs::read(fixtures().join("skopeo-oci-archive.tar.gz")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocilint"))
        .args(["verify", "--format", "concise", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&archive).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));

    // A broken one in each format names the member and the rule.
    let mut image = Image::load("skopeo-oci-archive.tar");
    let manifest = image.first_manifest();
    let layer = blob_path(
        image.json(&manifest)["layers"][0]["digest"]
            .as_str()
            .unwrap(),
    );
    image.bytes_mut(&layer).pop();
    let dir = scratch("formats");
    let path = image.write(&dir);
    for format in ["human", "concise", "github", "sarif", "json"] {
        let output = Command::new(env!("CARGO_BIN_EXE_ocilint"))
            .args(["verify", "--format", format])
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{format}: {text}");
        assert!(text.contains("IMG003"), "{format}: {text}");
        assert!(
            text.contains(&format!("skopeo-oci-archive.tar!/{manifest}")),
            "{format}: {text}"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_unreadable_input_exits_2() {
    let dir = scratch("unreadable");
    let not_tar = dir.join("not.tar");
    std::fs::write(&not_tar, vec![b'x'; 2000]).unwrap();
    for path in [dir.join("missing"), not_tar] {
        let output = Command::new(env!("CARGO_BIN_EXE_ocilint"))
            .arg("verify")
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", path.display());
        assert!(String::from_utf8_lossy(&output.stderr).contains("ocilint: cannot read"));
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// A member named `../…` is refused with a diagnostic, not written or read outside.
#[test]
fn a_member_leaving_the_archive_is_refused() {
    let mut image = Image::load("skopeo-oci-archive.tar");
    image
        .members
        .push(("../escape".to_owned(), Member::File(b"x".to_vec())));
    image.members.push((
        "link".to_owned(),
        Member::Symlink("../../etc/passwd".to_owned()),
    ));
    let dir = scratch("escape");
    let path = image.write(&dir);
    let (status, report) = verify(&path);
    let found = findings(&report);
    assert_eq!(status, 1);
    assert!(
        found.contains(&("../escape".to_owned(), "IMG009".to_owned(), String::new())),
        "{found:?}"
    );
    assert!(
        found.contains(&("link".to_owned(), "IMG009".to_owned(), String::new())),
        "{found:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let hash = sha2::Sha256::digest(bytes);
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Removes the manifest of the index's entry `at` and its config and layers (those no other
/// entry shares); the removed manifest's path.
fn drop_platform(image: &mut Image, index: &str, at: usize) -> String {
    let entries = image.json(index)["manifests"].clone();
    let gone_path = blob_path(entries[at]["digest"].as_str().unwrap());
    let gone = image.json(&gone_path);
    let kept: Vec<Value> = entries
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != at)
        .map(|(_, e)| image.json(&blob_path(e["digest"].as_str().unwrap())))
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
    image.remove(&gone_path);
    for descriptor in std::iter::once(&gone["config"]).chain(gone["layers"].as_array().unwrap()) {
        let digest = descriptor["digest"].as_str().unwrap();
        if !shared(digest) {
            image.remove(&blob_path(digest));
        }
    }
    gone_path
}

/// `docker save` of Docker 25 to 28 (moby's own image store), built from its documented
/// layout over skopeo's layout of the same image: an OCI layout with uncompressed layers and
/// `index.json` annotated with the image name, beside `manifest.json` naming the same config
/// and layers by their `blobs/sha256/…` paths, `repositories`, and an unreferenced legacy blob.
fn docker25(image: &Image) -> Image {
    let manifest_path = image.first_manifest();
    let manifest = image.json(&manifest_path);
    let config = manifest["config"].clone();
    let mut out = Image {
        name: "docker25-save.tar".to_owned(),
        form: Form::Tar,
        members: Vec::new(),
        pax: false,
    };
    out.members.push((
        "blobs/sha256/".to_owned() + &config["digest"].as_str().unwrap()[7..],
        Member::File(
            image
                .bytes(&blob_path(config["digest"].as_str().unwrap()))
                .clone(),
        ),
    ));
    let mut layers = Vec::new();
    for layer in manifest["layers"].as_array().unwrap() {
        let compressed = image.bytes(&blob_path(layer["digest"].as_str().unwrap()));
        let mut tar = Vec::new();
        flate2::read::MultiGzDecoder::new(compressed.as_slice())
            .read_to_end(&mut tar)
            .unwrap();
        let digest = sha256(&tar);
        layers.push(serde_json::json!({
            "mediaType": "application/vnd.oci.image.layer.v1.tar",
            "digest": digest,
            "size": tar.len(),
        }));
        out.members.push((blob_path(&digest), Member::File(tar)));
    }
    let new_manifest = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": config,
        "layers": layers,
    }))
    .unwrap();
    let manifest_digest = sha256(&new_manifest);
    out.members.push((
        blob_path(&manifest_digest),
        Member::File(new_manifest.clone()),
    ));
    // A legacy v1 layer description Docker 25 still writes, which nothing references.
    let legacy =
        br#"{"id":"legacy","created":"1970-01-01T00:00:00Z","container_config":{}}"#.to_vec();
    out.members
        .push((blob_path(&sha256(&legacy)), Member::File(legacy)));
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
        out.members.push((path.to_owned(), Member::File(bytes)));
    }
    out
}

/// `docker save` of Docker 29 with the containerd image store, built from its documented
/// layout over buildah's two-platform layout: the image's own index kept whole (both
/// platforms), gzip layers, blobs only for the platform that was pulled, and `manifest.json`
/// for that platform.
fn docker29(image: &Image) -> (Image, String) {
    let mut out = image.clone();
    out.name = "docker29-save.tar".to_owned();
    out.form = Form::Tar;
    let nested = blob_path(
        image.json("index.json")["manifests"][0]["digest"]
            .as_str()
            .unwrap(),
    );
    let gone = drop_platform(&mut out, &nested, 1);
    let kept = out.json(&blob_path(
        out.json(&nested)["manifests"][0]["digest"]
            .as_str()
            .unwrap(),
    ));
    let docker_manifest = serde_json::json!([{
        "Config": blob_path(kept["config"]["digest"].as_str().unwrap()),
        "RepoTags": ["fixture:multi"],
        "Layers": kept["layers"].as_array().unwrap().iter()
            .map(|l| blob_path(l["digest"].as_str().unwrap())).collect::<Vec<_>>(),
    }]);
    out.members.push((
        "manifest.json".to_owned(),
        Member::File(serde_json::to_vec(&docker_manifest).unwrap()),
    ));
    (out, gone)
}

#[test]
fn docker_25_and_29_saves_built_from_their_documented_layout() {
    let dir = scratch("docker-shapes");
    let moby = docker25(&Image::load("skopeo-oci-layout"));
    let (status, report) = verify(&moby.write(&dir));
    println!("Docker 25 shape: exit {status}, {:?}", findings(&report));
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(findings(&report), []);
    let blobs = report["blobs"].as_array().unwrap();
    assert!(blobs.iter().all(|b| b["status"] == "ok"), "{blobs:#?}");
    // Both sides are read: the OCI manifest's layers and manifest.json's.
    assert!(blobs.len() >= 4, "{blobs:#?}");

    let (containerd, gone) = docker29(&Image::load("buildah-multi-layout"));
    let (status, report) = verify(&containerd.write(&dir));
    let found = findings(&report);
    println!("Docker 29 shape: exit {status}, {found:?}");
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "IMG002");
    let blobs = report["blobs"].as_array().unwrap();
    let sparse: Vec<_> = blobs.iter().filter(|b| b["status"] == "sparse").collect();
    assert_eq!(sparse.len(), 1);
    assert!(sparse[0]["file"].as_str().unwrap().ends_with(&gone));

    // manifest.json naming another config than the OCI side is reported there.
    let mut split = moby.clone();
    let layer = split.json("manifest.json")[0]["Layers"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let config = split.json("manifest.json")[0]["Config"]
        .as_str()
        .unwrap()
        .to_owned();
    split.replace(
        "manifest.json",
        &format!("\"Config\":\"{config}\""),
        &format!("\"Config\":\"{layer}\""),
    );
    expect_broken(
        &split,
        "other-config",
        |_| {},
        &[("manifest.json", "IMG008", "/0/Config")],
    );
    // manifest.json listing other layers than the OCI manifest with its config.
    let mut reordered = moby.clone();
    let layers = reordered.json("manifest.json")[0]["Layers"].clone();
    let (first, second) = (layers[0].as_str().unwrap(), layers[1].as_str().unwrap());
    reordered.replace(
        "manifest.json",
        &format!("\"{first}\",\"{second}\""),
        &format!("\"{second}\",\"{first}\""),
    );
    expect_broken(
        &reordered,
        "layers-reordered",
        |_| {},
        &[("manifest.json", "IMG008", "/0/Layers")],
    );
    // A layer corrupted: the OCI descriptor and the config's diff_id both say so.
    expect_broken(
        &moby,
        "corrupt-layer",
        |i| {
            let bytes = i.bytes_mut(&layer);
            bytes[600] ^= 1;
        },
        &[("manifest.json", "IMG004", "/0/Layers/0")],
    );
    let _ = std::fs::remove_dir_all(dir);
}

fn sha512(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let hash = sha2::Sha512::digest(bytes);
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha512:{hex}")
}

/// skopeo's layout with every blob named by sha512 (paths of 141 characters, past tar's 100:
/// GNU long names, or PAX records), written as a tar.
fn sha512_layout(pax: bool) -> (Image, String) {
    let image = Image::load("skopeo-oci-layout");
    let manifest_path = image.first_manifest();
    let mut manifest = image.json(&manifest_path);
    let mut out = Image {
        name: format!("sha512-{}.tar", if pax { "pax" } else { "gnu" }),
        form: Form::Tar,
        members: Vec::new(),
        pax,
    };
    let mut rename = |descriptor: &mut Value| {
        let bytes = image
            .bytes(&blob_path(descriptor["digest"].as_str().unwrap()))
            .clone();
        let digest = sha512(&bytes);
        descriptor["digest"] = Value::String(digest.clone());
        out.members.push((blob_path(&digest), Member::File(bytes)));
    };
    rename(&mut manifest["config"]);
    for layer in manifest["layers"].as_array_mut().unwrap() {
        rename(layer);
    }
    let bytes = serde_json::to_vec(&manifest).unwrap();
    let digest = sha512(&bytes);
    let index = serde_json::json!({"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": digest, "size": bytes.len()}]});
    out.members.push((blob_path(&digest), Member::File(bytes)));
    out.members.push((
        "index.json".to_owned(),
        Member::File(serde_json::to_vec(&index).unwrap()),
    ));
    out.members.push((
        "oci-layout".to_owned(),
        Member::File(br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec()),
    ));
    (out, blob_path(&digest))
}

#[test]
fn sha512_blobs_with_long_names_and_pax_records() {
    for pax in [false, true] {
        let (image, manifest) = sha512_layout(pax);
        let dir = scratch(&image.name);
        let (status, report) = verify(&image.write(&dir));
        let blobs = report["blobs"].as_array().unwrap();
        println!("{}: exit {status}, {} blobs", image.name, blobs.len());
        assert_eq!(status, 0, "{report:#}");
        assert_eq!(blobs.len(), 4);
        assert!(blobs
            .iter()
            .all(|b| b["status"] == "ok" && b["digest"].as_str().unwrap().starts_with("sha512:")));
        let layer = blob_path(
            image.json(&manifest)["layers"][0]["digest"]
                .as_str()
                .unwrap(),
        );
        expect_broken(
            &image,
            "corrupt",
            |i| i.bytes_mut(&layer)[40] ^= 1,
            &[(manifest.as_str(), "IMG004", "/layers/0/digest")],
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Legacy `docker save`: `manifest.json` names `<id>/layer.tar`, here a symbolic link (as
/// skopeo writes them) or a hard link to the layer; both are followed inside the archive.
#[test]
fn legacy_layer_paths_through_symbolic_and_hard_links() {
    let mut image = Image::load("skopeo-docker-archive.tar");
    let links: Vec<(String, String)> = image
        .members
        .iter()
        .filter_map(|(path, m)| match m {
            Member::Symlink(target) => Some((path.clone(), target.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(links.len(), 2);
    let mut manifest = image.json("manifest.json");
    for (path, target) in &links {
        let layer = target.trim_start_matches("../");
        for item in manifest[0]["Layers"].as_array_mut().unwrap() {
            if item == layer {
                *item = Value::String(path.clone());
            }
        }
    }
    *image.bytes_mut("manifest.json") = serde_json::to_vec(&manifest).unwrap();
    // The first as a hard link (named from the archive's root).
    let (first, target) = &links[0];
    let at = image.position(first);
    image.members[at].1 = Member::Hardlink(target.trim_start_matches("../").to_owned());
    let dir = scratch("legacy-links");
    let (status, report) = verify(&image.write(&dir));
    println!("legacy links: exit {status}, {:?}", findings(&report));
    assert_eq!(status, 0, "{report:#}");
    let blobs = report["blobs"].as_array().unwrap();
    assert!(blobs
        .iter()
        .any(|b| b["file"].as_str().unwrap().ends_with("/layer.tar")));
    assert!(blobs.iter().all(|b| b["status"] == "ok"), "{blobs:#?}");
    // A layer behind a link, corrupted: its diff_id says so.
    let layer = target.trim_start_matches("../").to_owned();
    let config = manifest[0]["Config"].as_str().unwrap().to_owned();
    expect_broken(
        &image,
        "corrupt-behind-link",
        |i| i.bytes_mut(&layer)[700] ^= 1,
        &[(config.as_str(), "IMG006", "/rootfs/diff_ids/0")],
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// In a folder, a symbolic link to a file outside is not followed: refused, and the blob it
/// stood for is missing. One to a file inside is followed.
#[cfg(unix)]
#[test]
fn folder_links_stay_inside_the_folder() {
    let image = Image::load("buildah-oci-layout");
    let manifest = image.first_manifest();
    let m = image.json(&manifest);
    let layers: Vec<String> = (0..2)
        .map(|i| blob_path(m["layers"][i]["digest"].as_str().unwrap()))
        .collect();
    let dir = scratch("folder-links");
    let path = image.write(&dir);
    // Inside: the first layer moved and linked back.
    std::fs::rename(path.join(&layers[0]), path.join("moved")).unwrap();
    std::os::unix::fs::symlink("../../moved", path.join(&layers[0])).unwrap();
    let (status, report) = verify(&path);
    assert_eq!(status, 0, "{report:#}");
    // Outside: the second layer replaced by a link to a copy outside the folder.
    let outside = dir.join("outside");
    std::fs::rename(path.join(&layers[1]), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, path.join(&layers[1])).unwrap();
    let (status, report) = verify(&path);
    let found = findings(&report);
    println!("folder links: exit {status}, {found:?}");
    assert_eq!(status, 1);
    assert!(
        found
            .iter()
            .any(|(m, c, _)| m.ends_with(&layers[1]) && c == "IMG009"),
        "{found:?}"
    );
    assert!(found
        .iter()
        .any(|(m, c, p)| m.ends_with(&manifest) && c == "IMG001" && p == "/layers/1/digest"));
    let _ = std::fs::remove_dir_all(dir);
}

/// A zstd archive of several frames (as `pzstd` writes) is read frame after frame.
#[test]
fn a_zstd_archive_of_several_frames() {
    let image = Image::load("skopeo-oci-archive.tar");
    let dir = scratch("zstd-frames");
    let tar = std::fs::read(image.write(&dir)).unwrap();
    let (first, second) = tar.split_at(tar.len() / 2);
    let mut frames =
        ruzstd::encoding::compress_to_vec(first, ruzstd::encoding::CompressionLevel::Fastest);
    frames.extend(ruzstd::encoding::compress_to_vec(
        second,
        ruzstd::encoding::CompressionLevel::Fastest,
    ));
    let path = dir.join("frames.tar.zst");
    std::fs::write(&path, frames).unwrap();
    let (status, report) = verify(&path);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(report["blobs"].as_array().unwrap().len(), 4);
    let _ = std::fs::remove_dir_all(dir);
}

/// The published schema of `verify --format json` is generated from the types (rewritten, and
/// failing once, when they change) and true of real output, broken and sparse included.
#[test]
fn the_verify_schema_is_generated_and_true_of_real_output() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(schema::VERIFY_SCHEMA_PATH);
    let mut fresh = serde_json::to_string_pretty(&schema::verify_report()).unwrap();
    fresh.push('\n');
    if std::fs::read_to_string(&path).unwrap_or_default() != fresh {
        std::fs::write(&path, &fresh).unwrap();
        panic!(
            "{} was out of date and has been rewritten: review and commit it",
            schema::VERIFY_SCHEMA_PATH
        );
    }
    let validator = jsonschema::validator_for(&serde_json::from_str(&fresh).unwrap()).unwrap();
    let dir = scratch("schema");
    let mut broken = Image::load("buildah-multi-archive.tar");
    let nested = blob_path(
        broken.json("index.json")["manifests"][0]["digest"]
            .as_str()
            .unwrap(),
    );
    drop_platform(&mut broken, &nested, 1);
    let manifest = broken.first_manifest();
    let layer = blob_path(
        broken.json(&manifest)["layers"][0]["digest"]
            .as_str()
            .unwrap(),
    );
    broken.bytes_mut(&layer).pop();
    let broken = broken.write(&dir);
    for path in [
        fixtures().join("skopeo-docker-archive.tar"),
        fixtures().join("umoci-layout"),
        broken,
    ] {
        let (_, report) = verify(&path);
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// An index entry whose `platform` is not its image's: reported at the entry's `platform`.
#[test]
fn a_platform_that_is_not_the_configs() {
    let image = Image::load("buildah-multi-layout");
    let nested = blob_path(
        image.json("index.json")["manifests"][0]["digest"]
            .as_str()
            .unwrap(),
    );
    expect_broken(
        &image,
        "wrong-platform",
        |i| {
            i.replace(
                &nested,
                "\"architecture\":\"amd64\"",
                "\"architecture\":\"s390x\"",
            )
        },
        &[
            (nested.as_str(), "IMG007", "/manifests/0/platform"),
            ("index.json", "IMG004", "/manifests/0/digest"),
        ],
    );
}

/// A zstd archive that would expand past the bomb limit: one member of 1 GiB of zeros in run-
/// length blocks, 32 KiB in all, made here by hand (a raw block for the tar header, then RLE
/// blocks of 128 KiB). Reading stops at the limit with the reason, exit 2.
#[test]
fn a_decompression_bomb_is_stopped() {
    let mut header = tar::Header::new_gnu();
    header.set_path("blobs/sha256/bomb").unwrap();
    header.set_size(1 << 30);
    header.set_mode(0o644);
    header.set_cksum();
    let block = |last: bool, kind: u32, size: u32| {
        let value = u32::from(last) | (kind << 1) | (size << 3);
        value.to_le_bytes()[..3].to_vec()
    };
    // Magic, no content size, a window of 128 KiB (the largest block).
    let mut frame = vec![0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38];
    frame.extend(block(false, 0, 512));
    frame.extend_from_slice(header.as_bytes());
    let blocks = (1u32 << 30) / (128 * 1024);
    for at in 0..blocks {
        frame.extend(block(at + 1 == blocks, 1, 128 * 1024));
        frame.push(0);
    }
    let dir = scratch("bomb");
    let path = dir.join("bomb.tar.zst");
    std::fs::write(&path, &frame).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_ocilint"))
        .arg("verify")
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!(
        "{} bytes: exit {:?}, {stderr}",
        frame.len(),
        output.status.code()
    );
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("decompression bomb"), "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}

/// `index.json` listing a nested index's platform manifests itself (no nested index).
fn flatten(image: &mut Image) {
    let nested = blob_path(
        image.json("index.json")["manifests"][0]["digest"]
            .as_str()
            .unwrap(),
    );
    let entries = image.json(&nested)["manifests"].clone();
    *image.bytes_mut("index.json") =
        serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "manifests": entries})).unwrap();
}

/// Every output of `verify` says who can load the image: the flat two-platform archive is
/// refused by podman and skopeo in their words, and imported by containerd without a name.
#[test]
fn who_can_load_it_in_every_output() {
    let mut image = Image::load("buildah-multi-archive.tar");
    flatten(&mut image);
    let dir = scratch("loaders");
    let path = image.write(&dir);
    let (_, report) = verify(&path);
    let loaders = report["loaders"].as_array().unwrap();
    let find = |command: &str| {
        loaders
            .iter()
            .find(|l| l["command"] == command)
            .unwrap_or_else(|| panic!("no {command}: {loaders:#?}"))
    };
    let podman = find("podman load");
    assert_eq!(podman["verdict"], "reject");
    assert_eq!(
        podman["message"],
        "more than one image in oci, choose an image"
    );
    assert_eq!(podman["basis"], "model");
    assert!(podman["source"]
        .as_str()
        .unwrap()
        .contains("measured: podman 4.3.1"));
    assert_eq!(podman["step"], "choose image");
    assert_eq!(find("skopeo copy oci-archive:")["verdict"], "reject");
    assert_eq!(find("ctr images import")["verdict"], "warn");
    assert_eq!(find("docker load")["verdict"], "reject");
    assert_eq!(find("crane validate --tarball")["basis"], "model");

    let run = |format: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_ocilint"))
            .args(["verify", "--format", format])
            .arg(&path)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let human = run("human");
    println!("{human}");
    assert!(human.contains("Who can load it:"), "{human}");
    assert!(
        human.contains("choose image: more than one image in oci, choose an image"),
        "{human}"
    );
    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    let in_sarif = sarif["runs"][0]["properties"]["loaders"]
        .as_array()
        .unwrap();
    assert_eq!(in_sarif.len(), loaders.len());

    // A folder is judged by the loaders that read folders only.
    let (_, report) = verify(&fixtures().join("skopeo-oci-layout"));
    let commands: Vec<&str> = report["loaders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"].as_str().unwrap())
        .collect();
    assert_eq!(commands, ["podman load", "skopeo copy oci:"]);
    let _ = std::fs::remove_dir_all(dir);
}

/// `ocilint fix LAYOUT ARGS… -o OUT`: its exit status and what it printed.
fn fix_layout(input: &Path, args: &[&str], out: &Path) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ocilint"))
        .arg("fix")
        .arg(input)
        .args(args)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap(), text)
}

fn loader<'v>(report: &'v Value, command: &str) -> &'v Value {
    report["loaders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["command"] == command)
        .unwrap_or_else(|| panic!("no {command}"))
}

/// Every blob of `before` is in `after` with the same bytes: a repair never rewrites one.
fn blobs_kept(before: &Image, after: &Image) {
    for (path, member) in &before.members {
        if path.trim_start_matches("./").starts_with("blobs/") {
            let Member::File(bytes) = member else {
                continue;
            };
            assert_eq!(after.bytes(path), bytes, "{path} changed");
        }
    }
}

#[test]
fn fix_chooses_a_platform_of_a_flat_archive_for_podman() {
    let mut image = Image::load("buildah-multi-archive.tar");
    flatten(&mut image);
    let dir = scratch("fix-flat");
    let input = image.write(&dir);
    let (_, before) = verify(&input);
    assert_eq!(loader(&before, "podman load")["verdict"], "reject");

    let out = dir.join("repaired.tar");
    let (status, printed) = fix_layout(&input, &["--platform", "linux/amd64"], &out);
    println!("{printed}");
    assert_eq!(status, 0, "{printed}");
    assert!(
        printed.contains("(linux/arm64/v8): not a chosen platform"),
        "{printed}"
    );
    assert!(printed.contains("It verifies clean."), "{printed}");
    let (status, after) = verify(&out);
    assert_eq!(status, 0, "{after:#}");
    assert_eq!(loader(&after, "podman load")["verdict"], "accept");
    assert_eq!(
        loader(&after, "skopeo copy oci-archive:")["verdict"],
        "accept"
    );
    let mut written = image.clone();
    written.members = read_tar(&out);
    blobs_kept(&image, &written);

    // Refusals: no entry left; an output that exists.
    let (status, printed) = fix_layout(&input, &["--platform", "linux/s390x"], &dir.join("x.tar"));
    assert_eq!(status, 1, "{printed}");
    assert!(printed.contains("no entry would be left"), "{printed}");
    let (status, printed) = fix_layout(&input, &["--platform", "linux/amd64"], &out);
    assert_eq!(status, 2, "{printed}");
    assert!(printed.contains("--force"), "{printed}");
    let _ = std::fs::remove_dir_all(dir);
}

/// A repair reads the archive as `verify` does: a zstd archive of several frames (as `pzstd`
/// writes) is copied whole, not cut at its first frame.
#[test]
fn fix_reads_a_zstd_archive_of_several_frames_whole() {
    let mut image = Image::load("buildah-multi-archive.tar");
    flatten(&mut image);
    let dir = scratch("fix-zstd-frames");
    let tar = std::fs::read(image.write(&dir)).unwrap();
    let (first, second) = tar.split_at(tar.len() / 2);
    let mut frames =
        ruzstd::encoding::compress_to_vec(first, ruzstd::encoding::CompressionLevel::Fastest);
    frames.extend(ruzstd::encoding::compress_to_vec(
        second,
        ruzstd::encoding::CompressionLevel::Fastest,
    ));
    let input = dir.join("frames.tar.zst");
    std::fs::write(&input, frames).unwrap();

    let out = dir.join("repaired.tar");
    let (status, printed) = fix_layout(&input, &["--platform", "linux/amd64"], &out);
    assert_eq!(status, 0, "{printed}");
    assert!(printed.contains("It verifies clean."), "{printed}");
    let (status, after) = verify(&out);
    assert_eq!(status, 0, "{after:#}");
    let mut written = image.clone();
    written.members = read_tar(&out);
    blobs_kept(&image, &written);
    let _ = std::fs::remove_dir_all(dir);
}

/// A sparse archive (one platform's blobs not saved) loses the absent entry of its nested
/// index for `ctr images import --all-platforms`; the new index is a new blob whose digest
/// index.json names.
#[test]
fn fix_drops_the_absent_platform_of_a_sparse_archive_for_containerd() {
    let mut image = Image::load("buildah-multi-archive.tar");
    let nested = blob_path(
        image.json("index.json")["manifests"][0]["digest"]
            .as_str()
            .unwrap(),
    );
    drop_platform(&mut image, &nested, 1);
    let dir = scratch("fix-sparse");
    let input = image.write(&dir);
    let (_, before) = verify(&input);
    assert_eq!(
        loader(&before, "ctr images import --all-platforms")["verdict"],
        "reject"
    );
    let out = dir.join("repaired.tar");
    let (status, printed) = fix_layout(&input, &["--for", "containerd"], &out);
    println!("{printed}");
    assert_eq!(status, 0, "{printed}");
    let (status, after) = verify(&out);
    assert_eq!(status, 0, "{after:#}");
    assert_eq!(
        loader(&after, "ctr images import --all-platforms")["verdict"],
        "accept"
    );
    assert!(after["blobs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["status"] == "ok"));
    let written = read_tar(&out);
    let index: Value = serde_json::from_slice(
        written
            .iter()
            .find_map(|(p, m)| match m {
                Member::File(b) if p.trim_start_matches("./") == "index.json" => Some(b),
                _ => None,
            })
            .unwrap(),
    )
    .unwrap();
    let named = index["manifests"][0]["digest"].as_str().unwrap();
    assert_ne!(format!("blobs/{}", named.replacen(':', "/", 1)), nested);
    let mut back = image.clone();
    back.members = written;
    blobs_kept(&image, &back);

    // The same as JSON: what changed, the cascade, the new blob, who can load the result.
    let again = dir.join("again.tar");
    let (status, printed) =
        fix_layout(&input, &["--for", "containerd", "--format", "json"], &again);
    assert_eq!(status, 0, "{printed}");
    let json: Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(json["changes"].as_array().unwrap().len(), 1, "{json:#}");
    assert_eq!(json["references"][0]["updated"][0], "index.json");
    assert_eq!(json["added"].as_array().unwrap().len(), 1);
    assert_eq!(json["verifiesClean"], true);
    assert_eq!(json["written"], again.display().to_string());
    assert!(json["loaders"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["command"] == "ctr images import --all-platforms" && l["verdict"] == "accept"));
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&out).unwrap(),
        "written the same way twice"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// A flat folder nested for podman: `index.json` names one new index holding both platforms.
#[test]
fn fix_nests_a_flat_folder_for_podman() {
    let mut image = Image::load("buildah-multi-layout");
    flatten(&mut image);
    let dir = scratch("fix-nest");
    let input = image.write(&dir);
    let out = dir.join("nested");
    let (status, printed) = fix_layout(&input, &["--for", "podman"], &out);
    assert_eq!(status, 0, "{printed}");
    assert!(printed.contains("nested: its 2 entries moved"), "{printed}");
    let (status, after) = verify(&out);
    assert_eq!(status, 0, "{after:#}");
    assert_eq!(loader(&after, "skopeo copy oci:")["verdict"], "accept");
    let _ = std::fs::remove_dir_all(dir);
}

fn read_tar(path: &Path) -> Vec<(String, Member)> {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = tar::Archive::new(bytes.as_slice());
    let mut members = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().to_string_lossy().into_owned();
        if entry.header().entry_type().is_file() {
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            members.push((path, Member::File(content)));
        }
    }
    members
}

/// A PAX archive of sha512 blobs (names past 100 bytes) with a dangling entry: the repaired
/// archive keeps every long name (written with GNU long-name records) and verifies clean.
#[test]
fn fix_keeps_long_names_of_a_pax_archive() {
    let (mut image, _) = sha512_layout(true);
    let mut index = image.json("index.json");
    index["manifests"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": format!("sha256:{}", "0".repeat(64)),
            "size": 500
        }));
    *image.bytes_mut("index.json") = serde_json::to_vec(&index).unwrap();
    let dir = scratch("fix-pax");
    let input = image.write(&dir);
    let out = dir.join("repaired.tar");
    let (status, printed) = fix_layout(&input, &["--for", "podman"], &out);
    assert_eq!(status, 0, "{printed}");
    assert!(
        printed.contains("its blob is not in the layout"),
        "{printed}"
    );
    let (status, after) = verify(&out);
    assert_eq!(status, 0, "{after:#}");
    assert_eq!(loader(&after, "podman load")["verdict"], "accept");
    let mut written = image.clone();
    written.members = read_tar(&out);
    blobs_kept(&image, &written);
    let _ = std::fs::remove_dir_all(dir);
}
