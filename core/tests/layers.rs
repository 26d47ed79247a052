//! Core is a stack whose imports point one way (`ARCHITECTURE.md`). This test reads
//! `core/src/**/*.rs`, gives each file the layer of its top-level module, and fails on any path
//! (`crate::…`, or `super::…` that leaves its top-level module) from a lower layer into a
//! higher one, naming the file and line, and on any import cycle between top-level modules.
//! Comments, strings and `#[cfg(test)]` items are not read: tests may use the whole engine.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The stack, bottom to top. A module may import from its own layer and the layers below.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "base",
        &["json", "text", "encoding", "digest", "blob", "zip"],
    ),
    ("spec", &["spec", "kind", "role"]),
    ("edits", &["fix"]),
    ("transform", &["transform"]),
    ("diagnostic", &["diagnostic"]),
    ("rules", &["rules"]),
    (
        "engine",
        &[
            "check",
            "config",
            "bundle",
            "targets",
            "selection",
            "wire",
            "attachments",
            "image",
        ],
    ),
    ("rewrite", &["rewrite"]),
];

#[test]
fn core_imports_point_down_the_stack() {
    let found = check_layers(&core_sources());
    println!(
        "layers: {} files, {} imports between top-level modules ({} module pairs), {} upward, {} cycles",
        found.files,
        found.imports,
        found.edges.len(),
        found.upward.len(),
        found.cycles.len()
    );
    for (layer, modules) in LAYERS {
        println!("  {layer}: {}", modules.join(", "));
    }
    assert!(found.errors.is_empty(), "{}", found.errors.join("\n"));
    assert!(
        found.upward.is_empty(),
        "imports from a lower layer into a higher one (move the code down, or the caller up):\n{}",
        found.upward.join("\n")
    );
    assert!(
        found.cycles.is_empty(),
        "import cycles between modules: {:?}",
        found.cycles
    );
}

/// Analyse once: outside the JSON parser itself, only `Analysed::new` parses a document, so a
/// check parses each document once and its kind and media type are decided in one place.
#[test]
fn documents_are_parsed_only_by_analysed() {
    let parsers = parse_calls(&core_sources());
    assert_eq!(parsers, ["rules/analysis.rs"], "files that parse documents");
}

/// The files outside `json/` whose non-test code calls `json::parse`.
fn parse_calls(files: &[(String, String)]) -> Vec<String> {
    files
        .iter()
        .filter(|(path, _)| !path.starts_with("json/"))
        .filter(|(_, text)| {
            let (code, _) = without_tests(&blank_comments_and_strings(text));
            code.contains("json::parse(")
        })
        .map(|(path, _)| path.clone())
        .collect()
}

/// Every `core/src/**/*.rs` as (path under `src/`, text), sorted by path.
fn core_sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    read_sources(&src, &src, &mut files);
    files
}

fn read_sources(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("core/src is readable")
        .map(|e| e.expect("a readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_sources(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root).expect("under src");
            let relative = relative.to_string_lossy().replace('\\', "/");
            out.push((relative, fs::read_to_string(&path).expect("UTF-8 source")));
        }
    }
}

#[derive(Debug, Default)]
struct Found {
    files: usize,
    /// Paths that name another top-level module.
    imports: usize,
    /// `file:line: from (layer) -> to (layer): path`.
    upward: Vec<String>,
    /// (importing module, imported module).
    edges: BTreeSet<(String, String)>,
    /// Groups of modules that import each other, directly or not.
    cycles: Vec<Vec<String>>,
    /// Paths this test cannot place (a new top-level module needs its layer here).
    errors: Vec<String>,
}

