//! Sharing and keeping documents without any server.
//!
//! The link format is stable across releases (README, "Sharing a document"):
//! `#doc=` + base64url without padding (RFC 4648 §5) of the document's bytes compressed as raw
//! DEFLATE (RFC 1951), then optionally `&ct=` + the percent-encoded Content-Type and `&t=` + the
//! percent-encoded comma-separated targets. Compression is the browser's own
//! (`CompressionStream("deflate-raw")`), so no deflate code ships in the page; decoding gives the
//! exact bytes back.
//!
//! The last session (documents, Content-Type, targets) is kept in this browser's localStorage.

use wasm_bindgen::prelude::*;

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
"#)]
extern "C" {
    #[wasm_bindgen(js_name = inflateRaw, catch)]
    async fn inflate_raw(bytes: &[u8]) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = deflateRaw, catch)]
    async fn deflate_raw(bytes: &[u8]) -> Result<JsValue, JsValue>;
    /// Saves `bytes` as a file through a blob URL: nothing leaves the browser.
    #[wasm_bindgen(js_name = saveBytes)]
    pub(crate) fn save_bytes(bytes: &[u8], name: &str, media_type: &str);
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
/// localStorage holds about 5 MB of UTF-16; larger sessions are not kept (the page says so).
pub(crate) const SESSION_LIMIT: usize = 1_000_000;

/// A stored session: each document's name and bytes, and the check options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct StoredSession {
    pub(crate) documents: Vec<(String, Vec<u8>)>,
    pub(crate) active: usize,
    pub(crate) content_type: String,
    pub(crate) targets: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Keeps the session in this browser; `false` when it is too large or storage is refused.
pub(crate) fn save_session(session: &StoredSession) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    let total: usize = session.documents.iter().map(|(_, b)| b.len()).sum();
    if total > SESSION_LIMIT {
        let _ = storage.remove_item(SESSION_KEY);
        return false;
    }
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

pub(crate) fn load_session() -> Option<StoredSession> {
    let text = storage()?.get_item(SESSION_KEY).ok()??;
    let mut lines = text.lines();
    let active = lines.next()?.parse().ok()?;
    let content_type = percent_decode(lines.next()?);
    let targets = percent_decode(lines.next()?);
    let mut documents = Vec::new();
    for line in lines {
        let (name, bytes) = line.split_once('\t')?;
        documents.push((percent_decode(name), base64url_decode(bytes).ok()?));
    }
    (!documents.is_empty()).then_some(StoredSession {
        documents,
        active,
        content_type,
        targets,
    })
}

pub(crate) fn forget_session() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(SESSION_KEY);
    }
}
