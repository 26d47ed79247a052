//! The image view: the progress of a verification and its result as a tree, drawn into the
//! element the page gives (`static/images.js` calls these through the verify wasm, which it
//! also loads on the page's own thread). Drawn here rather than by the page's Yew app so that
//! none of it is in the first load: the page holds only the bar that opens an image.
//!
//! Text goes in as text nodes (`textContent`), never as markup.

use std::fmt::Write as _;

use ocilint_core::text::plural;
use ocilint_core::{Diagnostic, Kind, Report};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use crate::verify::{ImageAnswer, ImageNode};

fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// `<tag class=…>text</tag>`.
fn element(tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let element = document()?.create_element(tag)?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    Ok(element)
}

fn add(parent: &Element, child: &impl AsRef<web_sys::Node>) -> Result<(), JsValue> {
    parent.append_child(child.as_ref()).map(|_| ())
}

fn on_click(element: &Element, callback: impl FnMut() + 'static) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut()>::new(callback);
    element.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref())?;
    // Owned by the element's listener from now on; it goes when the element is replaced.
    closure.forget();
    Ok(())
}

fn clear(container: &Element) {
    container.set_text_content(None);
}

pub fn size(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", bytes / (1024.0 * 1024.0))
    } else if bytes >= 1024.0 {
        format!("{:.1} KiB", bytes / 1024.0)
    } else {
        format!("{bytes} B")
    }
}

/// The progress bar: bytes, speed, time left, and the cancel button.
pub fn render_progress(
    container: &Element,
    name: &str,
    read: f64,
    total: f64,
    elapsed_ms: f64,
    verifying: bool,
    on_cancel: js_sys::Function,
) -> Result<(), JsValue> {
    let percent = if total > 0.0 {
        (read / total * 100.0).min(100.0)
    } else {
        0.0
    };
    let speed = if elapsed_ms > 0.0 {
        read / (elapsed_ms / 1000.0)
    } else {
        0.0
    };
    let left = if verifying {
        "checking the chain…".to_owned()
    } else if speed > 0.0 && total > read {
        format!("{:.0} s left", (total - read) / speed)
    } else {
        "—".to_owned()
    };
    let line = format!(
        ": {} of {} ({percent:.0}%) · {}/s · {left}",
        size(read),
        size(total),
        size(speed)
    );
    // The same elements are updated while the bar moves, so the cancel button keeps focus.
    let bar = match container.query_selector("#image-progress")? {
        Some(bar) => bar,
        None => {
            clear(container);
            let status = element("div", "image-progress", "")?;
            status.set_id("image-status");
            status.set_attribute("role", "status")?;
            let text = element("p", "", "")?;
            add(&text, &element("strong", "", &format!("Verifying {name}"))?)?;
            add(&text, &element("span", "image-progress-line", "")?)?;
            add(&status, &text)?;
            let bar = element("progress", "", "")?;
            bar.set_id("image-progress");
            add(&status, &bar)?;
            let cancel = element("button", "secondary small", "Cancel")?;
            cancel.set_id("cancel-image");
            cancel.set_attribute("type", "button")?;
            on_click(&cancel, move || {
                let _ = on_cancel.call0(&JsValue::NULL);
            })?;
            add(&status, &cancel)?;
            add(container, &status)?;
            bar
        }
    };
    bar.set_attribute("max", &total.max(1.0).to_string())?;
    bar.set_attribute("value", &read.to_string())?;
    bar.set_attribute("data-percent", &format!("{percent:.0}"))?;
    if let Some(span) = container.query_selector(".image-progress-line")? {
        span.set_text_content(Some(&line));
    }
    Ok(())
}

/// A one-line note in place of the view (`Stopped verifying …`, a failure).
pub fn render_note(container: &Element, text: &str, alert: bool) -> Result<(), JsValue> {
    clear(container);
    let note = element("p", "notice", text)?;
    note.set_id("image-status");
    note.set_attribute("role", if alert { "alert" } else { "status" })?;
    add(container, &note)?;
    Ok(())
}

