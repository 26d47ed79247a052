//! The web page's own build steps, around `trunk`:
//!
//! - before: the editor bundle (CodeMirror 6, pinned in `static/editor/package-lock.json`,
//!   installed by `setup` with `npm ci` only when the lock file changed, bundled by esbuild) and the rule
//!   pages (HTML from `docs/rules/*.md`, which core generates), both into `target/page/`, which
//!   `static/index.html` copies in;
//! - after a release build: the service worker `sw.js` with the build's own file list, so the
//!   page works offline after one visit, and the size of every file, raw and gzipped.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::cmd::{fail, Cmd, Result};
use crate::setup::{self, editor_dir, Toolchain};

fn out_dir(root: &Path) -> PathBuf {
    root.join("target").join("page")
}

/// Builds what `static/index.html` copies from `target/page/`: the editor bundle and the rule
/// pages.
pub(crate) fn prepare(root: &Path) -> Result<()> {
    let out = out_dir(root);
    fs::create_dir_all(out.join("rules"))
        .or_else(|e| fail(format!("cannot create {}: {e}", out.display())))?;
    let dir = editor_dir(root);
    Cmd::new(dir.join("node_modules").join(".bin").join("esbuild"))
        .args([
            "editor.js",
            "--bundle",
            "--minify",
            "--format=iife",
            "--target=es2020",
            "--log-level=warning",
        ])
        .arg(format!("--outfile={}", out.join("editor.js").display()))
        .dir(&dir)
        .run()?;
    write_rule_pages(root, &out.join("rules"))
}

/// `cargo xtask build`: the release build of the page in `target/dist`, ready to serve.
pub(crate) fn release_build(root: &Path) -> Result<()> {
    let toolchain = setup::ensure(
        root,
        setup::Needs {
            wasm: true,
            browser: false,
            fuzz: false,
        },
    )?;
    let dist = root.join("target").join("dist");
    prepare(root)?;
    trunk_release(&toolchain, &dist).dir(root).run()?;
    finish(root, &dist)
}

/// Trunk's release build of the page into `dist`, with the `web` profile (optimised for size);
/// `cargo xtask build` and `cargo xtask test` build the same page.
pub(crate) fn trunk_release(toolchain: &Toolchain, dist: &Path) -> Cmd {
    toolchain
        .wasm_cmd("trunk")
        .args([
            "build",
            "--release",
            "--cargo-profile",
            "web",
            "--offline",
            "--dist",
        ])
        .arg(dist)
}

/// After `trunk build`: the service worker and the size report.
pub(crate) fn finish(root: &Path, dist: &Path) -> Result<()> {
    let mut files = Vec::new();
    list_files(dist, dist, &mut files)
        .or_else(|e| fail(format!("cannot list {}: {e}", dist.display())))?;
    files.retain(|f| f != "sw.js");
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in &files {
        file.hash(&mut hasher);
        fs::read(dist.join(file))
            .unwrap_or_default()
            .hash(&mut hasher);
    }
    let version = format!("{:016x}", hasher.finish());
    let mut list: Vec<String> = vec!["./".into()];
    list.extend(files.iter().map(|f| format!("./{f}")));
    let template = fs::read_to_string(root.join("static").join("service-worker.js"))
        .or_else(|e| fail(format!("cannot read static/service-worker.js: {e}")))?;
    let quoted: Vec<String> = list.iter().map(|f| format!("{f:?}")).collect();
    let worker = template
        .replace("__VERSION__", &version)
        .replace("__FILES__", &format!("[{}]", quoted.join(", ")));
    fs::write(dist.join("sw.js"), worker).or_else(|e| fail(format!("cannot write sw.js: {e}")))?;
    eprintln!(
        "page: sw.js caches {} files (version {version})",
        list.len()
    );
    report_sizes(dist, &files)
}

/// The issue's budget for everything fetched before the first diagnostic, in KB of gzip.
const FIRST_LOAD_BUDGET_KB: usize = 300;

/// When the page fetches a file of the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Before its first diagnostic: the page, its style, the shell and its worker with the
    /// first wasm (the parse and the rules). This is what the budget counts.
    First,
    /// When the browser is idle after the first diagnostic: the app and its snippets, its
    /// worker with the whole engine, and the editor.
    Idle,
    /// Later or on demand: rule pages, the icon, whole images' workers.
    Later,
}

