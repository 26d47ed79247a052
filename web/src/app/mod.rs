//! The page: paste, type, open or drop documents (several files form a bundle, one tab each),
//! read every diagnostic where it is, see who accepts the document, read it as hypertext,
//! share it as a link and download its exact bytes. Everything runs in this tab; nothing is
//! sent anywhere.
//!
//! - [`engine`]: the check of the bundle and its rewrites, in a worker; [`rewrites`]: the
//!   rewrites offered and their previews; [`fixes`]: the fixes panel.
//! - [`editor`]: CodeMirror or a textarea; [`panels`]: problems, targets and download;
//!   [`reading`]: the reading view; [`share`]: links and the stored session; [`files`]: reading
//!   dropped and opened files as bytes; [`images`]: whole images (a layout folder or an
//!   archive) verified in workers loaded on demand.

mod editor;
mod edits;
mod engine;
mod files;
mod fixes;
mod groups;
mod images;
mod panels;
mod reading;
mod rewrites;
mod settings;
mod share;
mod shell;
mod state;
pub(crate) mod verdict;

pub(crate) use rewrites::RewriteJob;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use editor::Editor;
use engine::{Answer, Engine, Job, Stop, Stopped, Work, Working};
use ocilint_core::targets::{self, Verdict};
use ocilint_core::{Report, Severity};
use panels::inline_code;
use panels::{DocumentBar, Problems, Targets};
use reading::{hanging_off, Hanging, ReadingView, Sibling};
use state::{Action, Doc, Panel, Session};
use verdict::{count, plural, Health};

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
  ],
  "annotations": {
    "org.opencontainers.image.source": "https://github.com/example/app"
  }
}
"#;

/// The Performance API mark set once the first report is drawn.
const FIRST_DIAGNOSTIC_MARK: &str = "ocilint-first-diagnostic";

/// Media types offered for the Content-Type field.
const CONTENT_TYPES: [&str; 6] = [
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.config.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.container.image.v1+json",
];

/// Mounts the whole page on `<body>`: checks in a worker, reads the URL fragment, keeps the
/// session. Without a window (not a page) there is nothing to mount.
pub fn mount() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let props = AppProps { page: true };
    // The page's own element beside the first part's shell (static/index.html), which Yew
    // would otherwise clear with the rest of `<body>`.
    match document.get_element_by_id("app-root") {
        Some(root) => yew::Renderer::<App>::with_root_and_props(root, props).render(),
        None => yew::Renderer::<App>::with_props(props).render(),
    };
}

#[derive(Properties, PartialEq, Default, Debug)]
pub struct AppProps {
    /// The app is the whole page: check in a worker, open `#doc=` links and keep the last
    /// session in localStorage. Off (the default) it checks on the main thread and touches
    /// nothing outside itself, for tests and embedding.
    #[prop_or_default]
    pub page: bool,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let page = props.page;
    // A session kept in localStorage opens at once; one kept in IndexedDB (a large one) a
    // moment later, unless a link or the user has opened a document by then.
    let restored_at_once = use_mut_ref(|| false);
    // What the user edited in the page's first part (static/shell.js) before the app arrived.
    let from_shell = use_mut_ref(|| false);
    let session = {
        let (restored_at_once, from_shell) = (restored_at_once.clone(), from_shell.clone());
        use_reducer(move || {
            let mut session = Session::default();
            if let Some(edited) = page.then(shell::take_over).flatten() {
                session = session.restored(edited);
                session.kept = false;
                *restored_at_once.borrow_mut() = true;
                *from_shell.borrow_mut() = true;
            } else if page && !has_shared_fragment() {
                if let Some(stored) = share::load_session() {
                    session = session.restored(stored);
                    *restored_at_once.borrow_mut() = true;
                }
            }
            session
        })
    };
    // The settings kept in this browser apply to whatever is opened, a `#doc=` link too. The
    // worker reads them (the page's own wasm has no TOML reader).
    {
        let dispatch = session.dispatcher();
        use_effect_with((), move |_| {
            if let Some(text) = page.then(stored_settings).flatten() {
                dispatch.dispatch(Action::RestoreSettings(text));
            }
        });
    }
    {
        let settings = session.settings.clone();
        use_effect_with(session.settings_serial, move |serial| {
            if page && *serial > 0 {
                store_settings(&settings);
            }
        });
    }
    {
        let dispatch = session.dispatcher();
        use_effect_with((), move |_| {
            if page && !has_shared_fragment() && !*restored_at_once.borrow() {
                yew::platform::spawn_local(async move {
                    if let Some(stored) = share::load_large_session().await {
                        dispatch.dispatch(Action::Restore(stored));
                    }
                });
            }
        });
    }
    let engine: Rc<RefCell<Option<Rc<RefCell<Engine>>>>> = use_mut_ref(|| None);

