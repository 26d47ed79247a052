//! Per-rule fixture folders: `core/tests/fixtures/<rule-name>/<case>.json`, where `<rule-name>`
//! is a rule's `name`. A case named `invalid-*` must trigger that rule and one named
//! `valid-*` must not; a `<case>.content-type` file beside it gives the media type to validate
//! as. The rendered diagnostics of every case are snapshot-tested, so a change in what a
//! rule says or where it points is reviewed.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use ocilint_core::diagnostic::pointer_label;
use ocilint_core::fix::apply_edits;
use ocilint_core::{check, rules, CheckOptions, Report};

fn render(report: &Report) -> String {
    let mut out = format!(
        "kind: {}\nmediaType: {}\n",
        report.kind.as_str(),
        report.media_type.as_deref().unwrap_or("-")
    );
    // What a document is for, where it follows a known tool's convention.
    if let Some(convention) = report.convention {
        let _ = writeln!(
            out,
            "role: {} ({})",
            report.role.as_str(),
            convention.as_str()
        );
    }
    for d in &report.diagnostics {
        let _ = writeln!(
            out,
            "{}:{} {} {} [{}] {}",
            d.line,
            d.column,
            d.severity.as_str(),
            d.code,
            pointer_label(&d.pointer),
            d.message
        );
        for related in &d.related {
            let _ = writeln!(
                out,
                "    {}:{} note: {}",
                related.line, related.column, related.message
            );
        }
        if let Some(fix) = &d.fix {
            let _ = writeln!(out, "    fix ({:?}): {}", fix.safety, fix.title);
            for edit in &fix.edits {
                let _ = writeln!(
                    out,
                    "      {}..{} {:?}",
                    edit.range.start, edit.range.end, edit.replacement
                );
            }
        }
    }
    out
}

/// Applies each offered fix on its own: the result must still parse as cleanly as the input
/// did, and the diagnostic it fixes must be gone.
fn check_fixes(name: &str, bytes: &[u8], options: &CheckOptions, report: &Report) {
    let parser_issues = |report: &Report| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with("JSON00") && d.code < "JSON008")
            .count()
    };
    for d in &report.diagnostics {
        let Some(fix) = &d.fix else { continue };
        let fixed = apply_edits(bytes, &fix.raw_edits())
            .unwrap_or_else(|error| panic!("{name}: {} fix does not apply: {error}", d.code));
        let after = check(&fixed, options);
        assert!(
            parser_issues(&after) <= parser_issues(report),
            "{name}: the {} fix breaks the JSON:\n{}",
            d.code,
            String::from_utf8_lossy(&fixed)
        );
        assert!(
            !after
                .diagnostics
                .iter()
                .any(|a| a.code == d.code && a.pointer == d.pointer && a.message == d.message),
            "{name}: the {} fix leaves its diagnostic:\n{}",
            d.code,
            String::from_utf8_lossy(&fixed)
        );
    }
}

#[test]
fn fixtures_trigger_their_rule_and_match_their_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut folders: Vec<_> = fs::read_dir(&root)
        .expect("tests/fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let mut cases = 0;
    for folder in folders {
        let rule_name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let rule = rules::all()
            .map(|(_, rule)| rule)
            .find(|rule| rule.meta.name == rule_name)
            .unwrap_or_else(|| panic!("fixtures/{rule_name}: no rule has that name"));
        let mut files: Vec<_> = fs::read_dir(&folder)
            .expect("fixture folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for file in files {
            let case = file.file_stem().unwrap().to_string_lossy().into_owned();
            let bytes = fs::read(&file).expect("fixture");
            let content_type = fs::read_to_string(file.with_extension("content-type"))
                .ok()
                .map(|ct| ct.trim().to_owned());
            let options = CheckOptions {
                content_type,
                ..Default::default()
            };
            let report = check(&bytes, &options);
            check_fixes(&format!("{rule_name}/{case}"), &bytes, &options, &report);
            let fired = report.diagnostics.iter().any(|d| d.code == rule.meta.code);
            if case.starts_with("invalid") {
                assert!(
                    fired,
                    "{rule_name}/{case} does not trigger {}:\n{}",
                    rule.meta.code,
                    render(&report)
                );
            } else if case.starts_with("valid") {
                assert!(
                    !fired,
                    "{rule_name}/{case} triggers {}:\n{}",
                    rule.meta.code,
                    render(&report)
                );
            } else {
                panic!("{rule_name}/{case}: fixture names start with `valid` or `invalid`");
            }
            insta::assert_snapshot!(format!("{rule_name}__{case}"), render(&report));
            cases += 1;
        }
    }
    assert!(cases > 0, "no fixtures found");
}
