//! The harness of the whole-image benchmark (`cargo xtask bench --image`): builds 1 GiB OCI
//! archives (once, kept in `OCILINT_BENCH_IMAGES`), opens each in the page `cargo xtask build`
//! made (`OCILINT_BENCH_DIST`) in headless Chromium, and times, alternated in the same browser,
//! the page's verification (every blob located, read, hashed and judged, as a user's click
//! starts it) against `crypto.subtle.digest` of the same blobs read from the same `File`. It
//! samples memory while each runs: the JavaScript heaps of the page and of every worker, read
//! with the DevTools protocol's `Performance.getMetrics`, and the proportional set size of all
//! the browser's processes (the blobs' `ArrayBuffer`s live outside the heaps). Figures go as
//! tab-separated lines to `OCILINT_BENCH_OUT`, which `cargo xtask bench` reads; it fails only
//! when the page cannot verify an archive or says it is not clean.
//!
//! It speaks the DevTools protocol itself (one WebSocket) rather than WebDriver: WebDriver
//! reaches only the page, not its workers.

#[path = "e2e/support.rs"]
#[allow(dead_code)] // the e2e tests use the rest of it
mod support;

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use support::StaticServer;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

const MIB: u64 = 1024 * 1024;

/// The archives: a name (also the file's), what it is, each layer's size in MiB.
const ARCHIVES: [(&str, &str, &[u64]); 2] = [
    (
        "twelve-layers",
        "1 GiB OCI archive, 12 uncompressed layers of 16–224 MiB",
        &[224, 160, 128, 112, 96, 80, 64, 48, 40, 32, 24, 16],
    ),
    (
        "one-large-layer",
        "1 GiB OCI archive, one 768 MiB layer and four of 64 MiB",
        &[768, 64, 64, 64, 64],
    ),
];

/// Page runs and yardstick runs per archive, alternated.
const ROUNDS: usize = 3;

/// How long one verification may take before the harness gives up.
const LIMIT: Duration = Duration::from_secs(300);

#[test]
#[ignore = "needs the page `cargo xtask build` makes, Chromium, and 2 GiB of disk: run `cargo xtask bench --image`"]
fn bench_image() {
    let var = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .unwrap_or_else(|| panic!("{name} is not set: run `cargo xtask bench --image`"))
    };
    let dist = var("OCILINT_BENCH_DIST");
    let images = var("OCILINT_BENCH_IMAGES");
    let out = var("OCILINT_BENCH_OUT");
    std::fs::create_dir_all(&images).expect("create the archives' folder");
    let archives: Vec<(PathBuf, u64)> = ARCHIVES
        .iter()
        .map(|(name, _, layers)| archive(&images, name, layers))
        .collect();

    let server = StaticServer::start(&dist, &[]);
    let mut browser = Browser::start();
    let mut tsv = format!("browser\t{}\n", browser.user_agent);
    for ((name, label, _), (path, member_bytes)) in ARCHIVES.iter().zip(&archives) {
        let mut page_ms = Vec::new();
        let mut yardstick_ms = Vec::new();
        let mut peak = Peak::default();
        let mut status = String::new();
        for round in 0..ROUNDS {
            let (ms, text, seen) = browser.verify_in_page(&server.url, path);
            let phases = browser.eval(PHASES);
            eprintln!(
                "bench image: {name} round {round}: the page {ms:.0} ms ({}; {text})",
                phases.as_str().unwrap_or_default()
            );
            assert!(
                text.contains("verified, clean"),
                "the page did not find {name} clean: {text}"
            );
            page_ms.push(ms);
            peak.page = peak.page.max_of(seen);
            status = text;
            let (ms, hashed, seen) = browser.digest_in_page(&server.url, path);
            eprintln!("bench image: {name} round {round}: crypto.subtle.digest {ms:.0} ms");
            assert_eq!(hashed, *member_bytes, "the yardstick hashed other bytes");
            yardstick_ms.push(ms);
            peak.yardstick = peak.yardstick.max_of(seen);
        }
        let list = |v: &[f64]| {
            v.iter()
                .map(|ms| format!("{ms:.1}"))
                .collect::<Vec<_>>()
                .join(",")
        };
        let _ = writeln!(
            tsv,
            "{name}\t{label}\t{}\t{}\t{member_bytes}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            path.display(),
            std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            list(&page_ms),
            list(&yardstick_ms),
            peak.page.heaps,
            peak.page.buffers,
            peak.page.pss,
            peak.page.pss_before,
            peak.yardstick.heaps,
            peak.yardstick.buffers,
            peak.yardstick.pss,
            peak.yardstick.pss_before,
            status.replace(['\t', '\n'], " "),
        );
    }
    std::fs::write(&out, tsv).expect("write the figures");
    eprintln!("bench image: figures in {}", out.display());
}

