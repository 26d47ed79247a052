// Whole images in the page: a layout folder or an archive verified by a pool of workers
// (static/verify-worker.js, each with the verify wasm of web/src/bin/verify.rs). The page
// (web/src/app/images.rs) loads this file only when an image is opened, so the first load does
// not carry it; the same wasm, loaded here on the page's thread, draws the progress and the
// result (web/src/image_view.rs). Folders are scanned several blobs at a time; an archive is one
// stream, read by one worker. What the members are and whether they are right is core's
// business, in the wasm.
"use strict";

(() => {
  // The page holds at most PAGE_BLOB_MEMORY of blobs at once. A blob that fits in it is read
  // whole and hashed with the browser's native SHA-256, once the memory it takes is free (the
  // workers reserve it from one pool, so a 200 MiB layer and a few small ones are held together,
  // never more); a larger blob is streamed in STREAM_CHUNK pieces and hashed by the wasm.
  const MAX_WORKERS = 4;
  const PAGE_BLOB_MEMORY = 256 * 1024 * 1024;
  const STREAM_CHUNK = 4 * 1024 * 1024;

  // The verify wasm on the page's thread, for drawing the view.
  let view = null;
  function loadView() {
    if (!view) {
      view = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = "./ocilint-verify.js";
        script.onload = resolve;
        script.onerror = () => reject(new Error("ocilint-verify.js could not be loaded"));
        document.head.append(script);
      }).then(() => wasm_bindgen({ module_or_path: "./ocilint-verify_bg.wasm" }));
    }
    return view;
  }

  const workerCount = () => Math.max(1, Math.min(navigator.hardwareConcurrency || 2, MAX_WORKERS));

  // The files of a dropped folder, as {path, file} with paths from the folder down.
  async function walk(entry, base, out) {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      out.push({ path: base + entry.name, file });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child, base + entry.name + "/", out);
      }
    }
  }

  // `layout/blobs/sha256/…` → prefix `layout/`, member `blobs/sha256/…`.
  function asLayout(files) {
    const first = files.length ? files[0].path.split("/")[0] : "folder";
    const members = files.map(({ path, file }) => ({
      path: path.startsWith(first + "/") ? path.slice(first.length + 1) : path,
      file,
    }));
    return { prefix: first + "/", members };
  }

  // Verifies `input` ({files}, {entries} or {archive}) and draws it in `container`;
  // `onOpen(files, tab)` opens the chain's documents in the editor.
  // Performance marks of each phase, which the whole-image benchmark reads (tests/bench_image.rs).
  const mark = (phase) => performance.mark(`ocilint-image-${phase}`);

  function start(input, name, container, onOpen) {
    const started = performance.now();
    mark("open");
    let verifying = false;
    let handle = null;
    const onEvent = (event) => {
      const w = typeof wasm_bindgen === "undefined" ? null : wasm_bindgen;
      if (!w || !w.ocilintRenderNote) {
        // The view's wasm never loaded: say so as text.
        container.textContent = event.error !== undefined ? `The image could not be verified: ${event.error}` : "";
        return;
      }
      if (event.progress) {
        w.ocilintRenderProgress(container, name, event.progress.read, event.progress.total,
          performance.now() - started, verifying, () => handle.cancel());
      } else if (event.verifying) {
        verifying = true;
        w.ocilintRenderProgress(container, name, total, total, performance.now() - started, true, () => handle.cancel());
      } else if (event.cancelled) {
        w.ocilintRenderNote(container, `Stopped verifying ${name} at ${size(read)} of ${size(total)}: the workers were ended.`, false);
      } else if (event.error !== undefined) {
        w.ocilintRenderNote(container, `The image could not be verified: ${event.error}`, true);
      } else if (event.done) {
        w.ocilintRenderAnswer(container, name, event.done.json, event.done.bytes, onOpen);
      }
    };
    let stopped = false;
    const workers = [];
    let read = 0;
    let total = 0;
    let lastShown = 0;
    const progress = (force) => {
      const now = performance.now();
      if (force || now - lastShown > 100) {
        lastShown = now;
        onEvent({ progress: { read, total } });
      }
    };
    const stop = () => {
      stopped = true;
      for (const worker of workers) worker.terminate();
      workers.length = 0;
    };
    const fail = (message) => {
      if (stopped) return;
      stop();
      onEvent({ error: message });
    };
    // Each job's answer by id; progress messages carry bytes read.
    const pending = new Map();
    let nextId = 0;
    const spawn = () => {
      const worker = new Worker("./verify-worker.js");
      worker.onmessage = (event) => {
        const data = event.data;
        if (data.read !== undefined) {
          read += data.read;
          progress(false);
          return;
        }
        const done = pending.get(data.id);
        pending.delete(data.id);
        if (data.error !== undefined) fail(data.error);
        else if (done) done(data);
      };
      worker.onerror = (event) => fail(event.message || "a verify worker failed");
      workers.push(worker);
      return worker;
    };
    const ask = (worker, message) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        worker.postMessage({ id, ...message });
      });

    (async () => {
      await loadView();
      if (stopped) return;
      mark("view-loaded");
      let prefix;
      let members = [];
      // The blobs to scan, as {path, file}: a folder's files, or an uncompressed archive's
      // members as slices of it.
      let blobs = null;
      if (input.archive) {
        const file = input.archive;
        total = file.size;
        prefix = file.name + "!/";
        progress(true);
        const first = spawn();
        const { located } = await ask(first, { locate: { blob: file, name: file.name } });
        if (stopped) return;
        mark("located");
        if (located.members) {
          blobs = [];
          for (const member of located.members) {
            if (member.offset === undefined) members.push(member);
            else blobs.push({ path: member.path, file: file.slice(member.offset, member.offset + member.size) });
          }
        } else {
          // Compressed: one stream, read by one worker.
          const answer = await ask(first, { archive: { blob: file, name: file.name } });
          if (stopped) return;
          members = answer.members;
        }
      } else {
        let files = input.files ? Array.from(input.files, (file) => ({ path: file.webkitRelativePath || file.name, file })) : [];
        if (input.entries) {
          for (const entry of input.entries) await walk(entry, "", files);
        }
        const layout = asLayout(files);
        prefix = layout.prefix;
        blobs = layout.members;
      }
      if (blobs) {
        total = blobs.reduce((sum, m) => sum + m.file.size, 0);
        progress(true);
        // Largest first, so the pool ends together.
        const queue = blobs.slice().sort((a, b) => b.file.size - a.file.size);
        const size = Math.min(workerCount(), Math.max(1, queue.length));
        while (workers.length < size) spawn();
        const memory = memoryPool(PAGE_BLOB_MEMORY);
        const holds = (file) => (file.size <= PAGE_BLOB_MEMORY ? file.size : STREAM_CHUNK);
        await Promise.all(
          workers.map(async (worker) => {
            while (queue.length && !stopped) {
              // The largest blob whose memory is free now; else wait for some to be freed.
              const at = queue.findIndex(({ file }) => holds(file) <= memory.free());
              if (at < 0) {
                await memory.released();
                continue;
              }
              const [{ path, file }] = queue.splice(at, 1);
              const held = memory.take(holds(file));
              try {
                const answer = await ask(worker, { scan: { path, blob: file, budget: PAGE_BLOB_MEMORY } });
                if (answer.member) members.push(answer.member);
              } finally {
                memory.give(held);
              }
            }
          }),
        );
        if (stopped) return;
      }
      mark("scanned");
      read = total;
      progress(true);
      onEvent({ verifying: true });
      const answer = await ask(workers[0], { verify: { prefix, members } });
      if (stopped) return;
      mark("verified");
      stop();
      onEvent({ done: answer.answer });
    })().catch((error) => fail(String(error)));

    handle = {
      cancel() {
        if (stopped) return;
        stop();
        onEvent({ cancelled: true });
      },
    };
    return handle;
  }

  // The bytes of blobs the workers may hold at once, taken before a blob is read and given
  // back when its scan is done.
  function memoryPool(total) {
    let free = total;
    let waiting = [];
    return {
      free: () => free,
      take(bytes) {
        free -= bytes;
        return bytes;
      },
      give(bytes) {
        free += bytes;
        const wake = waiting;
        waiting = [];
        for (const resolve of wake) resolve();
      },
      released: () => new Promise((resolve) => waiting.push(resolve)),
    };
  }

  function size(bytes) {
    if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
    if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${bytes} B`;
  }

  window.ocilintImages = { start };
})();