    // The engine, once: its answers come back as actions.
    {
        let (engine, dispatch) = (engine.clone(), session.dispatcher());
        use_effect_with((), move |_| {
            let on_answer = Callback::from(move |answer: Answer| match answer {
                Answer::Checked(checked) => dispatch.dispatch(Action::Checked(checked)),
                Answer::Rewritten { serial, preview } => {
                    dispatch.dispatch(Action::Previewed(serial, preview))
                }
                Answer::Failed {
                    rewrite: Some(serial),
                    message,
                } => dispatch.dispatch(Action::RewriteFailed(serial, message)),
                Answer::Failed {
                    rewrite: None,
                    message,
                } => dispatch.dispatch(Action::CheckFailed(message)),
                Answer::Slow(working) => dispatch.dispatch(Action::Working(working)),
                Answer::Stopped(stopped) => dispatch.dispatch(Action::Stopped(stopped)),
            });
            *engine.borrow_mut() = Some(Engine::new(page, on_answer));
        });
    }
    // A `#doc=` link opens its document.
    {
        let (dispatch, from_shell) = (session.dispatcher(), from_shell.clone());
        use_effect_with((), move |_| {
            if page && !*from_shell.borrow() {
                open_fragment(dispatch);
            }
        });
    }
    // Whenever a document's bytes or the options change, the bundle is checked again: the
    // bundle rules judge each document by the others.
    {
        let keys = session.check_keys();
        let session = session.clone();
        let engine = engine.clone();
        use_effect_with(keys, move |_| {
            let documents = session.documents();
            // With nothing to check, the engine is still asked when settings wait to be read.
            let idle = documents.is_empty() && session.settings_import.is_none();
            if let (Some(engine), false) = (engine.borrow().as_ref(), idle) {
                Engine::request(
                    engine,
                    Job {
                        documents,
                        content_type: session.content_type.clone(),
                        work: Work::Check {
                            targets: session.targets.clone(),
                            settings: session.settings.to_toml(),
                            import: session.settings_import.clone(),
                        },
                        limited: !session.unlimited,
                    },
                );
            }
        });
    }
    // A rewrite asked for goes to the engine with the bundle as it is now.
    {
        let rewriting = session.rewriting.clone();
        let session = session.clone();
        let engine = engine.clone();
        use_effect_with(rewriting, move |rewriting| {
            if let (Some(engine), Some((serial, job))) = (engine.borrow().as_ref(), rewriting) {
                Engine::request(
                    engine,
                    Job {
                        documents: session.documents(),
                        content_type: session.content_type.clone(),
                        work: Work::Rewrite {
                            serial: *serial,
                            job: job.clone(),
                        },
                        limited: true,
                    },
                );
            }
        });
    }
    // Keep the session after each answer of the engine (checks are already one per pause in
    // typing), and while a long one runs: a reload or a stopped check never loses the text.
    let last_saved = use_mut_ref(|| None);
    {
        let session = session.clone();
        use_effect_with(session.save_serial, move |_| {
            // What was kept last time, so a large session is not copied again unchanged.
            let keys = (
                session.check_keys(),
                session.active,
                session.content_type.clone(),
                session.targets.clone(),
            );
            if page && session.save_serial > 0 && *last_saved.borrow() != Some(keys.clone()) {
                *last_saved.borrow_mut() = Some(keys);
                let stored = session.stored();
                yew::platform::spawn_local(async move {
                    let kept = share::save_session(&stored).await;
                    if kept != session.kept {
                        session.dispatcher().dispatch(Action::Kept(kept));
                    }
                });
            }
        });
    }

