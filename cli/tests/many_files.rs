//! Many inputs at once: globs, `--recursive`, parallel checking with reports in input order,
//! the progress line, and (ignored, run by hand) the measurement against one process per file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use serde_json::Value;

/// A small OCI image manifest, different for each `n` (its layer size), with a warning or an
/// error on some so that reports differ in length.
fn manifest(n: usize) -> String {
    let annotations = match n % 5 {
        0 => r#","annotations": {"org.opencontainers.image.created": 5}"#,
        1 => r#","annotations": {}"#,
        _ => "",
    };
    format!(
        r#"{{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {{
    "mediaType": "application/vnd.oci.image.config.v1+json",
    "digest": "sha256:8a3cdc4d1ad3e314a91f76b7b99eed443f2152e3a9bf33e46669b31d094be443",
    "size": 2297
  }},
  "layers": [
    {{
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca",
      "size": {}
    }}
  ]{annotations}
}}
"#,
        1000 + n
    )
}

/// A big index (thousands of entries), slow to check next to the small manifests.
fn big_index() -> String {
    let entry = r#"{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:3713021b02770a720dea9b54c03d0ed83e03a2ef5dce2898c56a327fee9a8bca", "size": 7, "platform": {"architecture": "amd64", "os": "linux"}}"#;
    let entries = vec![entry; 3000].join(",\n");
    format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{entries}]}}"#
    )
}

/// A folder of the test's own under the temp dir, removed when the test ends, passed or failed
/// (the progress and bench folders hold megabytes, and every run used to leave them behind).
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn fresh_dir(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("ocilint-many-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    Scratch(dir)
}

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).expect("dir");
    std::fs::write(path, contents).expect("write input");
}

fn ocilint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocilint"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run ocilint")
}

fn reports(output: &Output) -> Vec<Value> {
    let value: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    value.as_array().expect("one array").clone()
}

fn files(reports: &[Value]) -> Vec<String> {
    reports
        .iter()
        .map(|r| r["file"].as_str().expect("file").to_owned())
        .collect()
}

