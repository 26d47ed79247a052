//! The results side: the document's identity and download, the problems list, and the targets'
//! verdicts.

use std::rc::Rc;

use yew::prelude::*;

use ocilint_core::diagnostic::pointer_label;
use ocilint_core::spec::media_types::describe as describe_media_type;
use ocilint_core::targets::{Basis, TargetVerdict};
use ocilint_core::{Diagnostic, FixSafety, Report, Severity, TextRange};

use super::fixes::safety_class;
use super::groups::{self, Filter, GroupBy, Row};
use super::reading::human_size;
use super::rewrites::RewriteJob;
use super::share::save_bytes;
use super::state::{Action, Timing};
use super::verdict::{self, count, plural, Health};

/// The first diagnostic at `pointer` or inside it, to jump to from a target's verdict.
fn place_of(report: &Report, pointer: &str) -> Option<TextRange> {
    let diagnostics = &report.diagnostics;
    diagnostics
        .iter()
        .find(|d| d.pointer == pointer)
        .or_else(|| diagnostics.iter().find(|d| d.pointer.starts_with(pointer)))
        .map(|d| d.utf16_range)
}

#[derive(Properties, PartialEq)]
pub(crate) struct DocumentBarProps {
    pub(crate) report: Rc<Report>,
    pub(crate) bytes: Rc<Vec<u8>>,
    /// The download's name for the report's bytes (the worker works it out with the check).
    pub(crate) file_name: String,
    pub(crate) original_digest: Option<String>,
    /// The report is for an earlier version of the text (a check is under way).
    pub(crate) stale: bool,
    pub(crate) timing: Timing,
    /// A document of the bundle this one lists that fares worse than it.
    #[prop_or_default]
    pub(crate) child: Option<ChildNote>,
}

/// What the parent's summary says of a child that fares worse.
#[derive(Clone, PartialEq)]
pub(crate) struct ChildNote {
    pub(crate) name: String,
    pub(crate) health: Health,
    /// What is wrong with the child ([`verdict::concern`]).
    pub(crate) headline: String,
    pub(crate) on_open: Callback<MouseEvent>,
}

