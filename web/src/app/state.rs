//! The page's state: the bundle's documents (exact bytes, text for the editor, last report),
//! which one is shown, the check options, and every change as an [`Action`].

use std::rc::Rc;

use yew::prelude::*;

use ocilint_core::config::{Config, ConfigError};
use ocilint_core::{Report, Severity};

use super::editor::Selection;
use super::engine::{now_ms, Checked, CheckedDocument, Document, Stopped, Working};
use super::rewrites::{Preview, RewriteJob};
use super::share::{Shared, StoredSession};

/// One document of the bundle.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Doc {
    pub(crate) id: u32,
    pub(crate) name: String,
    /// The exact bytes: a file's own, or the UTF-8 of what was typed. Checks, digests and
    /// downloads use these, never the editor's text.
    pub(crate) bytes: Rc<Vec<u8>>,
    /// What the editor shows (the bytes decoded; invalid UTF-8 shows as U+FFFD until edited).
    pub(crate) text: Rc<String>,
    /// Bumped on every change of the bytes.
    pub(crate) version: u32,
    /// Bumped when the text is set from outside the editor.
    pub(crate) loaded: u32,
    /// The digest the document had when it was opened, to warn when a download's differs.
    pub(crate) original: Original,
    /// The latest report and the version it is for.
    pub(crate) report: Option<(u32, Rc<Report>)>,
    /// The download's name for the bytes of that report.
    pub(crate) file_name: String,
    /// When the bytes last changed (ms since the page started loading).
    pub(crate) changed_at: f64,
}

impl Doc {
    fn new(id: u32, name: String, bytes: Vec<u8>) -> Self {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Doc {
            id,
            name,
            original: Original::None,
            bytes: Rc::new(bytes),
            text: Rc::new(text),
            version: 1,
            loaded: 1,
            report: None,
            file_name: String::new(),
            changed_at: now_ms(),
        }
    }

    /// A document just opened, or pasted over whole: its digest is what it was opened with.
    fn opened(mut self) -> Self {
        self.original = Original::of_version(&self);
        self
    }

    /// The digest the document was opened with, once known.
    pub(crate) fn original_digest(&self) -> Option<String> {
        match &self.original {
            Original::Digest(digest) => Some(digest.clone()),
            Original::None | Original::Unchecked { .. } => None,
        }
    }

    /// Takes the opened bytes' digest from a report that has it: the report of those very
    /// bytes, or else (the document was edited before they were checked) their hash.
    fn learn_original(&mut self, version: u32, report: &Report) {
        if let Original::Unchecked {
            version: opened,
            bytes,
        } = &self.original
        {
            if version == *opened {
                self.original = Original::Digest(report.digest.clone());
            } else if version > *opened {
                self.original = Original::Digest(ocilint_core::digest::sha256(bytes));
            }
        }
    }

    /// The report of exactly the current bytes, if the check has finished.
    pub(crate) fn current_report(&self) -> Option<Rc<Report>> {
        self.report
            .as_ref()
            .filter(|(version, _)| *version == self.version)
            .map(|(_, report)| report.clone())
    }
}

/// What a document's digest was when it was opened. The worker's report of those bytes carries
/// it, so the page does not hash them again on its own thread: for a 27 MB paste, that hash was
/// most of a 1.3 s task.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Original {
    /// Nothing to compare with: an empty document, or one a rewrite made.
    None,
    /// The bytes as opened, at `version`, until a report says their digest.
    Unchecked {
        version: u32,
        bytes: Rc<Vec<u8>>,
    },
    Digest(String),
}

