//! `ocilint`: check container image manifests from the command line and in CI.
//!
//! The JSON output of `check` is a contract other tools depend on: extend it, never break it.

mod config;
mod input;
mod registry;
mod render;
mod repair;
mod rewrite_cmd;
mod rules_cmd;
mod schema;
mod verify;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use ocilint_core::convert::Format as ConvertFormat;
use ocilint_core::rewrite::{ArtifactConfig, Request};
use ocilint_core::selection::{self, RuleSelection};
use ocilint_core::targets::{self, Selection, Verdict};
use ocilint_core::{CheckOptions, Severity};
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
    /// Exit status: 0 when no input has an error-level diagnostic (or one at the
    /// `--fail-on` level), 1 when one has (or a docker:// index names a child its registry
    /// does not serve), 2 when the check could not run (unreadable file, bad flag, bad
    /// `ocilint.toml`, a registry that cannot be reached or refuses the reference).
    Check(CheckArgs),
    /// List the registries, clients and libraries ocilint gives verdicts for.
    Targets(TargetsArgs),
    /// List every rule: code, group, severity, fix safety, name and summary.
    Rules(RulesArgs),
    /// Show a rule's documentation with its examples.
    ///
    /// Exit status 2 for a code that no rule has (with the closest one).
    Explain(ExplainArgs),
    /// Apply the rules' fixes: safe ones, and unsafe ones with `--unsafe`.
    ///
    /// The files form one bundle: a rewritten child's new digest and size are written into
    /// the parents given with it. Nothing is written without `-o DIR`. Exit status: 0 when
    /// every rewrite was produced (or there was nothing to fix), 1 when one was refused, 2 on
    /// usage errors and unreadable files.
    Fix(FixArgs),
    /// Convert image manifests and indexes between Docker schema 2 and OCI, reporting what the
    /// target format cannot carry.
    ///
    /// Exit status as for `fix`; a conversion whose result would be invalid is refused (1), and
    /// so is JSON that is not well formed (a bad escape, text after the value), at its line.
    Convert(ConvertArgs),
    /// Move an image's custom (non-filesystem) layers into an OCI 1.1 artifact whose `subject`
    /// is the image.
    ///
    /// Exit status as for `fix`; an input with nothing to split is refused (1).
    Split(SplitArgs),
    /// Verify a whole image: an OCI layout folder, an `oci-archive` or `docker save` tar
    /// (gzip- or zstd-compressed or not), `-` for a tar on standard input, or an image in a
    /// registry (`docker://HOST[:PORT]/REPO:TAG|@DIGEST`, every blob streamed). Every blob is
    /// checked against its descriptor (present, size, digest, bytes against the media type,
    /// layers against the config's `diff_ids`) and every document of the chain with the rules.
    /// Then who can load it: podman load, skopeo copy, ctr images import (with and without
    /// --all-platforms), docker load, kind load image-archive and crane validate, each with its
    /// first error (`ocilint fix PATH -o OUT` repairs what stays local).
    ///
    /// Exit status: 0 when valid (blobs a layout may leave out, `sparse`, are not errors), 1
    /// when a blob or document is not, 2 when the input cannot be read.
    Verify(VerifyArgs),
}

#[derive(Debug, clap::Args)]
struct VerifyArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Report only these rules (as for `check`).
    #[arg(long, value_name = "CODE|GROUP", value_delimiter = ',', value_parser = parse_selector)]
    select: Vec<String>,

    /// Never report these rules (as for `check`).
    #[arg(long, value_name = "CODE|GROUP", value_delimiter = ',', value_parser = parse_selector)]
    ignore: Vec<String>,

    /// With a docker:// reference: this many blobs are read at once.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=64))]
    concurrency: u64,

    /// With a docker:// reference: only ask the registry whether each blob is there and of
    /// the size its descriptor says (`HEAD`), without reading it.
    #[arg(long)]
    head: bool,

    #[command(flatten)]
    registry: registry::RegistryArgs,

    /// The layout folder, archive, `-`, or an image in a registry:
    /// `docker://HOST[:PORT]/REPO:TAG` or `docker://HOST[:PORT]/REPO@sha256:HEX`.
    #[arg(value_name = "PATH")]
    path: String,
}

