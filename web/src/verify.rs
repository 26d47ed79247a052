//! Whole images in the page: what the verify workers run (`src/bin/verify.rs`, a wasm of its
//! own loaded only when an image is opened, so the first load does not carry it), and the
//! answer the page's image view reads ([`ImageAnswer`]).
//!
//! Each blob is scanned by core's `blob::scan_with` (or a whole archive by `blob::read_archive`)
//! as the CLI scans it; the members are then verified by `image::verify`, the CLI's
//! verification. Nothing here judges a blob: it reads `File`s in chunks, moves scanned members
//! between workers, and lays the verified chain out as a tree.

use std::collections::BTreeMap;
use std::io::{self, Read, Seek, SeekFrom};

use ocilint_core::blob::{
    self, ArchiveMember, Limits, Located, Location, Magic, Scanned, Sha256Of, Uncompressed,
};
use ocilint_core::image::{self, BlobRecord, Layout, Verification};
use ocilint_core::{CheckOptions, Report};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Bytes a worker reads of a `File` at a time when it streams a blob larger than the page's
/// blob memory (`static/images.js`'s `PAGE_BLOB_MEMORY`, within which a blob is read whole;
/// its `STREAM_CHUNK` is this).
pub const READ_CHUNK: f64 = 4.0 * 1024.0 * 1024.0;

/// A `Blob` (a `File`, or a slice of one) read synchronously in chunks with `FileReaderSync`,
/// which only workers have. `on_read` is told each chunk's length (the progress bar).
pub struct BlobReader {
    blob: web_sys::Blob,
    reader: web_sys::FileReaderSync,
    at: f64,
    buffer: Vec<u8>,
    served: usize,
    /// The next slice's length: small after a seek (locating an archive reads a header, then
    /// seeks over the member), doubling up to [`READ_CHUNK`] while reads follow one another.
    next_chunk: f64,
    on_read: js_sys::Function,
}

/// The first slice read after opening or seeking.
const FIRST_CHUNK: f64 = 64.0 * 1024.0;

impl std::fmt::Debug for BlobReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobReader").field("at", &self.at).finish()
    }
}

impl BlobReader {
    pub fn new(blob: web_sys::Blob, on_read: js_sys::Function) -> Result<Self, JsValue> {
        Ok(BlobReader {
            blob,
            reader: web_sys::FileReaderSync::new()?,
            at: 0.0,
            buffer: Vec::new(),
            served: 0,
            next_chunk: FIRST_CHUNK,
            on_read,
        })
    }
}

impl Read for BlobReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.served == self.buffer.len() {
            let size = self.blob.size();
            if self.at >= size {
                return Ok(0);
            }
            let end = (self.at + self.next_chunk).min(size);
            self.next_chunk = (self.next_chunk * 2.0).min(READ_CHUNK);
            let slice = self
                .blob
                .slice_with_f64_and_f64(self.at, end)
                .map_err(|e| io::Error::other(format!("{e:?}")))?;
            let chunk = self
                .reader
                .read_as_array_buffer(&slice)
                .map_err(|e| io::Error::other(format!("the file could not be read: {e:?}")))?;
            self.buffer = js_sys::Uint8Array::new(&chunk).to_vec();
            self.served = 0;
            self.at = end;
            let _ = self
                .on_read
                .call1(&JsValue::NULL, &JsValue::from_f64(self.buffer.len() as f64));
        }
        let n = out.len().min(self.buffer.len() - self.served);
        out[..n].copy_from_slice(&self.buffer[self.served..self.served + n]);
        self.served += n;
        Ok(n)
    }
}

/// Seeking drops what is buffered; the next read slices the `Blob` from there. Locating an
/// uncompressed archive's members seeks over their bytes instead of reading them.
impl Seek for BlobReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let here = self.at - (self.buffer.len() - self.served) as f64;
        let target = match to {
            SeekFrom::Start(n) => n as f64,
            SeekFrom::Current(n) => here + n as f64,
            SeekFrom::End(n) => self.blob.size() + n as f64,
        };
        if target < 0.0 {
            return Err(io::Error::other("a seek before the start of the file"));
        }
        self.at = target;
        self.buffer.clear();
        self.served = 0;
        self.next_chunk = FIRST_CHUNK;
        Ok(target as u64)
    }
}

/// A blob the worker already holds whole, read into wasm memory a piece at a time rather than
/// copied there at once.
#[derive(Debug)]
struct ArrayReader {
    array: js_sys::Uint8Array,
    at: u32,
}

