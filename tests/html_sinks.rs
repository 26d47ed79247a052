//! No document text can become markup: the page's Rust and its own JavaScript use no HTML
//! sink (`set_inner_html`, Yew's `Html::from_html_unchecked` and raw nodes, `innerHTML`,
//! `insertAdjacentHTML`, `document.write`, `eval`, …). Text reaches the DOM as text nodes and
//! attributes only, so a manifest holding `<script>` shows it as characters.
//!
//! The wasm-bindgen glue that wasm-pack and Trunk generate is not in the source tree and is
//! not scanned here.

use std::path::{Path, PathBuf};

use ocilint_tests::repo_root;

const RUST_SINKS: [&str; 7] = [
    "set_inner_html",
    "set_outer_html",
    "insert_adjacent_html",
    "from_html_unchecked",
    "Html::from_html",
    "VRaw",
    "document.write",
];

const JS_SINKS: [&str; 8] = [
    "innerHTML",
    "outerHTML",
    "insertAdjacentHTML",
    "document.write",
    "eval(",
    "new Function(",
    "srcdoc",
    "createContextualFragment",
];

/// `file:line: sink` for each sink found in `text`.
fn sinks_in(file: &Path, text: &str, sinks: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        for sink in sinks {
            if line.contains(sink) {
                found.push(format!("{}:{}: {sink}", file.display(), number + 1));
            }
        }
    }
    found
}

fn files_under(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "node_modules") {
                continue;
            }
            files_under(&path, extensions, out);
        } else if path
            .extension()
            .is_some_and(|e| extensions.iter().any(|x| e == *x))
        {
            out.push(path);
        }
    }
}

#[test]
fn the_page_has_no_html_sink() {
    let root = repo_root();
    let mut rust = Vec::new();
    files_under(&root.join("web/src"), &["rs"], &mut rust);
    let mut scripts = Vec::new();
    files_under(&root.join("web/src"), &["js"], &mut scripts);
    files_under(&root.join("static"), &["js", "html"], &mut scripts);
    assert!(rust.len() > 5 && scripts.len() > 3, "{rust:?} {scripts:?}");
    let mut found = Vec::new();
    for (files, sinks) in [(&rust, &RUST_SINKS[..]), (&scripts, &JS_SINKS[..])] {
        for file in files {
            let text = std::fs::read_to_string(file).expect("source file");
            found.extend(sinks_in(file, &text, sinks));
        }
    }
    assert!(found.is_empty(), "HTML sinks:\n{}", found.join("\n"));
}

#[test]
fn the_scan_finds_a_sink() {
    let found = sinks_in(Path::new("x.js"), "a\nel.innerHTML = text;\n", &JS_SINKS);
    assert_eq!(found, ["x.js:2: innerHTML"]);
}
