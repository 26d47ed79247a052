//! The page's first worker (`static/first-worker.js`): the diagnostics of one document, with
//! no verdicts, from a wasm that holds only the parse and the rules. The page's shell
//! (`static/shell.js`) draws them while the app, its full worker and the editor load; the
//! verdicts come with the full worker.

use ocilint_core::{check_without_verdicts, CheckOptions};
use wasm_bindgen::prelude::*;

/// The report of `bytes` received with `content_type` (empty: as the document declares), as
/// the CLI's JSON text, with `targets` empty.
#[wasm_bindgen(js_name = ocilintFirstCheck)]
pub fn first_check(bytes: &[u8], content_type: &str) -> Result<String, JsError> {
    let content_type = content_type.trim();
    let options = CheckOptions {
        content_type: (!content_type.is_empty()).then(|| content_type.to_owned()),
        ..Default::default()
    };
    serde_json::to_string(&check_without_verdicts(bytes, &options))
        .map_err(|e| JsError::new(&e.to_string()))
}

fn main() {}
