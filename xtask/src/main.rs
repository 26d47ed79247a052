//! `cargo xtask`: the project's two everyday commands and their set-up.
//!
//! - `cargo xtask serve [--port N]` installs what is missing, then builds and serves the app.
//! - `cargo xtask test` installs what is missing, then runs every check: formatting, clippy,
//!   native tests (unit, conformance, CLI), wasm tests in headless Chromium, the release
//!   build of the page and the end-to-end test against it.
//! - `cargo xtask setup` only installs.
//! - `cargo xtask fuzz-smoke` runs each fuzz target of `fuzz/` for a few seconds (a stage of `test`).

mod bench;
mod cmd;
mod fuzz;
mod packages;
mod page;
mod setup;

use std::env;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use cmd::{fail, human_duration, Cmd, Result};
use setup::Needs;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [--port N]   build the app and serve it on http://127.0.0.1:N (default 8080), rebuilding on change
  test               run every check and test (what CI runs)
  setup [--browser]  install the missing tools only (--browser: also Chromium for the browser tests)
  build              build the page for release into target/dist (with its service worker)
  bench [--write]    time check against serde_json (criterion) and, over a series of growing
                     indexes, against Python's json.loads; --browser adds the benchmark page (wasm
                     check against JSON.parse + Ajv in headless Chromium); --write puts them in
                     docs/performance.md
  packages [--dist D] build, pack and test the npm packages (a test stage; D: install the demo page)
  fuzz-smoke         run every fuzz target briefly (a test stage; OCILINT_FUZZ_SECONDS per target, default 10)
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let root = project_root();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&root, &args[1..]),
        Some("test") => test(&root),
        Some("bench") => bench::run(&root, &args[1..]),
        Some("build") => page::release_build(&root),
        Some("packages") => packages::stage(&root, &args[1..]),
        Some("fuzz-smoke") => fuzz::smoke(&root),
        Some("setup") => setup::ensure(
            &root,
            Needs {
                wasm: true,
                browser: args.iter().any(|a| a == "--browser"),
                fuzz: true,
            },
        )
        .map(|_| ()),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("xtask: error: {failure}");
            ExitCode::FAILURE
        }
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn serve(root: &Path, args: &[String]) -> Result<()> {
    let port = match args {
        [] => "8080".to_owned(),
        [flag, port] if flag == "--port" && port.parse::<u16>().is_ok() => port.clone(),
        _ => {
            return fail(format!(
                "serve: expected `--port N`, got `{}`",
                args.join(" ")
            ))
        }
    };
    let toolchain = setup::ensure(
        root,
        Needs {
            wasm: true,
            browser: false,
            fuzz: false,
        },
    )?;
    page::prepare(root)?;
    packages::serve_demo(root, &root.join("target").join("dist"), &|program| {
        toolchain.wasm_cmd(program)
    })?;
    eprintln!("serve: building and serving on http://127.0.0.1:{port}/ (Ctrl-C stops)");
    toolchain
        .wasm_cmd("trunk")
        .args([
            "serve",
            "--offline",
            "--address",
            "127.0.0.1",
            "--port",
            &port,
        ])
        .dir(root)
        .run()
}

/// What `cargo xtask test` wrote from a fresh clone into `target/` and `fuzz/target/`
/// (4.3 and 0.8 GB, measured at 8cc11db).
const TEST_WRITES_GB: f64 = 5.1;
/// Room beyond that for the system and whatever else writes meanwhile.
const TEST_DISK_MARGIN_GB: f64 = 1.0;

/// Says how much disk the stages have, and warns when a fresh run may not fit: a link that runs
/// out of space dies with a `Bus error`, which names neither the disk nor the cause.
fn report_free_disk(root: &Path) {
    let Some(free) = free_disk_bytes(root) else {
        return;
    };
    let free_gb = free as f64 / 1e9;
    if free_gb < TEST_WRITES_GB + TEST_DISK_MARGIN_GB {
        eprintln!(
            "test: warning: {free_gb:.1} GB free on the disk holding {}; a run from a fresh clone \
             writes about {TEST_WRITES_GB:.0} GB, and a build that runs out of space fails with \
             `No space left on device` or a linker `Bus error`",
            root.display()
        );
    } else {
        eprintln!("test: {free_gb:.1} GB free on the disk holding the build");
    }
}

/// Free bytes on the file system holding `path`, by POSIX `df` (none where it is missing).
fn free_disk_bytes(path: &Path) -> Option<u64> {
    let output = Cmd::new("df").arg("-Pk").arg(path).quiet().output_ok()?;
    let line = output.lines().nth(1)?;
    let available_kib: u64 = line.split_whitespace().nth(3)?.parse().ok()?;
    Some(available_kib * 1024)
}

/// One named stage of `cargo xtask test`.
struct Stage {
    name: &'static str,
    command: Cmd,
}

