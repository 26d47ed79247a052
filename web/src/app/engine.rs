//! Runs the engine: the check of the bundle and every rewrite, in a worker (`static/worker.js`)
//! on the page, so neither a check of a large index nor a rewrite ever blocks typing; on the
//! main thread when there is no worker (the wasm tests, which mount the app without the page's
//! files).
//!
//! The worker answers one job at a time. While it works, the page keeps only the latest check
//! and the latest rewrite asked for, so a burst of keystrokes costs one check, not one per key.
//! What crosses to and from the worker is core's own types, serialized: the report as the
//! CLI's JSON has it, read back with [`ocilint_core::wire`].

use std::cell::RefCell;
use std::rc::Rc;

use ocilint_core::bundle::{check_bundle, BundleInput};
use ocilint_core::rewrite::{rewrite, Input, RewriteReport};
use ocilint_core::{targets, CheckOptions, Report};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

use super::rewrites::{Preview, RewriteJob};

/// One document of the bundle, as a job reads it.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub(crate) id: u32,
    pub(crate) version: u32,
    pub(crate) name: String,
    pub(crate) bytes: Rc<Vec<u8>>,
}

/// What the engine is asked.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) documents: Vec<Document>,
    /// As typed; blank means as each document declares.
    pub(crate) content_type: String,
    pub(crate) work: Work,
}

#[derive(Debug, Clone)]
pub(crate) enum Work {
    /// Check every document, and what holds between them. `targets` as typed: a list that does
    /// not read gives every target's verdict (the page shows why it does not read).
    Check { targets: String },
    /// Rewrite the bundle; `serial` tells the answer to the latest request apart.
    Rewrite { serial: u32, job: RewriteJob },
}

/// What the engine answers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Answer {
    Checked(Checked),
    Rewritten {
        serial: u32,
        preview: Rc<Preview>,
    },
    /// The engine could not do the job (the message says why).
    Failed {
        rewrite: Option<u32>,
        message: String,
    },
}

/// A finished check of the bundle: each document's report, for the version it read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Checked {
    pub(crate) reports: Vec<(u32, u32, Rc<Report>)>,
    /// Time inside the engine, in milliseconds.
    pub(crate) engine_ms: f64,
}

fn content_type(typed: &str) -> Option<String> {
    Some(typed.trim().to_owned()).filter(|ct| !ct.is_empty())
}

/// Checks the documents as a bundle: each one, then the bundle rules between them. One
/// document has nothing between it and others, so it is checked alone.
fn check_documents(
    documents: &[(String, Vec<u8>)],
    content_type_typed: &str,
    targets_typed: &str,
) -> Vec<Report> {
    let options = CheckOptions {
        content_type: content_type(content_type_typed),
        targets: targets::parse_list(targets_typed).unwrap_or_default(),
        ..Default::default()
    };
    match documents {
        [(_, bytes)] => vec![ocilint_core::check(bytes, &options)],
        _ => {
            let inputs: Vec<BundleInput<'_>> = documents
                .iter()
                .map(|(name, bytes)| BundleInput {
                    name: name.as_str(),
                    bytes: bytes.as_slice(),
                })
                .collect();
            check_bundle(&inputs, &options)
        }
    }
}

fn rewrite_documents(
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

fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    // JSON-compatible: `None` becomes `null` and structs plain objects, as in the CLI's JSON.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The worker's entry point (`static/worker.js` calls it with what [`Engine`] posts): the
/// reports of a check, or the report of a rewrite, as plain JS objects.
#[wasm_bindgen(js_name = ocilintWork)]
pub fn work(message: JsValue) -> Result<JsValue, JsError> {
    let documents: Vec<(String, Vec<u8>)> = js_sys::Array::from(&get(&message, "documents"))
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
        to_js(&check_documents(&documents, &content_type, &targets))
    } else {
        let job: RewriteJob =
            serde_wasm_bindgen::from_value(rewrite).map_err(|e| JsError::new(&e.to_string()))?;
        let report =
            rewrite_documents(documents, &content_type, &job).map_err(|e| JsError::new(&e))?;
        to_js(&report)
    }
}

