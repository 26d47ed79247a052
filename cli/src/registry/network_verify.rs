//! `verify docker://…`: the image as the registry holds it, read as a layout would be. Its
//! manifests (every platform) and blobs are fetched, each blob streamed once through core's
//! `blob::scan` (size, digest, the layers' decompressed digests for `diff_ids`) on
//! `--concurrency` connections, and `image::verify` judges them as it judges a layout folder.
//! The layout's `index.json` is the reference itself: one entry naming what the tag (or
//! digest) resolved to.

use std::io::{self, Read};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ocilint_core::blob::{self, Scanned};
use ocilint_core::image::{self, Layout, Verification};
use ocilint_core::CheckOptions;

use super::client::{Client, Connection, Method};
use super::fetch::{self, BlobRef, Fetched};
use super::reference::{Reference, Target};
use crate::verify::Progress;

/// What verifying a reference gave.
#[derive(Debug)]
pub(crate) struct Verified {
    pub(crate) verification: Verification,
    /// With `--head`: each blob's presence as the registry answered a `HEAD` (the blobs are
    /// then not read, and `verification` judges the documents alone).
    pub(crate) presence: Vec<Presence>,
    /// Manifests named but not served (a 404 child), with why.
    pub(crate) unread: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct Presence {
    pub(crate) digest: String,
    pub(crate) size: Option<u64>,
    /// The size the registry states (`Content-Length`), when present.
    pub(crate) served_size: Option<u64>,
    pub(crate) status: u16,
}

impl Presence {
    pub(crate) fn is_error(&self) -> bool {
        self.status != 200 || matches!((self.size, self.served_size), (Some(a), Some(b)) if a != b)
    }
}

pub(crate) fn verify(
    given: &str,
    connection: &Connection,
    options: &CheckOptions,
    concurrency: usize,
    head: bool,
    progress: &Progress,
) -> Result<Verified, String> {
    let reference = Reference::parse(given)?;
    let client = Client::new(reference.clone(), connection)?;
    let fetched = fetch::fetch(&client, given, None, false)?;
    let mut layout = Layout::new(format!("{given}!/"));
    layout.add(
        "oci-layout",
        Scanned::of("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#),
    );
    let top = &fetched.documents[0];
    let top_type = top
        .content_type
        .clone()
        .unwrap_or_else(|| "application/vnd.oci.image.manifest.v1+json".to_owned());
    let annotations = match &reference.target {
        Target::Tag(tag) => format!(
            r#","annotations":{{"org.opencontainers.image.ref.name":{}}}"#,
            serde_json::Value::from(tag.as_str())
        ),
        Target::Digest(_) => String::new(),
    };
    let top_digest = match &reference.target {
        Target::Digest(d) => d.clone(),
        Target::Tag(_) => ocilint_core::digest::sha256(&top.bytes),
    };
    // What hangs off the reference is listed beside it, as `oras copy` lays referrers out, so
    // that its blobs are verified too.
    let attached: String = fetched
        .documents
        .iter()
        .filter(|d| d.attached)
        .map(|d| {
            let media_type = d
                .content_type
                .as_deref()
                .unwrap_or("application/vnd.oci.image.manifest.v1+json");
            format!(
                r#",{{"mediaType":{},"digest":"{}","size":{}}}"#,
                serde_json::Value::from(media_type),
                ocilint_core::digest::sha256(&d.bytes),
                d.bytes.len()
            )
        })
        .collect();
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"mediaType":{},"digest":"{top_digest}","size":{}{annotations}}}{attached}]}}"#,
        serde_json::Value::from(top_type.as_str()),
        top.bytes.len(),
    );
    layout.add("index.json", Scanned::of("index.json", index.as_bytes()));
    for (at, document) in fetched.documents.iter().enumerate() {
        // The reference's own manifest under the digest it resolved to; a child under the
        // digest it was asked by, so that bytes with another digest are found out.
        let digest = if at == 0 {
            top_digest.clone()
        } else if document.attached {
            // Named by a tag or an API path: stored under its bytes' digest.
            ocilint_core::digest::sha256(&document.bytes)
        } else {
            document
                .name
                .rsplit_once('@')
                .map_or(String::new(), |(_, d)| d.to_owned())
        };
        let path = blob_path(&digest);
        layout.add(&path, Scanned::of(&path, &document.bytes));
    }
    // Where the registry's Docker-Content-Digest disagreed with the bytes, by the file the
    // document is reported as.
    let disagreements: Vec<(String, String)> = fetched
        .documents
        .iter()
        .enumerate()
        .flat_map(|(at, d)| {
            let digest = if at == 0 {
                top_digest.clone()
            } else {
                ocilint_core::digest::sha256(&d.bytes)
            };
            let file = reference.child(&digest);
            d.disagreements
                .iter()
                .map(move |m| (file.clone(), m.clone()))
        })
        .collect();
    let Fetched {
        configs,
        layers,
        unread,
        ..
    } = fetched;
    let blobs: Vec<BlobRef> = configs.into_iter().chain(layers).collect();
    let presence = if head {
        heads(&client, &blobs, concurrency)?
    } else {
        progress.total_add(blobs.iter().filter_map(|b| b.size).sum());
        for (path, scanned) in scans(&client, &blobs, concurrency, progress)? {
            layout.add(&path, scanned);
        }
        Vec::new()
    };
    let mut verification = image::verify(&layout, options);
    name_as_references(&mut verification, given, &reference);
    if head {
        // The blobs were not read: only the documents' findings stand; the blobs' presence is
        // reported from the HEADs.
        verification.blobs.clear();
        for file in &mut verification.files {
            file.report
                .diagnostics
                .retain(|d| !d.code.starts_with("IMG"));
        }
    }
    for (file, message) in disagreements {
        let report = verification.files.iter_mut().find(|f| f.file == file);
        if let (Some(report), Some(diagnostic)) =
            (report, super::served_digest_diagnostic(&message, options))
        {
            report.report.diagnostics.insert(0, diagnostic);
        }
    }
    Ok(Verified {
        verification,
        presence,
        unread: unread
            .into_iter()
            .map(|u| {
                if u.why.starts_with(&u.name) {
                    u.why
                } else {
                    format!("{}: {}", u.name, u.why)
                }
            })
            .collect(),
    })
}

