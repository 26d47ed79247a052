//! The document editor. On the page it is CodeMirror 6 (`static/editor/editor.js`, bundled at
//! build time): line numbers, a gutter marker and an underline at each diagnostic's exact
//! range, undo, find (Ctrl-F) and the usual keys. Without that bundle (the wasm tests mount the
//! app alone) it is a plain `<textarea>`, with the same callbacks.
//!
//! On wide screens the editor's pane ends in a [`PaneSplitter`]: drag it, or focus it and use
//! the arrow keys, to share the width between the document and the results.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement, KeyboardEvent, PointerEvent};
use yew::prelude::*;

use ocilint_core::{Report, Severity};

use super::edits::Mirror;

#[wasm_bindgen]
extern "C" {
    /// An editor made by `window.ocilintEditor.create`.
    #[derive(Debug, Clone)]
    type CodeMirror;
    #[wasm_bindgen(method)]
    fn show(this: &CodeMirror, id: u32, text: &str);
    #[wasm_bindgen(method)]
    fn forget(this: &CodeMirror, id: u32);
    #[wasm_bindgen(method)]
    fn text(this: &CodeMirror) -> String;
    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics(
        this: &CodeMirror,
        ranges: &[u32],
        flags: &[u8],
        codes: &str,
        messages: &str,
    );
    #[wasm_bindgen(method)]
    fn select(this: &CodeMirror, from: u32, to: u32);
    #[wasm_bindgen(method, js_name = setWrap)]
    fn set_wrap(this: &CodeMirror, on: bool);
}

/// The editor bundle's entry point, when the page loaded it.
fn editor_api() -> Option<js_sys::Function> {
    let window = web_sys::window()?;
    let api = js_sys::Reflect::get(&window, &JsValue::from_str("ocilintEditor")).ok()?;
    if api.is_undefined() {
        return None;
    }
    js_sys::Reflect::get(&api, &JsValue::from_str("create"))
        .ok()?
        .dyn_into()
        .ok()
}

/// A request to select a range, numbered so the same range can be selected twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Selection {
    pub(crate) from: u32,
    pub(crate) to: u32,
    pub(crate) serial: u32,
}

#[derive(Properties, PartialEq)]
pub(crate) struct EditorProps {
    /// Which bundle document is shown.
    pub(crate) doc_id: u32,
    /// Its text.
    pub(crate) text: Rc<String>,
    /// Bumped whenever the text was set from outside the editor (a file opened, a fix applied),
    /// so the editor takes it; typing does not bump it.
    pub(crate) loaded: u32,
    /// The diagnostics of exactly this text, or `None` while a check is under way.
    pub(crate) report: Option<Rc<Report>>,
    pub(crate) selection: Option<Selection>,
    /// The new text, and whether a paste replaced all of it (an empty text too).
    pub(crate) on_change: Callback<(String, bool)>,
    /// Ctrl-. (Cmd-. on a Mac): the quick fix at this UTF-16 offset.
    pub(crate) on_quick_fix: Callback<u32>,
    /// Long lines wrap instead of scrolling sideways.
    #[prop_or_default]
    pub(crate) wrap: bool,
    /// Documents closed since, whose undo history the editor can drop.
    #[prop_or_default]
    pub(crate) forget: Vec<u32>,
}

#[function_component(Editor)]
pub(crate) fn editor(props: &EditorProps) -> Html {
    let has_bundle = use_memo((), |_| editor_api().is_some());
    let editor = if *has_bundle {
        html! { <CodeMirrorEditor ..props.clone_props() /> }
    } else {
        html! { <TextareaEditor ..props.clone_props() /> }
    };
    html! { <>{ editor }<PaneSplitter /></> }
}

/// The document pane's share of the window's width, in percent (the style sheet's `vw`):
/// its default, and the bounds the splitter keeps it in, so neither pane becomes too narrow
/// to read. Narrow screens stack the panes and hide the splitter.
/// A pane's width in tenths of a percent of the window: whole numbers, so the page links no
/// float parsing or formatting (about 20 KB of its gzip'd wasm).
type Tenths = i32;
const PANE_DEFAULT: Tenths = 520;
const PANE_MIN: Tenths = 300;
const PANE_MAX: Tenths = 700;
/// An arrow key's step, and Page Up/Down's.
const PANE_STEP: Tenths = 20;
const PANE_PAGE: Tenths = 100;
/// Where the width the user chose is kept, like the theme.
const PANE_KEY: &str = "ocilint.editor-width";

