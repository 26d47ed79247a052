//! The metadata placement bundles (`tests/fixtures/metadata/<case>/*.json`): each case is
//! checked as one bundle, then fixed with the safe fixes, and both are snapshot-tested, so
//! what the MET rules say (and GHCR's verdict), and how a child's new digest cascades into its parents is reviewed.
//! A case named `valid-*` must draw no MET diagnostic; every other case must draw one and be
//! clean of them once fixed.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use ocilint_core::bundle::{check_bundle, BundleInput};
use ocilint_core::rewrite::{self, Input, Request};
use ocilint_core::targets::Verdict;
use ocilint_core::CheckOptions;

fn metadata_codes(inputs: &[(String, Vec<u8>)]) -> Vec<String> {
    let bundle: Vec<BundleInput<'_>> = inputs
        .iter()
        .map(|(name, bytes)| BundleInput { name, bytes })
        .collect();
    check_bundle(&bundle, &CheckOptions::default())
        .iter()
        .zip(inputs)
        .flat_map(|(report, (name, _))| {
            report
                .diagnostics
                .iter()
                .filter(|d| d.code.starts_with("MET"))
                .map(move |d| format!("{name}: {} [{}] {}", d.code, d.pointer, d.message))
                // And what GHCR, which reads this metadata, makes of it.
                .chain(
                    report
                        .targets
                        .iter()
                        .filter(|t| t.target == "ghcr" && t.verdict != Verdict::Accept)
                        .map(move |t| format!("{name}: ghcr {}{}", t.verdict.as_str(), t.causes())),
                )
        })
        .collect()
}

fn render(inputs: &[(String, Vec<u8>)]) -> String {
    let mut out = String::from("check --bundle:\n");
    for line in metadata_codes(inputs) {
        let _ = writeln!(out, "  {line}");
    }
    let request = Request::Fix {
        include_unsafe: false,
        only: Vec::new(),
        platform: None,
        at: None,
    };
    let rewrite_inputs: Vec<Input> = inputs
        .iter()
        .map(|(name, bytes)| Input {
            name: name.clone(),
            bytes: bytes.clone(),
            content_type: None,
        })
        .collect();
    let report = rewrite::rewrite(&rewrite_inputs, &request);
    out.push_str("fix:\n");
    for applied in &report.applied {
        let _ = writeln!(
            out,
            "  {}: applied {} at {}: {}",
            applied.input, applied.code, applied.pointer, applied.title
        );
    }
    for reference in &report.references {
        let _ = writeln!(
            out,
            "  {}: {} -> {} ({} bytes), updated in {:?}",
            reference.input, reference.from, reference.to, reference.size, reference.updated
        );
    }
    for output in &report.outputs {
        let _ = writeln!(
            out,
            "--- {} ({})\n{}",
            output.input, output.name, output.bytes
        );
    }
    out
}

#[test]
fn metadata_bundles_are_fixed_and_cascade() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/metadata");
    let mut cases: Vec<_> = fs::read_dir(&root)
        .expect("tests/fixtures/metadata")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no metadata cases");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<_> = fs::read_dir(&case)
            .expect("a case folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let inputs: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    fs::read(p).expect("a fixture"),
                )
            })
            .collect();
        let found = metadata_codes(&inputs);
        if name.starts_with("valid-") {
            assert!(found.is_empty(), "{name}: {found:#?}");
        } else {
            assert!(!found.is_empty(), "{name}: no MET diagnostic");
            // Once fixed (outputs in place of their inputs), nothing is left to say.
            let report = rewrite::rewrite(
                &inputs
                    .iter()
                    .map(|(n, b)| Input {
                        name: n.clone(),
                        bytes: b.clone(),
                        content_type: None,
                    })
                    .collect::<Vec<_>>(),
                &Request::Fix {
                    include_unsafe: false,
                    only: Vec::new(),
                    platform: None,
                    at: None,
                },
            );
            // A parent updated twice in the cascade (a manifest rewritten, then again for its
            // rewritten config) is named once, in whatever order the files are given (parents
            // first is how people list them, and how the cascade meets a child twice).
            let parents_first: Vec<Input> = inputs
                .iter()
                .rev()
                .map(|(n, b)| Input {
                    name: n.clone(),
                    bytes: b.clone(),
                    content_type: None,
                })
                .collect();
            let reordered = rewrite::rewrite(
                &parents_first,
                &Request::Fix {
                    include_unsafe: false,
                    only: Vec::new(),
                    platform: None,
                    at: None,
                },
            );
            for reference in report.references.iter().chain(&reordered.references) {
                let mut once = reference.updated.clone();
                once.sort();
                once.dedup();
                assert_eq!(
                    once.len(),
                    reference.updated.len(),
                    "{name}: {} names a parent twice: {:?}",
                    reference.input,
                    reference.updated
                );
            }
            let fixed: Vec<(String, Vec<u8>)> = inputs
                .iter()
                .map(|(n, b)| {
                    let bytes = report
                        .outputs
                        .iter()
                        .find(|o| &o.input == n)
                        .map_or_else(|| b.clone(), |o| o.bytes.clone().into_bytes());
                    (n.clone(), bytes)
                })
                .collect();
            let left = metadata_codes(&fixed);
            assert!(left.is_empty(), "{name}: left after the fix: {left:#?}");
        }
        insta::assert_snapshot!(format!("metadata__{name}"), render(&inputs));
    }
}
