// Runs the engine off the main thread, so typing never waits for a check or a rewrite. It loads
// a wasm of its own (web/src/bin/worker.rs: the engine, without the page's Yew app) and answers
// one job at a time; the page sends only the latest check and the latest rewrite.
importScripts("./ocilint-worker.js");

const ready = wasm_bindgen({ module_or_path: "./ocilint-worker_bg.wasm" });

self.onmessage = async (event) => {
  await ready;
  const started = performance.now();
  try {
    const answer = wasm_bindgen.ocilintWork(event.data);
    self.postMessage({ answer, millis: performance.now() - started });
  } catch (error) {
    // An answer always comes back, so the page never waits for one that will not.
    self.postMessage({ error: String(error), millis: performance.now() - started });
  }
};
