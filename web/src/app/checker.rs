//! Runs the engine: in a worker (`static/worker.js`) on the page, so a check of a large index
//! never blocks typing; on the main thread when there is no worker (the wasm tests, which mount
//! the app without the page's files).
//!
//! The worker answers one request at a time. While it works, the page keeps only the latest
//! request of each document, so a burst of keystrokes costs one check, not one per key.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use ocilint_core::targets::Selection;
use ocilint_core::CheckOptions;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

use super::model::Checked;

/// What to check: one version of one bundle document.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) id: u32,
    pub(crate) version: u32,
    pub(crate) bytes: Rc<Vec<u8>>,
    pub(crate) content_type: Option<String>,
    pub(crate) targets: Vec<String>,
}

/// A finished check.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    pub(crate) id: u32,
    pub(crate) version: u32,
    pub(crate) report: Rc<Checked>,
    /// Time inside the engine, in milliseconds.
    pub(crate) engine_ms: f64,
}

/// Checks a document here and now: the engine's report, as the page reads it.
pub(crate) fn check_here(
    bytes: &[u8],
    content_type: Option<String>,
    targets: &[String],
) -> Result<Checked, String> {
    let value = check_to_js(bytes, content_type, targets).map_err(|e| format!("{e:?}"))?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

fn check_to_js(
    bytes: &[u8],
    content_type: Option<String>,
    targets: &[String],
) -> Result<JsValue, serde_wasm_bindgen::Error> {
    let report = ocilint_core::check(
        bytes,
        &CheckOptions {
            content_type: content_type.filter(|ct| !ct.trim().is_empty()),
            // The page offers only known names; anything else is left out rather than guessed.
            targets: targets
                .iter()
                .filter_map(|t| Selection::parse(t.trim()).ok())
                .collect(),
            ..Default::default()
        },
    );
    report.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

/// The worker's entry point (`static/worker.js` calls it): the report as a plain JS object.
#[wasm_bindgen(js_name = ocilintCheckInWorker)]
pub fn check_in_worker(
    bytes: &[u8],
    content_type: Option<String>,
    targets: Vec<String>,
) -> Result<JsValue, JsError> {
    check_to_js(bytes, content_type, &targets).map_err(|e| JsError::new(&e.to_string()))
}

/// Sends checks to the worker, or runs them here when there is none.
pub(crate) struct Checker {
    worker: Option<Worker>,
    busy: bool,
    /// The latest unsent request of each document.
    pending: BTreeMap<u32, Request>,
    on_done: Callback<Outcome>,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker")
            .field("worker", &self.worker.is_some())
            .field("busy", &self.busy)
            .finish()
    }
}

impl Checker {
    /// A checker that uses `worker.js` next to the page when `use_worker`, else the main thread.
    pub(crate) fn new(use_worker: bool, on_done: Callback<Outcome>) -> Rc<RefCell<Self>> {
        let checker = Rc::new(RefCell::new(Checker {
            worker: None,
            busy: false,
            pending: BTreeMap::new(),
            on_done,
            _on_message: None,
            _on_error: None,
        }));
        if use_worker {
            let options = WorkerOptions::new();
            options.set_type(WorkerType::Module);
            if let Ok(worker) = Worker::new_with_options("./worker.js", &options) {
                let on_message = {
                    let checker = Rc::downgrade(&checker);
                    Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                        if let Some(checker) = checker.upgrade() {
                            Checker::received(&checker, event.data());
                        }
                    })
                };
                // A worker that cannot start (no worker.js, no module workers) leaves the
                // checks to the main thread: slower on big documents, never missing.
                let on_error = {
                    let checker = Rc::downgrade(&checker);
                    Closure::<dyn FnMut(web_sys::Event)>::new(move |_event: web_sys::Event| {
                        if let Some(checker) = checker.upgrade() {
                            Checker::fall_back(&checker);
                        }
                    })
                };
                worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                let mut this = checker.borrow_mut();
                this.worker = Some(worker);
                this._on_message = Some(on_message);
                this._on_error = Some(on_error);
            }
        }
        checker
    }

    pub(crate) fn request(this: &Rc<RefCell<Self>>, request: Request) {
        if this.borrow().worker.is_none() {
            let on_done = this.borrow().on_done.clone();
            on_done.emit(run_here(&request));
            return;
        }
        this.borrow_mut().pending.insert(request.id, request);
        Checker::send_next(this);
    }

    fn send_next(this: &Rc<RefCell<Self>>) {
        let mut checker = this.borrow_mut();
        if checker.busy {
            return;
        }
        let Some(id) = checker.pending.keys().next().copied() else {
            return;
        };
        let Some(request) = checker.pending.remove(&id) else {
            return;
        };
        let Some(worker) = checker.worker.clone() else {
            return;
        };
        let message = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), value);
        };
        set("id", &JsValue::from(request.id));
        set("version", &JsValue::from(request.version));
        let bytes = js_sys::Uint8Array::from(request.bytes.as_slice());
        set("bytes", &bytes);
        set(
            "contentType",
            &request
                .content_type
                .as_deref()
                .map(JsValue::from_str)
                .unwrap_or(JsValue::UNDEFINED),
        );
        let targets: js_sys::Array = request
            .targets
            .iter()
            .map(|t| JsValue::from_str(t))
            .collect();
        set("targets", &targets);
        // The copy of the bytes moves to the worker instead of being cloned once more.
        let transfer = js_sys::Array::of1(&bytes.buffer());
        if worker
            .post_message_with_transfer(&message, &transfer)
            .is_ok()
        {
            checker.busy = true;
        } else {
            drop(checker);
            Checker::fall_back(this);
            Checker::request(this, request);
        }
    }

    fn received(this: &Rc<RefCell<Self>>, data: JsValue) {
        let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok();
        let id = get("id").and_then(|v| v.as_f64()).unwrap_or(-1.0) as u32;
        let version = get("version").and_then(|v| v.as_f64()).unwrap_or(0.0) as u32;
        let engine_ms = get("millis").and_then(|v| v.as_f64()).unwrap_or(0.0);
        let report = get("report").and_then(|v| serde_wasm_bindgen::from_value::<Checked>(v).ok());
        this.borrow_mut().busy = false;
        if let Some(report) = report {
            let on_done = this.borrow().on_done.clone();
            on_done.emit(Outcome {
                id,
                version,
                report: Rc::new(report),
                engine_ms,
            });
        }
        Checker::send_next(this);
    }

    fn fall_back(this: &Rc<RefCell<Self>>) {
        let pending: Vec<Request> = {
            let mut checker = this.borrow_mut();
            if let Some(worker) = checker.worker.take() {
                worker.terminate();
            }
            checker.busy = false;
            std::mem::take(&mut checker.pending).into_values().collect()
        };
        for request in pending {
            Checker::request(this, request);
        }
    }
}

fn run_here(request: &Request) -> Outcome {
    let started = now_ms();
    let report = check_here(
        &request.bytes,
        request.content_type.clone(),
        &request.targets,
    )
    .unwrap_or_else(|message| {
        Checked {
            kind: "unknown".into(),
            media_type: None,
            digest: ocilint_core::digest::sha256(&request.bytes),
            size: request.bytes.len() as u64,
            diagnostics: Vec::new(),
            targets: Vec::new(),
        }
        .with_failure(message)
    });
    Outcome {
        id: request.id,
        version: request.version,
        report: Rc::new(report),
        engine_ms: now_ms() - started,
    }
}

impl Checked {
    fn with_failure(self, message: String) -> Self {
        web_sys::console::error_1(&JsValue::from_str(&format!(
            "ocilint: the report could not be read: {message}"
        )));
        self
    }
}

/// Milliseconds since the page started loading.
pub(crate) fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}
