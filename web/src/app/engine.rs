//! Runs the engine: the check of the bundle and every rewrite, in a worker (`static/worker.js`,
//! with a wasm of its own, [`crate::worker`]) on the page, so neither a check of a large index
//! nor a rewrite ever blocks typing; on the main thread when there is no worker and the
//! `inline-engine` feature is on (the wasm tests, which mount the app without the page's
//! files). The page's own build has no checker: without a worker it says so.
//!
//! The worker answers one job at a time. While it works, the page keeps only the latest check
//! and the latest rewrite asked for, so a burst of keystrokes costs one check, not one per key.
//! What crosses to and from the worker is core's own types, serialized: the report as the
//! CLI's JSON text, read back with [`ocilint_core::wire`]; a document the worker already holds
//! goes as the edit since ([`super::edits`]).
//!
//! A job that runs long is the page's to stop, since the worker cannot be interrupted: after
//! [`SLOW_MS`] the page offers to cancel it, and past the time limit (or on cancel) the worker
//! is terminated and a fresh one started. The documents live on this side, so nothing the user
//! typed is lost with the worker.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use ocilint_core::config::{Config, ConfigError};
use ocilint_core::rewrite::RewriteReport;
use ocilint_core::Report;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::Callback;

use super::edits::edit_between;
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
    /// Stopped past the time limit; `false` when the user asked to check without one.
    pub(crate) limited: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum Work {
    /// Check every document, and what holds between them. `targets` as typed: a list that does
    /// not read gives every target's verdict (the page shows why it does not read). `settings`:
    /// the settings panel's, as `ocilint.toml` text; `import`: a file being imported, which the
    /// worker reads (and the check uses, when it reads).
    Check {
        targets: String,
        settings: String,
        import: Option<Rc<String>>,
    },
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
    /// The job has run for [`SLOW_MS`] and still runs: it can be cancelled.
    Slow(Working),
    /// The job was stopped and the worker restarted.
    Stopped(Stopped),
}

/// A job that runs long, as the page names it while offering to cancel it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Working {
    /// A rewrite's serial; `None` for a check.
    pub(crate) rewrite: Option<u32>,
    /// The documents' names, and their bytes in all.
    pub(crate) names: Vec<String>,
    pub(crate) bytes: usize,
}

/// Why a job was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// It ran longer than this many milliseconds.
    TimeLimit(u32),
    /// The user cancelled it.
    Cancelled,
}

/// A job stopped before it answered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stopped {
    pub(crate) job: Working,
    pub(crate) reason: Stop,
}

/// After this long a job is shown as running, with a control to cancel it; quicker jobs never
/// flash one.
pub(crate) const SLOW_MS: u32 = 300;
/// How long a check or rewrite may run before it is stopped. The 100 MB index of the README's
/// hostile-input table takes over a minute in the CLI; a page that stays busy that long is
/// one the user thinks broken, so the page stops and says so, and offers to check without a
/// limit.
pub(crate) const TIME_LIMIT_MS: u32 = 30_000;
/// localStorage key of another limit in milliseconds, for a slow machine (or a test that
/// cannot wait 30 seconds).
const TIME_LIMIT_KEY: &str = "ocilint.timeLimitMs";

fn time_limit_ms() -> u32 {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(TIME_LIMIT_KEY).ok().flatten())
        .and_then(|text| text.trim().parse::<u32>().ok())
        .filter(|ms| *ms > SLOW_MS)
        .unwrap_or(TIME_LIMIT_MS)
}

/// One document's part of a finished check.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CheckedDocument {
    pub(crate) id: u32,
    /// The version of the bytes read.
    pub(crate) version: u32,
    pub(crate) report: Rc<Report>,
    /// The name its download takes (worked out in the worker: it reads the whole document).
    pub(crate) file_name: String,
}

/// A finished check of the bundle: each document's report, for the version it read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Checked {
    pub(crate) reports: Vec<CheckedDocument>,
    /// The `ocilint.toml` text the check was asked to import, and what became of it.
    pub(crate) imported: Option<(Rc<String>, Imported)>,
    /// Time inside the engine, in milliseconds.
    pub(crate) engine_ms: f64,
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

