//! `ocilint`: check container image manifests from the command line and in CI.
//!
//! The JSON output of `check` is a contract other tools depend on: extend it, never break it.

mod input;
mod render;
mod schema;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use ocilint_core::targets::{self, Selection, Verdict};
use ocilint_core::CheckOptions;
use render::Checked;

#[derive(Debug, Parser)]
#[command(
    name = "ocilint",
    version,
    about = "Check container image manifests, indexes and configs: who accepts them, who refuses them, and why.",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check documents and report every problem with its position.
    ///
    /// Exit status: 0 when no input has an error-level diagnostic, 1 when one has, 2 when
    /// the check could not run (unreadable file, bad flag).
    Check(CheckArgs),
    /// List the registries, clients and libraries ocilint gives verdicts for.
    Targets(TargetsArgs),
}

#[derive(Debug, clap::Args)]
struct TargetsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Validate the bytes as this media type, as a registry receiving a PUT with this
    /// Content-Type header would.
    #[arg(long, value_name = "MEDIATYPE", value_parser = parse_media_type)]
    content_type: Option<String>,

    /// Give verdicts for these targets only (`ocilint targets` lists them), e.g.
    /// `quay@2024-05,podman`; a `reject` by one of them also makes the exit status 1.
    #[arg(long, value_name = "NAME[@VERSION]", value_delimiter = ',', value_parser = parse_target)]
    target: Vec<Selection>,

    /// Files to check; `-` reads standard input. A glob pattern the shell did not expand
    /// (`'manifests/**/*.json'`) is expanded by ocilint, in sorted order.
    #[arg(value_name = "FILE", required_unless_present = "recursive")]
    files: Vec<String>,

    /// Also check every `*.json` file below this directory, in sorted order (repeatable;
    /// after the FILE arguments).
    #[arg(long, short = 'r', value_name = "DIR")]
    recursive: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Diagnostics with the offending line and a caret under it.
    Human,
    /// One JSON array with one object per input, in input order.
    Json,
}

/// Accepts `type/subtype` with optional parameters; anything else is a usage error. A
/// well-formed but unknown media type is checked and reported as a diagnostic instead.
fn parse_media_type(value: &str) -> Result<String, String> {
    let essence = value.split(';').next().unwrap_or(value).trim();
    let valid_name = |name: &str| {
        let mut chars = name.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
            && name.len() <= 127
            && chars.all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-".contains(c))
    };
    match essence.split_once('/') {
        Some((kind, subtype)) if valid_name(kind) && valid_name(subtype) => Ok(value.to_owned()),
        _ => Err(format!(
            "`{value}` is not a media type (expected `type/subtype`, e.g. application/vnd.oci.image.manifest.v1+json)"
        )),
    }
}

fn parse_target(value: &str) -> Result<Selection, String> {
    Selection::parse(value)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Targets(args) => targets(args),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let options = CheckOptions {
        content_type: args.content_type.clone(),
        targets: args.target.clone(),
    };
    // In parallel on every core; the reports stay in input order.
    let checked: Vec<Checked> = match input::check_all(&args.files, &args.recursive, &options) {
        Ok(checked) => checked,
        Err(message) => {
            eprintln!("ocilint: {message}");
            return ExitCode::from(2);
        }
    };
    let any_error = checked.iter().any(|c| c.report.has_errors());
    // With `--target`, a refusal by a chosen target fails the check too.
    let any_refusal = !args.target.is_empty()
        && checked
            .iter()
            .flat_map(|c| &c.report.targets)
            .any(|t| t.verdict == Verdict::Reject);

    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = stdout.lock();
    let written = match args.format {
        Format::Json => render::json::write(&mut out, &checked),
        Format::Human => render::human::write(&mut out, &checked, color, !args.target.is_empty()),
    };
    if let Err(error) = written.and_then(|()| out.flush()) {
        if error.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("ocilint: cannot write the report: {error}");
            return ExitCode::from(2);
        }
    }
    if any_error || any_refusal {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn targets(args: TargetsArgs) -> ExitCode {
    let mut out = io::stdout().lock();
    let written = match args.format {
        Format::Json => serde_json::to_writer_pretty(&mut out, targets::all())
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out)),
        Format::Human => render::human::write_targets(&mut out),
    };
    match written {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("ocilint: cannot write the list: {error}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}