    // The first diagnostics drawn since navigation, as a Performance API mark (what the e2e
    // timing log reads: navigation start to first diagnostic, cold and warm).
    {
        let drawn = session.timing.first_ms.is_some();
        use_effect_with(drawn, |drawn| {
            if *drawn && !shell::first_mark_set(FIRST_DIAGNOSTIC_MARK) {
                if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                    let _ = performance.mark(FIRST_DIAGNOSTIC_MARK);
                }
            }
        });
    }
    // The first part's shell goes once this app has something to show in its place: a
    // report, nothing to check, or a word on why there is no report; else after a while, so
    // a worker that never answers does not keep the app hidden.
    {
        let doc = session.active_doc();
        // A `#doc=` link's document is opened a moment after the first render.
        let link_to_open = page && !*from_shell.borrow() && has_shared_fragment();
        let shown = doc.report.is_some()
            || (doc.bytes.is_empty() && !link_to_open)
            || session.notice.is_some()
            || session.stopped.is_some();
        use_effect_with(shown, |shown| {
            if *shown {
                shell::done();
            }
        });
        use_effect_with((), |_| {
            yew::platform::spawn_local(async {
                yew::platform::time::sleep(std::time::Duration::from_secs(10)).await;
                shell::done();
            });
        });
    }
    // Focus goes where the last action leads (the preview, the verdict, a fix), once it is drawn.
    {
        let report = session.active_doc().report.clone();
        use_effect_with(session.focus.clone(), move |focus| {
            if let Some((focus, _)) = focus {
                let selectors = focus.selectors(report.as_ref().map(|(_, r)| &**r));
                let _focused = selectors.iter().any(|selector| focus_first(selector));
            }
        });
    }
    let theme = use_state(stored_theme);
    {
        use_effect_with(*theme, |theme| apply_theme(*theme));
    }
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = theme.next();
            store_theme(next);
            theme.set(next);
        })
    };
    let view = use_state(|| Layout::AsTyped);
    let on_view = {
        let view = view.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            view.set(Layout::parse(&select.value()));
        })
    };
    let wrap = use_state(|| false);
    let on_wrap = {
        let wrap = wrap.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            wrap.set(input.checked());
        })
    };
    // While files are dragged over the page, it says where they go.
    let dragging = use_state(|| false);

    // A folder or an archive dropped goes to the image view, with a serial of its own.
    let dropped_image = use_state(|| None::<images::Dropped>);
    let dispatch = session.dispatcher();
    let on_drop = {
        let (dispatch, dragging, dropped_image) =
            (dispatch.clone(), dragging.clone(), dropped_image.clone());
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            let Some(transfer) = event.data_transfer() else {
                return;
            };
            let serial = dropped_image.as_ref().map_or(0, |d| d.serial + 1);
            if let Some(image) = images::dropped_image(&transfer, serial) {
                dropped_image.set(Some(image));
            } else if let Some(list) = transfer.files() {
                files::read_all(list, dispatch.clone());
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        // Leaving the window (no element entered next) ends the drag over the page.
        Callback::from(move |event: DragEvent| {
            if event.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let on_open_files = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(list) = input.files() {
                files::read_all(list, dispatch.clone());
            }
            input.set_value("");
        })
    };
    let on_content_type = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatch.dispatch(Action::ContentType(input.value()));
        })
    };
    let on_targets = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatch.dispatch(Action::Targets(input.value()));
        })
    };
    let on_example = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.dispatch(Action::Open(vec![(
                "example.json".into(),
                EXAMPLE.as_bytes().to_vec(),
            )]))
        })
    };
    let on_share = {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| share_link(&session))
    };
    let on_cancel = {
        let engine = engine.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(engine) = engine.borrow().as_ref() {
                Engine::cancel(engine);
            }
        })
    };
    let on_forget = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            share::forget_session();
            dispatch.dispatch(Action::Forget);
        })
    };

    let doc = session.active_doc();
    let on_change = {
        let dispatch = dispatch.clone();
        let id = doc.id;
        Callback::from(move |(text, replaced): (String, bool)| {
            dispatch.dispatch(Action::Edit { id, text, replaced })
        })
    };
    let on_select = dispatch
        .to_callback()
        .reform(|(from, to): (u32, u32)| Action::Select(from, to));
    let on_open_tab = dispatch.to_callback().reform(Action::Show);
    let on_quick_fix = dispatch.to_callback().reform(Action::QuickFix);
    let current = doc.current_report();
    let targets_error = targets::parse_list(&session.targets).err();

    html! {
        <div class={classes!("app", dragging.then_some("dragging"))} ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
            <header class="top">
                <h1>{"ocilint"}</h1>
                <p class="tagline">
                    {"Check container image manifests, indexes and configs against the specs. "}
                    <strong>{"Nothing leaves your browser."}</strong>
                </p>
                <a class="rules-catalogue" id="rules-catalogue" href="rules/index.html" target="_blank"
                    title="Every rule: what it checks, why, how to fix (offline)">{"Rules"}</a>
                <button type="button" class="secondary small theme-switch" id="theme" onclick={on_theme}
                    aria-label={format!("Colour theme: {}. Change it", theme.label())}>
                    {format!("Theme: {}", theme.label())}
                </button>
            </header>
            <p id="status" class="visually-hidden" role="status">
                { current.as_deref().map(verdict::short_status).unwrap_or_default() }
            </p>
            { if *dragging { html! {
                <div class="drop-zone" aria-hidden="true">
                    <p>{"Drop the files to open them: each becomes a tab, checked together as a bundle."}</p>
                </div>
            } } else { html! {} } }
            <images::Images dispatch={dispatch.to_callback()} dropped={(*dropped_image).clone()} />
            <main class="workspace">
                <section class="pane editor-pane" aria-labelledby="document-heading">
                    <h2 id="document-heading" class="visually-hidden">{"Document"}</h2>
                    <div class="toolbar">
                        <label class="file-button secondary">
                            {"Open files…"}
                            <input type="file" multiple=true accept=".json,application/json" onchange={on_open_files} />
                        </label>
                        <button type="button" class="secondary" id="load-example" onclick={on_example}>{"Load example"}</button>
                        <button type="button" class="secondary" onclick={on_share} id="share">{"Copy link"}</button>
                        <label class="wrap-lines">
                            <input type="checkbox" id="wrap-lines" checked={*wrap} onchange={on_wrap} />
                            {"Wrap lines"}
                        </label>
                        // A short control beside "Wrap lines": at 320 px the toolbar has no row to spare.
                        <label class="view-as" title="How the document is shown: formatted and minified are read-only views">
                            <span class="visually-hidden">{"View the document"}</span>
                            <select id="view-as" onchange={on_view}>
                                { for Layout::ALL.into_iter().map(|layout| html! {
                                    <option value={layout.as_str()} selected={*view == layout}>{layout.label()}</option>
                                }) }
                            </select>
                        </label>
                        <label class="content-type">
                            <span>{"Content-Type"}</span>
                            <input
                                id="content-type"
                                list="content-types"
                                placeholder="as declared in the document"
                                value={session.content_type.clone()}
                                oninput={on_content_type}
                            />
                            <datalist id="content-types">
                                { for CONTENT_TYPES.iter().map(|ct| html! { <option value={*ct} /> }) }
                            </datalist>
                        </label>
                        <label class="targets-field">
                            <span>{"Targets"}</span>
                            <input
                                id="targets"
                                placeholder="all (e.g. quay, ecr@…)"
                                value={session.targets.clone()}
                                oninput={on_targets}
                                aria-invalid={targets_error.is_some().to_string()}
                                aria-describedby={targets_error.is_some().then_some("targets-error")}
                            />
                        </label>
                        // Always rendered (hidden when empty): a sibling that comes and goes at the
                        // end of the toolbar makes Yew patch the toolbar's elements into each other,
                        // replacing the Targets input under the user's typing.
                        <p class="field-error" id="targets-error" role="alert" hidden={targets_error.is_none()}>
                            { for targets_error.map(|message| inline_code(&format!("{message}. Until the list reads, every target's verdict is shown."))) }
                        </p>
                    </div>
                    { tabs(&session) }
                    // The editor stays mounted under a read-only view (its caret, undo history and
                    // text are the document's), and the view is always there, hidden when unused,
                    // so neither is made anew when the other shows.
                    <ReadOnlyView layout={*view} bytes={doc.bytes.clone()} />
                    <div class="editor-frame" hidden={*view != Layout::AsTyped}>
                    <Editor
                        doc_id={doc.id}
                        text={doc.text.clone()}
                        loaded={doc.loaded}
                        report={current.clone()}
                        selection={session.selection}
                        on_change={on_change}
                        on_quick_fix={on_quick_fix}
                        wrap={*wrap}
                        forget={session.closed.clone()}
                    />
                    </div>
                    // One element always there for the notes that come and go: Yew pairs
                    // unkeyed siblings from the end, so a note appearing beside the editor
                    // would otherwise make the editor anew (its caret and undo history lost).
                    <div class="editor-notes">
                        { for session.notice.as_ref().map(|notice| html! { <p class="notice" role="status">{notice.clone()}</p> }) }
                        { for session.working.as_ref().map(|working| working_note(working, on_cancel.clone())) }
                        { for session.stopped.as_ref().map(|stopped| stopped_note(stopped, &dispatch)) }
                        { if session.bundle_hint == Some(doc.id) && session.docs.len() > 1 { html! {
                            <div class="notice bundle-hint" role="status">
                                <p>{format!("You replaced all of {}. The other {} still belong to this bundle: they are checked with it, and rewrites change them too.",
                                    doc.name, plural(session.docs.len() - 1, "tab"))}</p>
                                <button type="button" class="secondary small" id="close-others"
                                    onclick={dispatch.to_callback().reform(|_: MouseEvent| Action::CloseOthers)}>{"Close the other tabs"}</button>
                                {" "}
                                <button type="button" class="secondary small"
                                    onclick={dispatch.to_callback().reform(|_: MouseEvent| Action::DismissBundleHint)}>{"Keep them"}</button>
                            </div>
                        } } else { html! {} } }
                    </div>
                </section>
                <section class="pane results-pane" aria-label="Results">
                    { match doc.report.as_ref() {
                        None if doc.bytes.is_empty() => html! {
                            <div class="empty drop-hint">
                                <h2>{"Results"}</h2>
                                <p>{"Paste or type a document to see its diagnostics, or drop files anywhere on this page (an index and its manifests, a manifest and its config: each becomes a tab)."}</p>
                            </div>
                        },
                        None if session.working.is_none() && session.stopped.as_ref().is_some_and(|s| s.job.rewrite.is_none()) => html! {
                            <p class="empty">{"Not checked: the check was stopped (the message under the document says why)."}</p>
                        },
                        None => html! { <p class="empty">{"Checking…"}</p> },
                        Some((_, report)) => html! {
                            <>
                                <DocumentBar
                                    report={report.clone()}
                                    bytes={doc.bytes.clone()}
                                    file_name={doc.file_name.clone()}
                                    original_digest={doc.original_digest()}
                                    stale={current.is_none()}
                                    timing={session.timing}
                                    child={child_note(&session, doc)}
                                />
                                { bundle_downloads(&session) }
                                { panel_tabs(&session, report) }
                                <div class="panel-body" role="tabpanel" id="results-panel" aria-labelledby={session.panel.id()}>
                                { match session.panel {
                                    Panel::Problems => html! { <Problems report={report.clone()} document={doc.name.clone()} on_select={on_select.clone()} dispatch={dispatch.to_callback()}
                                        reveal={session.focus.as_ref().and_then(|(focus, _)| focus.diagnostic(report))} /> },
                                    Panel::Fixes => html! {
                                        <fixes::Fixes preview={session.preview.clone()} rewriting={session.rewriting.is_some()}
                                            can_undo={!session.history.is_empty()} offered={offered_rewrites(&session)} dispatch={dispatch.to_callback()} />
                                    },
                                    Panel::Targets => html! { <Targets report={report.clone()} on_select={on_select.clone()} /> },
                                    Panel::Settings => html! {
                                        <settings::Settings settings={session.settings.clone()} exported={session.exported_settings().to_toml()}
                                            targets={session.targets.clone()} importing={session.settings_import.is_some() && !session.settings_restoring}
                                            problems={session.settings_problems.clone()} dispatch={dispatch.to_callback()} />
                                    },
                                    Panel::Reading => html! {
                                        <ReadingView bytes={doc.bytes.clone()} siblings={siblings(&session)} on_open={on_open_tab.clone()} report={Some(report.clone())} hanging={hanging(&session, &report.digest)} />
                                    },
                                } }
                                </div>
                            </>
                        },
                    } }
                </section>
            </main>
            <footer class="privacy" id="privacy">
                <p>
                    <strong>{"Privacy. "}</strong>
                    {"Your documents are checked by WebAssembly in this tab. They are not uploaded, logged or sent anywhere: \
                      this page makes no network request after it has loaded, loads nothing from other sites (its \
                      Content-Security-Policy forbids it), and works offline once visited. A shared link carries the \
                      document in its #fragment, which browsers never send to a server. The last session is kept in \
                      this browser only (localStorage, or IndexedDB when it is large). "}
                    { if session.kept { html! {
                        <button type="button" class="link" onclick={on_forget}>{"Forget it now."}</button>
                    } } else { html! {} } }
                </p>
            </footer>
        </div>
    }
}