fn part(file: &str) -> Part {
    match file {
        "index.html"
        | "style.css"
        | "shell.js"
        | "first-worker.js"
        | "ocilint-first.js"
        | "ocilint-first_bg.wasm" => Part::First,
        "editor.js"
        | "boot.js"
        | "ocilint-app.js"
        | "ocilint-app_bg.wasm"
        | "worker.js"
        | "ocilint-worker.js"
        | "ocilint-worker_bg.wasm" => Part::Idle,
        _ if file.starts_with("snippets/ocilint-web-") => Part::Idle,
        _ => Part::Later,
    }
}

fn within_budget(first_load_gzip: usize) -> bool {
    first_load_gzip.div_ceil(1000) <= FIRST_LOAD_BUDGET_KB
}

/// The budget's line: within it, or over it by how much.
fn budget_line(first_load_gzip: usize) -> String {
    let kb = first_load_gzip.div_ceil(1000);
    if within_budget(first_load_gzip) {
        format!("first load {kb} KB gzip: within the {FIRST_LOAD_BUDGET_KB} KB budget")
    } else {
        format!(
            "first load {kb} KB gzip: over the {FIRST_LOAD_BUDGET_KB} KB budget by {} KB",
            kb - FIRST_LOAD_BUDGET_KB
        )
    }
}

/// Prints the raw and gzip size of each file the page fetches before its first diagnostic and
/// of each it loads when idle after it, the totals, and what comes later; writes the same to
/// target/page/sizes.txt. The build fails when the first load is over [`FIRST_LOAD_BUDGET_KB`].
fn report_sizes(dist: &Path, files: &[String]) -> Result<()> {
    let width = files.iter().map(String::len).max().unwrap_or(0).max(30);
    let mut sized: Vec<(&str, Part, usize, usize)> = Vec::new();
    for name in files {
        let Ok(bytes) = fs::read(dist.join(name)) else {
            continue;
        };
        sized.push((
            name,
            part(name),
            bytes.len(),
            gzip_size(&bytes).unwrap_or(0),
        ));
    }
    let mut report = String::new();
    let mut first_gzip = 0;
    for (heading, wanted, total) in [
        (
            "before the first diagnostic",
            Part::First,
            "first load, in all",
        ),
        (
            "when idle, after the first diagnostic",
            Part::Idle,
            "when idle, in all",
        ),
    ] {
        report.push_str(&format!("{heading:<width$}   raw bytes   gzip -9\n"));
        let (mut raw_total, mut gzip_total) = (0, 0);
        for (name, _, raw, gzipped) in sized.iter().filter(|f| f.1 == wanted) {
            report.push_str(&format!("  {name:<width$} {raw:>11} {gzipped:>9}\n"));
            raw_total += raw;
            gzip_total += gzipped;
        }
        report.push_str(&format!(
            "  {total:<width$} {raw_total:>11} {gzip_total:>9}\n"
        ));
        if wanted == Part::First {
            first_gzip = gzip_total;
        }
    }
    let later: Vec<_> = sized.iter().filter(|f| f.1 == Part::Later).collect();
    report.push_str(&format!(
        "  {:<width$} {:>11} {:>9}\n",
        format!(
            "later or on demand ({} files: rule pages, icon, images)",
            later.len()
        ),
        later.iter().map(|f| f.2).sum::<usize>(),
        later.iter().map(|f| f.3).sum::<usize>()
    ));
    report.push_str(&budget_line(first_gzip));
    report.push('\n');
    eprint!("page: sizes of the release build\n{report}");
    let path = dist.parent().unwrap_or(dist).join("page").join("sizes.txt");
    let _ = fs::create_dir_all(path.parent().unwrap_or(dist));
    let _ = fs::write(path, report);
    if !within_budget(first_gzip) {
        return fail(budget_line(first_gzip));
    }
    Ok(())
}

fn gzip_size(bytes: &[u8]) -> Option<usize> {
    use std::io::Write;
    let mut child = Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    Some(output.stdout.len())
}

