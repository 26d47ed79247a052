//! Re-recording `tests/peers/loaders.tsv` through the real loaders (root; Debian 12 with
//! `podman skopeo containerd docker.io` installed): each case written under a scratch folder and
//! given to each loader with storage of its own for that case, so nothing one case stored can
//! stand in for a blob another case breaks (podman and skopeo: a fresh vfs root per run;
//! containerd: a namespace per run, content not shared between namespaces; dockerd: every image
//! removed after each load).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::cases::{self, Case};
use crate::procs::{self, Containerd, TempDir};
use crate::tsv::{self, Row};

const LIMIT: Duration = Duration::from_secs(120);

/// dockerd (20.10, Debian's docker.io) with its own data-root, exec-root and socket, vfs, no
/// networking set up, using the harness's containerd; killed on drop.
struct Dockerd {
    socket: PathBuf,
    child: Child,
}

impl Dockerd {
    fn start(scratch: &Path, containerd: &str) -> Dockerd {
        let dir = scratch.join("d");
        fs::create_dir_all(&dir).unwrap();
        let socket = dir.join("sock");
        let log = fs::File::create(dir.join("log")).unwrap();
        let child = Command::new("dockerd")
            .arg("--data-root")
            .arg(dir.join("root"))
            .arg("--exec-root")
            .arg(dir.join("exec"))
            .arg("--pidfile")
            .arg(dir.join("pid"))
            .arg("--host")
            .arg(format!("unix://{}", socket.display()))
            .args([
                "--iptables=false",
                "--ip6tables=false",
                "--bridge=none",
                "--storage-driver",
                "vfs",
                "--containerd",
                containerd,
            ])
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("dockerd (apt-get install docker.io)");
        let daemon = Dockerd { socket, child };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if daemon.docker(&["version"], &dir).code == Some(0) {
                return daemon;
            }
            sleep(Duration::from_millis(300));
        }
        panic!(
            "dockerd did not start: {}",
            fs::read_to_string(dir.join("log")).unwrap_or_default()
        );
    }

    fn docker(&self, args: &[&str], scratch: &Path) -> procs::Output {
        procs::run(
            Command::new("docker")
                .arg("-H")
                .arg(format!("unix://{}", self.socket.display()))
                .args(args),
            LIMIT,
            Some(scratch),
        )
    }

    /// Removes every image, so the next load starts from an empty store.
    fn clear(&self, scratch: &Path) {
        let ids = self.docker(&["images", "-aq"], scratch).stdout;
        let ids: Vec<&str> = ids.split_whitespace().collect();
        if !ids.is_empty() {
            let mut args = vec!["rmi", "-f"];
            args.extend(ids);
            self.docker(&args, scratch);
        }
    }
}

impl Drop for Dockerd {
    /// SIGTERM first, so dockerd unmounts the bind mount it makes of its data-root; SIGKILL
    /// after 15 s; then that mount is undone if it is still there.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let end = Instant::now() + Duration::from_secs(15);
        let mut exited = false;
        while Instant::now() < end {
            if let Ok(Some(_)) = self.child.try_wait() {
                exited = true;
                break;
            }
            sleep(Duration::from_millis(100));
        }
        if !exited {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if let Some(root) = self.socket.parent().map(|d| d.join("root")) {
            let _ = Command::new("umount").arg(&root).status();
        }
    }
}

fn package_version(package: &str) -> String {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f", "${Version}", package])
        .output()
        .expect("dpkg-query");
    let version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(
        out.status.success() && !version.is_empty(),
        "{package} is not installed: apt-get install {package}"
    );
    version
}

/// What changes from run to run in the programs' words: the scratch folder, temporary
/// folders, the date in containerd's import names.
fn normalise(text: &str, scratch: &Path) -> String {
    let mut out = text.replace(&scratch.display().to_string(), "<tmp>");
    for marker in [
        "/oci",
        "/storage",
        "docker-import-",
        "containerd-mount",
        "extract-",
    ] {
        let mut result = String::new();
        let mut rest = out.as_str();
        while let Some(at) = rest.find(marker) {
            result.push_str(&rest[..at + marker.len()]);
            rest = &rest[at + marker.len()..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits >= 6 {
                result.push_str("<n>");
                rest = &rest[digits..];
                // containerd's `extract-<n>-<4 random letters>`
                let suffix = rest
                    .bytes()
                    .skip(1)
                    .take_while(u8::is_ascii_alphanumeric)
                    .count();
                if rest.starts_with('-') && suffix == 4 {
                    rest = &rest[5..];
                }
            }
        }
        result.push_str(rest);
        out = result;
    }
    // Log lines' `time="…" `.
    while let Some(at) = out.find("time=\"") {
        let Some(end) = out[at + 6..].find('"') else {
            break;
        };
        out.replace_range(at..at + 6 + end + 1, "time=<t>");
    }
    // `import-2026-12-03:multi`: containerd names an unnamed import by the day.
    let mut result = String::new();
    let mut rest = out.as_str();
    while let Some(at) = rest.find("import-") {
        result.push_str(&rest[..at + 7]);
        rest = &rest[at + 7..];
        let date = rest.as_bytes();
        if date.len() >= 10
            && date[..10].iter().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    *b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
        {
            result.push_str("<date>");
            rest = &rest[10..];
        }
    }
    result.push_str(rest);
    result
}

/// The program's first error, as the comparison reads it: podman's line for the transport
/// of the input (else its `Error:` line), skopeo's fatal message, ctr's and docker's last line.
pub(crate) fn first_error(program: &str, transport: &str, stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    match program {
        "podman" => {
            let wanted = format!("* {transport}: ");
            lines
                .iter()
                .find_map(|l| l.strip_prefix(&wanted))
                .or_else(|| lines.iter().find_map(|l| l.strip_prefix("Error: ")))
                .unwrap_or_else(|| lines.last().copied().unwrap_or(""))
                .to_owned()
        }
        "skopeo" => lines
            .iter()
            .filter(|l| l.contains("level=fatal"))
            .find_map(|l| {
                let (_, msg) = l.split_once("msg=\"")?;
                Some(msg.trim_end_matches('"').replace("\\\"", "\""))
            })
            .unwrap_or_else(|| lines.last().copied().unwrap_or("").to_owned()),
        _ => {
            let last = lines.last().copied().unwrap_or("");
            last.strip_prefix("ctr: ").unwrap_or(last).to_owned()
        }
    }
}

/// The source transport skopeo and podman use for the case.
pub(crate) fn transport(case: &Case) -> &'static str {
    match (case.form, case.docker) {
        (cases::Form::Folder, _) => "oci",
        (_, true) => "docker-archive",
        (_, false) => "oci-archive",
    }
}

