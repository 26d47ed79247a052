//! The summaries of `fix`, `convert` and `split`, in every format.

use std::io::{self, Write};
use std::path::PathBuf;

use ocilint_core::rewrite::{Input, RewriteReport};

use crate::schema::RewriteFile;

pub(crate) fn json(out: &mut impl Write, report: &RewriteReport, diff: bool) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &RewriteFile::new(report, diff))?;
    writeln!(out)
}

pub(crate) fn human(
    out: &mut impl Write,
    inputs: &[Input],
    report: &RewriteReport,
    written: &[PathBuf],
    diff: bool,
    color: bool,
) -> io::Result<()> {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    for input in inputs {
        let name = &input.name;
        writeln!(out, "{}", paint("1", name))?;
        let mut said = false;
        for applied in report.applied.iter().filter(|a| &a.input == name) {
            writeln!(
                out,
                "  {} {} ({}) at {}: {}",
                paint("32", "applied"),
                applied.code,
                safety(applied.safety),
                pointer(&applied.pointer),
                applied.title
            )?;
            said = true;
        }
        for loss in report.losses.iter().filter(|l| &l.input == name) {
            writeln!(
                out,
                "  {} {} at {}: {}",
                paint("33", "lost"),
                loss.what,
                pointer(&loss.pointer),
                loss.why
            )?;
            said = true;
        }
        for refused in report.refused.iter().filter(|r| &r.input == name) {
            writeln!(out, "  {} {}", paint("1;31", "refused"), refused.why)?;
            said = true;
        }
        for (output, path) in report
            .outputs
            .iter()
            .enumerate()
            .filter(|(_, o)| &o.input == name)
            .map(|(i, o)| (o, written.get(i)))
        {
            writeln!(
                out,
                "  {} {:<8} {}\n           {}  {} bytes{}",
                paint("36", "output"),
                output.role.as_str(),
                output.media_type,
                output.digest,
                output.size,
                path.map_or(String::new(), |p| format!("  -> {}", p.display()))
            )?;
            said = true;
        }
        for reference in report.references.iter().filter(|r| &r.input == name) {
            let updated = if reference.updated.is_empty() {
                "no parent was given with it".to_owned()
            } else {
                format!("updated in {}", reference.updated.join(", "))
            };
            writeln!(
                out,
                "  {} parents must now name {} (size {}) instead of {}; {updated}",
                paint("35", "digest"),
                reference.to,
                reference.size,
                reference.from
            )?;
            said = true;
        }
        if !said {
            writeln!(out, "  nothing to change")?;
        }
    }
    if diff {
        for output in &report.outputs {
            writeln!(out)?;
            write!(out, "{}", output.diff)?;
            if !output.diff.ends_with('\n') {
                writeln!(out, "\n\\ No newline at end of file")?;
            }
        }
    }
    if report
        .outputs
        .iter()
        .any(|o| report.references.iter().any(|r| r.input == o.input))
    {
        writeln!(
            out,
            "\nnote: new digests break signatures, attestations and referrers that name the old ones"
        )?;
    }
    if written.is_empty() && !report.outputs.is_empty() {
        writeln!(out, "(nothing written: give -o DIR to write the outputs)")?;
    }
    Ok(())
}

pub(crate) fn concise(
    out: &mut impl Write,
    inputs: &[Input],
    report: &RewriteReport,
    written: &[PathBuf],
) -> io::Result<()> {
    for input in inputs {
        let name = &input.name;
        for a in report.applied.iter().filter(|a| &a.input == name) {
            writeln!(
                out,
                "{name}: applied {} ({}) {}",
                a.code,
                safety(a.safety),
                a.title
            )?;
        }
        for l in report.losses.iter().filter(|l| &l.input == name) {
            writeln!(
                out,
                "{name}: lost {} {}: {}",
                pointer(&l.pointer),
                l.what,
                l.why
            )?;
        }
        for r in report.refused.iter().filter(|r| &r.input == name) {
            writeln!(out, "{name}: refused {}", r.why)?;
        }
    }
    for (i, o) in report.outputs.iter().enumerate() {
        writeln!(
            out,
            "{}: output {} {} {} {}{}",
            o.input,
            o.role.as_str(),
            o.media_type,
            o.digest,
            o.size,
            written
                .get(i)
                .map_or(String::new(), |p| format!(" {}", p.display()))
        )?;
    }
    Ok(())
}

pub(crate) fn github(out: &mut impl Write, report: &RewriteReport) -> io::Result<()> {
    use super::github::data;
    use super::github::property as prop;
    for a in &report.applied {
        writeln!(
            out,
            "::notice file={},title={}::{}",
            prop(&a.input),
            prop(a.code.as_str()),
            data(&format!("applied ({}): {}", safety(a.safety), a.title))
        )?;
    }
    for l in &report.losses {
        writeln!(
            out,
            "::warning file={},title=lost {}::{}",
            prop(&l.input),
            prop(&l.pointer),
            data(&format!("{}: {}", l.what, l.why))
        )?;
    }
    for r in &report.refused {
        writeln!(
            out,
            "::error file={},title=refused::{}",
            prop(&r.input),
            data(&r.why)
        )?;
    }
    for o in &report.outputs {
        writeln!(
            out,
            "::notice file={},title={} {}::{}",
            prop(&o.input),
            prop(o.role.as_str()),
            prop(&o.name),
            data(&format!("{} {} ({} bytes)", o.media_type, o.digest, o.size))
        )?;
    }
    Ok(())
}

fn safety(safety: ocilint_core::FixSafety) -> &'static str {
    match safety {
        ocilint_core::FixSafety::Safe => "safe",
        ocilint_core::FixSafety::Unsafe => "unsafe",
        ocilint_core::FixSafety::DisplayOnly => "display-only",
        ocilint_core::FixSafety::None => "none",
    }
}

fn pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "/"
    } else {
        pointer
    }
}
