//! `ocilint verify PATH`: a whole image (an OCI layout folder, an `oci-archive` or `docker
//! save` tar, gzip- or zstd-compressed, or a tar on standard input) read as a stream, each
//! member scanned once by core (`blob::scan`), then verified (`image::verify`).
//!
//! Folders are scanned on every core, and so are an uncompressed archive file's members (core
//! locates them, `blob::locate_members`, and each is read from its own place in the file); a
//! compressed archive or a tar on standard input is one stream, read in order and never whole.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ocilint_core::blob::{self, ArchiveMember, Located, Location, Magic, Scanned};
use ocilint_core::image::{self, Layout, Verification};
use ocilint_core::CheckOptions;

/// Bytes read so far, shared with the progress line.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    read: AtomicU64,
    total: AtomicU64,
    done: AtomicBool,
}

impl Progress {
    pub(crate) fn read_add(&self, bytes: u64) {
        self.read.fetch_add(bytes, Ordering::Relaxed);
    }

    pub(crate) fn total_add(&self, bytes: u64) {
        self.total.fetch_add(bytes, Ordering::Relaxed);
    }
}

/// Runs `work` with the progress line on standard error when it is a terminal.
pub(crate) fn with_progress<T>(work: impl FnOnce(&Progress) -> T) -> T {
    let progress = Arc::new(Progress::default());
    let show = io::stderr().is_terminal();
    std::thread::scope(|scope| {
        if show {
            let progress = Arc::clone(&progress);
            scope.spawn(move || show_progress(&progress));
        }
        let result = work(&progress);
        progress.done.store(true, Ordering::Relaxed);
        result
    })
}

/// Reads the input at `path` (`-`: standard input) into a layout and verifies it. `Err` when
/// the input cannot be read.
pub(crate) fn run(path: &str, options: &CheckOptions) -> Result<Verification, String> {
    let progress = Arc::new(Progress::default());
    let show = io::stderr().is_terminal();
    let layout = std::thread::scope(|scope| {
        if show {
            let progress = Arc::clone(&progress);
            scope.spawn(move || show_progress(&progress));
        }
        let read = read(path, &progress);
        progress.done.store(true, Ordering::Relaxed);
        read
    })?;
    Ok(image::verify(&layout, options))
}

/// Reads the input at `path` into a layout, without a progress line (`fix` of a layout).
pub(crate) fn read_layout(path: &str) -> Result<Layout, String> {
    read(path, &Progress::default())
}

fn read(path: &str, progress: &Progress) -> Result<Layout, String> {
    if path == "-" {
        return read_archive(io::stdin().lock(), "-!/", progress);
    }
    let at = Path::new(path);
    let metadata = std::fs::metadata(at).map_err(|e| format!("cannot read {path}: {e}"))?;
    if metadata.is_dir() {
        return read_folder(at, progress);
    }
    progress.total.store(metadata.len(), Ordering::Relaxed);
    let mut file = File::open(at).map_err(|e| format!("cannot read {path}: {e}"))?;
    if let Some(layout) = read_located(at, &mut file, progress)? {
        return Ok(layout);
    }
    file.seek(SeekFrom::Start(0))
        .map_err(|e| format!("cannot read {path}: {e}"))?;
    read_archive(file, &format!("{path}!/"), progress)
}

/// An uncompressed archive file: its members located, then scanned on every core, each read
/// from its place in the file. `None` when the archive must be read as one stream (compressed).
fn read_located(at: &Path, file: &mut File, progress: &Progress) -> Result<Option<Layout>, String> {
    let shown = at.display().to_string();
    let mut members = Vec::new();
    let location = blob::locate_members(&mut *file, &shown, |member| members.push(member))?;
    if let Location::MustStream(_) = location {
        return Ok(None);
    }
    let sources: Vec<(String, Source)> = members
        .iter()
        .filter_map(|member| match member {
            ArchiveMember::File {
                path,
                scanned: Located { offset, size },
            } => Some((
                path.clone(),
                Source::Slice {
                    offset: *offset,
                    size: *size,
                },
            )),
            _ => None,
        })
        .collect();
    // The progress line counts the members' bytes, which is what is read.
    let total = sources
        .iter()
        .map(|(_, source)| match source {
            Source::Slice { size, .. } => *size,
            Source::File(_) => 0,
        })
        .sum();
    progress.total.store(total, Ordering::Relaxed);
    let mut scanned = scan_on_every_core(&sources, at, progress).into_iter();
    // In the archive's order, as a stream read would add them (a later member of the same
    // name wins).
    let mut layout = Layout::new(format!("{shown}!/"));
    for member in members {
        layout.add_member(match member {
            ArchiveMember::File { .. } => match scanned.next() {
                Some((path, result)) => ArchiveMember::File {
                    path,
                    scanned: result?,
                },
                None => continue,
            },
            ArchiveMember::Link {
                path,
                target,
                symbolic,
            } => ArchiveMember::Link {
                path,
                target,
                symbolic,
            },
            ArchiveMember::Refused { raw, why } => ArchiveMember::Refused { raw, why },
        });
    }
    layout.set_container(image::Container::Tar);
    Ok(Some(layout))
}

