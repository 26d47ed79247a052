// The benchmark page: on the same bytes, in one run, ocilint's wasm `check` as the npm API
// returns it (the whole report as JS values), `JSON.parse`, and `JSON.parse` + Ajv with the
// image-spec schemas. Rounds alternate the three so that whatever else the machine does
// falls on all of them; each figure is the median of a contestant's rounds.
//
// The harness reads `window.benchResult` (or `window.benchError`).
import init, { check, digest } from "./ocilint/ocilint_wasm.js";
import * as validators from "./validators.js";

// How long one batch of calls should last, so the timer's coarse resolution (100 µs in a
// page that is not cross-origin isolated) does not matter.
const BATCH_MS = 25;
// Rounds per document, and the time after which a document stops early (big documents).
const ROUNDS = 21;
const MIN_ROUNDS = 7;
const DOCUMENT_BUDGET_MS = 20000;

const status = document.getElementById("status");

async function load(entry) {
  const response = await fetch(`documents/${entry.file}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { ...entry, bytes, text: new TextDecoder().decode(bytes) };
}

// The three contestants, and the digest alone. Each returns something that depends on the whole result, so no
// engine can skip the work.
function contestants(doc, reportText) {
  const validate = validators[doc.schema];
  return {
    check: () => check(doc.bytes).diagnostics.length,
    parse: () => (JSON.parse(doc.text) === null ? 0 : 1),
    ajv: () => (validate(JSON.parse(doc.text)) ? 1 : 0),
    // Not a contestant: the SHA-256 every report carries, alone, as the npm API's `digest`
    // computes it: the part of `check` no parse avoids.
    digest: () => digest(doc.bytes).length,
    // Not a contestant either: V8 making the report's values from their compact JSON, as they
    // cross from the wasm, and its fastest way to make many objects from data. With the digest,
    // a floor under any `check` that returns this report synchronously.
    report: () => (JSON.parse(reportText) === null ? 0 : 1),
  };
}

function timeBatch(run, calls) {
  let sink = 0;
  const start = performance.now();
  for (let i = 0; i < calls; i++) sink += run();
  const elapsed = performance.now() - start;
  return { perCall: elapsed / calls, sink };
}

// Calls per batch: enough for BATCH_MS, found by doubling.
function calibrate(run) {
  let calls = 1;
  for (;;) {
    const { perCall } = timeBatch(run, calls);
    if (perCall * calls >= BATCH_MS || calls >= 1 << 20) return calls;
    calls = Math.max(calls * 2, Math.ceil((BATCH_MS / Math.max(perCall, 0.001)) * 1.2));
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function measure(doc) {
  const report = check(doc.bytes);
  const reportText = JSON.stringify(report);
  const runs = contestants(doc, reportText);
  const valid = runs.ajv() === 1;
  const names = Object.keys(runs);
  const calls = Object.fromEntries(names.map((name) => [name, calibrate(runs[name])]));
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  const started = performance.now();
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // A different order each round, so no contestant always follows the same one.
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      const batch = timeBatch(runs[name], calls[name]);
      samples[name].push(batch.perCall);
      sink += batch.sink;
    }
    if (round + 1 >= MIN_ROUNDS && performance.now() - started > DOCUMENT_BUDGET_MS) break;
    // Let the page breathe (and the status line paint) between rounds.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const ms = Object.fromEntries(names.map((name) => [name, median(samples[name])]));
  return {
    name: doc.name,
    label: doc.label,
    bytes: doc.bytes.length,
    diagnostics: report.diagnostics.length,
    reportLength: reportText.length,
    ajvValid: valid,
    rounds: samples.check.length,
    calls,
    ms,
    sink,
  };
}

function duration(ms) {
  return ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

function row(result) {
  const cells = [
    result.label,
    result.bytes.toLocaleString("en"),
    ...["check", "parse", "ajv", "digest", "report"].map((name) => duration(result.ms[name])),
    `${(result.ms.check / result.ms.ajv).toFixed(2)}×`,
    `${((result.ms.digest + result.ms.report) / result.ms.ajv).toFixed(2)}×`,
  ];
  const tr = document.createElement("tr");
  for (const text of cells) {
    const td = document.createElement("td");
    td.textContent = text;
    tr.append(td);
  }
  document.querySelector("#results tbody").append(tr);
}

async function main() {
  await init();
  const list = await (await fetch("documents/list.json")).json();
  const results = [];
  for (const entry of list) {
    status.textContent = `Measuring ${entry.label}…`;
    const doc = await load(entry);
    const result = await measure(doc);
    results.push(result);
    row(result);
  }
  status.textContent = "Done.";
  window.benchResult = { userAgent: navigator.userAgent, results };
}

main().catch((error) => {
  status.textContent = `Failed: ${error}`;
  window.benchError = String(error && error.stack ? error.stack : error);
});
