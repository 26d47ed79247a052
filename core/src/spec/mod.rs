//! What the specifications define, as data: media types and their Docker ↔ OCI mapping,
//! platform values, the pre-defined annotation keys, and the URI grammar (RFC 3986). Rules,
//! detection and conversion use these instead of keeping their own lists and parsers.

pub mod annotations;
pub mod fields;
pub mod media_types;
pub mod platforms;
pub mod uri;
