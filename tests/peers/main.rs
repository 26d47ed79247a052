//! Peers: the seed fixtures and problem documents, pushed to a real distribution 2.8 registry
//! on loopback and pulled with skopeo, podman and containerd (`ctr`), as Debian ships them.
//! Prints what each program did, beside ocilint's diagnostics, and writes
//! `target/peers/results.json`.
//!
//! Run as root: `cargo test -p ocilint-tests --test peers -- --ignored --nocapture`.
//! Needs `apt-get install docker-registry skopeo podman containerd`; installs nothing itself.
//! All traffic goes to 127.0.0.1; every process and request has a bounded wait, and every
//! server started here is stopped by a drop guard.

mod blobs;
mod cases;
mod procs;
mod registry;

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use ocilint_core::targets::{Operation, Selection, Verdict as TargetVerdict};
use ocilint_core::{check, CheckOptions, Severity};
use serde_json::{json, Value};

use procs::{run, Containerd, Registry, TempDir};

const PACKAGES: [&str; 4] = ["docker-registry", "skopeo", "podman", "containerd"];
const PULL_TIMEOUT: Duration = Duration::from_secs(120);

/// The installed version of a Debian package, if it is installed.
fn package_version(name: &str) -> Option<String> {
    let out = run(
        std::process::Command::new("dpkg-query").args(["-W", "-f=${Status}\t${Version}", name]),
        Duration::from_secs(20),
        None,
    );
    let text = out.stdout.trim();
    let (status, version) = text.split_once('\t')?;
    (out.code == Some(0) && status.ends_with(" installed")).then(|| version.to_owned())
}

/// What one program did with one case.
#[derive(Debug, Clone)]
struct Verdict {
    accepted: bool,
    /// The first line that says what went wrong (empty when accepted).
    error: String,
    /// The full error output, shortened.
    detail: String,
}

impl Verdict {
    fn cell(&self) -> String {
        if self.accepted {
            "accept".to_owned()
        } else {
            format!("REJECT: {}", shorten(&self.error, 160))
        }
    }

    fn json(&self) -> Value {
        json!({"accepted": self.accepted, "error": self.error, "detail": self.detail})
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// The line of a Go program's stderr that carries the error: the last `Error:`/`ctr:` line or
/// a logrus `level=fatal`/`level=error` message, else the last non-empty line.
fn error_line(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let pick = lines
        .iter()
        .rev()
        .find(|l| l.starts_with("Error") || l.starts_with("ctr:") || l.contains("level=fatal"))
        .or_else(|| lines.last())
        .copied()
        .unwrap_or("");
    // `time="…" level=fatal msg="…"`: keep the message.
    match pick.find("msg=") {
        Some(at) => pick[at + 4..].trim_matches('"').replace("\\\"", "\""),
        None => pick.to_owned(),
    }
}

fn pull_verdict(out: &procs::Output) -> Verdict {
    if out.timed_out {
        return Verdict {
            accepted: false,
            error: "timed out".to_owned(),
            detail: shorten(&out.stderr, 2000),
        };
    }
    let accepted = out.code == Some(0);
    Verdict {
        accepted,
        error: if accepted {
            String::new()
        } else {
            error_line(&out.stderr)
        },
        detail: shorten(&format!("{}{}", out.stdout, out.stderr), 2000),
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| ocilint_tests::repo_root().join("target"))
}

fn ocilint_codes(bytes: &[u8], content_type: &str) -> (Vec<String>, Value) {
    let report = check(
        bytes,
        &CheckOptions {
            content_type: Some(content_type.to_owned()),
            ..Default::default()
        },
    );
    let codes: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| {
            let s = if d.severity == Severity::Error {
                "E"
            } else {
                "W"
            };
            format!("{s}:{}", d.code)
        })
        .fold(Vec::new(), |mut seen: Vec<String>, code| {
            if !seen.contains(&code) {
                seen.push(code);
            }
            seen
        });
    let full: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| json!({"code": d.code, "severity": d.severity.as_str(), "message": d.message, "pointer": d.pointer}))
        .collect();
    (codes, Value::Array(full))
}

