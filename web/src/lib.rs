//! ocilint in the browser. Thin layers over `ocilint-core`, with no validation logic here:
//! - [`api`]: the wasm-bindgen functions JavaScript calls (`check`).
//! - [`app`]: the Yew page, mounted by the `ocilint-app` binary that Trunk builds.
//! - [`widget`]: the `<ocilint-manifest>` custom element for documentation pages.
//!
//! `api` and `widget` are the npm packages' (feature `api`, on by default); the page is built
//! without them.

#[cfg(feature = "api")]
pub mod api;
pub mod app;
#[cfg(feature = "api")]
pub mod widget;
