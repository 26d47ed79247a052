//! The JavaScript API: the same report the CLI prints as JSON, as a plain JS object.

use ocilint_core::CheckOptions;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Checks a document. `input` is a `Uint8Array` of the exact bytes (so the digest is that of
/// the file and a BOM or invalid UTF-8 is seen), or a string, which is encoded as UTF-8.
/// `contentType` validates it as that media type, as a registry receiving it would.
///
/// Returns `{kind, mediaType, digest, size, diagnostics: [...]}`; each diagnostic carries
/// byte offsets (`range`) and UTF-16 offsets for JavaScript strings (`utf16Range`).
#[wasm_bindgen]
pub fn check(input: JsValue, content_type: Option<String>) -> Result<JsValue, JsError> {
    let bytes = input_bytes(&input)?;
    let report = ocilint_core::check(
        &bytes,
        &CheckOptions {
            content_type,
            ..Default::default()
        },
    );
    to_js(&report)
}

/// The exact bytes of a `Uint8Array`, or the UTF-8 encoding of a string.
fn input_bytes(input: &JsValue) -> Result<Vec<u8>, JsError> {
    if let Some(text) = input.as_string() {
        return Ok(text.into_bytes());
    }
    if let Some(array) = input.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(array.to_vec());
    }
    Err(JsError::new(
        "check: the document must be a string or a Uint8Array",
    ))
}

fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    // JSON-compatible: `None` becomes `null` and structs plain objects, as in the CLI's JSON.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()))
}