pub(crate) fn record() {
    let versions = [
        ("podman", package_version("podman")),
        ("skopeo", package_version("skopeo")),
        ("containerd", package_version("containerd")),
        ("dockerd", package_version("docker.io")),
    ];
    let version = |program: &str| {
        versions
            .iter()
            .find(|(p, _)| *p == program)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let scratch = TempDir::new();
    let dir = scratch.path().to_owned();
    let containerd = Containerd::start(&dir);
    let socket = containerd.socket_str();
    let dockerd = Dockerd::start(&dir, &socket);
    let mut rows = Vec::new();
    let all = crate::every_case();
    let started = Instant::now();
    for (n, case) in all.iter().enumerate() {
        let case_dir = dir.join(format!("case-{n}"));
        fs::create_dir_all(&case_dir).unwrap();
        let path = case.write(&case_dir);
        let transport = transport(case);
        for (program, operation) in crate::operations(case) {
            let store = case_dir.join(format!("s-{}", program));
            let output = match (program, operation) {
                ("podman", _) => {
                    let mut args = procs::podman_globals(&store);
                    args.extend(["load".into(), "-i".into(), path.display().to_string()]);
                    procs::run(
                        Command::new("podman").args(&args).env("TMPDIR", &case_dir),
                        LIMIT,
                        Some(&case_dir),
                    )
                }
                ("skopeo", _) => {
                    let p = store.join("p");
                    let destination = format!(
                        "containers-storage:[vfs@{}+{}]localhost/loaders:t",
                        p.join("root").display(),
                        p.join("run").display()
                    );
                    procs::run(
                        Command::new("skopeo")
                            .args(["--insecure-policy", "copy"])
                            .arg(format!("{transport}:{}", path.display()))
                            .arg(destination)
                            .env("TMPDIR", &case_dir),
                        LIMIT,
                        Some(&case_dir),
                    )
                }
                ("containerd", _) => {
                    let mut cmd = Command::new("ctr");
                    cmd.args([
                        "--address",
                        &socket,
                        "-n",
                        &format!("c{n}{}", operation.len()),
                    ])
                    .args(["images", "import", "--snapshotter", "native"]);
                    if operation.ends_with("--all-platforms") {
                        cmd.arg("--all-platforms");
                    }
                    procs::run(cmd.arg(&path), LIMIT, Some(&case_dir))
                }
                ("dockerd", _) => {
                    let out =
                        dockerd.docker(&["load", "-i", &path.display().to_string()], &case_dir);
                    dockerd.clear(&case_dir);
                    out
                }
                _ => unreachable!(),
            };
            let _ = fs::remove_dir_all(&store);
            let stderr = normalise(&output.stderr, &dir);
            let stdout = normalise(&output.stdout, &dir);
            let accepted = output.code == Some(0);
            let full = if accepted {
                stdout.trim().to_owned()
            } else {
                format!("{}\n{}", stderr.trim(), stdout.trim())
                    .trim()
                    .to_owned()
            };
            let row = Row {
                case: case.name.clone(),
                sha256: case.sha256(),
                program: program.to_owned(),
                version: version(program),
                operation: operation.to_owned(),
                outcome: if accepted { "accept" } else { "reject" }.to_owned(),
                first_error: if accepted {
                    String::new()
                } else {
                    first_error(program, transport, &stderr)
                },
                full_error: full.chars().take(2000).collect(),
            };
            println!(
                "{:<44} {:<10} {:<24} {:<6} {}",
                row.case, row.program, row.operation, row.outcome, row.first_error
            );
            rows.push(row);
        }
        let _ = fs::remove_dir_all(&case_dir);
    }
    drop(dockerd);
    drop(containerd);
    fs::write(tsv::path(), tsv::write(&rows)).unwrap();
    println!(
        "{} rows for {} cases written to {} in {:.0?}",
        rows.len(),
        all.len(),
        tsv::path().display(),
        started.elapsed()
    );
}
