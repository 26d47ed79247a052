// The page's first part: what a visitor sees before the app has arrived. It opens the document
// (a `#doc=` link, or the session this browser kept), checks it in a small worker of its own
// (static/first-worker.js: the parse and the rules, no verdicts) and draws the diagnostics in a
// plain textarea and list. When the browser is idle it loads the editor and the app, which take
// the text over (with any edit made here) and remove the shell once their first report is
// drawn. Everything fetched before the first diagnostic is this file, the first worker and the
// style: the app, its full worker and CodeMirror come after it (cargo xtask build prints both).

const SESSION_KEY = "ocilint.session.v1";
const SETTINGS_KEY = "ocilint.settings";
const THEME_KEY = "ocilint.theme";
const FIRST_DIAGNOSTIC_MARK = "ocilint-first-diagnostic";
/// Rows drawn at most: the app draws the rest, grouped and filtered, a moment later.
const ROWS = 100;
/// A code seen more often than this is drawn as one row with its count.
const GROUP_FROM = 3;

const shell = document.getElementById("shell");
const textarea = document.getElementById("shell-text");
const results = document.getElementById("shell-results");
const note = document.getElementById("shell-note");

const theme = localStorage.getItem(THEME_KEY);
if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;

/// What is open: the active document's name and bytes (kept exact until the user edits them
/// here), the link's or session's Content-Type and targets, and whether the shell may check it
/// alone (not a bundle, not with rules the settings change: only the app's worker knows those).
const opened = { name: "document.json", bytes: new Uint8Array(), contentType: "", targets: "", checkable: true };
/// Whether the document was changed here (typed, pasted or dropped): the app then opens
/// `opened` as it is now instead of restoring what it would have.
let changed = false;

