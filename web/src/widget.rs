//! `<ocilint-manifest>`: a live example manifest for documentation pages.
//!
//! `widget.js` defines the custom element and forwards its lifecycle to [`ManifestWidget`];
//! everything else is here. The element renders into an open shadow root with one shared
//! constructed stylesheet, checks its document with core (once on load, again on every edit)
//! and dispatches `ocilint-report` with the report. It is drawn with `web-sys` calls, not Yew:
//! a handful of elements re-rendered on each check does not need a virtual DOM, and the
//! package's wasm stays small.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use ocilint_core::rewrite::{rewrite, Input, Request};
use ocilint_core::targets::{self, Verdict};
use ocilint_core::{Diagnostic, FixSafety, Report, Severity};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CssStyleSheet, CustomEvent, CustomEventInit, Document, Element, Event, HtmlElement,
    HtmlTextAreaElement, RequestInit, RequestMode, Response, ShadowRoot, ShadowRootInit,
    ShadowRootMode,
};

use crate::api;
use crate::app::verdict;

const STYLE: &str = include_str!("widget/style.css");

/// The attributes whose changes the element is told about.
const OBSERVED_ATTRIBUTES: [&str; 6] = [
    "readonly",
    "targets",
    "content-type",
    "layout",
    "theme",
    "src",
];

/// The names `widget.js` gives `observedAttributes`.
#[wasm_bindgen(js_name = widgetObservedAttributes, skip_typescript)]
pub fn widget_observed_attributes() -> Vec<String> {
    OBSERVED_ATTRIBUTES.iter().map(|&a| a.to_owned()).collect()
}

/// The Rust half of one `<ocilint-manifest>` element.
#[wasm_bindgen(skip_typescript)]
#[derive(Debug)]
pub struct ManifestWidget {
    state: Rc<RefCell<State>>,
}

#[derive(Debug)]
struct State {
    host: HtmlElement,
    editor: HtmlTextAreaElement,
    backdrop: Element,
    notice: Element,
    summary: Element,
    list: Element,
    targets: Element,
    /// The exact bytes loaded from `src`, checked as they are until the first edit.
    pristine: Option<Vec<u8>>,
    /// Whether the document has been read from the element's content or `src`.
    loaded: bool,
    /// Counts `src` loads, so an older, slower response never replaces a newer one.
    load_generation: u32,
    /// Why the last load or the attributes were refused, shown above the diagnostics.
    problem: Option<String>,
    report: JsValue,
    /// The last report's diagnostics, whose fixes the "fix" buttons apply.
    diagnostics: Vec<Diagnostic>,
    /// The event listeners, kept alive as long as the widget.
    listeners: Vec<Closure<dyn FnMut(Event)>>,
}

#[wasm_bindgen]
impl ManifestWidget {
    /// Attaches the shadow root and draws the empty widget (the element's content and
    /// attributes are read when it is connected, as custom elements must).
    #[wasm_bindgen(constructor)]
    pub fn new(host: HtmlElement) -> Result<ManifestWidget, JsValue> {
        let document = host.owner_document().ok_or("the element has no document")?;
        let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        adopt_style(&document, &shadow)?;

        let root = element(&document, "div", "widget")?;
        root.set_attribute("part", "widget")?;
        let editor_box = element(&document, "div", "editor")?;
        let backdrop = element(&document, "pre", "backdrop")?;
        backdrop.set_attribute("aria-hidden", "true")?;
        let editor: HtmlTextAreaElement = document.create_element("textarea")?.unchecked_into();
        editor.set_spellcheck(false);
        editor.set_attribute("autocomplete", "off")?;
        editor.set_attribute("autocapitalize", "off")?;
        editor.set_attribute("aria-label", "Manifest (JSON)")?;
        editor_box.append_with_node_2(&backdrop, &editor)?;
        let summary = element(&document, "div", "status")?;
        summary.set_attribute("role", "status")?;
        let notice = element(&document, "p", "notice")?;
        let list = element(&document, "ul", "diagnostics")?;
        let targets = element(&document, "details", "targets")?;
        root.append_with_node_5(&editor_box, &summary, &notice, &list, &targets)?;
        shadow.append_child(&root)?;

        let state = Rc::new(RefCell::new(State {
            host,
            editor,
            backdrop,
            notice,
            summary,
            list,
            targets,
            pristine: None,
            loaded: false,
            load_generation: 0,
            problem: None,
            report: JsValue::NULL,
            diagnostics: Vec::new(),
            listeners: Vec::new(),
        }));
        listen(&state)?;
        Ok(ManifestWidget { state })
    }

