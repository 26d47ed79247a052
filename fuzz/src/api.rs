//! The wasm API's own conversions from JS values (`web/src/api/`), compiled natively for the
//! `api_options` target: the types serde reads the JS objects into, and what the API makes of
//! them.

#[path = "../../web/src/api/wire.rs"]
pub mod wire;

#[path = "../../web/src/api/options.rs"]
pub mod options;

pub use options::{fix_request, options_to_core};