impl Read for ArrayReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let left = self.array.length() - self.at;
        let n = left.min(u32::try_from(out.len()).unwrap_or(u32::MAX));
        self.array
            .subarray(self.at, self.at + n)
            .copy_to(&mut out[..n as usize]);
        self.at += n;
        Ok(n as usize)
    }
}

fn set(object: &js_sys::Object, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), &value.into());
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(object: &JsValue, key: &str) -> String {
    get(object, key).as_string().unwrap_or_default()
}

const MAGICS: [Magic; 6] = [
    Magic::Gzip,
    Magic::Zstd,
    Magic::Tar,
    Magic::Json,
    Magic::Empty,
    Magic::Other,
];

/// A scanned member as a plain JS object, to cross from the worker that scanned it to the one
/// that verifies the layout (kept documents as bytes, not as JSON arrays of numbers).
pub fn scanned_to_js(path: &str, scanned: &Scanned) -> JsValue {
    let object = js_sys::Object::new();
    set(&object, "path", path);
    set(&object, "size", scanned.size as f64);
    set(&object, "sha256", scanned.sha256.as_str());
    if let Some(named) = &scanned.named {
        set(&object, "named", named.as_str());
    }
    set(&object, "magic", scanned.magic.as_str());
    match &scanned.uncompressed {
        None => {}
        Some(Uncompressed::Digest { sha256, size }) => {
            set(&object, "diffId", sha256.as_str());
            set(&object, "uncompressedSize", *size as f64);
        }
        Some(Uncompressed::Corrupt(why)) => set(&object, "corrupt", why.as_str()),
        Some(Uncompressed::TooLarge { after }) => set(&object, "tooLargeAfter", *after as f64),
    }
    if let Some(kept) = &scanned.kept {
        set(&object, "kept", js_sys::Uint8Array::from(kept.as_slice()));
    }
    object.into()
}

fn scanned_from_js(object: &JsValue) -> Scanned {
    let number = |key: &str| get(object, key).as_f64().map(|n| n as u64);
    let magic_name = text(object, "magic");
    let uncompressed = if let Some(diff_id) = get(object, "diffId").as_string() {
        Some(Uncompressed::Digest {
            sha256: diff_id,
            size: number("uncompressedSize").unwrap_or(0),
        })
    } else if let Some(why) = get(object, "corrupt").as_string() {
        Some(Uncompressed::Corrupt(why))
    } else {
        number("tooLargeAfter").map(|after| Uncompressed::TooLarge { after })
    };
    Scanned {
        size: number("size").unwrap_or(0),
        sha256: text(object, "sha256"),
        named: get(object, "named").as_string(),
        magic: MAGICS
            .into_iter()
            .find(|m| m.as_str() == magic_name)
            .unwrap_or(Magic::Other),
        uncompressed,
        kept: get(object, "kept")
            .dyn_into::<js_sys::Uint8Array>()
            .ok()
            .map(|b| b.to_vec()),
    }
}

/// Scans one member of a folder: given whole with the browser's own SHA-256 (`sha256`, from
/// `crypto.subtle.digest`), or, when `sha256` is empty, read in chunks from `blob` and hashed here.
pub fn scan_member(
    path: &str,
    whole: Option<js_sys::Uint8Array>,
    blob: web_sys::Blob,
    sha256: &str,
    on_read: js_sys::Function,
) -> Result<JsValue, JsError> {
    let scanned = match whole {
        Some(bytes) if !sha256.is_empty() => {
            // Held whole, its length is known: a plain layer is not copied into the wasm.
            let size = u64::from(bytes.length());
            blob::scan_with(
                path,
                ArrayReader {
                    array: bytes,
                    at: 0,
                },
                Limits::default(),
                Sha256Of::Known {
                    sha256: sha256.to_owned(),
                    size,
                },
            )
        }
        _ => {
            let reader =
                BlobReader::new(blob, on_read).map_err(|e| JsError::new(&format!("{e:?}")))?;
            blob::scan(path, reader)
        }
    }
    .map_err(|e| JsError::new(&format!("{path} could not be read: {e}")))?;
    Ok(scanned_to_js(path, &scanned))
}