impl Original {
    /// The document's current bytes as the ones to compare with.
    fn of_version(doc: &Doc) -> Self {
        if doc.bytes.is_empty() {
            return Original::None;
        }
        match doc.current_report() {
            Some(report) => Original::Digest(report.digest.clone()),
            None => Original::Unchecked {
                version: doc.version,
                bytes: doc.bytes.clone(),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Panel {
    #[default]
    Problems,
    Targets,
    Reading,
    Fixes,
    Settings,
}

impl Panel {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Panel::Problems => "panel-problems",
            Panel::Targets => "panel-targets",
            Panel::Reading => "panel-reading",
            Panel::Fixes => "panel-fixes",
            Panel::Settings => "panel-settings",
        }
    }
}

/// Where keyboard focus goes after an action, so it never falls to `<body>`: the preview
/// once it is ready, the verdict once a rewrite is applied, a diagnostic's fix on Ctrl-.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Focus {
    Preview,
    Verdict,
    /// The fix (else the place) of the diagnostic at this UTF-16 offset.
    FixAt(u32),
}

impl Focus {
    /// The elements to focus, as CSS selectors: the first one the page has.
    pub(crate) fn selectors(&self, report: Option<&Report>) -> Vec<String> {
        match self {
            Focus::Preview => vec!["#preview-heading".into()],
            Focus::Verdict => vec!["#verdict".into()],
            // Its fix, else (nothing to preview) its place.
            Focus::FixAt(_) => report
                .and_then(|report| self.diagnostic(report))
                .map_or_else(Vec::new, |index| {
                    ["preview-fix", "locate"]
                        .iter()
                        .map(|class| format!(".diagnostics li[data-index=\"{index}\"] .{class}"))
                        .collect()
                }),
        }
    }

    /// The index of the diagnostic a quick fix goes to: the one under the cursor, else the
    /// next one, else the last.
    pub(crate) fn diagnostic(&self, report: &Report) -> Option<usize> {
        let Focus::FixAt(offset) = self else {
            return None;
        };
        let diagnostics = &report.diagnostics;
        let under = |d: &ocilint_core::Diagnostic| {
            d.utf16_range.start <= *offset && *offset <= d.utf16_range.end
        };
        diagnostics
            .iter()
            .position(under)
            .or_else(|| {
                diagnostics
                    .iter()
                    .position(|d| d.utf16_range.start >= *offset)
            })
            .or_else(|| diagnostics.len().checked_sub(1))
    }
}

/// How long the last check took, for the status line and the end-to-end log.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Timing {
    /// From the start of page load to the first diagnostics.
    pub(crate) first_ms: Option<f64>,
    /// From the last change of the bytes to its diagnostics.
    pub(crate) latency_ms: f64,
    /// Inside the engine.
    pub(crate) engine_ms: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Session {
    pub(crate) docs: Vec<Doc>,
    pub(crate) active: usize,
    next_id: u32,
    pub(crate) content_type: String,
    pub(crate) targets: String,
    /// Bumped when the Content-Type, targets or settings change: every document is checked again.
    pub(crate) options_serial: u32,
    /// The settings panel's rules and severities (core's model of `ocilint.toml`). Its
    /// `target` and `content-type` live in the Targets and Content-Type fields instead.
    pub(crate) settings: Rc<Config>,
    /// An `ocilint.toml` being imported: the next check's worker reads it.
    pub(crate) settings_import: Option<Rc<String>>,
    /// The last import that did not read: its text, kept as it was, and every problem.
    pub(crate) settings_problems: Option<(Rc<String>, Vec<ConfigError>)>,
    /// The import under way restores the settings kept in this browser (quietly), rather than
    /// a file the user opened.
    pub(crate) settings_restoring: bool,
    /// Bumped when the user changes the settings (the panel, an import, a reset): they are
    /// then kept in this browser.
    pub(crate) settings_serial: u32,
    pub(crate) selection: Option<Selection>,
    pub(crate) panel: Panel,
    pub(crate) notice: Option<String>,
    /// Documents closed or replaced, whose editor state can go.
    pub(crate) closed: Vec<u32>,
    pub(crate) checks_done: u32,
    pub(crate) timing: Timing,
    /// Whether the session is currently kept in localStorage.
    pub(crate) kept: bool,
    /// A rewrite shown before it is applied.
    pub(crate) preview: Option<Rc<Preview>>,
    /// The rewrite the engine is working on, by serial (bumped on every request, so only the
    /// latest one's answer is shown).
    pub(crate) rewriting: Option<(u32, RewriteJob)>,
    rewrite_serial: u32,
    /// The bundle before each applied rewrite, for undo.
    pub(crate) history: Vec<(Vec<Doc>, usize)>,
    /// Where focus goes next, numbered so the same place can be asked for twice.
    pub(crate) focus: Option<(Focus, u32)>,
    /// The tab whose whole text a paste replaced while other tabs are open.
    pub(crate) bundle_hint: Option<u32>,
    /// The document id and version whose long link the user was warned about.
    pub(crate) link_warned: Option<(u32, u32)>,
    /// The job the engine has been doing for a while (it can be cancelled).
    pub(crate) working: Option<Working>,
    /// The last job stopped before it answered, until the next answer.
    pub(crate) stopped: Option<Stopped>,
    /// The user asked to check without the time limit (until other documents are opened).
    pub(crate) unlimited: bool,
    /// Bumped when the user asks for a check of what has not changed.
    pub(crate) recheck: u32,
    /// Bumped whenever the session should be kept: after every answer of the engine, and
    /// while a long job runs (so a reload during it finds the text).
    pub(crate) save_serial: u32,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            docs: vec![Doc::new(1, "document.json".into(), Vec::new())],
            active: 0,
            next_id: 2,
            content_type: String::new(),
            targets: String::new(),
            options_serial: 0,
            settings: Rc::default(),
            settings_import: None,
            settings_problems: None,
            settings_restoring: false,
            settings_serial: 0,
            selection: None,
            panel: Panel::Problems,
            notice: None,
            closed: Vec::new(),
            checks_done: 0,
            timing: Timing::default(),
            kept: false,
            preview: None,
            rewriting: None,
            rewrite_serial: 0,
            history: Vec::new(),
            focus: None,
            bundle_hint: None,
            link_warned: None,
            working: None,
            stopped: None,
            unlimited: false,
            recheck: 0,
            save_serial: 0,
        }
    }
}

