//! `verify`'s output: the reports of the layout's documents (and of members with findings) in
//! the format `check` uses, and each blob's status. In JSON, one object:
//! `{"reports": [<check's FileReport>…], "blobs": [{file, digest, size, mediaType, status,
//! message}…], "loaders": [<verdict>…]}`. SARIF carries the findings and the loaders' verdicts
//! (in the run's properties); GitHub and concise the findings only: every blob that is not
//! `ok` is also a diagnostic of the image rules, at its descriptor.

use std::io::{self, Write};

use ocilint_core::image::{BlobStatus, LoaderVerdict, Verification};
use ocilint_core::targets::Verdict;

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

/// `check`'s SARIF log of the findings, with the loaders' verdicts in the run's `properties`
/// (`loaders`, as in the JSON output).
pub(crate) fn sarif(
    out: &mut impl Write,
    checked: &[Checked],
    verification: &Verification,
) -> io::Result<()> {
    let mut log = Vec::new();
    super::sarif::write(&mut log, checked)?;
    let mut log: serde_json::Value = serde_json::from_slice(&log).map_err(io::Error::other)?;
    if let Some(run) = log.pointer_mut("/runs/0").and_then(|r| r.as_object_mut()) {
        run.insert(
            "properties".into(),
            serde_json::json!({ "loaders": verification.loaders }),
        );
    }
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
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
        loaders: &verification.loaders,
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
    )?;
    loaders(out, &verification.loaders, &paint)
}

/// Who can load it: a line per loader (verdict, command, version, basis), its first error
/// and what the verdict holds on beneath.
fn loaders(
    out: &mut impl Write,
    verdicts: &[LoaderVerdict],
    paint: &dyn Fn(&str, &str) -> String,
) -> io::Result<()> {
    if verdicts.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "Who can load it:")?;
    let width = verdicts.iter().map(|v| v.command.len()).max().unwrap_or(0);
    for v in verdicts {
        let word = format!("{:7}", v.verdict.as_str());
        let word = match v.verdict {
            Verdict::Accept => paint("32", &word),
            Verdict::Warn => paint("33", &word),
            Verdict::Unknown => paint("2", &word),
            Verdict::Reject => paint("1;31", &word),
        };
        let about = format!("{} {}, {}", v.target, v.version, v.basis.as_str());
        writeln!(out, "  {word} {:width$}  {}", v.command, paint("2", &about))?;
        if let Some(message) = &v.message {
            let step = v.step.map(|s| format!("{s}: ")).unwrap_or_default();
            writeln!(out, "  {:7} {:width$}  {step}{message}", "", "")?;
        }
        if let Some(condition) = &v.condition {
            writeln!(out, "  {:7} {:width$}  {}", "", "", paint("2", condition))?;
        }
    }
    Ok(())
}