/// Reads a whole archive (`.tar`, `.tar.gz`, `.tar.zst`) as one stream: its members, each as
/// [`scanned_to_js`] gives it, a link as `{path, target, symbolic}`, a refused member as
/// `{raw, refused}`.
pub fn scan_archive(
    blob: web_sys::Blob,
    name: &str,
    on_read: js_sys::Function,
) -> Result<JsValue, JsError> {
    let reader = BlobReader::new(blob, on_read).map_err(|e| JsError::new(&format!("{e:?}")))?;
    let members = js_sys::Array::new();
    blob::read_archive(reader, name, |member| {
        members.push(&member_to_js(member, |path, scanned| {
            scanned_to_js(&path, &scanned)
        }));
    })
    .map_err(|e| JsError::new(&e))?;
    Ok(members.into())
}

/// Locates the members of an uncompressed archive without reading their bytes, so the page
/// can scan them as slices of the `File`, several at a time and hashed natively, as it scans a
/// folder: `{members}`, each `{path, offset, size}`, a link as `{path, target, symbolic}`, a
/// refused member as `{raw, refused}`; or `{stream: magic}` when the archive must be read as
/// one stream ([`scan_archive`]: it is compressed, or holds a sparse file).
pub fn locate_archive(blob: web_sys::Blob, name: &str) -> Result<JsValue, JsError> {
    let ignore = js_sys::Function::new_no_args("");
    let reader = BlobReader::new(blob, ignore).map_err(|e| JsError::new(&format!("{e:?}")))?;
    let members = js_sys::Array::new();
    let location = blob::locate_members(reader, name, |member| {
        members.push(&member_to_js(member, |path, Located { offset, size }| {
            let object = js_sys::Object::new();
            set(&object, "path", path);
            set(&object, "offset", offset as f64);
            set(&object, "size", size as f64);
            object.into()
        }));
    })
    .map_err(|e| JsError::new(&e))?;
    let object = js_sys::Object::new();
    match location {
        Location::Located => set(&object, "members", members),
        Location::MustStream(magic) => set(&object, "stream", magic.as_str()),
    }
    Ok(object.into())
}

/// An archive's member as the page passes it to [`verify_members`]: a regular file as `file`
/// gives it, a link as `{path, target, symbolic}`, a refused member as `{raw, refused}`.
fn member_to_js<F>(member: ArchiveMember<F>, file: impl FnOnce(String, F) -> JsValue) -> JsValue {
    let object = js_sys::Object::new();
    match member {
        ArchiveMember::File { path, scanned } => return file(path, scanned),
        ArchiveMember::Link {
            path,
            target,
            symbolic,
        } => {
            set(&object, "path", path);
            set(&object, "target", target);
            set(&object, "symbolic", symbolic);
        }
        ArchiveMember::Refused { raw, why } => {
            set(&object, "raw", raw);
            set(&object, "refused", why);
        }
    }
    object.into()
}

/// Verifies the members the workers scanned, as `ocilint verify` does: the answer as JSON text
/// (`json`, an [`ImageAnswer`]) and each reported file's exact bytes (`bytes`, in its order).
pub fn verify_members(prefix: &str, members: &js_sys::Array) -> Result<JsValue, JsError> {
    let mut layout = Layout::new(prefix);
    // `docker save`'s `manifest.json`, for the tree: it is a report of its own only when
    // something is wrong with it.
    let mut docker_manifest = None;
    for member in members.iter() {
        let path = text(&member, "path");
        if path == "manifest.json" {
            docker_manifest = get(&member, "kept")
                .dyn_into::<js_sys::Uint8Array>()
                .ok()
                .map(|b| b.to_vec());
        }
        if let Some(why) = get(&member, "refused").as_string() {
            layout.refuse(&text(&member, "raw"), why);
        } else if let Some(target) = get(&member, "target").as_string() {
            layout.add_link(&path, &target, get(&member, "symbolic").is_truthy());
        } else {
            layout.add(&path, scanned_from_js(&member));
        }
    }
    let verification = image::verify(&layout, &CheckOptions::default());
    let answer = ImageAnswer::of(prefix, &verification, docker_manifest.as_deref());
    let json = serde_json::to_string(&answer).map_err(|e| JsError::new(&e.to_string()))?;
    let bytes = js_sys::Array::new();
    for file in &verification.files {
        bytes.push(&js_sys::Uint8Array::from(file.bytes.as_slice()));
    }
    let object = js_sys::Object::new();
    set(&object, "json", json);
    set(&object, "bytes", bytes);
    Ok(object.into())
}

