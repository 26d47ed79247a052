// The npm packages as published: `cargo xtask packages` packs them into $OCILINT_PACKAGES,
// and this test unpacks each tarball, reads its README and declarations, and runs the
// `nodejs` build on a seed manifest. Run: node --test tests/node/packages.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const packages = process.env.OCILINT_PACKAGES ?? join(root, "target", "packages");
const version = process.env.OCILINT_PACKAGE_VERSION ?? "0.1.0";
const functions = ["check", "fixes", "applyFixes", "convert", "digest", "verify", "rules", "targets"];
const types = ["Report", "Diagnostic", "Fix", "Edit", "TargetVerdict", "Verdict", "RewriteReport",
  "CheckOptions", "FixSelection", "RuleInfo", "TargetInfo", "TextRange", "BlobRecord", "BlobStatus"];

/** Unpacks a tarball as npm would install it; returns the package directory. */
function unpack(target) {
  const tarball = join(packages, `ocilint-wasm-${target}-${version}.tgz`);
  const dir = mkdtempSync(join(tmpdir(), `ocilint-wasm-${target}-`));
  execFileSync("tar", ["-xzf", tarball, "-C", dir]);
  return join(dir, "package");
}

for (const target of ["web", "bundler", "nodejs"]) {
  test(`ocilint-wasm-${target}: the packed package names itself and describes the API`, () => {
    const dir = unpack(target);
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      assert.equal(manifest.name, `ocilint-wasm-${target}`);
      assert.equal(manifest.version, version);
      const files = readdirSync(dir);
      for (const file of ["README.md", "ocilint_wasm.d.ts", "ocilint_wasm_bg.wasm", manifest.main]) {
        assert.ok(files.includes(file), `${file} is in the package: ${files}`);
      }
      assert.equal(files.includes("widget.js"), target === "web", "only the web package has the widget");
      const declarations = readFileSync(join(dir, manifest.types), "utf8");
      for (const name of functions) {
        assert.match(declarations, new RegExp(`export function ${name}\\(`), `${name} is declared`);
      }
      for (const name of types) {
        assert.match(declarations, new RegExp(`export (interface|type) ${name}\\b`), `${name} is declared`);
      }
      assert.match(declarations, /export function check\(input: string \| Uint8Array, options\?: CheckOptions\): Report;/);
      assert.match(declarations, /utf16Range: TextRange;/);
      const readme = readFileSync(join(dir, "README.md"), "utf8");
      for (const name of functions) {
        assert.ok(readme.includes(`${name}(`), `the README describes ${name}`);
      }
      assert.ok(readme.includes(`ocilint-wasm-${target}`));
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });
}

test("ocilint-wasm-nodejs checks a seed manifest", () => {
  const dir = unpack("nodejs");
  try {
    const ocilint = createRequire(import.meta.url)(join(dir, "ocilint_wasm.js"));
    const bytes = readFileSync(join(root, "tests/fixtures/seeds/podman-mixed-oci-manifest.json"));
    const report = ocilint.check(new Uint8Array(bytes), { targets: ["podman"] });
    assert.equal(report.kind, "oci-manifest");
    assert.equal(report.size, bytes.length);
    assert.equal(report.digest, `sha256:${createHash("sha256").update(bytes).digest("hex")}`);
    assert.equal(ocilint.digest(new Uint8Array(bytes)), report.digest);
    assert.deepEqual(report.diagnostics.map((d) => [d.code, d.severity, d.pointer]), [
      ["MIX001", "warning", "/config/mediaType"],
      ["MIX002", "warning", "/layers/0/mediaType"],
    ]);
    // UTF-16 offsets index the JavaScript string directly.
    const text = bytes.toString("utf8");
    const { start, end } = report.diagnostics[0].utf16Range;
    assert.equal(text.slice(start, end), '"application/vnd.docker.container.image.v1+json"');
    const pull = report.targets.find((t) => t.operation === "pull");
    assert.equal(pull.target, "podman");
    assert.equal(pull.verdict, "reject");
    assert.match(pull.message, /invalid mixed OCI image/);

    const fixed = ocilint.applyFixes(text, { includeUnsafe: true });
    assert.ok(fixed.applied.some((a) => a.code === "MIX001" && a.safety === "unsafe"));
    assert.deepEqual(ocilint.check(fixed.outputs[0].bytes).diagnostics, []);
    assert.throws(() => ocilint.check(text, { target: ["podman"] }), /unknown option `target`/);
    assert.ok(ocilint.rules().some((r) => r.code === "MIX001" && r.fix === "unsafe" && r.since === "0.1.0"));
    assert.ok(ocilint.rules().every((r) => ["never", "sometimes", "always"].includes(r.fixAvailability)));
    assert.ok(ocilint.targets().some((t) => t.name === "podman" && t.kind === "client"));
  } finally {
    rmSync(dirname(dir), { recursive: true, force: true });
  }
});