pub(crate) enum Action {
    /// The editor's text changed.
    Edit {
        id: u32,
        text: String,
        /// A paste replaced the whole text: a new document (its digest is the one it was opened
        /// with), and in a bundle the other tabs may no longer belong.
        replaced: bool,
    },
    /// Closes every tab but the one shown.
    CloseOthers,
    DismissBundleHint,
    /// The link about to be made is long: warned once for this document version.
    LinkWarned((u32, u32), String),
    /// Files opened or dropped: they replace the bundle, one tab each.
    Open(Vec<(String, Vec<u8>)>),
    OpenShared(Shared),
    Show(usize),
    Close(usize),
    Checked(Checked),
    ContentType(String),
    Targets(String),
    /// The settings panel turns a rule on or off.
    RuleEnabled(String, bool),
    /// The settings panel sets a rule's severity (`None`: its own).
    RuleSeverity(String, Option<Severity>),
    /// An `ocilint.toml` opened in the settings panel, to read and apply.
    ImportSettings(String),
    /// The settings kept in this browser (`ocilint.toml` text), read as the page starts.
    RestoreSettings(String),
    /// Every rule on, at its own severity.
    ResetSettings,
    Select(u32, u32),
    Panel(Panel),
    Notice(String),
    Kept(bool),
    Forget,
    /// Ask the engine for a rewrite, to preview it.
    Rewrite(RewriteJob),
    /// The engine's answer to the rewrite of this serial.
    Previewed(u32, Rc<Preview>),
    /// The engine could not do the rewrite of this serial.
    RewriteFailed(u32, String),
    ApplyPreview,
    DiscardPreview,
    UndoRewrite,
    /// Ctrl-. in the editor at this UTF-16 offset: go to the fix of the diagnostic there.
    QuickFix(u32),
    /// The engine has been at a job for a while.
    Working(Working),
    /// The engine stopped a job (time limit or cancel) and restarted.
    Stopped(Stopped),
    /// The engine could not check the documents (the message says why).
    CheckFailed(String),
    /// Check again what has not changed, without the time limit when `unlimited`.
    CheckAgain {
        unlimited: bool,
    },
    /// A session kept in IndexedDB, read after the page started: it is opened unless the
    /// user has begun a document meanwhile.
    Restore(StoredSession),
}