/// What the document is, its digest and size, and the download of its exact bytes.
#[function_component(DocumentBar)]
pub(crate) fn document_bar(props: &DocumentBarProps) -> Html {
    let report = &props.report;
    let media_type = report.media_type.clone().unwrap_or_default();
    let file_name = props.file_name.clone();
    let on_download = {
        let (bytes, name, media_type, stale) = (
            props.bytes.clone(),
            file_name.clone(),
            media_type.clone(),
            props.stale,
        );
        Callback::from(move |_: MouseEvent| {
            let media_type = if media_type.is_empty() {
                "application/json"
            } else {
                &media_type
            };
            // Typed since the report: the name of the bytes saved (read here, once, on the click).
            let name = if stale {
                ocilint_core::rewrite::file_name(&bytes)
            } else {
                name.clone()
            };
            save_bytes(&bytes, &name, media_type);
        })
    };
    // "Copied" for a moment on the button itself: a copy makes no other sign.
    let copied = use_state(|| false);
    let on_copy = {
        let (digest, copied) = (report.digest.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(window) = web_sys::window() {
                let promise = window.navigator().clipboard().write_text(&digest);
                let copied = copied.clone();
                yew::platform::spawn_local(async move {
                    if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                        copied.set(true);
                        yew::platform::time::sleep(std::time::Duration::from_secs(2)).await;
                        copied.set(false);
                    }
                });
            }
        })
    };
    let changed = props
        .original_digest
        .as_ref()
        .is_some_and(|original| *original != report.digest);
    let (errors, warnings) = (
        count(report, Severity::Error),
        count(report, Severity::Warning),
    );
    let timing = props.timing;
    let refused = verdict::refusals(report).len();
    let own = verdict::health(report);
    let headline_health = props.child.as_ref().map_or(own, |c| c.health.max(own));
    html! {
        <div class={classes!("document-bar", props.stale.then_some("stale"))}>
            <h2 id="verdict" tabindex="-1" class={classes!("headline", headline_health.class())}>
                { match props.child.as_ref() {
                    // A listed document fares worse: that is this document's verdict too.
                    Some(child) => html! {
                        <span class="child-note" data-child={child.name.clone()}>
                            {format!("{} (listed here): ", child.name)}
                            {inline_code(&child.headline)}
                        </span>
                    },
                    None => {
                        let (words, condition) = verdict::headline_parts(report);
                        html! {
                            <>
                                { inline_code(&words) }
                                { for condition.map(|line| html! {
                                    <>{" "}<span class="headline-condition">{line}</span></>
                                }) }
                            </>
                        }
                    }
                } }
            </h2>
            // One child node whether or not there is a button: a `for` over an Option would add
            // or drop a sibling, and Yew pairs siblings from the end, so the verdict heading
            // (which may have the focus) would be replaced by a new element.
            { if let Some(child) = props.child.as_ref() { html! {
                <button type="button" class="secondary small open-child" onclick={child.on_open.clone()}>
                    {format!("Open {}", child.name)}
                </button>
            } } else { html! {} } }
            <p class="status">
                { if errors > 0 {
                    html! { <span class="verdict bad">{plural(errors, "error")}</span> }
                } else {
                    html! { <span class="verdict good">{"No errors"}</span> }
                } }
                { if warnings > 0 { html! { <span class="verdict warn">{plural(warnings, "warning")}</span> } } else { html! {} } }
                { if refused > 0 { html! { <span class="verdict bad">{plural(refused, "refusal")}</span> } } else { html! {} } }
                <span class="timing muted" id="check-timing"
                    data-first-ms={timing.first_ms.map(|ms| format!("{ms:.1}"))}
                    data-latency-ms={format!("{:.1}", timing.latency_ms)}
                    data-engine-ms={format!("{:.1}", timing.engine_ms)}>
                    { if props.stale { "checking…".to_owned() } else { format!("checked in {:.0} ms", timing.engine_ms) } }
                </span>
            </p>
            <dl class="summary">
                <dt>{"Kind"}</dt><dd class="kind">{report.kind.as_str()}</dd>
                <dt>{"Media type"}</dt>
                <dd>{ match describe_media_type(&media_type) {
                    Some((what, url)) => html! { <><code>{media_type.clone()}</code>{" "}
                        <a href={url} target="_blank" rel="noopener noreferrer">{what}</a></> },
                    None if media_type.is_empty() => html! { {"unknown"} },
                    None => html! { <code>{media_type.clone()}</code> },
                } }</dd>
                <dt>{"Size"}</dt><dd>{format!("{} bytes", report.size)}
                    { if report.size >= 1024 { html! { <span class="muted">{format!(" ({})", human_size(report.size))}</span> } } else { html! {} } }</dd>
                <dt>{"Digest"}</dt>
                <dd class="digest-row">
                    <code class="digest" data-digest={report.digest.clone()}>{&report.digest}</code>
                    <button type="button" class="secondary small" id="copy-digest" onclick={on_copy}>
                        { if *copied { "Copied ✓" } else { "Copy digest" } }
                    </button>
                </dd>
            </dl>
            <div class="download">
                <button type="button" id="download" onclick={on_download} data-file-name={file_name.clone()}>
                    {format!("Download {file_name}")}
                </button>
            </div>
            { if changed { html! {
                <p class="warning-note" role="note">
                    {"This document's digest is no longer the one it was opened with. Signatures, attestations and referrers \
                      that name the old digest do not apply to it, and the parents that list it need the new digest and size."}
                </p>
            } } else { html! {} } }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct ProblemsProps {
    pub(crate) report: Rc<Report>,
    /// The document's name in the bundle, which a fix names.
    pub(crate) document: String,
    pub(crate) on_select: Callback<(u32, u32)>,
    pub(crate) dispatch: Callback<Action>,
    /// A diagnostic to show even inside a folded group (the quick fix's), by its index.
    #[prop_or_default]
    pub(crate) reveal: Option<usize>,
}

/// How many rows the list draws at first, and how many more each "Show more" adds: a report
/// of thousands of kinds is drawn a page at a time, never in one long task.
const ROWS_PAGE: usize = 100;
/// How many members of an open group are drawn at first, and how many more each "Show more".
const MEMBERS_PAGE: usize = 50;

/// A list drawn a page at a time, so that thousands of items are never drawn in one long task:
/// how many of it to draw, and the "show more" under it that adds a page.
pub(crate) struct Paged {
    limit: UseStateHandle<usize>,
    page: usize,
}

/// `first` items drawn at first, and `page` more on each "show more".
#[hook]
pub(crate) fn use_paged(first: usize, page: usize) -> Paged {
    Paged {
        limit: use_state_eq(|| first),
        page,
    }
}

impl Paged {
    /// How many items to draw.
    pub(crate) fn limit(&self) -> usize {
        *self.limit
    }

    /// The "show more" under the list, `more` items not drawn, its button of class `class`
    /// labelled with how many the next page draws. Always there (hidden when all is drawn), so
    /// the list before it is never made anew.
    pub(crate) fn more_button(
        &self,
        class: &'static str,
        more: usize,
        label: impl FnOnce(usize) -> String,
    ) -> Html {
        let onclick = {
            let (limit, page) = (self.limit.clone(), self.page);
            Callback::from(move |_: MouseEvent| limit.set(*limit + page))
        };
        html! {
            <p class="more-rows" hidden={more == 0}>
                <button type="button" class={classes!("secondary", "small", class)} {onclick}>
                    {label(more.min(self.page))}
                </button>
            </p>
        }
    }
}

/// A report's `Rc`, compared by pointer: each check makes a new one.
#[derive(Clone)]
struct SameReport(Rc<Report>);

impl PartialEq for SameReport {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Every diagnostic, in document order (the engine sorts by position, then code), with the
/// problems of one kind folded into one row ([`groups`]); filtered by severity, code or
/// target, and divided by one of them, as the user chooses above the list.
#[function_component(Problems)]
pub(crate) fn problems(props: &ProblemsProps) -> Html {
    let filter = use_state(Filter::default);
    let group_by = use_state(GroupBy::default);
    let sections = use_memo(
        (
            SameReport(props.report.clone()),
            (*filter).clone(),
            *group_by,
        ),
        |(report, filter, group_by)| groups::sections(&report.0, filter, *group_by),
    );
    let paged = use_paged(ROWS_PAGE, ROWS_PAGE);
    if props.report.diagnostics.is_empty() {
        return html! { <p class="empty good-news">{"No problems found."}</p> };
    }
    let total_rows: usize = sections.iter().map(|s| s.rows.len()).sum();
    let more = total_rows.saturating_sub(paged.limit());
    let diagnostics = &props.report.diagnostics;
    let mut codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let targets = groups::target_codes(&props.report);
    let select_value = |event: Event| -> String {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        select.value()
    };
    let on_severity = {
        let filter = filter.clone();
        Callback::from(move |event: Event| {
            let value = select_value(event);
            filter.set(Filter {
                severity: ocilint_core::selection::parse_severity(&value),
                ..(*filter).clone()
            });
        })
    };
    let on_code = {
        let filter = filter.clone();
        Callback::from(move |event: Event| {
            let value = select_value(event);
            filter.set(Filter {
                code: (!value.is_empty()).then_some(value),
                ..(*filter).clone()
            });
        })
    };
    let on_target = {
        let filter = filter.clone();
        Callback::from(move |event: Event| {
            let value = select_value(event);
            filter.set(Filter {
                target: (!value.is_empty()).then_some(value),
                ..(*filter).clone()
            });
        })
    };
    let on_group = {
        let group_by = group_by.clone();
        Callback::from(move |event: Event| group_by.set(GroupBy::parse(&select_value(event))))
    };
    let count_of =
        |keep: &dyn Fn(&Diagnostic) -> bool| diagnostics.iter().filter(|d| keep(d)).count();
    let shown_count: usize = match *group_by {
        // A problem two targets name is in both sections: count each once.
        GroupBy::Target => groups::sections(&props.report, &filter, GroupBy::Nothing)[0].count,
        _ => sections.iter().map(|s| s.count).sum(),
    };
    let mut budget = paged.limit();
    html! {
        <div class="problems">
            <div class="problem-filters" role="group" aria-label="Filter the problems">
                <label>{"Severity "}
                    <select id="filter-severity" onchange={on_severity}>
                        <option value="" selected={filter.severity.is_none()}>{"all"}</option>
                        { for [Severity::Error, Severity::Warning, Severity::Info].into_iter().map(|severity| html! {
                            <option value={severity.as_str()} selected={filter.severity == Some(severity)}>
                                {format!("{} ({})", severity.as_str(), count_of(&|d: &Diagnostic| d.severity == severity))}
                            </option>
                        }) }
                    </select>
                </label>
                <label>{"Code "}
                    <select id="filter-code" onchange={on_code}>
                        <option value="" selected={filter.code.is_none()}>{"all"}</option>
                        { for codes.iter().map(|code| html! {
                            <option value={*code} selected={filter.code.as_deref() == Some(*code)}>
                                {format!("{code} ({})", count_of(&|d: &Diagnostic| d.code == *code))}
                            </option>
                        }) }
                    </select>
                </label>
                <label>{"Target "}
                    <select id="filter-target" onchange={on_target}>
                        <option value="" selected={filter.target.is_none()}>{"any"}</option>
                        { for targets.iter().map(|(target, _)| html! {
                            <option value={*target} selected={filter.target.as_deref() == Some(*target)}>{format!("named by {target}")}</option>
                        }) }
                    </select>
                </label>
                <label>{"Group by "}
                    <select id="group-by" onchange={on_group}>
                        { for GroupBy::ALL.into_iter().map(|g| html! {
                            <option value={g.as_str()} selected={*group_by == g}>{g.label()}</option>
                        }) }
                    </select>
                </label>
                <span class="filter-count muted" id="filter-count">
                    { if shown_count == diagnostics.len() { String::new() } else { format!("{shown_count} of {} shown", diagnostics.len()) } }
                </span>
            </div>
            { if shown_count == 0 { html! { <p class="empty">{"No problem matches these filters."}</p> } } else { html! {} } }
            { for sections.iter().enumerate().map(|(number, section)| {
                let take = budget.min(section.rows.len());
                budget -= take;
                html! {
                    <section class="problem-section" key={format!("s{number}")} data-section={section.heading.clone()}>
                        { for section.heading.as_ref().map(|heading| html! {
                            <h3 class="section-heading">{heading.clone()}<span class="muted">{format!(" ({})", section.count)}</span></h3>
                        }) }
                        <ul class="diagnostics" aria-label={section.heading.clone().unwrap_or_else(|| "Problems".to_owned())}>
                            { for section.rows.iter().take(take).map(|row| problem_row(row, props)) }
                        </ul>
                    </section>
                }
            }) }
            { paged.more_button("more-problems", more, |next| format!("Show {next} more ({more} not shown)")) }
        </div>
    }
}

fn problem_row(row: &Row, props: &ProblemsProps) -> Html {
    match row {
        Row::One(index) => html! {
            <DiagnosticItem key={format!("d{index}")} index={*index} diagnostic={props.report.diagnostics[*index].clone()}
                document={props.document.clone()} on_select={props.on_select.clone()} dispatch={props.dispatch.clone()} />
        },
        Row::Group(members) => {
            let first = &props.report.diagnostics[members[0]];
            html! {
                <GroupItem key={format!("g{}{}", first.code, groups::shape(&first.message))}
                    report={props.report.clone()} members={Rc::new(members.clone())} reveal={props.reveal}
                    document={props.document.clone()} on_select={props.on_select.clone()} dispatch={props.dispatch.clone()} />
            }
        }
    }
}

#[derive(Properties, PartialEq)]
struct GroupProps {
    report: Rc<Report>,
    /// Indexes into the report's diagnostics, in document order.
    members: Rc<Vec<usize>>,
    reveal: Option<usize>,
    document: String,
    on_select: Callback<(u32, u32)>,
    dispatch: Callback<Action>,
}

/// Problems of one kind as one row: the kind's first message and help, how many there are and
/// where the first is; opened (a button, so Enter and Space do it) it lists them a page at a
/// time.
#[function_component(GroupItem)]
fn group_item(props: &GroupProps) -> Html {
    let open = use_state(|| false);
    // The quick fix's diagnostic that the user folded away again: it no longer holds the group open.
    let folded_reveal = use_state(|| None::<usize>);
    let paged = use_paged(MEMBERS_PAGE, MEMBERS_PAGE);
    let shown = paged.limit();
    let members = &props.members;
    let first = &props.report.diagnostics[members[0]];
    // A quick fix asked for a member: the group opens to show it.
    let revealed = props
        .reveal
        .filter(|index| *folded_reveal != Some(*index))
        .and_then(|index| members.iter().position(|m| *m == index));
    let is_open = *open || revealed.is_some();
    let on_toggle = {
        let (open, folded_reveal, reveal) = (open.clone(), folded_reveal.clone(), props.reveal);
        Callback::from(move |_: MouseEvent| {
            if is_open {
                folded_reveal.set(reveal);
            }
            open.set(!is_open);
        })
    };
    let severity = first.severity.as_str();
    let list_id = format!("group-{}-{}", first.code, members[0]);
    let count = members.len();
    let mut drawn: Vec<usize> = if is_open {
        members.iter().take(shown).copied().collect()
    } else {
        Vec::new()
    };
    if let Some(position) = revealed.filter(|p| *p >= shown) {
        drawn.push(members[position]);
    }
    let more = if is_open {
        count.saturating_sub(shown)
    } else {
        0
    };
    let last = &props.report.diagnostics[members[count - 1]];
    html! {
        <li class={classes!("diagnostic-group", severity)} data-group-code={first.code} data-severity={severity}
            data-count={count.to_string()}>
            <div class="diagnostic-head">
                <button type="button" class="group-toggle" aria-expanded={is_open.to_string()} aria-controls={list_id.clone()}
                    onclick={on_toggle}>
                    <span class="chevron" aria-hidden="true">{if is_open { "▾" } else { "▸" }}</span>
                    <span class="severity">{severity}</span>{" "}
                    <span class="count">{format!("{count} ×")}</span>
                    <span class="position" title={format!("the first of them; the last is on line {}", last.line)}>
                        {format!("line {}, column {}", first.line, first.column)}
                    </span>
                </button>
                <a class="code rule-link" href={format!("rules/{}.html", first.code)} target="_blank"
                    title={format!("{}: what it checks, why, how to fix (offline)", first.rule)}>{first.code}</a>
            </div>
            <p class="message">{inline_code(&first.message)}</p>
            <p class="group-note muted">{format!("and {} more like it", count - 1)}</p>
            <p class="help">{inline_code(first.help)}</p>
            <div id={list_id} class="group-members" hidden={!is_open}>
                <ul class="diagnostics" aria-label={format!("{count} × {}", first.code)}>
                    { for drawn.iter().map(|index| html! {
                        <DiagnosticItem key={format!("d{index}")} index={*index} diagnostic={props.report.diagnostics[*index].clone()}
                            document={props.document.clone()} on_select={props.on_select.clone()} dispatch={props.dispatch.clone()} />
                    }) }
                </ul>
                { paged.more_button("more-members", more, |next| format!("Show {next} more ({more} not shown)")) }
            </div>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct DiagnosticProps {
    /// Its index in the report, which a quick fix finds it by.
    index: usize,
    diagnostic: Diagnostic,
    document: String,
    on_select: Callback<(u32, u32)>,
    dispatch: Callback<Action>,
}

#[function_component(DiagnosticItem)]
fn diagnostic_item(props: &DiagnosticProps) -> Html {
    let d = &props.diagnostic;
    let onclick = {
        let range = (d.utf16_range.start, d.utf16_range.end);
        props.on_select.reform(move |_: MouseEvent| range)
    };
    let severity = d.severity.as_str();
    html! {
        <li
            class={classes!("diagnostic", severity)}
            data-code={d.code}
            data-index={props.index.to_string()}
            data-severity={severity}
            data-pointer={d.pointer.clone()}
        >
            <div class="diagnostic-head">
                <button type="button" class="locate" {onclick} title="Select in the document">
                    <span class="severity">{severity}</span>{" "}
                    <span class="position">{format!("line {}, column {}", d.line, d.column)}</span>
                </button>
                <a class="code rule-link" href={format!("rules/{}.html", d.code)} target="_blank"
                    title={format!("{}: what it checks, why, how to fix (offline)", d.rule)}>{d.code}</a>
            </div>
            <p class="message">{inline_code(&d.message)}</p>
            { if d.pointer.is_empty() { html! {} } else {
                html! { <p class="pointer"><code>{&d.pointer}</code></p> }
            } }
            { if d.related.is_empty() { html! {} } else { html! {
                <ul class="related" aria-label="Related places">
                    { for d.related.iter().map(|related| {
                        let range = (related.utf16_range.start, related.utf16_range.end);
                        let onclick = props.on_select.reform(move |_: MouseEvent| range);
                        html! {
                            <li class="related-place" data-related-pointer={related.pointer.clone()}>
                                <button type="button" class="link place" {onclick} title="Select in the document">
                                    {format!("line {}, column {}", related.line, related.column)}
                                </button>
                                {" "}{inline_code(&related.message)}
                            </li>
                        }
                    }) }
                </ul>
            } } }
            <p class="help">{inline_code(d.help)}</p>
            { for d.fix.as_ref().map(|fix| {
                let job = RewriteJob::One {
                    code: d.code.to_owned(),
                    safety: fix.safety,
                    document: props.document.clone(),
                    pointer: d.pointer.clone(),
                };
                let onclick = props.dispatch.reform(move |_: MouseEvent| Action::Rewrite(job.clone()));
                html! {
                    <p class="fix" data-fix-safety={fix.safety.as_str()}>
                        <span class={classes!("badge", safety_class(fix.safety))}>{fix.safety.as_str()}</span>
                        {" "}{inline_code(&fix.title)}{" "}
                        { if fix.safety == FixSafety::DisplayOnly { html! {} } else { html! {
                            <button type="button" class="secondary small preview-fix" {onclick}>{"Preview fix"}</button>
                        } } }
                    </p>
                }
            }) }
            <a class="spec" href={d.url} target="_blank" rel="noopener noreferrer">{format!("{} · specification", d.rule)}</a>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct TargetsProps {
    pub(crate) report: Rc<Report>,
    pub(crate) on_select: Callback<(u32, u32)>,
}

/// Who accepts the document: each registry's or client's verdict, in its own words, with a link
/// to the place in the document that causes it. Refusals come first; the targets that accept
/// without a word fold into one line.
#[function_component(Targets)]
pub(crate) fn targets(props: &TargetsProps) -> Html {
    // With no Content-Type given, what every model assumed is said once, above the rows.
    let assumed = ocilint_core::targets::assumed_by_all(&props.report.targets);
    let (silent, spoken): (Vec<&TargetVerdict>, Vec<&TargetVerdict>) =
        verdict::by_rank(&props.report)
            .into_iter()
            .partition(|t| verdict::is_silent_accept(t, assumed.is_some()));
    html! {
        <>
        { for assumed.map(|media_type| html! {
            <p class="targets-assumption muted" id="targets-assumption">
                {"No Content-Type was given: the modelled programs take the document as sent with "}
                <code>{media_type}</code>
                {". Set the Content-Type above to judge it as sent with another."}
            </p>
        }) }
        <table class="targets">
            <caption class="visually-hidden">{"Each target's verdict, refusals first"}</caption>
            <thead><tr><th scope="col">{"verdict"}</th><th scope="col">{"target"}</th><th scope="col">{"what it says"}</th></tr></thead>
            <tbody>
                { for spoken.into_iter().map(|t| target_row(t, &props.report, &props.on_select, assumed.is_some())) }
                { if silent.is_empty() { html! {} } else { html! {
                    <tr class="target accept folded" data-folded={silent.len().to_string()}>
                        <td><span class="badge accept">{"accept"}</span></td>
                        <td colspan="2" class="target-message">
                            {format!("{} with no known refusal: ", plural(silent.len(), "target"))}
                            { for silent.iter().enumerate().map(|(index, t)| html! {
                                <>
                                    { if index > 0 { ", " } else { "" } }
                                    <span class="target-name" data-target={t.target} data-verdict="accept">
                                        {format!("{}@{}", t.target, t.version)}
                                        <span class="operation">{t.operation.as_str()}</span>
                                    </span>
                                </>
                            }) }
                        </td>
                    </tr>
                } } }
            </tbody>
        </table>
        </>
    }
}

fn target_row(
    verdict: &TargetVerdict,
    report: &Report,
    on_select: &Callback<(u32, u32)>,
    assumption_said: bool,
) -> Html {
    let word = verdict.verdict.as_str();
    html! {
        <tr class={classes!("target", word)} data-target={verdict.target} data-verdict={word}>
            <td><span class={classes!("badge", word)}>{word}</span></td>
            <td class="target-name">{format!("{}@{}", verdict.target, verdict.version)}
                <span class="operation">{verdict.operation.as_str()}</span></td>
            <td class="target-message">
                { inline_code(verdict.message.as_deref().unwrap_or_default()) }
                { for verdict.codes.iter().map(|code| html! {
                    <a class="target-code" href={format!("rules/{code}.html")} target="_blank">{*code}</a>
                }) }
                { for verdict.pointers.iter().filter_map(|pointer| {
                    let span = place_of(report, pointer)?;
                    let onclick = on_select.reform(move |_: MouseEvent| (span.start, span.end));
                    let label = pointer_label(pointer).to_owned();
                    Some(html! { <button type="button" class="link place" {onclick} title="Show in the document"><code>{label}</code></button> })
                }) }
                { for verdict::condition_line(verdict, assumption_said).map(|line| html! {
                    <p class="target-condition">{line}</p>
                }) }
                <div class="target-basis muted">
                    <span class="basis-note">{verdict::basis_note(verdict)}</span>
                    // A model's evidence is a list of source files: one click away, not five
                    // lines under every row; a table's is a sentence, read in place.
                    { if verdict.basis == Basis::Model { html! {
                        <details class="source">
                            <summary>{"the code modelled"}</summary>
                            {verdict.source.clone()}
                        </details>
                    } } else { html! {
                        <>{" · "}<span class="source">{verdict.source.clone()}</span></>
                    } } }
                </div>
            </td>
        </tr>
    }
}

/// Renders `text` with its backtick-quoted parts as `<code>`, always as text (never markup).
pub(crate) fn inline_code(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(index, part)| {
            if index % 2 == 1 {
                html! { <code>{part.to_owned()}</code> }
            } else {
                html! { {part.to_owned()} }
            }
        })
        .collect::<Html>()
}
