//! Fixes and conversions: the engine's rewrite of the whole bundle (so a rewritten child's new
//! digest and size cascade into its parents), shown as a preview (what is applied, lost and
//! refused, each new document's digest, size and diff) before it replaces anything; undo
//! brings the bundle back.

use std::rc::Rc;

use ocilint_core::convert::Format;
use ocilint_core::rewrite::{rewrite, FixAt, Input, Request, RewriteReport};
use yew::prelude::*;

use super::reading::human_size;
use super::state::{Action, Doc};

/// A rewrite waiting for the user to apply or discard it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Preview {
    pub(crate) label: String,
    pub(crate) report: Rc<RewriteReport>,
}

/// Runs `request` over the bundle.
pub(crate) fn preview(
    docs: &[Doc],
    content_type: &str,
    label: String,
    request: &Request,
) -> Preview {
    let content_type = Some(content_type.trim().to_owned()).filter(|ct| !ct.is_empty());
    let inputs: Vec<Input> = docs
        .iter()
        .map(|doc| Input {
            name: doc.name.clone(),
            bytes: doc.bytes.to_vec(),
            content_type: content_type.clone(),
        })
        .collect();
    Preview {
        label,
        report: Rc::new(rewrite(&inputs, request)),
    }
}

/// Whether an output is a new document (a split's artifact or index) rather than a new
/// version of its input.
pub(crate) fn is_new_document(diff: &str) -> bool {
    diff.starts_with("--- /dev/null")
}

/// The rewrites offered for the whole bundle.
pub(crate) fn bundle_actions() -> Vec<(&'static str, &'static str, Request)> {
    vec![
        (
            "fix-safe",
            "Apply all safe fixes",
            Request::Fix {
                include_unsafe: false,
                only: Vec::new(),
                platform: None,
                at: None,
            },
        ),
        (
            "fix-all",
            "Apply all fixes, unsafe too",
            Request::Fix {
                include_unsafe: true,
                only: Vec::new(),
                platform: None,
                at: None,
            },
        ),
        (
            "convert-oci",
            "Convert to OCI",
            Request::Convert {
                to: Format::Oci,
                platform: None,
            },
        ),
        (
            "convert-docker",
            "Convert to Docker",
            Request::Convert {
                to: Format::Docker,
                platform: None,
            },
        ),
        (
            "split",
            "Split custom layers into an artifact",
            Request::Split {
                index: true,
                platform: None,
                config: None,
            },
        ),
    ]
}