/// What the engine has been doing for a while, with the control that stops it.
fn working_note(working: &Working, on_cancel: Callback<MouseEvent>) -> Html {
    let what = if working.rewrite.is_some() {
        "Preparing the rewrite of"
    } else {
        "Checking"
    };
    html! {
        <p class="notice working" id="working" role="status">
            {format!("{what} {} ({})… ", names(&working.names), reading::human_size(working.bytes as u64))}
            <button type="button" class="secondary small" id="cancel-check" onclick={on_cancel}>{"Cancel"}</button>
        </p>
    }
}

/// Why the last job was stopped, that the text is kept, and how to go on.
fn stopped_note(stopped: &Stopped, dispatch: &UseReducerDispatcher<Session>) -> Html {
    let what = if stopped.job.rewrite.is_some() {
        "The rewrite of"
    } else {
        "The check of"
    };
    let subject = format!("{what} {}", names(&stopped.job.names));
    let (message, button) = match stopped.reason {
        Stop::TimeLimit(ms) => (
            format!(
                "{subject} ran longer than {} s and was stopped: the checker was restarted, and your text is kept as it is. ",
                ms.div_ceil(1000)
            ),
            "Check without a time limit",
        ),
        Stop::Cancelled => (
            format!("{subject} was cancelled. Your text is kept as it is; it is checked again when you edit it. "),
            "Check again",
        ),
    };
    let unlimited = matches!(stopped.reason, Stop::TimeLimit(_));
    let on_again = dispatch
        .to_callback()
        .reform(move |_: MouseEvent| Action::CheckAgain { unlimited });
    html! {
        <div class="notice stopped" id="stopped" role="alert" data-reason={if unlimited { "time-limit" } else { "cancelled" }}>
            <p>{message}</p>
            { if stopped.job.rewrite.is_none() { html! {
                <button type="button" class="secondary small" id="check-again" onclick={on_again}>{button}</button>
            } } else { html! {} } }
        </div>
    }
}

