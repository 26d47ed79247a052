//! Recording: every case pushed to distribution 2.8 (`docker-registry`) on loopback, then
//! pulled with podman, copied with skopeo (to `oci:` and `dir:`) and pulled with `ctr`, from the
//! registry when it stored the document and otherwise from the tests' read-only loopback
//! server. Writes `tests/peers/corpus.tsv`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::gen::{self, Case, Images};
use crate::procs::{self, run, Containerd, Registry, TempDir};
use crate::registry::Client;
use crate::serve::Server;
use crate::tsv::{self, Normalizer, Row, NONE};

const PACKAGES: [&str; 4] = ["docker-registry", "skopeo", "podman", "containerd"];
const TIMEOUT: Duration = Duration::from_secs(60);
const TAG: &str = "t";
const FULL_MAX: usize = 1600;

const ACCEPT: &str = "application/vnd.oci.image.manifest.v1+json, \
    application/vnd.oci.image.index.v1+json, \
    application/vnd.docker.distribution.manifest.v2+json, \
    application/vnd.docker.distribution.manifest.list.v2+json, \
    application/vnd.docker.distribution.manifest.v1+prettyjws, \
    application/vnd.docker.distribution.manifest.v1+json, \
    application/vnd.oci.artifact.manifest.v1+json, */*";

fn package_version(name: &str) -> Option<String> {
    let out = run(
        Command::new("dpkg-query").args(["-W", "-f=${Status}\t${Version}", name]),
        Duration::from_secs(20),
        None,
    );
    let (status, version) = out.stdout.trim().split_once('\t')?;
    (out.code == Some(0) && status.ends_with(" installed")).then(|| version.to_owned())
}

/// The repository of a case: short, valid, stable.
pub(crate) fn repo_of(case: &str) -> String {
    format!("corpus/{}", &gen::sha256_hex(case.as_bytes())[..16])
}

/// Keeps the first and last `max / 2` characters of a long text (the innermost error is at
/// the end of a Go error chain, the context at its start).
fn cut(text: &str, max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        text.to_owned()
    } else {
        let head: String = chars[..max / 2].iter().collect();
        let tail: String = chars[chars.len() - max / 2..].iter().collect();
        format!("{head} […] {tail}")
    }
}

