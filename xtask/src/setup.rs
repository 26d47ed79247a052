//! Installs what the build and the tests need, and only what is missing.
//!
//! Every step probes first (a tool's `--version`, a tiny wasm build) and installs only on a
//! negative answer, so a second run installs nothing. The wasm32 standard library comes from,
//! in order: the toolchain already on `PATH`; Debian's `rustc-web` if present; `rustup target
//! add` (with a time limit, because it hangs on machines without a route to its servers); and
//! last the recipe in `shared/toolchain.md`: Debian's `rustc-web` with a wasm32 std built once
//! from its vendored sources.

use std::collections::hash_map::DefaultHasher;
use std::env;
use std::ffi::OsString;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cmd::{fail, human_duration, Cmd, Failure, Result};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The binaryen release whose `wasm-opt` reads what current rustc emits; Trunk.toml pins the same.
const WASM_OPT_VERSION: &str = "132";
/// Trunk 0.22 needs a newer rustc than Debian ships; 0.21 is what we test with.
const TRUNK_VERSION_REQ: &str = "~0.21";
// rust-web-llvm provides `rust-lld` (the wasm linker); it is only a Recommends of rustc-web.
const DEBIAN_RUST_PACKAGES: [&str; 5] = [
    "rustc-web",
    "cargo-web",
    "rust-web-src",
    "rust-web-llvm",
    "lld-22",
];
const DEBIAN_BROWSER_PACKAGES: [&str; 2] = ["chromium", "chromium-driver"];
/// distribution 2.8, which the CLI's registry tests (`cli/tests/registry.rs`) start on loopback.
const DEBIAN_REGISTRY_PACKAGES: [&str; 1] = ["docker-registry"];

/// What a command needs beyond the native toolchain.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Needs {
    pub(crate) wasm: bool,
    pub(crate) browser: bool,
    /// `cargo-fuzz`, for the fuzz smoke stage.
    pub(crate) fuzz: bool,
}

/// The environment the wasm builds and browser tests run in.
#[derive(Debug)]
pub(crate) struct Toolchain {
    /// `PATH` for wasm builds: wasm-opt, the Rust toolchain that has a wasm32 std, cargo-installed tools.
    pub(crate) wasm_path: OsString,
    /// Which Rust toolchain builds wasm, for the summary line.
    pub(crate) wasm_rust: String,
    pub(crate) chrome: Option<PathBuf>,
    pub(crate) chromedriver: Option<PathBuf>,
}

impl Toolchain {
    /// A command whose `cargo`, `trunk`, `wasm-pack` and `wasm-opt` are the ones set up here.
    pub(crate) fn wasm_cmd(&self, program: &str) -> Cmd {
        let mut cmd = Cmd::new(program).env("PATH", &self.wasm_path);
        // Variables a rustup proxy or an outer cargo sets would point a child cargo at the
        // native toolchain, which has no wasm32 std.
        for var in [
            "RUSTC",
            "RUSTDOC",
            "RUSTUP_TOOLCHAIN",
            "CARGO",
            "RUSTC_WRAPPER",
        ] {
            cmd = cmd.env_remove(var);
        }
        if let Some(driver) = &self.chromedriver {
            cmd = cmd.env("CHROMEDRIVER", driver);
        }
        if let Some(chrome) = &self.chrome {
            cmd = cmd.env("CHROME", chrome);
        }
        cmd
    }

    /// A native command that drives the browser set up here (the e2e tests, the benchmark
    /// page): `CHROMEDRIVER` and `CHROME` name it, or the usual names on `PATH`.
    pub(crate) fn browser_cmd(&self, program: &str) -> Cmd {
        let driver = self.chromedriver.as_deref();
        let chrome = self.chrome.as_deref();
        Cmd::new(program)
            .env("CHROMEDRIVER", driver.unwrap_or(Path::new("chromedriver")))
            .env("CHROME", chrome.unwrap_or(Path::new("chromium")))
    }
}

