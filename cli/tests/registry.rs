//! `check docker://…` and `verify docker://…` against a real registry: Debian's
//! `docker-registry` (distribution 2.8) started on loopback with its own configuration and
//! storage (the peers harness's `Registry`, `tests/peers/procs.rs`), filled over its API.
//!
//! `cargo xtask test` installs docker-registry when it is missing; run alone without it, these
//! tests fail saying so.

mod common;
#[path = "support/loopback_http.rs"]
mod loopback_http;
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
const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";

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
    scheme: &'static str,
    /// What the pushes authenticate with.
    authorization: Option<String>,
    _scratch: Scratch,
}

/// What a registry's configuration adds, and how to reach it then.
#[derive(Default)]
struct Secured {
    config: String,
    ca: Option<PathBuf>,
    authorization: Option<String>,
}

impl Loopback {
    fn start(name: &str) -> Loopback {
        Loopback::start_with(name, |_| Secured::default())
    }

    /// A registry whose configuration `secure` extends (TLS, auth) in its scratch folder.
    fn start_with(name: &str, secure: impl FnOnce(&std::path::Path) -> Secured) -> Loopback {
        require_registry();
        let scratch = Scratch::new(name);
        let secured = secure(&scratch.0);
        let registry = Registry::start_with(&scratch.0, &secured.config);
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(20)));
        if let Some(ca) = &secured.ca {
            let pem = std::fs::read(ca).expect("ca");
            let certs: Vec<_> = ureq::tls::parse_pem(&pem)
                .filter_map(|i| match i {
                    Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                    _ => None,
                })
                .collect();
            config = config.tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(ureq::tls::RootCerts::new_with_certs(&certs))
                    .build(),
            );
        }
        Loopback {
            registry,
            agent: config.build().into(),
            scheme: if secured.ca.is_some() {
                "https"
            } else {
                "http"
            },
            authorization: secured.authorization,
            _scratch: scratch,
        }
    }

    fn base(&self) -> String {
        format!("{}://127.0.0.1:{}", self.scheme, self.registry.port)
    }

    fn request(&self, method: &str, url: &str) -> ureq::RequestBuilder<ureq::typestate::WithBody> {
        let builder = match method {
            "POST" => self.agent.post(url),
            _ => self.agent.put(url),
        };
        match &self.authorization {
            Some(a) => builder.header("Authorization", a),
            None => builder,
        }
    }

    fn reference(&self, rest: &str) -> String {
        format!("docker://127.0.0.1:{}/{rest}", self.registry.port)
    }

    fn blob(&self, repo: &str, bytes: &[u8]) -> String {
        let digest = sha256(bytes);
        let response = self
            .request("POST", &format!("{}/v2/{repo}/blobs/uploads/", self.base()))
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
            .request("PUT", &format!("{url}{sep}digest={digest}"))
            .header("Content-Type", "application/octet-stream")
            .send(bytes)
            .expect("finish upload");
        assert_eq!(response.status(), 201, "blob upload of {digest}");
        digest
    }

    /// `PUT` a manifest; its status and body.
    fn put(&self, repo: &str, reference: &str, content_type: &str, bytes: &[u8]) -> (u16, String) {
        let mut response = self
            .request(
                "PUT",
                &format!("{}/v2/{repo}/manifests/{reference}", self.base()),
            )
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

    // SARIF: each artifact's URI is the reference, valid against the official schema.
    let output = ocilint(
        &["check", "--plain-http", "--format", "sarif", &by_tag],
        None,
    );
    let log: Value = serde_json::from_slice(&output.stdout).expect("SARIF");
    assert_eq!(
        log["runs"][0]["artifacts"][0]["location"]["uri"],
        by_tag.as_str()
    );
    let schema: Value = serde_json::from_slice(
        &std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/sarif-schema-2.1.0.json"),
        )
        .expect("vendored schema"),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");

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

    // A reference the registry does not have: nothing to check.
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

    // With a referrer hanging off the index, `--platform` leaves amd64's child out, and the
    // referrer is not taken for it (descriptors of what a registry serves link by digest).
    let empty = reg.blob("multi", b"{}");
    let referrer = serde_json::to_vec(&j!({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST, "artifactType": "application/vnd.example.note",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": empty, "size": 2},
        "layers": [{"mediaType": "application/vnd.oci.empty.v1+json", "digest": empty, "size": 2}],
        "subject": {"mediaType": OCI_INDEX, "digest": index, "size": reports[0]["size"]}
    }))
    .unwrap();
    let referrer_digest = reg.put_ok("multi", &sha256(&referrer), OCI_MANIFEST, &referrer);
    let listing = serde_json::to_vec(&j!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [
        {"mediaType": OCI_MANIFEST, "digest": referrer_digest, "size": referrer.len(), "artifactType": "application/vnd.example.note"}]}))
    .unwrap();
    reg.put_ok("multi", &index.replacen(':', "-", 1), OCI_INDEX, &listing);
    let output = ocilint(
        &[
            "check",
            "--plain-http",
            "--format",
            "concise",
            "--platform",
            "linux/arm64",
            &by_tag,
        ],
        None,
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains("BND001"), "{text}");
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));

    // A child the registry no longer serves is said, and fails the check.
    let response = reg
        .agent
        .delete(&format!(
            "{}/v2/multi/manifests/{}",
            reg.base(),
            children[0]
        ))
        .call()
        .expect("delete manifest");
    assert_eq!(response.status(), 202);
    let output = ocilint(
        &["check", "--plain-http", "--format", "json", &by_tag],
        None,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!(
            "not checked: {}",
            reg.reference(&format!("multi@{}", children[0]))
        )),
        "{}",
        stderr(&output)
    );
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
            "--concurrency",
            "1",
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

