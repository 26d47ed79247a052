//! The rule files read at a glance: each is named for its rule, and its example documents are
//! raw strings (only bytes a reader could not see or that are not UTF-8 stay escaped, marked
//! `bytes:`). It also prints the figures of issue 16, so they are always measured one way:
//! `cargo test -p ocilint-core --test rule_files -- --nocapture`; set `RULE_FILES_DIR` to
//! another tree's `core/src/rules` (an older commit's, say) to measure that one.

use std::fs;
use std::path::{Path, PathBuf};

struct RuleFile {
    path: PathBuf,
    text: String,
}

fn rule_files(dir: &Path) -> Vec<RuleFile> {
    let mut files = Vec::new();
    for group in fs::read_dir(dir).expect("the rules folder") {
        let group = group.expect("entry").path();
        if !group.is_dir() {
            continue;
        }
        for file in fs::read_dir(&group).expect("a rule group") {
            let path = file.expect("entry").path();
            if path.extension().is_some_and(|ext| ext == "rs") {
                let text = fs::read_to_string(&path).expect("a rule file");
                files.push(RuleFile { path, text });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Example documents written as escaped (not raw) literals: a `"` or `b"` not preceded by `r`,
/// `#` or a word character, opening `{\"`, `[{\"`, `[[` or `\x`.
fn escaped_documents(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let start = if i > 0 && bytes[i - 1] == b'b' {
            i - 1
        } else {
            i
        };
        let before_ok = start == 0 || {
            let c = bytes[start - 1];
            !(c == b'#' || c == b'r' || c.is_ascii_alphanumeric() || c == b'_')
        };
        let rest = &bytes[i + 1..];
        let opens_document = [&b"{\\\""[..], b"[{\\\"", b"[[", b"\\x"]
            .iter()
            .any(|p| rest.starts_with(p));
        if before_ok && opens_document {
            count += 1;
            i += 3;
        } else {
            i += 1;
        }
    }
    count
}

/// The rule name a file declares (its first `name: "…"`).
fn declared_name(text: &str) -> Option<&str> {
    let start = text.find("name: \"")? + "name: \"".len();
    let len = text[start..].find('"')?;
    Some(&text[start..start + len])
}

#[test]
fn rule_files_are_named_for_their_rules_and_examples_are_raw() {
    let default_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let dir = std::env::var_os("RULE_FILES_DIR").map_or(default_dir, PathBuf::from);
    let files = rule_files(&dir);
    let lines: usize = files.iter().map(|f| f.text.matches('\n').count()).sum();
    let shared = fs::read_to_string(dir.join("examples.rs")).unwrap_or_default();
    let escaped = files
        .iter()
        .map(|f| escaped_documents(&f.text))
        .sum::<usize>()
        + escaped_documents(&shared);
    let deliberate = files
        .iter()
        .map(|f| f.text.matches("bytes: b\"").count())
        .sum::<usize>();
    let misnamed: Vec<String> = files
        .iter()
        .filter(|f| {
            let stem = f.path.file_stem().unwrap().to_string_lossy();
            declared_name(&f.text).map(|n| n.replace('-', "_")) != Some(stem.into_owned())
        })
        .map(|f| f.path.display().to_string())
        .collect();
    let by_length = |f: &&RuleFile| f.text.matches('\n').count();
    let shortest = files.iter().min_by_key(by_length).expect("rule files");
    let longest = files.iter().max_by_key(by_length).expect("rule files");
    println!("rule files:              {}", files.len());
    println!("lines in rule files:     {lines}");
    println!("escaped example docs:    {escaped} ({deliberate} of them marked `bytes:`)");
    println!("file name != rule name:  {}", misnamed.len());
    for f in [shortest, longest] {
        println!(
            "shortest / longest:      {} lines  {}",
            by_length(&f),
            f.path.display()
        );
    }
    if std::env::var_os("RULE_FILES_DIR").is_some() {
        return; // Measuring another tree: figures only.
    }
    assert!(
        misnamed.is_empty(),
        "not named for their rule: {misnamed:?}"
    );
    assert_eq!(
        escaped, deliberate,
        "an example document is an escaped literal: write it as r#\"…\"#, or mark bytes a \
         reader cannot see or that are not UTF-8 with `bytes:`"
    );
}
