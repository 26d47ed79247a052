//! `cargo xtask bench`: ocilint's speed as ratios to a yardstick measured in the same run,
//! never as timed assertions.
//!
//! - the criterion benchmark (`core/benches/check.rs`): `check` against a `serde_json::Value`
//!   parse of the same bytes;
//! - the series: `ocilint check --format json` of indexes whose entries share a platform (a
//!   diagnostic each) at growing sizes, against Python's `json.loads` of the same file, with
//!   time per MB and peak memory, to show the cost stays linear and bounded;
//! - with `--browser`, the benchmark page (`xtask/bench-page/`, built into `target/bench/page`
//!   and served only by its harness, `tests/bench_page.rs`): in one headless Chromium run, the
//!   npm package's wasm `check` against `JSON.parse` and `JSON.parse` + Ajv with the image-spec
//!   schemas, on the same bytes.
//!
//! - with `--image`, whole images: 1 GiB OCI archives verified by `ocilint verify` against
//!   `openssl dgst -sha256` of the same file, and by the page (its verify workers, in headless
//!   Chromium, driven by `tests/bench_image.rs`) against `crypto.subtle.digest` of the same blobs
//!   in the same browser, with the memory each took.
//!
//! `--write` puts the figures, with the machine and the versions, into `docs/performance.md`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::cmd::{fail, Cmd, Failure, Result};
use crate::{packages, setup};

#[path = "../../core/benches/documents/mod.rs"]
mod documents;

const USAGE: &str = "\
usage: cargo xtask bench [--series-only | --no-series] [--browser | --browser-only] [--image | --image-only] [--entries N,N,...] [--runs N] [--write]

  --series-only      skip the criterion benchmark
  --no-series        skip the series
  --browser          also build the benchmark page and time it in headless Chromium
  --browser-only     only the benchmark page
  --image            also whole images: 1 GiB archives natively and in the page (2 GiB of disk)
  --image-only       only whole images
  --entries N,N,...  the series' index sizes in entries (default 5000,20000,80000; add 320000 by hand)
  --runs N           runs per command in the series, alternated with the yardstick (default 3)
  --write            write the figures to docs/performance.md
";

/// The criterion groups and what their documents are.
const GROUPS: [(&str, &str); 3] = [
    ("manifest-small", "0.5 KB manifest"),
    ("index-5000", "clean 5000-entry index (1.4 MB)"),
    (
        "index-5000-shared",
        "5000-entry index, shared platforms (a diagnostic per entry)",
    ),
];

struct Options {
    criterion: bool,
    series: bool,
    browser: bool,
    image: bool,
    entries: Vec<usize>,
    runs: usize,
    write: bool,
}

fn options(args: &[String]) -> Result<Options> {
    let mut options = Options {
        criterion: true,
        series: true,
        browser: false,
        image: false,
        entries: vec![5_000, 20_000, 80_000],
        runs: 3,
        write: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--series-only" => options.criterion = false,
            "--no-series" => options.series = false,
            "--browser" => options.browser = true,
            "--browser-only" => {
                (options.criterion, options.series, options.browser) = (false, false, true);
            }
            "--image" => options.image = true,
            "--image-only" => {
                (
                    options.criterion,
                    options.series,
                    options.browser,
                    options.image,
                ) = (false, false, false, true);
            }
            "--write" => options.write = true,
            "--entries" => {
                let list = args.next().map(String::as_str).unwrap_or_default();
                options.entries = list
                    .split(',')
                    .map(|n| n.trim().parse::<usize>().ok().filter(|&n| n > 0))
                    .collect::<Option<_>>()
                    .ok_or_else(|| {
                        Failure(format!(
                            "bench: `--entries {list}`: expected N,N,...\n{USAGE}"
                        ))
                    })?;
            }
            "--runs" => {
                let runs = args.next().map(String::as_str).unwrap_or_default();
                options.runs = runs.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                    Failure(format!("bench: `--runs {runs}`: expected a count\n{USAGE}"))
                })?;
            }
            _ => return fail(format!("bench: unknown argument `{arg}`\n{USAGE}")),
        }
    }
    Ok(options)
}