/// Sends jobs to the worker, or runs them here when there is none.
pub(crate) struct Engine {
    worker: Option<Worker>,
    /// The job the worker is doing.
    in_flight: Option<Job>,
    /// The latest check and the latest rewrite not yet sent.
    next_check: Option<Job>,
    next_rewrite: Option<Job>,
    on_answer: Callback<Answer>,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("worker", &self.worker.is_some())
            .field("in_flight", &self.in_flight.is_some())
            .finish()
    }
}

impl Engine {
    /// An engine that uses `worker.js` next to the page when `use_worker`, else the main thread.
    pub(crate) fn new(use_worker: bool, on_answer: Callback<Answer>) -> Rc<RefCell<Self>> {
        let engine = Rc::new(RefCell::new(Engine {
            worker: None,
            in_flight: None,
            next_check: None,
            next_rewrite: None,
            on_answer,
            _on_message: None,
            _on_error: None,
        }));
        if use_worker {
            let options = WorkerOptions::new();
            options.set_type(WorkerType::Module);
            if let Ok(worker) = Worker::new_with_options("./worker.js", &options) {
                let on_message = {
                    let engine = Rc::downgrade(&engine);
                    Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                        if let Some(engine) = engine.upgrade() {
                            Engine::received(&engine, event.data());
                        }
                    })
                };
                // A worker that cannot start (no worker.js, no module workers) leaves the
                // jobs to the main thread: slower on big documents, never missing.
                let on_error = {
                    let engine = Rc::downgrade(&engine);
                    Closure::<dyn FnMut(web_sys::Event)>::new(move |_event: web_sys::Event| {
                        if let Some(engine) = engine.upgrade() {
                            Engine::fall_back(&engine);
                        }
                    })
                };
                worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                let mut this = engine.borrow_mut();
                this.worker = Some(worker);
                this._on_message = Some(on_message);
                this._on_error = Some(on_error);
            }
        }
        engine
    }

    pub(crate) fn request(this: &Rc<RefCell<Self>>, job: Job) {
        if this.borrow().worker.is_none() {
            let on_answer = this.borrow().on_answer.clone();
            on_answer.emit(run_here(&job));
            return;
        }
        {
            let mut engine = this.borrow_mut();
            match job.work {
                Work::Check { .. } => engine.next_check = Some(job),
                Work::Rewrite { .. } => engine.next_rewrite = Some(job),
            }
        }
        Engine::send_next(this);
    }

    fn send_next(this: &Rc<RefCell<Self>>) {
        let mut engine = this.borrow_mut();
        if engine.in_flight.is_some() {
            return;
        }
        let Some(job) = engine
            .next_check
            .take()
            .or_else(|| engine.next_rewrite.take())
        else {
            return;
        };
        let Some(worker) = engine.worker.clone() else {
            return;
        };
        let message = js_sys::Object::new();
        let set = |object: &js_sys::Object, key: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
        };
        // Each document's bytes move to the worker instead of being cloned once more.
        let transfer = js_sys::Array::new();
        let documents: js_sys::Array = job
            .documents
            .iter()
            .map(|document| {
                let object = js_sys::Object::new();
                set(&object, "name", &JsValue::from_str(&document.name));
                let bytes = js_sys::Uint8Array::from(document.bytes.as_slice());
                transfer.push(&bytes.buffer());
                set(&object, "bytes", &bytes);
                JsValue::from(object)
            })
            .collect();
        set(&message, "documents", &documents);
        set(
            &message,
            "contentType",
            &JsValue::from_str(&job.content_type),
        );
        match &job.work {
            Work::Check { targets } => set(&message, "targets", &JsValue::from_str(targets)),
            Work::Rewrite { job, .. } => {
                if let Ok(value) = to_js(job) {
                    set(&message, "rewrite", &value);
                }
            }
        }
        if worker
            .post_message_with_transfer(&message, &transfer)
            .is_ok()
        {
            engine.in_flight = Some(job);
        } else {
            drop(engine);
            Engine::fall_back(this);
            Engine::request(this, job);
        }
    }

    fn received(this: &Rc<RefCell<Self>>, data: JsValue) {
        let Some(job) = this.borrow_mut().in_flight.take() else {
            return;
        };
        let engine_ms = get(&data, "millis").as_f64().unwrap_or(0.0);
        let error = get(&data, "error").as_string();
        let answer = get(&data, "answer");
        let answer = match error {
            Some(message) => failed(&job, message),
            None => read_answer(&job, answer, engine_ms),
        };
        let on_answer = this.borrow().on_answer.clone();
        on_answer.emit(answer);
        Engine::send_next(this);
    }

    fn fall_back(this: &Rc<RefCell<Self>>) {
        let left: Vec<Job> = {
            let mut engine = this.borrow_mut();
            if let Some(worker) = engine.worker.take() {
                worker.terminate();
            }
            [
                engine.in_flight.take(),
                engine.next_check.take(),
                engine.next_rewrite.take(),
            ]
            .into_iter()
            .flatten()
            .collect()
        };
        for job in left {
            Engine::request(this, job);
        }
    }
}