function base64urlDecode(text) {
  const base64 = text.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "===".slice((base64.length + 3) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function percentDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function inflateRaw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/// `#doc=…&ct=…&t=…`, as the app reads it (web/src/app/share.rs); false when there is none.
async function openFragment() {
  const fields = new Map(
    location.hash
      .replace(/^#/, "")
      .split("&")
      .map((part) => {
        const at = part.indexOf("=");
        return at < 0 ? [part, ""] : [part.slice(0, at), part.slice(at + 1)];
      }),
  );
  if (!fields.has("doc")) return false;
  opened.contentType = percentDecode(fields.get("ct") || "");
  opened.targets = percentDecode(fields.get("t") || "");
  opened.bytes = await inflateRaw(base64urlDecode(fields.get("doc")));
  return true;
}

/// The session kept in localStorage (the app's format: the active index, Content-Type and
/// targets, then a name and base64url bytes per line); a large one in IndexedDB is the app's.
function openSession() {
  const text = localStorage.getItem(SESSION_KEY);
  if (!text) return false;
  const lines = text.split("\n").filter((line, index) => index < 3 || line);
  const documents = lines.slice(3).map((line) => line.split("\t"));
  if (documents.length === 0) return false;
  const active = Math.min(Number(lines[0]) || 0, documents.length - 1);
  opened.name = percentDecode(documents[active][0]);
  opened.bytes = base64urlDecode(documents[active][1] || "");
  opened.contentType = percentDecode(lines[1] || "");
  opened.targets = percentDecode(lines[2] || "");
  // The bundle rules judge each document by the others: the app's worker checks a bundle.
  opened.checkable = documents.length === 1;
  return true;
}

// The first worker, and the one job it may be doing: a change while it works is sent after.
let worker = null;
let serial = 0;
let busy = false;
let again = false;
let sentAt = 0;
let drawnOnce = false;

/// Started before the document is read, so the wasm compiles while the link inflates.
function startWorker() {
  if (worker) return;
  // Compiled here while the worker loads its scripts (one after the other), then handed over.
  const compiled = WebAssembly.compileStreaming(fetch("./ocilint-first_bg.wasm")).catch(() => null);
  worker = new Worker("./first-worker.js");
  const started = worker;
  compiled.then((module) => started.postMessage({ module }));
  worker.onmessage = answered;
  // The app's own worker checks it when it arrives; the shell says so rather than wait.
  worker.onerror = () => {
    busy = false;
    note.textContent = "Checking with the editor, which is loading…";
  };
}

function check() {
  if (!opened.checkable || opened.bytes.length === 0) {
    results.replaceChildren(emptyNote());
    return;
  }
  if (busy) {
    again = true;
    return;
  }
  startWorker();
  busy = true;
  again = false;
  sentAt = performance.now();
  worker.postMessage({ serial: ++serial, bytes: opened.bytes, contentType: opened.contentType });
}

function answered(event) {
  busy = false;
  if (again) {
    check();
    return;
  }
  const { report, error, engineMs } = event.data;
  if (error) {
    note.textContent = `The first check failed (${error}); the editor's check follows.`;
  } else {
    draw(JSON.parse(report), engineMs, performance.now() - sentAt);
    if (!drawnOnce) {
      drawnOnce = true;
      performance.mark(FIRST_DIAGNOSTIC_MARK);
    }
  }
  whenIdle(loadApp);
}

function element(tag, attributes = {}, ...children) {
  const e = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") e.className = value;
    else if (key.startsWith("data-")) e.setAttribute(key, value);
    else e[key] = value;
  }
  e.append(...children);
  return e;
}

/// Backticks in a message mark code, as in the app's rows.
function inlineCode(text) {
  return text.split("`").map((part, index) => (index % 2 ? element("code", {}, part) : part));
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function emptyNote() {
  return element(
    "div",
    { class: "empty drop-hint" },
    element("h2", {}, "Results"),
    element(
      "p",
      {},
      opened.checkable
        ? "Paste or type a document to see its diagnostics. Opening files and the rest of the page come with the editor, which is loading."
        : "Checking with the editor, which is loading…",
    ),
  );
}

function row(diagnostic) {
  const position = `line ${diagnostic.line}, column ${diagnostic.column}`;
  const locate = element(
    "button",
    { type: "button", class: "locate", title: "Select in the document" },
    element("span", { class: "severity" }, diagnostic.severity),
    " ",
    element("span", { class: "position" }, position),
  );
  // A textarea counts its text in UTF-16 code units, as the report's `utf16Range` does.
  locate.addEventListener("click", () => {
    const range = diagnostic.utf16Range;
    textarea.focus();
    textarea.setSelectionRange(range.start, Math.max(range.end, range.start));
  });
  return element(
    "li",
    { class: `diagnostic ${diagnostic.severity}`, "data-code": diagnostic.code, "data-severity": diagnostic.severity },
    element(
      "div",
      { class: "diagnostic-head" },
      locate,
      element("a", { class: "code rule-link", href: `rules/${diagnostic.code}.html`, target: "_blank" }, diagnostic.code),
    ),
    element("p", { class: "message" }, ...inlineCode(diagnostic.message)),
    element("p", { class: "help" }, ...inlineCode(diagnostic.help)),
  );
}

function group(members) {
  const first = members[0];
  return element(
    "li",
    {
      class: `diagnostic-group ${first.severity}`,
      "data-group-code": first.code,
      "data-count": String(members.length),
      "data-severity": first.severity,
    },
    element(
      "div",
      { class: "diagnostic-head" },
      element(
        "span",
        { class: "group-toggle" },
        element("span", { class: "severity" }, first.severity),
        " ",
        element("span", { class: "count" }, `${members.length} ×`),
        element("span", { class: "position" }, `first on line ${first.line}`),
      ),
      element("a", { class: "code rule-link", href: `rules/${first.code}.html`, target: "_blank" }, first.code),
    ),
    element("p", { class: "message" }, ...inlineCode(first.message)),
    element("p", { class: "group-note muted" }, `and ${members.length - 1} more like it`),
  );
}

function draw(report, engineMs, latencyMs) {
  const count = (severity) => report.diagnostics.filter((d) => d.severity === severity).length;
  const [errors, warnings] = [count("error"), count("warning")];
  // No verdict yet: the headline never calls the document good before the targets are judged.
  const headline = element(
    "h2",
    { class: `headline ${errors ? "bad" : warnings ? "warn" : "pending"}`, id: "shell-headline" },
    errors ? plural(errors, "error") : warnings ? plural(warnings, "warning") : "No errors in the document",
    element("span", { class: "headline-condition" }, "Who accepts it and who refuses it: the verdicts are loading…"),
  );
  const timing = element("span", { class: "timing muted", id: "shell-timing" }, `checked in ${Math.round(engineMs)} ms`);
  timing.dataset.engineMs = String(Math.round(engineMs));
  timing.dataset.latencyMs = String(Math.round(latencyMs));
  const summary = element(
    "dl",
    { class: "summary" },
    element("dt", {}, "Kind"),
    element("dd", { class: "kind" }, report.kind),
    element("dt", {}, "Media type"),
    element("dd", {}, report.mediaType ? element("code", {}, report.mediaType) : "unknown"),
    element("dt", {}, "Digest"),
    element("dd", { class: "digest-row" }, element("code", { class: "digest", "data-shell-digest": report.digest }, report.digest)),
  );
  const list = element("ul", { class: "diagnostics", "aria-label": "Problems" });
  const byCode = new Map();
  for (const d of report.diagnostics) {
    if (!byCode.has(d.code)) byCode.set(d.code, []);
    byCode.get(d.code).push(d);
  }
  let drawn = 0;
  for (const d of report.diagnostics) {
    if (drawn >= ROWS) break;
    const members = byCode.get(d.code);
    if (members.length > GROUP_FROM) {
      if (members[0] === d) {
        list.append(group(members));
        drawn++;
      }
    } else {
      list.append(row(d));
      drawn++;
    }
  }
  const body = [
    element("div", { class: "document-bar" }, headline, element("p", { class: "status" }, timing), summary),
    report.diagnostics.length
      ? list
      : element("p", { class: "empty good-news" }, "No problems found in the document."),
  ];
  if (drawn >= ROWS) body.push(element("p", { class: "more-rows muted" }, "The editor, loading, lists the rest."));
  results.replaceChildren(...body);
}

let pause = 0;
textarea.addEventListener("input", (event) => {
  changed = true;
  opened.bytes = new TextEncoder().encode(textarea.value);
  clearTimeout(pause);
  // A paste or a drop is checked at once; typing after a short pause.
  const whole = event.inputType === "insertFromPaste" || event.inputType === "insertFromDrop";
  pause = setTimeout(check, whole ? 0 : 50);
});

// A file dropped before the app has arrived would otherwise replace the page with itself: one
// text file opens here, anything else (several files, an archive, a folder) waits for the app.
shell.addEventListener("dragover", (event) => event.preventDefault());
shell.addEventListener("drop", async (event) => {
  event.preventDefault();
  const files = [...event.dataTransfer.files];
  // A folder is listed as a file that cannot be read: it waits for the app too.
  const bytes =
    files.length === 1 ? await files[0].arrayBuffer().then((b) => new Uint8Array(b), () => null) : null;
  let text = null;
  try {
    // The bytes are kept exactly (a byte-order mark, CRLF): the text is only what is shown.
    text = bytes && new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = null;
  }
  if (textarea.readOnly || !text) {
    note.textContent = "Opening these files comes with the editor, which is loading: drop them again in a moment.";
    return;
  }
  opened.name = files[0].name;
  opened.bytes = bytes;
  textarea.value = text;
  changed = true;
  check();
});

/// After the page's own load (what is fetched later does not hold up its load event), when the
/// browser has nothing else to do.
function whenIdle(work) {
  const idle = () =>
    "requestIdleCallback" in window ? requestIdleCallback(work, { timeout: 500 }) : setTimeout(work, 50);
  if (document.readyState === "complete") idle();
  else addEventListener("load", idle, { once: true });
}

// The editor (a classic script the app finds as a global), then the app (boot.js).
let loading = false;
function loadApp() {
  if (loading) return;
  loading = true;
  const script = element("script", { src: "editor.js" });
  script.onload = () =>
    import("./boot.js").catch((error) => {
      note.textContent = `The editor did not load (${error}). Your text is here; reload the page to try again.`;
    });
  script.onerror = () => {
    note.textContent = "The editor did not load. Your text is here; reload the page to try again.";
  };
  document.head.append(script);
}

/// What the app asks of the shell (web/src/app/shell.rs): the document, if it was changed here
/// (the app opens it instead of its own restore), and then to go once the app has drawn a report.
window.ocilintShell = {
  takeOver() {
    textarea.readOnly = true;
    note.textContent = "Opening the editor…";
    // The shape of a session the app keeps in IndexedDB, which it reads the same way.
    return changed
      ? {
          documents: [{ name: opened.name, bytes: opened.bytes }],
          active: 0,
          contentType: opened.contentType,
          targets: opened.targets,
        }
      : null;
  },
  done() {
    if (worker) worker.terminate();
    shell.remove();
    document.getElementById("app-root").hidden = false;
    delete window.ocilintShell;
  },
};

(async () => {
  startWorker();
  try {
    if (!(await openFragment())) openSession();
    // Settings kept in this browser can turn rules off or change severities: only the app's
    // worker reads them, so the shell does not show what they may hide.
    if (localStorage.getItem(SETTINGS_KEY)) opened.checkable = false;
  } catch {
    // A link that does not read: the app says why, with the link's own words.
    opened.checkable = false;
  }
  textarea.value = new TextDecoder().decode(opened.bytes);
  textarea.readOnly = !opened.checkable;
  if (opened.checkable && opened.bytes.length > 0) check();
  else {
    if (!opened.checkable) {
      worker.terminate();
      worker = null;
    }
    results.replaceChildren(emptyNote());
    whenIdle(loadApp);
  }
})();
