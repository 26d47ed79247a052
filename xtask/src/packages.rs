//! The npm packages (`ocilint-wasm-web`, `ocilint-wasm-bundler`, `ocilint-wasm-nodejs`: one
//! crate, `web/`, built three times by wasm-pack) and the widget's demo page.
//!
//! - `cargo xtask packages [--dist DIR]` (the test stage): builds and packs the three packages
//!   into `target/packages/`, prints each wasm's size, runs the Node tests against the packed
//!   tarballs and the API's wasm tests under Node, and with `--dist` installs the demo page
//!   into `DIR/demo/`.
//! - `serve` builds the `web` package once and keeps the demo page in the served dist (Trunk
//!   empties its dist on every rebuild).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

use crate::cmd::{fail, Cmd, Result};

/// wasm-pack's `--target`s; the package of target `T` is named `ocilint-wasm-T`.
const TARGETS: [&str; 3] = ["web", "bundler", "nodejs"];
/// The file name of the JS glue and the wasm in every package (`ocilint_wasm.js`, …).
pub(crate) const OUT_NAME: &str = "ocilint_wasm";
/// What current rustc emits for wasm32 and every current browser and Node runs; wasm-opt 132
/// must be told, or it refuses the module.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

pub(crate) fn packages_dir(root: &Path) -> PathBuf {
    root.join("target").join("packages")
}

/// `cargo xtask packages [--dist DIR]`. Runs with the wasm tools on `PATH` (the test command
/// starts it with its wasm environment).
pub(crate) fn stage(root: &Path, args: &[String]) -> Result<()> {
    let dist = match args {
        [] => None,
        [flag, dir] if flag == "--dist" => Some(PathBuf::from(dir)),
        _ => {
            return fail(format!(
                "packages: expected `--dist DIR`, got `{}`",
                args.join(" ")
            ))
        }
    };
    // The pinned wasm-opt and the wasm toolchain, whether run alone or as a test stage
    // (then everything is present and this takes under a second).
    let toolchain = crate::setup::ensure(
        root,
        crate::setup::Needs {
            wasm: true,
            browser: false,
            fuzz: false,
        },
    )?;
    let out = packages_dir(root);
    let version = workspace_version(root)?;
    for target in TARGETS {
        build(root, target, &|program| toolchain.wasm_cmd(program))?;
    }
    let mut sizes = Vec::new();
    for target in TARGETS {
        let package = out.join(target);
        // Each tarball is what `npm publish` would upload.
        Cmd::new("npm")
            .args(["pack", "--silent", "--pack-destination"])
            .arg(&out)
            .dir(&package)
            .run()?;
        let tarball = out.join(format!("ocilint-wasm-{target}-{version}.tgz"));
        if !tarball.is_file() {
            return fail(format!("npm pack did not write {}", tarball.display()));
        }
        let wasm = package.join(format!("{OUT_NAME}_bg.wasm"));
        sizes.push((target, file_size(&wasm)?, gzip_size(&wasm)?));
    }
    eprintln!("packages: wasm in each npm package (raw, gzip -9):");
    for (target, raw, gzip) in &sizes {
        eprintln!("  ocilint-wasm-{target:<8} {raw:>9} bytes  {gzip:>8} bytes gzipped");
    }
    Cmd::new("node")
        .args(["--test", "tests/node/packages.test.mjs"])
        .env("OCILINT_PACKAGES", &out)
        .env("OCILINT_PACKAGE_VERSION", &version)
        .dir(root)
        .run()?;
    // The API's wasm tests under Node (the browser stage runs them in Chromium).
    toolchain
        .wasm_cmd("wasm-pack")
        .args(["test", "--release", "--node", "web", "--test", "node"])
        .dir(root)
        .run()?;
    if let Some(dist) = dist {
        install_demo(root, &dist)?;
        // The demo is installed after the page's build: the offline cache must list it too.
        crate::page::finish(root, &dist)?;
        eprintln!(
            "packages: demo page installed in {}",
            dist.join("demo").display()
        );
    }
    Ok(())
}

