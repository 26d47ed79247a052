//! What the specifications define, as data: media types and their Docker ↔ OCI mapping, and
//! platform values. Rules, detection and conversion read these tables instead of keeping
//! their own lists.

pub mod fields;
pub mod media_types;
pub mod platforms;
