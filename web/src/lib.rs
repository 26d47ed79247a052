//! ocilint in the browser. Two thin layers over `ocilint-core`, with no validation logic here:
//! - [`api`]: the wasm-bindgen functions JavaScript calls (`check`).
//! - [`app`]: the Yew page, mounted by the `ocilint-app` binary that Trunk builds.
//! - [`widget`]: the `<ocilint-manifest>` custom element for documentation pages.

pub mod api;
pub mod app;
pub mod widget;