    /// The element was inserted: read the document (once) and the attributes.
    pub fn connected(&self) {
        let first = !self.state.borrow().loaded;
        if first {
            self.state.borrow_mut().loaded = true;
            self.load();
        }
        self.state.borrow().apply_readonly();
    }

    /// An observed attribute changed.
    #[wasm_bindgen(js_name = attributeChanged)]
    pub fn attribute_changed(&self, name: &str) {
        if !self.state.borrow().loaded {
            return; // `connected` reads them all.
        }
        match name {
            "readonly" => self.state.borrow().apply_readonly(),
            "src" => self.load(),
            "targets" | "content-type" => refresh(&self.state),
            // `layout` and `theme` are styled by `:host([…])` selectors.
            _ => {}
        }
    }

    /// The last report (what the last `ocilint-report` event carried).
    pub fn report(&self) -> JsValue {
        self.state.borrow().report.clone()
    }

    /// The document's current text.
    pub fn value(&self) -> String {
        self.state.borrow().editor.value()
    }

    /// Replaces the document's text and checks it.
    #[wasm_bindgen(js_name = setValue)]
    pub fn set_value(&self, text: &str) {
        {
            let mut state = self.state.borrow_mut();
            state.pristine = None;
            state.editor.set_value(text);
        }
        refresh(&self.state);
    }

    /// Reads the document from `src` (same origin only) or else from the element's text.
    fn load(&self) {
        let mut state = self.state.borrow_mut();
        state.load_generation += 1;
        let generation = state.load_generation;
        let Some(src) = state.host.get_attribute("src") else {
            let text = dedent(&state.host.text_content().unwrap_or_default());
            state.pristine = None;
            state.problem = None;
            state.editor.set_value(&text);
            drop(state);
            refresh(&self.state);
            return;
        };
        let weak = Rc::downgrade(&self.state);
        drop(state);
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = fetch_same_origin(&src).await;
            let Some(shared) = weak.upgrade() else { return };
            {
                let mut state = shared.borrow_mut();
                if state.load_generation != generation {
                    return;
                }
                match loaded {
                    Ok(bytes) => {
                        state.editor.set_value(&String::from_utf8_lossy(&bytes));
                        state.pristine = Some(bytes);
                        state.problem = None;
                    }
                    Err(why) => state.problem = Some(why),
                }
            }
            refresh(&shared);
        });
    }
}

impl State {
    fn apply_readonly(&self) {
        self.editor
            .set_read_only(self.host.has_attribute("readonly"));
    }

    /// Core's options from the attributes; a bad attribute is shown and left out.
    /// The check's options from the attributes, and why the targets do not read, if they
    /// do not (then every target's verdict is given).
    fn options(&self) -> (ocilint_core::CheckOptions, Option<String>) {
        let content_type = self
            .host
            .get_attribute("content-type")
            .filter(|ct| !ct.trim().is_empty());
        let typed = self.host.get_attribute("targets").unwrap_or_default();
        let (targets, problem) = match targets::parse_list(&typed) {
            Ok(targets) => (targets, None),
            Err(why) => (Vec::new(), Some(format!("targets: {why}"))),
        };
        let options = ocilint_core::CheckOptions {
            content_type,
            targets,
            ..Default::default()
        };
        (options, problem)
    }

    /// Checks the document, draws the report and returns the `ocilint-report` event to send
    /// (sent by [`refresh`] once the state is no longer borrowed, since listeners may call back).
    fn check_and_render(&mut self) -> Option<CustomEvent> {
        let text = self.editor.value();
        let (options, attribute_problem) = self.options();
        let bytes = self.pristine.as_deref().unwrap_or(text.as_bytes());
        let report = ocilint_core::check(bytes, &options);
        let problem = [self.problem.clone(), attribute_problem]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; ");
        self.notice.set_text_content(Some(&problem));
        if let Err(error) = self.render(&text, &report) {
            self.notice
                .set_text_content(Some(&format!("could not draw the report: {error:?}")));
        }
        self.report = api::report_to_js(&report).unwrap_or(JsValue::NULL);
        self.diagnostics = report.diagnostics;
        let init = CustomEventInit::new();
        init.set_detail(&self.report);
        init.set_bubbles(true);
        init.set_composed(true);
        CustomEvent::new_with_event_init_dict("ocilint-report", &init).ok()
    }

