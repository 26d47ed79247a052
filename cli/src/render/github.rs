//! `--format github`: GitHub Actions workflow commands, one per diagnostic, which the runner
//! turns into annotations on the pull request:
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`
//! (`warning` and `notice` for the other severities; columns in Unicode scalar values, as in
//! the other formats). With `--target`, a chosen target's refusal is an `::error` too, on the
//! file, so the log says why the job failed.

use std::io::{self, Write};

use ocilint_core::targets::Verdict;
use ocilint_core::Severity;

use super::Checked;

pub(crate) fn write(
    out: &mut impl Write,
    checked: &[Checked],
    all_targets: bool,
) -> io::Result<()> {
    for file in checked {
        let name = property(&file.name);
        for d in &file.report.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                out,
                "::{command} file={name},line={},col={},endLine={},endColumn={},title={}::{}",
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                property(d.code),
                data(&d.message)
            )?;
        }
        if all_targets {
            for v in &file.report.targets {
                if v.verdict != Verdict::Reject {
                    continue;
                }
                let target = format!("{}@{}", v.target, v.version);
                let causes = v.causes();
                writeln!(
                    out,
                    "::error file={name},title={}::{}",
                    property(&format!("target {target} rejects")),
                    data(&format!(
                        "{target} rejects this document: {}{causes}",
                        v.message.as_deref().unwrap_or("refused")
                    ))
                )?;
            }
        }
    }
    Ok(())
}

/// Escapes a command's message, as the runner's `escapeData` does.
pub(crate) fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value, as the runner's `escapeProperty` does.
pub(crate) fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