#[derive(Debug, clap::Args)]
struct FixArgs {
    /// Also apply unsafe fixes: those that change how consumers read the document
    /// (conversions, rewrites of the seed stories, dropped fields).
    #[arg(long = "unsafe")]
    include_unsafe: bool,

    /// Apply only the fixes of these rules (codes).
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = parse_selector)]
    only: Vec<String>,

    /// `os/arch[/variant]` for fixes that need a platform (a Docker list entry without one).
    /// For a layout or archive: keep only this platform's index entries.
    #[arg(long, value_name = "OS/ARCH[/VARIANT]", value_parser = parse_platform)]
    platform: Option<String>,

    /// For a layout or archive: repair it for this loader (`podman`, `skopeo`: one image
    /// named by index.json, a flat multi-platform index nested; `containerd`, `kind`: every
    /// entry's blobs present). Entries whose blobs are absent are always dropped.
    #[arg(long = "for", value_name = "LOADER", value_parser = ["podman", "skopeo", "buildah", "containerd", "ctr", "kind"])]
    for_loader: Option<String>,

    /// For a layout or archive: index.json listing the platform manifests itself (`flat`) or
    /// naming one nested index (`nested`).
    #[arg(long, value_enum)]
    index: Option<IndexShapeArg>,

    #[command(flatten)]
    output: rewrite_cmd::OutputArgs,

    /// The documents (one bundle); `-` reads standard input. Or one layout folder or archive
    /// (`.tar`, `.tar.gz`, `.tar.zst`), repaired into `-o OUT` (a folder, or an archive named
    /// `.tar`, `.tar.gz` or `.tar.zst`): blobs copied as they are, index.json and new index
    /// blobs written.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
}

#[derive(Debug, clap::Args)]
struct ConvertArgs {
    /// The format to convert to.
    #[arg(long, value_enum)]
    to: ConvertTo,

    /// `os/arch[/variant]` for index entries without a `platform` (a Docker list needs one).
    #[arg(long, value_name = "OS/ARCH[/VARIANT]", value_parser = parse_platform)]
    platform: Option<String>,

    #[command(flatten)]
    output: rewrite_cmd::OutputArgs,

    /// The documents (one bundle: an index and its children convert together).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum IndexShapeArg {
    Flat,
    Nested,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ConvertTo {
    Oci,
    Docker,
}

#[derive(Debug, clap::Args)]
struct SplitArgs {
    /// Also write an OCI index holding the image and, as a platform-less entry, the artifact.
    #[arg(long)]
    index: bool,

    /// The image's `os/arch[/variant]`, for its entry in the `--index`.
    #[arg(long, value_name = "OS/ARCH[/VARIANT]", value_parser = parse_platform)]
    platform: Option<String>,

    /// Give the artifact this config blob instead of the empty descriptor (its digest and
    /// size are computed from the file; the blob itself is yours to push).
    #[arg(long, value_name = "FILE", requires = "config_type")]
    config: Option<PathBuf>,

    /// The media type of the `--config` blob, e.g. `application/vnd.example.release.config.v1+json`.
    #[arg(long, value_name = "MEDIATYPE", requires = "config", value_parser = parse_media_type)]
    config_type: Option<String>,

    #[command(flatten)]
    output: rewrite_cmd::OutputArgs,

    /// The image manifest.
    #[arg(value_name = "FILE")]
    file: String,
}

/// `os/arch` or `os/arch/variant`, each part non-empty.
fn parse_platform(value: &str) -> Result<String, String> {
    let parts: Vec<&str> = value.split('/').collect();
    if (2..=3).contains(&parts.len()) && parts.iter().all(|p| !p.is_empty() && !p.contains(' ')) {
        Ok(value.to_owned())
    } else {
        Err("expected OS/ARCH or OS/ARCH/VARIANT, e.g. linux/arm64/v8".into())
    }
}

#[derive(Debug, clap::Args)]
struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    /// One line per item.
    Human,
    /// One JSON array.
    Json,
}

