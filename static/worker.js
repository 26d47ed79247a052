// Runs the engine off the main thread, so typing never waits for a check or a rewrite. It loads
// a wasm of its own (web/src/bin/worker.rs: the engine, without the page's Yew app) and answers
// one job at a time; the page sends only the latest check and the latest rewrite.
importScripts("./ocilint-worker.js");

const ready = wasm_bindgen({ module_or_path: "./ocilint-worker_bg.wasm" });

// Each document's bytes by id, as the last job left them: the page sends a document it sent
// before as the edit since (web/src/app/edits.rs), which replaces `from..to` with `insert`.
const held = new Map();

function bytesOf(document) {
  if (document.bytes) return document.bytes;
  const old = held.get(document.id);
  if (!old || old.length !== document.base) {
    throw new Error("the checker lost track of the document's text; edit it to check it again");
  }
  const { from, to, insert } = document;
  const bytes = new Uint8Array(from + insert.length + (old.length - to));
  bytes.set(old.subarray(0, from));
  bytes.set(insert, from);
  bytes.set(old.subarray(to), from + insert.length);
  return bytes;
}

self.onmessage = async (event) => {
  await ready;
  const started = performance.now();
  try {
    const documents = event.data.documents.map((d) => ({ id: d.id, name: d.name, bytes: bytesOf(d) }));
    held.clear();
    for (const d of documents) held.set(d.id, d.bytes);
    const answer = wasm_bindgen.ocilintWork({ ...event.data, documents });
    self.postMessage({ answer, millis: performance.now() - started });
  } catch (error) {
    // An answer always comes back, so the page never waits for one that will not.
    self.postMessage({ error: String(error), millis: performance.now() - started });
  }
};