/// For `serve`: builds the `web` package, then keeps the demo page in `dist` while Trunk
/// rebuilds (Trunk empties its dist on every build, so a watcher puts the page back).
pub(crate) fn serve_demo(root: &Path, dist: &Path, wasm_cmd: &dyn Fn(&str) -> Cmd) -> Result<()> {
    build(root, "web", wasm_cmd)?;
    let (root, dist) = (root.to_owned(), dist.to_owned());
    thread::spawn(move || loop {
        if dist.join("index.html").is_file() && !dist.join("demo/index.html").is_file() {
            match install_demo(&root, &dist) {
                Ok(()) => eprintln!("serve: demo page at /demo/index.html"),
                Err(failure) => eprintln!("serve: cannot install the demo page: {failure}"),
            }
        }
        thread::sleep(Duration::from_millis(300));
    });
    Ok(())
}

/// `wasm-pack build` for one target into `target/packages/TARGET`, shrunk with wasm-opt and
/// named `ocilint-wasm-TARGET`. The three targets share one cargo build.
pub(crate) fn build(root: &Path, target: &str, wasm_cmd: &dyn Fn(&str) -> Cmd) -> Result<()> {
    let package = packages_dir(root).join(target);
    // wasm-pack would download its own wasm-opt; the pinned one runs below.
    wasm_cmd("wasm-pack")
        .args(["build", "--release", "--no-opt", "--target", target])
        .args(["--out-name", OUT_NAME, "--out-dir"])
        .arg(&package)
        .arg("web")
        .dir(root)
        .run()?;
    let wasm = package.join(format!("{OUT_NAME}_bg.wasm"));
    wasm_cmd("wasm-opt")
        .arg("-Oz")
        .args(WASM_FEATURES)
        .arg(&wasm)
        .arg("-o")
        .arg(&wasm)
        .run()?;
    if target == "web" {
        copy(&root.join("web/src/widget.js"), &package.join("widget.js"))?;
    }
    let manifest_path = package.join("package.json");
    let manifest = read(&manifest_path)?;
    let manifest = name_package(&manifest, target)
        .ok_or_else(|| crate::cmd::Failure(format!("unexpected {}", manifest_path.display())))?;
    fs::write(&manifest_path, manifest)
        .or_else(|e| fail(format!("{}: {e}", manifest_path.display())))
}

/// wasm-pack's `package.json` with the package's own name and description, and the files
/// wasm-pack does not list (the README, and the widget in the `web` package).
fn name_package(manifest: &str, target: &str) -> Option<String> {
    let named = replace_once(
        manifest,
        "\"name\": \"ocilint-web\"",
        &format!("\"name\": \"ocilint-wasm-{target}\""),
    )?;
    let description = format!(
        "\"description\": \"ocilint for JavaScript ({target} build): check container image manifests (OCI, Docker) with positioned diagnostics and registry verdicts.\""
    );
    let start = named.find("\"description\": \"")?;
    let end = start + named[start..].find("\",")? + 1;
    let mut named = format!("{}{description}{}", &named[..start], &named[end..]);
    let mut extra = Vec::new();
    if !named.contains("\"README.md\"") {
        extra.push("README.md");
    }
    if target == "web" {
        extra.push("widget.js");
    }
    for file in extra {
        named = replace_once(
            &named,
            "\"files\": [",
            &format!("\"files\": [\n    \"{file}\","),
        )?;
    }
    Some(named)
}

fn replace_once(text: &str, from: &str, to: &str) -> Option<String> {
    (text.matches(from).count() == 1).then(|| text.replacen(from, to, 1))
}