/// The request that applies one diagnostic's fix: that rule's, at that place of that document.
pub(crate) fn fix_one(code: &str, safety: &str, document: &str, pointer: &str) -> Request {
    Request::Fix {
        include_unsafe: safety != "safe",
        only: vec![code.to_owned()],
        platform: None,
        at: Some(FixAt {
            input: document.to_owned(),
            pointer: pointer.to_owned(),
        }),
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct FixesProps {
    pub(crate) preview: Option<Rc<Preview>>,
    pub(crate) can_undo: bool,
    pub(crate) dispatch: Callback<Action>,
}

/// The fixes panel: the bundle-wide rewrites, the preview of the chosen one, and undo.
#[function_component(Fixes)]
pub(crate) fn fixes(props: &FixesProps) -> Html {
    let dispatch = &props.dispatch;
    html! {
        <div class="fixes" role="tabpanel" aria-labelledby="panel-fixes">
            <div class="fix-actions">
                { for bundle_actions().into_iter().map(|(id, label, _)| {
                    let onclick = dispatch.reform(move |_: MouseEvent| Action::RewriteBundle(id));
                    html! { <button type="button" class="secondary" id={id} {onclick}>{label}</button> }
                }) }
                { if props.can_undo {
                    let onclick = dispatch.reform(|_: MouseEvent| Action::UndoRewrite);
                    html! { <button type="button" class="secondary" id="undo-rewrite" {onclick}>{"Undo the last rewrite"}</button> }
                } else { html! {} } }
            </div>
            { match &props.preview {
                None => html! { <p class="muted">{"Choose a rewrite to see what it changes before it changes anything. A fix of one problem is in the problems list, beside it."}</p> },
                Some(preview) => preview_view(preview, dispatch),
            } }
        </div>
    }
}

fn preview_view(preview: &Preview, dispatch: &Callback<Action>) -> Html {
    let report = &preview.report;
    let nothing = report.outputs.is_empty();
    let apply = dispatch.reform(|_: MouseEvent| Action::ApplyPreview);
    let discard = dispatch.reform(|_: MouseEvent| Action::DiscardPreview);
    html! {
        <section class="preview" aria-label="Preview">
            <h3>{format!("Preview: {}", preview.label)}</h3>
            { if report.applied.is_empty() { html! {} } else { html! {
                <ul class="applied">
                    { for report.applied.iter().map(|a| html! {
                        <li data-applied={a.code.clone()}>
                            <span class={classes!("badge", safety_class(ocilint_core::FixSafety::as_str(a.safety)))}>{ocilint_core::FixSafety::as_str(a.safety)}</span>
                            <code>{a.code.clone()}</code>{" "}{a.title.clone()}
                            <span class="muted">{format!(" in {} at {}", a.input, if a.pointer.is_empty() { "/" } else { &a.pointer })}</span>
                        </li>
                    }) }
                </ul>
            } } }
            { for report.losses.iter().map(|l| html! {
                <p class="warning-note">{format!("Lost in {} at {}: {} — {}", l.input, l.pointer, l.what, l.why)}</p>
            }) }
            { for report.refused.iter().map(|r| html! {
                <p class="notice">{format!("{} was not rewritten: {}", r.input, r.why)}</p>
            }) }
            { for report.references.iter().map(|r| html! {
                <p class="reference">{format!("{} is now {} ({} bytes)", r.input, r.to, r.size)}
                    { if r.updated.is_empty() { html! {
                        <span class="muted">{format!("; parents outside this bundle must name it instead of {}", r.from)}</span>
                    } } else { html! {
                        <span class="muted">{format!("; updated in {}", r.updated.join(", "))}</span>
                    } } }
                </p>
            }) }
            { for report.outputs.iter().map(|o| html! {
                <div class="output" data-output={o.name.clone()} data-output-digest={o.digest.clone()}>
                    <p>
                        <strong>{o.name.clone()}</strong>
                        { if is_new_document(&o.diff) { " (new)" } else { "" } }
                        <span class="muted">{format!(" {} · {} · {}", o.media_type, exact_size(o.size), o.digest)}</span>
                    </p>
                    <pre class="diff">{ for o.diff.lines().map(diff_line) }</pre>
                </div>
            }) }
            <div class="preview-actions">
                { if nothing { html! { <p class="muted">{"Nothing to change."}</p> } } else { html! {
                    <button type="button" id="apply-preview" onclick={apply}>{"Apply"}</button>
                } } }
                <button type="button" class="secondary" onclick={discard}>{"Discard"}</button>
            </div>
        </section>
    }
}

fn diff_line(line: &str) -> Html {
    let class = if line.starts_with("+++") || line.starts_with("---") {
        "head"
    } else if line.starts_with('+') {
        "add"
    } else if line.starts_with('-') {
        "del"
    } else if line.starts_with("@@") {
        "hunk"
    } else {
        "same"
    };
    html! { <span class={classes!("line", class)}>{line.to_owned()}{"\n"}</span> }
}

pub(crate) fn safety_class(safety: &str) -> &'static str {
    match safety {
        "safe" => "accept",
        "unsafe" => "warn",
        _ => "unknown",
    }
}

/// `656 bytes`, or `29534055 bytes (28.2 MiB)` where the human size says more.
fn exact_size(size: u64) -> String {
    let human = human_size(size);
    if human.ends_with(" bytes") {
        human
    } else {
        format!("{size} bytes ({human})")
    }
}
