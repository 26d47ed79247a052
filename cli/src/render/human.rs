//! The default terminal format: each diagnostic with its code, message, location, the
//! offending line with a caret under the range, and how to fix it.

use std::io::{self, Write};

use ocilint_core::attachments::{Attachment, LinkStatus};
use ocilint_core::role::Role;
use ocilint_core::targets::{self, Basis, TargetVerdict, Verdict};
use ocilint_core::{Diagnostic, Report, Severity};

use super::Checked;

/// Columns of context shown around the range on long (e.g. minified) lines.
const WINDOW: usize = 60;

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn severity(&self, severity: Severity) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, severity.as_str())
    }
}

pub(crate) fn write(
    out: &mut impl Write,
    checked: &[Checked],
    color: bool,
    all_targets: bool,
) -> io::Result<()> {
    let style = Style { color };
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    // Who refuses, across the files: a clean document that a target refuses must not end on
    // "no problems found" alone.
    let mut refused_by: Vec<String> = Vec::new();
    for file in checked {
        let report = &file.report;
        writeln!(
            out,
            "{}: {}{}, {} bytes, {}",
            style.paint("1", &file.name),
            report.kind.as_str(),
            report
                .media_type
                .as_deref()
                .map(|m| format!(" ({m})"))
                .unwrap_or_default(),
            report.size,
            report.digest
        )?;
        write_role(out, &style, report)?;
        let text = String::from_utf8_lossy(&file.bytes);
        let source = Source::new(&text, matches!(text, std::borrow::Cow::Borrowed(_)));
        for diagnostic in &report.diagnostics {
            match diagnostic.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info => infos += 1,
            }
            write_diagnostic(out, &style, &file.name, &source, diagnostic)?;
        }
        for v in report
            .targets
            .iter()
            .filter(|v| v.verdict == Verdict::Reject)
        {
            let who = format!("{}@{} ({})", v.target, v.version, v.operation.as_str());
            if !refused_by.contains(&who) {
                refused_by.push(who);
            }
        }
        write_attachments(out, &style, report, checked)?;
        write_attached(out, &style, report, checked)?;
        write_verdicts(out, &style, &report.targets, all_targets)?;
        if report.diagnostics.is_empty() {
            writeln!(out)?;
        }
    }
    let files = match checked.len() {
        1 => "1 file".to_owned(),
        n => format!("{n} files"),
    };
    let refusals = if refused_by.is_empty() {
        String::new()
    } else {
        format!("; refused by {}", refused_by.join(", "))
    };
    if errors + warnings + infos == 0 {
        writeln!(out, "Checked {files}: no problems found{refusals}.")
    } else {
        writeln!(
            out,
            "Checked {files}: {}, {}, {}{refusals}.",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "info")
        )
    }
}

/// A checked file's text, split into lines once.
struct Source<'t> {
    text: &'t str,
    /// Where each line starts, in bytes.
    line_starts: Vec<usize>,
    /// Whether `text` is the file's exact bytes, so diagnostics' byte ranges index it (else
    /// invalid UTF-8 was replaced, and columns are counted instead).
    exact: bool,
}

/// The part of a diagnostic's line shown: byte offsets into `line`, on character boundaries.
struct Excerpt<'t> {
    line: &'t str,
    from: usize,
    start: usize,
    end: usize,
    to: usize,
}

impl<'t> Source<'t> {
    fn new(text: &'t str, exact: bool) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            text,
            line_starts,
            exact,
        }
    }

    /// At most [`WINDOW`] characters either side of the diagnostic's start and end, found
    /// from its byte range: a minified document is one line of megabytes, and walking it
    /// for each of thousands of diagnostics took minutes.
    fn excerpt(&self, d: &Diagnostic) -> Option<Excerpt<'t>> {
        let index = (d.line as usize).checked_sub(1)?;
        let line_start = *self.line_starts.get(index)?;
        let line_end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let line = self.text[line_start..line_end].trim_end_matches('\r');
        let (start, end) = if self.exact {
            let start = (d.range.start as usize)
                .saturating_sub(line_start)
                .min(line.len());
            let end = if d.end_line == d.line {
                (d.range.end as usize)
                    .saturating_sub(line_start)
                    .clamp(start, line.len())
            } else {
                line.len()
            };
            (start, end)
        } else {
            let offset = |column: u32| {
                line.char_indices()
                    .nth(column as usize - 1)
                    .map_or(line.len(), |(i, _)| i)
            };
            let start = offset(d.column);
            let end = if d.end_line == d.line {
                offset(d.end_column).max(start)
            } else {
                line.len()
            };
            (start, end)
        };
        if !line.is_char_boundary(start) || !line.is_char_boundary(end) {
            return None;
        }
        let from = line[..start]
            .char_indices()
            .rev()
            .take(WINDOW)
            .last()
            .map_or(start, |(i, _)| i);
        // At least one character is marked, then the window.
        let marked_end = if end > start {
            end
        } else {
            line[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8())
        };
        let to = line[marked_end..]
            .char_indices()
            .nth(WINDOW)
            .map_or(line.len(), |(i, _)| marked_end + i);
        Some(Excerpt {
            line,
            from,
            start,
            end,
            to,
        })
    }
}

