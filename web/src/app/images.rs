//! Whole images: open a layout folder (a folder input or a dropped folder) or an archive
//! (`.tar`, `.tar.gz`, `.tar.zst`), verified by the verify workers (`static/images.js`, loaded
//! only now, with its workers and their wasm), with a progress bar and a cancel button; the
//! result as a tree from `index.json` (or `manifest.json`) down, each blob with core's status
//! and the diagnostics at its descriptor; the chain's documents open in the editor as a bundle.

use std::cell::RefCell;
use std::rc::Rc;

use ocilint_core::{Kind, Report};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::state::Action;
use super::verdict::plural;
use crate::verify::{ImageAnswer, ImageFile, ImageNode};

/// A folder or archive dropped on the page, for the image view (`serial` tells drops apart).
#[derive(Clone, Debug)]
pub(crate) struct Dropped {
    pub(crate) serial: u32,
    /// `{entries: [FileSystemEntry]}` or `{archive: File}`, as `images.js` takes it.
    pub(crate) input: JsValue,
    pub(crate) name: String,
}

impl PartialEq for Dropped {
    fn eq(&self, other: &Self) -> bool {
        self.serial == other.serial
    }
}

/// Whether a file's name says it is an image archive rather than a document.
pub(crate) fn is_archive(name: &str) -> bool {
    [".tar", ".tar.gz", ".tgz", ".tar.zst", ".tzst"]
        .iter()
        .any(|end| name.to_ascii_lowercase().ends_with(end))
}

/// What a drop holds for the image view: a folder (through `webkitGetAsEntry`, read while the
/// drop event lasts) or an archive. `None`: documents, for the editor.
pub(crate) fn dropped_image(transfer: &web_sys::DataTransfer, serial: u32) -> Option<Dropped> {
    let items = js_sys::Reflect::get(transfer, &"items".into()).ok()?;
    let length = js_sys::Reflect::get(&items, &"length".into())
        .ok()?
        .as_f64()? as u32;
    let entries = js_sys::Array::new();
    let mut name = String::new();
    for i in 0..length {
        let item = js_sys::Reflect::get(&items, &i.into()).ok()?;
        let get_entry = js_sys::Reflect::get(&item, &"webkitGetAsEntry".into()).ok()?;
        let entry = get_entry.dyn_ref::<js_sys::Function>()?.call0(&item).ok()?;
        if js_sys::Reflect::get(&entry, &"isDirectory".into())
            .ok()?
            .is_truthy()
        {
            name = js_sys::Reflect::get(&entry, &"name".into())
                .ok()?
                .as_string()
                .unwrap_or_default();
            entries.push(&entry);
        }
    }
    if entries.length() > 0 {
        let input = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&input, &"entries".into(), &entries);
        return Some(Dropped {
            serial,
            input: input.into(),
            name,
        });
    }
    let files = transfer.files()?;
    let file = files
        .get(0)
        .filter(|f| files.length() == 1 && is_archive(&f.name()))?;
    let input = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&input, &"archive".into(), &file);
    Some(Dropped {
        serial,
        input: input.into(),
        name: file.name(),
    })
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Running {
        name: String,
        read: f64,
        total: f64,
        started: f64,
        now: f64,
        verifying: bool,
    },
    Done {
        name: String,
        answer: Rc<ImageAnswer>,
        bytes: Rc<Vec<Vec<u8>>>,
    },
    Failed(String),
    Cancelled {
        name: String,
        read: f64,
        total: f64,
    },
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The running verification: `images.js`'s handle (its `cancel`) and the callback it calls.
type Running = Rc<RefCell<Option<(JsValue, Closure<dyn FnMut(JsValue)>)>>>;

#[derive(Properties, PartialEq)]
pub(crate) struct ImagesProps {
    pub(crate) dispatch: Callback<Action>,
    pub(crate) dropped: Option<Dropped>,
}

