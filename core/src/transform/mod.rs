//! Whole-document transformations that know nothing of rules or diagnostics: Docker ↔ OCI
//! conversion as edits, documents written anew in one serialization (the split's artifact and
//! index, the BuildKit cache manifest) and the platform objects they insert. Rules offer these
//! as fixes; rewrites apply them.

pub(crate) mod cache;
pub mod convert;
pub(crate) mod generate;
pub(crate) mod platform;
pub mod split;
