//! The spec target per image-spec version: each document of `tests/fixtures/spec-versions/`
//! (named for the version whose change it shows) is judged by `spec@1.1.0`, `spec@1.1.1`,
//! `spec@main` and `spec@1.1` (the alias of main), and the verdicts are snapshot-tested, so
//! what a change of the spec does to a user's document is reviewed. `docs/spec-versions.md`
//! lists the changes.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use ocilint_core::targets::{Selection, Verdict};
use ocilint_core::{check, CheckOptions};

const VERSIONS: [&str; 4] = ["1.1.0", "1.1.1", "main", "1.1"];

#[test]
fn each_spec_version_judges_by_its_own_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/spec-versions");
    let mut files: Vec<_> = fs::read_dir(&root)
        .expect("tests/fixtures/spec-versions")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let options = CheckOptions {
        targets: VERSIONS
            .iter()
            .map(|v| Selection::parse(&format!("spec@{v}")).expect("a spec version"))
            .collect(),
        ..Default::default()
    };
    let mut out = String::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let report = check(&fs::read(&file).expect("a fixture"), &options);
        let codes: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.severity.as_str(), d.code))
            .collect();
        let _ = writeln!(out, "{name}: {}", codes.join(", "));
        let verdict = |id: &str| {
            report
                .targets
                .iter()
                .find(|t| t.target == "spec" && t.version == id)
                .expect("a verdict per version")
        };
        for id in VERSIONS {
            let v = verdict(id);
            let _ = writeln!(
                out,
                "  spec@{id}: {}{}",
                v.verdict.as_str(),
                v.message
                    .as_deref()
                    .map(|m| format!(": {m}"))
                    .unwrap_or_default()
                    + &v.causes()
            );
        }
        // The alias judges as main always did.
        assert_eq!(verdict("1.1").verdict, verdict("main").verdict, "{name}");
        // A change named for a version shows in that version's verdict and not before.
        if let Some(rest) = name.strip_prefix("main-") {
            assert_eq!(verdict("main").verdict, Verdict::Reject, "{rest}");
            assert_eq!(verdict("1.1.1").verdict, Verdict::Accept, "{rest}");
        }
    }
    insta::assert_snapshot!("spec_versions", out);
}