/// `a.json`, `a.json and b.json`, `a.json and 2 more`.
fn names(names: &[String]) -> String {
    match names {
        [] => "the documents".to_owned(),
        [one] => one.clone(),
        [one, two] => format!("{one} and {two}"),
        [one, rest @ ..] => format!("{one} and {} more", rest.len()),
    }
}

/// The next tab for an arrow, Home or End key in a tablist of `len` tabs, as the ARIA
/// authoring practices move it (wrapping round); `None` for any other key.
fn tab_key(key: &str, current: usize, len: usize) -> Option<usize> {
    match key {
        "ArrowRight" | "ArrowDown" => Some((current + 1) % len),
        "ArrowLeft" | "ArrowUp" => Some((current + len - 1) % len),
        "Home" => Some(0),
        "End" => Some(len - 1),
        _ => None,
    }
}

/// The document of the bundle that `doc` lists (names by digest) and that fares worst, when it
/// fares worse than `doc` itself: an index whose child podman refuses is not "fine".
fn worse_child<'a>(session: &'a Session, doc: &Doc) -> Option<(usize, &'a Doc, Health)> {
    // Alone, a document lists no other; reading its text would cost every render of a large
    // one a pass over all its bytes.
    if session.docs.len() < 2 {
        return None;
    }
    let own = verdict::health(&doc.report.as_ref()?.1);
    let text = String::from_utf8_lossy(&doc.bytes);
    session
        .docs
        .iter()
        .enumerate()
        .filter(|(_, child)| child.id != doc.id)
        .filter_map(|(index, child)| Some((index, child, &child.report.as_ref()?.1)))
        .filter(|(_, _, report)| text.contains(report.digest.as_str()))
        .map(|(index, child, report)| (index, child, verdict::health(report)))
        .max_by_key(|(_, _, health)| *health)
        .filter(|(_, _, health)| *health > own)
}