/// Installs what is missing for `needs` and returns the environment to build in.
pub(crate) fn ensure(root: &Path, needs: Needs) -> Result<Toolchain> {
    let started = Instant::now();
    let mut setup = Setup {
        root: root.to_owned(),
        apt_updated: false,
        installed: Vec::new(),
    };
    eprintln!("setup: checking tools (installs only what is missing)");
    setup.ensure_native_components()?;
    let mut toolchain = Toolchain {
        wasm_path: env::var_os("PATH").unwrap_or_default(),
        wasm_rust: String::from("none"),
        chrome: None,
        chromedriver: None,
    };
    if needs.wasm {
        let (path, rust) = setup.ensure_wasm_std()?;
        toolchain.wasm_path = path;
        toolchain.wasm_rust = rust;
        toolchain.wasm_path = setup.ensure_wasm_tools(&toolchain.wasm_path)?;
        if ensure_editor_packages(root)? {
            setup.installed.push("editor packages (npm ci)".into());
        }
    }
    if needs.fuzz {
        setup.ensure_cargo_fuzz()?;
        // The full set-up (`test`, `setup`): the CLI's registry tests need a real registry,
        // and fail (rather than pass unseen) without one.
        setup.ensure_registry()?;
    }
    if needs.browser {
        let (chrome, driver) = setup.ensure_browser()?;
        toolchain.chrome = Some(chrome);
        toolchain.chromedriver = Some(driver);
    }
    if setup.installed.is_empty() {
        eprintln!(
            "setup: nothing to install, all present ({})",
            human_duration(started.elapsed())
        );
    } else {
        eprintln!(
            "setup: installed {} in {}",
            setup.installed.join(", "),
            human_duration(started.elapsed())
        );
    }
    Ok(toolchain)
}

/// Where the editor bundle's npm project is.
pub(crate) fn editor_dir(root: &Path) -> PathBuf {
    root.join("static").join("editor")
}