/// The document pane's width `key` asks for, from `now`, as the ARIA window-splitter pattern
/// moves one: arrows step, Page Up/Down jump, Home/End go to the bounds; `None` for any other
/// key.
fn pane_key(key: &str, now: Tenths) -> Option<Tenths> {
    let wanted = match key {
        "ArrowLeft" | "ArrowDown" => now - PANE_STEP,
        "ArrowRight" | "ArrowUp" => now + PANE_STEP,
        "PageDown" => now - PANE_PAGE,
        "PageUp" => now + PANE_PAGE,
        "Home" => PANE_MIN,
        "End" => PANE_MAX,
        _ => return None,
    };
    Some(wanted.clamp(PANE_MIN, PANE_MAX))
}

/// `52.0`: a width as it is kept and as CSS reads it (with its unit).
fn percent(width: Tenths) -> String {
    format!("{}.{}", width / 10, width % 10)
}

/// A kept width, `52.0` or `52`; `None` when it does not read as one.
fn parse_percent(text: &str) -> Option<Tenths> {
    let text = text.trim();
    let (whole, tenths) = text.split_once('.').unwrap_or((text, "0"));
    let whole: Tenths = whole.parse().ok()?;
    let tenth: Tenths = tenths.get(..1).unwrap_or("0").parse().ok()?;
    whole.checked_mul(10)?.checked_add(tenth)
}

/// The width kept from an earlier visit, when it reads as one.
fn stored_pane_width() -> Option<Tenths> {
    let stored = web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(PANE_KEY)
        .ok()??;
    Some(parse_percent(&stored)?.clamp(PANE_MIN, PANE_MAX))
}

fn store_pane_width(width: Tenths) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(PANE_KEY, &percent(width));
    }
}