/// What the page shows of a verified image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageAnswer {
    /// Every reported file (the chain's documents, the layout's own files, members with
    /// findings), with core's report of it.
    pub files: Vec<ImageFile>,
    /// The chain from `index.json` (or `manifest.json`) down, one node per descriptor.
    pub tree: Vec<ImageNode>,
    /// Blobs no node of the tree names (unreferenced or named only by `manifest.json`).
    pub others: Vec<ImageNode>,
    /// Whether anything is wrong (sparse blobs are not).
    pub has_errors: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageFile {
    pub file: String,
    pub report: Report,
}

/// One descriptor of the chain and the blob it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageNode {
    /// What it is: `index`, `manifest linux/amd64`, `config`, `layer 2`, `attachment`.
    pub label: String,
    pub digest: String,
    pub media_type: Option<String>,
    pub size: Option<u64>,
    /// The blob's status in core's words (`ok`, `missing`, `sparse`, `digest-mismatch`…).
    pub status: String,
    pub message: String,
    /// The member as reports name it.
    pub file: String,
    /// The descriptor naming it: the parent's file and the JSON Pointer of the descriptor,
    /// whose diagnostics the view shows at this node.
    pub parent: Option<(String, String)>,
    /// The node's own document among [`ImageAnswer::files`].
    pub document: Option<usize>,
    /// The digest its document's `subject` names: an attachment, shown under its subject.
    pub subject: Option<String>,
    pub children: Vec<ImageNode>,
}

impl ImageAnswer {
    /// `docker_manifest`: the bytes of a `docker save`'s `manifest.json`, when it has one.
    pub fn of(prefix: &str, verification: &Verification, docker_manifest: Option<&[u8]>) -> Self {
        let files: Vec<ImageFile> = verification
            .files
            .iter()
            .map(|f| ImageFile {
                file: f.file.clone(),
                report: f.report.clone(),
            })
            .collect();
        let mut builder = TreeBuilder {
            prefix,
            verification,
            by_digest: verification
                .blobs
                .iter()
                .map(|b| (b.digest.as_str(), b))
                .collect(),
            named: Vec::new(),
            docker_manifest,
        };
        let mut tree = Vec::new();
        for root in ["index.json", "manifest.json"] {
            if let Some(node) = builder.root(root) {
                tree.push(node);
            }
        }
        let named = builder.named;
        let others = verification
            .blobs
            .iter()
            .filter(|b| !named.contains(&b.file))
            .map(|b| leaf("blob", b, None, None))
            .collect();
        ImageAnswer {
            files,
            tree,
            others,
            has_errors: verification.has_errors(),
        }
    }
}

fn leaf(
    label: &str,
    record: &BlobRecord,
    parent: Option<(String, String)>,
    document: Option<usize>,
) -> ImageNode {
    ImageNode {
        label: label.to_owned(),
        digest: record.digest.clone(),
        media_type: record.media_type.clone(),
        size: record.size,
        status: record.status.as_str().to_owned(),
        message: record.message.clone(),
        file: record.file.clone(),
        parent,
        document,
        subject: None,
        children: Vec::new(),
    }
}

/// How deep nested indexes are followed (a cycle of indexes stops here).
const MAX_DEPTH: usize = 8;

struct TreeBuilder<'v> {
    prefix: &'v str,
    verification: &'v Verification,
    by_digest: BTreeMap<&'v str, &'v BlobRecord>,
    /// Files of blobs already placed.
    named: Vec<String>,
    docker_manifest: Option<&'v [u8]>,
}