/// logrus' `time="…" ` prefix, which differs on every run.
fn without_times(text: &str) -> String {
    text.lines()
        .map(|line| match line.strip_prefix("time=\"") {
            Some(rest) => rest.split_once("\" ").map_or(line, |(_, r)| r),
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// distribution's first error: `CODE: message; detail` of the first error in the body.
pub(crate) fn distribution_first_error(status: u16, body: &str) -> String {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let first = parsed
        .as_ref()
        .and_then(|v| v.get("errors"))
        .and_then(|e| e.get(0));
    match first {
        Some(e) => {
            let code = e.get("code").and_then(|c| c.as_str()).unwrap_or("");
            let message = e.get("message").and_then(|c| c.as_str()).unwrap_or("");
            let detail = match e.get("detail") {
                None | Some(serde_json::Value::Null) => None,
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(other) => Some(other.to_string()),
            };
            match detail {
                Some(d) => format!("{code}: {message}; {d}"),
                None => format!("{code}: {message}"),
            }
        }
        None => format!(
            "HTTP {status}: {}",
            body.lines().next().unwrap_or("").trim()
        ),
    }
}

/// The innermost error of a Go error chain `a: b: c` (joined with `": "`): the last part,
/// with the part before it when the last is only a quoted value or a single word
/// (`… media type: "x"`), and with single-word prefixes such as `json: `.
pub(crate) fn innermost(chain: &str) -> String {
    let parts = split_chain(chain);
    let is_word = |p: &str| !p.trim().contains(' ') && p.len() <= 24 && !p.contains('/');
    let mut k = parts.len() - 1;
    let last = parts[k].trim();
    if k > 0 && (last.starts_with('"') || last.starts_with('\'') || is_word(last)) {
        k -= 1;
    }
    while k > 0 && is_word(parts[k - 1]) {
        k -= 1;
    }
    parts[k..].join(": ")
}

/// `a: b: c` split at each `": "` outside a double-quoted Go string (`%q` of a document embeds
/// its own `": "`).
fn split_chain(chain: &str) -> Vec<&str> {
    let bytes = chain.as_bytes();
    let (mut parts, mut start, mut quoted, mut i) = (Vec::new(), 0, false, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quoted => i += 1,
            b'"' => quoted = !quoted,
            b':' if !quoted && bytes.get(i + 1) == Some(&b' ') => {
                parts.push(&chain[start..i]);
                start = i + 2;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    if quoted {
        // An unbalanced quote: no document inside after all.
        return chain.split(": ").collect();
    }
    parts.push(&chain[start..]);
    parts
}

fn logrus_message(line: &str) -> String {
    match line.find("msg=") {
        Some(at) => {
            let m = line[at + 4..].trim();
            let m = m.strip_prefix('"').unwrap_or(m);
            let m = match m.rfind('"') {
                Some(end) if line[at + 4..].trim().starts_with('"') => &m[..end],
                _ => m,
            };
            m.replace("\\\"", "\"").replace("\\\\", "\\")
        }
        None => line.to_owned(),
    }
}

/// podman and skopeo: the innermost error of the last `Error:` / `level=fatal` line.
fn client_first_error(program: &str, stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if program == "containerd" {
        return lines.last().copied().unwrap_or("").to_owned();
    }
    // A Go panic: its message.
    if let Some(panic) = lines.iter().find(|l| l.starts_with("panic: ")) {
        return (*panic).to_owned();
    }
    let line = lines
        .iter()
        .rev()
        .find(|l| l.starts_with("Error: ") || l.contains("level=fatal"))
        .or_else(|| lines.last())
        .copied()
        .unwrap_or("");
    let chain = if line.contains("level=fatal") {
        logrus_message(line)
    } else {
        line.trim_start_matches("Error: ").to_owned()
    };
    innermost(&chain)
}

/// Whether a refusal turned on a blob: its real size, digest or content (the config's
/// `diff_ids`, the layer's unpacking), or a fetch of well-formed content that is not there
/// (the cases that name an absent blob or a `urls` entry). A refusal the document's bytes
/// decide (a malformed digest, which no registry can hold; a media type; a platform; a decoding
/// error) is `no`, even when the program found out by fetching.
pub(crate) fn about_blobs(case: &str, first_error: &str) -> bool {
    let e = first_error.to_lowercase();
    if e.starts_with("digest_invalid")
        || e.contains("no match for platform")
        || e.contains("no processor for media-type")
    {
        return false;
    }
    let content = [
        "size mismatch",
        "digest did not match",
        "unexpected eof",
        "size validation",
        "mismatched image rootfs",
        "failed to extract layer",
        "failed to read expected number of bytes",
        "applylayer",
    ];
    let fetch = [
        "404",
        "not found",
        "blob unknown",
        "could not fetch content",
        "connect:",
    ];
    content.iter().any(|n| e.contains(n))
        || (fetch.iter().any(|n| e.contains(n))
            && (case.contains("absent") || case.contains("urls")))
}

struct Env {
    tmp: String,
    registry_port: u16,
    client: Client,
    loopback: Server,
    containerd: Containerd,
    versions: BTreeMap<&'static str, String>,
    images: Images,
    normalizer: Normalizer,
}

fn record_case(env: &Env, index: usize, case: &Case) -> Vec<Row> {
    let repo = repo_of(&case.name);
    let hex = case.sha256();
    let norm = |t: &str| env.normalizer.apply(t, &repo, &hex);
    let sent = case.content_type.clone().unwrap_or_else(|| NONE.to_owned());
    let mut rows = Vec::new();

    // The push: blobs, the children, then the document with the case's Content-Type.
    for (_, bytes) in env.images.blobs() {
        env.client.blob(&repo, &bytes);
    }
    for (digest, media_type, bytes) in env.images.children() {
        let (status, body) = env.client.put_manifest(&repo, &digest, media_type, &bytes);
        assert!((200..300).contains(&status), "child: {status} {body}");
    }
    let (status, body) = put(
        &env.client,
        env.registry_port,
        &repo,
        &case.content_type,
        &case.bytes,
    );
    let stored = (200..300).contains(&status);
    let first = if stored {
        String::new()
    } else {
        norm(&distribution_first_error(status, &body))
    };
    rows.push(Row {
        case: case.name.clone(),
        sha256: hex.clone(),
        content_type_sent: sent.clone(),
        content_type_served: "-".into(),
        served_by: "-".into(),
        program: "distribution".into(),
        version: env.versions["docker-registry"].clone(),
        operation: "push".into(),
        outcome: if stored { "accept" } else { "reject" }.into(),
        status: status.to_string(),
        blobs: if about_blobs(&case.name, &first) {
            "yes"
        } else {
            "no"
        }
        .into(),
        first_error: first,
        full_error: if stored {
            String::new()
        } else {
            cut(&norm(&body), FULL_MAX)
        },
    });

    // Where the clients fetch it.
    let (port, served, served_by) = if stored {
        let served = served_type(env.registry_port, &repo);
        (env.registry_port, served, "registry")
    } else {
        env.loopback
            .manifest(&repo, TAG, case.content_type.as_deref(), &case.bytes);
        (env.loopback.port, case.content_type.clone(), "loopback")
    };
    let served = served.unwrap_or_else(|| NONE.to_owned());
    let reference = format!("127.0.0.1:{port}/{repo}:{TAG}");
    let scratch = Path::new(&env.tmp).join(format!("case{index}"));
    fs::create_dir_all(&scratch).expect("case scratch");
    let clients: Vec<(&str, &str, Command)> = vec![
        ("podman", "pull", {
            let mut c = Command::new("podman");
            let p = scratch.join("p");
            c.args(["--root", &p.join("root").display().to_string()])
                .args(["--runroot", &p.join("run").display().to_string()])
                .args(["--tmpdir", &p.join("tmp").display().to_string()])
                .args(procs::podman_globals(&scratch)[6..].iter())
                .args(["pull", "--tls-verify=false", &reference]);
            c
        }),
        ("skopeo", "copy-oci", {
            let mut c = Command::new("skopeo");
            c.args(["--insecure-policy", "copy", "--src-tls-verify=false"])
                .arg(format!("docker://{reference}"))
                .arg(format!("oci:{}:{TAG}", scratch.join("oci").display()));
            c
        }),
        ("skopeo", "copy-dir", {
            let mut c = Command::new("skopeo");
            c.args(["--insecure-policy", "copy", "--src-tls-verify=false"])
                .arg(format!("docker://{reference}"))
                .arg(format!("dir:{}", scratch.join("dir").display()));
            c
        }),
        ("containerd", "pull", {
            let mut c = Command::new("ctr");
            c.args(["--address", &env.containerd.socket_str()])
                .args(["-n", &format!("c{index}")])
                .args(["images", "pull", "--plain-http", "--snapshotter", "native"])
                .arg(&reference);
            c
        }),
    ];
    for (program, operation, mut command) in clients {
        let out = run(&mut command, TIMEOUT, Some(&scratch));
        let accepted = out.code == Some(0) && !out.timed_out;
        let stderr = without_times(&norm(&out.stderr));
        let first = if accepted {
            String::new()
        } else if out.timed_out {
            "timed out".to_owned()
        } else {
            client_first_error(program, &stderr)
        };
        let version_key = program;
        rows.push(Row {
            case: case.name.clone(),
            sha256: hex.clone(),
            content_type_sent: sent.clone(),
            content_type_served: served.clone(),
            served_by: served_by.into(),
            program: program.into(),
            version: env.versions[version_key].clone(),
            operation: operation.into(),
            outcome: if accepted { "accept" } else { "reject" }.into(),
            status: if out.timed_out {
                "timeout".into()
            } else {
                out.code.map_or("signal".into(), |c| c.to_string())
            },
            blobs: if !accepted && about_blobs(&case.name, &first) {
                "yes"
            } else {
                "no"
            }
            .into(),
            first_error: first,
            full_error: if accepted {
                String::new()
            } else {
                cut(&stderr, FULL_MAX)
            },
        });
    }
    let _ = fs::remove_dir_all(&scratch);
    rows
}

fn put(
    client: &Client,
    port: u16,
    repo: &str,
    content_type: &Option<String>,
    bytes: &[u8],
) -> (u16, String) {
    match content_type {
        Some(ct) => client.put_manifest(repo, TAG, ct, bytes),
        None => {
            // No Content-Type header at all.
            let agent = ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(30))
                .redirects(0)
                .build();
            let result = agent
                .put(&format!(
                    "http://127.0.0.1:{port}/v2/{repo}/manifests/{TAG}"
                ))
                .send_bytes(bytes);
            match result {
                Ok(r) => (r.status(), r.into_string().unwrap_or_default()),
                Err(ureq::Error::Status(code, r)) => {
                    (code, r.into_string().unwrap_or_default().trim().to_owned())
                }
                Err(e) => (0, format!("transport error: {e}")),
            }
        }
    }
}

/// The `Content-Type` distribution serves the stored document with.
fn served_type(port: u16, repo: &str) -> Option<String> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build();
    match agent
        .get(&format!(
            "http://127.0.0.1:{port}/v2/{repo}/manifests/{TAG}"
        ))
        .set("Accept", ACCEPT)
        .call()
    {
        Ok(r) => r.header("Content-Type").map(str::to_owned),
        Err(_) => Some("(GET failed)".to_owned()),
    }
}

/// Records every case whose name contains `OCILINT_CORPUS_FILTER` (all when unset) and merges
/// the rows into `tests/peers/corpus.tsv` (rows of other cases are kept).
pub(crate) fn record() {
    let mut versions = BTreeMap::new();
    for name in PACKAGES {
        let v = package_version(name).unwrap_or_else(|| {
            panic!(
                "{name} is not installed: as root, `apt-get install {}`",
                PACKAGES.join(" ")
            )
        });
        println!("{name} {v}");
        versions.insert(name, v);
    }
    let images = Images::new();
    let cases = gen::cases(&images);
    let filter = std::env::var("OCILINT_CORPUS_FILTER").unwrap_or_default();
    let jobs: usize = std::env::var("OCILINT_CORPUS_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .unwrap_or(3);
    let chosen: Vec<usize> = (0..cases.len())
        .filter(|i| cases[*i].name.contains(&filter))
        .collect();
    println!(
        "recording {} of {} cases, {jobs} at a time",
        chosen.len(),
        cases.len()
    );

    let tmp = TempDir::new();
    let registry = Registry::start(tmp.path());
    let containerd = Containerd::start(tmp.path());
    let loopback = Server::start();
    for (_, bytes) in images.blobs() {
        loopback.blob(&bytes);
    }
    for (_, media_type, bytes) in images.children() {
        loopback.shared_manifest(media_type, &bytes);
    }
    let env = Arc::new(Env {
        tmp: tmp.path().display().to_string(),
        registry_port: registry.port,
        client: Client::new(registry.port),
        loopback,
        containerd,
        versions,
        normalizer: Normalizer {
            labels: images
                .labels()
                .into_iter()
                .map(|(h, l)| (h, l.to_owned()))
                .collect(),
            scratch: Some(tmp.path().display().to_string()),
        },
        images,
    });

    let existing = fs::read_to_string(tsv::path())
        .ok()
        .and_then(|t| tsv::read(&t).ok())
        .unwrap_or_default();
    let chosen_names: std::collections::BTreeSet<&str> =
        chosen.iter().map(|i| cases[*i].name.as_str()).collect();
    let kept: Vec<Row> = existing
        .into_iter()
        .filter(|r| !chosen_names.contains(r.case.as_str()))
        .collect();

    let done: Arc<Mutex<BTreeMap<usize, Vec<Row>>>> = Arc::default();
    let next = Arc::new(AtomicUsize::new(0));
    let cases = Arc::new(cases);
    let chosen = Arc::new(chosen);
    let started = Instant::now();
    let write_out = |done: &BTreeMap<usize, Vec<Row>>| {
        let order: BTreeMap<&str, usize> = cases
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.as_str(), i))
            .collect();
        let mut rows: Vec<(usize, Row)> = kept
            .iter()
            .filter_map(|r| order.get(r.case.as_str()).map(|i| (*i, r.clone())))
            .collect();
        for (i, rs) in done {
            rows.extend(rs.iter().map(|r| (*i, r.clone())));
        }
        rows.sort_by_key(|r| r.0);
        let rows: Vec<Row> = rows.into_iter().map(|(_, r)| r).collect();
        fs::write(tsv::path(), tsv::write(&rows)).expect("writing the TSV");
    };
    let workers: Vec<_> = (0..jobs)
        .map(|_| {
            let (env, done, next, cases, chosen) = (
                env.clone(),
                done.clone(),
                next.clone(),
                cases.clone(),
                chosen.clone(),
            );
            std::thread::spawn(move || loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = chosen.get(k) else { break };
                let rows = record_case(&env, i, &cases[i]);
                done.lock().unwrap().insert(i, rows);
            })
        })
        .collect();
    let mut last_write = Instant::now();
    while workers.iter().any(|w| !w.is_finished()) {
        std::thread::sleep(Duration::from_millis(500));
        if last_write.elapsed() > Duration::from_secs(30) {
            let d = done.lock().unwrap();
            println!(
                "recorded {}/{} cases in {:.0?}",
                d.len(),
                chosen.len(),
                started.elapsed()
            );
            write_out(&d);
            last_write = Instant::now();
        }
    }
    for w in workers {
        w.join().expect("a recording worker panicked");
    }
    write_out(&done.lock().unwrap());
    println!(
        "recorded {} cases in {:.0?} into {}",
        chosen.len(),
        started.elapsed(),
        tsv::path().display()
    );
    drop(env);
    drop(registry);
    drop(tmp);
}
