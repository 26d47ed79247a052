//! `ocilint rules` (the catalogue) and `ocilint explain CODE` (one rule's page).

use std::io::{self, Write};
use std::process::ExitCode;

use ocilint_core::check::docs;
use ocilint_core::rules::{self, RuleMeta, SpecVersions};
use ocilint_core::selection;
use ocilint_core::{FixAvailability, Severity};
use serde::Serialize;

/// One rule in `ocilint rules --format json`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Listed {
    code: &'static str,
    name: &'static str,
    group: &'static str,
    severity: Severity,
    /// The riskiest fix it offers: `none`, `safe`, `unsafe` or `display-only`.
    fix: &'static str,
    summary: &'static str,
    url: &'static str,
    /// Whether it offers fixes: `never`, `sometimes` or `always`.
    fix_availability: FixAvailability,
    /// The ocilint version that introduced it.
    since: &'static str,
    /// `"all"`, or the specification versions it applies to.
    spec_versions: SpecVersions,
}

impl Listed {
    fn new(group: &'static str, meta: &'static RuleMeta) -> Self {
        Listed {
            code: meta.code,
            name: meta.name,
            group,
            severity: meta.severity,
            fix: meta.fix.as_str(),
            summary: meta.summary,
            url: meta.url,
            fix_availability: meta.fix.availability(),
            since: meta.since,
            spec_versions: meta.spec_versions,
        }
    }
}

pub(crate) fn list(json: bool) -> ExitCode {
    let mut out = io::stdout().lock();
    let written = if json {
        let listed: Vec<Listed> = rules::all()
            .map(|(group, rule)| Listed::new(group, &rule.meta))
            .collect();
        serde_json::to_writer_pretty(&mut out, &listed)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        write_human(&mut out)
    };
    finish(written.and_then(|()| out.flush()))
}

fn write_human(out: &mut impl Write) -> io::Result<()> {
    for (group, rule) in rules::all() {
        let m = &rule.meta;
        writeln!(
            out,
            "{:<8} {:<18} {:<8} {:<13} {:<40} {}",
            m.code,
            group,
            m.severity.as_str(),
            format!("fix: {}", m.fix.as_str()),
            m.name,
            m.summary
        )?;
    }
    for reserved in selection::RESERVED {
        let moved = reserved
            .moved_to
            .map(|to| format!("; now {to}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{:<8} removed ({}{moved})",
            reserved.code, reserved.name
        )?;
    }
    Ok(())
}

/// The page of the rule with this code or name; a removed rule's code says where its check went.
pub(crate) fn explain(query: &str) -> ExitCode {
    let query = query.trim();
    let found = rules::all()
        .find(|(_, rule)| rule.meta.code.eq_ignore_ascii_case(query) || rule.meta.name == query);
    let mut out = io::stdout().lock();
    let written = match (found, selection::reserved(query)) {
        (Some((group, rule)), _) => out.write_all(docs::markdown(group, rule).as_bytes()),
        (None, Some(reserved)) => {
            let moved = match reserved.moved_to {
                Some(to) => format!(" Its check is now {to}: run `ocilint explain {to}`."),
                None => String::new(),
            };
            writeln!(
                out,
                "# {} `{}` (removed)\n\nThis rule was removed; its code stays reserved and is never reused.{moved}\n\n{}",
                reserved.code, reserved.name, reserved.note
            )
        }
        (None, None) => {
            let upper = query.to_ascii_uppercase();
            let hint = selection::closest(&upper, rules::all().map(|(_, r)| r.meta.code))
                .or_else(|| selection::closest(query, rules::all().map(|(_, r)| r.meta.name)))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            eprintln!("ocilint: unknown rule `{query}`{hint}; `ocilint rules` lists them");
            return ExitCode::from(2);
        }
    };
    finish(written.and_then(|()| out.flush()))
}

fn finish(written: io::Result<()>) -> ExitCode {
    match written {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("ocilint: cannot write: {error}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}
