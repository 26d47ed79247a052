//! `ocilint`: check container image manifests from the command line and in CI.
//!
//! The JSON output of `check` is a contract other tools depend on: extend it, never break it.

mod input;
mod render;

use std::io::{self, IsTerminal, Write};
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

    /// Files to check; `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Diagnostics with the offending line and a caret under it.
    Human,
    /// One JSON array with one object per input, in input order.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers); `check` only.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…`), shown as annotations; `check` only.
    Github,
    /// One line per diagnostic: `file:line:col: severity CODE message`; `check` only.
    Concise,
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
    let inputs = match input::read_all(&args.files) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("ocilint: {message}");
            return ExitCode::from(2);
        }
    };
    let options = CheckOptions {
        content_type: args.content_type.clone(),
        targets: args.target.clone(),
    };
    let checked: Vec<Checked> = inputs
        .into_iter()
        .map(|input| Checked {
            report: ocilint_core::check(&input.bytes, &options),
            name: input.name,
            bytes: input.bytes,
        })
        .collect();
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
        Format::Sarif => render::sarif::write(&mut out, &checked),
        Format::Github => render::github::write(&mut out, &checked, !args.target.is_empty()),
        Format::Concise => render::concise::write(&mut out, &checked, !args.target.is_empty()),
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
        Format::Sarif | Format::Github | Format::Concise => {
            eprintln!("ocilint: `targets` prints `--format human` or `json` only");
            return ExitCode::from(2);
        }
    };
    match written {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("ocilint: cannot write the list: {error}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}
