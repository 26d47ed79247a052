//! `--format json`: one array, one object per input, in input order. The field names are a
//! contract: `file`, `kind`, `mediaType`, `digest`, `size`, `diagnostics`.

use std::io::{self, Write};

use ocilint_core::Report;
use serde::Serialize;

use super::Checked;

#[derive(Serialize)]
struct FileReport<'a> {
    file: &'a str,
    #[serde(flatten)]
    report: &'a Report,
}

pub(crate) fn write(out: &mut impl Write, checked: &[Checked]) -> io::Result<()> {
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .map(|c| FileReport {
            file: &c.name,
            report: &c.report,
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &reports)?;
    writeln!(out)
}
