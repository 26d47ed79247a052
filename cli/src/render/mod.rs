//! Report renderers. Each takes the same checked inputs; formats differ only in presentation.

pub(crate) mod concise;
pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod pretty;
pub(crate) mod rewrite;
pub(crate) mod sarif;
pub(crate) mod verify;

use ocilint_core::Report;

/// One input and its report.
#[derive(Debug)]
pub(crate) struct Checked {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
    pub(crate) report: Report,
}
