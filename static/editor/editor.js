// The page's editor: CodeMirror 6 with line numbers, a gutter marker and an underline at each
// diagnostic's exact range, undo history, find/replace and the standard keyboard bindings.
// The Rust app drives it through `window.ocilintEditor` (see web/src/app/editor.rs); without this
// bundle the app falls back to a plain textarea.

import { EditorState, Compartment, StateEffect, StateField, RangeSet } from "@codemirror/state";
import {
  EditorView,
  gutter,
  GutterMarker,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
  placeholder,
} from "@codemirror/view";
import { history, historyKeymap, defaultKeymap, undo, redo } from "@codemirror/commands";
import { search, searchKeymap, openSearchPanel } from "@codemirror/search";
import { lintGutter, setDiagnostics, lintKeymap } from "@codemirror/lint";

// The quick-fix gutter: a lightbulb on each line where a diagnostic has a fix to preview, as
// editors show one. Clicking it does what Ctrl-. does at that diagnostic. As in editors, the
// bulb is a pointer's shortcut, not a stop of its own in the tab order (CodeMirror's gutters
// are hidden from assistive technology): the keyboard's way is F8 to the next problem, then
// Ctrl-., which the editor's description announces (KEYS below).
const SVG = "http://www.w3.org/2000/svg";
/// An SVG element with these attributes.
function svg(tag, attributes) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

class Bulb extends GutterMarker {
  toDOM() {
    const icon = svg("svg", { viewBox: "0 0 12 12", width: "12", height: "12", class: "cm-bulb", "aria-hidden": "true" });
    const glass = svg("path", { d: "M6 1a3.6 3.6 0 0 0-2.2 6.5c.4.3.6.7.6 1.1V9h3.2v-.4c0-.4.2-.8.6-1.1A3.6 3.6 0 0 0 6 1z" });
    const base = svg("rect", { x: "4.4", y: "9.8", width: "3.2", height: "1.4", rx: "0.5" });
    const title = svg("title", {});
    title.textContent = "Quick fix: preview this line's fix (or Ctrl-. at the problem, ⌘-. on a Mac)";
    icon.append(glass, base, title);
    return icon;
  }
}
const bulb = new Bulb();
const setFixes = StateEffect.define();
// The bulbs, at the start of each line with a fixable diagnostic; mapped through edits until
// the next check replaces them.
const fixes = StateField.define({
  create: () => RangeSet.empty,
  update(value, tr) {
    value = value.map(tr.changes);
    for (const effect of tr.effects) if (effect.is(setFixes)) value = effect.value;
    return value;
  },
});

// Colours come from the page's CSS variables, so the editor follows the light/dark theme.
const theme = EditorView.theme({
  "&": { color: "var(--fg)", backgroundColor: "var(--editor-bg)", height: "100%" },
  ".cm-scroller": { fontFamily: "var(--mono)", fontSize: "13px", lineHeight: "1.5" },
  ".cm-content": { caretColor: "var(--fg)" },
  // The focused editor is as plainly marked as every other control on the page.
  "&.cm-focused": { outline: "2px solid var(--accent)", outlineOffset: "-2px" },
  ".cm-tooltip code, .cm-diagnosticText code": { fontFamily: "var(--mono)", fontSize: "0.9em" },
  ".cm-gutters": {
    backgroundColor: "var(--gutter-bg)",
    color: "var(--muted)",
    borderRight: "1px solid var(--border)",
  },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-fix-gutter .cm-gutterElement": { cursor: "pointer", display: "flex", alignItems: "center" },
  ".cm-bulb": { fill: "var(--warning)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--active-line)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "var(--selection) !important",
  },
  ".cm-panels": { backgroundColor: "var(--panel)", color: "var(--fg)" },
  ".cm-textfield": { backgroundColor: "var(--bg)", color: "var(--fg)", border: "1px solid var(--border)" },
  ".cm-button": { backgroundImage: "none", backgroundColor: "var(--panel)", color: "var(--fg)" },
  ".cm-tooltip": { backgroundColor: "var(--panel)", color: "var(--fg)", border: "1px solid var(--border)" },
});

/// What the editor's description tells a screen reader on focus: its keys beyond typing. The
/// same keys are its `aria-keyshortcuts`.
const KEYS_ID = "document-keys";
const KEYS =
  "F8 moves to the next problem; Ctrl-. (⌘-. on a Mac) at a problem goes to its fix, " +
  "as the lightbulb beside its line does; Ctrl-F finds; Tab leaves the editor.";

/// One line separator for the whole document, so CodeMirror's offsets are the document's UTF-16
/// offsets (the ones diagnostics carry): CRLF files keep CRLF instead of being normalised.
function separatorOf(text) {
  return text.includes("\r\n") ? "\r\n" : undefined;
}

