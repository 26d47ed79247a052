//! `cargo xtask`: the project's two everyday commands and their set-up.
//!
//! - `cargo xtask serve [--port N]` installs what is missing, then builds and serves the app.
//! - `cargo xtask test` installs what is missing, then runs every check: formatting, clippy,
//!   native tests (unit, conformance, CLI), wasm tests in headless Chromium, the release
//!   build of the page and the end-to-end test against it.
//! - `cargo xtask setup` only installs.

mod cmd;
mod setup;

use std::env;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use cmd::{fail, human_duration, Cmd, Result};
use setup::{Needs, Toolchain};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [--port N]   build the app and serve it on http://127.0.0.1:N (default 8080), rebuilding on change
  test               run every check and test (what CI runs)
  setup [--browser]  install the missing tools only (--browser: also Chromium for the browser tests)
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let root = project_root();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&root, &args[1..]),
        Some("test") => test(&root),
        Some("setup") => setup::ensure(
            &root,
            Needs {
                wasm: true,
                browser: args.iter().any(|a| a == "--browser"),
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
        },
    )?;
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

/// One named stage of `cargo xtask test`.
struct Stage<'a> {
    name: &'static str,
    command: Cmd,
    toolchain: Option<&'a Toolchain>,
}

fn test(root: &Path) -> Result<()> {
    let started = Instant::now();
    let toolchain = setup::ensure(
        root,
        Needs {
            wasm: true,
            browser: true,
        },
    )?;
    eprintln!(
        "test: wasm builds use {}; native builds use the toolchain on PATH",
        toolchain.wasm_rust
    );
    let dist = root.join("target").join("dist");
    let stages = [
        Stage {
            name: "format",
            command: Cmd::new("cargo").args(["fmt", "--all", "--", "--check"]),
            toolchain: None,
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
            toolchain: None,
        },
        Stage {
            name: "native tests",
            command: Cmd::new("cargo").args(["test", "--workspace", "--exclude", "ocilint-web"]),
            toolchain: None,
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
            toolchain: Some(&toolchain),
        },
        Stage {
            name: "release build of the page",
            command: toolchain
                .wasm_cmd("trunk")
                .args(["build", "--release", "--offline", "--dist"])
                .arg(&dist),
            toolchain: Some(&toolchain),
        },
        Stage {
            name: "end-to-end (headless Chromium)",
            command: Cmd::new("cargo")
                .args([
                    "test",
                    "--package",
                    "ocilint-tests",
                    "--test",
                    "e2e",
                    "--",
                    "--ignored",
                ])
                .env("OCILINT_DIST", &dist)
                .env(
                    "CHROMEDRIVER",
                    toolchain
                        .chromedriver
                        .as_deref()
                        .unwrap_or(Path::new("chromedriver")),
                )
                .env(
                    "CHROME",
                    toolchain.chrome.as_deref().unwrap_or(Path::new("chromium")),
                ),
            toolchain: None,
        },
    ];
    let total = stages.len();
    for (index, stage) in stages.into_iter().enumerate() {
        let stage_started = Instant::now();
        eprintln!("\ntest: [{}/{total}] {}", index + 1, stage.name);
        let _ = stage.toolchain;
        stage.command.dir(root).run()?;
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
