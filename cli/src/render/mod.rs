//! Report renderers. Each takes the same checked inputs; formats differ only in presentation.

pub(crate) mod human;
pub(crate) mod json;

use ocilint_core::Report;

/// One input and its report.
#[derive(Debug)]
pub(crate) struct Checked {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
    pub(crate) report: Report,
}
