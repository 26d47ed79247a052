// Runs the engine off the main thread, so typing never waits for a check or a rewrite. It runs
// the same wasm as the page (the browser compiles it once more here) and answers one job at a
// time; the page sends only the latest check and the latest rewrite.
import init, { ocilintWork } from "./ocilint-app.js";

const ready = init();

self.onmessage = async (event) => {
  await ready;
  const started = performance.now();
  try {
    const answer = ocilintWork(event.data);
    self.postMessage({ answer, millis: performance.now() - started });
  } catch (error) {
    // An answer always comes back, so the page never waits for one that will not.
    self.postMessage({ error: String(error), millis: performance.now() - started });
  }
};