/// The most memory seen while one side ran: the sum of the JavaScript heaps (page and workers)
/// and of the browser's processes' proportional set sizes, and that sum before it started.
#[derive(Debug, Default, Clone, Copy)]
struct Memory {
    heaps: u64,
    /// The `ArrayBuffer` backing stores of the page and its workers (outside the heaps).
    buffers: u64,
    pss: u64,
    pss_before: u64,
}

impl Memory {
    fn max_of(self, other: Memory) -> Memory {
        Memory {
            heaps: self.heaps.max(other.heaps),
            buffers: self.buffers.max(other.buffers),
            pss: self.pss.max(other.pss),
            pss_before: self.pss_before.max(other.pss_before),
        }
    }
}

#[derive(Debug, Default)]
struct Peak {
    page: Memory,
    yardstick: Memory,
}

/// Writes the archive `name` (once: a stamp beside it names its layers), an OCI archive of one
/// linux/amd64 image whose layers are uncompressed tars of pseudo-random bytes (so nothing about
/// them is cheaper to hash than real content). Returns its path and the bytes of its blobs.
fn archive(dir: &Path, name: &str, layers_mib: &[u64]) -> (PathBuf, u64) {
    let path = dir.join(format!("{name}.tar"));
    let stamp = dir.join(format!("{name}.stamp"));
    let recipe = format!("v2 {layers_mib:?}");
    if path.exists() {
        if let Ok(text) = std::fs::read_to_string(&stamp) {
            if let Some(bytes) = text.strip_prefix(&format!("{recipe}\n")) {
                if let Ok(bytes) = bytes.trim().parse() {
                    return (path, bytes);
                }
            }
        }
    }
    eprintln!("bench image: writing {} (once)", path.display());
    let file = std::fs::File::create(&path).expect("create the archive");
    let mut tar = tar::Builder::new(BufWriter::with_capacity(8 * 1024 * 1024, file));
    // The bytes of every member, which the page and the yardstick each read and hash.
    let member_bytes = std::cell::Cell::new(0u64);
    let add = |tar: &mut tar::Builder<_>, path: &str, bytes: &[u8]| {
        member_bytes.set(member_bytes.get() + bytes.len() as u64);
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_cksum();
        tar.append_data(&mut header, path, bytes)
            .expect("write the archive");
    };
    add(&mut tar, "oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#);
    let blob = |tar: &mut tar::Builder<_>, bytes: &[u8]| -> String {
        let hex = format!("{:x}", Sha256::digest(bytes));
        add(tar, &format!("blobs/sha256/{hex}"), bytes);
        format!("sha256:{hex}")
    };
    let mut layers = Vec::new();
    for (i, mib) in layers_mib.iter().enumerate() {
        let bytes = layer(i as u64 + 1, mib * MIB);
        let digest = blob(&mut tar, &bytes);
        layers.push((digest, bytes.len()));
    }
    let config = serde_json::to_vec(&json!({
        "architecture": "amd64",
        "os": "linux",
        "config": {},
        "rootfs": {
            "type": "layers",
            "diff_ids": layers.iter().map(|(d, _)| d).collect::<Vec<_>>(),
        },
    }))
    .unwrap();
    let config_digest = blob(&mut tar, &config);
    let manifest = serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": config_digest,
            "size": config.len(),
        },
        "layers": layers.iter().map(|(digest, size)| json!({
            "mediaType": "application/vnd.oci.image.layer.v1.tar",
            "digest": digest,
            "size": size,
        })).collect::<Vec<_>>(),
    }))
    .unwrap();
    let manifest_digest = blob(&mut tar, &manifest);
    let index = serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": manifest_digest,
            "size": manifest.len(),
            "platform": {"os": "linux", "architecture": "amd64"},
            "annotations": {"org.opencontainers.image.ref.name": "bench"},
        }],
    }))
    .unwrap();
    add(&mut tar, "index.json", &index);
    let mut out = tar.into_inner().expect("finish the archive");
    out.flush().expect("write the archive");
    let member_bytes = member_bytes.get();
    std::fs::write(&stamp, format!("{recipe}\n{member_bytes}\n")).expect("write the stamp");
    (path, member_bytes)
}

