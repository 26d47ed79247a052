//! The README's hostile-input tables as the tests that generate them read and write them: a
//! row is `| cell | cell | … |`. Std only, compiled by path into the CLI, wasm and page tests.

/// The cells of a Markdown table row, trimmed; `None` for a line that is not one.
pub(crate) fn cells(line: &str) -> Option<Vec<String>> {
    Some(
        line.trim()
            .strip_prefix('|')?
            .strip_suffix('|')?
            .split(" | ")
            .map(|cell| cell.trim().to_owned())
            .collect(),
    )
}

/// A Markdown table row of `cells`.
pub(crate) fn row(cells: &[&str]) -> String {
    format!("| {} |", cells.join(" | "))
}