/// Where a member's bytes are: a file of a folder, or a run of the archive's file.
enum Source {
    File(PathBuf),
    Slice { offset: u64, size: u64 },
}

/// Scans each member (its path in the layout, where its bytes are) on every core, each read
/// through its own handle; `archive` is the file slices are of. In the members' order.
fn scan_on_every_core(
    members: &[(String, Source)],
    archive: &Path,
    progress: &Progress,
) -> Vec<(String, Result<Scanned, String>)> {
    let results: Mutex<Vec<(usize, Result<Scanned, String>)>> = Mutex::new(Vec::new());
    let next = AtomicU64::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers.min(members.len().max(1)) {
            scope.spawn(|| loop {
                let at = next.fetch_add(1, Ordering::Relaxed) as usize;
                let Some((relative, source)) = members.get(at) else {
                    break;
                };
                let opened = match source {
                    Source::File(path) => File::open(path)
                        .map(|file| Box::new(file) as Box<dyn Read>)
                        .map_err(|e| format!("cannot read {}: {e}", path.display())),
                    Source::Slice { offset, size } => File::open(archive)
                        .and_then(|mut file| {
                            file.seek(SeekFrom::Start(*offset))?;
                            Ok(Box::new(file.take(*size)) as Box<dyn Read>)
                        })
                        .map_err(|e| format!("cannot read {}!/{relative}: {e}", archive.display())),
                };
                let scanned = opened.and_then(|inner| {
                    blob::scan(relative, Counting { inner, progress }).map_err(|e| match source {
                        Source::File(path) => format!("cannot read {}: {e}", path.display()),
                        Source::Slice { .. } => {
                            format!("cannot read {}!/{relative}: {e}", archive.display())
                        }
                    })
                });
                results
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push((at, scanned));
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    results.sort_by_key(|(at, _)| *at);
    results
        .into_iter()
        .map(|(at, scanned)| (members[at].0.clone(), scanned))
        .collect()
}

/// Counts the bytes read of the input, for the progress line.
struct Counting<'p, R> {
    inner: R,
    progress: &'p Progress,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A tar, gzip- or zstd-compressed or not, read by core (`blob::read_archive`) as one stream.
fn read_archive(input: impl Read, prefix: &str, progress: &Progress) -> Result<Layout, String> {
    let name = prefix.trim_end_matches("!/");
    let mut layout = Layout::new(prefix);
    let counted = Counting {
        inner: input,
        progress,
    };
    let magic = blob::read_archive(counted, name, |member| layout.add_member(member))?;
    layout.set_container(match magic {
        Magic::Gzip => image::Container::TarGzip,
        Magic::Zstd => image::Container::TarZstd,
        _ => image::Container::Tar,
    });
    Ok(layout)
}

/// A layout folder: every file scanned, on every core; symbolic links kept as links (so one
/// leaving the folder is reported, not followed).
fn read_folder(root: &Path, progress: &Progress) -> Result<Layout, String> {
    let shown = root.display().to_string();
    let prefix = format!("{}/", shown.trim_end_matches('/'));
    let mut layout = Layout::new(prefix);
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("cannot read {shown}: {e}"))?;
        let relative = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if entry.file_type().is_symlink() {
            let target = std::fs::read_link(entry.path())
                .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
            let target = target.to_string_lossy().into_owned();
            if target.starts_with('/') {
                layout.refuse(
                    &relative,
                    format!("`{relative}` links to the absolute path `{target}`"),
                );
            } else {
                layout.add_link(&relative, &target, true);
            }
        } else if entry.file_type().is_file() {
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            progress.total.fetch_add(size, Ordering::Relaxed);
            files.push((relative, Source::File(entry.path().to_owned())));
        }
    }
    for (path, scanned) in scan_on_every_core(&files, root, progress) {
        layout.add(&path, scanned?);
    }
    Ok(layout)
}

/// `verifying: 120.5 MiB of 1.0 GiB (12%)` on standard error, redrawn until the reading ends.
fn show_progress(progress: &Progress) {
    let mut shown = false;
    while !progress.done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(150));
        if progress.done.load(Ordering::Relaxed) {
            break;
        }
        let read = progress.read.load(Ordering::Relaxed);
        let total = progress.total.load(Ordering::Relaxed);
        let line = if total > 0 {
            format!(
                "verifying: {} of {} ({}%)",
                mib(read),
                mib(total),
                read.saturating_mul(100) / total
            )
        } else {
            format!("verifying: {} read", mib(read))
        };
        eprint!("\r\x1b[2K{line}");
        shown = true;
    }
    if shown {
        eprint!("\r\x1b[2K");
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}