/// `npm ci` for the editor bundle, only when `node_modules` is missing or was installed from
/// another lock file (npm writes its own copy of the lock to `node_modules/.package-lock.json`;
/// the stamp beside it records which lock file that was).
fn ensure_editor_packages(root: &Path) -> Result<bool> {
    let dir = editor_dir(root);
    let lock = fs::read(dir.join("package-lock.json"))
        .or_else(|e| fail(format!("cannot read static/editor/package-lock.json: {e}")))?;
    let stamp_path = dir.join("node_modules").join(".ocilint-lock-stamp");
    let wanted = format!("{:016x}", hash_bytes(&lock));
    let esbuild = dir.join("node_modules").join(".bin").join("esbuild");
    if esbuild.exists() && fs::read_to_string(&stamp_path).is_ok_and(|s| s.trim() == wanted) {
        eprintln!("setup: ok    editor packages (CodeMirror, esbuild): present");
        return Ok(false);
    }
    eprintln!("setup: installing editor packages (CodeMirror, esbuild) with npm ci (seconds)");
    Cmd::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .dir(&dir)
        .run()?;
    fs::write(&stamp_path, wanted)
        .or_else(|e| fail(format!("cannot write {}: {e}", stamp_path.display())))?;
    Ok(true)
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

struct Setup {
    root: PathBuf,
    apt_updated: bool,
    installed: Vec<String>,
}

impl Setup {
    fn scratch(&self, name: &str) -> PathBuf {
        self.root.join("target").join("xtask").join(name)
    }

    fn ensure_native_components(&mut self) -> Result<()> {
        let present = |sub: &str| {
            Cmd::new("cargo")
                .arg(sub)
                .arg("--version")
                .quiet()
                .output_ok()
        };
        if present("fmt").is_some() && present("clippy").is_some() {
            ok("rustfmt, clippy", "present");
            return Ok(());
        }
        if which("rustup", &path_var()).is_none() {
            return fail(
                "rustfmt and clippy are needed for the lint stage; install them with your Rust toolchain",
            );
        }
        installing("rustfmt, clippy", "rustup component add", "seconds");
        Cmd::new("rustup")
            .args(["component", "add", "rustfmt", "clippy"])
            .run()?;
        self.installed.push("rustfmt+clippy".into());
        Ok(())
    }

    /// Returns the `PATH` under which `cargo build --target wasm32-unknown-unknown` works.
    fn ensure_wasm_std(&mut self) -> Result<(OsString, String)> {
        let default_path = path_var();
        let debian_path = prepend(Path::new("/usr/bin"), &default_path);
        // `OCILINT_WASM_TOOLCHAIN=debian` goes straight to the Debian recipe (to use or test it
        // on a machine whose rustup works too).
        if env::var("OCILINT_WASM_TOOLCHAIN").is_ok_and(|v| v == "debian") {
            eprintln!("setup: OCILINT_WASM_TOOLCHAIN=debian: using Debian's rustc-web");
            return self.debian_wasm_std(&debian_path);
        }
        if let Some(version) = self.probe_wasm_std(&default_path) {
            ok("wasm32 std", &format!("{version} (toolchain on PATH)"));
            return Ok((default_path, version));
        }
        if Path::new("/usr/bin/cargo").exists() {
            if let Some(version) = self.probe_wasm_std(&debian_path) {
                ok("wasm32 std", &format!("{version} (Debian rustc-web)"));
                return Ok((debian_path, version));
            }
        }
        if which("rustup", &default_path).is_some() {
            installing(WASM_TARGET, "rustup target add (90 s limit)", "seconds");
            let added = Cmd::new("rustup")
                .args(["target", "add", WASM_TARGET])
                .run_with_timeout(Duration::from_secs(90))?;
            match added {
                Some(status) if status.success() => {
                    if let Some(version) = self.probe_wasm_std(&default_path) {
                        self.installed.push(format!("{WASM_TARGET} (rustup)"));
                        ok("wasm32 std", &format!("{version} (rustup)"));
                        return Ok((default_path, version));
                    }
                }
                Some(status) => eprintln!("setup: rustup target add failed ({status})"),
                None => eprintln!(
                    "setup: rustup target add did not finish in 90 s (no route to its servers?)"
                ),
            }
        }
        eprintln!("setup: falling back to Debian's rustc-web with a wasm32 std built from source");
        self.debian_wasm_std(&debian_path)
    }

    /// `shared/toolchain.md`: Debian's rustc-web, plus a wasm32 std built once if it has none.
    fn debian_wasm_std(&mut self, debian_path: &OsString) -> Result<(OsString, String)> {
        self.apt_install(&DEBIAN_RUST_PACKAGES)?;
        if let Some(version) = self.probe_wasm_std(debian_path) {
            ok("wasm32 std", &format!("{version} (Debian rustc-web)"));
            return Ok((debian_path.clone(), version));
        }
        self.build_debian_wasm_std(debian_path)?;
        match self.probe_wasm_std(debian_path) {
            Some(version) => {
                ok(
                    "wasm32 std",
                    &format!("{version} (Debian rustc-web, std built here)"),
                );
                Ok((debian_path.clone(), version))
            }
            None => fail(format!(
                "the wasm32 std was built and installed, but a probe build still fails; see {}",
                self.scratch("probe-wasm").display()
            )),
        }
    }

    /// Builds a tiny std-using crate for wasm32; `Some(rustc version)` when that works.
    fn probe_wasm_std(&self, path: &OsString) -> Option<String> {
        let dir = self.scratch("probe-wasm");
        write_crate(
            &dir,
            "ocilint-probe-wasm",
            "",
            "pub fn probe() -> usize { std::vec![1u8, 2].len() + std::string::String::from(\"x\").len() }\n",
        )
        .ok()?;
        let rust = Cmd::new("rustc")
            .arg("--version")
            .env("PATH", path)
            .quiet()
            .output_ok()?;
        let built = Cmd::new("cargo")
            .args(["build", "--offline", "--quiet", "--target", WASM_TARGET])
            .env("PATH", path)
            .env("CARGO_TARGET_DIR", dir.join("target"))
            .dir(&dir)
            .quiet()
            .output_ok();
        built.map(|_| rust.trim().to_owned())
    }

    /// `shared/toolchain.md`: build std with LTO (so LTO release builds find bitcode) and put it in
    /// Debian's sysroot.
    fn build_debian_wasm_std(&mut self, debian_path: &OsString) -> Result<()> {
        let dir = self.scratch("wasm-std");
        let profile = "[profile.release]\nlto = true\n";
        write_crate(&dir, "ocilint-wasm-std", profile, "")
            .or_else(|e| fail(format!("cannot write {}: {e}", dir.display())))?;
        installing(
            "wasm32 std",
            "cargo -Zbuild-std from Debian's rust-web-src",
            "about a minute",
        );
        let started = Instant::now();
        Cmd::new("cargo")
            .args(["build", "--release", "--target", WASM_TARGET])
            .arg("-Zbuild-std=std,panic_abort,test")
            .env("PATH", debian_path)
            .env("RUSTC_BOOTSTRAP", "1")
            .env("CARGO_TARGET_DIR", dir.join("target"))
            .dir(&dir)
            .run()?;
        let sysroot = Cmd::new("rustc")
            .args(["--print", "sysroot"])
            .env("PATH", debian_path)
            .quiet()
            .output_ok()
            .map(|s| PathBuf::from(s.trim()))
            .ok_or_else(|| Failure("cannot ask Debian's rustc for its sysroot".into()))?;
        let dest = sysroot.join("lib/rustlib").join(WASM_TARGET).join("lib");
        let deps = dir.join("target").join(WASM_TARGET).join("release/deps");
        fs::create_dir_all(&dest).or_else(|e| {
            fail(format!(
                "cannot create {} ({e}); this step needs root",
                dest.display()
            ))
        })?;
        let mut copied = 0;
        for entry in fs::read_dir(&deps).or_else(|e| fail(format!("{}: {e}", deps.display())))? {
            let path = entry
                .or_else(|e| fail(format!("{}: {e}", deps.display())))?
                .path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.starts_with("lib")
                && name.ends_with(".rlib")
                && !name.starts_with("libocilint_wasm_std")
            {
                fs::copy(&path, dest.join(&*name))
                    .or_else(|e| fail(format!("cannot copy {name} to {}: {e}", dest.display())))?;
                copied += 1;
            }
        }
        // Artifacts built against an older std fail with `can't find crate`.
        let stale = self.root.join("target").join(WASM_TARGET);
        if stale.exists() {
            let _ = fs::remove_dir_all(&stale);
        }
        eprintln!(
            "setup: installed {copied} std rlibs into {} in {}",
            dest.display(),
            human_duration(started.elapsed())
        );
        self.installed.push("wasm32 std (built)".into());
        Ok(())
    }

    /// wasm-bindgen-cli (the exact version in Cargo.lock), wasm-pack, trunk and wasm-opt.
    fn ensure_wasm_tools(&mut self, wasm_path: &OsString) -> Result<OsString> {
        let bindgen_version = locked_version(&self.root, "wasm-bindgen")?;
        let tools = [
            CargoTool {
                binary: "wasm-bindgen",
                krate: "wasm-bindgen-cli",
                wanted: Wanted::Exactly(bindgen_version.clone()),
                // `--locked` has failed on a yanked dependency of wasm-bindgen-cli.
                locked: false,
                minutes: "about 5 minutes",
            },
            CargoTool {
                binary: "wasm-pack",
                krate: "wasm-pack",
                wanted: Wanted::Any,
                locked: true,
                minutes: "about 3 minutes",
            },
            CargoTool {
                binary: "trunk",
                krate: "trunk",
                wanted: Wanted::AtLeast(0, 21),
                locked: true,
                minutes: "about 10 minutes",
            },
        ];
        let mut path = prepend(&cargo_bin_dir(), wasm_path);
        for tool in &tools {
            self.ensure_cargo_tool(tool, &path)?;
        }
        path = self.ensure_wasm_opt(&path)?;
        Ok(path)
    }

    /// `cargo fuzz` builds the fuzz targets (with `-s none` on stable Rust too); installed
    /// once into the cargo bin directory, which CI caches.
    fn ensure_cargo_fuzz(&mut self) -> Result<()> {
        let tool = CargoTool {
            binary: "cargo-fuzz",
            krate: "cargo-fuzz",
            wanted: Wanted::Any,
            locked: true,
            minutes: "about 2 minutes",
        };
        self.ensure_cargo_tool(&tool, &prepend(&cargo_bin_dir(), &path_var()))
    }

    fn ensure_cargo_tool(&mut self, tool: &CargoTool, path: &OsString) -> Result<()> {
        let found = Cmd::new(tool.binary)
            .arg("--version")
            .env("PATH", path)
            .quiet()
            .output_ok();
        if let Some(version) = found.as_deref().and_then(first_version) {
            if tool.wanted.accepts(&version) {
                ok(tool.binary, &version);
                return Ok(());
            }
            eprintln!(
                "setup: {} {version} is on PATH but {} is needed",
                tool.binary, tool.wanted
            );
        }
        let mut install = Cmd::new("cargo").args(["install", tool.krate]);
        match &tool.wanted {
            Wanted::Exactly(version) => install = install.args(["--version", version]),
            Wanted::AtLeast(..) => install = install.args(["--version", TRUNK_VERSION_REQ]),
            Wanted::Any => {}
        }
        if tool.locked {
            install = install.arg("--locked");
        }
        installing(tool.binary, "cargo install from crates.io", tool.minutes);
        let started = Instant::now();
        // The native cargo builds host tools; it need not be the wasm toolchain.
        install.run()?;
        eprintln!(
            "setup: {} installed in {}",
            tool.binary,
            human_duration(started.elapsed())
        );
        self.installed.push(tool.binary.into());
        Ok(())
    }

    fn ensure_wasm_opt(&mut self, path: &OsString) -> Result<OsString> {
        let wanted = format!("version {WASM_OPT_VERSION}");
        let has_wanted = |path: &OsString| {
            Cmd::new("wasm-opt")
                .arg("--version")
                .env("PATH", path)
                .quiet()
                .output_ok()
                .filter(|v| v.contains(&wanted))
        };
        if let Some(version) = has_wanted(path) {
            ok("wasm-opt", version.trim());
            return Ok(path.clone());
        }
        let dir = cache_dir().join(format!("binaryen-{WASM_OPT_VERSION}"));
        let bin = dir.join("node_modules").join(".bin");
        let with_cache = prepend(&bin, path);
        if let Some(version) = has_wanted(&with_cache) {
            ok(
                "wasm-opt",
                &format!("{} ({})", version.trim(), bin.display()),
            );
            return Ok(with_cache);
        }
        if which("npm", path).is_none() {
            return fail(format!(
                "wasm-opt {WASM_OPT_VERSION} is needed for release builds: install Node.js with npm \
                 (it fetches the `binaryen` package), or put wasm-opt {WASM_OPT_VERSION} on PATH"
            ));
        }
        installing("wasm-opt", "npm package binaryen", "seconds");
        fs::create_dir_all(&dir).or_else(|e| fail(format!("{}: {e}", dir.display())))?;
        Cmd::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .arg(format!("binaryen@{WASM_OPT_VERSION}"))
            .run()?;
        match has_wanted(&with_cache) {
            Some(version) => {
                ok("wasm-opt", version.trim());
                self.installed.push("wasm-opt".into());
                Ok(with_cache)
            }
            None => fail(format!(
                "npm installed binaryen into {} but its wasm-opt does not report {wanted}",
                dir.display()
            )),
        }
    }

    fn ensure_registry(&mut self) -> Result<()> {
        let find = || which("docker-registry", &path_var());
        if let Some(found) = find() {
            ok("docker-registry", &found.display().to_string());
            return Ok(());
        }
        self.apt_install(&DEBIAN_REGISTRY_PACKAGES)?;
        find()
            .map(|_| ())
            .ok_or_else(|| Failure("docker-registry was installed but is not on PATH".into()))
    }

    fn ensure_browser(&mut self) -> Result<(PathBuf, PathBuf)> {
        let find = || {
            let path = path_var();
            let chrome = env::var_os("CHROME").map(PathBuf::from).or_else(|| {
                [
                    "chromium",
                    "chromium-browser",
                    "google-chrome",
                    "google-chrome-stable",
                ]
                .iter()
                .find_map(|name| which(name, &path))
            });
            let driver = env::var_os("CHROMEDRIVER")
                .map(PathBuf::from)
                .or_else(|| which("chromedriver", &path));
            chrome.zip(driver)
        };
        if let Some((chrome, driver)) = find() {
            let version = Cmd::new(&chrome)
                .arg("--version")
                .quiet()
                .output_ok()
                .unwrap_or_default();
            ok(
                "chromium",
                // Debian's wrapper script may print shell noise before the version line.
                &format!(
                    "{} ({})",
                    version
                        .lines()
                        .find(|l| l.contains("Chrom"))
                        .unwrap_or(version.trim()),
                    driver.display()
                ),
            );
            return Ok((chrome, driver));
        }
        self.apt_install(&DEBIAN_BROWSER_PACKAGES)?;
        find().ok_or_else(|| {
            Failure(
                "chromium and chromedriver were installed but are not on PATH; set CHROME and CHROMEDRIVER"
                    .into(),
            )
        })
    }

    /// Installs Debian packages that are not installed yet.
    fn apt_install(&mut self, packages: &[&str]) -> Result<()> {
        let missing: Vec<&str> = packages
            .iter()
            .copied()
            .filter(|p| !debian_package_installed(p))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let list = missing.join(" ");
        if which("apt-get", &path_var()).is_none() {
            return fail(format!(
                "these Debian packages are needed and there is no apt-get here: {list}. \
                 On another system install the equivalents (see shared/toolchain.md), or \
                 with rustup: `rustup target add {WASM_TARGET}`"
            ));
        }
        if !is_root() {
            return fail(format!(
                "installing system packages needs root: run `sudo apt-get install -y {list}` \
                 once, then run this command again"
            ));
        }
        if !self.apt_updated {
            installing("package lists", "apt-get update", "seconds");
            Cmd::new("apt-get").args(["update", "-q"]).run()?;
            self.apt_updated = true;
        }
        installing(&list, "apt-get install", "under a minute");
        Cmd::new("apt-get")
            .args(["install", "-y", "-q", "--no-install-recommends"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .run()?;
        self.installed.extend(missing.iter().map(|p| p.to_string()));
        Ok(())
    }
}

struct CargoTool {
    binary: &'static str,
    krate: &'static str,
    wanted: Wanted,
    locked: bool,
    minutes: &'static str,
}

enum Wanted {
    Any,
    Exactly(String),
    AtLeast(u64, u64),
}

impl Wanted {
    fn accepts(&self, version: &str) -> bool {
        match self {
            Wanted::Any => true,
            Wanted::Exactly(wanted) => version == wanted,
            Wanted::AtLeast(major, minor) => {
                let mut parts = version.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
                let found = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
                found >= (*major, *minor)
            }
        }
    }
}

impl std::fmt::Display for Wanted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Wanted::Any => f.write_str("any version"),
            Wanted::Exactly(v) => write!(f, "exactly {v}"),
            Wanted::AtLeast(major, minor) => write!(f, "{major}.{minor} or newer"),
        }
    }
}

