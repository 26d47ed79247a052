//! The results side: the document's identity and download, the problems list, and the targets'
//! verdicts.

use std::rc::Rc;

use yew::prelude::*;

use super::fixes::safety_class;
use super::model::{Checked, Finding, TargetView};
use super::reading::human_size;
use super::share::save_bytes;
use super::state::{Action, Timing};
use ocilint_core::spec::media_types::describe as describe_media_type;

#[derive(Properties, PartialEq)]
pub(crate) struct DocumentBarProps {
    pub(crate) report: Rc<Checked>,
    pub(crate) bytes: Rc<Vec<u8>>,
    pub(crate) original_digest: Option<String>,
    /// The report is for an earlier version of the text (a check is under way).
    pub(crate) stale: bool,
    pub(crate) timing: Timing,
}

/// What the document is, its digest and size, and the download of its exact bytes.
#[function_component(DocumentBar)]
pub(crate) fn document_bar(props: &DocumentBarProps) -> Html {
    let report = &props.report;
    let media_type = report.media_type.clone().unwrap_or_default();
    let file_name = download_name(&report.kind, &report.digest);
    let on_download = {
        let (bytes, name, media_type) =
            (props.bytes.clone(), file_name.clone(), media_type.clone());
        Callback::from(move |_: MouseEvent| {
            let media_type = if media_type.is_empty() {
                "application/json"
            } else {
                &media_type
            };
            save_bytes(&bytes, &name, media_type);
        })
    };
    let on_copy = {
        let digest = report.digest.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&digest);
            }
        })
    };
    let changed = props
        .original_digest
        .as_ref()
        .is_some_and(|original| *original != report.digest);
    let (errors, warnings) = (report.count("error"), report.count("warning"));
    let timing = props.timing;
    html! {
        <div class={classes!("document-bar", props.stale.then_some("stale"))}>
            <dl class="summary">
                <dt>{"Kind"}</dt><dd class="kind">{report.kind.clone()}</dd>
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
                    <button type="button" class="secondary small" onclick={on_copy}>{"Copy digest"}</button>
                </dd>
            </dl>
            <div class="download">
                <button type="button" id="download" onclick={on_download} data-file-name={file_name.clone()}>
                    {format!("Download {file_name}")}
                </button>
                <span class="muted">{format!("{} bytes, {}", report.size, report.digest)}</span>
            </div>
            { if changed { html! {
                <p class="warning-note" role="note">
                    {"This document's digest is no longer the one it was opened with. Signatures, attestations and referrers \
                      that name the old digest do not apply to it, and the parents that list it need the new digest and size."}
                </p>
            } } else { html! {} } }
            <p class="status">
                { if errors > 0 {
                    html! { <span class="verdict bad">{plural(errors, "error")}</span> }
                } else {
                    html! { <span class="verdict good">{"No errors"}</span> }
                } }
                { if warnings > 0 { html! { <span class="verdict warn">{plural(warnings, "warning")}</span> } } else { html! {} } }
                <span class="timing muted" id="check-timing"
                    data-first-ms={timing.first_ms.map(|ms| format!("{ms:.1}"))}
                    data-latency-ms={format!("{:.1}", timing.latency_ms)}
                    data-engine-ms={format!("{:.1}", timing.engine_ms)}>
                    { if props.stale { "checking…".to_owned() } else { format!("checked in {:.0} ms", timing.engine_ms) } }
                </span>
            </p>
        </div>
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `manifest-3713021b0277.json`: what the document is, and the start of its digest.
pub(crate) fn download_name(kind: &str, digest: &str) -> String {
    let what = match kind {
        "oci-index" | "docker-manifest-list" => "index",
        "oci-config" | "docker-config" => "config",
        "oci-manifest" | "docker-manifest" | "docker-schema1" | "oci-artifact-manifest" => {
            "manifest"
        }
        _ => "document",
    };
    let hex = digest.split_once(':').map_or(digest, |(_, hex)| hex);
    format!("{what}-{}.json", &hex[..hex.len().min(12)])
}

#[derive(Properties, PartialEq)]
pub(crate) struct ProblemsProps {
    pub(crate) report: Rc<Checked>,
    pub(crate) on_select: Callback<(u32, u32)>,
    pub(crate) dispatch: Callback<Action>,
}

/// Every diagnostic, in document order (the engine sorts by position, then code).
#[function_component(Problems)]
pub(crate) fn problems(props: &ProblemsProps) -> Html {
    if props.report.diagnostics.is_empty() {
        return html! { <p class="empty good-news">{"No problems found."}</p> };
    }
    html! {
        <ul class="diagnostics" role="tabpanel" aria-labelledby="panel-problems">
            { for props.report.diagnostics.iter().map(|d| html! {
                <DiagnosticItem diagnostic={d.clone()} on_select={props.on_select.clone()} dispatch={props.dispatch.clone()} />
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct DiagnosticProps {
    diagnostic: Finding,
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
    let severity = d.severity.clone();
    html! {
        <li
            class={classes!("diagnostic", severity.clone())}
            data-code={d.code.clone()}
            data-severity={severity.clone()}
            data-pointer={d.pointer.clone()}
        >
            <div class="diagnostic-head">
                <button type="button" class="locate" {onclick} title="Select in the document">
                    <span class="severity">{severity}</span>
                    <span class="position">{format!("line {}, column {}", d.line, d.column)}</span>
                </button>
                <a class="code rule-link" href={format!("rules/{}.html", d.code)} target="_blank"
                    title={format!("{}: what it checks, why, how to fix (offline)", d.rule)}>{d.code.clone()}</a>
            </div>
            <p class="message">{inline_code(&d.message)}</p>
            { if d.pointer.is_empty() { html! {} } else {
                html! { <p class="pointer"><code>{&d.pointer}</code></p> }
            } }
            <p class="help">{inline_code(&d.help)}</p>
            { for d.fix.as_ref().map(|fix| {
                let (code, safety, pointer) = (d.code.clone(), fix.safety.clone(), d.pointer.clone());
                let onclick = props.dispatch.reform(move |_: MouseEvent| Action::RewriteOne {
                    code: code.clone(),
                    safety: safety.clone(),
                    pointer: pointer.clone(),
                });
                html! {
                    <p class="fix" data-fix-safety={fix.safety.clone()}>
                        <span class={classes!("badge", safety_class(&fix.safety))}>{fix.safety.clone()}</span>
                        {" "}{inline_code(&fix.title)}{" "}
                        { if fix.safety == "display-only" { html! {} } else { html! {
                            <button type="button" class="secondary small preview-fix" {onclick}>{"Preview fix"}</button>
                        } } }
                    </p>
                }
            }) }
            <a class="spec" href={d.url.clone()} target="_blank" rel="noopener noreferrer">{format!("{} · specification", d.rule)}</a>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct TargetsProps {
    pub(crate) report: Rc<Checked>,
    pub(crate) on_select: Callback<(u32, u32)>,
}

/// Who accepts the document: each registry's or client's verdict, in its own words, with a link
/// to the place in the document that causes it.
#[function_component(Targets)]
pub(crate) fn targets(props: &TargetsProps) -> Html {
    html! {
        <table class="targets" role="tabpanel" aria-labelledby="panel-targets">
            <thead><tr><th>{"verdict"}</th><th>{"target"}</th><th>{"what it says"}</th></tr></thead>
            <tbody>
                { for props.report.targets.iter().map(|t| target_row(t, &props.report, &props.on_select)) }
            </tbody>
        </table>
    }
}

fn target_row(verdict: &TargetView, report: &Checked, on_select: &Callback<(u32, u32)>) -> Html {
    let word = verdict.verdict.clone();
    html! {
        <tr class={classes!("target", word.clone())} data-target={verdict.target.clone()} data-verdict={word.clone()}>
            <td><span class={classes!("badge", word.clone())}>{word}</span></td>
            <td class="target-name">{format!("{}@{}", verdict.target, verdict.version)}
                <span class="operation">{verdict.operation.clone()}</span></td>
            <td class="target-message">
                { verdict.message.clone().unwrap_or_default() }
                { for verdict.codes.iter().map(|code| html! {
                    <a class="target-code" href={format!("rules/{code}.html")} target="_blank">{code.clone()}</a>
                }) }
                { for verdict.pointers.iter().filter_map(|pointer| {
                    let span = report.place_of(pointer)?;
                    let onclick = on_select.reform(move |_: MouseEvent| (span.start, span.end));
                    let label = if pointer.is_empty() { "/".to_owned() } else { pointer.clone() };
                    Some(html! { <button type="button" class="link place" {onclick} title="Show in the document"><code>{label}</code></button> })
                }) }
                <span class="source muted">{verdict.source.clone()}</span>
            </td>
        </tr>
    }
}

/// Renders `text` with its backtick-quoted parts as `<code>`, always as text (never markup).
fn inline_code(text: &str) -> Html {
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
