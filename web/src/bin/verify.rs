//! The page's verify workers (`static/verify-worker.js`): whole images scanned and verified by
//! core, in a wasm of its own that the page loads only when an image is opened. The page's
//! thread loads it too (`static/images.js`), to draw the image view.

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

/// Locates an uncompressed archive's members ([`ocilint_web::verify::locate_archive`]).
#[wasm_bindgen(js_name = ocilintLocateArchive)]
pub fn locate_archive(blob: web_sys::Blob, name: &str) -> Result<JsValue, JsError> {
    ocilint_web::verify::locate_archive(blob, name)
}

/// Verifies the scanned members ([`ocilint_web::verify::verify_members`]).
#[wasm_bindgen(js_name = ocilintVerify)]
pub fn verify(prefix: &str, members: js_sys::Array) -> Result<JsValue, JsError> {
    ocilint_web::verify::verify_members(prefix, &members)
}

/// Draws the progress bar ([`ocilint_web::image_view::render_progress`]); on the page's thread.
#[wasm_bindgen(js_name = ocilintRenderProgress)]
pub fn render_progress(
    container: web_sys::Element,
    name: &str,
    read: f64,
    total: f64,
    elapsed_ms: f64,
    verifying: bool,
    on_cancel: js_sys::Function,
) -> Result<(), JsValue> {
    ocilint_web::image_view::render_progress(
        &container, name, read, total, elapsed_ms, verifying, on_cancel,
    )
}

/// Draws a note in place of the view ([`ocilint_web::image_view::render_note`]).
#[wasm_bindgen(js_name = ocilintRenderNote)]
pub fn render_note(container: web_sys::Element, text: &str, alert: bool) -> Result<(), JsValue> {
    ocilint_web::image_view::render_note(&container, text, alert)
}

/// Draws the verified image ([`ocilint_web::image_view::render_answer`]).
#[wasm_bindgen(js_name = ocilintRenderAnswer)]
pub fn render_answer(
    container: web_sys::Element,
    name: &str,
    json: &str,
    bytes: js_sys::Array,
    on_open: js_sys::Function,
) -> Result<(), JsValue> {
    ocilint_web::image_view::render_answer(&container, name, json, &bytes, on_open)
}

fn main() {}