#[derive(Debug, clap::Args)]
struct ExplainArgs {
    /// A rule code (`DSC009`) or name (`desc-data-size-match`).
    #[arg(value_name = "CODE")]
    rule: String,
}

/// The lowest severity that fails the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

impl From<FailOn> for Severity {
    fn from(level: FailOn) -> Severity {
        match level {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Debug, clap::Args)]
struct TargetsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
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

    /// Report only these rules: codes, names, groups or code prefixes (`ocilint rules`
    /// lists them), e.g. `descriptor,MAN001`.
    #[arg(long, value_name = "CODE|GROUP", value_delimiter = ',', value_parser = parse_selector)]
    select: Vec<String>,

    /// Never report these rules (even when selected).
    #[arg(long, value_name = "CODE|GROUP", value_delimiter = ',', value_parser = parse_selector)]
    ignore: Vec<String>,

    /// Report a rule (or group) at another severity, e.g. `DSC003=error`; repeatable.
    #[arg(long, value_name = "CODE=LEVEL", value_parser = parse_override)]
    severity: Vec<(String, Severity)>,

    /// Exit with status 1 when a diagnostic at or above this level remains [default: error].
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,

    /// Read settings from this file instead of the nearest `ocilint.toml` upward from the
    /// working directory. Flags override the file.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Files to check; `-` reads standard input. A glob pattern the shell did not expand
    /// (`'manifests/**/*.json'`) is expanded by ocilint, in sorted order. An image in a
    /// registry, `docker://HOST[:PORT]/REPO:TAG` or `docker://HOST[:PORT]/REPO@sha256:HEX`,
    /// is fetched as served (an index with its children and configs) and checked as a bundle.
    #[arg(value_name = "FILE", required_unless_present = "recursive")]
    files: Vec<String>,

    /// With a docker:// index or list: check only the children of this platform (entries
    /// without a platform, such as attestations, are kept).
    #[arg(long, value_name = "OS/ARCH[/VARIANT]", value_parser = parse_platform)]
    platform: Option<String>,

    #[command(flatten)]
    registry: registry::RegistryArgs,

    /// Also check every `*.json` file below this directory, in sorted order (repeatable;
    /// after the FILE arguments).
    #[arg(long, short = 'r', value_name = "DIR")]
    recursive: Vec<PathBuf>,

    /// Check the inputs together as one bundle (an index and its children, a manifest and its
    /// config): also report descriptors whose digest, size or media type does not match the
    /// document given for them (the `bundle` rules). The modelled targets' verdicts of each
    /// document are then judged against the others: a size or media type one of them
    /// contradicts is the program's refusal.
    #[arg(long)]
    bundle: bool,

    /// A folder of blobs the registry holds (configs, layers…), each file named by its digest
    /// (`<hex>` or `sha256:<hex>`), or an OCI layout (its `blobs/sha256` is read); repeatable.
    /// The modelled targets judge against them what they otherwise leave as a condition: a
    /// size that does not match the blob is the program's refusal, a matching one needs no
    /// condition. A blob not given stays a condition (unless `--complete`).
    #[arg(long, value_name = "DIR")]
    blobs: Vec<PathBuf>,

