//! `check_without_verdicts` (what the page's first part draws before the models arrive) reports
//! what `check` reports, diagnostic for diagnostic, on every rule fixture, and judges no target.

use std::fs;
use std::path::Path;

use ocilint_core::{check, check_without_verdicts, CheckOptions};

fn documents(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("the fixtures folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            documents(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn the_first_part_reports_what_check_reports_without_the_verdicts() {
    let mut paths = Vec::new();
    documents(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut paths,
    );
    assert!(paths.len() > 300, "{} fixtures", paths.len());
    let options = CheckOptions::default();
    for path in paths {
        let bytes = fs::read(&path).expect("a fixture");
        let mut full = check(&bytes, &options);
        let first = check_without_verdicts(&bytes, &options);
        assert!(first.targets.is_empty(), "{}", path.display());
        assert!(!full.targets.is_empty(), "{}", path.display());
        full.targets.clear();
        assert_eq!(first, full, "{}", path.display());
    }
}