/// An uncompressed layer of exactly `size` bytes: a tar of one file of pseudo-random bytes
/// (xorshift64*, seeded by `seed`).
fn layer(seed: u64, size: u64) -> Vec<u8> {
    // A header before the file and two zero blocks after it; the file fills whole blocks.
    let data = (size - 3 * 512) as usize;
    let mut bytes = vec![0u8; data];
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for chunk in bytes.chunks_mut(8) {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let word = state.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes();
        chunk.copy_from_slice(&word[..chunk.len()]);
    }
    let mut tar = tar::Builder::new(Vec::with_capacity(size as usize));
    let mut header = tar::Header::new_ustar();
    header.set_size(data as u64);
    header.set_mode(0o644);
    header.set_mtime(0);
    header.set_cksum();
    tar.append_data(&mut header, "data", bytes.as_slice())
        .expect("build a layer");
    let layer = tar.into_inner().expect("build a layer");
    assert_eq!(layer.len() as u64, size);
    layer
}

/// Marks when the page starts (the file input's `change`) and when its result or an error is
/// drawn.
const WATCH: &str = r##"
window.__bench = { start: null, end: null, text: null };
document.addEventListener("change", () => { if (window.__bench.start === null) window.__bench.start = performance.now(); }, true);
const done = () => document.querySelector("#image-result, .images [role=alert]");
new MutationObserver((_, observer) => {
  const shown = done();
  if (shown && window.__bench.end === null) {
    window.__bench.end = performance.now();
    // The summary's verdict and counts, without its buttons' words.
    const summary = document.querySelector("#image-status");
    window.__bench.text = summary ? Array.from(summary.childNodes).slice(0, 2).map((n) => n.textContent).join("").trim() : shown.textContent;
    observer.disconnect();
  }
}).observe(document.body, { subtree: true, childList: true });
"##;

/// The page's phases, from its performance marks (`static/images.js`).
const PHASES: &str = r#"
(() => {
  const marks = performance.getEntriesByType("mark").filter((m) => m.name.startsWith("ocilint-image-"));
  return marks.map((m, i) => `${m.name.slice(14)} +${Math.round(m.startTime - (i ? marks[i - 1].startTime : window.__bench.start))} ms`).join(", ");
})()
"#;

