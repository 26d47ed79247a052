//! A small read-only registry on 127.0.0.1: serves the exact bytes it was given with the
//! registry API's headers (`Docker-Distribution-API-Version`, `Content-Type`,
//! `Docker-Content-Digest`, `Content-Length`), so that documents distribution refuses still
//! reach the clients. `GET`/`HEAD` of `/v2/`, `/v2/<repo>/manifests/<ref>` and
//! `/v2/<repo>/blobs/<digest>`; everything else is 404 or 405. A TLS hello is answered by
//! closing the connection at once, so clients that try HTTPS first fall back to HTTP quickly.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::gen::digest;

#[derive(Debug, Default)]
struct Store {
    /// `<repo>/<reference>` → (Content-Type, bytes).
    manifests: HashMap<String, (Option<String>, Vec<u8>)>,
    /// Manifests any repository may ask for by digest (the children of lists).
    shared_manifests: HashMap<String, (Option<String>, Vec<u8>)>,
    blobs: HashMap<String, Vec<u8>>,
}

#[derive(Debug)]
pub(crate) struct Server {
    pub(crate) port: u16,
    store: Arc<Mutex<Store>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    pub(crate) fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("address").port();
        let store = Arc::new(Mutex::new(Store::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (store.clone(), stop.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if st.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let s = s.clone();
                std::thread::spawn(move || {
                    let _ = handle(conn, &s);
                });
            }
        });
        Server { port, store, stop }
    }

    pub(crate) fn blob(&self, bytes: &[u8]) {
        let mut store = self.store.lock().unwrap();
        store.blobs.insert(digest(bytes), bytes.to_vec());
    }

    pub(crate) fn shared_manifest(&self, content_type: &str, bytes: &[u8]) {
        let mut store = self.store.lock().unwrap();
        store.shared_manifests.insert(
            digest(bytes),
            (Some(content_type.to_owned()), bytes.to_vec()),
        );
    }

    /// Serves `bytes` as `<repo>:<tag>` and `<repo>@<its digest>`.
    pub(crate) fn manifest(&self, repo: &str, tag: &str, content_type: Option<&str>, bytes: &[u8]) {
        let mut store = self.store.lock().unwrap();
        let entry = (content_type.map(str::to_owned), bytes.to_vec());
        store
            .manifests
            .insert(format!("{repo}/{}", digest(bytes)), entry.clone());
        store.manifests.insert(format!("{repo}/{tag}"), entry);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn handle(mut conn: TcpStream, store: &Mutex<Store>) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut first = [0u8; 1];
    if conn.peek(&mut first)? == 0 || first[0] == 0x16 {
        // Empty, or a TLS ClientHello: not HTTPS here.
        return conn.shutdown(Shutdown::Both);
    }
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut content_length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                content_length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    if content_length > 0 {
        let mut sink = vec![0; content_length.min(1 << 20)];
        let _ = reader.read_exact(&mut sink);
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("");
    let path = target.split('?').next().unwrap_or("");
    let head = method == "HEAD";

    let not_found = |code: &str| {
        let body = format!(
            "{{\"errors\":[{{\"code\":\"{code}\",\"message\":\"{}\",\"detail\":null}}]}}",
            code.to_lowercase().replace('_', " ")
        );
        (
            404u16,
            vec![("Content-Type".to_owned(), "application/json".to_owned())],
            body.into_bytes(),
        )
    };
    let (status, headers, body) = if method != "GET" && !head {
        (405, Vec::new(), b"read-only".to_vec())
    } else if path == "/v2/" || path == "/v2" {
        (
            200,
            vec![("Content-Type".to_owned(), "application/json".to_owned())],
            b"{}".to_vec(),
        )
    } else if let Some((repo, reference)) = path
        .strip_prefix("/v2/")
        .and_then(|p| p.rsplit_once("/manifests/"))
    {
        let store = store.lock().unwrap();
        let found = store
            .manifests
            .get(&format!("{repo}/{reference}"))
            .or_else(|| store.shared_manifests.get(reference))
            .cloned();
        match found {
            Some((content_type, bytes)) => {
                let mut h = vec![("Docker-Content-Digest".to_owned(), digest(&bytes))];
                if let Some(ct) = content_type {
                    h.push(("Content-Type".to_owned(), ct));
                }
                (200, h, bytes)
            }
            None => not_found("MANIFEST_UNKNOWN"),
        }
    } else if let Some((_, reference)) = path
        .strip_prefix("/v2/")
        .and_then(|p| p.rsplit_once("/blobs/"))
    {
        let store = store.lock().unwrap();
        match store.blobs.get(reference).cloned() {
            Some(bytes) => (
                200,
                vec![
                    ("Docker-Content-Digest".to_owned(), reference.to_owned()),
                    (
                        "Content-Type".to_owned(),
                        "application/octet-stream".to_owned(),
                    ),
                ],
                bytes,
            ),
            None => not_found("BLOB_UNKNOWN"),
        }
    } else {
        not_found("NAME_UNKNOWN")
    };
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let mut response = format!("HTTP/1.1 {status} {reason}\r\n");
    response.push_str("Docker-Distribution-API-Version: registry/2.0\r\n");
    for (k, v) in headers {
        response.push_str(&format!("{k}: {v}\r\n"));
    }
    response.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    conn.write_all(response.as_bytes())?;
    if !head {
        conn.write_all(&body)?;
    }
    conn.flush()?;
    conn.shutdown(Shutdown::Both)
}
