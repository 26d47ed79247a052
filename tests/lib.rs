//! Shared helpers for ocilint's corpus, conformance and end-to-end tests.

use std::path::{Path, PathBuf};

/// The repository's top-level directory.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// `tests/fixtures/<relative>`.
pub fn fixture(relative: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(relative)
}