fn ok(what: &str, detail: &str) {
    eprintln!("setup: {what:<16} ok  {detail}");
}

fn installing(what: &str, how: &str, duration: &str) {
    eprintln!("setup: {what}: installing with {how} ({duration}) ...");
}

fn path_var() -> OsString {
    env::var_os("PATH").unwrap_or_default()
}

fn prepend(dir: &Path, path: &OsString) -> OsString {
    let mut dirs = vec![dir.to_owned()];
    dirs.extend(env::split_paths(path).filter(|d| d != dir));
    env::join_paths(dirs).unwrap_or_else(|_| path.clone())
}

pub(crate) fn which(name: &str, path: &OsString) -> Option<PathBuf> {
    env::split_paths(path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

fn cargo_bin_dir() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

fn cache_dir() -> PathBuf {
    env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(env::temp_dir)
        .join("ocilint")
}

fn is_root() -> bool {
    Cmd::new("id")
        .arg("-u")
        .quiet()
        .output_ok()
        .is_some_and(|uid| uid.trim() == "0")
}

fn debian_package_installed(package: &str) -> bool {
    Cmd::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .quiet()
        .output_ok()
        .is_some_and(|status| status.contains("install ok installed"))
}

/// The first `N.N.N` in a tool's `--version` output.
fn first_version(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || c == 'v')
        .find(|word| {
            let parts: Vec<&str> = word.split('.').collect();
            parts.len() >= 2
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        })
        .map(str::to_owned)
}

/// The version of `package` that Cargo.lock pins.
pub(crate) fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock_path = root.join("Cargo.lock");
    let lock = fs::read_to_string(&lock_path)
        .or_else(|e| fail(format!("cannot read {}: {e}", lock_path.display())))?;
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(version.to_owned());
            }
        }
    }
    fail(format!("{package} is not in {}", lock_path.display()))
}