fn blob_path(digest: &str) -> String {
    let (algorithm, hex) = digest.split_once(':').unwrap_or(("sha256", digest));
    format!("blobs/{algorithm}/{hex}")
}

/// Every blob streamed through `blob::scan` on `concurrency` connections; a blob the
/// registry does not have (404) is left out, for `image::verify` to report missing.
fn scans(
    client: &Client,
    blobs: &[BlobRef],
    concurrency: usize,
    progress: &Progress,
) -> Result<Vec<(String, Scanned)>, String> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Result<(String, Scanned), String>>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..concurrency.clamp(1, blobs.len().max(1)) {
            scope.spawn(|| {
                while let Some(blob) = blobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let result = scan_one(client, blob, progress);
                    if let Some(result) = result.transpose() {
                        results
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push(result);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .collect()
}

fn scan_one(
    client: &Client,
    blob: &BlobRef,
    progress: &Progress,
) -> Result<Option<(String, Scanned)>, String> {
    let name = client.reference.child(&blob.digest);
    let mut served = client.blob(Method::Get, &blob.digest)?;
    let status = served.response.status().as_u16();
    if status == 404 {
        return Ok(None);
    }
    if status != 200 {
        return Err(fetch::not_served(&name, status, "blob"));
    }
    let path = blob_path(&blob.digest);
    let reader = served.response.body_mut().as_reader();
    let scanned = blob::scan(
        &path,
        Counting {
            inner: reader,
            progress,
        },
    )
    .map_err(|e| format!("{name}: reading the blob failed: {e}"))?;
    Ok(Some((path, scanned)))
}

/// `--head`: each blob's presence and stated size, without reading it.
fn heads(client: &Client, blobs: &[BlobRef], concurrency: usize) -> Result<Vec<Presence>, String> {
    let next = AtomicUsize::new(0);
    let results = Arc::new(Mutex::new(Vec::new()));
    std::thread::scope(|scope| {
        for _ in 0..concurrency.clamp(1, blobs.len().max(1)) {
            scope.spawn(|| loop {
                let at = next.fetch_add(1, Ordering::Relaxed);
                let Some(blob) = blobs.get(at) else { break };
                let result = client
                    .blob(Method::Head, &blob.digest)
                    .map(|served| Presence {
                        digest: blob.digest.clone(),
                        size: blob.size,
                        served_size: served.header("Content-Length").and_then(|l| l.parse().ok()),
                        status: served.response.status().as_u16(),
                    });
                results
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push((at, result));
            });
        }
    });
    let mut results = std::mem::take(&mut *results.lock().unwrap_or_else(|p| p.into_inner()));
    results.sort_by_key(|(at, _)| *at);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Counts the bytes read for the progress line.
struct Counting<'p, R> {
    inner: R,
    progress: &'p Progress,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.read_add(n as u64);
        Ok(n)
    }
}

/// The layout's members named as `check` names what it fetched: a blob as
/// `docker://HOST/REPO@DIGEST`; the `oci-layout` and `index.json` made up here are left out
/// unless something was found in them.
fn name_as_references(verification: &mut Verification, given: &str, reference: &Reference) {
    let prefix = format!("{given}!/");
    let rename = |file: &mut String| {
        if let Some(path) = file.strip_prefix(&prefix) {
            if let Some((algorithm, hex)) =
                path.strip_prefix("blobs/").and_then(|p| p.split_once('/'))
            {
                *file = reference.child(&format!("{algorithm}:{hex}"));
            }
        }
    };
    verification.files.retain(|f| {
        let made_up =
            f.file == format!("{prefix}oci-layout") || f.file == format!("{prefix}index.json");
        !made_up || !f.report.diagnostics.is_empty()
    });
    for file in &mut verification.files {
        rename(&mut file.file);
    }
    for blob in &mut verification.blobs {
        rename(&mut blob.file);
    }
}
