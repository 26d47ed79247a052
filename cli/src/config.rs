//! `ocilint.toml` on disk: found upward from the working directory (or given with `--config`)
//! and read with core's model ([`ocilint_core::config`], which the page's settings panel
//! shares). Flags override the file.
//!
//! Every problem is reported at its position (`ocilint.toml:3:1: unknown key …`), all of them at
//! once, so a CI log shows the whole fix.

use std::path::{Path, PathBuf};

pub(crate) use ocilint_core::config::Config;
use ocilint_core::config::{self, FILE_NAME};

/// The nearest `ocilint.toml` in `start` or one of its parents.
pub(crate) fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|path| path.is_file())
}

/// Reads and validates a config file; the error is every problem, one per line, each prefixed
/// with `path:line:column: `.
pub(crate) fn load(path: &Path) -> Result<Config, String> {
    let shown = shown_path(path);
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    config::parse(&text).map_err(|errors| {
        errors
            .iter()
            .map(|error| format!("{shown}:{error}"))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The path relative to the working directory when it is below it, as users wrote it.
fn shown_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}
