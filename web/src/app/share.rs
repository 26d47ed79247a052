//! Sharing and keeping documents without any server.
//!
//! The link format is stable across releases (README, "Sharing a document"):
//! `#doc=` + base64url without padding (RFC 4648 §5) of the document's bytes compressed as raw
//! DEFLATE (RFC 1951), then optionally `&ct=` + the percent-encoded Content-Type and `&t=` + the
//! percent-encoded comma-separated targets. Compression is the browser's own
//! (`CompressionStream("deflate-raw")`), so no deflate code ships in the page; decoding gives the
//! exact bytes back.
//!
//! The last session (documents, Content-Type, targets) is kept in this browser: in
//! localStorage up to [`SESSION_LIMIT`] bytes of documents, in IndexedDB beyond (localStorage
//! holds about 5 MB of UTF-16 text in all; IndexedDB holds the bytes themselves, as much as the
//! browser's quota for the site allows).

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(inline_js = r#"
async function pipe(bytes, stream) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}
export function inflateRaw(bytes) { return pipe(bytes, new DecompressionStream("deflate-raw")); }
export function deflateRaw(bytes) { return pipe(bytes, new CompressionStream("deflate-raw")); }
export function saveBytes(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
function database() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("ocilint", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("sessions");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
async function store(mode, act) {
  const db = await database();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction("sessions", mode);
      const request = act(transaction.objectStore("sessions"));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}
export function idbPut(key, value) { return store("readwrite", (s) => s.put(value, key)); }
export function idbDelete(key) { return store("readwrite", (s) => s.delete(key)); }
// The bytes as a Blob: one copy out of wasm memory (the argument is a view of it), and
// IndexedDB writes a Blob's data without cloning it on this thread again.
export function blobOf(bytes) { return new Blob([bytes]); }
export async function idbGetSession(key) {
  const session = await store("readonly", (s) => s.get(key));
  if (session && Array.isArray(session.documents)) {
    for (const document of session.documents) {
      if (document.bytes instanceof Blob) document.bytes = new Uint8Array(await document.bytes.arrayBuffer());
    }
  }
  return session;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = inflateRaw, catch)]
    async fn inflate_raw(bytes: &[u8]) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = deflateRaw, catch)]
    async fn deflate_raw(bytes: &[u8]) -> Result<JsValue, JsValue>;
    /// Saves `bytes` as a file through a blob URL: nothing leaves the browser.
    #[wasm_bindgen(js_name = saveBytes)]
    pub(crate) fn save_bytes(bytes: &[u8], name: &str, media_type: &str);
    #[wasm_bindgen(js_name = idbPut, catch)]
    async fn idb_put(key: &str, value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = idbGetSession, catch)]
    async fn idb_get_session(key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = blobOf)]
    fn blob_of(bytes: &[u8]) -> JsValue;
    #[wasm_bindgen(js_name = idbDelete, catch)]
    async fn idb_delete(key: &str) -> Result<JsValue, JsValue>;
}

/// A document read from a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shared {
    pub(crate) bytes: Vec<u8>,
    pub(crate) content_type: String,
    pub(crate) targets: String,
}

/// Reads `#doc=…&ct=…&t=…`. `Ok(None)` when the fragment holds no document.
pub(crate) async fn read_fragment(fragment: &str) -> Result<Option<Shared>, String> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut doc = None;
    let (mut content_type, mut targets) = (String::new(), String::new());
    for part in fragment.split('&') {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        match key {
            "doc" => doc = Some(value),
            "ct" => content_type = percent_decode(value),
            "t" => targets = percent_decode(value),
            _ => {}
        }
    }
    let Some(doc) = doc else { return Ok(None) };
    let compressed = base64url_decode(doc)?;
    let inflated = inflate_raw(&compressed)
        .await
        .map_err(|_| "the link's document is not valid raw DEFLATE data".to_owned())?;
    Ok(Some(Shared {
        bytes: js_sys::Uint8Array::new(&inflated).to_vec(),
        content_type,
        targets,
    }))
}

/// The fragment that opens `shared` (with the leading `#`).
pub(crate) async fn write_fragment(shared: &Shared) -> Result<String, String> {
    let compressed = deflate_raw(&shared.bytes)
        .await
        .map_err(|_| "this browser cannot compress (CompressionStream)".to_owned())?;
    let mut fragment = format!(
        "#doc={}",
        base64url_encode(&js_sys::Uint8Array::new(&compressed).to_vec())
    );
    if !shared.content_type.trim().is_empty() {
        fragment.push_str("&ct=");
        fragment.push_str(&percent_encode(shared.content_type.trim()));
    }
    if !shared.targets.trim().is_empty() {
        fragment.push_str("&t=");
        fragment.push_str(&percent_encode(shared.targets.trim()));
    }
    Ok(fragment)
}

fn percent_decode(text: &str) -> String {
    js_sys::decode_uri_component(text)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| text.to_owned())
}

fn percent_encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url (RFC 4648 §5) without padding.
pub(crate) fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url; padding is tolerated, any other character outside the alphabet is refused.
pub(crate) fn base64url_decode(text: &str) -> Result<Vec<u8>, String> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for (index, c) in text.bytes().enumerate() {
        let value = ALPHABET.iter().position(|&a| a == c).ok_or_else(|| {
            format!(
                "the link's document is not base64url: `{}` at position {}",
                c as char,
                index + 1
            )
        })? as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    if text.len() % 4 == 1 {
        return Err("the link's document is cut short (base64url length)".into());
    }
    Ok(out)
}