/// The image bar (open a folder or an archive), and while or after one is verified, its view.
#[function_component(Images)]
pub(crate) fn images(props: &ImagesProps) -> Html {
    let phase = use_state(|| Phase::Idle);
    let running: Running = use_mut_ref(|| None);

    let begin = {
        let (phase, running) = (phase.clone(), running.clone());
        Callback::from(move |(input, name): (JsValue, String)| {
            start(input, name, phase.clone(), running.clone())
        })
    };
    {
        let begin = begin.clone();
        use_effect_with(props.dropped.clone(), move |dropped| {
            if let Some(dropped) = dropped {
                begin.emit((dropped.input.clone(), dropped.name.clone()));
            }
        });
    }
    let on_folder = {
        let begin = begin.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(list) = input.files().filter(|l| l.length() > 0) {
                let name = list
                    .get(0)
                    .map(|f| {
                        let path = js_sys::Reflect::get(&f, &"webkitRelativePath".into())
                            .ok()
                            .and_then(|p| p.as_string())
                            .unwrap_or_default();
                        path.split('/').next().unwrap_or_default().to_owned()
                    })
                    .unwrap_or_default();
                // Copied out of the input, which is then emptied: the same folder opened
                // again is a change, and the next choice replaces this one.
                let object = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&object, &"files".into(), &js_sys::Array::from(&list));
                begin.emit((object.into(), name));
            }
            input.set_value("");
        })
    };
    let on_archive = {
        let begin = begin.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|l| l.get(0)) {
                let object = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&object, &"archive".into(), &file);
                begin.emit((object.into(), file.name()));
            }
            input.set_value("");
        })
    };
    let on_cancel = {
        let running = running.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some((handle, _)) = running.borrow().as_ref() {
                if let Ok(cancel) = js_sys::Reflect::get(handle, &"cancel".into()) {
                    if let Some(cancel) = cancel.dyn_ref::<js_sys::Function>() {
                        let _ = cancel.call0(handle);
                    }
                }
            }
        })
    };
    let on_close = {
        let phase = phase.clone();
        Callback::from(move |_: MouseEvent| phase.set(Phase::Idle))
    };

    html! {
        <section class="images" aria-label="Whole image">
            <div class="images-bar">
                <span class="images-title">{"Whole image:"}</span>
                <label class="file-button secondary">
                    {"Open layout folder…"}
                    <input type="file" id="open-image-folder" webkitdirectory=true multiple=true onchange={on_folder} />
                </label>
                <label class="file-button secondary">
                    {"Open image archive…"}
                    <input type="file" id="open-image-archive" accept=".tar,.tgz,.gz,.zst,.tzst" onchange={on_archive} />
                </label>
                <span class="images-hint">{"an OCI layout, an oci-archive or a docker save tar (.tar, .tar.gz, .tar.zst); every blob is verified in this tab"}</span>
            </div>
            { match &*phase {
                Phase::Idle => html! {},
                Phase::Running { name, read, total, started, now, verifying } => progress_view(name, *read, *total, now - started, *verifying, on_cancel),
                Phase::Cancelled { name, read, total } => html! {
                    <p class="notice image-cancelled" id="image-status" role="status">
                        {format!("Stopped verifying {name} at {} of {}: the workers were ended.", size(*read), size(*total))}
                    </p>
                },
                Phase::Failed(message) => html! {
                    <p class="notice image-failed" id="image-status" role="alert">{format!("The image could not be verified: {message}")}</p>
                },
                Phase::Done { name, answer, bytes } => done_view(name, answer, bytes, &props.dispatch, on_close),
            } }
        </section>
    }
}