pub(crate) fn run(root: &Path, args: &[String]) -> Result<()> {
    let options = options(args)?;
    let mut sections = Vec::new();
    if options.criterion {
        sections.push(criterion(root)?);
    }
    if options.series {
        sections.push(series(root, &options.entries, options.runs)?);
    }
    if options.browser {
        sections.push(browser(root)?);
    }
    if options.image {
        sections.push(image(root, options.runs)?);
    }
    if options.write {
        let path = root.join("docs").join("performance.md");
        let text = fs::read_to_string(&path).unwrap_or_default();
        let updated = write_sections(&text, &sections, &machine());
        fs::write(&path, updated)
            .or_else(|e| fail(format!("cannot write {}: {e}", path.display())))?;
        eprintln!("bench: wrote {}", path.display());
    }
    Ok(())
}

/// One generated part of `docs/performance.md`: between `<!-- bench:NAME -->` and
/// `<!-- /bench:NAME -->`, so a run replaces only what it measured.
struct Section {
    name: &'static str,
    markdown: String,
}

fn criterion(root: &Path) -> Result<Section> {
    Cmd::new("cargo")
        .args(["bench", "--package", "ocilint-core", "--bench", "check"])
        .dir(root)
        .run()?;
    let estimates = root.join("target").join("criterion");
    let median = |group: &str, function: &str| {
        let path = estimates
            .join(group)
            .join(function)
            .join("new/estimates.json");
        fs::read_to_string(&path)
            .ok()
            .and_then(|text| median_estimate(&text))
            .ok_or_else(|| Failure(format!("no estimate in {}", path.display())))
    };
    println!(
        "\nbenchmark: ocilint check vs serde_json::Value of the same bytes (median, same run)"
    );
    let mut markdown = String::from(
        "| document | `check` | `serde_json::Value` | ratio |\n| --- | ---: | ---: | ---: |\n",
    );
    for (group, document) in GROUPS {
        let ours = median(group, "ocilint-check")?;
        let yardstick = median(group, "serde_json-value")?;
        println!(
            "  {group:<18} check {:>10}  serde_json {:>10}  ratio {:.2}x",
            human_nanos(ours),
            human_nanos(yardstick),
            ours / yardstick
        );
        let _ = writeln!(
            markdown,
            "| {document} | {} | {} | {:.2}× |",
            human_nanos(ours),
            human_nanos(yardstick),
            ours / yardstick
        );
    }
    Ok(Section {
        name: "criterion",
        markdown,
    })
}

/// `median.point_estimate` (nanoseconds) from criterion's `estimates.json`: the median, since
/// on a shared machine a few slow iterations move the mean.
fn median_estimate(json: &str) -> Option<f64> {
    let median = &json[json.find("\"median\"")?..];
    let value = &median[median.find("\"point_estimate\":")? + "\"point_estimate\":".len()..];
    let end = value.find([',', '}'])?;
    value[..end].trim().parse().ok()
}

fn human_nanos(nanos: f64) -> String {
    if nanos >= 1e6 {
        format!("{:.2} ms", nanos / 1e6)
    } else {
        format!("{:.2} µs", nanos / 1e3)
    }
}

/// Wall seconds and peak resident memory (bytes) of one run of a command.
#[derive(Debug, Clone, Copy)]
struct Run {
    seconds: f64,
    peak: u64,
}

