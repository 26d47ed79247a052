//! The page: paste or type a document, optionally name the Content-Type it is pushed with, and
//! read every diagnostic with its line and column. Clicking one selects its range in the
//! editor. Everything runs in this tab; nothing is sent anywhere.

use ocilint_core::targets::{Operation, TargetVerdict, Verdict};
use ocilint_core::{CheckOptions, Diagnostic, Report, Severity};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// A manifest with the kind of damage users meet: a config without `digest`, an uppercase
/// layer digest.
const EXAMPLE: &str = r#"{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {
    "mediaType": "application/vnd.oci.image.config.v1+json",
    "size": 2297
  },
  "layers": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "size": 29534055,
      "digest": "sha256:3713021B02770A720DEA9B54C03D0ED83E03A2EF5DCE2898C56A327FEE9A8BCA"
    }
  ]
}
"#;

/// Media types offered for the Content-Type field.
const CONTENT_TYPES: [&str; 4] = [
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
];

/// Mounts the app on the page's `<body>`.
pub fn mount() {
    yew::Renderer::<App>::new().render();
}

#[function_component(App)]
pub fn app() -> Html {
    let text = use_state(String::new);
    let content_type = use_state(String::new);
    let editor = use_node_ref();

    let report = use_memo(
        ((*text).clone(), (*content_type).clone()),
        |(text, content_type)| {
            (!text.is_empty()).then(|| {
                let content_type = Some(content_type.trim())
                    .filter(|ct| !ct.is_empty())
                    .map(str::to_owned);
                ocilint_core::check(
                    text.as_bytes(),
                    &CheckOptions {
                        content_type,
                        ..Default::default()
                    },
                )
            })
        },
    );

    let on_input = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            text.set(area.value());
        })
    };
    let on_content_type = {
        let content_type = content_type.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            content_type.set(input.value());
        })
    };
    let on_example = {
        let text = text.clone();
        Callback::from(move |_: MouseEvent| text.set(EXAMPLE.to_owned()))
    };
    // Select a diagnostic's range in the editor; textareas index by UTF-16 code units.
    let on_select = {
        let editor = editor.clone();
        Callback::from(move |(start, end): (u32, u32)| {
            if let Some(area) = editor.cast::<HtmlTextAreaElement>() {
                let _ = area.focus();
                let _ = area.set_selection_range(start, end);
            }
        })
    };

    html! {
        <div class="app">
            <header class="top">
                <h1>{"ocilint"}</h1>
                <p class="tagline">
                    {"Check container image manifests, indexes and configs against the specs. "}
                    <strong>{"Nothing leaves your browser."}</strong>
                </p>
            </header>
            <main class="workspace">
                <section class="pane editor-pane" aria-label="Document">
                    <div class="toolbar">
                        <label class="content-type">
                            <span>{"Content-Type"}</span>
                            <input
                                id="content-type"
                                list="content-types"
                                placeholder="as declared in the document"
                                value={(*content_type).clone()}
                                oninput={on_content_type}
                            />
                            <datalist id="content-types">
                                { for CONTENT_TYPES.iter().map(|ct| html! { <option value={*ct} /> }) }
                            </datalist>
                        </label>
                        <button type="button" class="secondary" onclick={on_example}>{"Load example"}</button>
                    </div>
                    <textarea
                        id="document"
                        ref={editor}
                        spellcheck="false"
                        autocomplete="off"
                        placeholder="Paste a manifest, index or config here…"
                        value={(*text).clone()}
                        oninput={on_input}
                    />
                </section>
                <section class="pane results-pane" aria-label="Diagnostics" aria-live="polite">
                    { match report.as_ref() {
                        None => html! {
                            <p class="empty">{"Paste or type a document to see its diagnostics."}</p>
                        },
                        Some(report) => html! { <Results report={report.clone()} on_select={on_select} /> },
                    } }
                </section>
            </main>
            <footer class="privacy">
                {"Privacy: your document is checked by WebAssembly in this tab. It is not uploaded, logged or stored on any server."}
            </footer>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ResultsProps {
    report: Report,
    on_select: Callback<(u32, u32)>,
}

#[function_component(Results)]
fn results(props: &ResultsProps) -> Html {
    let report = &props.report;
    let count = |severity: Severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let verdict = if errors > 0 {
        html! { <span class="verdict bad">{format!("{errors} error{}", if errors == 1 { "" } else { "s" })}</span> }
    } else {
        html! { <span class="verdict good">{"No errors"}</span> }
    };
    html! {
        <>
            <dl class="summary">
                <dt>{"Kind"}</dt><dd class="kind">{report.kind.as_str()}</dd>
                <dt>{"Media type"}</dt>
                <dd>{report.media_type.clone().unwrap_or_else(|| "unknown".into())}</dd>
                <dt>{"Size"}</dt><dd>{format!("{} bytes", report.size)}</dd>
                <dt>{"Digest"}</dt>
                <dd><code class="digest" data-digest={report.digest.clone()}>{&report.digest}</code></dd>
            </dl>
            <h2 class="problems-heading">
                {verdict}
                { if warnings > 0 {
                    html! { <span class="verdict warn">{format!("{warnings} warning{}", if warnings == 1 { "" } else { "s" })}</span> }
                } else { html! {} } }
            </h2>
            <ul class="diagnostics">
                { for report.diagnostics.iter().map(|d| html! {
                    <DiagnosticItem diagnostic={d.clone()} on_select={props.on_select.clone()} />
                }) }
            </ul>
            <h2 class="targets-heading">{"Who accepts it"}</h2>
            <table class="targets">
                <tbody>
                    { for report.targets.iter().map(target_row) }
                </tbody>
            </table>
        </>
    }
}

/// One target's verdict: who, push or pull, the verdict, and the target's own words.
fn target_row(verdict: &TargetVerdict) -> Html {
    let word = match verdict.verdict {
        Verdict::Accept => "accept",
        Verdict::Reject => "reject",
        Verdict::Warn => "warn",
        Verdict::Unknown => "unknown",
    };
    let operation = match verdict.operation {
        Operation::Push => "push",
        Operation::Pull => "pull",
    };
    html! {
        <tr class={classes!("target", word)} data-target={verdict.target} data-verdict={word}>
            <td><span class={classes!("badge", word)}>{word}</span></td>
            <td class="target-name">{format!("{}@{}", verdict.target, verdict.version)}<span class="operation">{operation}</span></td>
            <td class="target-message">
                { verdict.message.clone().unwrap_or_default() }
                { if verdict.codes.is_empty() { html! {} } else {
                    html! { <span class="target-codes">{format!(" [{}]", verdict.codes.join(", "))}</span> }
                } }
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct DiagnosticProps {
    diagnostic: Diagnostic,
    on_select: Callback<(u32, u32)>,
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
            data-severity={severity}
            data-pointer={d.pointer.clone()}
        >
            <button type="button" class="locate" {onclick} title="Select in the document">
                <span class="severity">{severity}</span>
                <code class="code">{d.code}</code>
                <span class="position">{format!("line {}, column {}", d.line, d.column)}</span>
            </button>
            <p class="message">{inline_code(&d.message)}</p>
            { if d.pointer.is_empty() { html! {} } else {
                html! { <p class="pointer"><code>{&d.pointer}</code></p> }
            } }
            <p class="help">{inline_code(d.help)}</p>
            <a class="spec" href={d.url} target="_blank" rel="noopener noreferrer">{format!("{} · specification", d.rule)}</a>
        </li>
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