impl Session {
    pub(crate) fn restored(mut self, stored: StoredSession) -> Self {
        self.open(
            stored
                .documents
                .into_iter()
                .map(|(name, bytes)| (name, Rc::unwrap_or_clone(bytes)))
                .collect(),
        );
        self.active = stored.active.min(self.docs.len() - 1);
        self.content_type = stored.content_type;
        self.targets = stored.targets;
        self.kept = true;
        self
    }

    pub(crate) fn stored(&self) -> StoredSession {
        StoredSession {
            documents: self
                .docs
                .iter()
                .map(|d| (d.name.clone(), d.bytes.clone()))
                .collect(),
            active: self.active,
            content_type: self.content_type.clone(),
            targets: self.targets.clone(),
        }
    }

    pub(crate) fn active_doc(&self) -> &Doc {
        &self.docs[self.active.min(self.docs.len() - 1)]
    }

    /// The settings as the panel exports them: its rules and severities, with the Targets
    /// field's targets (when the list reads) and the Content-Type typed.
    pub(crate) fn exported_settings(&self) -> Config {
        let mut config = (*self.settings).clone();
        config.target = ocilint_core::targets::parse_list(&self.targets)
            .ok()
            .filter(|list| !list.is_empty())
            .map(|list| {
                list.into_iter()
                    .map(|s| match s.version {
                        Some(version) => format!("{}@{version}", s.target),
                        None => s.target,
                    })
                    .collect()
            });
        let content_type = self.content_type.trim();
        config.content_type = (!content_type.is_empty()).then(|| content_type.to_owned());
        config
    }

    /// What decides whether documents need checking: each one's version, the options, and a
    /// request to check again.
    pub(crate) fn check_keys(&self) -> (Vec<(u32, u32)>, u32, u32) {
        (
            self.docs.iter().map(|d| (d.id, d.version)).collect(),
            self.options_serial,
            self.recheck,
        )
    }

    /// Nothing opened or typed yet: the one empty tab the page starts with.
    fn is_pristine(&self) -> bool {
        self.docs.len() == 1 && self.docs[0].bytes.is_empty() && self.docs[0].version == 1
    }

    /// The documents a job reads: every one with bytes (an empty tab is nothing yet).
    pub(crate) fn documents(&self) -> Vec<Document> {
        self.docs
            .iter()
            .filter(|d| !d.bytes.is_empty())
            .map(|d| Document {
                id: d.id,
                version: d.version,
                name: d.name.clone(),
                bytes: d.bytes.clone(),
            })
            .collect()
    }

    /// Whether every document is still as the preview's rewrite read it.
    fn is_current(&self, preview: &Preview) -> bool {
        preview.versions.iter().all(|(id, version)| {
            self.docs
                .iter()
                .any(|d| d.id == *id && d.version == *version)
        })
    }

    /// Replaces each rewritten document's bytes and adds the new ones as tabs.
    fn apply(&mut self, preview: &Preview) {
        for output in &preview.report.outputs {
            let bytes = output.bytes.as_bytes().to_vec();
            let existing = (!output.new_document)
                .then(|| self.docs.iter_mut().find(|d| d.name == output.input))
                .flatten();
            match existing {
                Some(doc) => {
                    // What signatures and referrers may name: the digest before the first rewrite.
                    if doc.original == Original::None {
                        doc.original = Original::of_version(doc);
                    }
                    doc.text = Rc::new(output.bytes.clone());
                    doc.bytes = Rc::new(bytes);
                    doc.version += 1;
                    doc.loaded += 1;
                    doc.changed_at = now_ms();
                }
                None => {
                    let id = self.next_id;
                    self.next_id += 1;
                    self.docs.push(Doc::new(id, output.name.clone(), bytes));
                }
            }
        }
    }

    fn focus(&mut self, focus: Focus) {
        let serial = self.focus.as_ref().map_or(0, |(_, s)| s + 1);
        self.focus = Some((focus, serial));
    }