/// Runs ocilint with `stdin` and extra environment (and never the machine's own docker
/// credentials).
fn run_env(args: &[&str], stdin: &[u8], env: &[(&str, &std::path::Path)]) -> std::process::Output {
    use std::io::Write;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ocilint"));
    command
        .args(args)
        .env("DOCKER_CONFIG", "/nonexistent-ocilint-docker-config")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("run ocilint");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().expect("output")
}

#[test]
fn the_kaniko_story_refused_at_push_and_named_by_check() {
    let reg = Loopback::start("kaniko");
    let config =
        br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#;
    let config_digest = reg.blob("kaniko", config);
    let layer = gzip(&layer_tar("kaniko\n"));
    let layer_digest = reg.blob("kaniko", &layer);
    let body = serde_json::to_vec_pretty(&j!({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": config_digest, "size": config.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer_digest, "size": layer.len()}]
    }))
    .unwrap();
    // What kaniko sent: the OCI body under Docker's Content-Type. distribution 2.8 refuses it.
    let (status, answer) = reg.put("kaniko", "pushed", DOCKER_MANIFEST, &body);
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("MANIFEST_INVALID"), "{answer}");
    // The same body under its own type is taken; checked as kaniko's header would have it,
    // ocilint names the mismatch and distribution's refusal.
    reg.put_ok("kaniko", "pushed", OCI_MANIFEST, &body);
    let given = reg.reference("kaniko:pushed");
    let output = ocilint(&["check", "--plain-http", "--format", "json", &given], None);
    assert_eq!(
        output.status.code(),
        Some(0),
        "as served: {}",
        stderr(&output)
    );
    assert_eq!(
        json(&output)[0]["mediaType"],
        OCI_MANIFEST,
        "the served Content-Type"
    );
    let output = ocilint(
        &[
            "check",
            "--plain-http",
            "--format",
            "json",
            "--content-type",
            DOCKER_MANIFEST,
            &given,
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let report = &json(&output)[0];
    let codes = report["diagnostics"].to_string();
    assert!(codes.contains("DOC003"), "{codes}");
    let distribution = report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == "distribution")
        .expect("distribution's verdict");
    assert_eq!(distribution["verdict"], "reject", "{distribution}");
}