/// A bundle tab's badge: its own errors and refusals, and the worse state of a document it
/// lists.
fn tab_badge(session: &Session, doc: &Doc) -> (Health, String) {
    let Some((_, report)) = doc.report.as_ref() else {
        return (Health::Good, String::new());
    };
    let (errors, refused) = (
        count(report, Severity::Error),
        verdict::refusals(report).len(),
    );
    let mut words = Vec::new();
    if errors > 0 {
        words.push(plural(errors, "error"));
    }
    if refused > 0 {
        words.push(plural(refused, "refusal"));
    }
    match worse_child(session, doc) {
        Some((_, child, health)) => {
            let state = if health == Health::Bad {
                "fails"
            } else {
                "warns"
            };
            words.push(format!("{} {state}", child.name));
            (health, words.join(", "))
        }
        None => (verdict::health(report), words.join(", ")),
    }
}

/// The summary's word on the worse child, for the parent's headline.
/// How the document is shown: as typed (the editor), or laid out anew for reading only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    AsTyped,
    Formatted,
    Minified,
}

impl Layout {
    const ALL: [Layout; 3] = [Layout::AsTyped, Layout::Formatted, Layout::Minified];

    fn as_str(self) -> &'static str {
        match self {
            Layout::AsTyped => "as-typed",
            Layout::Formatted => "formatted",
            Layout::Minified => "minified",
        }
    }

    /// Short, to fit beside "Wrap lines" on a phone; the view itself says it is read-only.
    fn label(self) -> &'static str {
        match self {
            Layout::AsTyped => "as typed",
            Layout::Formatted => "formatted",
            Layout::Minified => "minified",
        }
    }

    fn parse(value: &str) -> Self {
        Layout::ALL
            .into_iter()
            .find(|l| l.as_str() == value)
            .unwrap_or(Layout::AsTyped)
    }
}

#[derive(Properties, PartialEq)]
struct ReadOnlyViewProps {
    layout: Layout,
    bytes: Rc<Vec<u8>>,
}

/// The document pretty-printed or minified ([`ocilint_core::json::relayout`]) to read, never
/// to check: the bytes checked, hashed and downloaded stay the ones typed, and the view says so.
#[function_component(ReadOnlyView)]
fn read_only_view(props: &ReadOnlyViewProps) -> Html {
    let text = use_memo((props.layout, props.bytes.clone()), |(layout, bytes)| {
        let layout = match layout {
            Layout::AsTyped => return None,
            Layout::Formatted => ocilint_core::json::Layout::Pretty,
            Layout::Minified => ocilint_core::json::Layout::Minified,
        };
        Some(ocilint_core::json::relayout(bytes, layout))
    });
    let hidden = props.layout == Layout::AsTyped;
    html! {
        <div class="read-only-view" id="read-only-view" hidden={hidden} data-layout={props.layout.as_str()}>
            <p class="read-only-note" role="note">
                <strong>{"Read-only view. "}</strong>
                {"The problems, the digest and the download are those of the document as typed; these bytes would \
                  have another digest. Choose “as typed” to edit."}
            </p>
            { match text.as_ref() {
                Some(Some(text)) => html! {
                    <pre class="relayout" tabindex="0" aria-label={format!("The document, {} (read-only)", props.layout.label())}>{text.clone()}</pre>
                },
                Some(None) => html! { <p class="empty">{"There is no JSON value here to lay out: the problems say what the text is."}</p> },
                None => html! {},
            } }
        </div>
    }
}

/// With several documents open (a rewrite's outputs, say), each saved in one archive: a zip of
/// the documents named as `ocilint fix -o` names them, or an OCI layout of them.
fn bundle_downloads(session: &Session) -> Html {
    let documents: Vec<Rc<Vec<u8>>> = session
        .docs
        .iter()
        .filter(|d| !d.bytes.is_empty())
        .map(|d| d.bytes.clone())
        .collect();
    if documents.len() < 2 {
        return html! {};
    }
    let count = documents.len();
    let on_zip = {
        let documents = documents.clone();
        Callback::from(move |_: MouseEvent| {
            let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
            for bytes in &documents {
                let name = ocilint_core::rewrite::file_name(bytes);
                // The same bytes twice are one file.
                if !entries.iter().any(|(n, _)| *n == name) {
                    entries.push((name, bytes.to_vec()));
                }
            }
            save_zip(&entries, "bundle.zip");
        })
    };
    let on_layout = Callback::from(move |_: MouseEvent| {
        let bytes: Vec<&[u8]> = documents.iter().map(|d| d.as_slice()).collect();
        save_zip(
            &ocilint_core::rewrite::sparse_layout(&bytes),
            "bundle-oci-layout.zip",
        );
    });
    html! {
        <div class="bundle-downloads">
            <span>{format!("All {count} documents: ")}</span>
            <button type="button" class="secondary small" id="download-all-zip" onclick={on_zip}>{"Download all (zip)"}</button>
            {" "}
            <button type="button" class="secondary small" id="download-all-layout" onclick={on_layout}
                title="oci-layout, index.json and blobs/sha256/: only these documents, so the layout is sparse (its README.txt says which blobs it lacks)">
                {"Download as an OCI layout (zip)"}
            </button>
        </div>
    }
}

fn save_zip(entries: &[(String, Vec<u8>)], name: &str) {
    match ocilint_core::zip::stored(entries) {
        Ok(zip) => share::save_bytes(&zip, name, "application/zip"),
        Err(error) => web_sys::console::error_1(&format!("ocilint: {name}: {error}").into()),
    }
}

