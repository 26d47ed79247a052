//! `check docker://…` and `verify docker://…` against a real registry: Debian's
//! `docker-registry` (distribution 2.8) started on loopback with its own configuration and
//! storage (the peers harness's `Registry`, `tests/peers/procs.rs`), filled over its API.
//!
//! `cargo xtask test` installs docker-registry when it is missing; run alone without it, these
//! tests fail saying so.

mod common;
#[allow(dead_code, unreachable_pub)]
#[path = "../../tests/peers/procs.rs"]
mod procs;

use std::path::PathBuf;
use std::time::Duration;

use common::{json, ocilint};
use procs::Registry;
use serde_json::{json as j, Value};
use sha2::{Digest, Sha256};

const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";

fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{:x}", Sha256::digest(bytes))
}

/// A scratch folder of this test's own, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let path = std::env::temp_dir().join(format!("ocilint-reg-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("scratch");
        Scratch(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn require_registry() {
    assert!(
        std::path::Path::new("/usr/bin/docker-registry").exists()
            || std::process::Command::new("docker-registry").arg("--version").output().is_ok(),
        "docker-registry is not installed: `cargo xtask setup` installs it (apt-get install docker-registry)"
    );
}

/// A registry with its scratch folder, and a client to fill it.
struct Loopback {
    registry: Registry,
    agent: ureq::Agent,
    _scratch: Scratch,
}

impl Loopback {
    fn start(name: &str) -> Loopback {
        require_registry();
        let scratch = Scratch::new(name);
        let registry = Registry::start(&scratch.0);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(20)))
            .build()
            .into();
        Loopback {
            registry,
            agent,
            _scratch: scratch,
        }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.registry.port)
    }

    fn reference(&self, rest: &str) -> String {
        format!("docker://127.0.0.1:{}/{rest}", self.registry.port)
    }

    fn blob(&self, repo: &str, bytes: &[u8]) -> String {
        let digest = sha256(bytes);
        let response = self
            .agent
            .post(&format!("{}/v2/{repo}/blobs/uploads/", self.base()))
            .send(&[][..])
            .expect("start upload");
        assert_eq!(response.status(), 202);
        let location = response.headers()["Location"].to_str().unwrap().to_owned();
        let url = if location.starts_with('/') {
            format!("{}{location}", self.base())
        } else {
            location
        };
        let sep = if url.contains('?') { '&' } else { '?' };
        let response = self
            .agent
            .put(&format!("{url}{sep}digest={digest}"))
            .header("Content-Type", "application/octet-stream")
            .send(bytes)
            .expect("finish upload");
        assert_eq!(response.status(), 201, "blob upload of {digest}");
        digest
    }

    /// `PUT` a manifest; its status and body.
    fn put(&self, repo: &str, reference: &str, content_type: &str, bytes: &[u8]) -> (u16, String) {
        let mut response = self
            .agent
            .put(&format!("{}/v2/{repo}/manifests/{reference}", self.base()))
            .header("Content-Type", content_type)
            .send(bytes)
            .expect("put manifest");
        let status = response.status().as_u16();
        (
            status,
            response.body_mut().read_to_string().unwrap_or_default(),
        )
    }

    fn put_ok(&self, repo: &str, reference: &str, content_type: &str, bytes: &[u8]) -> String {
        let (status, body) = self.put(repo, reference, content_type, bytes);
        assert_eq!(status, 201, "PUT {repo}:{reference}: {body}");
        sha256(bytes)
    }

    fn delete_blob(&self, repo: &str, digest: &str) {
        let response = self
            .agent
            .delete(&format!("{}/v2/{repo}/blobs/{digest}", self.base()))
            .call()
            .expect("delete blob");
        assert_eq!(response.status(), 202, "DELETE {digest}");
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A one-file tar layer.
fn layer_tar(text: &str) -> Vec<u8> {
    let mut header = [0u8; 512];
    header[..8].copy_from_slice(b"file.txt");
    header[100..108].copy_from_slice(b"0000644\0");
    let size = format!("{:011o}\0", text.len());
    header[124..136].copy_from_slice(size.as_bytes());
    header[136..148].copy_from_slice(b"00000000000\0");
    header[156] = b'0';
    header[257..263].copy_from_slice(b"ustar\0");
    header[263..265].copy_from_slice(b"00");
    header[148..156].copy_from_slice(b"        ");
    let sum: u32 = header.iter().map(|&b| u32::from(b)).sum();
    header[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    let mut tar = header.to_vec();
    tar.extend_from_slice(text.as_bytes());
    tar.resize(512 + text.len().div_ceil(512) * 512 + 1024, 0);
    tar
}

/// One image of `arch`: its layer, config and manifest pushed; the manifest's digest, size
/// and the layer's digest.
fn push_image(reg: &Loopback, repo: &str, arch: &str) -> (String, usize, String) {
    let tar = layer_tar(&format!("hello from {arch}\n"));
    let layer = gzip(&tar);
    let layer_digest = reg.blob(repo, &layer);
    let config = serde_json::to_vec(&j!({
        "architecture": arch, "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": [sha256(&tar)]},
        "config": {}
    }))
    .unwrap();
    let config_digest = reg.blob(repo, &config);
    let manifest = serde_json::to_vec_pretty(&j!({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": config_digest, "size": config.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer_digest, "size": layer.len()}]
    }))
    .unwrap();
    let digest = reg.put_ok(repo, &sha256(&manifest), OCI_MANIFEST, &manifest);
    (digest, manifest.len(), layer_digest)
}

fn push_index(reg: &Loopback, repo: &str, tag: &str) -> (String, Vec<String>) {
    let mut entries = Vec::new();
    let mut children = Vec::new();
    for arch in ["amd64", "arm64"] {
        let (digest, size, _) = push_image(reg, repo, arch);
        entries.push(
            j!({"mediaType": OCI_MANIFEST, "digest": digest, "size": size,
            "platform": {"os": "linux", "architecture": arch}}),
        );
        children.push(digest);
    }
    let index = serde_json::to_vec_pretty(
        &j!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries}),
    )
    .unwrap();
    (reg.put_ok(repo, tag, OCI_INDEX, &index), children)
}

