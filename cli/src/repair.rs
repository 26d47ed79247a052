//! `ocilint fix LAYOUT -o OUT`: the repairs of a whole layout or archive that stay local
//! (`rewrite::repair_layout` decides them), written as a new layout folder or archive: every
//! member copied byte for byte, `index.json` replaced, the new index blobs added. Then the
//! result is verified and the loaders' verdicts on it printed.
//!
//! Exit status: 0 when written (or nothing to change), 1 when refused, 2 when the input
//! cannot be read or the output would overwrite a file without `--force`.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use ocilint_core::blob::Magic;
use ocilint_core::image::LoaderVerdict;
use ocilint_core::rewrite::{repair_layout, LayoutRepair, LayoutRequest};
use ocilint_core::CheckOptions;

/// Whether `path` may be a layout folder or an archive (a tar, gzip or zstd by its first
/// bytes), not a document.
fn may_be_layout(path: &str) -> bool {
    let at = Path::new(path);
    if at.is_dir() {
        return at.join("index.json").is_file() || at.join("manifest.json").is_file();
    }
    let mut head = [0u8; 512];
    let Ok(mut file) = File::open(at) else {
        return false;
    };
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => read += n,
        }
    }
    matches!(
        Magic::of(&head[..read]),
        Magic::Tar | Magic::Gzip | Magic::Zstd
    )
}

/// Repairs `path` when it is a layout folder or an archive holding `index.json` or
/// `manifest.json`; `None` when it is not one (a document, or compressed bytes that are not
/// an image), for `fix` of documents to say what it is.
pub(crate) fn try_run(
    path: &str,
    request: &LayoutRequest,
    out: Option<&Path>,
    force: bool,
    json: bool,
) -> Option<ExitCode> {
    if !may_be_layout(path) {
        return None;
    }
    let layout = crate::verify::read_layout(path).ok()?;
    if layout.member("index.json").is_none() && layout.member("manifest.json").is_none() {
        return None;
    }
    Some(run(path, &layout, request, out, force, json))
}

/// What `fix` of a layout did, as `--format json` prints it.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Outcome<'a> {
    input: &'a str,
    #[serde(flatten)]
    repair: &'a LayoutRepair,
    /// The new blobs: path and size.
    added: Vec<(String, usize)>,
    /// Where the result was written, when it was.
    written: Option<String>,
    /// Whether the result verifies clean, when it was written.
    verifies_clean: Option<bool>,
    /// Who can load the result, when it was written.
    loaders: Vec<LoaderVerdict>,
}

fn run(
    path: &str,
    layout: &ocilint_core::image::Layout,
    request: &LayoutRequest,
    out: Option<&Path>,
    force: bool,
    json: bool,
) -> ExitCode {
    let repair = repair_layout(layout, request);
    let mut outcome = Outcome {
        input: path,
        repair: &repair,
        added: repair
            .added
            .iter()
            .map(|(p, b)| (p.clone(), b.len()))
            .collect(),
        written: None,
        verifies_clean: None,
        loaders: Vec::new(),
    };
    let mut code = ExitCode::SUCCESS;
    if repair.refused.is_some() {
        code = ExitCode::from(1);
    } else if let (Some(out), true) = (out, repair.changed()) {
        if out.exists() && !force {
            eprintln!(
                "ocilint: {} exists; give --force to overwrite it",
                out.display()
            );
            return ExitCode::from(2);
        }
        let written = if Path::new(path).is_dir() {
            write_folder(Path::new(path), out, &repair)
        } else {
            write_archive(Path::new(path), out, &repair)
        };
        if let Err(message) = written {
            eprintln!("ocilint: cannot write {}: {message}", out.display());
            return ExitCode::from(2);
        }
        outcome.written = Some(out.display().to_string());
        // What the loaders make of the result.
        match crate::verify::run(&out.display().to_string(), &CheckOptions::default()) {
            Ok(verification) => {
                outcome.verifies_clean = Some(!verification.has_errors());
                outcome.loaders = verification.loaders;
            }
            Err(message) => eprintln!("ocilint: cannot read back {}: {message}", out.display()),
        }
    }
    let stdout = io::stdout();
    let mut shown = stdout.lock();
    let printed = if json {
        serde_json::to_writer_pretty(&mut shown, &outcome)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(shown))
    } else {
        human(&mut shown, &outcome)
    };
    if let Err(error) = printed {
        if error.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("ocilint: cannot write the report: {error}");
            return ExitCode::from(2);
        }
    }
    code
}

