//! The fixes panel: the engine's rewrites of the whole bundle (so a rewritten child's new
//! digest and size cascade into its parents), each shown as a preview (what is applied, lost
//! and refused, each new document's digest, size and diff) before it replaces anything; undo
//! brings the bundle back. What is asked and what comes back is in [`super::rewrites`].

use std::rc::Rc;

use ocilint_core::diagnostic::pointer_label;
use ocilint_core::rewrite::{self, Loss, RewriteReport};
use ocilint_core::FixSafety;
use yew::prelude::*;

use super::panels::{inline_code, use_paged};
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
            { for loss_groups(&report.losses).into_iter().map(|group| {
                // Keyed, so that another rewrite's list starts short again.
                let key = format!("{}:{}", preview.label, group.indices[0]);
                html! { <LossGroup {key} report={Rc::clone(&preview.report)} {group} /> }
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
            { for report.outputs.iter().enumerate().map(|(index, o)| html! {
                <div class="output" data-output={o.name.clone()} data-output-digest={o.digest.clone()} data-new-document={o.new_document.to_string()}>
                    <p>
                        <strong>{o.name.clone()}</strong>
                        { if o.new_document { " (new)" } else { "" } }
                        <span class="muted">{format!(" {} · {} · {}", o.media_type, exact_size(o.size), o.digest)}</span>
                    </p>
                    <OutputDiff key={o.digest.clone()} report={Rc::clone(&preview.report)} output={index} />
                </div>
            }) }
        </section>
    }
}

/// Diff lines drawn before the user asks for more: converting a 5000-entry index changes every
/// entry, and drawing its 10 000 lines at once held the page for a third of a second.
const DIFF_LINES_SHOWN: usize = 400;
/// Diff lines each "show more" adds: about a tenth of a second to lay out.
const DIFF_LINES_PAGE: usize = 2000;

/// Places of one kind of loss listed before the user asks for more, and how many each ask adds.
const LOSS_PLACES_SHOWN: usize = 5;
const LOSS_PLACES_PAGE: usize = 1000;

/// The rewrite report and one of its outputs, compared by identity: the report does not change
/// under a preview, and comparing megabytes of diff on every render would cost what capping saves.
#[derive(Properties)]
struct OutputDiffProps {
    report: Rc<RewriteReport>,
    output: usize,
}

impl PartialEq for OutputDiffProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report) && self.output == other.output
    }
}

/// An output's unified diff: its first [`DIFF_LINES_SHOWN`] lines, then more as they are asked for.
#[function_component(OutputDiff)]
fn output_diff(props: &OutputDiffProps) -> Html {
    let paged = use_paged(DIFF_LINES_SHOWN, DIFF_LINES_PAGE);
    let Some(output) = props.report.outputs.get(props.output) else {
        return html! {};
    };
    let total = output.diff.lines().count();
    let shown = total.min(paged.limit());
    let hidden = total - shown;
    html! {
        <>
            <pre class="diff">
                { for pieces(shown, DIFF_LINES_SHOWN, DIFF_LINES_PAGE).map(|(start, end)| html! {
                    <DiffLines key={start} report={Rc::clone(&props.report)} output={props.output} {start} {end} />
                }) }
            </pre>
            { paged.more_button("more-diff", hidden, |next| format!("Show {next} more lines of the diff ({hidden} of {total} not shown)")) }
        </>
    }
}

/// The pieces a list drawn `shown` items long is made of: the first `first` items, then pages.
/// Each piece is a component of its own, so that drawing more leaves the pieces before alone.
fn pieces(shown: usize, first: usize, page: usize) -> impl Iterator<Item = (usize, usize)> {
    std::iter::successors(Some((0, first.min(shown))), move |&(_, end)| {
        (end < shown).then(|| (end, (end + page).min(shown)))
    })
    .filter(|(start, end)| start < end)
}

#[derive(Properties)]
struct DiffLinesProps {
    report: Rc<RewriteReport>,
    output: usize,
    start: usize,
    end: usize,
}

impl PartialEq for DiffLinesProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
            && (self.output, self.start, self.end) == (other.output, other.start, other.end)
    }
}

