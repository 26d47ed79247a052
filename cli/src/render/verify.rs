//! `verify`'s output: the reports of the layout's documents (and of members with findings) in
//! the format `check` uses, and each blob's status. In JSON, one object:
//! `{"reports": [<check's FileReport>…], "blobs": [{file, digest, size, mediaType, status,
//! message}…]}`. SARIF, GitHub and concise carry the findings only: every blob that is not
//! `ok` is also a diagnostic of the image rules, at its descriptor.

use std::io::{self, Write};

use ocilint_core::image::{BlobStatus, Verification};

use crate::schema::{FileReport, VerifyReport};

use super::Checked;

/// The verification's reports as `check`'s renderers take them.
pub(crate) fn checked(verification: &Verification) -> Vec<Checked> {
    verification
        .files
        .iter()
        .map(|f| Checked {
            name: f.file.clone(),
            bytes: f.bytes.clone(),
            report: f.report.clone(),
        })
        .collect()
}

pub(crate) fn json(
    out: &mut impl Write,
    checked: &[Checked],
    verification: &Verification,
) -> io::Result<()> {
    let report = VerifyReport {
        reports: checked
            .iter()
            .map(|c| FileReport::new(&c.name, &c.report))
            .collect(),
        blobs: &verification.blobs,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// Each document and its findings as `check` shows them (without the targets' verdicts, which
/// `--format json` has), then a line per blob and the verdict.
pub(crate) fn human(
    out: &mut impl Write,
    checked: &[Checked],
    verification: &Verification,
    color: bool,
) -> io::Result<()> {
    let shown: Vec<Checked> = checked
        .iter()
        .map(|c| Checked {
            name: c.name.clone(),
            bytes: c.bytes.clone(),
            report: ocilint_core::Report {
                targets: Vec::new(),
                ..c.report.clone()
            },
        })
        .collect();
    super::human::write(out, &shown, color, false)?;
    writeln!(out)?;
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let width = verification
        .blobs
        .iter()
        .map(|b| b.status.as_str().len())
        .max()
        .unwrap_or(0);
    for blob in &verification.blobs {
        let status = format!("{:width$}", blob.status.as_str());
        let status = match blob.status {
            BlobStatus::Ok => paint("32", &status),
            BlobStatus::Sparse => paint("36", &status),
            _ => paint("1;31", &status),
        };
        let size = blob
            .size
            .map(|s| format!(", {s} bytes"))
            .unwrap_or_default();
        let media_type = blob.media_type.as_deref().unwrap_or("-");
        writeln!(out, "{status}  {}  ({media_type}{size})", blob.file)?;
        if blob.status != BlobStatus::Ok {
            writeln!(out, "{:width$}  {}", "", blob.message)?;
        }
    }
    let count = |wanted: fn(BlobStatus) -> bool| {
        verification
            .blobs
            .iter()
            .filter(|b| wanted(b.status))
            .count()
    };
    let (ok, sparse, broken) = (
        count(|s| s == BlobStatus::Ok),
        count(|s| s == BlobStatus::Sparse),
        count(BlobStatus::is_error),
    );
    let documents = checked
        .iter()
        .filter(|c| c.report.kind != ocilint_core::Kind::Unknown)
        .count();
    let verdict = if verification.has_errors() {
        paint("1;31", "not valid")
    } else {
        paint("1;32", "valid")
    };
    let documents = match documents {
        1 => "1 document".to_owned(),
        n => format!("{n} documents"),
    };
    writeln!(
        out,
        "{} blobs: {ok} ok, {sparse} sparse, {broken} broken; {documents} checked: {verdict}.",
        verification.blobs.len()
    )
}