fn list_files(base: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list_files(base, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(base) {
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

/// Every `docs/rules/*.md` (generated from core's rules) as an HTML page of the app.
fn write_rule_pages(root: &Path, out: &Path) -> Result<()> {
    let docs = root.join("docs").join("rules");
    let entries =
        fs::read_dir(&docs).or_else(|e| fail(format!("cannot read {}: {e}", docs.display())))?;
    let mut index = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let (Some(stem), Some("md")) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|s| s.to_str()),
        ) else {
            continue;
        };
        let markdown = fs::read_to_string(&path)
            .or_else(|e| fail(format!("cannot read {}: {e}", path.display())))?;
        let name = stem;
        let title = markdown
            .lines()
            .next()
            .unwrap_or(stem)
            .trim_start_matches('#')
            .replace('`', "");
        let page = rule_page(title.trim(), &markdown_to_html(&markdown));
        fs::write(out.join(format!("{name}.html")), page)
            .or_else(|e| fail(format!("cannot write the page of {stem}: {e}")))?;
        let summary = markdown
            .lines()
            .skip(1)
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        index.push(format!(
            "<tr><td><a href=\"{name}.html\">{}</a></td><td>{}</td></tr>\n",
            escape(title.trim()),
            inline(summary)
        ));
    }
    index.sort();
    let body = format!(
        "<h1>Rules</h1>\n<p>Every rule ocilint checks, generated from the rules themselves.</p>\n<table>\n{}</table>\n",
        index.concat()
    );
    fs::write(out.join("index.html"), rule_page("Rules", &body))
        .or_else(|e| fail(format!("cannot write the rules index: {e}")))?;
    eprintln!("page: {} rule pages from docs/rules/", index.len());
    Ok(())
}

fn rule_page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n\
         <meta name=\"color-scheme\" content=\"light dark\" />\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; object-src 'none'; base-uri 'none'\" />\n\
         <title>{} — ocilint rules</title>\n<link rel=\"stylesheet\" href=\"../style.css\" />\n</head>\n\
         <body class=\"rule-page\">\n<nav><a href=\"../\">ocilint</a> · <a href=\"index.html\">all rules</a></nav>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape(title)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The Markdown the rule pages use: headings, paragraphs, tables, fenced code, lists, inline
/// code, `<url>` and `[text](page.md)` links. Everything else is text.
fn markdown_to_html(markdown: &str) -> String {
    let mut html = String::new();
    let mut lines = markdown.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(fence) = line.strip_prefix("```") {
            let mut code = String::new();
            for next in lines.by_ref() {
                if next.starts_with("```") {
                    break;
                }
                code.push_str(next);
                code.push('\n');
            }
            let class = if fence.is_empty() {
                String::new()
            } else {
                format!(" class=\"language-{}\"", escape(fence))
            };
            html.push_str(&format!(
                "<pre><code{class}>{}</code></pre>\n",
                escape(&code)
            ));
        } else if let Some(heading) = line.strip_prefix("## ") {
            html.push_str(&format!("<h2>{}</h2>\n", inline(heading)));
        } else if let Some(heading) = line.strip_prefix("# ") {
            html.push_str(&format!("<h1>{}</h1>\n", inline(heading)));
        } else if line.starts_with('|') {
            let mut rows = vec![line];
            while let Some(next) = lines.next_if(|l| l.starts_with('|')) {
                rows.push(next);
            }
            html.push_str("<table>\n");
            for (index, row) in rows.iter().enumerate() {
                if index == 1 && row.contains("---") {
                    continue;
                }
                let cell = if index == 0 { "th" } else { "td" };
                html.push_str("<tr>");
                for value in split_row(row) {
                    html.push_str(&format!("<{cell}>{}</{cell}>", inline(value.trim())));
                }
                html.push_str("</tr>\n");
            }
            html.push_str("</table>\n");
        } else if line.starts_with("- ") {
            html.push_str("<ul>\n");
            let mut item = Some(line);
            while let Some(text) = item {
                html.push_str(&format!("<li>{}</li>\n", inline(&text[2..])));
                item = lines.next_if(|l| l.starts_with("- "));
            }
            html.push_str("</ul>\n");
        } else if !line.trim().is_empty() {
            let mut paragraph = line.to_owned();
            while let Some(next) = lines.next_if(|l| {
                !l.trim().is_empty()
                    && !l.starts_with('#')
                    && !l.starts_with('|')
                    && !l.starts_with("```")
                    && !l.starts_with("- ")
            }) {
                paragraph.push(' ');
                paragraph.push_str(next);
            }
            html.push_str(&format!("<p>{}</p>\n", inline(&paragraph)));
        }
    }
    html
}

