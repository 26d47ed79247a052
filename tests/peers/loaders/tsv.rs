//! The recorded outcomes: `tests/peers/loaders.tsv`, one row per case, program and operation.
//!
//! Fields are separated by tabs; a backslash, tab, line feed or carriage return inside a field
//! is written `\\`, `\t`, `\n`, `\r`. The first line names the columns.

use std::path::PathBuf;

pub(crate) const COLUMNS: [&str; 8] = [
    "case",
    "sha256",
    "program",
    "version",
    "operation",
    "outcome",
    "first_error",
    "full_error",
];

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub(crate) case: String,
    /// Of the exact bytes given to the program (a folder: of its deterministic tar).
    pub(crate) sha256: String,
    pub(crate) program: String,
    pub(crate) version: String,
    pub(crate) operation: String,
    /// `accept` (exit 0) or `reject`.
    pub(crate) outcome: String,
    pub(crate) first_error: String,
    pub(crate) full_error: String,
}

pub(crate) fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("peers/loaders.tsv")
}

fn escape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

pub(crate) fn write(rows: &[Row]) -> String {
    let mut out = COLUMNS.join("\t");
    out.push('\n');
    for r in rows {
        let fields = [
            &r.case,
            &r.sha256,
            &r.program,
            &r.version,
            &r.operation,
            &r.outcome,
            &r.first_error,
            &r.full_error,
        ];
        let line: Vec<String> = fields.iter().map(|f| escape(f)).collect();
        out.push_str(&line.join("\t"));
        out.push('\n');
    }
    out
}

/// The rows, or what is wrong with the file (line number and why).
pub(crate) fn read(text: &str) -> Result<Vec<Row>, String> {
    let mut lines = text.lines();
    let header = lines.next().ok_or("empty file")?;
    if header != COLUMNS.join("\t") {
        return Err(format!("line 1: the columns are not {COLUMNS:?}"));
    }
    let mut rows = Vec::new();
    for (at, line) in lines.enumerate() {
        let fields: Vec<String> = line.split('\t').map(unescape).collect();
        if fields.len() != COLUMNS.len() {
            return Err(format!(
                "line {}: {} fields, not {}",
                at + 2,
                fields.len(),
                COLUMNS.len()
            ));
        }
        let mut f = fields.into_iter();
        let mut next = || f.next().unwrap_or_default();
        rows.push(Row {
            case: next(),
            sha256: next(),
            program: next(),
            version: next(),
            operation: next(),
            outcome: next(),
            first_error: next(),
            full_error: next(),
        });
    }
    Ok(rows)
}
