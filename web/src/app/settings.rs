//! The settings panel: which rules report and at which severity, and the targets, as the CLI
//! reads them from `ocilint.toml`. The model is core's ([`ocilint_core::config::Config`]): the
//! panel edits it, exports it with `Config::to_toml`, and imports a file through the worker
//! (which reads TOML, so the page's own wasm carries no TOML parser). A file that does not
//! read is shown as it was, with every problem at its line and column; the settings stay.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use ocilint_core::config::{Config, ConfigError, FILE_NAME};
use ocilint_core::rules::{metas, RuleMeta};
use ocilint_core::{targets, Severity};

use super::panels::inline_code;
use super::share::save_bytes;
use super::state::Action;

#[derive(Properties, PartialEq)]
pub(crate) struct SettingsProps {
    pub(crate) settings: Rc<Config>,
    /// The file the export writes (the settings with the Targets and Content-Type fields).
    pub(crate) exported: String,
    /// The Targets field, as typed.
    pub(crate) targets: String,
    /// A file is being read.
    pub(crate) importing: bool,
    pub(crate) problems: Option<(Rc<String>, Vec<ConfigError>)>,
    pub(crate) dispatch: Callback<Action>,
}

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

#[function_component(Settings)]
pub(crate) fn settings(props: &SettingsProps) -> Html {
    let find = use_state(String::new);
    let dispatch = props.dispatch.clone();
    let on_import = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|list| list.get(0)) else {
                return;
            };
            input.set_value("");
            let dispatch = dispatch.clone();
            yew::platform::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(text) => {
                        dispatch.emit(Action::ImportSettings(text.as_string().unwrap_or_default()))
                    }
                    Err(_) => dispatch.emit(Action::Notice(format!(
                        "{} could not be read.",
                        file.name()
                    ))),
                }
            });
        })
    };
    let on_export = {
        let text = props.exported.clone();
        Callback::from(move |_: MouseEvent| {
            save_bytes(text.as_bytes(), FILE_NAME, "application/toml")
        })
    };
    let on_reset = dispatch.reform(|_: MouseEvent| Action::ResetSettings);
    let on_targets = dispatch.reform(|event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        Action::Targets(input.value())
    });
    let on_find = {
        let find = find.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            find.set(input.value());
        })
    };
    let targets_error = targets::parse_list(&props.targets).err();
    let selection = props.settings.rule_selection().unwrap_or_default();
    let needle = find.trim().to_ascii_lowercase();
    let rules: Vec<&'static RuleMeta> = metas()
        .map(|(_, meta)| meta)
        .filter(|meta| {
            needle.is_empty()
                || meta.code.to_ascii_lowercase().contains(&needle)
                || meta.name.contains(&needle)
        })
        .collect();
    let off = metas()
        .map(|(_, meta)| meta)
        .filter(|meta| !selection.is_enabled(meta.code))
        .count();
    let regraded = metas()
        .map(|(_, meta)| meta)
        .filter(|meta| selection.severity_of(meta.code, meta.severity) != meta.severity)
        .count();
    html! {
        <div class="settings">
            <div class="settings-actions">
                <label class="file-button secondary">
                    {"Import ocilint.toml…"}
                    <input type="file" id="settings-import" accept=".toml,text/plain,application/toml" onchange={on_import} />
                </label>
                <button type="button" class="secondary" id="settings-export" onclick={on_export}>{"Export ocilint.toml"}</button>
                <button type="button" class="secondary" id="settings-reset" onclick={on_reset}>{"Reset"}</button>
                <a class="rules-catalogue" href="rules/index.html" target="_blank">{"Rules catalogue"}</a>
            </div>
            { if props.importing { html! { <p class="muted" role="status">{"Reading ocilint.toml…"}</p> } } else { html! {} } }
            { match &props.problems {
                Some((text, problems)) => problems_note(text, problems),
                None => html! {},
            } }
            <p class="settings-summary" id="settings-summary">
                {format!("{} of {} rules report", metas().count() - off, metas().count())}
                { if regraded > 0 { format!(", {regraded} at another severity") } else { String::new() } }
                {". The same settings as "}<code>{FILE_NAME}</code>{" for "}<code>{"ocilint check"}</code>{"; kept in this browser."}
            </p>
            <div class="settings-targets">
                <label for="settings-targets">{"Targets"}</label>
                <input id="settings-targets" list="target-names" placeholder="all (e.g. quay, ecr@…)"
                    value={props.targets.clone()} oninput={on_targets}
                    aria-invalid={targets_error.is_some().to_string()}
                    aria-describedby={targets_error.is_some().then_some("settings-targets-error")} />
                <datalist id="target-names">
                    { for targets::all().iter().map(|t| html! { <option value={t.name} /> }) }
                </datalist>
                <p class="field-error" id="settings-targets-error" hidden={targets_error.is_none()}>
                    { for targets_error.map(|message| inline_code(&message)) }
                </p>
            </div>
            <details class="settings-file">
                <summary>{"The file the export writes"}</summary>
                <pre id="settings-toml">{ if props.exported.is_empty() { "# every rule, at its own severity\n".to_owned() } else { props.exported.clone() } }</pre>
            </details>
            <div class="rule-find">
                <label for="rule-find">{"Find a rule"}</label>
                <input id="rule-find" type="search" placeholder="code or name" value={(*find).clone()} oninput={on_find} />
            </div>
            <table class="rule-settings">
                <caption class="visually-hidden">{"Each rule: whether it reports, and at which severity"}</caption>
                <thead><tr><th scope="col">{"on"}</th><th scope="col">{"rule"}</th><th scope="col">{"severity"}</th></tr></thead>
                <tbody>
                    { for rules.into_iter().map(|meta| rule_row(meta, &selection, &props.settings, &dispatch)) }
                </tbody>
            </table>
        </div>
    }
}

