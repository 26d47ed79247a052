//! `--format concise`: one line per diagnostic, `file:line:col: severity CODE message`, the
//! shape compilers print and editors' problem matchers read. Columns are in Unicode scalar
//! values, as in the JSON report. Line breaks in a message become spaces, so each diagnostic
//! stays one line. With `--target`, a chosen target's refusal is one line too:
//! `file: reject NAME@VERSION OPERATION: message [CODES]`.

use std::io::{self, Write};

use ocilint_core::targets::Verdict;

use super::Checked;

pub(crate) fn write(
    out: &mut impl Write,
    checked: &[Checked],
    all_targets: bool,
) -> io::Result<()> {
    for file in checked {
        for d in &file.report.diagnostics {
            writeln!(
                out,
                "{}:{}:{}: {} {} {}",
                file.name,
                d.line,
                d.column,
                d.severity.as_str(),
                d.code,
                one_line(&d.message)
            )?;
        }
        if all_targets {
            for v in &file.report.targets {
                if v.verdict != Verdict::Reject {
                    continue;
                }
                let operation = v.operation.as_str();
                let causes = v.causes();
                writeln!(
                    out,
                    "{}: {} {}@{} {operation}: {}{causes}",
                    file.name,
                    v.verdict.as_str(),
                    v.target,
                    v.version,
                    one_line(v.message.as_deref().unwrap_or("refused"))
                )?;
            }
        }
    }
    Ok(())
}

fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n'], " ")
}
