//! The inputs: files by path, `-` for standard input, glob patterns the shell did not expand,
//! and `--recursive DIR` (every `*.json` below it). Always read as exact bytes, checked in
//! parallel on every core, and returned in input order.

use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use ocilint_core::targets::Environment;
use ocilint_core::CheckOptions;
use rayon::prelude::*;

use crate::render::Checked;

/// Runs with at least this many inputs show a progress line when standard error is a terminal.
const PROGRESS_MIN: usize = 200;

#[derive(Debug)]
pub(crate) struct Input {
    /// The path as given (or as found under a `--recursive` directory), or `-`.
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

/// An input in order: standard input is read at once (it can be read only once, and only by
/// one thread); a file is read when its turn comes on a worker thread.
#[derive(Debug)]
enum Pending {
    Read(Input),
    File(String),
}

impl Pending {
    fn read(self) -> Result<Input, String> {
        match self {
            Pending::Read(input) => Ok(input),
            Pending::File(name) => read(name),
        }
    }
}

/// What the user says the registry holds: the blobs of `--blobs`, and whether they (with a
/// bundle's documents) are all of it (`--complete`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Held<'a> {
    pub(crate) blobs: &'a [Vec<u8>],
    pub(crate) complete: bool,
}

/// Reads and checks every input in parallel, in input order: the `files` arguments as given
/// (a pattern that names no file is expanded), then each `--recursive` directory's `*.json`
/// files, sorted. Fails with the first input (in input order) that cannot be read or
/// expanded, and why. Each input is judged against the `held` blobs alone, when any are
/// given (or `--complete`).
pub(crate) fn check_all(
    files: &[String],
    recursive: &[PathBuf],
    options: &CheckOptions,
    held: &Held<'_>,
) -> Result<Vec<Checked>, String> {
    let environment = (!held.blobs.is_empty() || held.complete)
        .then(|| Environment::from_contents(held.blobs.iter().map(Vec::as_slice), held.complete));
    let pending = gather(files, recursive)?;
    let total = pending.len();
    let done = AtomicUsize::new(0);
    let run = || {
        pending
            .into_par_iter()
            .map(|pending| {
                let input = pending.read();
                done.fetch_add(1, Ordering::Relaxed);
                let input = input?;
                let report = match &environment {
                    Some(environment) => {
                        ocilint_core::check_within(&input.bytes, options, environment)
                    }
                    None => ocilint_core::check(&input.bytes, options),
                };
                Ok(Checked {
                    report,
                    name: input.name,
                    bytes: input.bytes,
                })
            })
            .collect::<Vec<Result<Checked, String>>>()
    };
    let results = if total >= PROGRESS_MIN && io::stderr().is_terminal() {
        with_progress(total, &done, run)
    } else {
        run()
    };
    results.into_iter().collect()
}

/// Reads every input (in input order) and checks them together as one bundle: each alone,
/// then what holds between them (a descriptor whose digest, size or media type does not match
/// the document given for it), each judged against the others and the `held` blobs.
pub(crate) fn check_bundle(
    files: &[String],
    recursive: &[PathBuf],
    options: &CheckOptions,
    held: &Held<'_>,
) -> Result<Vec<Checked>, String> {
    let inputs = gather(files, recursive)?
        .into_iter()
        .map(Pending::read)
        .collect::<Result<Vec<Input>, String>>()?;
    let bundle: Vec<ocilint_core::bundle::BundleInput<'_>> = inputs
        .iter()
        .map(|input| ocilint_core::bundle::BundleInput {
            name: &input.name,
            bytes: &input.bytes,
        })
        .collect();
    let blobs: Vec<&[u8]> = held.blobs.iter().map(Vec::as_slice).collect();
    let holdings = ocilint_core::bundle::Holdings {
        blobs: &blobs,
        complete: held.complete,
    };
    let reports = ocilint_core::bundle::check_bundle_holding(&bundle, &holdings, options);
    Ok(inputs
        .into_iter()
        .zip(reports)
        .map(|(input, report)| Checked {
            name: input.name,
            bytes: input.bytes,
            report,
        })
        .collect())
}

/// Runs `work` while a line on standard error says how many of `total` inputs are done; the
/// line is cleared when the work ends, so only the report remains.
fn with_progress<T: Send>(total: usize, done: &AtomicUsize, work: impl FnOnce() -> T) -> T {
    let (finished, wait) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut stderr = io::stderr();
            while let Err(mpsc::RecvTimeoutError::Timeout) =
                wait.recv_timeout(Duration::from_millis(100))
            {
                let _ = write!(
                    stderr,
                    "\r\x1b[2Kocilint: checked {}/{total} files",
                    done.load(Ordering::Relaxed)
                );
                let _ = stderr.flush();
            }
            let _ = write!(stderr, "\r\x1b[2K");
            let _ = stderr.flush();
        });
        let result = work();
        drop(finished);
        result
    })
}