/// An import that did not read: every problem where it is, and the file as it was.
fn problems_note(text: &str, problems: &[ConfigError]) -> Html {
    html! {
        <div class="settings-problems" id="settings-problems" role="alert">
            <p><strong>{format!("{FILE_NAME} was not applied")}</strong>
                {format!(": {} problem{}. The settings below are unchanged.", problems.len(), if problems.len() == 1 { "" } else { "s" })}</p>
            <ul>
                { for problems.iter().map(|problem| html! {
                    <li class="settings-problem" data-line={problem.line.to_string()} data-column={problem.column.to_string()}>
                        <code>{format!("{FILE_NAME}:{}:{}", problem.line, problem.column)}</code>{": "}{inline_code(&problem.message)}
                    </li>
                }) }
            </ul>
            <details open=true>
                <summary>{"The file as imported"}</summary>
                <pre class="settings-imported">
                    { for text.lines().enumerate().map(|(index, line)| {
                        let marked = problems.iter().any(|p| p.line == index + 1);
                        html! { <span class={classes!("line", marked.then_some("marked"))}>{format!("{:>3}  {line}\n", index + 1)}</span> }
                    }) }
                </pre>
            </details>
        </div>
    }
}

fn rule_row(
    meta: &'static RuleMeta,
    selection: &ocilint_core::selection::RuleSelection,
    settings: &Config,
    dispatch: &Callback<Action>,
) -> Html {
    let code = meta.code;
    let enabled = selection.is_enabled(code);
    // The override that names exactly this rule, as the select shows it; one by a group or
    // prefix shows as the severity it gives.
    let own = settings
        .severity
        .iter()
        .rev()
        .find(|(selector, _)| selector == code)
        .map(|(_, severity)| *severity);
    let effective = selection.severity_of(code, meta.severity);
    let on_toggle = dispatch.reform(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        Action::RuleEnabled(code.to_owned(), input.checked())
    });
    let on_severity = dispatch.reform(move |event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        let severity = ocilint_core::selection::parse_severity(&select.value());
        Action::RuleSeverity(code.to_owned(), severity)
    });
    html! {
        <tr class={classes!("rule-setting", (!enabled).then_some("off"))} data-rule={code}
            data-enabled={enabled.to_string()} data-severity={effective.as_str()}>
            <td><input type="checkbox" id={format!("rule-on-{code}")} checked={enabled} onchange={on_toggle}
                aria-label={format!("Report {code} ({})", meta.name)} /></td>
            <td><a class="code rule-link" href={format!("rules/{code}.html")} target="_blank">{code}</a>
                {" "}<span class="rule-name">{meta.name}</span></td>
            <td>
                <select id={format!("rule-severity-{code}")} onchange={on_severity} disabled={!enabled}
                    aria-label={format!("Severity of {code}")}>
                    <option value="" selected={own.is_none()}>
                        { if effective == meta.severity { format!("{} (its own)", meta.severity.as_str()) }
                          else { format!("{} (by a group)", effective.as_str()) } }
                    </option>
                    { for SEVERITIES.iter().map(|severity| html! {
                        <option value={severity.as_str()} selected={own == Some(*severity)}>{severity.as_str()}</option>
                    }) }
                </select>
            </td>
        </tr>
    }
}