/// `text` with its backtick-quoted parts as <code>, built as DOM text (never parsed as markup):
/// the diagnostics' messages quote JSON names and values that way.
function inlineCode(text) {
  const span = document.createElement("span");
  text.split("`").forEach((part, index) => {
    if (index % 2 === 1) {
      const code = document.createElement("code");
      code.textContent = part;
      span.appendChild(code);
    } else if (part) {
      span.appendChild(document.createTextNode(part));
    }
  });
  return span;
}

class Editor {
  constructor(parent, onChange, onQuickFix) {
    this.onChange = onChange;
    this.onQuickFix = onQuickFix || (() => {});
    this.wrap = new Compartment();
    this.wrapping = false;
    // Set while the page selects a diagnostic's range: it is centred inside the editor, and
    // the page around (with the problems list the user clicked in) does not move.
    this.centring = false;
    this.fixFroms = []; // where the fixable diagnostics start, for the gutter's bulbs
    this.states = new Map(); // per bundle document: its own undo history and selection
    this.current = null;
    this.separator = new Compartment();
    // In a shadow root CodeMirror's styles go into a constructed stylesheet, which the page's
    // Content-Security-Policy (style-src 'self', no 'unsafe-inline') allows; in the document
    // they would be a <style> element, which it refuses. The page's colour variables still
    // reach in, since custom properties inherit through the shadow boundary.
    const root = parent.attachShadow({ mode: "open" });
    this.view = new EditorView({ parent: root, root, state: this.makeState("") });
    this.view.contentDOM.id = "document";
    this.view.contentDOM.setAttribute("aria-label", "Document");
    // The description lives beside the editor in its shadow root: an `aria-describedby`
    // reference does not cross the shadow boundary. Hidden, it is still read as a description.
    const keys = document.createElement("p");
    keys.id = KEYS_ID;
    keys.hidden = true;
    keys.textContent = KEYS;
    root.appendChild(keys);
  }

