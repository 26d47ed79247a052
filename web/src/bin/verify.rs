//! The page's verify workers (`static/verify-worker.js`): whole images scanned and verified by
//! core, in a wasm of its own that the page loads only when an image is opened.

use wasm_bindgen::prelude::*;

/// Scans one member of a layout folder ([`ocilint_web::verify::scan_member`]).
#[wasm_bindgen(js_name = ocilintScanMember)]
pub fn scan_member(
    path: &str,
    whole: Option<js_sys::Uint8Array>,
    blob: web_sys::Blob,
    sha256: &str,
    on_read: js_sys::Function,
) -> Result<JsValue, JsError> {
    ocilint_web::verify::scan_member(path, whole, blob, sha256, on_read)
}

/// Reads and scans a whole archive ([`ocilint_web::verify::scan_archive`]).
#[wasm_bindgen(js_name = ocilintScanArchive)]
pub fn scan_archive(
    blob: web_sys::Blob,
    name: &str,
    on_read: js_sys::Function,
) -> Result<JsValue, JsError> {
    ocilint_web::verify::scan_archive(blob, name, on_read)
}

/// Verifies the scanned members ([`ocilint_web::verify::verify_members`]).
#[wasm_bindgen(js_name = ocilintVerify)]
pub fn verify(prefix: &str, members: js_sys::Array) -> Result<JsValue, JsError> {
    ocilint_web::verify::verify_members(prefix, &members)
}

fn main() {}
