//! Reading opened and dropped files as bytes (`File.arrayBuffer`), never through a text decoder
//! that would drop a BOM or repair invalid UTF-8: the digest shown is the file's own.

use wasm_bindgen_futures::JsFuture;
use web_sys::FileList;
use yew::UseReducerDispatcher;

use super::state::{Action, Session};

/// Reads every file of `list`, then opens them together as one bundle, in their order.
pub(crate) fn read_all(list: FileList, dispatch: UseReducerDispatcher<Session>) {
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    if files.is_empty() {
        return;
    }
    yew::platform::spawn_local(async move {
        let mut opened = Vec::with_capacity(files.len());
        for file in files {
            match JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => opened.push((file.name(), js_sys::Uint8Array::new(&buffer).to_vec())),
                Err(_) => {
                    dispatch.dispatch(Action::Notice(format!("{} could not be read", file.name())));
                    return;
                }
            }
        }
        dispatch.dispatch(Action::Open(opened));
    });
}