/// "info" is a mass noun: `2 info`, not `2 infos`.
fn plural(n: usize, word: &str) -> String {
    match word {
        "info" => format!("{n} {word}"),
        _ => ocilint_core::text::plural(n, word),
    }
}

fn write_diagnostic(
    out: &mut impl Write,
    style: &Style,
    file: &str,
    source: &Source<'_>,
    d: &Diagnostic,
) -> io::Result<()> {
    writeln!(
        out,
        "{}{} {}",
        style.severity(d.severity),
        style.paint("1", &format!("[{}]", d.code)),
        d.message
    )?;
    let pointer = if d.pointer.is_empty() {
        String::new()
    } else {
        format!("  at {}", d.pointer)
    };
    writeln!(
        out,
        "  {} {file}:{}:{}{pointer}",
        style.paint("34", "-->"),
        d.line,
        d.column
    )?;
    if let Some(excerpt) = source.excerpt(d) {
        let Excerpt {
            line,
            from,
            start,
            end,
            to,
        } = excerpt;
        let visible = |c: char| if c.is_control() && c != '\t' { ' ' } else { c };
        let shown: String = line[from..to].chars().map(visible).collect();
        let lead = if from > 0 { "…" } else { "" };
        let tail = if to < line.len() { "…" } else { "" };
        let number = d.line.to_string();
        let gutter = " ".repeat(number.len());
        let bar = style.paint("34", "|");
        writeln!(out, "  {gutter} {bar}")?;
        writeln!(
            out,
            "  {} {bar} {lead}{shown}{tail}",
            style.paint("34", &number)
        )?;
        let pad: String = line[from..start]
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let carets = "^".repeat(line[start..end].chars().take(2 * WINDOW).count().max(1));
        writeln!(
            out,
            "  {gutter} {bar} {}{pad}{}",
            if lead.is_empty() { "" } else { " " },
            style.paint("1;31", &carets)
        )?;
    }
    for related in &d.related {
        writeln!(
            out,
            "  {} {file}:{}:{}: {}",
            style.paint("34", "= note:"),
            related.line,
            related.column,
            related.message
        )?;
    }
    if !d.help.is_empty() {
        writeln!(out, "  {} {}", style.paint("32", "= help:"), d.help)?;
    }
    if let Some(fix) = &d.fix {
        let safety = match fix.safety {
            ocilint_core::FixSafety::Safe => "safe fix",
            ocilint_core::FixSafety::Unsafe => "unsafe fix, `ocilint fix --unsafe`",
            _ => "suggestion",
        };
        writeln!(
            out,
            "  {} {}",
            style.paint("32", &format!("= {safety}:")),
            fix.title
        )?;
    }
    writeln!(out)
}

/// Said wherever a signature is shown: ocilint recognises signatures, it does not check them.
const NOT_VERIFIED: &str = "signatures are not verified";

/// What the document is for, when it is more than an image, an index or a config.
fn write_role(out: &mut impl Write, style: &Style, report: &Report) -> io::Result<()> {
    if let Some(config_of) = report.config_of {
        // Why its empty platform is not reported.
        let role = config_of.as_str();
        let article = if role.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        return writeln!(
            out,
            "  {} the config of {article} {role} manifest: nothing selects or runs it, so the platform it names is not checked",
            style.paint("1", "is:"),
        );
    }
    let convention = match (report.convention, report.role) {
        (Some(convention), _) => format!(" ({})", convention.as_str()),
        // A list of referrers is worth saying even without a tool's convention.
        (None, Role::ReferrersIndex) => String::new(),
        (None, _) => return Ok(()),
    };
    let caveat = if report.role == Role::Signature {
        format!("; {NOT_VERIFIED}")
    } else {
        String::new()
    };
    writeln!(
        out,
        "  {} {}{convention}{caveat}",
        style.paint("1", "is:"),
        report.role.as_str()
    )
}