/// Writes a throwaway crate (detached from the workspace) for probes and the std build.
fn write_crate(dir: &Path, name: &str, extra_manifest: &str, lib: &str) -> std::io::Result<()> {
    fs::create_dir_all(dir.join("src"))?;
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
         [lib]\ncrate-type = [\"cdylib\"]\npath = \"src/lib.rs\"\n\n[workspace]\n\n{extra_manifest}"
    );
    fs::write(dir.join("Cargo.toml"), manifest)?;
    fs::write(dir.join("src/lib.rs"), lib)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions_from_tool_output() {
        assert_eq!(
            first_version("wasm-bindgen 0.2.130").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(first_version("trunk 0.21.14").as_deref(), Some("0.21.14"));
        assert_eq!(
            first_version("wasm-pack v0.15.1").as_deref(),
            Some("0.15.1")
        );
        assert_eq!(first_version("no digits here"), None);
    }

    #[test]
    fn version_requirements() {
        assert!(Wanted::AtLeast(0, 21).accepts("0.21.14"));
        assert!(Wanted::AtLeast(0, 21).accepts("0.22.0"));
        assert!(!Wanted::AtLeast(0, 21).accepts("0.20.3"));
        assert!(Wanted::Exactly("0.2.130".into()).accepts("0.2.130"));
        assert!(!Wanted::Exactly("0.2.130".into()).accepts("0.2.129"));
    }

    #[test]
    fn finds_the_locked_wasm_bindgen() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let version = locked_version(&root, "wasm-bindgen").expect("wasm-bindgen is locked");
        assert!(version.starts_with("0.2."), "{version}");
    }
}