/// Loads `images.js` once, then starts it on `input`; its events drive `phase`.
fn start(input: JsValue, name: String, phase: UseStateHandle<Phase>, running: Running) {
    if let Some((handle, _)) = running.borrow_mut().take() {
        if let Ok(cancel) = js_sys::Reflect::get(&handle, &"cancel".into()) {
            if let Some(cancel) = cancel.dyn_ref::<js_sys::Function>() {
                let _ = cancel.call0(&handle);
            }
        }
    }
    let started = now();
    phase.set(Phase::Running {
        name: name.clone(),
        read: 0.0,
        total: 0.0,
        started,
        now: started,
        verifying: false,
    });
    yew::platform::spawn_local(async move {
        let api = match load_script().await {
            Ok(api) => api,
            Err(message) => {
                phase.set(Phase::Failed(message));
                return;
            }
        };
        // The last progress shown, for the cancelled note.
        let last = Rc::new(RefCell::new((0.0, 0.0)));
        let on_event = {
            let (phase, name) = (phase.clone(), name.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let field = |key: &str| {
                    js_sys::Reflect::get(&event, &key.into()).unwrap_or(JsValue::UNDEFINED)
                };
                let progress = field("progress");
                if !progress.is_undefined() {
                    let number = |key: &str| {
                        js_sys::Reflect::get(&progress, &key.into())
                            .ok()
                            .and_then(|v| v.as_f64())
                            .unwrap_or(0.0)
                    };
                    let (read, total) = (number("read"), number("total"));
                    *last.borrow_mut() = (read, total);
                    phase.set(Phase::Running {
                        name: name.clone(),
                        read,
                        total,
                        started,
                        now: now(),
                        verifying: false,
                    });
                } else if field("verifying").is_truthy() {
                    let (read, total) = *last.borrow();
                    phase.set(Phase::Running {
                        name: name.clone(),
                        read: total.max(read),
                        total,
                        started,
                        now: now(),
                        verifying: true,
                    });
                } else if field("cancelled").is_truthy() {
                    let (read, total) = *last.borrow();
                    phase.set(Phase::Cancelled {
                        name: name.clone(),
                        read,
                        total,
                    });
                } else if let Some(message) = field("error").as_string() {
                    phase.set(Phase::Failed(message));
                } else {
                    let done = field("done");
                    let json = js_sys::Reflect::get(&done, &"json".into())
                        .ok()
                        .and_then(|j| j.as_string())
                        .unwrap_or_default();
                    let bytes: Vec<Vec<u8>> = js_sys::Reflect::get(&done, &"bytes".into())
                        .map(|b| {
                            js_sys::Array::from(&b)
                                .iter()
                                .map(|a| js_sys::Uint8Array::new(&a).to_vec())
                                .collect()
                        })
                        .unwrap_or_default();
                    match serde_json::from_str::<ImageAnswer>(&json) {
                        Ok(answer) => phase.set(Phase::Done {
                            name: name.clone(),
                            answer: Rc::new(answer),
                            bytes: Rc::new(bytes),
                        }),
                        Err(e) => {
                            phase.set(Phase::Failed(format!("the answer could not be read: {e}")))
                        }
                    }
                }
            })
        };
        let Ok(start) = js_sys::Reflect::get(&api, &"start".into()) else {
            return;
        };
        let Some(start) = start.dyn_ref::<js_sys::Function>() else {
            return;
        };
        match start.call2(&api, &input, on_event.as_ref().unchecked_ref()) {
            Ok(handle) => *running.borrow_mut() = Some((handle, on_event)),
            Err(e) => phase.set(Phase::Failed(format!("{e:?}"))),
        }
    });
}

/// `window.ocilintImages`, after adding `images.js` to the page the first time.
async fn load_script() -> Result<JsValue, String> {
    let window = web_sys::window().ok_or("no window")?;
    let api = js_sys::Reflect::get(&window, &"ocilintImages".into()).unwrap_or(JsValue::UNDEFINED);
    if !api.is_undefined() {
        return Ok(api);
    }
    let document = window.document().ok_or("no document")?;
    let script: web_sys::HtmlScriptElement = document
        .create_element("script")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    script.set_src("images.js");
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        script.set_onload(Some(&resolve));
        script.set_onerror(Some(&reject));
    });
    document
        .head()
        .ok_or("no head")?
        .append_child(&script)
        .map_err(|e| format!("{e:?}"))?;
    JsFuture::from(loaded)
        .await
        .map_err(|_| "images.js could not be loaded".to_owned())?;
    Ok(js_sys::Reflect::get(&window, &"ocilintImages".into()).unwrap_or(JsValue::UNDEFINED))
}

fn size(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", bytes / (1024.0 * 1024.0))
    } else if bytes >= 1024.0 {
        format!("{:.1} KiB", bytes / 1024.0)
    } else {
        format!("{bytes} B")
    }
}

fn progress_view(
    name: &str,
    read: f64,
    total: f64,
    elapsed_ms: f64,
    verifying: bool,
    on_cancel: Callback<MouseEvent>,
) -> Html {
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
    let left = if speed > 0.0 && total > read {
        format!("{:.0} s left", (total - read) / speed)
    } else {
        "—".into()
    };
    html! {
        <div class="image-progress" id="image-status" role="status">
            <p>
                <strong>{format!("Verifying {name}")}</strong>
                {format!(": {} of {} ({percent:.0}%) · {}/s · {}", size(read), size(total), size(speed), if verifying { "checking the chain…".to_owned() } else { left })}
            </p>
            <progress id="image-progress" max={total.max(1.0).to_string()} value={read.to_string()} data-percent={format!("{percent:.0}")}></progress>
            <button type="button" class="secondary small" id="cancel-image" onclick={on_cancel}>{"Cancel"}</button>
        </div>
    }
}