/// Runs `argv` under `/usr/bin/time` (for the peak memory the kernel accounted), its output
/// discarded; the wall time is taken around the whole child.
fn timed(argv: &[&std::ffi::OsStr], scratch: &Path) -> Result<Run> {
    let report = scratch.join("time.txt");
    let started = Instant::now();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .args(argv)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .or_else(|e| fail(format!("cannot start /usr/bin/time: {e}")))?;
    let seconds = started.elapsed().as_secs_f64();
    let text = fs::read_to_string(&report).unwrap_or_default();
    // `time` prints "Command exited with non-zero status N" first when it does; the figure is last.
    let peak_kib: u64 = text
        .lines()
        .last()
        .and_then(|line| line.trim().parse().ok())
        .ok_or_else(|| {
            Failure(format!(
                "no peak memory from /usr/bin/time ({status}): {text}"
            ))
        })?;
    Ok(Run {
        seconds,
        peak: peak_kib * 1024,
    })
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

fn series(root: &Path, entries: &[usize], runs: usize) -> Result<Section> {
    Cmd::new("cargo")
        .args(["build", "--release", "--package", "ocilint"])
        .dir(root)
        .run()?;
    let ocilint = root.join("target").join("release").join("ocilint");
    let scratch = root.join("target").join("bench");
    fs::create_dir_all(&scratch)
        .or_else(|e| fail(format!("cannot create {}: {e}", scratch.display())))?;
    // The interpreter itself, not a launcher script in front of it (pyenv's shims), whose
    // start-up would be counted against the yardstick.
    let python = Cmd::new("python3")
        .args([
            "-c",
            "import sys; print(sys.executable); print(sys.version.split()[0])",
        ])
        .quiet()
        .output_ok()
        .ok_or_else(|| {
            Failure("bench: the series needs python3 (its json.loads is the yardstick)".into())
        })?;
    let mut python = python.lines();
    let (python, python_version) = match (python.next(), python.next()) {
        (Some(path), Some(version)) => (PathBuf::from(path), format!("Python {version}")),
        _ => return fail("bench: python3 did not say where it is"),
    };
    println!(
        "\nseries: `ocilint check --format json` of an index whose entries share a platform, vs {} json.loads of the same file (median of {runs}, alternated)",
        python_version.trim()
    );
    let mut markdown = String::from(
        "| entries | input | `check` | per MB | `json.loads` | per MB | ratio | peak memory | peak / input |\n\
         | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for &count in entries {
        let bytes = documents::index(count, documents::Platforms::Shared);
        let file: PathBuf = scratch.join(format!("index-shared-{count}.json"));
        fs::write(&file, &bytes)
            .or_else(|e| fail(format!("cannot write {}: {e}", file.display())))?;
        let megabytes = bytes.len() as f64 / 1e6;
        let ours_argv = [
            ocilint.as_os_str(),
            "check".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            file.as_os_str(),
        ];
        let python_argv = [
            python.as_os_str(),
            "-c".as_ref(),
            "import json, sys; json.loads(open(sys.argv[1], 'rb').read())".as_ref(),
            file.as_os_str(),
        ];
        let (mut ours, mut python) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            ours.push(timed(&ours_argv, &scratch)?);
            python.push(timed(&python_argv, &scratch)?);
        }
        let ours_seconds = median(ours.iter().map(|r| r.seconds).collect());
        let python_seconds = median(python.iter().map(|r| r.seconds).collect());
        let peak = median(ours.iter().map(|r| r.peak as f64).collect());
        let figures = [
            ours_seconds,
            ours_seconds * 1e3 / megabytes,
            python_seconds,
            python_seconds * 1e3 / megabytes,
            ours_seconds / python_seconds,
            peak / 1e6,
            peak / bytes.len() as f64,
        ];
        let [check, check_per_mb, loads, loads_per_mb, ratio, peak_mb, peak_ratio] = figures;
        println!(
            "  {count:>7} entries {megabytes:>7.2} MB  check {check:>8.3} s ({check_per_mb:>6.1} ms/MB)  json.loads {loads:>7.3} s ({loads_per_mb:>5.1} ms/MB)  ratio {ratio:>5.2}x  peak {peak_mb:>7.1} MB ({peak_ratio:.2}x input)",
        );
        let _ = writeln!(
            markdown,
            "| {count} | {megabytes:.2} MB | {check:.3} s | {check_per_mb:.1} ms | {loads:.3} s | {loads_per_mb:.1} ms | {ratio:.2}× | {peak_mb:.1} MB | {peak_ratio:.2}× |",
        );
    }
    let _ = write!(
        markdown,
        "\nWhole processes, start-up included; {}; peak memory is the largest resident set `/usr/bin/time` saw.\n",
        python_version.trim()
    );
    Ok(Section {
        name: "series",
        markdown,
    })
}

