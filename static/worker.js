// Checks documents off the main thread, so typing never waits for the engine. It runs the same
// wasm as the page (the browser compiles it once more here) and answers one request at a time;
// the page sends only the latest text of each document.
import init, { ocilintCheckInWorker } from "./ocilint-app.js";

const ready = init();

self.onmessage = async (event) => {
  await ready;
  const { id, version, bytes, contentType, targets } = event.data;
  const started = performance.now();
  const report = ocilintCheckInWorker(bytes, contentType, targets);
  self.postMessage({ id, version, report, millis: performance.now() - started });
};
