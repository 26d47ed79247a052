//! What the page's worker runs: the check of a bundle and its rewrites. The worker has a wasm
//! of its own (`src/bin/worker.rs`, with `ocilintWork` its only export), built from this module
//! and core: no Yew, no page. The page's wasm (`src/bin/app.rs`) then holds no checker, only
//! the reading of its answers ([`crate::app`]'s engine), unless the `inline-engine` feature
//! (the wasm tests', which mount the app without a worker) runs these on the main thread.

use ocilint_core::bundle::{check_bundle, BundleInput};
use ocilint_core::config::{self, Config, ConfigError};
use ocilint_core::rewrite::{rewrite, Input, RewriteReport};
use ocilint_core::{targets, CheckOptions, Report};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::RewriteJob;

fn content_type(typed: &str) -> Option<String> {
    Some(typed.trim().to_owned()).filter(|ct| !ct.is_empty())
}

/// The settings a check runs with, as `ocilint.toml` text: the page's panel writes its
/// settings with [`Config::to_toml`], and a file the user imports is read here, so the TOML
/// parser is in the worker's wasm, not the page's.
#[derive(Debug, Clone, Default)]
pub(crate) struct SettingsText<'a> {
    /// The panel's settings.
    pub(crate) current: &'a str,
    /// A file being imported: the check uses it when it reads, else `current`.
    pub(crate) import: Option<&'a str>,
}

/// What became of an imported file: its settings, or every problem at its position.
pub(crate) type Imported = Result<Config, Vec<ConfigError>>;

/// What [`check_documents`] gives: each document's report and download name, and what became
/// of the file being imported.
pub(crate) type Checked = (Vec<Report>, Vec<String>, Option<Imported>);

/// Checks the documents as a bundle: each one, then the bundle rules between them. One
/// document has nothing between it and others, so it is checked alone, and named from the
/// same parse. The typed targets and Content-Type win over the settings' own, as flags do
/// over the CLI's file.
pub(crate) fn check_documents(
    documents: &[(String, Vec<u8>)],
    content_type_typed: &str,
    targets_typed: &str,
    settings: SettingsText<'_>,
) -> Result<Checked, String> {
    let imported = settings.import.map(config::parse);
    let settings = match &imported {
        Some(Ok(config)) => config.clone(),
        _ => config::parse(settings.current).map_err(|errors| {
            let problems: Vec<String> = errors.iter().map(ToString::to_string).collect();
            format!("the settings do not read: {}", problems.join("; "))
        })?,
    };
    let rules = settings.rule_selection().map_err(|e| e.to_string())?;
    let targets = match targets::parse_list(targets_typed) {
        Ok(typed) if !typed.is_empty() => typed,
        Ok(_) => settings.targets(),
        Err(_) => Vec::new(),
    };
    let options = CheckOptions {
        content_type: content_type(content_type_typed).or(settings.content_type),
        targets,
        rules,
        ..Default::default()
    };
    let (reports, names) = match documents {
        [(_, bytes)] => {
            let (report, name) = ocilint_core::rewrite::check_and_name(bytes, &options);
            (vec![report], vec![name])
        }
        _ => {
            let inputs: Vec<BundleInput<'_>> = documents
                .iter()
                .map(|(name, bytes)| BundleInput {
                    name: name.as_str(),
                    bytes: bytes.as_slice(),
                })
                .collect();
            (check_bundle(&inputs, &options), file_names(documents))
        }
    };
    Ok((reports, names, imported))
}

pub(crate) fn rewrite_documents(
    documents: Vec<(String, Vec<u8>)>,
    content_type_typed: &str,
    job: &RewriteJob,
) -> Result<RewriteReport, String> {
    let request = job
        .request()
        .ok_or_else(|| format!("no such rewrite: {}", job.label()))?;
    let content_type = content_type(content_type_typed);
    let inputs: Vec<Input> = documents
        .into_iter()
        .map(|(name, bytes)| Input {
            name,
            bytes,
            content_type: content_type.clone(),
        })
        .collect();
    Ok(rewrite(&inputs, &request))
}

/// A check's answer: each document's report, and the name its download takes.
#[derive(Serialize)]
struct CheckAnswer {
    reports: Vec<Report>,
    names: Vec<String>,
    /// What became of the file being imported, if one was.
    imported: Option<Imported>,
}

/// Each document's download name ([`ocilint_core::rewrite::file_name`], which reads the whole
/// document and hashes it): worked out here, so the page does not parse a large document
/// again on its main thread.
fn file_names(documents: &[(String, Vec<u8>)]) -> Vec<String> {
    documents
        .iter()
        .map(|(_, bytes)| ocilint_core::rewrite::file_name(bytes))
        .collect()
}

/// An answer as the CLI's JSON text: one string crosses from the worker, and the page reads
/// it with serde_json in one pass. As JS objects (one per diagnostic, each field read back
/// through the boundary) a report of 10,000 diagnostics cost the page 170 ms to read.
fn to_json(value: &impl Serialize) -> Result<JsValue, JsError> {
    serde_json::to_string(value)
        .map(|text| JsValue::from_str(&text))
        .map_err(|e| JsError::new(&e.to_string()))
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// What the worker's entry point (`ocilintWork`, in `src/bin/worker.rs`) does with what the
/// page's engine posts: the reports of a check, or the report of a rewrite, as JSON text.
pub fn work(message: JsValue) -> Result<JsValue, JsError> {
    let posted = js_sys::Array::from(&get(&message, "documents"));
    crate::memory::reserve_for(
        posted
            .iter()
            .filter_map(|document| {
                get(&document, "bytes")
                    .dyn_into::<js_sys::Uint8Array>()
                    .ok()
            })
            .map(|bytes| bytes.length() as usize)
            .sum(),
    );
    let documents: Vec<(String, Vec<u8>)> = posted
        .iter()
        .map(|document| {
            let bytes = get(&document, "bytes").dyn_into::<js_sys::Uint8Array>();
            (
                get(&document, "name").as_string().unwrap_or_default(),
                bytes.map(|b| b.to_vec()).unwrap_or_default(),
            )
        })
        .collect();
    let content_type = get(&message, "contentType").as_string().unwrap_or_default();
    let rewrite = get(&message, "rewrite");
    if rewrite.is_undefined() {
        let targets = get(&message, "targets").as_string().unwrap_or_default();
        let current = get(&message, "settings").as_string().unwrap_or_default();
        let import = get(&message, "importSettings").as_string();
        let settings = SettingsText {
            current: &current,
            import: import.as_deref(),
        };
        let (reports, names, imported) =
            check_documents(&documents, &content_type, &targets, settings)
                .map_err(|e| JsError::new(&e))?;
        to_json(&CheckAnswer {
            reports,
            names,
            imported,
        })
    } else {
        let job: RewriteJob =
            serde_wasm_bindgen::from_value(rewrite).map_err(|e| JsError::new(&e.to_string()))?;
        let report =
            rewrite_documents(documents, &content_type, &job).map_err(|e| JsError::new(&e))?;
        to_json(&report)
    }
}
