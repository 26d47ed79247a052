//! Rule reference pages, generated from the rules themselves: the same text serves the
//! repository's `docs/rules/`, the CLI and the page. Examples are shown with what ocilint
//! says about them, computed, not written by hand.

use std::fmt::Write as _;

use super::{check, CheckOptions};
use crate::diagnostic::pointer_label;
use crate::rules::{self, Rule};

/// The Markdown page of one rule.
pub fn markdown(group: &str, rule: &Rule) -> String {
    let m = &rule.meta;
    let mut out = String::new();
    let _ = writeln!(out, "# {} `{}`\n", m.code, m.name);
    let _ = writeln!(out, "{}\n", m.summary);
    let _ = writeln!(out, "| severity | group | fix | catalogue ids |");
    let _ = writeln!(out, "| --- | --- | --- | --- |");
    let covers: Vec<String> = m.covers.iter().map(|id| format!("`{id}`")).collect();
    let _ = writeln!(
        out,
        "| {} | {group} | {} | {} |\n",
        m.severity.as_str(),
        m.fix.as_str(),
        covers.join(", ")
    );
    // A second table rather than more columns: one of seven overflows a phone's width.
    let _ = writeln!(out, "| fix offered | since | spec versions |");
    let _ = writeln!(out, "| --- | --- | --- |");
    let _ = writeln!(
        out,
        "| {} | {} | {} |\n",
        m.fix.availability().as_str(),
        m.since,
        m.spec_versions.describe()
    );
    let _ = writeln!(out, "## Why\n\n{}\n", m.why);
    let _ = writeln!(out, "## How to fix\n\n{}\n", m.how_to_fix);
    let _ = writeln!(out, "Specification: <{}>\n", m.url);
    let _ = writeln!(out, "## Examples\n");
    for example in m.examples {
        let verdict = if example.valid { "Valid" } else { "Invalid" };
        let _ = write!(out, "{verdict}");
        if let Some(content_type) = example.content_type {
            let _ = write!(out, ", sent as `{content_type}`");
        }
        if example.pad_to > 0 {
            let _ = write!(
                out,
                ", padded with spaces to {} bytes before its last character",
                example.pad_to
            );
        }
        // A fence longer than any run of backticks in the example (INP002's is a fence).
        let text = example.text();
        let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        let _ = writeln!(out, ":\n\n{fence}json\n{text}\n{fence}\n");
        let report = check(
            &example.bytes(),
            &CheckOptions {
                content_type: example.content_type.map(str::to_owned),
                ..Default::default()
            },
        );
        let own: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == m.code)
            .collect();
        if !own.is_empty() {
            let _ = writeln!(out, "ocilint says:\n");
            for d in own {
                let _ = writeln!(
                    out,
                    "- {}:{} {} `{}`: {}",
                    d.line,
                    d.column,
                    d.severity.as_str(),
                    pointer_label(&d.pointer),
                    d.message
                );
            }
            out.push('\n');
        }
    }
    out
}

/// The index page: every rule by group.
pub fn index() -> String {
    let mut out = String::from(
        "# Rules\n\nGenerated from the rules themselves (`core/src/rules/`); do not edit. Each page shows \
         the rule's examples with what ocilint says about them.\n\n",
    );
    let mut current = "";
    for (group, rule) in rules::all() {
        if group != current {
            let _ = writeln!(
                out,
                "\n## {group}\n\n| code | name | severity | summary |\n| --- | --- | --- | --- |"
            );
            current = group;
        }
        let m = &rule.meta;
        let _ = writeln!(
            out,
            "| [{}]({}.md) | `{}` | {} | {} |",
            m.code,
            m.code,
            m.name,
            m.severity.as_str(),
            m.summary.replace('|', "\\|")
        );
    }
    out
}