fn done_view(
    name: &str,
    answer: &Rc<ImageAnswer>,
    bytes: &Rc<Vec<Vec<u8>>>,
    dispatch: &Callback<Action>,
    on_close: Callback<MouseEvent>,
) -> Html {
    let problems: usize = answer
        .files
        .iter()
        .map(|f| f.report.diagnostics.len())
        .sum();
    let bad_blobs = count_bad(&answer.tree) + count_bad(&answer.others);
    // The roots (`index.json`, `manifest.json`) are the layout's files, not blobs.
    let blobs = answer
        .tree
        .iter()
        .map(|root| count_all(&root.children))
        .sum::<usize>()
        + count_all(&answer.others);
    // The chain's documents open as one bundle: in the tree's order, each tab named by its
    // place in the chain, then the layout's own files.
    let mut documents: Vec<(usize, String)> = Vec::new();
    tab_names(&answer.tree, &mut documents);
    for (at, file) in answer.files.iter().enumerate() {
        if file.report.kind != Kind::Unknown && !documents.iter().any(|(d, _)| *d == at) {
            let name = file
                .file
                .rsplit(['/', '!'])
                .next()
                .unwrap_or(&file.file)
                .to_owned();
            documents.push((at, name));
        }
    }
    let open = {
        let (bytes, dispatch, documents) = (bytes.clone(), dispatch.clone(), documents.clone());
        Callback::from(move |show: Option<usize>| {
            let files = documents
                .iter()
                .map(|(at, name)| (name.clone(), bytes.get(*at).cloned().unwrap_or_default()))
                .collect();
            dispatch.emit(Action::Open(files));
            if let Some(tab) = show.and_then(|at| documents.iter().position(|(d, _)| *d == at)) {
                dispatch.emit(Action::Show(tab));
            }
        })
    };
    let in_tree: Vec<&str> = all_files(&answer.tree);
    let loose: Vec<&ImageFile> = answer
        .files
        .iter()
        .filter(|f| !f.report.diagnostics.is_empty() && !in_tree.contains(&f.file.as_str()))
        .collect();
    html! {
        <div class="image-result" id="image-result">
            <p class={classes!("image-summary", if answer.has_errors { "bad" } else { "good" })} id="image-status" role="status">
                <strong>{ if answer.has_errors { format!("{name}: problems found") } else { format!("{name}: verified, clean") } }</strong>
                {format!(" — {} of {} in error, {} in the documents.", bad_blobs, plural(blobs, "blob"), plural(problems, "finding"))}
                {" "}
                <button type="button" class="secondary small" id="open-image-documents" onclick={open.reform(|_: MouseEvent| None)}>
                    {format!("Open its {} in the editor", plural(documents.len(), "document"))}
                </button>
                {" "}
                <button type="button" class="secondary small" onclick={on_close}>{"Close"}</button>
            </p>
            <ul class="image-tree" role="tree" aria-label="The image's chain">
                { for answer.tree.iter().map(|node| node_view(node, answer, &open)) }
            </ul>
            { if answer.others.is_empty() && loose.is_empty() { html! {} } else { html! {
                <>
                    <h3 class="image-others-heading">{"Other members"}</h3>
                    <ul class="image-tree image-others">
                        { for answer.others.iter().map(|node| node_view(node, answer, &open)) }
                        { for loose.iter().map(|f| html! {
                            <li class="image-node" role="treeitem">
                                <div class="image-line"><code>{f.file.clone()}</code></div>
                                { diagnostics_view(f.report.diagnostics.iter().collect()) }
                            </li>
                        }) }
                    </ul>
                </>
            } } }
        </div>
    }
}

fn count_bad(nodes: &[ImageNode]) -> usize {
    nodes
        .iter()
        .map(|n| {
            usize::from(!matches!(n.status.as_str(), "ok" | "sparse")) + count_bad(&n.children)
        })
        .sum()
}