    fn render(&self, text: &str, report: &Report) -> Result<(), JsValue> {
        let document = self.host.owner_document().ok_or("no document")?;
        // A pristine document shown lossily has other offsets than its bytes: mark nothing.
        let marks = if self
            .pristine
            .as_deref()
            .is_none_or(|b| b == text.as_bytes())
        {
            marked_segments(text, &report.diagnostics)
        } else {
            Vec::new()
        };
        render_backdrop(&document, &self.backdrop, text, &marks)?;
        render_summary(&document, &self.summary, report)?;
        self.list.set_text_content(None);
        let editable = !self.host.has_attribute("readonly");
        for (index, diagnostic) in report.diagnostics.iter().enumerate() {
            self.list
                .append_child(diagnostic_item(&document, diagnostic, index, editable)?.as_ref())?;
        }
        render_targets(&document, &self.targets, report)
    }
}

/// Checks and draws, then tells the page.
fn refresh(state: &RefCell<State>) {
    let (host, event) = {
        let mut state = state.borrow_mut();
        let event = state.check_and_render();
        (state.host.clone(), event)
    };
    if let Some(event) = event {
        let _ = host.dispatch_event(&event);
    }
}

/// Applies the fix of the diagnostic at `index` to the editor's text as every front end does:
/// core's rewrite of that diagnostic's fix at its place, on the bytes it was found in; then
/// re-checks.
fn apply_fix(state: &RefCell<State>, index: usize) {
    {
        let mut state = state.borrow_mut();
        let Some((diagnostic, fix)) = state
            .diagnostics
            .get(index)
            .and_then(|d| Some((d.clone(), d.fix.clone()?)))
        else {
            return;
        };
        let text = state.editor.value();
        let input = Input {
            name: "document".into(),
            bytes: state.pristine.clone().unwrap_or_else(|| text.into_bytes()),
            content_type: state.options().0.content_type,
        };
        let request = Request::fix_one(
            diagnostic.code,
            fix.safety,
            &input.name,
            &diagnostic.pointer,
        );
        let report = rewrite(std::slice::from_ref(&input), &request);
        match report.outputs.into_iter().find(|o| !o.new_document) {
            Some(fixed) => {
                state.editor.set_value(&fixed.bytes);
                state.pristine = None;
            }
            None => {
                let why = report
                    .refused
                    .first()
                    .map_or("it changed nothing", |r| &r.why);
                state.problem = Some(format!("the fix could not be applied: {why}"));
            }
        }
    }
    refresh(state);
}

/// Re-checks on every edit; a click on a diagnostic selects its range in the editor, a click
/// on its fix button applies the fix.
fn listen(state: &Rc<RefCell<State>>) -> Result<(), JsValue> {
    let weak: Weak<RefCell<State>> = Rc::downgrade(state);
    let on_input = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        if let Some(state) = weak.upgrade() {
            state.borrow_mut().pristine = None;
            refresh(&state);
        }
    });
    let weak: Weak<RefCell<State>> = Rc::downgrade(state);
    let on_click = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        let Some(state) = weak.upgrade() else { return };
        let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        if let Some(index) = target
            .as_ref()
            .and_then(|t| t.closest("[data-fix]").ok().flatten())
            .and_then(|b| b.get_attribute("data-fix"))
            .and_then(|i| i.parse::<usize>().ok())
        {
            apply_fix(&state, index);
            return;
        }
        let state = state.borrow();
        let Some(item) = target
            .filter(|t| t.closest(".locate").ok().flatten().is_some())
            .and_then(|t| t.closest("[data-start]").ok().flatten())
        else {
            return;
        };
        let offset = |name: &str| {
            item.get_attribute(name)
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(0)
        };
        let _ = state.editor.focus();
        let _ = state
            .editor
            .set_selection_range(offset("data-start"), offset("data-end"));
    });
    let mut state = state.borrow_mut();
    state
        .editor
        .add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())?;
    state
        .list
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    state.listeners.extend([on_input, on_click]);
    Ok(())
}

