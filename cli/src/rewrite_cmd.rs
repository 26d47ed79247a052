//! `ocilint fix`, `convert` and `split`: rewrite documents and print (or write) the results
//! with their new digests. The files of one call form one bundle: a rewritten child's new
//! digest and size cascade into the parents given with it.
//!
//! Exit status: 0 when every requested rewrite was produced (also when there was nothing to
//! do), 1 when one was refused or an input cannot be rewritten, 2 on usage errors, unreadable
//! files and outputs that would overwrite a file without `--force`.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ocilint_core::rewrite::{rewrite, Input, Request, RewriteReport};

use crate::render;

/// How the summary is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum RewriteFormat {
    /// Per input: what was applied, lost or refused, and each output's role, media type,
    /// digest and size.
    Human,
    /// One JSON object: `{"outputs", "applied", "losses", "refused", "references"}`.
    Json,
    /// One line per item: `file: applied CODE (safety) title`, `file: output role …`.
    Concise,
    /// GitHub Actions workflow commands: a notice per output, a warning per loss, an error per
    /// refusal.
    Github,
    /// SARIF 2.1.0: refusals, losses and applied fixes as results; inputs and outputs as
    /// artifacts.
    Sarif,
}

/// What every rewrite command shares.
#[derive(Debug, clap::Args)]
pub(crate) struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RewriteFormat::Human)]
    pub(crate) format: RewriteFormat,

    /// Also print each output's unified diff against its input (in JSON: a `diff` field).
    #[arg(long)]
    pub(crate) diff: bool,

    /// Write each output to `DIR/<role>-<first 12 hex digits of its digest>.json`.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,

    /// Overwrite files that already exist in the `-o` directory.
    #[arg(long, requires = "output")]
    pub(crate) force: bool,

    /// Check the inputs as this media type (the Content-Type they are pushed with).
    #[arg(long, value_name = "MEDIATYPE", value_parser = crate::parse_media_type)]
    pub(crate) content_type: Option<String>,
}

pub(crate) fn run(files: &[String], request: &Request, args: &OutputArgs) -> ExitCode {
    let mut inputs = Vec::with_capacity(files.len());
    for name in files {
        match crate::input::read(name.clone()) {
            Ok(input) => inputs.push(Input {
                name: input.name,
                bytes: input.bytes,
                content_type: args.content_type.clone(),
            }),
            Err(message) => {
                eprintln!("ocilint: {message}");
                return ExitCode::from(2);
            }
        }
    }
    let report = rewrite(&inputs, request);

    let mut written = Vec::new();
    if let Some(dir) = &args.output {
        match write_outputs(dir, &report, args.force) {
            Ok(paths) => written = paths,
            Err(message) => {
                eprintln!("ocilint: {message}");
                return ExitCode::from(2);
            }
        }
    }

    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // Buffered: standard output is line-buffered, and a large summary has a line per field.
    let mut out = io::BufWriter::new(stdout.lock());
    let printed = match args.format {
        RewriteFormat::Json => render::rewrite::json(&mut out, &report, args.diff),
        RewriteFormat::Human => {
            let converted = matches!(request, Request::Convert { .. });
            render::rewrite::human(
                &mut out, &inputs, &report, &written, args.diff, color, converted,
            )
        }
        RewriteFormat::Concise => render::rewrite::concise(&mut out, &inputs, &report, &written),
        RewriteFormat::Github => render::rewrite::github(&mut out, &report),
        RewriteFormat::Sarif => render::rewrite::sarif(&mut out, &inputs, &report),
    };
    if let Err(error) = printed.and_then(|()| out.flush()) {
        if error.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("ocilint: cannot write the summary: {error}");
            return ExitCode::from(2);
        }
    }
    if report.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Writes every output into `dir`; checks first that none would overwrite a file (unless
/// `force`), so a refused run writes nothing.
fn write_outputs(dir: &Path, report: &RewriteReport, force: bool) -> Result<Vec<PathBuf>, String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let paths: Vec<PathBuf> = report.outputs.iter().map(|o| dir.join(&o.name)).collect();
    if !force {
        if let Some(existing) = paths.iter().find(|p| p.exists()) {
            return Err(format!(
                "{} already exists; nothing was written (use --force to overwrite)",
                existing.display()
            ));
        }
    }
    for (output, path) in report.outputs.iter().zip(&paths) {
        fs::write(path, output.bytes.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(paths)
}