/// The benchmark page's documents: (name, what it is, the bytes, the image-spec schema that
/// validates it).
fn page_documents() -> Vec<(&'static str, &'static str, Vec<u8>, &'static str)> {
    use documents::{index, index_of_size, Platforms, SMALL_MANIFEST};
    vec![
        (
            "manifest-small",
            "0.5 KB manifest",
            SMALL_MANIFEST.to_vec(),
            "manifest",
        ),
        ("index-20k", "20 KB index", index_of_size(20_000), "index"),
        (
            "index-5000",
            "clean 5000-entry index (1.4 MB)",
            index(5000, Platforms::Tagged),
            "index",
        ),
        (
            "index-5000-shared",
            "5000-entry index, shared platforms (a diagnostic per entry)",
            index(5000, Platforms::Shared),
            "index",
        ),
        ("index-4mib", "4 MiB index", index_of_size(4 << 20), "index"),
    ]
}

/// What both browser benchmarks need installed: the wasm tools and Chromium.
fn browser_toolchain(root: &Path) -> Result<setup::Toolchain> {
    setup::ensure(
        root,
        setup::Needs {
            wasm: true,
            browser: true,
            fuzz: false,
        },
    )
}

/// Builds the benchmark page into `target/bench/page` and times it in headless Chromium.
fn browser(root: &Path) -> Result<Section> {
    let toolchain = browser_toolchain(root)?;
    // The npm package `ocilint-wasm-web` as it ships (wasm-pack, wasm-opt -Oz).
    packages::build(root, "web", &|program| toolchain.wasm_cmd(program))?;
    let sources = root.join("xtask").join("bench-page");
    Cmd::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--silent"])
        .dir(&sources)
        .run()?;
    let page = root.join("target").join("bench").join("page");
    if page.exists() {
        fs::remove_dir_all(&page).or_else(|e| fail(format!("{}: {e}", page.display())))?;
    }
    let documents_dir = page.join("documents");
    let ocilint_dir = page.join("ocilint");
    for dir in [&documents_dir, &ocilint_dir] {
        fs::create_dir_all(dir).or_else(|e| fail(format!("{}: {e}", dir.display())))?;
    }
    for file in ["index.html", "bench.js"] {
        copy(&sources.join(file), &page.join(file))?;
    }
    let package = packages::packages_dir(root).join("web");
    for file in [
        format!("{}.js", packages::OUT_NAME),
        format!("{}_bg.wasm", packages::OUT_NAME),
    ] {
        copy(&package.join(&file), &ocilint_dir.join(&file))?;
    }
    Cmd::new("node")
        .arg("compile-schemas.mjs")
        .arg(sources.join("image-spec-schema"))
        .arg(page.join("validators.js"))
        .dir(&sources)
        .run()?;
    let mut list = String::from("[\n");
    let documents = page_documents();
    for (i, (name, label, bytes, schema)) in documents.iter().enumerate() {
        let file = format!("{name}.json");
        fs::write(documents_dir.join(&file), bytes)
            .or_else(|e| fail(format!("cannot write {file}: {e}")))?;
        let _ = writeln!(
            list,
            "  {{\"name\": \"{name}\", \"label\": \"{label}\", \"file\": \"{file}\", \"schema\": \"{schema}\"}}{}",
            if i + 1 < documents.len() { "," } else { "" }
        );
    }
    list.push_str("]\n");
    fs::write(documents_dir.join("list.json"), list)
        .or_else(|e| fail(format!("cannot write list.json: {e}")))?;
    let figures = page.join("figures.tsv");
    let _ = fs::remove_file(&figures);
    eprintln!("bench: timing the page in headless Chromium (about 20 s per document)");
    let text = harness(
        &toolchain,
        root,
        ("bench-page", false),
        &[("OCILINT_BENCH_PAGE", &page)],
        &figures,
    )?;
    let ajv = npm_version(&sources, "ajv");
    let draft04 = npm_version(&sources, "ajv-draft-04");
    browser_section(&text, &documents, &ajv, &draft04)
}