/// Lines `start..end` of an output's diff.
#[function_component(DiffLines)]
fn diff_lines(props: &DiffLinesProps) -> Html {
    let Some(output) = props.report.outputs.get(props.output) else {
        return html! {};
    };
    html! {
        { for output.diff.lines().skip(props.start).take(props.end - props.start).map(diff_line) }
    }
}

/// Losses of one input for one reason: a conversion loses the same field from every entry of an
/// index, which is one thing to say with its places, not thousands of lines.
#[derive(Clone, PartialEq)]
struct GroupedLosses {
    /// Indices into the report's losses, in their order.
    indices: Rc<[usize]>,
}

fn loss_groups(losses: &[Loss]) -> Vec<GroupedLosses> {
    rewrite::loss_groups(losses)
        .into_iter()
        .map(|indices| GroupedLosses {
            indices: indices.into(),
        })
        .collect()
}

#[derive(Properties)]
struct LossGroupProps {
    report: Rc<RewriteReport>,
    group: GroupedLosses,
}

// The groups are made anew on each render of the preview: they compare by their indices (a few
// kilobytes at most), so a render that changes nothing here draws nothing again.
impl PartialEq for LossGroupProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report) && self.group == other.group
    }
}

#[derive(Properties)]
struct LossPlacesProps {
    report: Rc<RewriteReport>,
    indices: Rc<[usize]>,
    start: usize,
    end: usize,
    /// Every loss of the group is of the same thing, said once above the places.
    same_what: bool,
}

impl PartialEq for LossPlacesProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
            && self.indices == other.indices
            && (self.start, self.end, self.same_what) == (other.start, other.end, other.same_what)
    }
}

/// The places `start..end` of a group of losses, as list items.
#[function_component(LossPlaces)]
fn loss_places(props: &LossPlacesProps) -> Html {
    let losses = &props.report.losses;
    let place = |loss: &Loss| {
        if props.same_what {
            loss.pointer.clone()
        } else {
            format!("{}: {}", loss.pointer, loss.what)
        }
    };
    html! {
        { for props.indices.get(props.start..props.end).unwrap_or_default().iter()
            .filter_map(|&index| losses.get(index))
            .map(|loss| html! { <li><code>{place(loss)}</code></li> }) }
    }
}

/// One loss as a line; several with the same reason as one line with their places, the first
/// [`LOSS_PLACES_SHOWN`], then more as they are asked for.
#[function_component(LossGroup)]
fn loss_group(props: &LossGroupProps) -> Html {
    let paged = use_paged(LOSS_PLACES_SHOWN, LOSS_PLACES_PAGE);
    let losses = &props.report.losses;
    let members: Vec<&Loss> = props
        .group
        .indices
        .iter()
        .filter_map(|&index| losses.get(index))
        .collect();
    let [first, ..] = members[..] else {
        return html! {};
    };
    if members.len() == 1 {
        return html! {
            <p class="warning-note">{inline_code(&format!("Lost in {} at {}: {} — {}", first.input, first.pointer, first.what, first.why))}</p>
        };
    }
    // The same field everywhere reads as one thing lost; different ones are named at each place.
    let same_what = members.iter().all(|loss| loss.what == first.what);
    let shown = members.len().min(paged.limit());
    let hidden = members.len() - shown;
    let heading = if same_what {
        format!(
            "Lost in {} at {} places: {} — {}",
            first.input,
            members.len(),
            first.what,
            first.why
        )
    } else {
        format!(
            "Lost in {} at {} places — {}",
            first.input,
            members.len(),
            first.why
        )
    };
    html! {
        <div class="warning-note loss-group" data-losses={members.len().to_string()}>
            <p>{inline_code(&heading)}</p>
            <ul>
                { for pieces(shown, LOSS_PLACES_SHOWN, LOSS_PLACES_PAGE).map(|(start, end)| html! {
                    <LossPlaces key={start} report={Rc::clone(&props.report)} indices={Rc::clone(&props.group.indices)} {start} {end} {same_what} />
                }) }
            </ul>
            { paged.more_button("more-losses", hidden, |next| format!("Show {next} more places ({hidden} not shown)")) }
        </div>
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
