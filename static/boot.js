// Loads the app; the shell (shell.js) imports this when the browser is idle after the first
// diagnostics, once the editor bundle (a classic script) has run. Then registers the service
// worker that keeps every file of this build for offline use. `sw.js` exists only in release
// builds (`cargo xtask test` writes it); under `trunk serve` registering it fails quietly.
import init from "./ocilint-app.js";

await init();

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("./sw.js").catch(() => {});
}
