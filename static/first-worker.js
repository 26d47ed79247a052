// The shell's worker (static/shell.js): the diagnostics of one document from a small wasm of
// their own (web/first: the parse and the rules, no verdicts), while the page's app, its full
// worker and the editor load. One job at a time; the shell sends only the latest.
importScripts("./ocilint-first.js");

// The shell compiles the wasm while this script and its glue load, and posts the module first;
// `null` (it could not) has the worker fetch it itself.
let provide;
const ready = new Promise((resolve) => (provide = resolve)).then((module) =>
  wasm_bindgen({ module_or_path: module || "./ocilint-first_bg.wasm" }),
);

self.onmessage = async (event) => {
  if ("module" in event.data) {
    provide(event.data.module);
    return;
  }
  const started = performance.now();
  try {
    await ready;
    const checking = performance.now();
    const report = wasm_bindgen.ocilintFirstCheck(event.data.bytes, event.data.contentType || "");
    self.postMessage({ serial: event.data.serial, report, engineMs: performance.now() - checking });
  } catch (error) {
    // An answer always comes back, so the shell never waits for one that will not.
    self.postMessage({ serial: event.data.serial, error: String(error), millis: performance.now() - started });
  }
};