    /// The registry holds exactly the blobs of `--blobs` (and, with `--bundle`, the bundle's
    /// documents), nothing else: a blob or manifest a document names that is not among them
    /// is missing, and the programs' refusals of a missing blob are given.
    #[arg(long)]
    complete: bool,
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
pub(crate) fn parse_media_type(value: &str) -> Result<String, String> {
    ocilint_core::config::parse_media_type(value)
}

fn parse_target(value: &str) -> Result<Selection, String> {
    Selection::parse(value)
}

/// A rule code, name, group or code prefix that names at least one rule.
fn parse_selector(value: &str) -> Result<String, String> {
    selection::resolve(value)
        .map(|_| value.trim().to_owned())
        .map_err(|e| e.to_string())
}

/// `CODE=LEVEL`, e.g. `DSC003=error`.
fn parse_override(value: &str) -> Result<(String, Severity), String> {
    let (code, level) = value
        .split_once('=')
        .ok_or_else(|| format!("`{value}` is not CODE=LEVEL (e.g. DSC003=warning)"))?;
    let code = parse_selector(code)?;
    let severity = selection::parse_severity(level.trim())
        .ok_or_else(|| format!("`{level}` is not a severity (expected error, warning or info)"))?;
    Ok((code, severity))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Targets(args) => targets(args),
        Command::Rules(args) => rules_cmd::list(args.format == ListFormat::Json),
        Command::Explain(args) => rules_cmd::explain(&args.rule),
        Command::Fix(args) => {
            if let [path] = args.files.as_slice() {
                if let Some(code) = fix_layout(path, &args) {
                    return code;
                }
            }
            rewrite_cmd::run(
                &args.files,
                &Request::Fix {
                    include_unsafe: args.include_unsafe,
                    only: args.only,
                    platform: args.platform,
                    at: None,
                },
                &args.output,
            )
        }
        Command::Convert(args) => rewrite_cmd::run(
            &args.files,
            &Request::Convert {
                to: match args.to {
                    ConvertTo::Oci => ConvertFormat::Oci,
                    ConvertTo::Docker => ConvertFormat::Docker,
                },
                platform: args.platform,
            },
            &args.output,
        ),
        Command::Verify(args) => verify_cmd(args),
        Command::Split(args) => {
            let config = match (&args.config, &args.config_type) {
                (Some(path), Some(media_type)) => match std::fs::read(path) {
                    Ok(bytes) => Some(ArtifactConfig {
                        media_type: media_type.clone(),
                        bytes,
                    }),
                    Err(error) => {
                        eprintln!("ocilint: cannot read {}: {error}", path.display());
                        return ExitCode::from(2);
                    }
                },
                _ => None,
            };
            rewrite_cmd::run(
                std::slice::from_ref(&args.file),
                &Request::Split {
                    index: args.index,
                    platform: args.platform,
                    config,
                },
                &args.output,
            )
        }
    }
}

/// The check's settings: the flags over the config file.
#[derive(Debug)]
struct Settings {
    content_type: Option<String>,
    targets: Vec<Selection>,
    rules: RuleSelection,
    fail_on: Severity,
}

fn settings(args: &CheckArgs) -> Result<Settings, String> {
    let path = match &args.config {
        Some(path) => Some(path.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|cwd| config::find(&cwd)),
    };
    let file = match path {
        Some(path) => config::load(&path)?,
        None => config::Config::default(),
    };
    let select = if args.select.is_empty() {
        file.select.clone().unwrap_or_default()
    } else {
        args.select.clone()
    };
    let ignore = if args.ignore.is_empty() {
        file.ignore.clone().unwrap_or_default()
    } else {
        args.ignore.clone()
    };
    // The file's overrides first, so a flag for the same rule wins.
    let severities = file.severity.iter().chain(&args.severity);
    let rules = RuleSelection::build(&select, &ignore, severities.map(|(code, s)| (code, *s)))
        .map_err(|e| format!("ocilint: {e}"))?;
    Ok(Settings {
        content_type: args
            .content_type
            .clone()
            .or_else(|| file.content_type.clone()),
        targets: if args.target.is_empty() {
            file.targets()
        } else {
            args.target.clone()
        },
        rules,
        fail_on: args
            .fail_on
            .map(Severity::from)
            .or(file.fail_on)
            .unwrap_or(Severity::Error),
    })
}