impl TreeBuilder<'_> {
    fn document(&self, file: &str) -> Option<(usize, Value)> {
        let at = self
            .verification
            .files
            .iter()
            .position(|f| f.file == file)?;
        let value = serde_json::from_slice(&self.verification.files[at].bytes).ok()?;
        Some((at, value))
    }

    fn root(&mut self, path: &str) -> Option<ImageNode> {
        let file = format!("{}{path}", self.prefix);
        let (document, value, digest, size) = match self.document(&file) {
            Some((at, value)) => {
                let report = &self.verification.files[at].report;
                (Some(at), value, report.digest.clone(), report.size)
            }
            None if path == "manifest.json" => {
                let bytes = self.docker_manifest?;
                let value = serde_json::from_slice(bytes).ok()?;
                (
                    None,
                    value,
                    ocilint_core::digest::sha256(bytes),
                    bytes.len() as u64,
                )
            }
            None => return None,
        };
        let mut node = ImageNode {
            label: path.to_owned(),
            digest,
            media_type: None,
            size: Some(size),
            status: "ok".into(),
            message: String::new(),
            file: file.clone(),
            parent: None,
            document,
            subject: None,
            children: Vec::new(),
        };
        if path == "manifest.json" {
            self.docker_entries(&file, &value, &mut node);
        } else {
            self.children(&file, &value, &mut node, 0);
        }
        Some(node)
    }

    /// The descriptors of a document: an index's manifests, a manifest's config and layers.
    fn children(&mut self, file: &str, value: &Value, node: &mut ImageNode, depth: usize) {
        let mut descriptors: Vec<(String, String, &Value)> = Vec::new();
        if let Some(manifests) = value.get("manifests").and_then(Value::as_array) {
            for (i, d) in manifests.iter().enumerate() {
                descriptors.push((manifest_label(d), format!("/manifests/{i}"), d));
            }
        }
        if let Some(config) = value.get("config") {
            descriptors.push(("config".into(), "/config".into(), config));
        }
        if let Some(layers) = value.get("layers").and_then(Value::as_array) {
            for (i, d) in layers.iter().enumerate() {
                descriptors.push((format!("layer {}", i + 1), format!("/layers/{i}"), d));
            }
        }
        for (label, pointer, descriptor) in descriptors {
            let Some(digest) = descriptor.get("digest").and_then(Value::as_str) else {
                continue;
            };
            let Some(record) = self.by_digest.get(digest).copied() else {
                continue;
            };
            self.named.push(record.file.clone());
            let document = self
                .verification
                .files
                .iter()
                .position(|f| f.file == record.file);
            let mut child = leaf(&label, record, Some((file.to_owned(), pointer)), document);
            if let (Some((_, value)), true) = (self.document(&record.file), depth < MAX_DEPTH) {
                child.subject = value
                    .pointer("/subject/digest")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                if child.subject.is_some() {
                    child.label = format!("attachment ({label})");
                }
                self.children(&record.file.clone(), &value, &mut child, depth + 1);
            }
            node.children.push(child);
        }
        hang_attachments(node);
    }

    /// `docker save`'s `manifest.json`: each entry's config and layers, by path.
    fn docker_entries(&mut self, file: &str, value: &Value, node: &mut ImageNode) {
        let Some(entries) = value.as_array() else {
            return;
        };
        for (i, entry) in entries.iter().enumerate() {
            let paths = entry
                .get("Config")
                .into_iter()
                .map(|c| ("config".to_owned(), format!("/{i}/Config"), c))
                .chain(
                    entry
                        .get("Layers")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .enumerate()
                        .map(|(l, p)| (format!("layer {}", l + 1), format!("/{i}/Layers/{l}"), p)),
                );
            for (label, pointer, path) in paths {
                let Some(path) = path.as_str() else { continue };
                let member = format!("{}{path}", self.prefix);
                let Some(record) = self.verification.blobs.iter().find(|b| b.file == member) else {
                    continue;
                };
                self.named.push(record.file.clone());
                node.children
                    .push(leaf(&label, record, Some((file.to_owned(), pointer)), None));
            }
        }
    }
}

/// `manifest linux/amd64` from a descriptor's platform, else `manifest`.
fn manifest_label(descriptor: &Value) -> String {
    let platform = descriptor.get("platform");
    let part = |key: &str| platform.and_then(|p| p.get(key)).and_then(Value::as_str);
    match (part("os"), part("architecture"), part("variant")) {
        (Some(os), Some(arch), Some(variant)) => format!("manifest {os}/{arch}/{variant}"),
        (Some(os), Some(arch), None) => format!("manifest {os}/{arch}"),
        _ => "manifest".into(),
    }
}

/// Attachments an index lists beside their subject move under it.
fn hang_attachments(node: &mut ImageNode) {
    let children = std::mem::take(&mut node.children);
    let (attachments, mut rest): (Vec<ImageNode>, Vec<ImageNode>) =
        children.into_iter().partition(|c| c.subject.is_some());
    for attachment in attachments {
        let subject = attachment.subject.as_deref();
        match rest.iter_mut().find(|c| Some(c.digest.as_str()) == subject) {
            Some(parent) => parent.children.push(attachment),
            None => rest.push(attachment),
        }
    }
    node.children = rest;
}