/// `sha256:` and the first 12 hex digits.
fn short(digest: &str) -> String {
    match digest.split_once(':') {
        Some((algorithm, hex)) if hex.len() > 12 => format!("{algorithm}:{}…", &hex[..12]),
        _ => digest.to_owned(),
    }
}

/// What this document says hangs off what, grouped by what it hangs off.
fn write_attachments(
    out: &mut impl Write,
    style: &Style,
    report: &Report,
    checked: &[Checked],
) -> io::Result<()> {
    if report.attachments.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", style.paint("1", "Attachments:"))?;
    let mut subjects: Vec<Option<&str>> = Vec::new();
    for a in &report.attachments {
        if !subjects.contains(&a.subject.as_deref()) {
            subjects.push(a.subject.as_deref());
        }
    }
    for subject in subjects {
        let named = subject.and_then(|s| checked.iter().find(|c| c.report.digest == s));
        let head = match (subject, named) {
            (Some(s), Some(file)) => format!(
                "{} ({}, {})",
                short(s),
                file.name,
                file.report.role.as_str()
            ),
            (Some(s), None) => short(s),
            (None, _) => "(subject not named in this document)".to_owned(),
        };
        writeln!(out, "  {head}")?;
        let items: Vec<&Attachment> = report
            .attachments
            .iter()
            .filter(|a| a.subject.as_deref() == subject)
            .collect();
        for (at, a) in items.iter().enumerate() {
            let branch = if at + 1 == items.len() {
                "└─"
            } else {
                "├─"
            };
            write_attachment(out, style, a, branch, None)?;
        }
    }
    writeln!(out)
}

/// What the other documents checked with this one say hangs off it, gathered under it.
fn write_attached(
    out: &mut impl Write,
    style: &Style,
    report: &Report,
    checked: &[Checked],
) -> io::Result<()> {
    let attached =
        ocilint_core::bundle::attached_to(checked.iter().map(|c| &c.report), &report.digest);
    if attached.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", style.paint("1", "Hanging off it:"))?;
    write_hanging(
        out,
        style,
        checked,
        &report.digest,
        "",
        &mut vec![report.digest.clone()],
    )?;
    writeln!(out)
}

/// How deep the tree of what hangs off a document goes (referrer chains are short; this bounds
/// a cycle of subjects a bundle of hand-written documents may state).
const DEPTH: usize = 4;

/// What hangs off `digest`, and what hangs off each of those in turn (a signature of an SBOM
/// referrer), as a tree whose lines start with `prefix`.
fn write_hanging(
    out: &mut impl Write,
    style: &Style,
    checked: &[Checked],
    digest: &str,
    prefix: &str,
    seen: &mut Vec<String>,
) -> io::Result<()> {
    let attached = ocilint_core::bundle::attached_to(checked.iter().map(|c| &c.report), digest);
    for (at, (by, a)) in attached.iter().enumerate() {
        let last = at + 1 == attached.len();
        let branch = format!("{prefix}{}", if last { "└─" } else { "├─" });
        write_attachment(out, style, a, &branch, Some(&checked[*by].name))?;
        if let Some(own) = a.digest.as_deref() {
            if seen.len() < DEPTH && !seen.iter().any(|s| s == own) {
                seen.push(own.to_owned());
                let under = format!("{prefix}{}", if last { "   " } else { "│  " });
                write_hanging(out, style, checked, own, &under, seen)?;
                seen.pop();
            }
        }
    }
    Ok(())
}

/// One attachment; `stated_in` names the file that states the link when it is not the one
/// being shown.
fn write_attachment(
    out: &mut impl Write,
    style: &Style,
    a: &Attachment,
    branch: &str,
    stated_in: Option<&str>,
) -> io::Result<()> {
    let mut details = a.details();
    if a.role == Role::Signature {
        details.push(NOT_VERIFIED.to_owned());
    }
    let status = match a.status {
        LinkStatus::Linked => String::new(),
        LinkStatus::Elsewhere => format!(
            " {}",
            style.paint("2", "(subject not among the documents checked)")
        ),
        LinkStatus::Dangling => format!(
            " {}",
            style.paint("1;33", "DANGLING: what it hangs off is not in this index")
        ),
    };
    let at = match (stated_in, a.pointer.is_empty()) {
        (Some(file), true) => format!("the name {file}"),
        (Some(file), false) => format!("{file} {}", a.pointer),
        (None, true) => "its name".to_owned(),
        (None, false) => a.pointer.clone(),
    };
    writeln!(
        out,
        "    {branch} {} {} ({}) at {at}{status}",
        a.role.as_str(),
        a.digest.as_deref().map(short).unwrap_or_default(),
        details.join("; ")
    )
}