/// Each document node's file and tab name (`index.json`, `manifest linux/amd64 081f9156c320`).
fn tab_names(nodes: &[ImageNode], out: &mut Vec<(usize, String)>) {
    for node in nodes {
        if let Some(at) = node.document {
            if !out.iter().any(|(d, _)| *d == at) {
                let short: String = node
                    .digest
                    .split(':')
                    .nth(1)
                    .unwrap_or_default()
                    .chars()
                    .take(12)
                    .collect();
                let name = if node.parent.is_none() {
                    node.label.clone()
                } else {
                    format!("{} {short}", node.label)
                };
                out.push((at, name));
            }
        }
        tab_names(&node.children, out);
    }
}

fn count_all(nodes: &[ImageNode]) -> usize {
    nodes.iter().map(|n| 1 + count_all(&n.children)).sum()
}

fn all_files(nodes: &[ImageNode]) -> Vec<&str> {
    nodes
        .iter()
        .flat_map(|n| std::iter::once(n.file.as_str()).chain(all_files(&n.children)))
        .collect()
}

fn file_report<'a>(answer: &'a ImageAnswer, file: &str) -> Option<&'a Report> {
    answer
        .files
        .iter()
        .find(|f| f.file == file)
        .map(|f| &f.report)
}

fn node_view(node: &ImageNode, answer: &ImageAnswer, open: &Callback<Option<usize>>) -> Html {
    // What the parent's report says at this descriptor, and what the member's own report says.
    let mut diagnostics: Vec<&ocilint_core::Diagnostic> = node
        .parent
        .as_ref()
        .and_then(|(file, pointer)| {
            let report = file_report(answer, file)?;
            let inside = format!("{pointer}/");
            Some(
                report
                    .diagnostics
                    .iter()
                    .filter(|d| d.pointer == *pointer || d.pointer.starts_with(&inside))
                    .collect::<Vec<_>>(),
            )
        })
        .unwrap_or_default();
    // The member's own findings; of its document's, those not shown at a child's descriptor.
    if let Some(report) = file_report(answer, &node.file) {
        let at_children: Vec<String> = node
            .children
            .iter()
            .filter_map(|c| c.parent.as_ref().map(|(_, pointer)| pointer.clone()))
            .collect();
        diagnostics.extend(report.diagnostics.iter().filter(|d| {
            !at_children
                .iter()
                .any(|p| d.pointer == *p || d.pointer.starts_with(&format!("{p}/")))
        }));
    }
    let own = node
        .document
        .map(|at| answer.files[at].report.diagnostics.len())
        .unwrap_or(0);
    let short = node
        .digest
        .split(':')
        .nth(1)
        .map(|hex| hex.chars().take(12).collect::<String>())
        .unwrap_or_default();
    html! {
        <li class={classes!("image-node", format!("status-{}", node.status))} role="treeitem" data-status={node.status.clone()} data-file={node.file.clone()}>
            <div class="image-line">
                <span class={classes!("blob-status", format!("status-{}", node.status))}>{node.status.clone()}</span>
                <strong class="image-label">{node.label.clone()}</strong>
                <code title={node.digest.clone()}>{short}</code>
                <span class="image-meta">{node.size.map(|s| size(s as f64)).unwrap_or_default()}{" "}{node.media_type.clone().unwrap_or_default()}</span>
                { if let Some(at) = node.document { html! {
                    <button type="button" class="link image-open" onclick={open.reform(move |_: MouseEvent| Some(at))}>
                        { if own == 0 { "open".to_owned() } else { format!("open ({})", plural(own, "finding")) } }
                    </button>
                } } else { html! {} } }
            </div>
            { if node.status != "ok" && !node.message.is_empty() { html! { <p class="image-message">{node.message.clone()}</p> } } else { html! {} } }
            { diagnostics_view(diagnostics) }
            { if node.children.is_empty() { html! {} } else { html! {
                <ul role="group">{ for node.children.iter().map(|child| node_view(child, answer, open)) }</ul>
            } } }
        </li>
    }
}

fn diagnostics_view(diagnostics: Vec<&ocilint_core::Diagnostic>) -> Html {
    if diagnostics.is_empty() {
        return html! {};
    }
    html! {
        <ul class="image-diagnostics">
            { for diagnostics.into_iter().map(|d| html! {
                <li class={classes!("image-diagnostic", d.severity.as_str())}>
                    <span class="code">{d.code}</span>{" "}{d.message.clone()}
                    { if d.pointer.is_empty() { html! {} } else { html! { <>{" at "}<code>{d.pointer.clone()}</code></> } } }
                </li>
            }) }
        </ul>
    }
}
