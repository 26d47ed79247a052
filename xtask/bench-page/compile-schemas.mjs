// The yardstick's validators: the image-spec JSON schemas (draft-04) compiled by Ajv to
// standalone code at build time, since the page's CSP (like the app's) forbids `new Function`.
//
// usage: node compile-schemas.mjs SCHEMA_DIR OUT.js
//
// The schemas name each other by file (`defs-descriptor.json#/definitions/digest`) but carry
// `id`s that put them in different URI folders (`…/schema/descriptor` next to
// `…/schema/image/manifest`), so their references do not resolve as published; image-spec's
// own Go loader resolves them by file name. So does this: every file gets the id
// `https://opencontainers.org/schema/image/<file>` and the nested `id`s, which no reference
// uses, are dropped. No keyword that validates is changed. `format` is not checked (Ajv
// needs ajv-formats for it, and the only one, `uri` of `urls`, is in none of the documents).
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv-draft-04";
import standaloneCode from "ajv/dist/standalone/index.js";

const [schemaDir, out] = process.argv.slice(2);
if (!schemaDir || !out) {
  console.error("usage: node compile-schemas.mjs SCHEMA_DIR OUT.js");
  process.exit(2);
}
const base = "https://opencontainers.org/schema/image/";

function withoutNestedIds(node, top) {
  if (Array.isArray(node)) return node.map((item) => withoutNestedIds(item, false));
  if (node === null || typeof node !== "object") return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "id" && !top && typeof value === "string") continue;
    // `properties` and `patternProperties` hold names, not schemas: a member named `id` stays.
    copy[key] = withoutNestedIds(value, false);
  }
  return copy;
}

const ajv = new Ajv({ code: { source: true, esm: true }, allErrors: false, strict: false, validateFormats: false });
for (const file of fs.readdirSync(schemaDir).filter((f) => f.endsWith(".json")).sort()) {
  const schema = withoutNestedIds(JSON.parse(fs.readFileSync(path.join(schemaDir, file), "utf8")), true);
  schema.id = base + file;
  ajv.addSchema(schema);
}
const exports = {
  manifest: base + "image-manifest-schema.json",
  index: base + "image-index-schema.json",
};
const code = standaloneCode(ajv, exports);
if (/\brequire\(/.test(code)) {
  console.error("the standalone code needs require(): the page cannot load it as an ES module");
  process.exit(1);
}
fs.writeFileSync(out, code);
console.log(`compiled ${Object.keys(exports).join(", ")} (${code.length} bytes) into ${out}`);