const SESSION_KEY: &str = "ocilint.session.v1";
/// Sessions with more bytes of documents than this go to IndexedDB: localStorage holds about
/// 5 MB of UTF-16 text, and base64 in it takes 4/3 of the bytes.
pub(crate) const SESSION_LIMIT: usize = 1_000_000;

/// A stored session: each document's name and bytes, and the check options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct StoredSession {
    /// Shared with the page's documents: keeping a session copies no bytes on the way.
    pub(crate) documents: Vec<(String, Rc<Vec<u8>>)>,
    pub(crate) active: usize,
    pub(crate) content_type: String,
    pub(crate) targets: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Keeps the session in this browser; `false` when storage is refused (private windows may
/// refuse it, or the site's quota is spent).
pub(crate) async fn save_session(session: &StoredSession) -> bool {
    let total: usize = session.documents.iter().map(|(_, b)| b.len()).sum();
    if total > SESSION_LIMIT {
        let kept = idb_put(SESSION_KEY, &session_to_js(session)).await.is_ok();
        // Once the large copy is in, the small one would only be an older session.
        if kept {
            if let Some(storage) = storage() {
                let _ = storage.remove_item(SESSION_KEY);
            }
        }
        return kept;
    }
    let kept = save_small_session(session);
    if kept {
        let _ = idb_delete(SESSION_KEY).await;
    }
    kept
}

fn save_small_session(session: &StoredSession) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    // One line per field: tab-free names and base64url bytes keep the format trivial.
    let mut text = format!(
        "{}\n{}\n{}\n",
        session.active,
        percent_encode(&session.content_type),
        percent_encode(&session.targets)
    );
    for (name, bytes) in &session.documents {
        text.push_str(&percent_encode(name));
        text.push('\t');
        text.push_str(&base64url_encode(bytes));
        text.push('\n');
    }
    storage.set_item(SESSION_KEY, &text).is_ok()
}

/// The session kept in localStorage, read at once as the page starts.
pub(crate) fn load_session() -> Option<StoredSession> {
    let text = storage()?.get_item(SESSION_KEY).ok()??;
    let mut lines = text.lines();
    let active = lines.next()?.parse().ok()?;
    let content_type = percent_decode(lines.next()?);
    let targets = percent_decode(lines.next()?);
    let mut documents = Vec::new();
    for line in lines {
        let (name, bytes) = line.split_once('\t')?;
        documents.push((percent_decode(name), Rc::new(base64url_decode(bytes).ok()?)));
    }
    (!documents.is_empty()).then_some(StoredSession {
        documents,
        active,
        content_type,
        targets,
    })
}

/// The session kept in IndexedDB (a large one), which takes a moment to read.
pub(crate) async fn load_large_session() -> Option<StoredSession> {
    session_from_js(&idb_get_session(SESSION_KEY).await.ok()?)
}

pub(crate) fn forget_session() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(SESSION_KEY);
    }
    yew::platform::spawn_local(async {
        let _ = idb_delete(SESSION_KEY).await;
    });
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
}

fn field(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `{active, contentType, targets, documents: [{name, bytes: Blob}]}`: IndexedDB keeps the
/// bytes as they are, no text encoding on the way.
fn session_to_js(session: &StoredSession) -> JsValue {
    let object = js_sys::Object::new();
    set(&object, "active", &JsValue::from(session.active as u32));
    set(
        &object,
        "contentType",
        &JsValue::from_str(&session.content_type),
    );
    set(&object, "targets", &JsValue::from_str(&session.targets));
    let documents: js_sys::Array = session
        .documents
        .iter()
        .map(|(name, bytes)| {
            let document = js_sys::Object::new();
            set(&document, "name", &JsValue::from_str(name));
            // A Blob, not a Uint8Array: IndexedDB would clone an array's bytes on this
            // thread inside `put`, a long task for a large document.
            set(&document, "bytes", &blob_of(bytes));
            JsValue::from(document)
        })
        .collect();
    set(&object, "documents", &documents);
    object.into()
}

/// A session as IndexedDB keeps it (`{documents: [{name, bytes}], active, contentType,
/// targets}`, the bytes a `Uint8Array`), or as the page's first part hands one over
/// (`app/shell.rs`).
pub(crate) fn session_from_js(value: &JsValue) -> Option<StoredSession> {
    if !value.is_object() {
        return None;
    }
    let documents: Vec<(String, Rc<Vec<u8>>)> = js_sys::Array::from(&field(value, "documents"))
        .iter()
        .map(|document| {
            let bytes = field(&document, "bytes")
                .dyn_into::<js_sys::Uint8Array>()
                .ok()?;
            Some((
                field(&document, "name").as_string()?,
                Rc::new(bytes.to_vec()),
            ))
        })
        .collect::<Option<_>>()?;
    (!documents.is_empty()).then(|| StoredSession {
        documents,
        active: field(value, "active").as_f64().unwrap_or(0.0) as usize,
        content_type: field(value, "contentType").as_string().unwrap_or_default(),
        targets: field(value, "targets").as_string().unwrap_or_default(),
    })
}