/// Runs the browser harness `name` of `tests/` (built `release` or not) with `env`, and
/// returns the figures it wrote to `figures` (its `OCILINT_BENCH_OUT`).
fn harness(
    toolchain: &setup::Toolchain,
    root: &Path,
    (name, release): (&str, bool),
    env: &[(&str, &Path)],
    figures: &Path,
) -> Result<String> {
    let mut command = toolchain.browser_cmd("cargo").arg("test");
    if release {
        command = command.arg("--release");
    }
    command = command.args([
        "--package",
        "ocilint-tests",
        "--test",
        name,
        "--",
        "--ignored",
        "--nocapture",
    ]);
    for (key, value) in env {
        command = command.env(key, value);
    }
    command.env("OCILINT_BENCH_OUT", figures).dir(root).run()?;
    fs::read_to_string(figures).or_else(|e| {
        fail(format!(
            "no figures from the {name} harness ({}): {e}",
            figures.display()
        ))
    })
}

/// Whole images: the archives `tests/bench_image.rs` writes and times in the page, then
/// `ocilint verify` of each against `openssl dgst -sha256` of the same file, alternated.
fn image(root: &Path, runs: usize) -> Result<Section> {
    let toolchain = browser_toolchain(root)?;
    crate::page::release_build(root)?;
    Cmd::new("cargo")
        .args(["build", "--release", "--package", "ocilint"])
        .dir(root)
        .run()?;
    let ocilint = root.join("target").join("release").join("ocilint");
    let scratch = root.join("target").join("bench");
    let images = scratch.join("images");
    let figures = scratch.join("image-figures.tsv");
    let _ = fs::remove_file(&figures);
    eprintln!("bench: whole images in headless Chromium (the archives are written once, 2 GiB)");
    // Release: the harness builds the archives, 2 GiB of pseudo-random bytes hashed.
    let text = harness(
        &toolchain,
        root,
        ("bench-image", true),
        &[
            ("OCILINT_BENCH_DIST", &root.join("target").join("dist")),
            ("OCILINT_BENCH_IMAGES", &images),
        ],
        &figures,
    )?;
    let openssl = Cmd::new("openssl")
        .arg("version")
        .quiet()
        .output_ok()
        .ok_or_else(|| {
            Failure("bench: --image needs openssl (its SHA-256 is the yardstick)".into())
        })?;
    let mut browser_name = String::from("unknown");
    let mut rows = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["browser", name] => browser_name = (*name).to_owned(),
            [name, label, path, bytes, member_bytes, page, yardstick, page_memory @ .., status]
                if page_memory.len() == 8 =>
            {
                let memory = |at: usize| ImageMemory {
                    heaps: number(page_memory[at]),
                    buffers: number(page_memory[at + 1]),
                    pss: number(page_memory[at + 2]),
                    pss_before: number(page_memory[at + 3]),
                };
                rows.push(ImageRow {
                    name: (*name).to_owned(),
                    label: (*label).to_owned(),
                    path: PathBuf::from(path),
                    bytes: number(bytes),
                    member_bytes: number(member_bytes),
                    page_ms: median(list(page)),
                    yardstick_ms: median(list(yardstick)),
                    page: memory(0),
                    yardstick: memory(4),
                    status: (*status).to_owned(),
                    native: None,
                });
            }
            _ => {
                return fail(format!(
                    "bench: a line of {} not understood: {line}",
                    figures.display()
                ))
            }
        }
    }
    println!(
        "\nwhole images: `ocilint verify` vs `openssl dgst -sha256` of the same file (median of {runs}, alternated); the page vs crypto.subtle.digest of the same blobs"
    );
    for row in &mut rows {
        let ours_argv = [ocilint.as_os_str(), "verify".as_ref(), row.path.as_os_str()];
        let openssl_argv = [
            "openssl".as_ref(),
            "dgst".as_ref(),
            "-sha256".as_ref(),
            row.path.as_os_str(),
        ];
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            ours.push(timed(&ours_argv, &scratch)?);
            theirs.push(timed(&openssl_argv, &scratch)?);
        }
        row.native = Some((
            median(ours.iter().map(|r| r.seconds).collect()),
            median(theirs.iter().map(|r| r.seconds).collect()),
            median(ours.iter().map(|r| r.peak as f64).collect()),
        ));
        let (verify, dgst, peak) = row.native.unwrap_or_default();
        println!(
            "  {}: verify {verify:.2} s, openssl {dgst:.2} s: {:.2}x openssl's rate, peak {:.1} MB; page {:.2} s, crypto.subtle.digest {:.2} s: {:.2}x its rate; memory (heaps + ArrayBuffers · browser PSS): page {}, yardstick {}",
            row.name,
            dgst / verify,
            peak / 1e6,
            row.page_ms / 1e3,
            row.yardstick_ms / 1e3,
            row.yardstick_ms / row.page_ms,
            row.page.cell(),
            row.yardstick.cell(),
        );
    }
    let mut markdown = String::from(
        "| archive | `ocilint verify` | `openssl dgst -sha256` | rate / openssl's | peak memory | the page | `crypto.subtle.digest` | rate / its | the page's memory | the yardstick's memory |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for row in &rows {
        let (verify, dgst, peak) = row.native.unwrap_or_default();
        let _ = writeln!(
            markdown,
            "| {} ({} bytes, {} in members) | {verify:.2} s | {dgst:.2} s | {:.2}× | {:.1} MB | {:.2} s | {:.2} s | {:.2}× | {} | {} |",
            row.label,
            row.bytes,
            row.member_bytes,
            dgst / verify,
            peak / 1e6,
            row.page_ms / 1e3,
            row.yardstick_ms / 1e3,
            row.yardstick_ms / row.page_ms,
            row.page.cell(),
            row.yardstick.cell(),
        );
    }
    let _ = write!(
        markdown,
        "\nMedians of {runs} runs, alternated with the yardstick; {}; {browser_name}. Natively, whole processes (`ocilint verify` hashes every blob and checks each layer against its `diff_id`; the layers are uncompressed, so a layer's digest is its `diff_id`); peak memory is the largest resident set `/usr/bin/time` saw. In the page, from the archive input's `change` to the result drawn (the page says \"{}\"), against the members read from the same `File` and hashed by `crypto.subtle.digest` one after the other. Memory is the largest seen, sampled every 50 ms over the DevTools protocol: the JavaScript heaps of the page (`Performance.getMetrics`) and of its workers (`Runtime.getHeapUsage`: Chromium's workers have no Performance domain), then their `ArrayBuffer` backing stores (`Runtime.getHeapUsage`), then the proportional set size of all the browser's processes and what it added to the figure before the run (Chromium's blob reading holds file data in its own processes too).\n",
        openssl.trim(),
        rows.first().map(|r| r.status.as_str()).unwrap_or_default(),
    );
    Ok(Section {
        name: "image",
        markdown,
    })
}