#[test]
fn a_referrer_found_through_the_fallback_tag() {
    let reg = Loopback::start("fallback");
    let (image, image_size, _) = push_image(&reg, "signed", "amd64");
    let empty = reg.blob("signed", b"{}");
    let sbom = br#"{"spdxVersion":"SPDX-2.3"}"#;
    let sbom_digest = reg.blob("signed", sbom);
    let referrer = serde_json::to_vec(&j!({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST, "artifactType": "application/spdx+json",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": empty, "size": 2},
        "layers": [{"mediaType": "application/spdx+json", "digest": sbom_digest, "size": sbom.len()}],
        "subject": {"mediaType": OCI_MANIFEST, "digest": image, "size": image_size}
    }))
    .unwrap();
    let referrer_digest = reg.put_ok("signed", &sha256(&referrer), OCI_MANIFEST, &referrer);
    let listing = serde_json::to_vec(&j!({
        "schemaVersion": 2, "mediaType": OCI_INDEX,
        "manifests": [{"mediaType": OCI_MANIFEST, "digest": referrer_digest, "size": referrer.len(), "artifactType": "application/spdx+json"}]
    }))
    .unwrap();
    let tag = image.replacen(':', "-", 1);
    reg.put_ok("signed", &tag, OCI_INDEX, &listing);

    // And a cosign signature under its tag.
    let payload = br#"{"critical":{"type":"cosign container image signature"}}"#;
    let payload_digest = reg.blob("signed", payload);
    // cosign's own config: an image config whose one diff_id is the payload's.
    let cosign_config = serde_json::to_vec(&j!({
        "architecture": "", "created": "0001-01-01T00:00:00Z", "history": [{"created": "0001-01-01T00:00:00Z"}],
        "os": "", "rootfs": {"type": "layers", "diff_ids": [payload_digest]}, "config": {}
    }))
    .unwrap();
    let cosign_config_digest = reg.blob("signed", &cosign_config);
    let signature = serde_json::to_vec(&j!({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": cosign_config_digest, "size": cosign_config.len()},
        "layers": [{"mediaType": "application/vnd.dev.cosign.simplesigning.v1+json", "digest": payload_digest,
            "size": payload.len(), "annotations": {"dev.cosignproject.cosign/signature": "MEUCIQ=="}}]
    }))
    .unwrap();
    reg.put_ok("signed", &format!("{tag}.sig"), OCI_MANIFEST, &signature);

    let given = reg.reference(&format!("signed@{image}"));
    let output = ocilint(&["check", "--plain-http", "--format", "json", &given], None);
    // Exit 0: cosign's config (empty `os` and `architecture`) is checked as the config of a
    // signature, which nothing selects or runs; everything was read.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    let reports = json(&output);
    let names = files(&reports);
    assert!(
        names.contains(&reg.reference(&format!("signed:{tag}"))),
        "{names:?}"
    );
    assert!(
        names.contains(&reg.reference(&format!("signed@{referrer_digest}"))),
        "{names:?}"
    );
    let referrer_report = reports
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["digest"] == referrer_digest.as_str())
        .unwrap();
    assert!(!referrer_report["diagnostics"]
        .to_string()
        .contains(r#""error""#));
    assert!(
        referrer_report["attachments"].to_string().contains(&image),
        "{}",
        referrer_report["attachments"]
    );
    let signature_report = reports
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["file"] == reg.reference(&format!("signed:{tag}.sig")).as_str())
        .expect("the cosign signature");
    assert_eq!(signature_report["role"], "signature");
    assert!(signature_report["attachments"].to_string().contains(&image));
    // Its config says why its empty platform is not reported.
    let config_report = reports
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["digest"] == cosign_config_digest.as_str())
        .expect("cosign's config");
    assert_eq!(config_report["role"], "config");
    assert_eq!(config_report["configOf"], "signature", "{config_report}");
    assert!(
        !config_report["diagnostics"].to_string().contains("PLT003"),
        "{config_report}"
    );
    // verify reads what hangs off the image too: the SBOM's blob is verified.
    let output = ocilint(
        &["verify", "--plain-http", "--format", "json", &given],
        None,
    );
    let blobs = json(&output)["blobs"].clone();
    let sbom_blob = blobs
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["digest"] == sbom_digest.as_str())
        .unwrap_or_else(|| panic!("the SBOM blob among {blobs}"));
    assert_eq!(sbom_blob["status"], "ok");
    // The human output gathers it under the image.
    let output = ocilint(&["check", "--plain-http", &given], None);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("application/spdx+json"), "{text}");
    // …and says why cosign's config is not reported.
    assert!(
        text.contains("is: the config of a signature manifest: nothing selects or runs it"),
        "{text}"
    );
}

const HTPASSWD_USER: &str = "ci";
const HTPASSWD_PASSWORD: &str = "ocilint-test-password";
/// bcrypt (cost 4) of `HTPASSWD_PASSWORD`, as `htpasswd -B` writes it.
const HTPASSWD_HASH: &str = "$2b$04$qNvv5lxs55Z1tcJ9nlSVFOWyaxlj.KNif4zazTwV0X4fpw6Kr4KuO";