  makeState(text) {
    return EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        placeholder("Paste a manifest, index or config here, or drop files…"),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        search({ top: true }),
        lintGutter(),
        fixes,
        gutter({
          class: "cm-fix-gutter",
          markers: (view) => view.state.field(fixes),
          domEventHandlers: {
            mousedown: (view, line) => {
              // The first fixable diagnostic that starts on this line.
              const at = this.fixFroms.find((from) => from >= line.from && from <= line.to);
              if (at === undefined) return false;
              this.onQuickFix(at);
              return true;
            },
          },
        }),
        keymap.of([
          // Ctrl-. (Cmd-. on a Mac), as editors bind their quick fix: the page moves focus to
          // the fix of the diagnostic at the cursor.
          // At the start of the selection: F8 selects the next problem's whole range.
          { key: "Mod-.", run: (view) => (this.onQuickFix(view.state.selection.main.from), true) },
          ...defaultKeymap,
          ...historyKeymap,
          ...searchKeymap,
          ...lintKeymap,
        ]),
        this.wrap.of(this.wrapping ? EditorView.lineWrapping : []),
        EditorView.scrollHandler.of((view, range) => this.centre(view, range)),
        this.separator.of(EditorState.lineSeparator.of(separatorOf(text))),
        // tabindex: the content is the scroller's focusable part (axe's scrollable-region-focusable).
        EditorView.contentAttributes.of({
          spellcheck: "false",
          autocorrect: "off",
          autocapitalize: "off",
          tabindex: "0",
          "aria-describedby": KEYS_ID,
          "aria-keyshortcuts": "F8 Control+. Meta+.",
        }),
        theme,
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          // A paste over the whole text is a new document: the page takes its digest as the one it
          // was opened with, and in a bundle asks whether the other tabs still belong.
          let whole = false;
          update.changes.iterChangedRanges((fromA, toA) => {
            if (fromA === 0 && toA === update.startState.doc.length) whole = true;
          });
          const pasted = update.transactions.some((tr) => tr.isUserEvent("input.paste"));
          // The page keeps its copy of the text by the edits (web/src/app/edits.rs): a key press
          // sends its span and character, not the whole text; several spans at once go as the
          // whole text over the old one. The new length lets the page check it still follows.
          const spans = [];
          update.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => spans.push([fromA, toA, inserted]));
          const length = update.state.doc.length;
          if (spans.length === 1) {
            const [from, to, inserted] = spans[0];
            this.onChange(inserted.toString(), whole && pasted, from, to, length);
          } else {
            this.onChange(update.state.doc.toString(), whole && pasted, 0, update.startState.doc.length, length);
          }
        }),
      ],
    });
  }

  /// Shows document `id` with `text`. The document already shown takes the text as one undoable
  /// change; a document shown before keeps its history and selection as long as its text is
  /// unchanged; otherwise it starts afresh.
  show(id, text) {
    if (id === this.current) {
      this.replace(text);
      return;
    }
    if (this.current !== null) this.states.set(this.current, this.view.state);
    const saved = this.states.get(id);
    const state = saved && saved.doc.toString() === text ? saved : this.makeState(text);
    this.current = id;
    this.view.setState(state);
  }

  /// Replaces the whole text as one undoable change (a fix applied, say).
  replace(text) {
    const state = this.view.state;
    if (state.doc.toString() === text) return;
    this.view.dispatch({
      changes: { from: 0, to: state.doc.length, insert: text },
      effects: this.separator.reconfigure(EditorState.lineSeparator.of(separatorOf(text))),
    });
  }

  /// Scrolls only the editor's own scroller so `range` is in view, centred vertically, with
  /// the start of its line shown when it fits. Only while the page selects a range.
  centre(view, range) {
    if (!this.centring) return false;
    const scroller = view.scrollDOM;
    // The start of the range: where the problem begins is what the user came to see.
    const block = view.lineBlockAt(range.from);
    const top = block.top + view.documentPadding.top;
    if (top < scroller.scrollTop || block.bottom > scroller.scrollTop + scroller.clientHeight - 8) {
      scroller.scrollTop = Math.max(0, top - scroller.clientHeight / 3);
    }
    if (!this.wrapping) {
      const gutters = view.dom.querySelector(".cm-gutters");
      const visible = scroller.clientWidth - (gutters ? gutters.offsetWidth : 0) - 16;
      const line = view.state.doc.lineAt(range.from);
      const x = (range.from - line.from) * view.defaultCharacterWidth;
      scroller.scrollLeft = x < visible ? 0 : x - visible / 3;
    }
    return true;
  }

  /// Soft wrap: long lines (a digest, a one-line index) wrap instead of scrolling sideways.
  setWrap(on) {
    this.wrapping = !!on;
    this.view.dispatch({ effects: this.wrap.reconfigure(this.wrapping ? EditorView.lineWrapping : []) });
  }

  forget(id) {
    this.states.delete(id);
  }

  text() {
    return this.view.state.doc.toString();
  }

  /// The diagnostics in columns (web/src/app/editor.rs, `LintMarks`): `ranges` holds
  /// `from, to` of each in UTF-16 offsets; `flags` each one's severity (0 info, 1 warning,
  /// 2 error) plus 4 when it has a fix to preview; `codes` and `messages` are NUL-separated.
  setDiagnostics(ranges, flags, codes, messages) {
    const length = this.view.state.doc.length;
    const codeList = flags.length ? codes.split("\0") : [];
    const messageList = flags.length ? messages.split("\0") : [];
    const severities = ["info", "warning", "error"];
    const clamped = new Array(flags.length);
    for (let i = 0; i < flags.length; i++) {
      const from = Math.min(ranges[2 * i], length);
      const message = messageList[i];
      clamped[i] = {
        from,
        to: Math.max(from, Math.min(ranges[2 * i + 1], length)),
        severity: severities[flags[i] & 3],
        message,
        source: codeList[i],
        fixable: (flags[i] & 4) !== 0,
        renderMessage: () => inlineCode(message),
      };
    }
    const spec = setDiagnostics(this.view.state, clamped);
    // A bulb on the first line of each fixable diagnostic (gutter markers sit at line starts).
    this.fixFroms = clamped.filter((d) => d.fixable).map((d) => d.from);
    const lines = new Set(this.fixFroms.map((from) => this.view.state.doc.lineAt(from).from));
    const bulbs = RangeSet.of([...lines].map((start) => bulb.range(start)), true);
    this.view.dispatch({ effects: [].concat(spec.effects || [], setFixes.of(bulbs)) });
  }

  select(from, to) {
    const length = this.view.state.doc.length;
    const anchor = Math.min(from, length);
    const head = Math.min(Math.max(to, anchor), length);
    this.centring = true;
    try {
      // The caret (head) at the start: the browser keeps the caret in view, and the start of
      // the range is what the user came to see (a long digest's end would hide the line's start).
      this.view.dispatch({ selection: { anchor: head, head: anchor }, scrollIntoView: true });
    } finally {
      // The scroll itself happens at the next measure, which reads the flag: clear it after.
      requestAnimationFrame(() => requestAnimationFrame(() => (this.centring = false)));
    }
    this.view.focus();
  }

  undo() {
    return undo(this.view);
  }

  redo() {
    return redo(this.view);
  }

  find() {
    openSearchPanel(this.view);
  }

  focus() {
    this.view.focus();
  }
}

window.ocilintEditor = {
  create(parent, onChange, onQuickFix) {
    return new Editor(parent, onChange, onQuickFix);
  },
};