struct ImageRow {
    name: String,
    label: String,
    path: PathBuf,
    bytes: u64,
    member_bytes: u64,
    page_ms: f64,
    yardstick_ms: f64,
    page: ImageMemory,
    yardstick: ImageMemory,
    status: String,
    /// `ocilint verify` seconds, `openssl` seconds, `ocilint verify`'s peak bytes.
    native: Option<(f64, f64, f64)>,
}

/// The most memory seen in the browser while one side ran (`tests/bench_image.rs`).
struct ImageMemory {
    /// JavaScript heaps of the page and its workers.
    heaps: u64,
    /// Their `ArrayBuffer` backing stores.
    buffers: u64,
    /// Proportional set size of all the browser's processes, and before the run.
    pss: u64,
    pss_before: u64,
}

impl ImageMemory {
    fn cell(&self) -> String {
        let mb = |b: u64| b as f64 / 1e6;
        format!(
            "{:.1} MB + {:.0} MB · {:.0} MB ({:+.0} MB)",
            mb(self.heaps),
            mb(self.buffers),
            mb(self.pss),
            mb(self.pss) - mb(self.pss_before)
        )
    }
}

fn number(text: &str) -> u64 {
    text.parse().unwrap_or(0)
}

fn list(text: &str) -> Vec<f64> {
    text.split(',').filter_map(|n| n.parse().ok()).collect()
}