fn human(shown: &mut impl Write, outcome: &Outcome<'_>) -> io::Result<()> {
    let (path, repair) = (outcome.input, outcome.repair);
    if let Some(why) = &repair.refused {
        return writeln!(shown, "{path}: not repaired: {why}");
    }
    if !repair.changed() {
        return writeln!(shown, "{path}: nothing to repair.");
    }
    writeln!(shown, "{path}:")?;
    for change in &repair.changes {
        writeln!(shown, "  {change}")?;
    }
    for reference in &repair.references {
        for parent in &reference.updated {
            writeln!(
                shown,
                "  {parent}: names {} ({} bytes) instead of {}",
                reference.to, reference.size, reference.from
            )?;
        }
    }
    for (added, size) in &outcome.added {
        writeln!(shown, "  + {added} ({size} bytes)")?;
    }
    let Some(out) = &outcome.written else {
        return writeln!(shown, "Nothing written: give -o OUT (a folder, or a .tar, .tar.gz or .tar.zst) to write the repaired layout.");
    };
    writeln!(shown, "Written: {out}")?;
    match outcome.verifies_clean {
        Some(true) => writeln!(shown, "It verifies clean. Who can load it now:")?,
        Some(false) => writeln!(
            shown,
            "It does not verify clean: run `ocilint verify` on it. Who can load it now:"
        )?,
        None => return Ok(()),
    }
    for v in &outcome.loaders {
        writeln!(shown, "  {}", line(v))?;
    }
    Ok(())
}

fn line(v: &LoaderVerdict) -> String {
    let message = v
        .message
        .as_deref()
        .map(|m| format!(": {m}"))
        .unwrap_or_default();
    format!(
        "{:7} {} ({} {}){message}",
        v.verdict.as_str(),
        v.command,
        v.target,
        v.version
    )
}

/// A folder: every file copied (links kept as links), `index.json` replaced, blobs added.
fn write_folder(input: &Path, out: &Path, repair: &LayoutRepair) -> Result<(), String> {
    let text = |e: io::Error| e.to_string();
    for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        let relative = entry.path().strip_prefix(input).unwrap_or(entry.path());
        let target = out.join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).map_err(text)?;
        } else if entry.file_type().is_symlink() {
            let link = fs::read_link(entry.path()).map_err(text)?;
            let _ = fs::remove_file(&target);
            std::os::unix::fs::symlink(link, &target).map_err(text)?;
        } else if relative == Path::new("index.json") {
            if let Some(index) = &repair.index_json {
                fs::write(&target, index).map_err(text)?;
            } else {
                fs::copy(entry.path(), &target).map_err(text)?;
            }
        } else {
            fs::copy(entry.path(), &target).map_err(text)?;
        }
    }
    for (path, bytes) in &repair.added {
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(text)?;
        }
        fs::write(target, bytes).map_err(text)?;
    }
    Ok(())
}

/// An archive: every member copied in order with its header, `index.json` replaced, the new
/// blobs appended; compressed as `out`'s name says (`.tar.gz`, `.tar.zst`), else a plain tar.
fn write_archive(input: &Path, out: &Path, repair: &LayoutRepair) -> Result<(), String> {
    let file = File::open(input).map_err(|e| e.to_string())?;
    let (_, stream) = ocilint_core::blob::tar_stream(file).map_err(|e| e.to_string())?;
    let mut archive = tar::Archive::new(stream);
    let mut builder = tar::Builder::new(Vec::new());
    let mut present = Vec::new();
    for entry in archive.entries().map_err(|e| e.to_string())? {
        let mut entry = entry.map_err(|e| e.to_string())?;
        let raw = entry.path().map_err(|e| e.to_string())?.into_owned();
        let name = ocilint_core::blob::member_path(&raw.to_string_lossy()).unwrap_or_default();
        // A GNU header of the same kind, mode, owner and time: long names (a sha512 blob's
        // path) get a GNU long-name record, whatever header the input used (ustar, PAX).
        let original = entry.header();
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(original.entry_type());
        header.set_mode(original.mode().unwrap_or(0o644));
        header.set_mtime(original.mtime().unwrap_or(0));
        header.set_uid(original.uid().unwrap_or(0));
        header.set_gid(original.gid().unwrap_or(0));
        header.set_size(original.size().unwrap_or(0));
        present.push(name.clone());
        if name == "index.json" {
            if let Some(index) = &repair.index_json {
                header.set_size(index.len() as u64);
                builder
                    .append_data(&mut header, &raw, index.as_slice())
                    .map_err(|e| e.to_string())?;
                continue;
            }
        }
        if header.entry_type().is_symlink() || header.entry_type().is_hard_link() {
            let link = entry
                .link_name()
                .map_err(|e| e.to_string())?
                .unwrap_or_default()
                .into_owned();
            builder
                .append_link(&mut header, &raw, link)
                .map_err(|e| e.to_string())?;
            continue;
        }
        builder
            .append_data(&mut header, &raw, &mut entry)
            .map_err(|e| e.to_string())?;
    }
    for (path, bytes) in &repair.added {
        if present.contains(path) {
            continue;
        }
        let mut header = tar::Header::new_gnu();
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_size(bytes.len() as u64);
        header.set_entry_type(tar::EntryType::Regular);
        builder
            .append_data(&mut header, path, bytes.as_slice())
            .map_err(|e| e.to_string())?;
    }
    let tar = builder.into_inner().map_err(|e| e.to_string())?;
    let name = out.to_string_lossy();
    let bytes = if name.ends_with(".gz") || name.ends_with(".tgz") {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&tar).map_err(|e| e.to_string())?;
        encoder.finish().map_err(|e| e.to_string())?
    } else if name.ends_with(".zst") {
        ruzstd::encoding::compress_to_vec(
            tar.as_slice(),
            ruzstd::encoding::CompressionLevel::Fastest,
        )
    } else {
        tar
    };
    fs::write(out, bytes).map_err(|e| e.to_string())
}