/// Table cells, keeping `\|` inside a cell.
fn split_row(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                if let Some(cell) = cells.last_mut() {
                    cell.push('|');
                }
            }
            '|' => cells.push(String::new()),
            _ => {
                if let Some(cell) = cells.last_mut() {
                    cell.push(c);
                }
            }
        }
    }
    cells
}

fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('`') {
            if let Some(end) = after.find('`') {
                out.push_str(&format!("<code>{}</code>", escape(&after[..end])));
                rest = &after[end + 1..];
                continue;
            }
        }
        if let Some(after) = rest.strip_prefix('<') {
            if let Some(end) = after.find('>') {
                let url = &after[..end];
                if url.starts_with("https://") || url.starts_with("http://") {
                    let url = escape(url);
                    out.push_str(&format!(
                        "<a href=\"{url}\" rel=\"noopener noreferrer\">{url}</a>"
                    ));
                    rest = &after[end + 1..];
                    continue;
                }
            }
        }
        if let Some(after) = rest.strip_prefix('[') {
            if let Some((label, tail)) = after.split_once("](") {
                if let Some(end) = tail.find(')') {
                    let target = tail[..end].replace(".md", ".html");
                    out.push_str(&format!(
                        "<a href=\"{}\">{}</a>",
                        escape(&target),
                        inline(label)
                    ));
                    rest = &tail[end + 1..];
                    continue;
                }
            }
        }
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let next = rest[first..]
            .find(['`', '<', '['])
            .map_or(rest.len(), |i| i + first);
        out.push_str(&escape(&rest[..next]));
        rest = &rest[next..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_load_is_what_comes_before_the_first_diagnostic() {
        for file in ["index.html", "shell.js", "ocilint-first_bg.wasm"] {
            assert_eq!(part(file), Part::First, "{file}");
        }
        for file in [
            "editor.js",
            "ocilint-app_bg.wasm",
            "ocilint-worker_bg.wasm",
            "snippets/ocilint-web-134e4e81871510e7/inline0.js",
        ] {
            assert_eq!(part(file), Part::Idle, "{file}");
        }
        for file in [
            "rules/DSC001.html",
            "favicon.svg",
            "sw.js",
            "ocilint-verify_bg.wasm",
        ] {
            assert_eq!(part(file), Part::Later, "{file}");
        }
    }

    #[test]
    fn the_budget_line_says_by_how_much_it_is_over() {
        assert_eq!(
            budget_line(299_400),
            "first load 300 KB gzip: within the 300 KB budget"
        );
        assert_eq!(
            budget_line(596_000),
            "first load 596 KB gzip: over the 300 KB budget by 296 KB"
        );
    }

    #[test]
    fn rule_markdown_becomes_escaped_html() {
        let html = markdown_to_html(
            "# DSC001 `desc`\n\nEvery `<x>` & <https://example.com/a>.\n\n| a | b |\n| --- | --- |\n| `x\\|y` | [DSC002](DSC002.md) |\n\n```json\n{\"a\": \"<script>\"}\n```\n\n- one\n- two\n",
        );
        assert!(html.contains("<h1>DSC001 <code>desc</code></h1>"), "{html}");
        assert!(
            html.contains(
                "<p>Every <code>&lt;x&gt;</code> &amp; <a href=\"https://example.com/a\""
            ),
            "{html}"
        );
        assert!(
            html.contains("<td><code>x|y</code></td><td><a href=\"DSC002.html\">DSC002</a></td>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<pre><code class=\"language-json\">{&quot;a&quot;: &quot;&lt;script&gt;&quot;}\n</code></pre>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
            "{html}"
        );
        assert!(!html.contains("<script>"));
    }
}
