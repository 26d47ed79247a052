//! ocilint in the browser. Thin layers over `ocilint-core`, with no validation logic here:
//! - [`api`]: the wasm-bindgen functions JavaScript calls (`check`).
//! - [`app`]: the Yew page, mounted by the `ocilint-app` binary that Trunk builds.
//! - [`widget`]: the `<ocilint-manifest>` custom element for documentation pages.
//! - [`worker`]: what the page's worker runs, built into a wasm of its own by the
//!   `ocilint-worker` binary.
//! - [`verify`]: what the verify workers run on whole images (the `ocilint-verify` binary,
//!   loaded only when an image is opened), and the answer the page's image view reads;
//!   [`image_view`]: that view, drawn by the same lazily loaded wasm on the page's thread.
//!
//! `api` and `widget` are the npm packages' (feature `api`, on by default); the page is built
//! without them.

#[cfg(feature = "api")]
pub mod api;
pub mod app;
pub mod image_view;
mod memory;
pub mod verify;
#[cfg(feature = "api")]
pub mod widget;
pub mod worker;

// The unit tests run where the page runs: in headless Chromium (`wasm-pack test`, a stage of
// `cargo xtask test`). Natively they would not run at all, since the native stage leaves this
// crate to the browser.
#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