/// The version of an installed npm package, from its `package.json`.
fn npm_version(project: &Path, package: &str) -> String {
    let manifest = project
        .join("node_modules")
        .join(package)
        .join("package.json");
    fs::read_to_string(manifest)
        .ok()
        .and_then(|text| {
            let rest = &text[text.find("\"version\"")? + "\"version\"".len()..];
            let rest = &rest[rest.find('"')? + 1..];
            Some(rest[..rest.find('"')?].to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// The page's figures (`tests/bench_page.rs` writes them) as the printed table and the
/// markdown section.
fn browser_section(
    text: &str,
    documents: &[(&str, &str, Vec<u8>, &str)],
    ajv: &str,
    draft04: &str,
) -> Result<Section> {
    let mut lines = text.lines();
    let agent = lines
        .next()
        .and_then(|line| line.strip_prefix("browser\t"))
        .unwrap_or("unknown");
    // "… HeadlessChrome/120.0.6099.224 Safari/537.36": the engine and its version.
    let browser = agent
        .split_whitespace()
        .find(|part| part.starts_with("HeadlessChrome/") || part.starts_with("Chrome/"))
        .unwrap_or(agent)
        .replace('/', " ");
    println!(
        "\nbrowser: wasm check (report as JS values) vs JSON.parse and JSON.parse + Ajv {ajv} (draft-04) of the same bytes; {browser}, medians of one run"
    );
    let mut markdown = String::from(
        "| document | bytes | `check` | `JSON.parse` | `JSON.parse` + Ajv | `digest` alone | the report's `JSON.parse` | diagnostics | Ajv | ratio to `JSON.parse` + Ajv | floor |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n",
    );
    let micros = |ms: f64| {
        if ms >= 1.0 {
            format!("{ms:.2} ms")
        } else {
            format!("{:.1} µs", ms * 1e3)
        }
    };
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, bytes, diagnostics, valid, rounds, check, parse, ajv_ms, digest_ms, report_length, report_ms] =
            fields[..]
        else {
            return fail(format!("bench: unexpected line from the page: {line}"));
        };
        let number = |text: &str| {
            text.parse::<f64>()
                .or_else(|_| fail(format!("bench: not a number `{text}` in: {line}")))
        };
        let (check, parse, with_ajv, digest, report) = (
            number(check)?,
            number(parse)?,
            number(ajv_ms)?,
            number(digest_ms)?,
            number(report_ms)?,
        );
        let label = documents
            .iter()
            .find(|document| document.0 == name)
            .map_or(name, |document| document.1);
        let ratio = check / with_ajv;
        let floor = (digest + report) / with_ajv;
        let verdict = if valid == "true" { "valid" } else { "invalid" };
        println!(
            "  {name:<18} {bytes:>8} B  check {:>10}  JSON.parse {:>10}  + Ajv {:>10}  ratio {ratio:>5.2}x  floor {floor:>5.2}x  (digest alone {}; the report's {report_length} characters parsed {}; {diagnostics} diagnostics, Ajv: {verdict}, {rounds} rounds)",
            micros(check),
            micros(parse),
            micros(with_ajv),
            micros(digest),
            micros(report),
        );
        let _ = writeln!(
            markdown,
            "| {label} | {bytes} | {} | {} | {} | {} | {} ({}) | {diagnostics} | {verdict} | {ratio:.2}× | {floor:.2}× |",
            micros(check),
            micros(parse),
            micros(with_ajv),
            micros(digest),
            micros(report),
            kilobytes(report_length),
        );
    }
    let _ = write!(
        markdown,
        "\n{browser} (headless), one page load; Ajv {ajv} with ajv-draft-04 {draft04}, the schemas compiled to standalone code at build time. Each figure is the median of the rounds (up to 21, each a batch of calls lasting at least 25 ms; the contestants alternate within a round). `digest` alone is the npm API's `digest` of the same bytes: the SHA-256 every report carries, timed beside them as the part of `check` no parse avoids. The report's `JSON.parse` is V8 making the values `check` returns from their compact JSON (its length in brackets), as they cross from the wasm: its fastest way to make many objects from data. The floor is (`digest` alone + the report's `JSON.parse`) / (`JSON.parse` + Ajv): what any `check` that returns this report and its digest synchronously pays before it parses a byte or runs a rule.\n",
    );
    Ok(Section {
        name: "browser",
        markdown,
    })
}

/// A JSON text's length, from the page's count of its UTF-16 code units (the report is ASCII but
/// for what a document's own strings bring).
fn kilobytes(length: &str) -> String {
    match length.parse::<f64>() {
        Ok(units) if units >= 1e6 => format!("{:.1} MB", units / 1e6),
        Ok(units) if units >= 1000.0 => format!("{:.1} KB", units / 1000.0),
        Ok(units) => format!("{units:.0} B"),
        Err(_) => length.to_owned(),
    }
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to).map(|_| ()).or_else(|e| {
        fail(format!(
            "cannot copy {} to {}: {e}",
            from.display(),
            to.display()
        ))
    })
}

/// What the figures were measured on.
fn machine() -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, name)| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let rustc = Cmd::new("rustc")
        .arg("--version")
        .quiet()
        .output_ok()
        .unwrap_or_default();
    // Other work on the machine moves every figure: say how busy it was.
    let load = fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into());
    format!(
        "{cpu}, {cores} cores available, load average {load} at the end; {}",
        rustc.trim()
    )
}