/// `DIST/demo/`: the page, its stylesheet, the seed documents it loads by `src`, and the
/// `web` package the widget runs from.
fn install_demo(root: &Path, dist: &Path) -> Result<()> {
    let demo = dist.join("demo");
    if demo.exists() {
        fs::remove_dir_all(&demo).or_else(|e| fail(format!("{}: {e}", demo.display())))?;
    }
    copy_dir(&root.join("static/demo"), &demo)?;
    copy_dir(&root.join("tests/fixtures/seeds"), &demo.join("seeds"))?;
    let package = packages_dir(root).join("web");
    for file in [
        format!("{OUT_NAME}.js"),
        format!("{OUT_NAME}_bg.wasm"),
        "widget.js".to_owned(),
    ] {
        copy(&package.join(&file), &demo.join("ocilint").join(&file))?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    let entries = fs::read_dir(from).or_else(|e| fail(format!("{}: {e}", from.display())))?;
    for entry in entries {
        let path = entry
            .or_else(|e| fail(format!("{}: {e}", from.display())))?
            .path();
        if path.is_file() {
            copy(&path, &to.join(path.file_name().unwrap_or_default()))?;
        }
    }
    Ok(())
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).or_else(|e| fail(format!("{}: {e}", parent.display())))?;
    }
    fs::copy(from, to).map(|_| ()).or_else(|e| {
        fail(format!(
            "cannot copy {} to {}: {e}",
            from.display(),
            to.display()
        ))
    })
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).or_else(|e| fail(format!("{}: {e}", path.display())))
}

fn file_size(path: &Path) -> Result<u64> {
    fs::metadata(path)
        .map(|m| m.len())
        .or_else(|e| fail(format!("{}: {e}", path.display())))
}

/// The size `gzip -9` makes of a file (what a server sends with `Content-Encoding: gzip`).
fn gzip_size(path: &Path) -> Result<u64> {
    let bytes = fs::read(path).or_else(|e| fail(format!("{}: {e}", path.display())))?;
    let mut child = Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .or_else(|e| fail(format!("cannot start gzip: {e}")))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = thread::spawn(move || stdin.write_all(&bytes));
    let output = child
        .wait_with_output()
        .or_else(|e| fail(format!("gzip: {e}")))?;
    let _ = writer.join();
    Ok(output.stdout.len() as u64)
}

/// `version` from the root `Cargo.toml`'s `[workspace.package]`, which the packages carry.
fn workspace_version(root: &Path) -> Result<String> {
    let manifest = read(&root.join("Cargo.toml"))?;
    manifest
        .split("[workspace.package]")
        .nth(1)
        .and_then(|section| {
            section
                .lines()
                .find_map(|l| l.trim().strip_prefix("version = \""))
        })
        .and_then(|v| v.strip_suffix('"'))
        .map(str::to_owned)
        .ok_or_else(|| crate::cmd::Failure("no version in [workspace.package]".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WASM_PACK_MANIFEST: &str = r#"{
  "name": "ocilint-web",
  "type": "module",
  "description": "ocilint in the browser: the Yew app and a thin wasm-bindgen API over ocilint-core.",
  "version": "0.1.0",
  "files": [
    "ocilint_wasm_bg.wasm",
    "ocilint_wasm.js",
    "ocilint_wasm.d.ts"
  ],
  "main": "ocilint_wasm.js"
}"#;

    #[test]
    fn names_each_package_and_lists_its_files() {
        let web = name_package(WASM_PACK_MANIFEST, "web").expect("renamed");
        assert!(web.contains("\"name\": \"ocilint-wasm-web\""), "{web}");
        assert!(web.contains("(web build)"), "{web}");
        assert!(web.contains("\"widget.js\","), "{web}");
        assert!(web.contains("\"README.md\","), "{web}");
        let node = name_package(WASM_PACK_MANIFEST, "nodejs").expect("renamed");
        assert!(node.contains("\"name\": \"ocilint-wasm-nodejs\""), "{node}");
        assert!(!node.contains("widget.js"), "{node}");
        assert!(name_package("{}", "web").is_none());
    }

    #[test]
    fn reads_the_workspace_version() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let version = workspace_version(&root).expect("version");
        assert!(version.split('.').count() == 3, "{version}");
    }
}
