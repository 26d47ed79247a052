// <ocilint-manifest>: the custom element. This class only forwards the element's lifecycle to
// Rust (ManifestWidget in web/src/widget.rs), which renders, checks and sends `ocilint-report`.
// It is one ES module, so every widget on a page shares one wasm instance; the wasm is fetched
// from next to this file, and nothing is evaluated from strings (CSP `script-src 'self'
// 'wasm-unsafe-eval'` is enough).
import init, { ManifestWidget, widgetObservedAttributes } from "./ocilint_wasm.js";

await init({ module_or_path: new URL("ocilint_wasm_bg.wasm", import.meta.url) });

class OcilintManifest extends HTMLElement {
  static observedAttributes = widgetObservedAttributes();
  #widget = new ManifestWidget(this);
  connectedCallback() { this.#widget.connected(); }
  attributeChangedCallback(name) { this.#widget.attributeChanged(name); }
  /** The last report, as the last `ocilint-report` event carried it. */
  get report() { return this.#widget.report(); }
  /** The document's text; setting it re-checks. */
  get value() { return this.#widget.value(); }
  set value(text) { this.#widget.setValue(String(text)); }
}

if (!customElements.get("ocilint-manifest")) {
  customElements.define("ocilint-manifest", OcilintManifest);
}