/// The verified image: a summary, the button that opens its documents in the editor, and the
/// tree. `on_open(files, tab)` gets `[[name, bytes], …]` and the tab to show (or -1).
pub fn render_answer(
    container: &Element,
    name: &str,
    json: &str,
    bytes: &js_sys::Array,
    on_open: js_sys::Function,
) -> Result<(), JsValue> {
    let answer: ImageAnswer =
        serde_json::from_str(json).map_err(|e| JsValue::from_str(&e.to_string()))?;
    clear(container);
    let problems: usize = answer
        .files
        .iter()
        .map(|f| f.report.diagnostics.len())
        .sum();
    let bad = count(&answer.tree, true) + count(&answer.others, true);
    // The roots (`index.json`, `manifest.json`) are the layout's files, not blobs.
    let blobs = answer
        .tree
        .iter()
        .map(|root| count(&root.children, false))
        .sum::<usize>()
        + count(&answer.others, false);

    // The chain's documents open as one bundle: in the tree's order, each tab named by its
    // place in the chain, then the layout's own files.
    let mut documents: Vec<(usize, String)> = Vec::new();
    tab_names(&answer.tree, &mut documents);
    for (at, file) in answer.files.iter().enumerate() {
        if file.report.kind != Kind::Unknown && !documents.iter().any(|(d, _)| *d == at) {
            let short = file.file.rsplit(['/', '!']).next().unwrap_or(&file.file);
            documents.push((at, short.to_owned()));
        }
    }
    let files = js_sys::Array::new();
    for (at, tab) in &documents {
        let pair = js_sys::Array::new();
        pair.push(&JsValue::from_str(tab));
        pair.push(&bytes.get(*at as u32));
        files.push(&pair);
    }
    let open = move |tab: i32| {
        let _ = on_open.call2(&JsValue::NULL, &files, &JsValue::from(tab));
    };
    let tab_of = |at: usize| {
        documents
            .iter()
            .position(|(d, _)| *d == at)
            .map_or(-1, |t| t as i32)
    };

    let result = element("div", "image-result", "")?;
    result.set_id("image-result");
    let summary = element(
        "p",
        if answer.has_errors {
            "image-summary bad"
        } else {
            "image-summary good"
        },
        "",
    )?;
    summary.set_id("image-status");
    summary.set_attribute("role", "status")?;
    let verdict = if answer.has_errors {
        format!("{name}: problems found")
    } else {
        format!("{name}: verified, clean")
    };
    add(&summary, &element("strong", "", &verdict)?)?;
    add(
        &summary,
        &document()?.create_text_node(&format!(
            " — {bad} of {} in error, {} in the documents. ",
            plural(blobs, "blob"),
            plural(problems, "finding")
        )),
    )?;
    let open_all = element(
        "button",
        "secondary small",
        &format!(
            "Open its {} in the editor",
            plural(documents.len(), "document")
        ),
    )?;
    open_all.set_id("open-image-documents");
    open_all.set_attribute("type", "button")?;
    {
        let open = open.clone();
        on_click(&open_all, move || open(-1))?;
    }
    add(&summary, &open_all)?;
    let close = element("button", "secondary small", "Close")?;
    close.set_attribute("type", "button")?;
    {
        let container = container.clone();
        on_click(&close, move || clear(&container))?;
    }
    add(&summary, &close)?;
    add(&result, &summary)?;

    let tree = element("ul", "image-tree", "")?;
    tree.set_attribute("role", "tree")?;
    tree.set_attribute("aria-label", "The image's chain")?;
    let draw = Draw {
        answer: &answer,
        open: &open,
        tab_of: &tab_of,
    };
    for node in &answer.tree {
        add(&tree, &draw.node(node)?)?;
    }
    add(&result, &tree)?;

    let in_tree = all_files(&answer.tree);
    let loose: Vec<_> = answer
        .files
        .iter()
        .filter(|f| !f.report.diagnostics.is_empty() && !in_tree.contains(&f.file.as_str()))
        .collect();
    if !answer.others.is_empty() || !loose.is_empty() {
        add(
            &result,
            &element("h3", "image-others-heading", "Other members")?,
        )?;
        let others = element("ul", "image-tree image-others", "")?;
        for node in &answer.others {
            add(&others, &draw.node(node)?)?;
        }
        for file in loose {
            let item = element("li", "image-node", "")?;
            let line = element("div", "image-line", "")?;
            add(&line, &element("code", "", &file.file)?)?;
            add(&item, &line)?;
            if let Some(list) = diagnostics(file.report.diagnostics.iter().collect())? {
                add(&item, &list)?;
            }
            add(&others, &item)?;
        }
        add(&result, &others)?;
    }
    add(container, &result)?;
    Ok(())
}

struct Draw<'a, O, T> {
    answer: &'a ImageAnswer,
    open: &'a O,
    tab_of: &'a T,
}

impl<O: Fn(i32) + Clone + 'static, T: Fn(usize) -> i32> Draw<'_, O, T> {
    fn report(&self, file: &str) -> Option<&Report> {
        self.answer
            .files
            .iter()
            .find(|f| f.file == file)
            .map(|f| &f.report)
    }

