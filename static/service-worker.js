// The offline cache. `cargo xtask test` (xtask/src/page.rs) writes this file into the release
// build as `sw.js`, with VERSION and FILES filled in from the built files, so the list is
// always the build's own. Cache first: after one visit the page needs no network at all.
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = `ocilint-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((key) => key.startsWith("ocilint-") && key !== CACHE).map((key) => caches.delete(key))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  // `ignoreSearch` only for a URL that has a query: with it, Chromium's cache compares every
  // entry (180 of them) on each request, which cost 20-30 ms a file and held up the first
  // diagnostic of a warm visit by some 40 ms.
  const options = new URL(request.url).search ? { ignoreSearch: true } : undefined;
  event.respondWith(caches.match(request, options).then((hit) => hit || fetch(request)));
});