fn test(root: &Path) -> Result<()> {
    let started = Instant::now();
    let toolchain = setup::ensure(
        root,
        Needs {
            wasm: true,
            browser: true,
            fuzz: true,
        },
    )?;
    eprintln!(
        "test: wasm builds use {}; native builds use the toolchain on PATH",
        toolchain.wasm_rust
    );
    let dist = root.join("target").join("dist");
    page::prepare(root)?;
    let xtask = env::current_exe().or_else(|e| fail(format!("cannot find xtask itself: {e}")))?;
    let stages = [
        Stage {
            name: "format",
            command: Cmd::new("cargo").args(["fmt", "--all", "--", "--check"]),
        },
        Stage {
            name: "clippy",
            command: Cmd::new("cargo").args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        },
        Stage {
            // What ships as wasm, linted as wasm: 32-bit `usize` finds what 64-bit hides.
            name: "clippy (wasm32)",
            command: Cmd::new("cargo").args([
                "clippy",
                "--target",
                "wasm32-unknown-unknown",
                "--package",
                "ocilint-core",
                "--package",
                "ocilint-web",
                "--package",
                "ocilint-web-first",
                "--",
                "-D",
                "warnings",
            ]),
        },
        Stage {
            name: "native tests",
            command: Cmd::new("cargo").args(["test", "--workspace", "--exclude", "ocilint-web"]),
        },
        Stage {
            // Each cargo-fuzz target for a few seconds: catches what the property tests'
            // few cases miss, and keeps the targets building.
            name: "fuzz smoke",
            command: Cmd::new(&xtask).arg("fuzz-smoke"),
        },
        Stage {
            // Release, so the test build shares its compiled dependencies with the app build below.
            name: "wasm tests (headless Chromium)",
            command: toolchain.wasm_cmd("wasm-pack").args([
                "test",
                "--release",
                "--headless",
                "--chrome",
                "web",
            ]),
        },
        Stage {
            name: "release build of the page",
            command: page::trunk_release(&toolchain, &dist),
        },
        Stage {
            name: "npm packages (build, pack, Node tests) and the demo page",
            command: toolchain
                .wasm_cmd(&xtask.to_string_lossy())
                .args(["packages", "--dist"])
                .arg(&dist),
        },
        Stage {
            name: "end-to-end (headless Chromium)",
            command: toolchain
                .browser_cmd("cargo")
                .args([
                    "test",
                    "--package",
                    "ocilint-tests",
                    "--test",
                    "e2e",
                    "--",
                    "--ignored",
                    // One browser at a time: the timing log's figures (first diagnostic, long
                    // tasks while typing) mean little with a second Chromium on the same cores.
                    "--test-threads=1",
                ])
                .env("OCILINT_DIST", &dist),
        },
    ];
    let total = stages.len();
    report_free_disk(root);
    for (index, stage) in stages.into_iter().enumerate() {
        let stage_started = Instant::now();
        eprintln!("\ntest: [{}/{total}] {}", index + 1, stage.name);
        let summary_path = root.join("target/conformance-summary.txt");
        if stage.name == "native tests" {
            let _ = std::fs::remove_file(&summary_path);
            let _ = std::fs::remove_file(root.join("target/peers/corpus-summary.txt"));
        }
        // One run from scratch: incremental caches would only take disk (0.8 GB of a test build)
        // and time.
        stage
            .command
            .env("CARGO_INCREMENTAL", "0")
            .dir(root)
            .run()?;
        if stage.name == "release build of the page" {
            page::finish(root, &dist)?;
            let _ = std::fs::remove_file(root.join("target/e2e/timings.txt"));
        }
        if stage.name == "end-to-end (headless Chromium)" {
            // What the browser tests measured (cargo test captured it).
            if let Ok(timings) = std::fs::read_to_string(root.join("target/e2e/timings.txt")) {
                eprint!("e2e timings (ms since the change; first = since page load):\n{timings}");
            }
        }
        if stage.name == "native tests" {
            // The conformance harness's summary (`agreed N / M`), which cargo test captured.
            if let Ok(summary) =
                std::fs::read_to_string(root.join("target/conformance-summary.txt"))
            {
                eprint!("{summary}");
            }
            // The peers corpus comparison's agreement figures (tests/peers/corpus/).
            if let Ok(corpus) =
                std::fs::read_to_string(root.join("target/peers/corpus-summary.txt"))
            {
                eprint!("{corpus}");
            }
        }
        eprintln!(
            "test: [{}/{total}] {} passed ({})",
            index + 1,
            stage.name,
            human_duration(stage_started.elapsed())
        );
    }
    eprintln!(
        "\ntest: all {total} stages passed in {}",
        human_duration(started.elapsed())
    );
    Ok(())
}