fn check(args: CheckArgs) -> ExitCode {
    let settings = match settings(&args) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let options = CheckOptions {
        content_type: settings.content_type.clone(),
        targets: settings.targets.clone(),
        rules: settings.rules.clone(),
        platform: None,
    };
    if args.complete && args.blobs.is_empty() && !args.bundle {
        eprintln!(
            "ocilint: --complete says the registry holds exactly the blobs of --blobs (and, with \
             --bundle, the bundle's documents); give --blobs DIR or --bundle"
        );
        return ExitCode::from(2);
    }
    let blobs = match input::read_blobs(&args.blobs) {
        Ok(blobs) => blobs,
        Err(message) => {
            eprintln!("ocilint: {message}");
            return ExitCode::from(2);
        }
    };
    let held = input::Held {
        blobs: &blobs,
        complete: args.complete,
    };
    let mut unread = Vec::new();
    let checked = if args.files.iter().any(|f| registry::is_reference(f)) {
        check_with_references(&args, &options, &held, &mut unread)
    } else if args.bundle {
        // In parallel on every core; the reports stay in input order.
        input::check_bundle(&args.files, &args.recursive, &options, &held)
    } else {
        input::check_all(&args.files, &args.recursive, &options, &held)
    };
    let checked: Vec<Checked> = match checked {
        Ok(checked) => checked,
        Err(message) => {
            eprintln!("ocilint: {message}");
            return ExitCode::from(2);
        }
    };
    for message in &unread {
        eprintln!("ocilint: not checked: {message}");
    }
    let any_error = checked
        .iter()
        .flat_map(|c| &c.report.diagnostics)
        .any(|d| d.severity >= settings.fail_on);
    // With `--target`, a refusal by a chosen target fails the check too.
    let any_refusal = !settings.targets.is_empty()
        && checked
            .iter()
            .flat_map(|c| &c.report.targets)
            .any(|t| t.verdict == Verdict::Reject);

    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // Buffered: standard output is line-buffered, and a large report has a line per field.
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Json => render::json::write(&mut out, &checked),
        Format::Human => {
            render::human::write(&mut out, &checked, color, !settings.targets.is_empty())
        }
        Format::Sarif => render::sarif::write(&mut out, &checked),
        Format::Github => render::github::write(&mut out, &checked, !settings.targets.is_empty()),
        Format::Concise => render::concise::write(&mut out, &checked, !settings.targets.is_empty()),
    };
    if let Err(error) = written.and_then(|()| out.flush()) {
        if error.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("ocilint: cannot write the report: {error}");
            return ExitCode::from(2);
        }
    }
    if any_error || any_refusal || !unread.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The inputs in order when some are `docker://` references: each reference fetched and
/// checked as its own bundle, the files between them as `check` takes files. What a
/// reference names but its registry does not serve goes to `unread`.
fn check_with_references(
    args: &CheckArgs,
    options: &CheckOptions,
    held: &input::Held<'_>,
    unread: &mut Vec<String>,
) -> Result<Vec<Checked>, String> {
    let connection = args.registry.connection()?;
    let blobs: Vec<&[u8]> = held.blobs.iter().map(Vec::as_slice).collect();
    let holdings = ocilint_core::bundle::Holdings {
        blobs: &blobs,
        complete: held.complete,
    };
    let mut checked = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let flush = |files: &mut Vec<String>, recursive: &[PathBuf], checked: &mut Vec<Checked>| {
        if files.is_empty() && recursive.is_empty() {
            return Ok(());
        }
        let group = if args.bundle {
            input::check_bundle(files, recursive, options, held)
        } else {
            input::check_all(files, recursive, options, held)
        }?;
        files.clear();
        checked.extend(group);
        Ok::<(), String>(())
    };
    for name in &args.files {
        if registry::is_reference(name) {
            flush(&mut files, &[], &mut checked)?;
            let reference = registry::check(
                name,
                &connection,
                args.platform.as_deref(),
                options,
                &holdings,
            )?;
            checked.extend(reference.checked);
            unread.extend(reference.unread);
        } else {
            files.push(name.clone());
        }
    }
    flush(&mut files, &args.recursive, &mut checked)?;
    Ok(checked)
}