    fn open(&mut self, files: Vec<(String, Vec<u8>)>) {
        if files.is_empty() {
            return;
        }
        self.closed.extend(self.docs.iter().map(|d| d.id));
        self.docs = files
            .into_iter()
            .map(|(name, bytes)| {
                let id = self.next_id;
                self.next_id += 1;
                Doc::new(id, name, bytes).opened()
            })
            .collect();
        self.active = 0;
        self.selection = None;
        self.notice = None;
        self.preview = None;
        self.rewriting = None;
        self.history.clear();
        self.bundle_hint = None;
        self.unlimited = false;
        self.stopped = None;
    }
}

impl Reducible for Session {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit { id, text, replaced } => {
                let bundle = next.docs.len() > 1;
                if let Some(doc) = next.docs.iter_mut().find(|d| d.id == id) {
                    let was_empty = doc.bytes.is_empty();
                    doc.bytes = Rc::new(text.as_bytes().to_vec());
                    doc.text = Rc::new(text);
                    doc.version += 1;
                    doc.changed_at = now_ms();
                    if doc.bytes.is_empty() {
                        doc.report = None;
                    }
                    if replaced {
                        // A paste over everything is a new document: its digest is the one it
                        // was opened with, not the digest of the text it replaced.
                        doc.original = Original::of_version(doc);
                        if bundle && !was_empty {
                            next.bundle_hint = Some(id);
                        }
                    }
                }
            }
            Action::Open(files) => next.open(files),
            Action::CloseOthers => {
                let kept = next.docs.remove(next.active.min(next.docs.len() - 1));
                next.closed.extend(next.docs.iter().map(|d| d.id));
                next.docs = vec![kept];
                next.active = 0;
                next.bundle_hint = None;
                next.preview = None;
            }
            Action::DismissBundleHint => next.bundle_hint = None,
            Action::LinkWarned(version, message) => {
                next.link_warned = Some(version);
                next.notice = Some(message);
            }
            Action::OpenShared(shared) => {
                next.open(vec![("shared.json".into(), shared.bytes)]);
                next.content_type = shared.content_type;
                next.targets = shared.targets;
                next.options_serial += 1;
            }
            Action::Show(index) => {
                if index < next.docs.len() {
                    next.active = index;
                    next.selection = None;
                }
            }
            Action::Close(index) => {
                if index < next.docs.len() && next.docs.len() > 1 {
                    let closed = next.docs.remove(index);
                    next.closed.push(closed.id);
                    if next.active >= index && next.active > 0 {
                        next.active -= 1;
                    }
                }
            }
            Action::Checked(checked) => {
                let now = now_ms();
                let mut latest_change: Option<f64> = None;
                for CheckedDocument {
                    id,
                    version,
                    report,
                    file_name,
                } in checked.reports
                {
                    let Some(doc) = next.docs.iter_mut().find(|d| d.id == id) else {
                        continue;
                    };
                    let newer = doc
                        .report
                        .as_ref()
                        .is_none_or(|(shown, _)| *shown <= version);
                    if !newer || doc.bytes.is_empty() {
                        continue;
                    }
                    if version == doc.version {
                        latest_change =
                            Some(latest_change.map_or(doc.changed_at, |t| t.max(doc.changed_at)));
                    }
                    doc.learn_original(version, &report);
                    doc.report = Some((version, report));
                    doc.file_name = file_name;
                }
                if let Some(changed_at) = latest_change {
                    next.timing = Timing {
                        first_ms: next.timing.first_ms.or(Some(now)),
                        latency_ms: now - changed_at,
                        engine_ms: checked.engine_ms,
                    };
                }
                if let Some((text, imported)) = checked.imported {
                    if next.settings_import.as_ref() == Some(&text) {
                        next.settings_import = None;
                        let restoring = std::mem::take(&mut next.settings_restoring);
                        match imported {
                            Ok(config) if restoring => {
                                next.settings = Rc::new(config);
                                next.options_serial += 1;
                            }
                            // Kept by an older page and no longer read (a rule renamed): the
                            // defaults apply, and what is kept is replaced by them.
                            Err(problems) if restoring => {
                                next.notice = Some(format!(
                                    "The settings kept in this browser no longer read ({}); every rule is at its default. Import an ocilint.toml to set them again.",
                                    problems
                                        .iter()
                                        .map(|p| p.message.as_str())
                                        .collect::<Vec<_>>()
                                        .join("; ")
                                ));
                                next.settings_serial += 1;
                            }
                            Ok(mut config) => {
                                // The file's targets and Content-Type go to their fields, which
                                // the page checks with and shows.
                                if let Some(target) = config.target.take() {
                                    next.targets = target.join(", ");
                                }
                                if let Some(content_type) = config.content_type.take() {
                                    next.content_type = content_type;
                                }
                                next.settings = Rc::new(config);
                                next.settings_problems = None;
                                next.notice = Some("Settings imported from ocilint.toml.".into());
                                next.options_serial += 1;
                                next.settings_serial += 1;
                            }
                            Err(problems) => {
                                next.settings_problems = Some((text, problems));
                                next.panel = Panel::Settings;
                            }
                        }
                    }
                }
                next.checks_done += 1;
                next.save_serial += 1;
                next.working = next.working.filter(|w| w.rewrite.is_some());
                next.stopped = next.stopped.filter(|s| s.job.rewrite.is_some());
            }
            Action::Working(working) => {
                next.working = Some(working);
                next.save_serial += 1;
            }
            Action::Stopped(stopped) => {
                if let Some(serial) = stopped.job.rewrite {
                    if next.rewriting.as_ref().is_some_and(|(s, _)| *s == serial) {
                        next.rewriting = None;
                    }
                }
                next.working = None;
                next.stopped = Some(stopped);
                next.save_serial += 1;
            }
            Action::CheckFailed(message) => {
                next.working = next.working.filter(|w| w.rewrite.is_some());
                next.notice = Some(format!("The check failed: {message}"));
                next.save_serial += 1;
            }
            Action::CheckAgain { unlimited } => {
                next.unlimited |= unlimited;
                next.recheck += 1;
                next.stopped = None;
            }
            Action::Restore(stored) => {
                if !next.is_pristine() {
                    return self;
                }
                next = next.restored(stored);
            }
            Action::ContentType(value) => {
                next.content_type = value;
                next.options_serial += 1;
            }
            Action::Targets(value) => {
                next.targets = value;
                next.options_serial += 1;
            }
            Action::RuleEnabled(code, enabled) => {
                Rc::make_mut(&mut next.settings).set_enabled(&code, enabled);
                next.options_serial += 1;
                next.settings_serial += 1;
            }
            Action::RuleSeverity(code, severity) => {
                Rc::make_mut(&mut next.settings).set_severity(&code, severity);
                next.options_serial += 1;
                next.settings_serial += 1;
            }
            Action::ImportSettings(text) => {
                next.settings_import = Some(Rc::new(text));
                next.settings_restoring = false;
                next.options_serial += 1;
            }
            // Only before the user has touched the settings: a change made meanwhile wins.
            Action::RestoreSettings(text) if next.settings_serial == 0 => {
                next.settings_import = Some(Rc::new(text));
                next.settings_restoring = true;
                next.options_serial += 1;
            }
            Action::RestoreSettings(_) => {}
            Action::ResetSettings => {
                next.settings = Rc::default();
                next.settings_problems = None;
                next.options_serial += 1;
                next.settings_serial += 1;
            }
            Action::Select(from, to) => {
                let serial = next.selection.map_or(0, |s| s.serial + 1);
                next.selection = Some(Selection { from, to, serial });
            }
            Action::Panel(panel) => next.panel = panel,
            Action::Notice(message) => next.notice = Some(message),
            Action::Kept(kept) => next.kept = kept,
            Action::Forget => next.kept = false,
            Action::Rewrite(job) => {
                next.rewrite_serial += 1;
                next.rewriting = Some((next.rewrite_serial, job));
                next.preview = None;
                next.panel = Panel::Fixes;
            }
            Action::Previewed(serial, preview) => {
                if next.rewriting.as_ref().is_none_or(|(s, _)| *s != serial) {
                    return self;
                }
                next.rewriting = None;
                next.working = next.working.filter(|w| w.rewrite != Some(serial));
                next.preview = Some(preview);
                next.focus(Focus::Preview);
            }
            Action::RewriteFailed(serial, message) => {
                if next.rewriting.as_ref().is_none_or(|(s, _)| *s != serial) {
                    return self;
                }
                next.rewriting = None;
                next.working = next.working.filter(|w| w.rewrite != Some(serial));
                next.notice = Some(format!("The rewrite failed: {message}"));
            }
            Action::ApplyPreview => {
                if let Some(preview) = next.preview.take() {
                    if next.is_current(&preview) {
                        next.history.push((next.docs.clone(), next.active));
                        next.apply(&preview);
                        next.focus(Focus::Verdict);
                    } else {
                        next.notice = Some(
                            "The documents changed after this preview was made, so it was not applied: preview the rewrite again.".into(),
                        );
                    }
                }
            }
            Action::DiscardPreview => next.preview = None,
            Action::UndoRewrite => {
                if let Some((docs, active)) = next.history.pop() {
                    // The documents come back as they were, and the editor takes their text.
                    // Versions only grow, so the restored text is checked and shown afresh.
                    let current: Vec<u32> = next.docs.iter().map(|d| d.id).collect();
                    let newest = |id: u32| {
                        next.docs
                            .iter()
                            .find(|d| d.id == id)
                            .map(|d| (d.version, d.loaded))
                    };
                    let restored: Vec<Doc> = docs
                        .into_iter()
                        .map(|mut doc| {
                            if let Some((version, loaded)) = newest(doc.id) {
                                doc.version = version.max(doc.version) + 1;
                                doc.loaded = loaded.max(doc.loaded) + 1;
                                doc.report = None;
                                doc.changed_at = now_ms();
                            }
                            doc
                        })
                        .collect();
                    next.docs = restored;
                    next.closed.extend(
                        current
                            .into_iter()
                            .filter(|id| !next.docs.iter().any(|d| d.id == *id)),
                    );
                    next.active = active.min(next.docs.len() - 1);
                    next.preview = None;
                    next.rewriting = None;
                    next.focus(Focus::Verdict);
                }
            }
            Action::QuickFix(offset) => {
                next.panel = Panel::Problems;
                next.focus(Focus::FixAt(offset));
            }
        }
        // A session with nothing to check is kept at once: no check will answer to keep it,
        // and a reload must not bring back the text the user cleared.
        if next.docs.iter().all(|d| d.bytes.is_empty())
            && self.docs.iter().any(|d| !d.bytes.is_empty())
        {
            next.save_serial += 1;
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn report_of(bytes: &[u8]) -> Report {
        ocilint_core::check(bytes, &Default::default())
    }

    #[wasm_bindgen_test]
    fn the_opened_digest_is_the_report_of_the_opened_bytes() {
        let opened = br#"{"schemaVersion": 2}"#.to_vec();
        let mut doc = Doc::new(1, "a.json".into(), opened.clone()).opened();
        assert_eq!(doc.original_digest(), None, "not hashed on opening");
        // A report of earlier bytes says nothing of these.
        doc.version = 3;
        doc.original = Original::of_version(&doc);
        doc.learn_original(2, &report_of(b"{}"));
        assert_eq!(doc.original_digest(), None);
        doc.learn_original(3, &report_of(&opened));
        assert_eq!(
            doc.original_digest(),
            Some(ocilint_core::digest::sha256(&opened))
        );
    }

    #[wasm_bindgen_test]
    fn edited_before_its_report_the_opened_bytes_are_hashed() {
        let opened = br#"{"schemaVersion": 2}"#.to_vec();
        let mut doc = Doc::new(1, "a.json".into(), opened.clone()).opened();
        let edited = br#"{"schemaVersion": 22}"#.to_vec();
        doc.bytes = Rc::new(edited.clone());
        doc.version += 1;
        doc.learn_original(doc.version, &report_of(&edited));
        assert_eq!(
            doc.original_digest(),
            Some(ocilint_core::digest::sha256(&opened))
        );
    }

    #[wasm_bindgen_test]
    fn nothing_opened_has_no_digest_to_keep() {
        let doc = Doc::new(1, "a.json".into(), Vec::new()).opened();
        assert_eq!(doc.original, Original::None);
    }
}