/// `--editor-pane-width` on `<html>`, which the wide layout sizes the document pane by. Set
/// through the CSSOM: the page's Content-Security-Policy refuses `style` attributes.
fn apply_pane_width(width: Tenths) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let style = js_sys::Reflect::get(&root, &JsValue::from_str("style")).ok();
    let set = style.as_ref().and_then(|style| {
        js_sys::Reflect::get(style, &JsValue::from_str("setProperty"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    });
    if let (Some(style), Some(set)) = (style, set) {
        let _ = set.call2(
            &style,
            &JsValue::from_str("--editor-pane-width"),
            &JsValue::from_str(&format!("{}vw", percent(width))),
        );
    }
}

fn window_width() -> f64 {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .filter(|w| *w > 0.0)
        .unwrap_or(1.0)
}

/// The edge between the document pane and the results: a focusable window splitter (ARIA's
/// `separator` with a value), dragged with a pointer or moved with the arrow keys. The width
/// chosen is kept for the next visit.
#[function_component(PaneSplitter)]
fn pane_splitter() -> Html {
    let width = use_state(|| stored_pane_width().unwrap_or(PANE_DEFAULT));
    // Where a drag started: the pointer's x and the width then.
    let drag: Rc<RefCell<Option<(f64, Tenths)>>> = use_mut_ref(|| None);
    use_effect_with(*width, |width| apply_pane_width(*width));

    let on_key = {
        let width = width.clone();
        Callback::from(move |event: KeyboardEvent| {
            if let Some(wanted) = pane_key(&event.key(), *width) {
                event.prevent_default();
                store_pane_width(wanted);
                width.set(wanted);
            }
        })
    };
    let on_down = {
        let (width, drag) = (width.clone(), drag.clone());
        Callback::from(move |event: PointerEvent| {
            if event.button() != 0 {
                return;
            }
            // No text selection while dragging, and no focus ring left behind by a pointer
            // (as editors' sashes): the keyboard reaches the splitter by Tab.
            event.prevent_default();
            let splitter: Element = event.target_unchecked_into();
            let _ = splitter.set_pointer_capture(event.pointer_id());
            *drag.borrow_mut() = Some((f64::from(event.client_x()), *width));
        })
    };
    let on_move = {
        let (width, drag) = (width.clone(), drag.clone());
        Callback::from(move |event: PointerEvent| {
            let Some((x, from)) = *drag.borrow() else {
                return;
            };
            // A float cast, not formatting: cheap in wasm.
            let moved = ((f64::from(event.client_x()) - x) / window_width() * 1000.0) as Tenths;
            width.set(from.saturating_add(moved).clamp(PANE_MIN, PANE_MAX));
        })
    };
    let on_up = {
        let (width, drag) = (width.clone(), drag.clone());
        Callback::from(move |event: PointerEvent| {
            if drag.borrow_mut().take().is_some() {
                let splitter: Element = event.target_unchecked_into();
                let _ = splitter.release_pointer_capture(event.pointer_id());
                store_pane_width(*width);
            }
        })
    };
    // Whole percents for assistive technology.
    let now = (*width + 5) / 10;
    html! {
        <div
            class="pane-splitter"
            id="pane-splitter"
            role="separator"
            tabindex="0"
            aria-orientation="vertical"
            aria-label="Document and results width"
            aria-valuemin={(PANE_MIN / 10).to_string()}
            aria-valuemax={(PANE_MAX / 10).to_string()}
            aria-valuenow={now.to_string()}
            aria-valuetext={format!("document {now}% of the width")}
            title="Drag, or focus and use the arrow keys, to share the width"
            onkeydown={on_key}
            onpointerdown={on_down}
            onpointermove={on_move}
            onpointerup={on_up.clone()}
            onpointercancel={on_up}
        />
    }
}

impl EditorProps {
    fn clone_props(&self) -> EditorProps {
        EditorProps {
            doc_id: self.doc_id,
            text: self.text.clone(),
            loaded: self.loaded,
            report: self.report.clone(),
            selection: self.selection,
            on_change: self.on_change.clone(),
            on_quick_fix: self.on_quick_fix.clone(),
            wrap: self.wrap,
            forget: self.forget.clone(),
        }
    }
}

#[function_component(CodeMirrorEditor)]
fn code_mirror_editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    let editor: Rc<RefCell<Option<CodeMirror>>> = use_mut_ref(|| None);
    // The latest callback, read by the editor's change listener (created once).
    let on_change = use_mut_ref(|| props.on_change.clone());
    *on_change.borrow_mut() = props.on_change.clone();
    let on_quick_fix = use_mut_ref(|| props.on_quick_fix.clone());
    *on_quick_fix.borrow_mut() = props.on_quick_fix.clone();

    // The editor's text as the page has it, kept up by the edits the editor reports.
    let mirror: Rc<RefCell<Mirror>> = use_mut_ref(Mirror::default);
    {
        let (host, editor) = (host.clone(), editor.clone());
        let (on_change, on_quick_fix) = (on_change.clone(), on_quick_fix.clone());
        let mirror = mirror.clone();
        use_effect_with((), move |_| {
            // The edits of one frame reach the page as one change (`Some(replaced)` while one
            // waits): keys the browser hands over together cost one render of the page, not one
            // each (twenty keys in one task made a 140-190 ms task in the 5000-entry index).
            let pending: Rc<Cell<Option<bool>>> = Rc::default();
            let flush = {
                let (mirror, pending) = (mirror.clone(), pending.clone());
                Rc::new(move || {
                    if let Some(replaced) = pending.take() {
                        let text = mirror.borrow().text.clone();
                        on_change.borrow().emit((text, replaced));
                    }
                })
            };
            let next_frame = {
                let flush = flush.clone();
                Closure::<dyn Fn()>::new(move || flush())
            };
            let next_frame_fn: js_sys::Function = next_frame
                .as_ref()
                .unchecked_ref::<js_sys::Function>()
                .clone();
            let listener = {
                let (mirror, editor, flush) = (mirror.clone(), editor.clone(), flush.clone());
                Closure::<dyn Fn(String, bool, u32, u32, u32)>::new(
                    move |insert: String, replaced, from: u32, to: u32, length: u32| {
                        let mut mirror = mirror.borrow_mut();
                        let followed = mirror.edit(from as usize, to as usize, &insert)
                            && mirror.utf16_len == length as usize;
                        if !followed {
                            // Never expected; the editor's whole text puts it right.
                            if let Some(editor) = editor.borrow().as_ref() {
                                mirror.set(&editor.text());
                            }
                        }
                        drop(mirror);
                        let waiting = pending.get();
                        pending.set(Some(waiting.unwrap_or(false) | replaced));
                        let scheduled = waiting.is_some()
                            || web_sys::window()
                                .and_then(|w| w.request_animation_frame(&next_frame_fn).ok())
                                .is_some();
                        if !scheduled {
                            flush();
                        }
                    },
                )
            };
            // A fix is asked for on the text as the editor shows it: a change still waiting for
            // its frame goes first.
            let quick_fix = Closure::<dyn Fn(u32)>::new(move |offset: u32| {
                flush();
                on_quick_fix.borrow().emit(offset);
            });
            next_frame.forget();
            if let (Some(create), Some(element)) = (editor_api(), host.get()) {
                if let Ok(made) = create.call3(
                    &JsValue::NULL,
                    &element,
                    listener.as_ref(),
                    quick_fix.as_ref(),
                ) {
                    *editor.borrow_mut() = Some(made.unchecked_into());
                }
            }
            // The editor calls both for as long as it lives, which is the page's life.
            listener.forget();
            quick_fix.forget();
        });
    }
    {
        let editor = editor.clone();
        let text = props.text.clone();
        let mirror = mirror.clone();
        use_effect_with((props.doc_id, props.loaded), move |(id, _)| {
            if let Some(editor) = editor.borrow().as_ref() {
                editor.show(*id, &text);
                mirror.borrow_mut().set(&text);
            }
        });
    }
    {
        let editor = editor.clone();
        // The document whose marks the editor shows, and the marks: while its text waits for a
        // new report (typing), CodeMirror keeps them mapped through the edits, so they are
        // neither cleared nor set again on each key, and a clean document's none are not set
        // again with each report: in the 5000-entry index each set costs a layout.
        let marked: Rc<RefCell<Option<(u32, LintMarks)>>> = use_memo((), |_| RefCell::new(None));
        use_effect_with(
            (props.report.clone(), props.doc_id),
            move |(report, doc_id)| {
                let Some(editor) = editor.borrow().as_ref().cloned() else {
                    return;
                };
                let same_doc = marked.borrow().as_ref().is_some_and(|(id, _)| id == doc_id);
                if report.is_none() && same_doc {
                    return;
                }
                let marks = LintMarks::of(report.as_deref());
                // Only none for none: marks CodeMirror has mapped through edits may no longer
                // be where the same report's would be (an edit across a mark's end).
                let unchanged = same_doc
                    && marks.ranges.is_empty()
                    && marked
                        .borrow()
                        .as_ref()
                        .is_some_and(|(_, shown)| shown.ranges.is_empty());
                if !unchanged {
                    editor.set_diagnostics(
                        &marks.ranges,
                        &marks.flags,
                        &marks.codes,
                        &marks.messages,
                    );
                    *marked.borrow_mut() = Some((*doc_id, marks));
                }
            },
        );
    }
    {
        let editor = editor.clone();
        use_effect_with(props.selection, move |selection| {
            if let (Some(editor), Some(s)) = (editor.borrow().as_ref(), selection) {
                editor.select(s.from, s.to);
            }
        });
    }
    {
        let editor = editor.clone();
        use_effect_with(props.wrap, move |wrap| {
            if let Some(editor) = editor.borrow().as_ref() {
                editor.set_wrap(*wrap);
            }
        });
    }
    {
        use_effect_with(props.forget.clone(), move |ids| {
            if let Some(editor) = editor.borrow().as_ref() {
                for id in ids {
                    editor.forget(*id);
                }
            }
        });
    }
    html! { <div class="editor code-mirror" id="document-editor" ref={host} /> }
}

