//! The recorded outcomes: `tests/peers/corpus.tsv`, one row per case, program and operation.
//!
//! Fields are separated by tabs; a backslash, tab, line feed or carriage return inside a field
//! is written `\\`, `\t`, `\n`, `\r`. The first line names the columns.

use std::path::PathBuf;

pub(crate) const COLUMNS: [&str; 13] = [
    "case",
    "sha256",
    "content_type_sent",
    "content_type_served",
    "served_by",
    "program",
    "version",
    "operation",
    "outcome",
    "status",
    "first_error",
    "full_error",
    "blobs",
];

/// `Content-Type` column value when no header was sent or served.
pub(crate) const NONE: &str = "(none)";

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub(crate) case: String,
    pub(crate) sha256: String,
    pub(crate) content_type_sent: String,
    pub(crate) content_type_served: String,
    /// `registry` (distribution stored it) or `loopback` (the tests' read-only server); `-` for
    /// the push itself.
    pub(crate) served_by: String,
    pub(crate) program: String,
    pub(crate) version: String,
    pub(crate) operation: String,
    /// `accept` or `reject`.
    pub(crate) outcome: String,
    /// The HTTP status of the push, the exit status of a client (`timeout` when killed).
    pub(crate) status: String,
    pub(crate) first_error: String,
    pub(crate) full_error: String,
    /// `yes` when the outcome turned on a blob (fetched, verified, unpacked or found missing).
    pub(crate) blobs: String,
}

pub(crate) fn path() -> PathBuf {
    ocilint_tests::repo_root().join("tests/peers/corpus.tsv")
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

fn unescape(field: &str) -> Result<String, String> {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            other => return Err(format!("bad escape \\{other:?}")),
        }
    }
    Ok(out)
}

impl Row {
    fn fields(&self) -> [&str; 13] {
        [
            &self.case,
            &self.sha256,
            &self.content_type_sent,
            &self.content_type_served,
            &self.served_by,
            &self.program,
            &self.version,
            &self.operation,
            &self.outcome,
            &self.status,
            &self.first_error,
            &self.full_error,
            &self.blobs,
        ]
    }
}

pub(crate) fn write(rows: &[Row]) -> String {
    let mut out = COLUMNS.join("\t");
    out.push('\n');
    for row in rows {
        let fields: Vec<String> = row.fields().iter().map(|f| escape(f)).collect();
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}

pub(crate) fn read(text: &str) -> Result<Vec<Row>, String> {
    let mut lines = text.lines();
    let header = lines.next().ok_or("empty TSV")?;
    if header != COLUMNS.join("\t") {
        return Err(format!("unexpected header: {header}"));
    }
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate() {
        let fields: Vec<String> = line
            .split('\t')
            .map(unescape)
            .collect::<Result<_, _>>()
            .map_err(|e| format!("line {}: {e}", i + 2))?;
        let [case, sha256, content_type_sent, content_type_served, served_by, program, version, operation, outcome, status, first_error, full_error, blobs]: [String; 13] =
            fields
                .try_into()
                .map_err(|f: Vec<String>| format!("line {}: {} fields, not 13", i + 2, f.len()))?;
        if !matches!(outcome.as_str(), "accept" | "reject") {
            return Err(format!("line {}: outcome {outcome:?}", i + 2));
        }
        if !matches!(blobs.as_str(), "yes" | "no") {
            return Err(format!("line {}: blobs {blobs:?}", i + 2));
        }
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("line {}: sha256 {sha256:?}", i + 2));
        }
        rows.push(Row {
            case,
            sha256,
            content_type_sent,
            content_type_served,
            served_by,
            program,
            version,
            operation,
            outcome,
            status,
            first_error,
            full_error,
            blobs,
        });
    }
    Ok(rows)
}

/// What varies between runs, replaced in error texts: known digests by their role
/// (`sha256:<layer>`), other sha256 hex by `<digest>`, the scratch folder by `<tmp>` (and
/// containerd's numbered mount folders in it by `containerd-mount<n>`), loopback ports by
/// `<port>`, the case's repository and tag by `<repo>` and `<tag>`.
#[derive(Debug, Clone)]
pub(crate) struct Normalizer {
    pub(crate) labels: Vec<(String, String)>,
    pub(crate) scratch: Option<String>,
}

impl Normalizer {
    pub(crate) fn apply(&self, text: &str, repo: &str, document_hex: &str) -> String {
        let mut t = text.to_owned();
        if let Some(scratch) = &self.scratch {
            t = t.replace(scratch.as_str(), "<tmp>");
        }
        t = replace_ports(&t);
        t = replace_digits_after(&t, "/tmpmounts/containerd-mount", "<n>");
        t = t.replace(&format!("{repo}:t"), "<repo>:<tag>");
        t = t.replace(&format!("{repo}/manifests/t"), "<repo>/manifests/<tag>");
        t = t.replace(repo, "<repo>");
        replace_hex(&t, |hex| {
            if hex == document_hex {
                Some("<document>".to_owned())
            } else {
                self.labels
                    .iter()
                    .find(|(h, _)| h == hex)
                    .map(|(_, l)| l.clone())
                    .or_else(|| Some("<digest>".to_owned()))
            }
        })
    }
}

/// `<prefix>NNNN` → `<prefix><label>` (containerd's temporary mount folders).
fn replace_digits_after(text: &str, prefix: &str, label: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let (before, after) = rest.split_at(at + prefix.len());
        out.push_str(before);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            out.push_str(label);
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// `127.0.0.1:NNNN` → `127.0.0.1:<port>`.
fn replace_ports(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("127.0.0.1:") {
        let (before, after) = rest.split_at(at + "127.0.0.1:".len());
        out.push_str(before);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            out.push_str("<port>");
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// Replaces every run of exactly 64 lower-case hex digits.
fn replace_hex(text: &str, label: impl Fn(&str) -> Option<String>) -> String {
    let bytes = text.as_bytes();
    let is_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut last = 0;
    while i < bytes.len() {
        if is_hex(bytes[i]) && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let run = bytes[i..].iter().take_while(|b| is_hex(**b)).count();
            let end = i + run;
            if run == 64 && (end == bytes.len() || !bytes[end].is_ascii_alphanumeric()) {
                if let Some(l) = label(&text[i..end]) {
                    out.push_str(&text[last..i]);
                    out.push_str(&l);
                    last = end;
                }
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out.push_str(&text[last..]);
    out
}