fn child_note(session: &UseReducerHandle<Session>, doc: &Doc) -> Option<panels::ChildNote> {
    let (index, child, health) = worse_child(session, doc)?;
    let report = &child.report.as_ref()?.1;
    Some(panels::ChildNote {
        name: child.name.clone(),
        health,
        headline: verdict::concern(report),
        on_open: session
            .dispatcher()
            .to_callback()
            .reform(move |_: MouseEvent| Action::Show(index)),
    })
}

fn tabs(session: &UseReducerHandle<Session>) -> Html {
    if session.docs.len() < 2 {
        return html! {};
    }
    let len = session.docs.len();
    let active = session.active;
    let on_key = {
        let dispatch = session.dispatcher();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Delete" {
                event.prevent_default();
                dispatch.dispatch(Action::Close(active));
                return;
            }
            if let Some(next) = tab_key(&event.key(), active, len) {
                event.prevent_default();
                dispatch.dispatch(Action::Show(next));
                focus_first(&format!("#doc-tab-{next}"));
            }
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label="Bundle documents" onkeydown={on_key}>
            { for session.docs.iter().enumerate().map(|(index, doc)| {
                let selected = index == active;
                let onclick = session.dispatcher().to_callback().reform(move |_: MouseEvent| Action::Show(index));
                let on_close = session.dispatcher().to_callback().reform(move |_: MouseEvent| Action::Close(index));
                let errors = doc.report.as_ref().map_or(0, |(_, r)| count(r, Severity::Error));
                let (health, badge) = tab_badge(session, doc);
                html! {
                    <span class={classes!("tab", selected.then_some("selected"))}>
                        <button type="button" role="tab" id={format!("doc-tab-{index}")} aria-selected={selected.to_string()}
                            aria-controls="document-editor" tabindex={if selected { "0" } else { "-1" }}
                            {onclick} data-tab={doc.name.clone()} data-health={health.class()} data-errors={errors.to_string()}>
                            <span class={classes!("tab-dot", health.class())} aria-hidden="true"></span>
                            {doc.name.clone()}
                            { if badge.is_empty() { html! {} } else { html! {
                                <span class={classes!("tab-badge", health.class())}>{", "}{badge}</span>
                            } } }
                        </button>
                        // Out of the tab order (Delete closes the focused tab): a tablist holds tabs only.
                        <button type="button" class="close" tabindex="-1" aria-hidden="true"
                            title={format!("Close {} (Delete)", doc.name)} onclick={on_close}>{"×"}</button>
                    </span>
                }
            }) }
        </div>
    }
}

fn panel_tabs(session: &UseReducerHandle<Session>, report: &Report) -> Html {
    let rejects = report
        .targets
        .iter()
        .filter(|t| t.verdict == Verdict::Reject)
        .count();
    let entries = [
        (
            Panel::Problems,
            format!("Problems ({})", report.diagnostics.len()),
        ),
        (
            Panel::Targets,
            format!(
                "Targets ({rejects} reject{})",
                if rejects == 1 { "" } else { "s" }
            ),
        ),
        (Panel::Reading, "Reading view".to_owned()),
        (Panel::Fixes, "Fixes".to_owned()),
        (Panel::Settings, "Settings".to_owned()),
    ];
    let panels: Vec<Panel> = entries.iter().map(|(panel, _)| *panel).collect();
    let on_key = {
        let dispatch = session.dispatcher();
        let current = panels.iter().position(|p| *p == session.panel).unwrap_or(0);
        Callback::from(move |event: KeyboardEvent| {
            if let Some(next) = tab_key(&event.key(), current, panels.len()) {
                event.prevent_default();
                dispatch.dispatch(Action::Panel(panels[next]));
                focus_first(&format!("#{}", panels[next].id()));
            }
        })
    };
    html! {
        <div class="panel-tabs" role="tablist" aria-label="Results" onkeydown={on_key}>
            { for entries.into_iter().map(|(panel, label)| {
                let onclick = session.dispatcher().to_callback().reform(move |_: MouseEvent| Action::Panel(panel));
                let selected = session.panel == panel;
                html! {
                    <button type="button" role="tab" id={panel.id()} aria-selected={selected.to_string()}
                        aria-controls="results-panel" tabindex={if selected { "0" } else { "-1" }}
                        class={classes!(selected.then_some("selected"))} {onclick}>{label}</button>
                }
            }) }
        </div>
    }
}

/// Focuses the first element matching `selector`; `false` when the page has none.
fn focus_first(selector: &str) -> bool {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    element.is_some_and(|element| element.focus().is_ok())
}

/// The colour theme: the system's, or one chosen on the page (kept in localStorage).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Theme {
    System,
    Light,
    Dark,
}

const THEME_KEY: &str = "ocilint.theme";

impl Theme {
    fn label(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
}

fn stored_theme() -> Theme {
    let stored = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten());
    match stored.as_deref() {
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        _ => Theme::System,
    }
}

/// The settings panel's rules and severities, as `ocilint.toml` text (the targets and
/// Content-Type are kept with the session).
const SETTINGS_KEY: &str = "ocilint.settings";