#[test]
fn reports_come_in_input_order_however_long_each_check_takes() {
    let dir = fresh_dir("order");
    let mut names = Vec::new();
    for n in 0..400 {
        let path = dir.join(format!("m{n:03}.json"));
        // Big, slow inputs early and scattered, so a parallel run finishes out of order.
        let contents = if n % 97 == 0 {
            big_index()
        } else {
            manifest(n)
        };
        write(&path, &contents);
        names.push(path.to_str().unwrap().to_owned());
    }
    // An order that is neither sorted nor creation order.
    names.sort_by_key(|n| n.chars().rev().collect::<String>());
    let mut args = vec!["check", "--format", "json"];
    args.extend(names.iter().map(String::as_str));
    let output = ocilint(&args);
    assert_eq!(output.status.code(), Some(1), "some manifests have errors");
    let reports = reports(&output);
    assert_eq!(files(&reports), names);
    for (report, name) in reports.iter().zip(&names) {
        let bytes = std::fs::read(name).unwrap();
        assert_eq!(report["size"], bytes.len(), "{name}");
    }
    // Human output keeps the same order.
    let mut args = vec!["check"];
    args.extend(names.iter().map(String::as_str));
    let human = String::from_utf8(ocilint(&args).stdout).unwrap();
    let positions: Vec<usize> = names
        .iter()
        .map(|n| {
            human
                .find(&format!("{n}: "))
                .expect("each file has a heading")
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn recursive_checks_every_json_file_below_the_directory_in_sorted_order() {
    let dir = fresh_dir("recursive");
    for name in ["b.json", "b/c.json", "a.json", "b/d/e.json", "z/y.json"] {
        write(&dir.join(name), &manifest(1));
    }
    write(&dir.join("notes.txt"), "not checked");
    write(&dir.join("b/manifest.JSON.bak"), "not checked");
    let extra_dir = fresh_dir("recursive-extra");
    let extra = extra_dir.join("first.json");
    write(&extra, &manifest(2));

    let root = dir.to_str().unwrap();
    let output = ocilint(&[
        "check",
        "--format",
        "json",
        "--recursive",
        root,
        extra.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected: Vec<String> = std::iter::once(extra.to_str().unwrap().to_owned())
        .chain(
            ["a.json", "b/c.json", "b/d/e.json", "b.json", "z/y.json"]
                .iter()
                .map(|n| dir.join(n).to_str().unwrap().to_owned()),
        )
        .collect();
    assert_eq!(files(&reports(&output)), expected);

    // `-r` alone, without FILE, is enough; a directory without JSON files is an error.
    assert_eq!(ocilint(&["check", "-r", root]).status.code(), Some(0));
    let empty = fresh_dir("recursive-empty");
    let output = ocilint(&["check", "-r", empty.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no `*.json` file under"));
    let output = ocilint(&["check", "-r", dir.join("missing").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such file"));
}

#[test]
fn globs_the_shell_did_not_expand_are_expanded_in_sorted_order() {
    let dir = fresh_dir("glob");
    for name in [
        "x/2.json",
        "x/10.json",
        "x/deep/er/3.json",
        "1.json",
        "skip.txt",
    ] {
        write(&dir.join(name), &manifest(3));
    }
    // A file whose name looks like a pattern is read as it is.
    write(&dir.join("[literal].json"), &manifest(4));

    let all = format!("{}/**/*.json", dir.display());
    let output = ocilint(&["check", "--format", "json", &all]);
    assert_eq!(output.status.code(), Some(0));
    let expected: Vec<String> = [
        "1.json",
        "[literal].json",
        "x/10.json",
        "x/2.json",
        "x/deep/er/3.json",
    ]
    .iter()
    .map(|n| dir.join(n).to_str().unwrap().to_owned())
    .collect();
    assert_eq!(files(&reports(&output)), expected);

    let literal = dir.join("[literal].json");
    let output = ocilint(&["check", "--format", "json", literal.to_str().unwrap()]);
    assert_eq!(files(&reports(&output)), [literal.to_str().unwrap()]);

    let one_level = format!("{}/x/?.json", dir.display());
    let output = ocilint(&["check", "--format", "json", &one_level]);
    assert_eq!(
        files(&reports(&output)),
        [dir.join("x/2.json").to_str().unwrap()]
    );

    let none = format!("{}/*.yaml", dir.display());
    let output = ocilint(&["check", &none]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no file matches"));
    assert!(output.stdout.is_empty());
}

#[test]
fn an_unreadable_file_among_many_is_exit_2_with_its_reason_and_no_report() {
    let dir = fresh_dir("unreadable");
    let mut names: Vec<String> = (0..300)
        .map(|n| {
            let path = dir.join(format!("{n}.json"));
            write(&path, &manifest(n));
            path.to_str().unwrap().to_owned()
        })
        .collect();
    let missing = dir.join("gone.json").to_str().unwrap().to_owned();
    let a_directory = dir.join("sub.json");
    std::fs::create_dir_all(&a_directory).unwrap();
    names.insert(150, missing.clone());
    names.insert(250, a_directory.to_str().unwrap().to_owned());
    for format in ["json", "human"] {
        let mut args = vec!["check", "--format", format];
        args.extend(names.iter().map(String::as_str));
        let output = ocilint(&args);
        assert_eq!(output.status.code(), Some(2));
        assert!(output.stdout.is_empty(), "no partial report");
        let stderr = String::from_utf8_lossy(&output.stderr);
        // The first unreadable input in input order.
        assert_eq!(
            stderr.trim_end(),
            format!("ocilint: cannot read {missing}: no such file")
        );
    }
    names.remove(150);
    let mut args = vec!["check"];
    args.extend(names.iter().map(String::as_str));
    let stderr = String::from_utf8(ocilint(&args).stderr).unwrap();
    assert!(stderr.contains("sub.json: it is a directory"), "{stderr}");
}

#[test]
fn standard_input_keeps_its_place_among_files() {
    let dir = fresh_dir("stdin");
    let before = dir.join("before.json");
    let after = dir.join("after.json");
    write(&before, &manifest(1));
    write(&after, &manifest(2));
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocilint"))
        .args(["check", "--format", "json"])
        .arg(&before)
        .arg("-")
        .arg(&after)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"schemaVersion\": 2}")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let reports = reports(&output);
    assert_eq!(
        files(&reports),
        [before.to_str().unwrap(), "-", after.to_str().unwrap()]
    );
    assert_eq!(reports[1]["size"], 20);
}

/// On a terminal, a long run draws a progress line on standard error and clears it at the
/// end; off a terminal (as in every other test) nothing is written there.
#[test]
fn a_long_run_on_a_terminal_shows_a_progress_line_and_clears_it() {
    let dir = fresh_dir("progress");
    for n in 0..250 {
        let contents = if n % 50 == 0 {
            big_index()
        } else {
            manifest(n)
        };
        write(&dir.join(format!("{n:03}.json")), &contents);
    }
    let quiet = ocilint(&["check", "--format", "json", "-r", dir.to_str().unwrap()]);
    assert!(quiet.stderr.is_empty());

    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped the terminal half: util-linux `script` is not installed");
        return;
    }
    // `script` gives the command a terminal; standard output goes to a file, so what the
    // terminal shows is standard error only.
    let out = dir.join("stdout.txt");
    let command = format!(
        "{} check --format json -r {} > {}",
        env!("CARGO_BIN_EXE_ocilint"),
        dir.display(),
        out.display()
    );
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("run script");
    assert_eq!(output.status.code(), Some(1));
    let terminal = String::from_utf8_lossy(&output.stdout);
    assert!(
        terminal.ends_with("\r\x1b[2K"),
        "cleared at the end: {terminal:?}"
    );
    if let Some(line) = terminal.split("\r\x1b[2K").find(|s| !s.is_empty()) {
        assert!(line.starts_with("ocilint: checked "), "{terminal:?}");
        assert!(line.ends_with("/250 files"), "{terminal:?}");
    }
    let printed: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(printed.as_array().unwrap().len(), 250);
}

/// Peak resident memory (KiB) and wall time of a command, from `/usr/bin/time -v`.
fn measure(mut command: Command) -> (f64, Option<u64>) {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        let start = Instant::now();
        let status = command.stdout(Stdio::null()).status().expect("run");
        assert!(status.code().is_some_and(|c| c < 2));
        return (start.elapsed().as_secs_f64(), None);
    }
    let mut timed = Command::new(time);
    timed
        .arg("-v")
        .arg(command.get_program())
        .args(command.get_args());
    for (key, value) in command.get_envs() {
        if let Some(value) = value {
            timed.env(key, value);
        }
    }
    let start = Instant::now();
    let output = timed.stdout(Stdio::null()).output().expect("run");
    let wall = start.elapsed().as_secs_f64();
    assert!(output.status.code().is_some_and(|c| c < 2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let peak = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.parse().ok());
    (wall, peak)
}

/// Not a timed test: prints the figures for the README. Run it on a release build:
/// `cargo test --release -p ocilint --test many_files -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, run by hand"]
fn measure_10000_files_against_one_process_per_file() {
    const FILES: usize = 10_000;
    let dir = fresh_dir("bench");
    let mut paths = Vec::with_capacity(FILES);
    for n in 0..FILES {
        let path = dir.join(format!("d{:02}/m{n:05}.json", n / 100));
        write(&path, &manifest(n));
        paths.push(path);
    }
    let bin = env!("CARGO_BIN_EXE_ocilint");
    let root = dir.to_str().unwrap();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    let mut parallel = Command::new(bin);
    parallel.args(["check", "--format", "json", "--recursive", root]);
    let (parallel_wall, parallel_peak) = measure(parallel);

    let mut serial = Command::new(bin);
    serial
        .args(["check", "--format", "json", "--recursive", root])
        .env("RAYON_NUM_THREADS", "1");
    let (serial_wall, serial_peak) = measure(serial);

    // The yardstick: one process per file, one after the other (wall time of all of them;
    // peak memory of one such process, the largest over the first 100).
    let start = Instant::now();
    for path in &paths {
        let status = Command::new(bin)
            .args(["check", "--format", "json"])
            .arg(path)
            .stdout(Stdio::null())
            .status()
            .expect("run");
        assert!(status.code().is_some_and(|c| c < 2));
    }
    let each_wall = start.elapsed().as_secs_f64();
    let each_peak = paths[..100]
        .iter()
        .filter_map(|path| {
            let mut one = Command::new(bin);
            one.args(["check", "--format", "json"]).arg(path);
            measure(one).1
        })
        .max();

    let kib = |k: Option<u64>| {
        k.map_or("n/a".to_owned(), |k| {
            format!("{:.1} MiB", k as f64 / 1024.0)
        })
    };
    println!("{FILES} manifests, {threads} cores ({root})");
    println!(
        "one process per file:             {each_wall:>8.2} s   peak {} (each)",
        kib(each_peak)
    );
    println!(
        "--recursive, 1 thread:            {serial_wall:>8.2} s   peak {}",
        kib(serial_peak)
    );
    println!(
        "--recursive, all cores:           {parallel_wall:>8.2} s   peak {}",
        kib(parallel_peak)
    );
    println!(
        "speed-up over one process per file: {:.1}x; over one thread: {:.2}x",
        each_wall / parallel_wall,
        serial_wall / parallel_wall
    );
}