/// `files` are (path under `src/`, text); `lib.rs` is the crate root, whose `pub use`s say
/// which module a root-level name comes from.
fn check_layers(files: &[(String, String)]) -> Found {
    let layer_of: BTreeMap<&str, usize> = LAYERS
        .iter()
        .enumerate()
        .flat_map(|(at, (_, modules))| modules.iter().map(move |m| (*m, at)))
        .collect();
    let mut found = Found::default();
    let mut test_only = BTreeSet::new();
    let mut cleaned = Vec::new();
    for (path, text) in files {
        let (code, test_modules) = without_tests(&blank_comments_and_strings(text));
        for module in test_modules {
            let dir = module_dir(path);
            test_only.insert(format!("{dir}{module}.rs"));
            test_only.insert(format!("{dir}{module}/mod.rs"));
        }
        cleaned.push((path, code));
    }
    let lib = cleaned
        .iter()
        .find(|(p, _)| p.as_str() == "lib.rs")
        .map(|(_, code)| code.clone())
        .unwrap_or_default();
    // The root only declares and re-exports: code there would belong to no layer.
    for word in [
        "fn",
        "struct",
        "enum",
        "impl",
        "trait",
        "const",
        "static",
        "macro_rules!",
    ] {
        if lib.split_whitespace().any(|w| w == word) {
            found.errors.push(format!(
                "src/lib.rs holds a `{word}`: put it in the module of its layer"
            ));
        }
    }
    let root_names = root_reexports(&lib);
    for (path, code) in &cleaned {
        if test_only.contains(path.as_str()) || path.as_str() == "lib.rs" {
            continue;
        }
        found.files += 1;
        let module = module_path(path);
        let own = module[0].clone();
        let Some(&own_layer) = layer_of.get(own.as_str()) else {
            found
                .errors
                .push(format!("src/{path}: module `{own}` has no layer in LAYERS"));
            continue;
        };
        for (line, segments) in paths(code, &module) {
            let Some(first) = segments.first() else {
                found
                    .errors
                    .push(format!("src/{path}:{line}: `super` past the crate root"));
                continue;
            };
            let target = if layer_of.contains_key(first.as_str()) {
                first.clone()
            } else if let Some(module) = root_names.get(first.as_str()) {
                module.clone()
            } else {
                found.errors.push(format!(
                    "src/{path}:{line}: `crate::{first}` is neither a module in LAYERS nor re-exported by lib.rs"
                ));
                continue;
            };
            if target == own {
                continue;
            }
            found.imports += 1;
            found.edges.insert((own.clone(), target.clone()));
            let target_layer = layer_of[target.as_str()];
            if target_layer > own_layer {
                found.upward.push(format!(
                    "src/{path}:{line}: {own} ({}) -> {target} ({}): {}",
                    LAYERS[own_layer].0,
                    LAYERS[target_layer].0,
                    segments.join("::")
                ));
            }
        }
    }
    found.cycles = cycles(&found.edges);
    found
}

/// The module path of a file: `rules/context.rs` is `rules::context`, `fix/mod.rs` is `fix`.
fn module_path(path: &str) -> Vec<String> {
    let mut segments: Vec<String> = path
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if segments.last().is_some_and(|s| s == "mod") {
        segments.pop();
    }
    segments
}

/// Where the files of a module's child modules are.
fn module_dir(path: &str) -> String {
    match path.strip_suffix("mod.rs") {
        Some(dir) => dir.to_owned(),
        None if path == "lib.rs" => String::new(),
        None => format!("{}/", path.trim_end_matches(".rs")),
    }
}

/// Root-level names and the module they come from, from `pub use module::…` in `lib.rs`.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for statement in lib.split(';') {
        let Some(rest) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let (module, items) = rest.split_once("::").unwrap_or((rest, ""));
        let items = items.trim_start_matches('{').trim_end_matches('}');
        for item in items.split(',') {
            let item = item.trim();
            let name = item.rsplit(" as ").next().unwrap_or(item);
            let name = name.rsplit("::").next().unwrap_or(name).trim();
            if !name.is_empty() {
                names.insert(name.to_owned(), module.trim().to_owned());
            }
        }
    }
    names
}