/// `text` with each section's markers' contents replaced (the section appended when the
/// markers are missing), and the machine line updated.
fn write_sections(text: &str, sections: &[Section], machine: &str) -> String {
    let mut out = text.to_owned();
    let mut all = vec![Section {
        name: "machine",
        markdown: format!("Measured on {machine}.\n"),
    }];
    all.extend(sections.iter().map(|s| Section {
        name: s.name,
        markdown: s.markdown.clone(),
    }));
    for section in &all {
        let open = format!("<!-- bench:{} -->\n", section.name);
        let close = format!("<!-- /bench:{} -->", section.name);
        let replacement = format!("{open}{}{close}", section.markdown);
        match (out.find(&open), out.find(&close)) {
            (Some(start), Some(end)) if start < end => {
                out.replace_range(start..end + close.len(), &replacement);
            }
            _ => {
                if !out.is_empty() && !out.ends_with("\n\n") {
                    out.push('\n');
                }
                out.push_str(&replacement);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_replace_only_between_their_markers() {
        let text = "# Performance\n\n<!-- bench:series -->\nold\n<!-- /bench:series -->\n\nnotes\n";
        let out = write_sections(
            text,
            &[Section {
                name: "series",
                markdown: "new\n".into(),
            }],
            "a machine",
        );
        assert!(out.contains("<!-- bench:series -->\nnew\n<!-- /bench:series -->\n\nnotes\n"));
        assert!(!out.contains("old"));
        assert!(
            out.contains("<!-- bench:machine -->\nMeasured on a machine.\n<!-- /bench:machine -->")
        );
    }

    #[test]
    fn generated_indexes_have_the_sizes_the_page_names() {
        assert!((1_300_000..1_500_000)
            .contains(&documents::index(5000, documents::Platforms::Tagged).len()));
        let four_mib = documents::index_of_size(4 << 20);
        assert!(four_mib.len() <= 4 << 20 && four_mib.len() > (4 << 20) - 400);
    }
}