    fn node(&self, node: &ImageNode) -> Result<Element, JsValue> {
        // What the parent's report says at this descriptor, then the member's own findings
        // (of its document's, those not shown at a child's descriptor).
        let mut found: Vec<&Diagnostic> = Vec::new();
        if let Some((file, pointer)) = &node.parent {
            if let Some(report) = self.report(file) {
                found.extend(
                    report
                        .diagnostics
                        .iter()
                        .filter(|d| under(&d.pointer, pointer)),
                );
            }
        }
        if let Some(report) = self.report(&node.file) {
            let at_children: Vec<&str> = node
                .children
                .iter()
                .filter_map(|c| c.parent.as_ref().map(|(_, p)| p.as_str()))
                .collect();
            found.extend(
                report
                    .diagnostics
                    .iter()
                    .filter(|d| !at_children.iter().any(|p| under(&d.pointer, p))),
            );
        }

        let item = element("li", &format!("image-node status-{}", node.status), "")?;
        item.set_attribute("role", "treeitem")?;
        item.set_attribute("data-status", &node.status)?;
        item.set_attribute("data-file", &node.file)?;
        let line = element("div", "image-line", "")?;
        add(
            &line,
            &element(
                "span",
                &format!("blob-status status-{}", node.status),
                &node.status,
            )?,
        )?;
        add(&line, &element("strong", "image-label", &node.label)?)?;
        let short = element("code", "", &short_digest(&node.digest))?;
        short.set_attribute("title", &node.digest)?;
        add(&line, &short)?;
        let mut meta = node.size.map(|s| size(s as f64)).unwrap_or_default();
        if let Some(media_type) = &node.media_type {
            let _ = write!(meta, " {media_type}");
        }
        add(&line, &element("span", "image-meta", &meta)?)?;
        if let Some(at) = node.document {
            let own = self.answer.files[at].report.diagnostics.len();
            let label = if own == 0 {
                "open".to_owned()
            } else {
                format!("open ({})", plural(own, "finding"))
            };
            let button = element("button", "link image-open", &label)?;
            button.set_attribute("type", "button")?;
            let (open, tab) = (self.open.clone(), (self.tab_of)(at));
            on_click(&button, move || open(tab))?;
            add(&line, &button)?;
        }
        add(&item, &line)?;
        if node.status != "ok" && !node.message.is_empty() {
            add(&item, &element("p", "image-message", &node.message)?)?;
        }
        if let Some(list) = diagnostics(found)? {
            add(&item, &list)?;
        }
        if !node.children.is_empty() {
            let group = element("ul", "", "")?;
            group.set_attribute("role", "group")?;
            for child in &node.children {
                add(&group, &self.node(child)?)?;
            }
            add(&item, &group)?;
        }
        Ok(item)
    }
}

/// Whether a diagnostic's pointer is at the descriptor `pointer` or inside it.
fn under(at: &str, pointer: &str) -> bool {
    at == pointer
        || at
            .strip_prefix(pointer)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn short_digest(digest: &str) -> String {
    digest
        .split(':')
        .nth(1)
        .unwrap_or_default()
        .chars()
        .take(12)
        .collect()
}

fn diagnostics(found: Vec<&Diagnostic>) -> Result<Option<Element>, JsValue> {
    if found.is_empty() {
        return Ok(None);
    }
    let list = element("ul", "image-diagnostics", "")?;
    for d in found {
        let item = element(
            "li",
            &format!("image-diagnostic {}", d.severity.as_str()),
            "",
        )?;
        add(&item, &element("span", "code", d.code)?)?;
        add(
            &item,
            &document()?.create_text_node(&format!(" {}", d.message)),
        )?;
        if !d.pointer.is_empty() {
            add(&item, &document()?.create_text_node(" at "))?;
            add(&item, &element("code", "", &d.pointer)?)?;
        }
        add(&list, &item)?;
    }
    Ok(Some(list))
}

/// Blob nodes (`bad`: only those in error) under `nodes`, them included.
fn count(nodes: &[ImageNode], bad: bool) -> usize {
    nodes
        .iter()
        .map(|n| {
            usize::from(!bad || !matches!(n.status.as_str(), "ok" | "sparse"))
                + count(&n.children, bad)
        })
        .sum()
}

fn all_files(nodes: &[ImageNode]) -> Vec<&str> {
    nodes
        .iter()
        .flat_map(|n| std::iter::once(n.file.as_str()).chain(all_files(&n.children)))
        .collect()
}

/// Each document node's file and tab name (`index.json`, `manifest linux/amd64 081f9156c320`).
fn tab_names(nodes: &[ImageNode], out: &mut Vec<(usize, String)>) {
    for node in nodes {
        if let Some(at) = node.document {
            if !out.iter().any(|(d, _)| *d == at) {
                let name = if node.parent.is_none() {
                    node.label.clone()
                } else {
                    format!("{} {}", node.label, short_digest(&node.digest))
                };
                out.push((at, name));
            }
        }
        tab_names(&node.children, out);
    }
}
