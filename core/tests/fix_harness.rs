//! The fix harness: over every rule fixture, every rule example and every seed document,
//! applying the fixes (safe ones, then safe and unsafe ones) must converge, keep the document
//! JSON, clear what it fixed, and leave nothing more to fix on a second run.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use ocilint_core::bundle::{check_bundle, BundleInput};
use ocilint_core::rewrite::{rewrite, Input, Request, RewriteReport};
use ocilint_core::{check, rules, CheckOptions, FixAvailability, FixSafety};

struct Case {
    name: String,
    bytes: Vec<u8>,
    content_type: Option<String>,
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn cases() -> Vec<Case> {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    json_files(&manifest_dir.join("tests/fixtures"), &mut files);
    json_files(&manifest_dir.join("../tests/fixtures/seeds"), &mut files);
    files.sort();
    let mut cases: Vec<Case> = files
        .into_iter()
        .map(|path| Case {
            name: path.display().to_string(),
            bytes: fs::read(&path).expect("fixture"),
            content_type: fs::read_to_string(path.with_extension("content-type"))
                .ok()
                .map(|ct| ct.trim().to_owned()),
        })
        .collect();
    for (_, rule) in rules::all() {
        for (i, example) in rule.meta.examples.iter().enumerate() {
            cases.push(Case {
                name: format!("{} example {i}", rule.meta.code),
                bytes: example.bytes().into_owned(),
                content_type: example.content_type.map(str::to_owned),
            });
        }
    }
    cases
}

fn fix(case: &Case, bytes: &[u8], include_unsafe: bool) -> RewriteReport {
    rewrite(
        &[Input {
            name: case.name.clone(),
            bytes: bytes.to_vec(),
            content_type: case.content_type.clone(),
        }],
        &Request::Fix {
            include_unsafe,
            only: Vec::new(),
            platform: None,
            at: None,
        },
    )
}

#[test]
fn fixes_converge_keep_json_and_clear_what_they_fix() {
    let mut fixed_documents = 0;
    let mut applied_fixes = 0;
    for case in cases() {
        for include_unsafe in [false, true] {
            let report = fix(&case, &case.bytes, include_unsafe);
            let was_json =
                ocilint_core::json::parse(&case.bytes, &ocilint_core::json::Arena::new())
                    .document
                    .root
                    .is_some();
            if !was_json && report.outputs.is_empty() {
                // Not JSON and no paste damage to repair: refused with the parser's reason.
                assert!(report.refused[0].why.contains("not JSON"), "{}", case.name);
                continue;
            }
            if !was_json {
                // Paste damage repaired: what comes out is JSON.
                let output = &report.outputs[0];
                assert!(
                    ocilint_core::json::parse(
                        output.bytes.as_bytes(),
                        &ocilint_core::json::Arena::new()
                    )
                    .document
                    .root
                    .is_some(),
                    "{}: repaired but still not JSON:\n{}",
                    case.name,
                    output.bytes
                );
            }
            assert!(
                report.refused.is_empty(),
                "{}: refused {:?}",
                case.name,
                report.refused
            );
            let Some(output) = report.outputs.iter().find(|o| o.input == case.name) else {
                assert!(
                    report.applied.is_empty(),
                    "{}: applied without output",
                    case.name
                );
                continue;
            };
            fixed_documents += 1;
            applied_fixes += report.applied.len();
            let options = CheckOptions {
                content_type: case.content_type.clone(),
                ..Default::default()
            };
            let before = check(&case.bytes, &options);
            let after = check(output.bytes.as_bytes(), &options);
            assert_eq!(
                output.digest, after.digest,
                "{}: the output's digest is not that of its bytes",
                case.name
            );
            // Still JSON if it was: no new parser diagnostic.
            let parser_codes = |r: &ocilint_core::Report| {
                r.diagnostics
                    .iter()
                    .filter(|d| d.code.starts_with("JSON00") && d.code < "JSON008")
                    .count()
            };
            assert!(
                parser_codes(&after) <= parser_codes(&before),
                "{}: the fixes broke the JSON:\n{}",
                case.name,
                output.bytes
            );
            for applied in &report.applied {
                let count = |r: &ocilint_core::Report| {
                    r.diagnostics
                        .iter()
                        .filter(|d| d.code == applied.code)
                        .count()
                };
                // Once repaired, the document rules can speak, and fix what they find.
                if !was_json && count(&before) == 0 {
                    continue;
                }
                assert!(
                    count(&after) < count(&before),
                    "{}: {} was applied but did not clear anything:\n{}",
                    case.name,
                    applied.code,
                    output.bytes
                );
            }
            // A second run finds nothing more to fix.
            let again = fix(&case, output.bytes.as_bytes(), include_unsafe);
            assert!(
                again.outputs.is_empty() && again.applied.is_empty(),
                "{}: a second run still fixed {:?}",
                case.name,
                again.applied
            );
        }
    }
    assert!(
        fixed_documents > 20,
        "only {fixed_documents} documents were fixed"
    );
    assert!(applied_fixes > 20);
}
/// What a rule declares about its fixes agrees with what its examples, the fixtures and the
/// seeds show (Ruff's check): availability `never` attaches no fix, `always` one to every
/// diagnostic, `sometimes` one somewhere; no fix is riskier than the declared applicability,
/// and none says `none`.
#[test]
fn declared_fixes_are_offered() {
    let cases = cases();
    // Per code: how many diagnostics, and the applicability of each fix they carried.
    let mut seen: HashMap<&str, (usize, Vec<FixSafety>)> = HashMap::new();
    for case in &cases {
        let mut reports = vec![check(
            &case.bytes,
            &CheckOptions {
                content_type: case.content_type.clone(),
                ..Default::default()
            },
        )];
        // A bundle rule's examples are arrays of the bundle's documents.
        let arena = ocilint_core::json::Arena::new();
        let parsed = ocilint_core::json::parse(&case.bytes, &arena);
        if let Some(items) = parsed.document.root.as_ref().and_then(|r| r.items()) {
            let names: Vec<String> = (0..items.len()).map(|i| format!("doc{i}")).collect();
            let inputs: Vec<BundleInput<'_>> = items
                .iter()
                .zip(&names)
                .map(|(item, name)| BundleInput {
                    name,
                    bytes: &case.bytes[item.range.as_usize()],
                })
                .collect();
            reports.extend(check_bundle(&inputs, &CheckOptions::default()));
        }
        for d in reports.into_iter().flat_map(|r| r.diagnostics) {
            let entry = seen.entry(d.code).or_default();
            entry.0 += 1;
            if let Some(fix) = d.fix {
                entry.1.push(fix.safety);
            }
        }
    }
    let mut disagreements = Vec::new();
    for (_, rule) in rules::all() {
        let meta = &rule.meta;
        let (diagnostics, fixes) = seen.get(meta.code).cloned().unwrap_or_default();
        let agrees = match meta.fix.availability() {
            FixAvailability::Never => fixes.is_empty(),
            FixAvailability::Sometimes => !fixes.is_empty(),
            FixAvailability::Always => diagnostics > 0 && fixes.len() == diagnostics,
        };
        if !agrees {
            disagreements.push(format!(
                "{}: declares fixes {:?} but {} of its {diagnostics} diagnostics carry one",
                meta.code,
                meta.fix.availability(),
                fixes.len()
            ));
        }
        if let Some(declared) = meta.fix.applicability() {
            // Display-only fixes are never applied, so any rule may fall back to one.
            let allowed = |s: &FixSafety| match declared {
                FixSafety::Unsafe => true,
                FixSafety::Safe => matches!(s, FixSafety::Safe | FixSafety::DisplayOnly),
                other => *s == other,
            };
            if !fixes.iter().all(allowed) {
                disagreements.push(format!(
                    "{}: declares {declared:?} but offers {fixes:?}",
                    meta.code
                ));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "declarations and behaviour disagree:\n{}",
        disagreements.join("\n")
    );
}
