//! The hand-over from the page's first part (`static/shell.js`), which draws the first
//! diagnostics from a small worker while this app, its full worker and the editor load. The
//! app takes the document the user changed there (opening it instead of its own restore, so
//! nothing typed or dropped is lost), and removes the shell once it has drawn a report of its own.

use wasm_bindgen::{JsCast, JsValue};

use super::share::{self, StoredSession};

fn shell() -> Option<JsValue> {
    let window = web_sys::window()?;
    let shell = js_sys::Reflect::get(&window, &JsValue::from_str("ocilintShell")).ok()?;
    (!shell.is_undefined() && !shell.is_null()).then_some(shell)
}

fn call(shell: &JsValue, method: &str) -> Option<JsValue> {
    js_sys::Reflect::get(shell, &JsValue::from_str(method))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call0(shell)
        .ok()
}

/// Stops the shell's editing, and the document the user changed in it, if they did (handed
/// over as a session kept in IndexedDB is: the exact bytes, not the textarea's text, which
/// would lose a byte-order mark or CRLF of a dropped file).
pub(crate) fn take_over() -> Option<StoredSession> {
    share::session_from_js(&call(&shell()?, "takeOver")?)
}

/// Removes the shell and shows the app; nothing when there is no shell (any more).
pub(crate) fn done() {
    if let Some(shell) = shell() {
        let _ = call(&shell, "done");
    }
}

/// Whether the shell already drew the first diagnostics (the mark is set once per page).
pub(crate) fn first_mark_set(mark: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.performance())
        .is_some_and(|p| p.get_entries_by_name(mark).length() > 0)
}