/// The targets' verdicts: every chosen one with `--target`, else those that refuse or warn
/// and one line naming those that accept.
fn write_verdicts(
    out: &mut impl Write,
    style: &Style,
    verdicts: &[TargetVerdict],
    all_targets: bool,
) -> io::Result<()> {
    if verdicts.is_empty() {
        return Ok(());
    }
    let mut accepted = Vec::new();
    writeln!(out, "{}", style.paint("1", "Targets:"))?;
    // With no `--content-type`, every modelled verdict takes the document's own type: said
    // once here, not in each condition (the JSON keeps it on each).
    let once = targets::assumed_by_all(
        verdicts
            .iter()
            .filter(|v| all_targets || v.verdict != Verdict::Accept),
    );
    if let Some(media_type) = once {
        writeln!(
            out,
            "  {}",
            style.paint(
                "2",
                &format!("(no --content-type: the models take it as sent with Content-Type {media_type})")
            )
        )?;
    }
    for v in verdicts {
        if !all_targets && v.verdict == Verdict::Accept {
            accepted.push(format!("{} ({})", v.target, v.operation.as_str()));
            continue;
        }
        let code = match v.verdict {
            Verdict::Reject => "1;31",
            Verdict::Warn => "1;33",
            Verdict::Unknown => "2",
            Verdict::Accept => "1;32",
        };
        // Padded to the longest word, `unknown`, so the targets line up.
        let word = format!("{:<7}", v.verdict.as_str());
        let causes = v.causes();
        // A modelled verdict names the program's step that decided it.
        let step = match (&v.basis, &v.step) {
            (Basis::Model, Some(step)) => format!(" (model: {step})"),
            _ => String::new(),
        };
        writeln!(
            out,
            "  {} {}@{} {}: {}{causes}{step}",
            style.paint(code, &word),
            v.target,
            v.version,
            v.operation.as_str(),
            v.message.as_deref().unwrap_or("accepted")
        )?;
        if let Some(condition) = v.condition_shown(once.is_some()) {
            writeln!(out, "          if {condition}")?;
        }
    }
    if !accepted.is_empty() {
        writeln!(
            out,
            "  {} {}",
            style.paint("1;32", "accept "),
            accepted.join(", ")
        )?;
    }
    writeln!(out)
}

/// `ocilint targets`: each target with its versions and operations.
pub(crate) fn write_targets(out: &mut impl Write) -> io::Result<()> {
    for target in targets::all() {
        let operations: Vec<&str> = target.operations.iter().map(|o| o.as_str()).collect();
        writeln!(
            out,
            "{:<14} {} ({})",
            target.name,
            target.display,
            operations.join(", ")
        )?;
        for (index, version) in target.versions.iter().enumerate() {
            let current = if index == 0 { " (current)" } else { "" };
            let modelled: Vec<&str> = targets::modelled_operations(target.name, version.id)
                .iter()
                .map(|o| o.as_str())
                .collect();
            let modelled = if modelled.is_empty() {
                String::new()
            } else {
                format!(" [modelled from its code: {}]", modelled.join(", "))
            };
            writeln!(
                out,
                "{:<14}   @{}{current}: {}{modelled}",
                "", version.id, version.label
            )?;
        }
        for source in target.sources {
            writeln!(out, "{:<14}   source: {source}", "")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The excerpt found from byte ranges is the one counted from columns, on a one-line
    /// document with characters of every UTF-8 length before, inside and after the values.
    #[test]
    fn byte_ranges_and_columns_show_the_same_excerpt() {
        let entry = r#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":1,"annotations":{"é€𝄞":"ü€𝄞 ünïcödé"},"platform":{"architecture":"AMD64","os":"linux"}}"#;
        let text = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","annotations":{{"x":"{}"}},"manifests":[{}]}}"#,
            "€".repeat(100),
            vec![entry; 40].join(",")
        );
        let report = ocilint_core::check(text.as_bytes(), &Default::default());
        assert!(
            report.diagnostics.len() > 40,
            "{}",
            report.diagnostics.len()
        );
        let by_bytes = Source::new(&text, true);
        let by_columns = Source::new(&text, false);
        for d in &report.diagnostics {
            let [a, b] = [&by_bytes, &by_columns]
                .map(|source| source.excerpt(d).map(|e| (e.from, e.start, e.end, e.to)));
            assert_eq!(a, b, "{} at {}", d.code, d.pointer);
            let (from, start, _, to) = a.expect("an excerpt");
            assert!(text[from..start].chars().count() <= WINDOW);
            assert!(to - from < text.len());
        }
    }
}
