//! The summaries of `fix`, `convert` and `split`, in every format.

use std::io::{self, Write};
use std::path::PathBuf;

use ocilint_core::diagnostic::pointer_label;
use ocilint_core::rewrite::{loss_groups, Input, Loss, RewriteReport};

use crate::schema::RewriteFile;

pub(crate) fn json(out: &mut impl Write, report: &RewriteReport, diff: bool) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &RewriteFile::new(report, diff))?;
    writeln!(out)
}

/// Losses of one input for one reason listed one by one; more are said once with the first places.
const LOSSES_LISTED: usize = 3;

pub(crate) fn human(
    out: &mut impl Write,
    inputs: &[Input],
    report: &RewriteReport,
    written: &[PathBuf],
    diff: bool,
    color: bool,
    converted: bool,
) -> io::Result<()> {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    // Grouped once: each group belongs to one input.
    let loss_groups = loss_groups(&report.losses);
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
                applied.safety.as_str(),
                pointer_label(&applied.pointer),
                applied.title
            )?;
            said = true;
        }
        for group in &loss_groups {
            let losses: Vec<&Loss> = group.iter().map(|&i| &report.losses[i]).collect();
            let [first, ..] = losses[..] else { continue };
            if &first.input != name {
                continue;
            }
            said = true;
            if losses.len() <= LOSSES_LISTED {
                for loss in losses {
                    writeln!(
                        out,
                        "  {} {} at {}: {}",
                        paint("33", "lost"),
                        loss.what,
                        pointer_label(&loss.pointer),
                        loss.why
                    )?;
                }
                continue;
            }
            // Thousands of entries losing the same field: said once, with the first places.
            let same_what = losses.iter().all(|loss| loss.what == first.what);
            let places: Vec<String> = losses[..LOSSES_LISTED]
                .iter()
                .map(|loss| {
                    if same_what {
                        pointer_label(&loss.pointer).to_string()
                    } else {
                        format!("{} at {}", loss.what, pointer_label(&loss.pointer))
                    }
                })
                .collect();
            writeln!(
                out,
                "  {} {}at {} places: {}",
                paint("33", "lost"),
                if same_what {
                    format!("{} ", first.what)
                } else {
                    String::new()
                },
                losses.len(),
                first.why,
            )?;
            for place in places {
                writeln!(out, "       {place}")?;
            }
            writeln!(
                out,
                "       and {} more (`--format json` lists every one)",
                losses.len() - LOSSES_LISTED
            )?;
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
    if converted && !report.outputs.is_empty() {
        // What a conversion does not touch, so nobody re-pushes the config.
        writeln!(
            out,
            "note: blobs are not rewritten: the config and layers keep their bytes and digests; only their descriptors' `mediaType` changed"
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
                a.safety.as_str(),
                a.title
            )?;
        }
        for l in report.losses.iter().filter(|l| &l.input == name) {
            writeln!(
                out,
                "{name}: lost {} {}: {}",
                pointer_label(&l.pointer),
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
            data(&format!("applied ({}): {}", a.safety.as_str(), a.title))
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

/// SARIF 2.1.0: one run whose results are the refusals (errors), losses (warnings) and applied
/// fixes (notes), each located in its input (and at its JSON Pointer), and whose artifacts are
/// the inputs and, with the role `added`, the outputs with their hashes.
pub(crate) fn sarif(
    out: &mut impl Write,
    inputs: &[Input],
    report: &RewriteReport,
) -> io::Result<()> {
    use serde_json::{json, Value};
    let index_of = |name: &str| inputs.iter().position(|i| i.name == name).unwrap_or(0);
    let location = |input: &str, pointer: Option<&str>| {
        let mut location = json!({
            "physicalLocation": {
                "artifactLocation": { "uri": super::sarif::uri(input), "index": index_of(input) }
            }
        });
        if let Some(pointer) = pointer {
            location["logicalLocations"] =
                json!([{ "fullyQualifiedName": pointer, "kind": "member" }]);
        }
        location
    };
    let mut results: Vec<Value> = Vec::new();
    for r in &report.refused {
        results.push(json!({
            "ruleId": "refused",
            "level": "error",
            "message": { "text": r.why },
            "locations": [location(&r.input, None)],
        }));
    }
    for l in &report.losses {
        results.push(json!({
            "ruleId": "loss",
            "level": "warning",
            "message": { "text": format!("{}: {}", l.what, l.why) },
            "locations": [location(&l.input, Some(&l.pointer))],
        }));
    }
    for a in &report.applied {
        results.push(json!({
            "ruleId": a.code,
            "kind": "informational",
            "level": "none",
            "message": { "text": format!("applied ({}): {}", a.safety.as_str(), a.title) },
            "locations": [location(&a.input, Some(&a.pointer))],
        }));
    }
    let mut artifacts: Vec<Value> = inputs
        .iter()
        .map(|input| {
            json!({
                "location": { "uri": super::sarif::uri(&input.name) },
                "length": input.bytes.len(),
                "roles": ["analysisTarget"],
            })
        })
        .collect();
    for o in &report.outputs {
        artifacts.push(json!({
            "location": { "uri": super::sarif::uri(&o.name) },
            "length": o.size,
            "hashes": { "sha-256": o.digest.trim_start_matches("sha256:") },
            "roles": ["added"],
            "properties": { "input": o.input, "role": o.role, "mediaType": o.media_type, "digest": o.digest },
        }));
    }
    let log = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ocilint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
            }},
            "artifacts": artifacts,
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}
