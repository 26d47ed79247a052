//! The fixes panel: the engine's rewrites of the whole bundle (so a rewritten child's new
//! digest and size cascade into its parents), each shown as a preview (what is applied, lost
//! and refused, each new document's digest, size and diff) before it replaces anything; undo
//! brings the bundle back. What is asked and what comes back is in [`super::rewrites`].

use std::rc::Rc;

use ocilint_core::diagnostic::pointer_label;
use ocilint_core::FixSafety;
use yew::prelude::*;

use super::panels::inline_code;
use super::reading::human_size;
use super::rewrites::{bundle_actions, Preview, RewriteJob};
use super::state::Action;

#[derive(Properties, PartialEq)]
pub(crate) struct FixesProps {
    pub(crate) preview: Option<Rc<Preview>>,
    /// A rewrite is under way (in the worker).
    pub(crate) rewriting: bool,
    pub(crate) can_undo: bool,
    /// The ids of the bundle rewrites that can change something in these documents.
    pub(crate) offered: Vec<&'static str>,
    pub(crate) dispatch: Callback<Action>,
}

/// The fixes panel: the bundle-wide rewrites, the preview of the chosen one, and undo.
#[function_component(Fixes)]
pub(crate) fn fixes(props: &FixesProps) -> Html {
    let dispatch = &props.dispatch;
    html! {
        <div class="fixes">
            <div class="fix-actions">
                { for bundle_actions().into_iter().filter(|(id, _, _)| props.offered.contains(id)).map(|(id, label, _)| {
                    let onclick = dispatch.reform(move |_: MouseEvent| Action::Rewrite(RewriteJob::Bundle(id.to_owned())));
                    html! { <button type="button" class="secondary" id={id} {onclick}>{label}</button> }
                }) }
                { if props.can_undo {
                    let onclick = dispatch.reform(|_: MouseEvent| Action::UndoRewrite);
                    html! { <button type="button" class="secondary" id="undo-rewrite" {onclick}>{"Undo the last rewrite"}</button> }
                } else { html! {} } }
            </div>
            { match &props.preview {
                None if props.rewriting => html! { <p class="muted" id="rewriting" role="status">{"Preparing the preview…"}</p> },
                None => html! { <p class="muted">{"Choose a rewrite to see what it changes before it changes anything. A fix of one problem is in the problems list, beside it."}</p> },
                Some(preview) => preview_view(preview, dispatch),
            } }
        </div>
    }
}

fn preview_view(preview: &Preview, dispatch: &Callback<Action>) -> Html {
    let report = &preview.report;
    let nothing = report.outputs.is_empty();
    // A refusal is said below: "nothing to change" beside it would read as a clean bill.
    let unchanged = nothing && report.refused.is_empty();
    let apply = dispatch.reform(|_: MouseEvent| Action::ApplyPreview);
    let discard = dispatch.reform(|_: MouseEvent| Action::DiscardPreview);
    html! {
        <section class="preview" aria-label="Preview">
            <h3 id="preview-heading" tabindex="-1">{format!("Preview: {}", preview.label)}</h3>
            // Apply and Discard come first, where focus lands: the diffs below can be long.
            <div class="preview-actions">
                { if unchanged { html! { <p class="muted">{"Nothing to change."}</p> } } else if nothing { html! {} } else { html! {
                    <button type="button" id="apply-preview" onclick={apply}>{"Apply"}</button>
                } } }
                <button type="button" class="secondary" onclick={discard}>{"Discard"}</button>
            </div>
            { if report.applied.is_empty() { html! {} } else { html! {
                <ul class="applied">
                    { for report.applied.iter().map(|a| html! {
                        <li data-applied={a.code.clone()}>
                            <span class={classes!("badge", safety_class(a.safety))}>{a.safety.as_str()}</span>
                            <code>{a.code.clone()}</code>{" "}{inline_code(&a.title)}
                            <span class="muted">{format!(" in {} at {}", a.input, pointer_label(&a.pointer))}</span>
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
                <div class="output" data-output={o.name.clone()} data-output-digest={o.digest.clone()} data-new-document={o.new_document.to_string()}>
                    <p>
                        <strong>{o.name.clone()}</strong>
                        { if o.new_document { " (new)" } else { "" } }
                        <span class="muted">{format!(" {} · {} · {}", o.media_type, exact_size(o.size), o.digest)}</span>
                    </p>
                    <pre class="diff">{ for o.diff.lines().map(diff_line) }</pre>
                </div>
            }) }
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

/// A fix's safety badge takes the colour of the verdict it is like.
pub(crate) fn safety_class(safety: FixSafety) -> &'static str {
    match safety {
        FixSafety::Safe => "accept",
        FixSafety::Unsafe => "warn",
        FixSafety::DisplayOnly => "unknown",
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
