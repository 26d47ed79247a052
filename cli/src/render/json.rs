//! `--format json`: one array, one object per input, in input order. The field names are a
//! contract: `file`, `schemaVersion`, `kind`, `mediaType`, `digest`, `size`, `diagnostics`,
//! `targets` (the schema: `docs/schema/check-report.schema.json`).

use std::io::{self, Write};

use crate::schema::FileReport;

use super::Checked;

pub(crate) fn write(out: &mut impl Write, checked: &[Checked]) -> io::Result<()> {
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .map(|c| FileReport::new(&c.name, &c.report))
        .collect();
    super::pretty::to_writer_pretty(&mut *out, &reports)?;
    writeln!(out)
}