/// What `@codemirror/lint` draws (and the quick-fix gutter reads), packed in columns: the
/// editor (`static/editor/editor.js`, `setDiagnostics`) makes its objects from them. Four
/// values cross to JavaScript whatever the count: one object per diagnostic, made here, cost
/// some 60,000 calls across the boundary for a report of 10,000.
struct LintMarks {
    /// `from, to` of each, in UTF-16 offsets.
    ranges: Vec<u32>,
    /// Each one's severity (0 info, 1 warning, 2 error), plus 4 when it has a fix the page can
    /// preview (the editor shows a lightbulb in its gutter).
    flags: Vec<u8>,
    /// Each one's code, then message, separated by NUL (which neither holds).
    codes: String,
    messages: String,
}

impl LintMarks {
    fn of(report: Option<&Report>) -> LintMarks {
        let diagnostics = report.map(|r| r.diagnostics.as_slice()).unwrap_or_default();
        let mut marks = LintMarks {
            ranges: Vec::with_capacity(diagnostics.len() * 2),
            flags: Vec::with_capacity(diagnostics.len()),
            codes: String::new(),
            messages: String::new(),
        };
        for (index, d) in diagnostics.iter().enumerate() {
            marks
                .ranges
                .extend([d.utf16_range.start, d.utf16_range.end]);
            let severity = match d.severity {
                Severity::Info => 0,
                Severity::Warning => 1,
                Severity::Error => 2,
            };
            let fixable = d
                .fix
                .as_ref()
                .is_some_and(|f| f.safety != ocilint_core::FixSafety::DisplayOnly);
            marks.flags.push(severity | if fixable { 4 } else { 0 });
            if index > 0 {
                marks.codes.push('\0');
                marks.messages.push('\0');
            }
            marks.codes.push_str(d.code);
            if d.message.contains('\0') {
                marks.messages.push_str(&d.message.replace('\0', " "));
            } else {
                marks.messages.push_str(&d.message);
            }
        }
        marks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_splitter_moves_by_steps_within_its_bounds() {
        assert_eq!(pane_key("ArrowRight", 520), Some(540));
        assert_eq!(pane_key("ArrowLeft", 520), Some(500));
        assert_eq!(pane_key("PageUp", 520), Some(620));
        assert_eq!(pane_key("ArrowLeft", PANE_MIN), Some(PANE_MIN));
        assert_eq!(pane_key("PageUp", 650), Some(PANE_MAX));
        assert_eq!(pane_key("Home", 520), Some(PANE_MIN));
        assert_eq!(pane_key("End", 520), Some(PANE_MAX));
        assert_eq!(pane_key("Enter", 520), None);
    }

    #[wasm_bindgen_test]
    fn widths_are_kept_as_percents_with_one_decimal() {
        assert_eq!(percent(375), "37.5");
        assert_eq!(percent(PANE_MIN), "30.0");
        for kept in [
            ("52.0", Some(520)),
            ("37.5", Some(375)),
            ("52", Some(520)),
            (" 43.25 ", Some(432)),
        ] {
            assert_eq!(parse_percent(kept.0), kept.1, "{kept:?}");
        }
        for bad in ["", ".", "abc", "52.x", "1e3", "99999999999"] {
            assert_eq!(parse_percent(bad), None, "{bad:?}");
        }
    }
}

#[function_component(TextareaEditor)]
fn textarea_editor(props: &EditorProps) -> Html {
    let area = use_node_ref();
    let on_input = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_change.emit((area.value(), false));
        })
    };
    let on_key = {
        let on_quick_fix = props.on_quick_fix.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "." && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                let area: HtmlTextAreaElement = event.target_unchecked_into();
                on_quick_fix.emit(area.selection_start().ok().flatten().unwrap_or(0));
            }
        })
    };
    {
        let area = area.clone();
        use_effect_with(props.selection, move |selection| {
            if let (Some(area), Some(s)) = (area.cast::<HtmlTextAreaElement>(), selection) {
                let _ = area.focus();
                let _ = area.set_selection_range(s.from, s.to);
            }
        });
    }
    html! {
        <textarea
            id="document"
            class={classes!("editor", props.wrap.then_some("wrap"))}
            ref={area}
            spellcheck="false"
            autocomplete="off"
            aria-label="Document"
            aria-keyshortcuts="Control+. Meta+."
            placeholder="Paste a manifest, index or config here, or drop files…"
            value={(*props.text).clone()}
            oninput={on_input}
            onkeydown={on_key}
        />
    }
}
