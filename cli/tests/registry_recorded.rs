//! `check docker://…` against a tiny loopback server of the test's own, answering recorded
//! or made-up responses: what distribution 2.8 cannot be made to do (the referrers API, a
//! 5 MB manifest, a redirect to another host, a stalled answer, 429, a bearer-token flow, a
//! wrong `Docker-Content-Digest`).

mod common;
#[path = "support/loopback_http.rs"]
mod loopback_http;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::json;
use loopback_http::{not_found, reply, Reply, Server};
use serde_json::Value;
use sha2::{Digest, Sha256};

const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";

fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{:x}", Sha256::digest(bytes))
}

/// Runs ocilint with `stdin` and extra environment; its output and how long it took.
fn run(args: &[&str], stdin: &[u8], env: &[(&str, &Path)]) -> (Output, Duration) {
    let started = Instant::now();
    let mut command = Command::new(env!("CARGO_BIN_EXE_ocilint"));
    command
        .args(args)
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        // No credentials of the machine's user leak in.
        .env("DOCKER_CONFIG", "/nonexistent-ocilint-docker-config")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("run ocilint");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let output = child.wait_with_output().expect("output");
    (output, started.elapsed())
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/attachments/oras")
            .join(name),
    )
    .expect("fixture")
}

fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_referrers_api_is_asked_first_and_its_referrers_checked() {
    // ORAS's end-to-end data, byte for byte: an image, an SBOM whose `subject` is the image,
    // and the referrers index a registry with the API answers for the image.
    let image = fixture("foobar.json");
    let sbom = fixture("sbom-referrer.json");
    let listing =
        fixture("sha256-fd6ed2f36b5465244d5dc86cb4e7df0ab8a9d24adc57825099f522fe009a22bb.json");
    let image_digest = sha256(&image);
    let sbom_digest = sha256(&sbom);
    // A second page of the API's answer (ORAS's listing of the signature, standing in for it).
    let second_page =
        fixture("sha256-e2c6633a79985906f1ed55c592718c73c41e809fb9818de232a635904a74d48d.json");
    let signature = fixture("signature-referrer.json");
    let signature_digest = sha256(&signature);
    let server = {
        let (image, sbom, listing) = (image.clone(), sbom.clone(), listing.clone());
        let (image_digest, sbom_digest) = (image_digest.clone(), sbom_digest.clone());
        let (second_page, signature, signature_digest) = (
            second_page.clone(),
            signature.clone(),
            signature_digest.clone(),
        );
        Server::start(move |r| {
            let p = r.path.as_str();
            if p == "/v2/oras/manifests/v1" || p == format!("/v2/oras/manifests/{image_digest}") {
                reply(200, OCI_MANIFEST, &image)
            } else if p == format!("/v2/oras/referrers/{image_digest}") {
                // The first page, with a `Link` to the next.
                let mut first = reply(200, OCI_INDEX, &listing);
                first.headers.push((
                    "Link".into(),
                    format!(r#"</v2/oras/referrers/{image_digest}?n=1&last=sbom>; rel="next""#),
                ));
                first
            } else if p == format!("/v2/oras/referrers/{image_digest}?n=1&last=sbom") {
                reply(200, OCI_INDEX, &second_page)
            } else if p == format!("/v2/oras/manifests/{signature_digest}") {
                reply(200, OCI_MANIFEST, &signature)
            } else if p == format!("/v2/oras/manifests/{sbom_digest}") {
                reply(200, OCI_MANIFEST, &sbom)
            } else {
                not_found()
            }
        })
    };
    let given = server.reference("oras:v1");
    let (output, _) = run(
        &["check", "--plain-http", "--format", "json", &given],
        b"",
        &[],
    );
    let reports = json(&output);
    let names: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(names[0], given);
    assert!(
        names.contains(
            &server
                .reference(&format!("oras@{image_digest}/referrers"))
                .as_str()
        ),
        "{names:?}"
    );
    assert!(
        names.contains(&server.reference(&format!("oras@{sbom_digest}")).as_str()),
        "{names:?}"
    );
    assert!(
        names.contains(
            &server
                .reference(&format!("oras@{image_digest}/referrers?page=2"))
                .as_str()
        ),
        "{names:?}"
    );
    assert!(
        names.contains(
            &server
                .reference(&format!("oras@{signature_digest}"))
                .as_str()
        ),
        "{names:?}"
    );
    let sbom_report = reports
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["digest"] == sbom_digest.as_str())
        .unwrap();
    assert!(
        sbom_report["attachments"]
            .to_string()
            .contains(&image_digest),
        "the SBOM hangs off the image: {}",
        sbom_report["attachments"]
    );
    // The API answered: the fallback tag was never asked.
    let paths = server.paths();
    let fallback = format!("/manifests/{}", image_digest.replacen(':', "-", 1));
    assert!(!paths.iter().any(|p| p.ends_with(&fallback)), "{paths:?}");
    // cosign's tags are asked too (a registry with the API may still hold them).
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with(&format!("{fallback}.sig"))),
        "{paths:?}"
    );
    // The image's config is not in the recording: said, and the check fails.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("not checked:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_5_mb_manifest_is_checked_after_a_bounded_read_and_a_larger_one_refused() {
    let mut index =
        format!(r#"{{"schemaVersion":2,"mediaType":"{OCI_INDEX}","manifests":[]}}"#).into_bytes();
    index.resize(5 * 1000 * 1000, b' ');
    let mut huge = index.clone();
    huge.resize(17 * 1024 * 1024, b' ');
    let server = Server::start(move |r| match r.path.as_str() {
        "/v2/big/manifests/v1" => reply(200, OCI_INDEX, &index),
        "/v2/big/manifests/v2" => reply(200, OCI_INDEX, &huge),
        _ => not_found(),
    });
    let (output, _) = run(
        &[
            "check",
            "--plain-http",
            "--format",
            "json",
            &server.reference("big:v1"),
        ],
        b"",
        &[],
    );
    let reports = json(&output);
    assert!(
        codes(&reports[0]).contains(&"DST002".to_owned()),
        "{:?}",
        codes(&reports[0])
    );
    assert_eq!(reports[0]["size"], 5_000_000);

    let (output, _) = run(
        &["check", "--plain-http", &server.reference("big:v2")],
        b"",
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("larger than 16 MiB"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn digests_that_disagree_are_diagnostics() {
    let manifest = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"#.to_vec();
    let wrong = format!("sha256:{}", "1".repeat(64));
    let server = {
        let (manifest, wrong) = (manifest.clone(), wrong.clone());
        Server::start(move |r| {
            let mut ok = reply(200, OCI_INDEX, &manifest);
            ok.headers
                .push(("Docker-Content-Digest".into(), wrong.clone()));
            if r.path.starts_with("/v2/lying/manifests/") {
                ok
            } else {
                not_found()
            }
        })
    };
    let (output, _) = run(
        &[
            "check",
            "--plain-http",
            "--format",
            "json",
            &server.reference("lying:v1"),
        ],
        b"",
        &[],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = &json(&output)[0];
    let text = report["diagnostics"].to_string();
    assert!(codes(report).contains(&"IMG004".to_owned()), "{text}");
    assert!(text.contains("Docker-Content-Digest header says"), "{text}");
    // verify says it too, on the document.
    let (output, _) = run(
        &[
            "verify",
            "--plain-http",
            "--format",
            "json",
            &server.reference("lying:v1"),
        ],
        b"",
        &[],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = json(&output)["reports"].to_string();
    assert!(text.contains("Docker-Content-Digest header says"), "{text}");
    // Asked by a digest the bytes do not have.
    let (output, _) = run(
        &[
            "check",
            "--plain-http",
            "--format",
            "json",
            &server.reference(&format!("lying@{wrong}")),
        ],
        b"",
        &[],
    );
    let text = json(&output)[0]["diagnostics"].to_string();
    assert!(text.contains("the digest asked for"), "{text}");
}

#[test]
fn a_redirect_elsewhere_a_stall_and_429_are_clear_and_bounded() {
    let manifest = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"#.to_vec();
    let throttled = Arc::new(AtomicUsize::new(0));
    let server = {
        let throttled = Arc::clone(&throttled);
        Server::start(move |r| match r.path.as_str() {
            "/v2/moved/manifests/v1" => Reply {
                status: 307,
                headers: vec![(
                    "Location".into(),
                    "http://elsewhere.invalid/v2/moved/manifests/v1".into(),
                )],
                ..Reply::default()
            },
            "/v2/slow/manifests/v1" => Reply {
                delay: Duration::from_secs(8),
                ..reply(200, OCI_INDEX, &manifest)
            },
            "/v2/busy/manifests/v1" if throttled.fetch_add(1, Ordering::Relaxed) == 0 => Reply {
                status: 429,
                headers: vec![("Retry-After".into(), "1".into())],
                ..Reply::default()
            },
            "/v2/busy/manifests/v1" => reply(200, OCI_INDEX, &manifest),
            "/v2/swamped/manifests/v1" => Reply {
                status: 429,
                headers: vec![("Retry-After".into(), "600".into())],
                ..Reply::default()
            },
            _ => not_found(),
        })
    };
    let (output, _) = run(
        &["check", "--plain-http", &server.reference("moved:v1")],
        b"",
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("redirects to another host (http://elsewhere.invalid)"),
        "{}",
        stderr(&output)
    );

    let (output, took) = run(
        &[
            "check",
            "--plain-http",
            "--timeout",
            "1",
            &server.reference("slow:v1"),
        ],
        b"",
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no answer within --timeout 1s"),
        "{}",
        stderr(&output)
    );
    assert!(
        took < Duration::from_secs(6),
        "bounded by --timeout: {took:?}"
    );

    let (output, _) = run(
        &["check", "--plain-http", &server.reference("busy:v1")],
        b"",
        &[],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "waited out one 429: {}",
        stderr(&output)
    );

    let (output, took) = run(
        &[
            "check",
            "--plain-http",
            "--timeout",
            "2",
            &server.reference("swamped:v1"),
        ],
        b"",
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("429 Too Many Requests and asks to retry after 600s"),
        "{}",
        stderr(&output)
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
    let _ = server.url();
}

const SECRET: &str = "s3cret-never-shown";

fn basic(user: &str, password: &str) -> String {
    use std::fmt::Write as _;
    // A small Base 64 encoder: the test checks the header the CLI sends.
    let table = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = format!("{user}:{password}").into_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(table[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    let mut header = String::new();
    let _ = write!(header, "Basic {out}");
    header
}

#[test]
fn a_401_without_credentials_and_the_bearer_flow_with_them() {
    let manifest = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"#.to_vec();
    let port = Arc::new(AtomicUsize::new(0));
    let server = {
        let port = Arc::clone(&port);
        Server::start(move |r| {
            let expected = basic("ci", SECRET);
            // An identity token (docker login's `identitytoken`) is exchanged by a form POST.
            if r.method == "POST" && r.path == "/token" {
                let form_ok = r.body.contains("grant_type=refresh_token")
                    && r.body.contains("refresh_token=refresh-abc")
                    && r.body.contains("scope=repository%3Apriv%3Apull");
                return if form_ok {
                    reply(200, "application/json", br#"{"access_token":"tok-123"}"#)
                } else {
                    reply(401, "application/json", b"{}")
                };
            }
            if r.path.starts_with("/token?") {
                return if r.headers.get("authorization") == Some(&expected)
                    && r.path.contains("scope=repository%3Apriv%3Apull")
                {
                    reply(200, "application/json", br#"{"token":"tok-123"}"#)
                } else {
                    reply(401, "application/json", b"{}")
                };
            }
            if r.headers.get("authorization").map(String::as_str) == Some("Bearer tok-123") {
                return reply(200, OCI_INDEX, &manifest);
            }
            Reply {
                status: 401,
                headers: vec![(
                    "WWW-Authenticate".into(),
                    format!(
                        r#"Bearer realm="http://127.0.0.1:{}/token",service="recorded",scope="repository:priv:pull""#,
                        port.load(Ordering::Relaxed)
                    ),
                )],
                ..Reply::default()
            }
        })
    };
    port.store(usize::from(server.port), Ordering::Relaxed);
    let given = server.reference("priv:v1");
    let (output, _) = run(&["check", "--plain-http", &given], b"", &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("asks for credentials"),
        "{}",
        stderr(&output)
    );

    let input = format!("{SECRET}\n");
    let (output, _) = run(
        &[
            "check",
            "--plain-http",
            "--format",
            "json",
            "--username",
            "ci",
            "--password-stdin",
            &given,
        ],
        input.as_bytes(),
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for text in [
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    ] {
        assert!(!text.contains(SECRET) && !text.contains("tok-123"));
    }
    let (output, _) = run(
        &[
            "check",
            "--plain-http",
            "--username",
            "ci",
            "--password-stdin",
            &given,
        ],
        b"wrong\n",
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("refused the credentials"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("wrong"));

    // The same credentials from a docker config (`docker login`'s `auths`).
    let dir = std::env::temp_dir().join(format!("ocilint-dockercfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let auth = basic("ci", SECRET).trim_start_matches("Basic ").to_owned();
    std::fs::write(
        dir.join("config.json"),
        format!(
            r#"{{"auths":{{"127.0.0.1:{}":{{"auth":"{auth}"}}}}}}"#,
            server.port
        ),
    )
    .unwrap();
    let (output, _) = run(
        &["check", "--plain-http", &given],
        b"",
        &[("DOCKER_CONFIG", &dir)],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // A credential helper (`credHelpers`), as docker-credential-* programs answer `get`.
    let helper = dir.join("docker-credential-ocilinttest");
    std::fs::write(
        &helper,
        format!("#!/bin/sh\nread server\nprintf '{{\"ServerURL\":\"%s\",\"Username\":\"ci\",\"Secret\":\"{SECRET}\"}}' \"$server\"\n"),
    )
    .unwrap();
    let mut permissions = std::fs::metadata(&helper).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&helper, permissions).unwrap();
    std::fs::write(
        dir.join("config.json"),
        format!(
            r#"{{"credHelpers":{{"127.0.0.1:{}":"ocilinttest"}}}}"#,
            server.port
        ),
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let (output, _) = run(
        &["check", "--plain-http", &given],
        b"",
        &[("DOCKER_CONFIG", &dir), ("PATH", Path::new(&path))],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!String::from_utf8_lossy(&output.stdout).contains(SECRET));

    // The same helper as the global `credsStore` (Docker Desktop's way).
    std::fs::write(dir.join("config.json"), r#"{"credsStore":"ocilinttest"}"#).unwrap();
    let (output, _) = run(
        &["check", "--plain-http", &given],
        b"",
        &[("DOCKER_CONFIG", &dir), ("PATH", Path::new(&path))],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // An identity token, exchanged for an access token.
    std::fs::write(
        dir.join("config.json"),
        format!(
            r#"{{"auths":{{"127.0.0.1:{}":{{"identitytoken":"refresh-abc"}}}}}}"#,
            server.port
        ),
    )
    .unwrap();
    let (output, _) = run(
        &["check", "--plain-http", &given],
        b"",
        &[("DOCKER_CONFIG", &dir)],
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("refresh-abc"));
}

#[test]
fn the_proxy_of_the_environment_and_no_proxy_are_honoured() {
    let manifest = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"#.to_vec();
    let proxy = {
        let manifest = manifest.clone();
        Server::start(move |r| {
            if r.path == "/v2/proxied/manifests/v1" {
                reply(200, OCI_INDEX, &manifest)
            } else {
                not_found()
            }
        })
    };
    let proxy_url = proxy.url();
    let (output, _) = run(
        &[
            "check",
            "--plain-http",
            "--timeout",
            "5",
            "docker://registry.invalid/proxied:v1",
        ],
        b"",
        &[
            ("HTTP_PROXY", Path::new(&proxy_url)),
            ("NO_PROXY", Path::new("localhost")),
        ],
    );
    let seen: Vec<String> = proxy
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        seen[0],
        "CONNECT registry.invalid:80",
        "the proxy was asked: {}",
        stderr(&output)
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}\n{seen:?}",
        stderr(&output)
    );
    // NO_PROXY names the host: asked directly, and it does not resolve.
    let (output, _) = run(
        &[
            "check",
            "--plain-http",
            "--timeout",
            "5",
            "docker://registry.invalid/proxied:v1",
        ],
        b"",
        &[
            ("HTTP_PROXY", Path::new(&proxy_url)),
            ("NO_PROXY", Path::new("registry.invalid")),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("does not resolve"),
        "{}",
        stderr(&output)
    );
}
