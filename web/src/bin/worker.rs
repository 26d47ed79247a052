//! The page's worker (`static/worker.js`): the engine alone, without the page, so the worker
//! loads and compiles a wasm of its own, a fraction of the page's.

use wasm_bindgen::prelude::*;

/// The worker's only entry point: a check or a rewrite, answered as JSON text
/// ([`ocilint_web::worker::work`]).
#[wasm_bindgen(js_name = ocilintWork)]
pub fn work(message: JsValue) -> Result<JsValue, JsError> {
    ocilint_web::worker::work(message)
}

fn main() {}