#[test]
#[ignore = "needs root and docker-registry, skopeo, podman, containerd; see tests/peers/README.md"]
fn peers() {
    let started = Instant::now();
    let mut versions = Vec::new();
    let mut missing = Vec::new();
    for name in PACKAGES {
        match package_version(name) {
            Some(v) => versions.push((name, v)),
            None => missing.push(name),
        }
    }
    assert!(
        missing.is_empty(),
        "missing Debian packages: {}; install them as root with `apt-get install {}` \
         (this harness installs nothing itself)",
        missing.join(", "),
        PACKAGES.join(" ")
    );
    for (name, v) in &versions {
        println!("{name} {v}");
    }

    let tmp = TempDir::new();
    let registry = Registry::start(tmp.path());
    let containerd = Containerd::start(tmp.path());
    let reg = registry::Client::new(registry.port);

    let cases = cases::all();
    let mut rows = Vec::new();
    for case in &cases {
        let repo = format!("peers/{}", case.name);
        let tag = "t";
        let pushed = cases::realize(&reg, &repo, case);
        let (codes, diagnostics) = ocilint_codes(&pushed.bytes, &case.content_type);
        let (status, body) = reg.put_manifest(&repo, tag, &case.content_type, &pushed.bytes);
        let push = if (200..300).contains(&status) {
            Verdict {
                accepted: true,
                error: String::new(),
                detail: String::new(),
            }
        } else {
            let first = body.lines().next().unwrap_or("").to_owned();
            Verdict {
                accepted: false,
                error: format!("{status} {first}"),
                detail: shorten(&body, 2000),
            }
        };
        let reference = format!("127.0.0.1:{}/{repo}:{tag}", registry.port);
        let (skopeo, podman, ctr) = if push.accepted {
            let dir = tmp.path().join("skopeo").join(&case.name);
            fs::create_dir_all(&dir).expect("skopeo destination");
            let skopeo = pull_verdict(&run(
                std::process::Command::new("skopeo").args([
                    "--insecure-policy",
                    "copy",
                    "--src-tls-verify=false",
                    &format!("docker://{reference}"),
                    &format!("oci:{}:t", dir.display()),
                ]),
                PULL_TIMEOUT,
                Some(tmp.path()),
            ));
            let podman = pull_verdict(&run(
                std::process::Command::new("podman")
                    .args(procs::podman_globals(tmp.path()))
                    .args(["pull", "--tls-verify=false", &reference]),
                PULL_TIMEOUT,
                Some(tmp.path()),
            ));
            let ctr = pull_verdict(&run(
                std::process::Command::new("ctr")
                    .args(["--address", &containerd.socket_str(), "-n", "peers"])
                    .args([
                        "images",
                        "pull",
                        "--plain-http",
                        "--snapshotter",
                        "native",
                        &reference,
                    ]),
                PULL_TIMEOUT,
                Some(tmp.path()),
            ));
            (Some(skopeo), Some(podman), Some(ctr))
        } else {
            (None, None, None)
        };
        rows.push((case, pushed, codes, diagnostics, push, skopeo, podman, ctr));
    }
    drop(containerd);
    drop(registry);

    // The table.
    let not_pushed = "(not pushed)".to_owned();
    let cell = |v: &Option<Verdict>| v.as_ref().map(Verdict::cell).unwrap_or(not_pushed.clone());
    let mut table = String::new();
    table.push_str(
        "| case | Content-Type | ocilint (E/W codes) | distribution push | skopeo copy | podman pull | ctr pull | ocilint vs software |\n",
    );
    table.push_str("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    let mut json_rows = Vec::new();
    for (case, pushed, codes, diagnostics, push, skopeo, podman, ctr) in &rows {
        let codes_text = if codes.is_empty() {
            "—".to_owned()
        } else {
            codes.join(" ")
        };
        let refused = [Some(push), skopeo.as_ref(), podman.as_ref(), ctr.as_ref()]
            .into_iter()
            .flatten()
            .any(|v| !v.accepted);
        let agreement = match (codes.is_empty(), refused) {
            (true, false) => "agree: silent, all accept",
            (false, true) => "agree: flagged, something refused",
            (true, true) => "DISAGREE: silent, something refused",
            (false, false) => "DISAGREE: flagged, all accept",
        };
        writeln!(
            table,
            "| `{}` | `{}` | {} | {} | {} | {} | {} | {agreement} |",
            case.name,
            case.content_type.trim_start_matches("application/"),
            codes_text,
            push.cell().replace('|', "\\|"),
            cell(skopeo).replace('|', "\\|"),
            cell(podman).replace('|', "\\|"),
            cell(ctr).replace('|', "\\|"),
        )
        .unwrap();
        json_rows.push(json!({
            "case": case.name,
            "about": case.about,
            "contentType": case.content_type,
            "digest": pushed.digest,
            "size": pushed.bytes.len(),
            "ocilint": {"codes": codes, "diagnostics": diagnostics},
            "distribution": push.json(),
            "skopeo": skopeo.as_ref().map(Verdict::json),
            "podman": podman.as_ref().map(Verdict::json),
            "ctr": ctr.as_ref().map(Verdict::json),
            "agreement": agreement,
        }));
    }
    println!("\n{table}");

    // Each program against ocilint's profile of it, at the version measured here.
    let profiles = [
        ("distribution push", "distribution@v2.8", Operation::Push),
        ("skopeo copy", "podman@4.3", Operation::Copy),
        ("podman pull", "podman@4.3", Operation::Pull),
        ("ctr pull", "containerd@1.6", Operation::Pull),
    ];
    let mut agreement_lines = String::new();
    let mut disagreements = String::new();
    for (column, (program, profile, operation)) in profiles.iter().enumerate() {
        let selection = Selection::parse(profile).expect("a known profile");
        let (mut agreed, mut compared) = (0, 0);
        for (case, pushed, _, _, push, skopeo, podman, ctr) in &rows {
            let measured = [Some(push), skopeo.as_ref(), podman.as_ref(), ctr.as_ref()][column];
            let Some(measured) = measured else {
                continue;
            };
            let report = check(
                &pushed.bytes,
                &CheckOptions {
                    content_type: Some(case.content_type.clone()),
                    targets: vec![selection.clone()],
                    ..Default::default()
                },
            );
            let Some(profile_verdict) = report.targets.iter().find(|t| t.operation == *operation)
            else {
                continue;
            };
            compared += 1;
            let predicted = match profile_verdict.verdict {
                TargetVerdict::Accept | TargetVerdict::Warn => Some(true),
                TargetVerdict::Reject => Some(false),
                TargetVerdict::Unknown => None,
            };
            if predicted == Some(measured.accepted) {
                agreed += 1;
            } else {
                writeln!(
                    disagreements,
                    "- `{}`, {program} vs `{profile}`: ocilint says {:?} ({}), the program {}",
                    case.name,
                    profile_verdict.verdict,
                    profile_verdict.message.as_deref().unwrap_or("-"),
                    if measured.accepted {
                        "accepted".to_owned()
                    } else {
                        format!("refused: {}", shorten(&measured.error, 160))
                    }
                )
                .unwrap();
            }
        }
        writeln!(
            agreement_lines,
            "- {program} vs `{profile}`: agreed {agreed} / {compared}"
        )
        .unwrap();
    }
    println!("profiles against the software:\n{agreement_lines}");
    println!(
        "disagreements:\n{}",
        if disagreements.is_empty() {
            "- none\n"
        } else {
            &disagreements
        }
    );
    table.push_str("\nProfiles against the software:\n\n");
    table.push_str(&agreement_lines);
    table.push_str("\nDisagreements:\n\n");
    table.push_str(if disagreements.is_empty() {
        "- none\n"
    } else {
        &disagreements
    });
    println!("took {:.0?}", started.elapsed());

    let out_dir = target_dir().join("peers");
    fs::create_dir_all(&out_dir).expect("target/peers");
    let results = json!({
        "packages": versions.iter().map(|(n, v)| json!({"name": n, "version": v})).collect::<Vec<_>>(),
        "seconds": started.elapsed().as_secs(),
        "cases": json_rows,
    });
    let path = out_dir.join("results.json");
    fs::write(&path, serde_json::to_vec_pretty(&results).unwrap()).expect("results.json");
    fs::write(out_dir.join("results.md"), &table).expect("results.md");
    println!("wrote {}", path.display());
    drop(tmp);
}