/// Sends jobs to the worker, or runs them here when there is none.
pub(crate) struct Engine {
    worker: Option<Worker>,
    /// The job the worker is doing, numbered so a timer set for an earlier one does nothing.
    in_flight: Option<(u32, Job)>,
    serial: u32,
    /// The latest check and the latest rewrite not yet sent.
    next_check: Option<Job>,
    next_rewrite: Option<Job>,
    on_answer: Callback<Answer>,
    /// Each document's bytes as the worker holds them (by id): the next job sends only what
    /// changed ([`edit_between`]). Empty for a new worker.
    held: HashMap<u32, Rc<Vec<u8>>>,
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
            serial: 0,
            next_check: None,
            next_rewrite: None,
            on_answer,
            held: HashMap::new(),
            _on_message: None,
            _on_error: None,
        }));
        if use_worker {
            let on_message = {
                let engine = Rc::downgrade(&engine);
                Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                    if let Some(engine) = engine.upgrade() {
                        Engine::received(&engine, event.data());
                    }
                })
            };
            // A worker that cannot start (no worker.js, its wasm refused) leaves the jobs to
            // the main thread when the build has a checker there, else to a message that
            // says the page needs a worker.
            let on_error = {
                let engine = Rc::downgrade(&engine);
                Closure::<dyn FnMut(web_sys::Event)>::new(move |_event: web_sys::Event| {
                    if let Some(engine) = engine.upgrade() {
                        Engine::fall_back(&engine);
                    }
                })
            };
            {
                let mut this = engine.borrow_mut();
                this._on_message = Some(on_message);
                this._on_error = Some(on_error);
            }
            Engine::start_worker(&engine);
        }
        engine
    }

    /// Starts a worker (a fresh one after a stop); `false` when the browser refuses.
    fn start_worker(this: &Rc<RefCell<Self>>) -> bool {
        // A classic worker: it loads the engine's glue with importScripts.
        let Ok(worker) = Worker::new("./worker.js") else {
            return false;
        };
        let mut engine = this.borrow_mut();
        if let (Some(on_message), Some(on_error)) = (&engine._on_message, &engine._on_error) {
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        }
        engine.worker = Some(worker);
        engine.held.clear();
        true
    }

    /// Ends the worker at once, whatever it is doing; an answer it had already posted is
    /// never read.
    fn end_worker(&mut self) {
        if let Some(worker) = self.worker.take() {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            worker.terminate();
        }
        self.held.clear();
    }

    pub(crate) fn request(this: &Rc<RefCell<Self>>, job: Job) {
        if this.borrow().worker.is_none() {
            let on_answer = this.borrow().on_answer.clone();
            on_answer.emit(without_worker(&job));
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

    /// Stops the job under way and what waits behind it (the user asked for none of it any
    /// more); the next edit asks again.
    pub(crate) fn cancel(this: &Rc<RefCell<Self>>) {
        let waiting: Vec<Job> = {
            let mut engine = this.borrow_mut();
            [engine.next_check.take(), engine.next_rewrite.take()]
                .into_iter()
                .flatten()
                .collect()
        };
        let serial = this.borrow().in_flight.as_ref().map(|(serial, _)| *serial);
        if let Some(serial) = serial {
            Engine::stop(this, serial, Stop::Cancelled);
        }
        let on_answer = this.borrow().on_answer.clone();
        for job in waiting {
            on_answer.emit(Answer::Stopped(Stopped {
                job: working(&job),
                reason: Stop::Cancelled,
            }));
        }
    }

    /// Stops job `serial` if the worker still does it: a new worker takes the next job.
    fn stop(this: &Rc<RefCell<Self>>, serial: u32, reason: Stop) {
        let job = {
            let mut engine = this.borrow_mut();
            if engine.in_flight.as_ref().map(|(s, _)| *s) != Some(serial) {
                return;
            }
            engine.end_worker();
            engine.in_flight.take().map(|(_, job)| job)
        };
        let Some(job) = job else { return };
        web_sys::console::warn_1(&JsValue::from_str(&format!(
            "ocilint: {} stopped ({reason:?}); the worker was restarted",
            if job.is_check() {
                "a check"
            } else {
                "a rewrite"
            }
        )));
        let on_answer = this.borrow().on_answer.clone();
        on_answer.emit(Answer::Stopped(Stopped {
            job: working(&job),
            reason,
        }));
        if Engine::start_worker(this) {
            Engine::send_next(this);
        } else {
            Engine::fall_back(this);
        }
    }

    /// Calls `then(engine, serial)` after `after_ms`, unless the engine is gone by then.
    fn after(
        this: &Rc<RefCell<Self>>,
        serial: u32,
        after_ms: u32,
        then: fn(&Rc<RefCell<Self>>, u32),
    ) {
        let engine = Rc::downgrade(this);
        let callback = Closure::once_into_js(move || {
            if let Some(engine) = engine.upgrade() {
                then(&engine, serial);
            }
        });
        set_timeout(&callback, after_ms);
    }

    /// The job `serial` still runs after [`SLOW_MS`]: the page offers to cancel it, and the
    /// time limit starts counting down.
    fn still_running(this: &Rc<RefCell<Self>>, serial: u32) {
        // Read for each job, so a limit set in another tab (or by a test) holds at once.
        let (job, limit) = {
            let engine = this.borrow();
            match &engine.in_flight {
                Some((s, job)) if *s == serial => (working(job), job.limited.then(time_limit_ms)),
                _ => return,
            }
        };
        let on_answer = this.borrow().on_answer.clone();
        on_answer.emit(Answer::Slow(job));
        if let Some(limit) = limit {
            let engine = Rc::downgrade(this);
            let stop = Closure::once_into_js(move || {
                if let Some(engine) = engine.upgrade() {
                    Engine::stop(&engine, serial, Stop::TimeLimit(limit));
                }
            });
            set_timeout(&stop, limit - SLOW_MS);
        }
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
        // A document the worker holds goes as the edit since (`static/worker.js` applies it);
        // another as its bytes. Either moves to the worker instead of being cloned once more.
        let transfer = js_sys::Array::new();
        let mut held = std::mem::take(&mut engine.held);
        let documents: js_sys::Array = job
            .documents
            .iter()
            .map(|document| {
                let object = js_sys::Object::new();
                set(&object, "name", &JsValue::from_str(&document.name));
                set(&object, "id", &JsValue::from(document.id));
                let bytes = match held.get(&document.id) {
                    Some(old) => {
                        let edit = edit_between(old, &document.bytes);
                        set(&object, "base", &JsValue::from(old.len() as f64));
                        set(&object, "from", &JsValue::from(edit.from as f64));
                        set(&object, "to", &JsValue::from(edit.to as f64));
                        let insert = js_sys::Uint8Array::from(&document.bytes[edit.insert]);
                        set(&object, "insert", &insert);
                        insert
                    }
                    None => {
                        let bytes = js_sys::Uint8Array::from(document.bytes.as_slice());
                        set(&object, "bytes", &bytes);
                        bytes
                    }
                };
                transfer.push(&bytes.buffer());
                held.insert(document.id, document.bytes.clone());
                JsValue::from(object)
            })
            .collect();
        // The worker drops the documents this job does not name; so does this record.
        held.retain(|id, _| job.documents.iter().any(|d| d.id == *id));
        engine.held = held;
        set(&message, "documents", &documents);
        set(
            &message,
            "contentType",
            &JsValue::from_str(&job.content_type),
        );
        match &job.work {
            Work::Check {
                targets,
                settings,
                import,
            } => {
                set(&message, "targets", &JsValue::from_str(targets));
                set(&message, "settings", &JsValue::from_str(settings));
                if let Some(import) = import {
                    set(&message, "importSettings", &JsValue::from_str(import));
                }
            }
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
            engine.serial += 1;
            let serial = engine.serial;
            engine.in_flight = Some((serial, job));
            drop(engine);
            Engine::after(this, serial, SLOW_MS, Engine::still_running);
        } else {
            drop(engine);
            Engine::fall_back(this);
            Engine::request(this, job);
        }
    }

    fn received(this: &Rc<RefCell<Self>>, data: JsValue) {
        let Some((_, job)) = this.borrow_mut().in_flight.take() else {
            return;
        };
        let engine_ms = get(&data, "millis").as_f64().unwrap_or(0.0);
        let error = get(&data, "error").as_string();
        let answer = get(&data, "answer");
        let answer = match error {
            Some(message) => {
                // A wasm instance that trapped may be left in any state: the next job gets a
                // fresh one.
                this.borrow_mut().end_worker();
                if !Engine::start_worker(this) {
                    Engine::fall_back(this);
                }
                failed(&job, message)
            }
            None => read_answer(&job, answer, engine_ms),
        };
        let on_answer = this.borrow().on_answer.clone();
        on_answer.emit(answer);
        Engine::send_next(this);
    }

    fn fall_back(this: &Rc<RefCell<Self>>) {
        let left: Vec<Job> = {
            let mut engine = this.borrow_mut();
            engine.end_worker();
            [
                engine.in_flight.take().map(|(_, job)| job),
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

impl Job {
    fn is_check(&self) -> bool {
        matches!(self.work, Work::Check { .. })
    }
}

fn set_timeout(callback: &JsValue, after_ms: u32) {
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.unchecked_ref(),
            i32::try_from(after_ms).unwrap_or(i32::MAX),
        );
    }
}

fn working(job: &Job) -> Working {
    Working {
        rewrite: match job.work {
            Work::Rewrite { serial, .. } => Some(serial),
            Work::Check { .. } => None,
        },
        names: job.documents.iter().map(|d| d.name.clone()).collect(),
        bytes: job.documents.iter().map(|d| d.bytes.len()).sum(),
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
    let text = answer.as_string().unwrap_or_default();
    match &job.work {
        Work::Check { .. } => match serde_json::from_str::<CheckAnswer>(&text) {
            Ok(answer) => checked(
                job,
                answer.reports,
                answer.names,
                answer.imported,
                engine_ms,
            ),
            Err(e) => failed(job, format!("the report could not be read: {e}")),
        },
        Work::Rewrite {
            serial,
            job: rewrite,
        } => match serde_json::from_str::<RewriteReport>(&text) {
            Ok(report) => rewritten(job, *serial, rewrite, report),
            Err(e) => failed(job, format!("the rewrite could not be read: {e}")),
        },
    }
}

/// What became of an imported `ocilint.toml` (`crate::worker::Imported`).
pub(crate) type Imported = Result<Config, Vec<ConfigError>>;

/// What the worker answers to a check (`crate::worker`'s `CheckAnswer`).
#[derive(Deserialize)]
struct CheckAnswer {
    reports: Vec<Report>,
    names: Vec<String>,
    imported: Option<Imported>,
}

fn checked(
    job: &Job,
    reports: Vec<Report>,
    names: Vec<String>,
    imported: Option<Imported>,
    engine_ms: f64,
) -> Answer {
    let import = match &job.work {
        Work::Check { import, .. } => import.clone(),
        Work::Rewrite { .. } => None,
    };
    Answer::Checked(Checked {
        imported: import.zip(imported),
        reports: job
            .documents
            .iter()
            .zip(reports.into_iter().zip(names))
            .map(|(document, (report, name))| CheckedDocument {
                id: document.id,
                version: document.version,
                report: Rc::new(report),
                file_name: name,
            })
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

/// The job, done on the main thread: the wasm tests mount the app without the page's worker.
#[cfg(feature = "inline-engine")]
fn without_worker(job: &Job) -> Answer {
    use crate::worker::{check_documents, rewrite_documents, SettingsText};
    let started = now_ms();
    let documents: Vec<(String, Vec<u8>)> = job
        .documents
        .iter()
        .map(|d| (d.name.clone(), d.bytes.to_vec()))
        .collect();
    match &job.work {
        Work::Check {
            targets,
            settings,
            import,
        } => {
            let settings = SettingsText {
                current: settings,
                import: import.as_deref().map(String::as_str),
            };
            match check_documents(&documents, &job.content_type, targets, settings) {
                Ok((reports, names, imported)) => {
                    checked(job, reports, names, imported, now_ms() - started)
                }
                Err(message) => failed(job, message),
            }
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

/// The page's wasm holds no checker (the worker has it, in a wasm of its own): with no worker
/// the page says so, and keeps the text.
#[cfg(not(feature = "inline-engine"))]
fn without_worker(job: &Job) -> Answer {
    failed(
        job,
        "This page checks documents in a Web Worker, and this browser did not start one (are \
         workers blocked, or the page opened from a file?). Your text is kept; reload the page \
         to try again, or use the `ocilint` command line."
            .to_owned(),
    )
}

/// Milliseconds since the page started loading.
pub(crate) fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}