/// The yardstick: the regular files of the tar in the harness's own input, located by their
/// headers, each read from the same `File` and hashed by `crypto.subtle.digest`, one after the
/// other.
const DIGEST: &str = r##"
window.__yardstick = null;
(async () => {
  const file = document.querySelector("#bench-yardstick").files[0];
  const blobs = [];
  for (let at = 0; at + 512 <= file.size; ) {
    const header = new Uint8Array(await file.slice(at, at + 512).arrayBuffer());
    if (header.every((b) => b === 0)) break;
    const size = parseInt(new TextDecoder().decode(header.subarray(124, 136)).replace(/\0.*$/s, "").trim(), 8) || 0;
    if (header[156] === 48 || header[156] === 0) blobs.push([at + 512, size]);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  const started = performance.now();
  let bytes = 0;
  for (const [offset, size] of blobs) {
    const buffer = await file.slice(offset, offset + size).arrayBuffer();
    await crypto.subtle.digest("SHA-256", buffer);
    bytes += size;
  }
  window.__yardstick = { ms: performance.now() - started, bytes };
})().catch((error) => { window.__yardstick = { error: String(error) }; });
"##;

/// Headless Chromium driven over the DevTools protocol, one page with its workers attached.
struct Browser {
    child: Child,
    profile: PathBuf,
    cdp: Cdp,
    page: String,
    workers: Vec<String>,
    user_agent: String,
    /// Each session's JavaScript heap as it last answered.
    heaps: std::collections::HashMap<String, u64>,
    /// Each session's `ArrayBuffer` backing stores as it last answered.
    buffers: std::collections::HashMap<String, u64>,
}

impl Browser {
    fn start() -> Self {
        let chrome = std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let profile =
            std::env::temp_dir().join(format!("ocilint-bench-image-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).expect("a profile folder");
        let child = Command::new(&chrome)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {chrome}: {e}"));
        // Chromium writes the port it chose and the browser's WebSocket path here.
        let port_file = profile.join("DevToolsActivePort");
        let started = Instant::now();
        let (port, path) = loop {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                let mut lines = text.lines();
                if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                    break (port.to_owned(), path.to_owned());
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "Chromium did not open its DevTools port"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        let mut cdp = Cdp::connect(&format!("ws://127.0.0.1:{port}{path}"));
        let version = cdp.call(None, "Browser.getVersion", json!({}));
        let user_agent = version["userAgent"]
            .as_str()
            .unwrap_or("unknown")
            .to_owned();
        let target = cdp.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let attached = cdp.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        let page = attached["sessionId"]
            .as_str()
            .expect("a session")
            .to_owned();
        let mut browser = Browser {
            child,
            profile,
            cdp,
            page,
            workers: Vec::new(),
            user_agent,
            heaps: std::collections::HashMap::new(),
            buffers: std::collections::HashMap::new(),
        };
        let page = Some(browser.page.clone());
        for method in ["Page.enable", "Runtime.enable", "Performance.enable"] {
            browser.cdp.call(page.as_deref(), method, json!({}));
        }
        browser.cdp.call(
            page.as_deref(),
            "Target.setAutoAttach",
            json!({"autoAttach": true, "waitForDebuggerOnStart": false, "flatten": true}),
        );
        browser
    }

    /// Opens the page afresh (no worker left from before) and waits for its archive input.
    fn open(&mut self, url: &str) {
        let page = Some(self.page.clone());
        self.cdp.call(
            page.as_deref(),
            "Page.navigate",
            json!({"url": format!("{url}index.html")}),
        );
        let started = Instant::now();
        while self.eval("document.querySelector('#open-image-archive') !== null") != json!(true) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the page did not show its archive input"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        self.follow_workers();
    }

    fn eval(&mut self, expression: &str) -> Value {
        let page = Some(self.page.clone());
        let answer = self.cdp.call(
            page.as_deref(),
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        if let Some(exception) = answer.get("exceptionDetails") {
            panic!("{expression}: {exception}");
        }
        answer["result"]["value"].clone()
    }

    /// Gives the file at `path` to the input `selector`, as a user choosing it would.
    fn choose_file(&mut self, selector: &str, path: &Path) {
        let page = Some(self.page.clone());
        let document = self
            .cdp
            .call(page.as_deref(), "DOM.getDocument", json!({"depth": 0}));
        let node = self.cdp.call(
            page.as_deref(),
            "DOM.querySelector",
            json!({"nodeId": document["root"]["nodeId"], "selector": selector}),
        );
        self.cdp.call(
            page.as_deref(),
            "DOM.setFileInputFiles",
            json!({"nodeId": node["nodeId"], "files": [path.display().to_string()]}),
        );
    }

    /// The page's verification of the archive, from the input's `change` to its result drawn:
    /// milliseconds, the result's words, the memory seen.
    fn verify_in_page(&mut self, url: &str, archive: &Path) -> (f64, String, Memory) {
        self.open(url);
        self.eval(WATCH);
        let before = self.memory();
        self.choose_file("#open-image-archive", archive);
        let mut seen = Memory {
            pss_before: before.pss,
            ..Memory::default()
        };
        let started = Instant::now();
        loop {
            seen = seen.max_of(self.memory());
            let state = self.eval("window.__bench");
            if !state["end"].is_null() {
                let ms = state["end"].as_f64().unwrap() - state["start"].as_f64().unwrap_or(0.0);
                let text = state["text"].as_str().unwrap_or_default().to_owned();
                return (ms, text, seen);
            }
            assert!(
                started.elapsed() < LIMIT,
                "the page did not verify {} within {LIMIT:?}",
                archive.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// `crypto.subtle.digest` of the archive's blobs, read from the same kind of `File` in the
    /// same page: milliseconds, bytes hashed, the memory seen.
    fn digest_in_page(&mut self, url: &str, archive: &Path) -> (f64, u64, Memory) {
        self.open(url);
        self.eval(
            "{ const input = document.createElement('input'); input.type = 'file'; \
             input.id = 'bench-yardstick'; input.hidden = true; document.body.append(input); }",
        );
        self.choose_file("#bench-yardstick", archive);
        let before = self.memory();
        self.eval(DIGEST);
        let mut seen = Memory {
            pss_before: before.pss,
            ..Memory::default()
        };
        let started = Instant::now();
        loop {
            seen = seen.max_of(self.memory());
            let state = self.eval("window.__yardstick");
            if let Some(error) = state["error"].as_str() {
                panic!("the yardstick failed: {error}");
            }
            if !state.is_null() {
                return (
                    state["ms"].as_f64().unwrap(),
                    state["bytes"].as_u64().unwrap(),
                    seen,
                );
            }
            assert!(started.elapsed() < LIMIT, "the yardstick did not finish");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Takes the workers attached since the last look into the sessions measured.
    fn follow_workers(&mut self) {
        for event in self.cdp.events.drain(..) {
            match event["method"].as_str() {
                Some("Target.attachedToTarget")
                    if event["params"]["targetInfo"]["type"] == "worker" =>
                {
                    if let Some(id) = event["params"]["sessionId"].as_str() {
                        self.workers.push(id.to_owned());
                    }
                }
                Some("Target.detachedFromTarget") => {
                    let id = event["params"]["sessionId"].as_str().unwrap_or_default();
                    self.workers.retain(|w| w != id);
                }
                _ => {}
            }
        }
    }

    /// The heaps of the page and its workers, and the browser's processes' PSS, now. A worker
    /// answers the protocol only between its tasks, and one hashing a large blob in the wasm is
    /// in one long task: every session is asked at once, and one that has not answered within
    /// [`SAMPLE_WAIT`] counts with what it last said.
    fn memory(&mut self) -> Memory {
        self.follow_workers();
        let sessions: Vec<String> = std::iter::once(self.page.clone())
            .chain(self.workers.iter().cloned())
            .collect();
        // Chromium's workers have no Performance domain (`'Performance.getMetrics' wasn't
        // found`): their heaps are read with the Runtime domain's figure of the same heap.
        // The page's `Runtime.getHeapUsage` is asked for its `ArrayBuffer`s only.
        let mut asked: Vec<(u64, String)> = Vec::new();
        for session in &sessions {
            if *session == self.page {
                let id = self
                    .cdp
                    .send(Some(session), "Performance.getMetrics", json!({}));
                asked.push((id, session.clone()));
            }
            let id = self
                .cdp
                .send(Some(session), "Runtime.getHeapUsage", json!({}));
            asked.push((id, session.clone()));
        }
        let deadline = Instant::now() + SAMPLE_WAIT;
        while Instant::now() < deadline && asked.iter().any(|(id, _)| !self.cdp.answered(*id)) {
            self.cdp.pump(deadline);
        }
        for (id, session) in asked {
            match self.cdp.take(id) {
                Some(Ok(answer)) => {
                    let used = answer["metrics"]
                        .as_array()
                        .and_then(|all| {
                            all.iter()
                                .find(|m| m["name"] == "JSHeapUsedSize")
                                .and_then(|m| m["value"].as_f64())
                        })
                        .or_else(|| answer["usedSize"].as_f64().filter(|_| session != self.page));
                    if let Some(used) = used {
                        self.heaps.insert(session.clone(), used as u64);
                    }
                    // `ArrayBuffer` backing stores, where the Runtime domain says them.
                    if let Some(buffers) = answer["backingStorageSize"].as_f64() {
                        self.buffers.insert(session, buffers as u64);
                    }
                }
                Some(Err(error)) if !error.contains("not found") => {
                    panic!("a memory figure was refused: {error}");
                }
                // Gone (a worker ended), or busy: its last figure stands.
                _ => {}
            }
        }
        self.heaps.retain(|session, _| sessions.contains(session));
        self.buffers.retain(|session, _| sessions.contains(session));
        Memory {
            heaps: self.heaps.values().sum(),
            buffers: self.buffers.values().sum(),
            pss: browser_pss(self.child.id()),
            pss_before: 0,
        }
    }
}

/// How long a memory sample waits for the sessions' answers.
const SAMPLE_WAIT: Duration = Duration::from_millis(250);

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// The proportional set size of the browser's process and all its descendants (its renderer,
/// GPU and utility processes), in bytes.
fn browser_pss(root: u32) -> u64 {
    let Ok(processes) = std::fs::read_dir("/proc") else {
        return 0;
    };
    // (pid, parent pid) of every process.
    let parents: Vec<(u32, u32)> = processes
        .flatten()
        .filter_map(|p| {
            let pid: u32 = p.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(p.path().join("stat")).ok()?;
            // `pid (name) state ppid …`; the name may hold spaces and parentheses.
            let ppid = stat[stat.rfind(')')? + 1..].split_whitespace().nth(1)?;
            Some((pid, ppid.parse().ok()?))
        })
        .collect();
    let mut ours = vec![root];
    let mut at = 0;
    while at < ours.len() {
        let parent = ours[at];
        ours.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(pid, _)| *pid),
        );
        at += 1;
    }
    ours.iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok())
        .filter_map(|rollup| {
            let kib = rollup.lines().find_map(|line| line.strip_prefix("Pss:"))?;
            kib.trim().trim_end_matches("kB").trim().parse::<u64>().ok()
        })
        .sum::<u64>()
        * 1024
}

/// A DevTools protocol connection: commands sent with an id, answers kept by id until taken,
/// events kept until read.
struct Cdp {
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next: u64,
    /// The ids sent and not yet taken: an answer to any other id (one given up on) is dropped.
    waiting: std::collections::HashSet<u64>,
    answers: std::collections::HashMap<u64, Result<Value, String>>,
    events: VecDeque<Value>,
}

impl Cdp {
    fn connect(url: &str) -> Self {
        let (socket, _) = tungstenite::connect(url).expect("connect to Chromium's DevTools");
        Cdp {
            socket,
            next: 0,
            waiting: std::collections::HashSet::new(),
            answers: std::collections::HashMap::new(),
            events: VecDeque::new(),
        }
    }

    /// Sends a command; its answer is [`Cdp::take`]n by the id returned.
    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> u64 {
        self.next += 1;
        let id = self.next;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("send to Chromium");
        self.waiting.insert(id);
        id
    }

    fn answered(&self, id: u64) -> bool {
        self.answers.contains_key(&id)
    }

    /// The answer to `id`, if it came; either way `id` is no longer waited for, so an answer
    /// that comes late is dropped rather than kept for the rest of the run.
    fn take(&mut self, id: u64) -> Option<Result<Value, String>> {
        self.waiting.remove(&id);
        self.answers.remove(&id)
    }

    /// Reads what Chromium sent until `deadline`, or one message.
    fn pump(&mut self, deadline: Instant) {
        let wait = deadline.saturating_duration_since(Instant::now());
        if let MaybeTlsStream::Plain(stream) = self.socket.get_mut() {
            let _ = stream.set_read_timeout(Some(wait.max(Duration::from_millis(1))));
        }
        let text = match self.socket.read() {
            Ok(Message::Text(text)) => text,
            Ok(_) => return,
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return
            }
            Err(e) => panic!("read from Chromium: {e}"),
        };
        let value: Value = serde_json::from_str(text.as_str()).expect("DevTools JSON");
        if let Some(id) = value["id"].as_u64().filter(|id| self.waiting.contains(id)) {
            let answer = match value.get("error") {
                Some(error) => Err(error.to_string()),
                None => Ok(value["result"].clone()),
            };
            self.answers.insert(id, answer);
        } else if value.get("method").is_some() {
            self.events.push_back(value);
        }
    }

    /// Sends a command and waits for its answer (the page's commands; never a worker's).
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        let id = self.send(session, method, params);
        let deadline = Instant::now() + LIMIT;
        while !self.answered(id) {
            assert!(
                Instant::now() < deadline,
                "{method}: no answer from Chromium"
            );
            self.pump(Instant::now() + Duration::from_secs(1));
        }
        match self.take(id) {
            Some(Ok(value)) => value,
            Some(Err(error)) => panic!("{method}: {error}"),
            None => unreachable!("answered"),
        }
    }
}