fn files(reports: &Value) -> Vec<String> {
    reports
        .as_array()
        .expect("an array of reports")
        .iter()
        .map(|r| r["file"].as_str().unwrap().to_owned())
        .collect()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_multi_arch_index_and_its_children_checked_by_tag_and_by_digest() {
    let reg = Loopback::start("index");
    let (index, children) = push_index(&reg, "multi", "v1");
    let by_tag = reg.reference("multi:v1");
    let output = ocilint(
        &["check", "--plain-http", "--format", "json", &by_tag],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let reports = json(&output);
    let names = files(&reports);
    assert_eq!(names[0], by_tag, "the reference as given");
    for child in &children {
        assert!(
            names.contains(&reg.reference(&format!("multi@{child}"))),
            "{names:?}"
        );
    }
    // The index, two manifests and their two configs.
    assert_eq!(names.len(), 5, "{names:?}");
    assert_eq!(reports[0]["mediaType"], OCI_INDEX);
    assert_eq!(reports[0]["digest"], index.as_str());
    let kinds: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| k.contains("config")).count(),
        2,
        "{kinds:?}"
    );

    let by_digest = reg.reference(&format!("multi@{index}"));
    let output = ocilint(
        &["check", "--plain-http", "--format", "json", &by_digest],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(files(&json(&output))[0], by_digest);

    // `--platform` keeps one child (and its config).
    let output = ocilint(
        &[
            "check",
            "--plain-http",
            "--format",
            "json",
            "--platform",
            "linux/arm64",
            &by_tag,
        ],
        None,
    );
    let names = files(&json(&output));
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&reg.reference(&format!("multi@{}", children[1]))));

    // A child the registry does not serve is said, and fails the check.
    let output = ocilint(
        &[
            "check",
            "--plain-http",
            "--format",
            "json",
            &reg.reference(
                "multi@sha256:0000000000000000000000000000000000000000000000000000000000000000",
            ),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("404 Not Found"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn verify_streams_every_blob_and_finds_a_missing_and_a_wrong_size_one() {
    let reg = Loopback::start("verify");
    let (_, size, _) = push_image(&reg, "whole", "amd64");
    let _ = size;
    let (index, _) = push_index(&reg, "whole", "v1");
    let output = ocilint(
        &[
            "verify",
            "--plain-http",
            "--format",
            "json",
            &reg.reference("whole:v1"),
        ],
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}\n{}",
        stderr(&output),
        String::from_utf8_lossy(&output.stdout)
    );
    let report = json(&output);
    let blobs = report["blobs"].as_array().expect("blobs");
    assert!(blobs.len() >= 6, "{blobs:?}");
    assert!(blobs.iter().all(|b| b["status"] == "ok"), "{blobs:?}");
    let _ = index;

    // A layer deleted from the registry: missing.
    let (digest, _, layer) = push_image(&reg, "broken", "riscv64");
    reg.delete_blob("broken", &layer);
    let output = ocilint(
        &[
            "verify",
            "--plain-http",
            "--format",
            "json",
            &reg.reference(&format!("broken@{digest}")),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    let missing: Vec<&Value> = report["blobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["digest"] == layer.as_str())
        .collect();
    assert_eq!(missing[0]["status"], "missing", "{missing:?}");
    // `--head` finds it too, without reading.
    let output = ocilint(
        &[
            "verify",
            "--plain-http",
            "--head",
            &reg.reference(&format!("broken@{digest}")),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!("{layer}: missing")),
        "{}",
        stderr(&output)
    );

    // A descriptor whose size is not the blob's.
    let layer = gzip(&layer_tar("sized\n"));
    let layer_digest = reg.blob("sized", &layer);
    let config =
        br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#;
    let config_digest = reg.blob("sized", config);
    let manifest = serde_json::to_vec(&j!({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": config_digest, "size": config.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer_digest, "size": layer.len() + 7}]
    })).unwrap();
    let (status, body) = reg.put("sized", "v1", OCI_MANIFEST, &manifest);
    assert_eq!(status, 201, "distribution 2.8 takes a wrong size: {body}");
    let output = ocilint(
        &[
            "verify",
            "--plain-http",
            "--format",
            "json",
            &reg.reference("sized:v1"),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    let sized: Vec<&Value> = report["blobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["digest"] == layer_digest.as_str())
        .collect();
    assert_eq!(sized[0]["status"], "size-mismatch", "{sized:?}");
}

#[test]
fn an_unreachable_registry_and_a_missing_repository_are_said_and_exit_2() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let output = ocilint(
        &[
            "check",
            "--plain-http",
            "--timeout",
            "3",
            &format!("docker://127.0.0.1:{port}/nothing:v1"),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("connection refused"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());

    let reg = Loopback::start("missing");
    let output = ocilint(
        &["check", "--plain-http", &reg.reference("nothing:v1")],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("404 Not Found"),
        "{}",
        stderr(&output)
    );
}