fn failed(job: &Job, message: String) -> Answer {
    web_sys::console::error_1(&JsValue::from_str(&format!("ocilint: {message}")));
    Answer::Failed {
        rewrite: match job.work {
            Work::Rewrite { serial, .. } => Some(serial),
            Work::Check { .. } => None,
        },
        message,
    }
}

/// The worker's answer to `job`, read back into core's types.
fn read_answer(job: &Job, answer: JsValue, engine_ms: f64) -> Answer {
    match &job.work {
        Work::Check { .. } => match serde_wasm_bindgen::from_value::<Vec<Report>>(answer) {
            Ok(reports) => checked(job, reports, engine_ms),
            Err(e) => failed(job, format!("the report could not be read: {e}")),
        },
        Work::Rewrite {
            serial,
            job: rewrite,
        } => match serde_wasm_bindgen::from_value::<RewriteReport>(answer) {
            Ok(report) => rewritten(job, *serial, rewrite, report),
            Err(e) => failed(job, format!("the rewrite could not be read: {e}")),
        },
    }
}

fn checked(job: &Job, reports: Vec<Report>, engine_ms: f64) -> Answer {
    Answer::Checked(Checked {
        reports: job
            .documents
            .iter()
            .zip(reports)
            .map(|(document, report)| (document.id, document.version, Rc::new(report)))
            .collect(),
        engine_ms,
    })
}

fn rewritten(job: &Job, serial: u32, rewrite: &RewriteJob, report: RewriteReport) -> Answer {
    Answer::Rewritten {
        serial,
        preview: Rc::new(Preview {
            label: rewrite.label(),
            report: Rc::new(report),
            versions: job.documents.iter().map(|d| (d.id, d.version)).collect(),
        }),
    }
}

fn run_here(job: &Job) -> Answer {
    let started = now_ms();
    let documents: Vec<(String, Vec<u8>)> = job
        .documents
        .iter()
        .map(|d| (d.name.clone(), d.bytes.to_vec()))
        .collect();
    match &job.work {
        Work::Check { targets } => {
            let reports = check_documents(&documents, &job.content_type, targets);
            checked(job, reports, now_ms() - started)
        }
        Work::Rewrite {
            serial,
            job: rewrite,
        } => match rewrite_documents(documents, &job.content_type, rewrite) {
            Ok(report) => rewritten(job, *serial, rewrite, report),
            Err(message) => failed(job, message),
        },
    }
}

/// Milliseconds since the page started loading.
pub(crate) fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}
