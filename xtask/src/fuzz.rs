//! The fuzz smoke stage: every cargo-fuzz target of `fuzz/` for a fixed number of seconds,
//! from the committed corpus, printing each one's executions and libFuzzer's coverage.
//!
//! Built with `-s none` (no sanitizer): core is safe Rust, so AddressSanitizer would add
//! build time and little else, and without it stable Rust builds the targets too. What a run
//! adds to the corpus goes to `target/fuzz-smoke/`, so the committed corpus stays as it is.

use std::env;
use std::fs;
use std::path::Path;
use std::time::Instant;

use crate::cmd::{fail, human_duration, Cmd, Result};

/// Seconds per target unless `OCILINT_FUZZ_SECONDS` says otherwise: ten targets (every one
/// `cargo fuzz list` names) and the build keep the stage inside its five minutes on a 2-core
/// CI machine.
const DEFAULT_SECONDS: u64 = 10;

pub(crate) fn smoke(root: &Path) -> Result<()> {
    let seconds = match env::var("OCILINT_FUZZ_SECONDS") {
        Ok(text) => text.parse::<u64>().or_else(|_| {
            fail(format!(
                "OCILINT_FUZZ_SECONDS: not a number of seconds: `{text}`"
            ))
        })?,
        Err(_) => DEFAULT_SECONDS,
    };
    let fuzz_dir = root.join("fuzz");
    // `fuzz/` is a workspace of its own, so the format and clippy stages do not see it.
    let started = Instant::now();
    Cmd::new("cargo")
        .args(["fmt", "--", "--check"])
        .dir(&fuzz_dir)
        .run()?;
    Cmd::new("cargo")
        .args(["clippy", "--all-targets", "--", "-D", "warnings"])
        .dir(&fuzz_dir)
        .run()?;
    eprintln!(
        "fuzz: targets formatted and linted in {}",
        human_duration(started.elapsed())
    );
    let started = Instant::now();
    Cmd::new("cargo")
        .args(["fuzz", "build", "-s", "none"])
        .dir(&fuzz_dir)
        .run()?;
    eprintln!(
        "fuzz: targets built in {}",
        human_duration(started.elapsed())
    );
    let listed = Cmd::new("cargo")
        .args(["fuzz", "list"])
        .dir(&fuzz_dir)
        .quiet()
        .output_ok()
        .ok_or_else(|| crate::cmd::Failure("`cargo fuzz list` failed".into()))?;
    let targets: Vec<&str> = listed.split_whitespace().collect();
    let work = root.join("target").join("fuzz-smoke");
    let mut failed = Vec::new();
    for target in &targets {
        let corpus = work.join("corpus").join(target);
        let artifacts = work.join("artifacts").join(target);
        for dir in [&corpus, &artifacts] {
            fs::create_dir_all(dir)
                .or_else(|e| fail(format!("cannot create {}: {e}", dir.display())))?;
        }
        let (status, log) = Cmd::new("cargo")
            .args(["fuzz", "run", "-s", "none", target])
            .arg(&corpus)
            .arg(fuzz_dir.join("corpus").join(target))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg("-timeout=10")
            .arg("-rss_limit_mb=2048")
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .dir(&fuzz_dir)
            .quiet()
            .output_all()?;
        let stats = Stats::of(&log);
        eprintln!(
            "fuzz: {target:<20} {:>9} executions in {:>3} s, cov: {}",
            stats.runs.map_or("?".into(), |r| r.to_string()),
            stats.seconds.map_or("?".into(), |s| s.to_string()),
            stats.coverage.map_or("?".into(), |c| c.to_string()),
        );
        if !status.success() {
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!(
                "fuzz: {target} failed ({status}); the input is in {}; the end of its log:",
                artifacts.display()
            );
            for line in tail.into_iter().rev() {
                eprintln!("    {line}");
            }
            failed.push(*target);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        fail(format!(
            "fuzz targets failed: {} (reproduce: cd fuzz && cargo fuzz run -s none <target> <input>)",
            failed.join(", ")
        ))
    }
}

/// What libFuzzer's log says of a run.
#[derive(Debug, Default, PartialEq)]
struct Stats {
    runs: Option<u64>,
    seconds: Option<u64>,
    coverage: Option<u64>,
}

impl Stats {
    /// From `Done 1234 runs in 10 second(s)` and the last status line's `cov: N`.
    fn of(log: &str) -> Stats {
        let mut stats = Stats::default();
        for line in log.lines() {
            if let Some(rest) = line.strip_prefix("Done ") {
                let mut words = rest.split_whitespace();
                stats.runs = words.next().and_then(|w| w.parse().ok());
                stats.seconds = words.nth(2).and_then(|w| w.parse().ok());
            }
            if let Some(at) = line.find(" cov: ") {
                stats.coverage = line[at + 6..]
                    .split_whitespace()
                    .next()
                    .and_then(|w| w.parse().ok());
            }
        }
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_runs_seconds_and_the_last_coverage() {
        let log = "#2\tINITED cov: 10 ft: 11 corp: 1/1b\n#4096\tpulse  cov: 20 ft: 30\n#9000\tDONE   cov: 25 ft: 40 corp: 5/9b\nDone 9000 runs in 11 second(s)\n";
        assert_eq!(
            Stats::of(log),
            Stats {
                runs: Some(9000),
                seconds: Some(11),
                coverage: Some(25)
            }
        );
        assert_eq!(Stats::of("error: could not compile"), Stats::default());
    }
}