/// `fix` of one layout folder or archive (see `repair.rs`); `None` when it is not one.
fn fix_layout(path: &str, args: &FixArgs) -> Option<ExitCode> {
    let mut request = args
        .for_loader
        .as_deref()
        .and_then(ocilint_core::rewrite::LayoutRequest::for_loader)
        .unwrap_or(ocilint_core::rewrite::LayoutRequest {
            drop_absent: true,
            ..Default::default()
        });
    request.platforms.extend(args.platform.clone());
    if let Some(shape) = args.index {
        request.shape = Some(match shape {
            IndexShapeArg::Flat => ocilint_core::rewrite::IndexShape::Flat,
            IndexShapeArg::Nested => ocilint_core::rewrite::IndexShape::Nested,
        });
    }
    repair::try_run(
        path,
        &request,
        args.output.output.as_deref(),
        args.output.force,
        args.output.format == rewrite_cmd::RewriteFormat::Json,
    )
}

fn verify_cmd(args: VerifyArgs) -> ExitCode {
    let rules = match RuleSelection::build(
        &args.select,
        &args.ignore,
        std::iter::empty::<(&str, Severity)>(),
    ) {
        Ok(rules) => rules,
        Err(error) => {
            eprintln!("ocilint: {error}");
            return ExitCode::from(2);
        }
    };
    let options = CheckOptions {
        rules,
        ..CheckOptions::default()
    };
    let mut presence = Vec::new();
    let mut unread = Vec::new();
    let verified = if registry::is_reference(&args.path) {
        args.registry
            .connection()
            .and_then(|connection| {
                verify::with_progress(|progress| {
                    registry::verify(
                        &args.path,
                        &connection,
                        &options,
                        args.concurrency as usize,
                        args.head,
                        progress,
                    )
                })
            })
            .map(|verified| {
                presence = verified.presence;
                unread = verified.unread;
                verified.verification
            })
    } else if args.head {
        Err("--head asks a registry: give a docker:// reference".to_owned())
    } else {
        verify::run(&args.path, &options)
    };
    let verification = match verified {
        Ok(verification) => verification,
        Err(message) => {
            eprintln!("ocilint: {message}");
            return ExitCode::from(2);
        }
    };
    for message in &unread {
        eprintln!("ocilint: not verified: {message}");
    }
    for blob in &presence {
        let line = match (blob.status, blob.size, blob.served_size) {
            (200, Some(size), Some(served)) if size != served => format!(
                "{}: the registry holds {served} bytes, the descriptor says {size}",
                blob.digest
            ),
            (200, _, served) => format!(
                "{}: present{}",
                blob.digest,
                served.map(|s| format!(", {s} bytes")).unwrap_or_default()
            ),
            (404, _, _) => format!("{}: missing (404 Not Found)", blob.digest),
            (status, _, _) => format!("{}: the registry answered {status}", blob.digest),
        };
        eprintln!("ocilint: blob {line}");
    }
    let checked = render::verify::checked(&verification);
    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Json => render::verify::json(&mut out, &checked, &verification),
        Format::Human => render::verify::human(&mut out, &checked, &verification, color),
        Format::Sarif => render::verify::sarif(&mut out, &checked, &verification),
        Format::Github => render::github::write(&mut out, &checked, false),
        Format::Concise => render::concise::write(&mut out, &checked, false),
    };
    if let Err(error) = written.and_then(|()| out.flush()) {
        if error.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("ocilint: cannot write the report: {error}");
            return ExitCode::from(2);
        }
    }
    if verification.has_errors()
        || !unread.is_empty()
        || presence.iter().any(registry::Presence::is_error)
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn targets(args: TargetsArgs) -> ExitCode {
    let mut out = io::stdout().lock();
    let written = match args.format {
        ListFormat::Json => serde_json::to_writer_pretty(&mut out, targets::all())
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out)),
        ListFormat::Human => render::human::write_targets(&mut out),
    };
    match written {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("ocilint: cannot write the list: {error}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}