fn stored_settings() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(SETTINGS_KEY).ok().flatten())
        .filter(|text| !text.trim().is_empty())
}

/// Keeps the settings in this browser; the defaults are kept as nothing.
fn store_settings(settings: &ocilint_core::config::Config) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = if *settings == ocilint_core::config::Config::default() {
            storage.remove_item(SETTINGS_KEY)
        } else {
            storage.set_item(SETTINGS_KEY, &settings.to_toml())
        };
    }
}

fn store_theme(theme: Theme) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = match theme {
            Theme::System => storage.remove_item(THEME_KEY),
            other => storage.set_item(THEME_KEY, other.label()),
        };
    }
}

/// `<html data-theme>`: the style sheet's `color-scheme` follows it.
fn apply_theme(theme: Theme) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            other => root.set_attribute("data-theme", other.label()),
        };
    }
}

/// The bundle rewrites that can change something here (a conversion to the format every
/// document already has, or a fix-all with no fix, is not offered).
fn offered_rewrites(session: &Session) -> Vec<&'static str> {
    let reports: Vec<&Report> = session
        .docs
        .iter()
        .filter_map(|d| Some(&*d.report.as_ref()?.1))
        .collect();
    let fixes = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter())
        .filter_map(|d| d.fix.as_ref().map(|f| f.safety));
    let (mut safe, mut any) = (false, false);
    for safety in fixes {
        safe |= safety == ocilint_core::FixSafety::Safe;
        any |= safety != ocilint_core::FixSafety::DisplayOnly;
    }
    let media_types: Vec<&str> = reports
        .iter()
        .filter_map(|r| r.media_type.as_deref())
        .collect();
    let docker = media_types.iter().any(|m| m.contains(".docker."));
    let oci = media_types.iter().any(|m| m.contains(".oci."));
    let split = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter())
        .any(|d| d.fix.as_ref().is_some_and(|f| f.creates.is_some()));
    rewrites::bundle_actions()
        .into_iter()
        .map(|(id, _, _)| id)
        .filter(|id| match *id {
            "fix-safe" => safe,
            "fix-all" => any,
            "convert-oci" => docker,
            "convert-docker" => oci,
            "split" => split,
            _ => true,
        })
        .collect()
}

/// What the open tabs say hangs off the document whose digest is `digest`, gathered under it.
fn hanging(session: &Session, digest: &str) -> Rc<Vec<Hanging>> {
    let tabs: Vec<(usize, &str, &Report)> = session
        .docs
        .iter()
        .enumerate()
        .filter_map(|(at, doc)| Some((at, doc.name.as_str(), &*doc.report.as_ref()?.1)))
        .collect();
    Rc::new(hanging_off(&tabs, digest))
}

fn siblings(session: &Session) -> Vec<Sibling> {
    session
        .docs
        .iter()
        .enumerate()
        .filter(|(index, _)| *index != session.active)
        .filter_map(|(index, doc)| {
            Some(Sibling {
                digest: doc.report.as_ref()?.1.digest.clone(),
                index,
                name: doc.name.clone(),
            })
        })
        .collect()
}

fn has_shared_fragment() -> bool {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|hash| hash.contains("doc="))
}

fn open_fragment(dispatch: UseReducerDispatcher<Session>) {
    let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else {
        return;
    };
    yew::platform::spawn_local(async move {
        match share::read_fragment(&hash).await {
            Ok(Some(shared)) => dispatch.dispatch(Action::OpenShared(shared)),
            Ok(None) => {}
            Err(message) => dispatch.dispatch(Action::Notice(message)),
        }
    });
}

/// Links longer than this are cut by chat apps, issue trackers and some browsers: the page
/// says so once before it makes one.
const LONG_LINK: usize = 8_000;

/// Puts the active document into the URL fragment and copies the link.
fn share_link(session: &UseReducerHandle<Session>) {
    let doc = session.active_doc();
    let version = (doc.id, doc.version);
    let warned = session.link_warned == Some(version);
    let shared = share::Shared {
        bytes: doc.bytes.to_vec(),
        content_type: session.content_type.clone(),
        targets: session.targets.clone(),
    };
    let dispatch = session.dispatcher();
    yew::platform::spawn_local(async move {
        let message = match share::write_fragment(&shared).await {
            Ok(fragment) if fragment.len() > LONG_LINK && !warned => {
                let message = format!(
                    "This link would be {} characters long. Chat apps, issue trackers and some browsers cut links far shorter \
                     (from about 2,000 characters). Download the file and share it instead, or press Copy link again to make the link anyway.",
                    fragment.len()
                );
                dispatch.dispatch(Action::LinkWarned(version, message));
                return;
            }
            Ok(fragment) => {
                let window = web_sys::window().expect("a page has a window");
                let _ = window.history().and_then(|h| {
                    h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment))
                });
                let link = window.location().href().unwrap_or_default();
                let _ = window.navigator().clipboard().write_text(&link);
                format!(
                    "The link ({} characters) is in the address bar and on the clipboard. The document travels in its #fragment, which is never sent to a server.",
                    link.len()
                )
            }
            Err(message) => message,
        };
        dispatch.dispatch(Action::Notice(message));
    });
}