thread_local! {
    /// One stylesheet for every widget on the page.
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

fn adopt_style(_document: &Document, shadow: &ShadowRoot) -> Result<(), JsValue> {
    let sheet = SHEET.with(|sheet| -> Result<CssStyleSheet, JsValue> {
        if let Some(sheet) = sheet.borrow().as_ref() {
            return Ok(sheet.clone());
        }
        let created = CssStyleSheet::new()?;
        created.replace_sync(STYLE)?;
        *sheet.borrow_mut() = Some(created.clone());
        Ok(created)
    })?;
    shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    Ok(())
}

fn element(document: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let element = document.create_element(tag)?;
    element.set_class_name(class);
    Ok(element)
}

fn text_element(
    document: &Document,
    tag: &str,
    class: &str,
    text: &str,
) -> Result<Element, JsValue> {
    let element = element(document, tag, class)?;
    element.set_text_content(Some(text));
    Ok(element)
}

/// Appends `text` with its backtick-quoted parts as `<code>`, always as text (never markup).
fn append_inline_code(document: &Document, parent: &Element, text: &str) -> Result<(), JsValue> {
    for (index, part) in text.split('`').enumerate() {
        if index % 2 == 1 {
            parent.append_child(text_element(document, "code", "", part)?.as_ref())?;
        } else if !part.is_empty() {
            parent.append_child(&document.create_text_node(part))?;
        }
    }
    Ok(())
}

/// The same `data-code`/`data-severity`/`data-pointer` attributes and classes as the app's.
fn diagnostic_item(
    document: &Document,
    d: &Diagnostic,
    index: usize,
    editable: bool,
) -> Result<Element, JsValue> {
    let severity = d.severity.as_str();
    let item = element(document, "li", &format!("diagnostic {severity}"))?;
    item.set_attribute("data-code", d.code)?;
    item.set_attribute("data-severity", severity)?;
    item.set_attribute("data-pointer", &d.pointer)?;
    item.set_attribute("data-start", &d.utf16_range.start.to_string())?;
    item.set_attribute("data-end", &d.utf16_range.end.to_string())?;
    let locate = element(document, "button", "locate")?;
    locate.set_attribute("type", "button")?;
    locate.set_attribute("title", "Select in the document")?;
    // Spaces between the parts, so the button's accessible name reads "warning MAN002 line 5, …".
    locate.append_with_node_5(
        text_element(document, "span", "severity", severity)?.as_ref(),
        document.create_text_node(" ").as_ref(),
        text_element(document, "code", "code", d.code)?.as_ref(),
        document.create_text_node(" ").as_ref(),
        text_element(
            document,
            "span",
            "position",
            &format!("line {}, column {}", d.line, d.column),
        )?
        .as_ref(),
    )?;
    let message = element(document, "p", "message")?;
    append_inline_code(document, &message, &d.message)?;
    item.append_with_node_2(&locate, &message)?;
    if !d.pointer.is_empty() {
        let pointer = element(document, "p", "pointer")?;
        pointer.append_child(text_element(document, "code", "", &d.pointer)?.as_ref())?;
        item.append_child(&pointer)?;
    }
    if !d.related.is_empty() {
        let related = element(document, "ul", "related")?;
        for place in &d.related {
            // A related place is in the same document: its button selects it, like the
            // diagnostic's own.
            let item = element(document, "li", "related-place")?;
            item.set_attribute("data-related-pointer", &place.pointer)?;
            item.set_attribute("data-start", &place.utf16_range.start.to_string())?;
            item.set_attribute("data-end", &place.utf16_range.end.to_string())?;
            let locate = text_element(
                document,
                "button",
                "locate",
                &format!("line {}, column {}", place.line, place.column),
            )?;
            locate.set_attribute("type", "button")?;
            locate.set_attribute("title", "Select in the document")?;
            item.append_child(&locate)?;
            let message = element(document, "span", "message")?;
            append_inline_code(document, &message, &format!(" {}", place.message))?;
            item.append_child(&message)?;
            related.append_child(&item)?;
        }
        item.append_child(&related)?;
    }
    let help = element(document, "p", "help")?;
    append_inline_code(document, &help, d.help)?;
    let spec = text_element(
        document,
        "a",
        "spec",
        &format!("{} · specification", d.rule),
    )?;
    spec.set_attribute("href", d.url)?;
    spec.set_attribute("target", "_blank")?;
    spec.set_attribute("rel", "noopener noreferrer")?;
    item.append_with_node_2(&help, &spec)?;
    if let Some(fix) = &d.fix {
        // A display-only fix is a suggestion: the right value cannot be known.
        // A split also writes a new document (the artifact), which one text cannot hold.
        if editable && fix.safety != FixSafety::DisplayOnly && fix.creates.is_none() {
            let button = element(document, "button", "apply-fix")?;
            append_inline_code(document, &button, &format!("Fix: {}", fix.title))?;
            button.set_attribute("type", "button")?;
            button.set_attribute("data-fix", &index.to_string())?;
            button.set_attribute("data-safety", fix.safety.as_str())?;
            item.append_child(&button)?;
        } else {
            let suggestion = element(document, "p", "suggestion")?;
            append_inline_code(
                document,
                &suggestion,
                &format!("Suggested fix: {}", fix.title),
            )?;
            item.append_child(&suggestion)?;
        }
    }
    Ok(item)
}

fn render_summary(document: &Document, summary: &Element, report: &Report) -> Result<(), JsValue> {
    let (errors, warnings) = (
        verdict::count(report, Severity::Error),
        verdict::count(report, Severity::Warning),
    );
    summary.set_text_content(None);
    // The verdict first, as on the page: the first refusal in the program's words.
    let headline = element(
        document,
        "p",
        &format!("headline {}", verdict::health(report).class()),
    )?;
    let (words, condition) = verdict::headline_parts(report);
    append_inline_code(document, &headline, &words)?;
    if let Some(line) = condition {
        headline.append_child(&document.create_text_node(" "))?;
        headline
            .append_child(text_element(document, "span", "headline-condition", &line)?.as_ref())?;
    }
    summary.append_child(&headline)?;
    let verdict = if errors > 0 {
        text_element(
            document,
            "span",
            "verdict bad",
            &verdict::plural(errors, "error"),
        )?
    } else {
        text_element(document, "span", "verdict good", "No errors")?
    };
    summary.append_child(&verdict)?;
    if warnings > 0 {
        summary.append_child(
            text_element(
                document,
                "span",
                "verdict warn",
                &verdict::plural(warnings, "warning"),
            )?
            .as_ref(),
        )?;
    }
    summary.append_child(text_element(document, "span", "kind", report.kind.as_str())?.as_ref())?;
    let digest = text_element(document, "code", "digest", &report.digest)?;
    digest.set_attribute("data-digest", &report.digest)?;
    summary.append_child(&digest)?;
    Ok(())
}

/// The verdicts, folded: "Who accepts it: 3 reject, 2 warn" opens onto one row per target.
fn render_targets(document: &Document, details: &Element, report: &Report) -> Result<(), JsValue> {
    let count = |verdict: Verdict| {
        report
            .targets
            .iter()
            .filter(|t| t.verdict == verdict)
            .count()
    };
    details.set_text_content(None);
    // A verdict that holds only on a condition is not counted as if it were unconditional.
    let conditional = report
        .targets
        .iter()
        .filter(|t| t.condition.is_some())
        .count();
    let summary = format!(
        "Who accepts it: {} reject, {} warn, {} accept{}",
        count(Verdict::Reject),
        count(Verdict::Warn),
        count(Verdict::Accept),
        if conditional > 0 {
            format!(" ({conditional} on a condition)")
        } else {
            String::new()
        }
    );
    details.append_child(text_element(document, "summary", "", &summary)?.as_ref())?;
    let table = document.create_element("table")?;
    // Refusals first, as on the page.
    for verdict in verdict::by_rank(report) {
        let word = verdict.verdict.as_str();
        let row = element(document, "tr", &format!("target {word}"))?;
        row.set_attribute("data-target", verdict.target)?;
        row.set_attribute("data-verdict", word)?;
        let badge = document.create_element("td")?;
        badge.append_child(
            text_element(document, "span", &format!("badge {word}"), word)?.as_ref(),
        )?;
        let name = text_element(
            document,
            "td",
            "target-name",
            &format!("{}@{}", verdict.target, verdict.version),
        )?;
        name.append_child(
            text_element(document, "span", "operation", verdict.operation.as_str())?.as_ref(),
        )?;
        let message = format!(
            "{}{}",
            verdict.message.as_deref().unwrap_or_default(),
            verdict.causes()
        );
        let message_cell = element(document, "td", "target-message")?;
        append_inline_code(document, &message_cell, &message)?;
        // What the verdict holds on, quiet under its words, then where it comes from.
        if let Some(line) = verdict::condition_line(verdict, false) {
            message_cell.append_child(
                text_element(document, "p", "target-condition suggestion", &line)?.as_ref(),
            )?;
        }
        message_cell.append_child(
            text_element(
                document,
                "p",
                "target-basis suggestion",
                &verdict::basis_note(verdict),
            )?
            .as_ref(),
        )?;
        let message = message_cell;
        row.append_with_node_3(&badge, &name, &message)?;
        table.append_child(&row)?;
    }
    details.append_child(&table)?;
    Ok(())
}

/// Draws `text` into the backdrop with each marked segment in a `<mark>`.
fn render_backdrop(
    document: &Document,
    backdrop: &Element,
    text: &str,
    marks: &[(usize, usize, Severity)],
) -> Result<(), JsValue> {
    backdrop.set_text_content(None);
    let mut at = 0;
    for &(start, end, severity) in marks {
        if start > at {
            backdrop.append_child(&document.create_text_node(&text[at..start]))?;
        }
        backdrop.append_child(
            text_element(document, "mark", severity.as_str(), &text[start..end])?.as_ref(),
        )?;
        at = end;
    }
    // The extra line keeps a trailing newline's empty line as tall as the textarea's.
    backdrop.append_child(&document.create_text_node(&format!("{}\n", &text[at..])))?;
    Ok(())
}

/// Non-overlapping `(start, end, severity)` byte segments of `text` covered by diagnostics,
/// each with the highest severity covering it. An empty range marks the character it sits
/// on, so a problem at a position (a missing value) is still visible.
fn marked_segments(text: &str, diagnostics: &[Diagnostic]) -> Vec<(usize, usize, Severity)> {
    let next_boundary = |mut at: usize| {
        while at < text.len() && !text.is_char_boundary(at) {
            at += 1;
        }
        at.min(text.len())
    };
    // Start and end events; a sweep keeps how many ranges of each severity are open.
    let mut events: Vec<(usize, i32, Severity)> = Vec::new();
    for d in diagnostics {
        let start = next_boundary(d.range.start as usize);
        let mut end = next_boundary(d.range.end as usize);
        if end <= start {
            end = next_boundary(start + 1);
        }
        if end > start {
            events.push((start, 1, d.severity));
            events.push((end, -1, d.severity));
        }
    }
    events.sort_by_key(|&(at, delta, _)| (at, delta));
    let rank = |s: Severity| match s {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    };
    let mut open = [0i32; 3];
    let mut segments: Vec<(usize, usize, Severity)> = Vec::new();
    let mut at = 0;
    for (position, delta, severity) in events {
        if position > at {
            let highest = [Severity::Error, Severity::Warning, Severity::Info]
                .into_iter()
                .find(|&s| open[rank(s)] > 0);
            if let Some(severity) = highest {
                match segments.last_mut() {
                    Some(last) if last.1 == at && last.2 == severity => last.1 = position,
                    _ => segments.push((at, position, severity)),
                }
            }
            at = position;
        }
        open[rank(severity)] += delta;
    }
    segments
}

/// The element's text as a document: without the leading and trailing blank lines and the
/// indentation common to every line, which the host page's HTML adds around an example.
fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return String::new();
    };
    let lines = &lines[first..=last];
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start_matches([' ', '\t'])))
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

/// The exact bytes at `src`, refused unless it is on the page's origin (a documentation page
/// must not make the reader's browser fetch from elsewhere).
async fn fetch_same_origin(src: &str) -> Result<Vec<u8>, String> {
    let describe = |e: JsValue| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| format!("{e:?}"))
    };
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let base = document
        .base_uri()
        .map_err(describe)?
        .unwrap_or_else(|| window.location().href().unwrap_or_default());
    let url =
        web_sys::Url::new_with_base(src, &base).map_err(|e| format!("src: {}", describe(e)))?;
    let origin = window.location().origin().map_err(describe)?;
    if url.origin() != origin {
        return Err(format!(
            "src `{src}` is not on this page's origin ({origin}); the widget only loads same-origin documents"
        ));
    }
    let init = RequestInit::new();
    init.set_mode(RequestMode::SameOrigin);
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(&url.href(), &init))
        .await
        .map_err(|e| format!("src `{src}`: {}", describe(e)))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("src `{src}`: HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(describe)?)
        .await
        .map_err(|e| format!("src `{src}`: {}", describe(e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
