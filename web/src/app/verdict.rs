//! The verdict first: what a user who pasted a document wants to read before anything else is
//! who refuses it and in which words, then how many errors it has. The page's summary line,
//! its targets table, its bundle tabs and the widget all read the report through these.

use ocilint_core::targets::{Basis, TargetVerdict, Verdict};
use ocilint_core::{Report, Severity};

/// How a document fares, worst last (so `max` is the worst).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Health {
    Good,
    Warn,
    Bad,
}

impl Health {
    /// The CSS class the page and the widget colour it with.
    pub(crate) fn class(self) -> &'static str {
        match self {
            Health::Good => "good",
            Health::Warn => "warn",
            Health::Bad => "bad",
        }
    }
}

/// How many of the report's diagnostics are of this severity.
pub(crate) fn count(report: &Report, severity: Severity) -> usize {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

pub(crate) use ocilint_core::text::plural;

/// The targets that refuse the document.
pub(crate) fn refusals(report: &Report) -> Vec<&TargetVerdict> {
    report
        .targets
        .iter()
        .filter(|t| t.verdict == Verdict::Reject)
        .collect()
}

/// Bad: an error or a refusal; warn: a warning or a caveat; else good.
pub(crate) fn health(report: &Report) -> Health {
    let verdicts = |v: Verdict| report.targets.iter().any(|t| t.verdict == v);
    if count(report, Severity::Error) > 0 || verdicts(Verdict::Reject) {
        Health::Bad
    } else if count(report, Severity::Warning) > 0 || verdicts(Verdict::Warn) {
        Health::Warn
    } else {
        Health::Good
    }
}

/// `podman 4.3`: a target as the summary names it.
pub(crate) fn target_name(verdict: &TargetVerdict) -> String {
    format!("{} {}", verdict.target, verdict.version)
}

/// The order of the targets table: refusals, then caveats, then the unknown, then accepts.
pub(crate) fn rank(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Reject => 0,
        Verdict::Warn => 1,
        Verdict::Unknown => 2,
        Verdict::Accept => 3,
    }
}

/// The verdicts, refusals first (each group keeps the report's order).
pub(crate) fn by_rank(report: &Report) -> Vec<&TargetVerdict> {
    let mut sorted: Vec<&TargetVerdict> = report.targets.iter().collect();
    sorted.sort_by_key(|t| rank(t.verdict));
    sorted
}

/// An accept that says nothing: no message, no cause, no condition (beyond the assumed
/// `Content-Type` when that is said once, `assumption_said`). Such rows fold into one line (a
/// conditional accept keeps its own row, so its condition is read).
pub(crate) fn is_silent_accept(verdict: &TargetVerdict, assumption_said: bool) -> bool {
    verdict.verdict == Verdict::Accept
        && verdict.message.is_none()
        && verdict.codes.is_empty()
        && verdict.condition_shown(assumption_said).is_none()
}

/// `Holds if …`: what the verdict rests on beyond the bytes, shown under its message; without
/// the assumed `Content-Type` when that is said once (`assumption_said`).
pub(crate) fn condition_line(verdict: &TargetVerdict, assumption_said: bool) -> Option<String> {
    verdict
        .condition_shown(assumption_said)
        .map(|condition| format!("Holds if {condition}"))
}

/// Where the verdict comes from, as a small note: `modelled from podman's code: step decode`,
/// `from reports`, `measured by running it`.
pub(crate) fn basis_note(verdict: &TargetVerdict) -> String {
    match (verdict.basis, &verdict.step) {
        (Basis::Model, Some(step)) => {
            format!("modelled from {}'s code: step {step}", verdict.target)
        }
        (Basis::Model, None) => format!("modelled from {}'s code", verdict.target),
        (Basis::Report, _) => "from reports".to_owned(),
        (Basis::Measured, _) => "measured by running it".to_owned(),
    }
}

/// ` — holds if …` for a verdict that holds only on a condition, so a summary never reads it as
/// unconditional; nothing otherwise.
fn if_condition(verdict: &TargetVerdict) -> String {
    verdict
        .condition
        .as_ref()
        .map(|condition| format!(" — holds if {condition}"))
        .unwrap_or_default()
}

/// The summary's headline: the first refusal in the program's own words, else the errors,
/// else the good news. Backticks in it are the core's inline code. A refusal that holds only
/// on a condition says so after its words (for the plain text of a bundle's tabs).
pub(crate) fn headline(report: &Report) -> String {
    composed_headline(report, true)
}

/// The headline as the page and the widget show it: its words, then (quieter, on a line of its
/// own) `Holds if …` when the refusal it names holds only on a condition.
pub(crate) fn headline_parts(report: &Report) -> (String, Option<String>) {
    let condition = refusals(report)
        .first()
        .and_then(|t| condition_line(t, false));
    (composed_headline(report, false), condition)
}

fn composed_headline(report: &Report, with_condition: bool) -> String {
    let refused = refusals(report);
    if let Some(first) = refused.first() {
        let words = first
            .message
            .clone()
            .unwrap_or_else(|| "refused (no message known)".to_owned());
        let mut line = format!(
            "Refused by {} ({}): {words}{}",
            target_name(first),
            first.operation.as_str(),
            if with_condition {
                if_condition(first)
            } else {
                String::new()
            }
        );
        if refused.len() > 1 {
            let others: Vec<String> = refused[1..]
                .iter()
                .map(|t| {
                    let conditional = if t.condition.is_some() {
                        " (on a condition)"
                    } else {
                        ""
                    };
                    format!("{}{conditional}", target_name(t))
                })
                .collect();
            line.push_str(&format!(" · also refused by {}", others.join(", ")));
        }
        return line;
    }
    if count(report, Severity::Error) > 0 {
        return counted_with_first(report, Severity::Error, "error");
    }
    if report.targets.is_empty() {
        "No errors".to_owned()
    } else {
        format!(
            "No errors; none of the {} targets checked refuses it",
            report.targets.len()
        )
    }
}

/// `2 errors: <the first one's message>`.
fn counted_with_first(report: &Report, severity: Severity, word: &str) -> String {
    let first = report
        .diagnostics
        .iter()
        .find(|d| d.severity == severity)
        .map(|d| format!(": {}", d.message))
        .unwrap_or_default();
    format!("{}{first}", plural(count(report, severity), word))
}

/// What is wrong with a document, for a parent's summary: its headline when it is refused or
/// has errors, else its first caveat or warning.
pub(crate) fn concern(report: &Report) -> String {
    if health(report) == Health::Bad {
        return headline(report);
    }
    if let Some(caveat) = report.targets.iter().find(|t| t.verdict == Verdict::Warn) {
        return format!(
            "Accepted with a caveat by {} ({}): {}{}",
            target_name(caveat),
            caveat.operation.as_str(),
            caveat.message.as_deref().unwrap_or("no message known"),
            if_condition(caveat)
        );
    }
    counted_with_first(report, Severity::Warning, "warning")
}

/// The few words a screen reader hears after each check: counts only.
pub(crate) fn short_status(report: &Report) -> String {
    let mut parts = vec![
        plural(count(report, Severity::Error), "error"),
        plural(count(report, Severity::Warning), "warning"),
    ];
    let refused = refusals(report).len();
    if refused > 0 {
        parts.push(plural(refused, "refusal"));
    }
    format!("Checked: {}", parts.join(", "))
}