/// The inputs in order, with standard input already read.
fn gather(files: &[String], recursive: &[PathBuf]) -> Result<Vec<Pending>, String> {
    if files.iter().filter(|n| n.as_str() == "-").count() > 1 {
        return Err("`-` (standard input) can be given only once".into());
    }
    let mut pending = Vec::new();
    for name in files {
        if name == "-" {
            pending.push(Pending::Read(read(name.clone())?));
        } else if is_pattern(name) && !Path::new(name).exists() {
            pending.extend(expand(name)?.into_iter().map(Pending::File));
        } else {
            pending.push(Pending::File(name.clone()));
        }
    }
    for dir in recursive {
        pending.extend(walk(dir)?.into_iter().map(Pending::File));
    }
    Ok(pending)
}

fn is_pattern(name: &str) -> bool {
    name.contains(['*', '?', '['])
}

/// The files a glob pattern (`*`, `?`, `[…]`, `**` for any depth) matches, sorted; none is
/// an error, as a shell without `nullglob` would pass the pattern on and fail to read it.
fn expand(pattern: &str) -> Result<Vec<String>, String> {
    let paths =
        glob::glob(pattern).map_err(|e| format!("`{pattern}` is not a valid pattern: {e}"))?;
    let mut files = Vec::new();
    for path in paths {
        let path = path.map_err(|e| {
            format!(
                "cannot read {} while expanding `{pattern}`: {}",
                e.path().display(),
                describe(e.error())
            )
        })?;
        if path.is_file() {
            files.push(path.display().to_string());
        }
    }
    if files.is_empty() {
        return Err(format!("no file matches `{pattern}`"));
    }
    Ok(files)
}

/// Every `*.json` file below `dir`, sorted by path (symbolic links to files are included,
/// linked directories are not entered).
fn walk(dir: &Path) -> Result<Vec<String>, String> {
    if !dir.is_dir() {
        return Err(match fs::metadata(dir) {
            Ok(_) => format!("cannot walk {}: it is not a directory", dir.display()),
            Err(e) => format!("cannot walk {}: {}", dir.display(), describe(&e)),
        });
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).display().to_string();
            match e.io_error() {
                Some(io) => format!("cannot read {path}: {}", describe(io)),
                None => format!("cannot read {path}: {e}"),
            }
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") && path.is_file() {
            files.push(path.display().to_string());
        }
    }
    if files.is_empty() {
        return Err(format!("no `*.json` file under {}", dir.display()));
    }
    Ok(files)
}

/// Reads the blobs of every `--blobs` folder: each file named by its digest (`<hex>` or
/// `sha256:<hex>`; hidden files are passed over), whose content must have that digest. An OCI
/// layout (or its `blobs` folder) is read from its `blobs/sha256`.
pub(crate) fn read_blobs(dirs: &[PathBuf]) -> Result<Vec<Vec<u8>>, String> {
    let mut blobs = Vec::new();
    for dir in dirs {
        let dir = [dir.join("blobs").join("sha256"), dir.join("sha256")]
            .into_iter()
            .find(|inner| inner.is_dir())
            .unwrap_or_else(|| dir.clone());
        let cannot = |e: &io::Error| {
            let why = match e.kind() {
                io::ErrorKind::NotFound => "no such directory".to_owned(),
                _ => describe(e),
            };
            format!("cannot read blobs from {}: {why}", dir.display())
        };
        let metadata = fs::metadata(&dir).map_err(|e| cannot(&e))?;
        if !metadata.is_dir() {
            return Err(format!(
                "cannot read blobs from {}: it is not a directory",
                dir.display()
            ));
        }
        let mut entries = fs::read_dir(&dir)
            .and_then(|entries| entries.collect::<io::Result<Vec<_>>>())
            .map_err(|e| cannot(&e))?;
        entries.sort_by_key(fs::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let hex = name.strip_prefix("sha256:").unwrap_or(&name);
            if hex.len() != 64 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                return Err(format!(
                    "{} is not named by a digest (a blob's name is its 64 lower-case hex \
                     digits, or sha256: and them)",
                    path.display()
                ));
            }
            let bytes = fs::read(&path)
                .map_err(|e| format!("cannot read {}: {}", path.display(), describe(&e)))?;
            let digest = ocilint_core::digest::sha256(&bytes);
            if digest[7..] != *hex {
                return Err(format!(
                    "{}: its content's digest is {digest}, not the one its name gives",
                    path.display()
                ));
            }
            blobs.push(bytes);
        }
    }
    Ok(blobs)
}

/// Reads one input as exact bytes: a file, or standard input for `-`.
pub(crate) fn read(name: String) -> Result<Input, String> {
    let bytes = if name == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        bytes
    } else {
        fs::read(&name).map_err(|e| format!("cannot read {name}: {}", describe(&e)))?
    };
    Ok(Input { name, bytes })
}

fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => error.to_string(),
    }
}