/// A CA and a certificate for 127.0.0.1 it signed, made with the openssl CLI.
fn certificates(dir: &std::path::Path) -> (PathBuf, PathBuf, PathBuf) {
    let path = |n: &str| dir.join(n).display().to_string();
    std::fs::write(
        dir.join("ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    let steps: [Vec<String>; 3] = [
        [
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &path("ca.key"),
            "-out",
            &path("ca.pem"),
            "-days",
            "2",
            "-subj",
            "/CN=ocilint test CA",
        ]
        .map(String::from)
        .to_vec(),
        [
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &path("leaf.key"),
            "-out",
            &path("leaf.csr"),
            "-subj",
            "/CN=127.0.0.1",
        ]
        .map(String::from)
        .to_vec(),
        [
            "x509",
            "-req",
            "-in",
            &path("leaf.csr"),
            "-CA",
            &path("ca.pem"),
            "-CAkey",
            &path("ca.key"),
            "-CAcreateserial",
            "-out",
            &path("leaf.pem"),
            "-days",
            "2",
            "-extfile",
            &path("ext"),
        ]
        .map(String::from)
        .to_vec(),
    ];
    for step in steps {
        let output = std::process::Command::new("openssl")
            .args(&step)
            .output()
            .expect("openssl");
        assert!(
            output.status.success(),
            "openssl {step:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    (
        dir.join("ca.pem"),
        dir.join("leaf.pem"),
        dir.join("leaf.key"),
    )
}

#[test]
fn htpasswd_basic_auth_over_tls_with_a_generated_certificate() {
    use base64::Engine as _;
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD
            .encode(format!("{HTPASSWD_USER}:{HTPASSWD_PASSWORD}"))
    );
    let mut ca_file = PathBuf::new();
    let reg = Loopback::start_with("tls", |dir| {
        let (ca, cert, key) = certificates(dir);
        let htpasswd = dir.join("htpasswd");
        std::fs::write(&htpasswd, format!("{HTPASSWD_USER}:{HTPASSWD_HASH}\n")).unwrap();
        ca_file = ca.clone();
        Secured {
            config: format!(
                "  tls:\n    certificate: {}\n    key: {}\nauth:\n  htpasswd:\n    realm: ocilint\n    path: {}\n",
                cert.display(),
                key.display(),
                htpasswd.display()
            ),
            ca: Some(ca),
            authorization: Some(basic.clone()),
        }
    });
    push_index(&reg, "private", "v1");
    let given = reg.reference("private:v1");
    let ca = ca_file.display().to_string();

    let output = run_env(&["check", &given], b"", &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("TLS failed"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("--ca-file"), "{}", stderr(&output));

    let output = run_env(&["check", "--ca-file", &ca, &given], b"", &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("401 Unauthorized"),
        "{}",
        stderr(&output)
    );

    let password = format!("{HTPASSWD_PASSWORD}\n");
    let output = run_env(
        &[
            "check",
            "--ca-file",
            &ca,
            "--username",
            HTPASSWD_USER,
            "--password-stdin",
            "--format",
            "json",
            &given,
        ],
        password.as_bytes(),
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(files(&json(&output)).len(), 5);
    for text in [&output.stdout, &output.stderr] {
        assert!(!String::from_utf8_lossy(text).contains(HTPASSWD_PASSWORD));
    }

    // `docker login`'s config.json, pointed at by DOCKER_CONFIG.
    let dir = std::env::temp_dir().join(format!("ocilint-reg-dockercfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.json"),
        format!(
            r#"{{"auths":{{"127.0.0.1:{}":{{"auth":"{}"}}}}}}"#,
            reg.registry.port,
            basic.trim_start_matches("Basic ")
        ),
    )
    .unwrap();
    let output = run_env(
        &["verify", "--ca-file", &ca, &given],
        b"",
        &[("DOCKER_CONFIG", &dir)],
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// Signs JWTs as distribution's token auth wants them: ES256, the signing certificate in
/// `x5c`, the certificate trusted through the registry's `rootcertbundle`.
struct TokenSigner {
    key: ring::signature::EcdsaKeyPair,
    certificate: Vec<u8>,
}

impl TokenSigner {
    /// A P-256 key and a self-signed certificate for it, made with the openssl CLI; the
    /// certificate's PEM path (the registry's `rootcertbundle`).
    fn make(dir: &std::path::Path) -> (TokenSigner, PathBuf) {
        let path = |n: &str| dir.join(n).display().to_string();
        let steps: [Vec<String>; 3] = [
            [
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                &path("sign.key"),
                "-out",
                &path("sign.pem"),
                "-days",
                "2",
                "-subj",
                "/CN=ocilint token signer",
            ]
            .map(String::from)
            .to_vec(),
            [
                "pkcs8",
                "-topk8",
                "-nocrypt",
                "-in",
                &path("sign.key"),
                "-outform",
                "DER",
                "-out",
                &path("sign.pk8"),
            ]
            .map(String::from)
            .to_vec(),
            [
                "x509",
                "-in",
                &path("sign.pem"),
                "-outform",
                "DER",
                "-out",
                &path("sign.der"),
            ]
            .map(String::from)
            .to_vec(),
        ];
        for step in steps {
            let output = std::process::Command::new("openssl")
                .args(&step)
                .output()
                .expect("openssl");
            assert!(
                output.status.success(),
                "openssl {step:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let pkcs8 = std::fs::read(dir.join("sign.pk8")).unwrap();
        let key = ring::signature::EcdsaKeyPair::from_pkcs8(
            &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            &pkcs8,
            &ring::rand::SystemRandom::new(),
        )
        .expect("the signing key");
        let certificate = std::fs::read(dir.join("sign.der")).unwrap();
        (TokenSigner { key, certificate }, dir.join("sign.pem"))
    }

    fn token(&self, repository: &str, actions: &[&str]) -> String {
        use base64::Engine as _;
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let header = j!({"typ": "JWT", "alg": "ES256",
            "x5c": [base64::engine::general_purpose::STANDARD.encode(&self.certificate)]});
        let claims = j!({"iss": TOKEN_ISSUER, "sub": HTPASSWD_USER, "aud": TOKEN_SERVICE,
            "exp": now + 300, "nbf": now - 10, "iat": now - 10, "jti": format!("{now}-{repository}"),
            "access": [{"type": "repository", "name": repository, "actions": actions}]});
        let input = format!(
            "{}.{}",
            url.encode(header.to_string()),
            url.encode(claims.to_string())
        );
        let signature = self
            .key
            .sign(&ring::rand::SystemRandom::new(), input.as_bytes())
            .expect("sign");
        format!("{input}.{}", url.encode(signature.as_ref()))
    }
}

const TOKEN_ISSUER: &str = "ocilint-test-issuer";
const TOKEN_SERVICE: &str = "ocilint-test";

#[test]
fn the_bearer_flow_against_distribution_with_a_token_endpoint_of_the_test() {
    use base64::Engine as _;
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD
            .encode(format!("{HTPASSWD_USER}:{HTPASSWD_PASSWORD}"))
    );
    let mut endpoint = None;
    let reg = Loopback::start_with("token", |dir| {
        let (signer, bundle) = TokenSigner::make(dir);
        let signer = std::sync::Arc::new(signer);
        let push = format!("Bearer {}", signer.token("tokened", &["pull", "push"]));
        let expected = basic.clone();
        let server = loopback_http::Server::start(move |request| {
            // Only pulls are granted here, and only with the password.
            let scope_ok = request.path.contains("scope=repository%3Atokened%3Apull");
            if request.headers.get("authorization") != Some(&expected) || !scope_ok {
                return loopback_http::reply(401, "application/json", br#"{"details":"no"}"#);
            }
            let body = j!({"token": signer.token("tokened", &["pull"])}).to_string();
            loopback_http::reply(200, "application/json", body.as_bytes())
        });
        let config = format!(
            "auth:\n  token:\n    realm: {}/token\n    service: {TOKEN_SERVICE}\n    issuer: {TOKEN_ISSUER}\n    rootcertbundle: {}\n",
            server.url(),
            bundle.display()
        );
        endpoint = Some(server);
        Secured {
            config,
            ca: None,
            authorization: Some(push),
        }
    });
    push_index(&reg, "tokened", "v1");
    let given = reg.reference("tokened:v1");

    let output = run_env(&["check", "--plain-http", &given], b"", &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("asks for credentials"),
        "{}",
        stderr(&output)
    );

    let password = format!("{HTPASSWD_PASSWORD}\n");
    let output = run_env(
        &[
            "check",
            "--plain-http",
            "--username",
            HTPASSWD_USER,
            "--password-stdin",
            "--format",
            "json",
            &given,
        ],
        password.as_bytes(),
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(files(&json(&output)).len(), 5);
    let output = run_env(
        &[
            "verify",
            "--plain-http",
            "--username",
            HTPASSWD_USER,
            "--password-stdin",
            &given,
        ],
        password.as_bytes(),
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // One token for the whole run: asked once per process, not per request.
    let asked = endpoint.as_ref().unwrap().paths().len();
    assert!(asked <= 4, "{asked} token requests");
}