/// Every path that may leave the module, as (line, segments from the crate root): `crate::a::b`
/// and each item of `crate::{a, b::c}`, and `super::…` resolved against the file's module and
/// the inline modules around it.
fn paths(code: &str, module: &[String]) -> Vec<(usize, Vec<String>)> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut line = 1;
    let mut at = 0;
    while at < bytes.len() {
        let starts_word = at == 0 || !is_ident(bytes[at - 1]) && bytes[at - 1] != b':';
        match bytes[at] {
            b'\n' => line += 1,
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            _ if starts_word && bytes[at..].starts_with(b"mod ") => {
                let name: String = code[at + 4..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let after = code[at + 4 + name.len()..].trim_start();
                if after.starts_with('{') {
                    inline.push((name, depth));
                }
            }
            _ if starts_word && bytes[at..].starts_with(b"crate::") => {
                for tail in path_items(&code[at + "crate::".len()..]) {
                    out.push((line, tail));
                }
            }
            _ if starts_word && bytes[at..].starts_with(b"super::") => {
                let mut ups = 0;
                let mut rest = &code[at..];
                while let Some(after) = rest.strip_prefix("super::") {
                    ups += 1;
                    rest = after;
                }
                let mut here: Vec<String> = module.to_vec();
                here.extend(inline.iter().map(|(name, _)| name.clone()));
                if ups >= here.len() {
                    // Leaves the top-level module: a path from the crate root (or past it).
                    for tail in path_items(rest) {
                        let mut segments: Vec<String> =
                            here[..here.len().saturating_sub(ups)].to_vec();
                        if ups > here.len() {
                            segments.clear();
                            out.push((line, segments));
                            break;
                        }
                        segments.extend(tail);
                        out.push((line, segments));
                    }
                }
                at += code[at..].len() - rest.len();
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    out
}

/// The paths after `crate::`: one, or one per item of a `{…}` group.
fn path_items(rest: &str) -> Vec<Vec<String>> {
    if let Some(group) = rest.strip_prefix('{') {
        let mut items = Vec::new();
        let mut depth = 0;
        let mut item = String::new();
        for c in group.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(std::mem::take(&mut item));
                    continue;
                }
                _ => {}
            }
            item.push(c);
        }
        items.push(item);
        return items
            .iter()
            .filter_map(|item| {
                let first: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                (!first.is_empty() && first != "self").then(|| vec![first])
            })
            .collect();
    }
    let path: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
        .collect();
    vec![path
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()]
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The text with comments, string and character literals replaced by spaces (newlines kept,
/// so lines still count).
fn blank_comments_and_strings(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while at < chars.len() {
        let c = chars[at];
        let next = chars.get(at + 1).copied();
        if c == '/' && next == Some('/') {
            while at < chars.len() && chars[at] != '\n' {
                out.push(' ');
                at += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut nesting = 0;
            while at < chars.len() {
                if chars[at] == '/' && chars.get(at + 1) == Some(&'*') {
                    nesting += 1;
                    out.push_str("  ");
                    at += 2;
                } else if chars[at] == '*' && chars.get(at + 1) == Some(&'/') {
                    nesting -= 1;
                    out.push_str("  ");
                    at += 2;
                    if nesting == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[at]));
                    at += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && (at == 0 || !is_ident(chars[at - 1] as u8))
        {
            // A raw string: r"…", r#"…"#.
            let mut hashes = 0;
            let mut end = at + 1;
            while chars.get(end) == Some(&'#') {
                hashes += 1;
                end += 1;
            }
            if chars.get(end) != Some(&'"') {
                out.push(c);
                at += 1;
                continue;
            }
            let closing: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let body_start = end + 1;
            let rest: String = chars[body_start..].iter().collect();
            let body_len = rest
                .find(&closing)
                .map_or(rest.len(), |i| rest[..i].chars().count());
            let stop = (body_start + body_len + closing.chars().count()).min(chars.len());
            for &c in &chars[at..stop] {
                out.push(blank(c));
            }
            at = stop;
        } else if c == '"' {
            out.push(' ');
            at += 1;
            while at < chars.len() && chars[at] != '"' {
                if chars[at] == '\\' {
                    out.push(' ');
                    at += 1;
                }
                if at < chars.len() {
                    out.push(blank(chars[at]));
                    at += 1;
                }
            }
            out.push(' ');
            at += 1;
        } else if c == '\'' && (chars.get(at + 2) == Some(&'\'') || next == Some('\\')) {
            // A character literal ('{', '\n', '\u{1F600}'), not a lifetime.
            out.push(' ');
            at += 1;
            while at < chars.len() && chars[at] != '\'' {
                if chars[at] == '\\' {
                    out.push(' ');
                    at += 1;
                }
                out.push(' ');
                at += 1;
            }
            out.push(' ');
            at += 1;
        } else {
            out.push(c);
            at += 1;
        }
    }
    out
}

/// The code without its `#[cfg(test)]` (or `#[cfg(all(test, …))]`) items, blanked; and the
/// names of the modules declared that way in another file (`#[cfg(test)] mod tests;`).
fn without_tests(code: &str) -> (String, Vec<String>) {
    let mut out: Vec<char> = code.chars().collect();
    let mut test_modules = Vec::new();
    let mut at = 0;
    while at < out.len() {
        if !starts_with(&out, at, "#[cfg(") {
            at += 1;
            continue;
        }
        let attribute_end = matching(&out, at + 1, '[', ']').unwrap_or(out.len() - 1);
        let attribute: String = out[at..=attribute_end].iter().collect();
        let is_test = attribute
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|word| word == "test");
        if !is_test {
            at = attribute_end + 1;
            continue;
        }
        // The item: past other attributes, to its `;` or the `}` closing its body.
        let mut end = attribute_end + 1;
        loop {
            while end < out.len() && out[end].is_whitespace() {
                end += 1;
            }
            if starts_with(&out, end, "#[") {
                end = matching(&out, end + 1, '[', ']').map_or(out.len(), |e| e + 1);
            } else {
                break;
            }
        }
        let item_start = end;
        let mut depth = 0;
        while end < out.len() {
            match out[end] {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ';' if depth == 0 => break,
                _ => {}
            }
            end += 1;
        }
        let item: String = out[item_start..end.min(out.len())].iter().collect();
        let words: Vec<&str> = item.split_whitespace().collect();
        if let Some(position) = words.iter().position(|w| *w == "mod") {
            if let Some(name) = words.get(position + 1) {
                if !item.contains('{') {
                    test_modules.push(name.trim_end_matches(';').to_owned());
                }
            }
        }
        let last = end.min(out.len() - 1);
        for c in &mut out[at..=last] {
            if *c != '\n' {
                *c = ' ';
            }
        }
        at = end + 1;
    }
    (out.into_iter().collect(), test_modules)
}

fn starts_with(chars: &[char], at: usize, prefix: &str) -> bool {
    prefix
        .chars()
        .enumerate()
        .all(|(i, c)| chars.get(at + i) == Some(&c))
}

/// The position of the bracket closing the one at `open_at`.
fn matching(chars: &[char], open_at: usize, open: char, close: char) -> Option<usize> {
    let mut depth = 0;
    for (i, &c) in chars.iter().enumerate().skip(open_at) {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The strongly connected groups of two or more modules.
fn cycles(edges: &BTreeSet<(String, String)>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
    let reaches = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            for (a, b) in edges {
                if a == node && seen.insert(b) {
                    stack.push(b);
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<&String>> =
        nodes.iter().map(|n| (*n, reaches(n))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for node in &nodes {
        let group: Vec<String> = nodes
            .iter()
            .filter(|other| reach[node].contains(*other) && reach[*other].contains(node))
            .map(|n| (*n).clone())
            .collect();
        if group.len() > 1 && !groups.contains(&group) {
            groups.push(group);
        }
    }
    groups
}

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
        .collect()
}

const LIB: &str = "pub mod fix;\npub mod rules;\npub use check::{check, CheckOptions};\n";

#[test]
fn the_checker_names_an_upward_import_by_file_and_line() {
    let found = check_layers(&files(&[
        ("lib.rs", LIB),
        (
            "fix/mod.rs",
            "//! Edits.\n\nuse crate::text::TextRange;\nuse crate::rules::{self, Context};\n",
        ),
        ("rules/mod.rs", "use crate::fix::RawEdit;\n"),
    ]));
    assert!(found.errors.is_empty(), "{:?}", found.errors);
    assert_eq!(
        found.upward,
        ["src/fix/mod.rs:4: fix (edits) -> rules (rules): rules"]
    );
    assert_eq!(found.cycles, [["fix", "rules"]]);
}

#[test]
fn the_checker_follows_super_and_root_names_and_skips_comments_strings_and_tests() {
    let found = check_layers(&files(&[
        ("lib.rs", LIB),
        (
            "kind.rs",
            "// crate::rewrite in a comment\nconst S: &str = \"crate::rewrite\";\n\
             #[cfg(test)]\nmod tests {\n    use crate::check;\n}\n",
        ),
        (
            "diagnostic/fix.rs",
            "use super::FixSafety;\nfn f() { super::super::check(b\"\", &Default::default()); }\n",
        ),
        ("json/mod.rs", "#[cfg(test)]\nmod tests;\n"),
        ("json/tests.rs", "use crate::check;\n"),
    ]));
    assert!(found.errors.is_empty(), "{:?}", found.errors);
    assert_eq!(
        found.upward,
        ["src/diagnostic/fix.rs:2: diagnostic (diagnostic) -> check (engine): check"]
    );
}

#[test]
fn parse_calls_outside_tests_are_found() {
    let found = parse_calls(&files(&[
        ("rules/analysis.rs", "let parsed = json::parse(bytes);\n"),
        (
            "rewrite/mod.rs",
            "let parsed = crate::json::parse(bytes);\n",
        ),
        (
            "fix/edit.rs",
            "#[cfg(test)]\nmod tests {\n    fn t() { json::parse(b\"{}\"); }\n}\n",
        ),
    ]));
    assert_eq!(found, ["rules/analysis.rs", "rewrite/mod.rs"]);
}

#[test]
fn the_checker_refuses_a_module_without_a_layer() {
    let found = check_layers(&files(&[("lib.rs", LIB), ("web.rs", "use crate::fix;\n")]));
    assert_eq!(
        found.errors,
        ["src/web.rs: module `web` has no layer in LAYERS"]
    );
}
