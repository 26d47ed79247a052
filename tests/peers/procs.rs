//! Processes with bounded waits, and drop guards for the servers and the scratch folder.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// What a finished (or killed) command printed.
#[derive(Debug)]
pub(crate) struct Output {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) timed_out: bool,
}

/// Keeps the programs on loopback: no proxy for anything, whatever the caller's environment.
fn loopback_only(cmd: &mut Command) {
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost");
}

fn wait_bounded(child: &mut Child, timeout: Duration) -> (Option<i32>, bool) {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return (status.code(), false),
            Ok(None) if Instant::now() < deadline => sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                let end = Instant::now() + Duration::from_secs(5);
                while Instant::now() < end {
                    if let Ok(Some(_)) = child.try_wait() {
                        break;
                    }
                    sleep(Duration::from_millis(50));
                }
                return (None, true);
            }
        }
    }
}

/// Runs a command to its end or `timeout`, its output captured in files (`scratch`, or the
/// system temp folder) so that no pipe can block it.
pub(crate) fn run(cmd: &mut Command, timeout: Duration, scratch: Option<&Path>) -> Output {
    let dir = scratch
        .map(Path::to_owned)
        .unwrap_or_else(std::env::temp_dir);
    let stamp = format!("{}-{}", std::process::id(), next_stamp());
    let out_path = dir.join(format!("out-{stamp}"));
    let err_path = dir.join(format!("err-{stamp}"));
    loopback_only(cmd);
    let spawned = cmd
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).expect("stdout file"))
        .stderr(fs::File::create(&err_path).expect("stderr file"))
        .spawn();
    let (code, timed_out) = match spawned {
        Ok(mut child) => wait_bounded(&mut child, timeout),
        Err(e) => {
            let _ = fs::remove_file(&out_path);
            let _ = fs::remove_file(&err_path);
            return Output {
                code: None,
                stdout: String::new(),
                stderr: format!("could not start {:?}: {e}", cmd.get_program()),
                timed_out: false,
            };
        }
    };
    let read = |p: &Path| String::from_utf8_lossy(&fs::read(p).unwrap_or_default()).into_owned();
    let output = Output {
        code,
        stdout: read(&out_path),
        stderr: read(&err_path),
        timed_out,
    };
    let _ = fs::remove_file(&out_path);
    let _ = fs::remove_file(&err_path);
    output
}

fn next_stamp() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// A scratch folder under /tmp (short, for socket paths), removed on drop.
#[derive(Debug)]
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new() -> TempDir {
        let path = PathBuf::from(format!("/tmp/ocilint-peers-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("scratch folder");
        TempDir(path)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A server process, killed (and reaped, with a bounded wait) on drop.
#[derive(Debug)]
struct Server {
    name: &'static str,
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let end = Instant::now() + Duration::from_secs(10);
        while Instant::now() < end {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            sleep(Duration::from_millis(50));
        }
        eprintln!(
            "warning: {} (pid {}) did not exit",
            self.name,
            self.child.id()
        );
    }
}

fn spawn_server(name: &'static str, cmd: &mut Command, log: &Path) -> Server {
    loopback_only(cmd);
    let log_file = fs::File::create(log).expect("server log");
    let child = cmd
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().expect("log"))
        .stderr(log_file)
        .spawn()
        .unwrap_or_else(|e| panic!("could not start {name}: {e}"));
    Server { name, child }
}

fn wait_until(what: &str, log: &Path, timeout: Duration, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if ready() {
            return;
        }
        sleep(Duration::from_millis(200));
    }
    let log = fs::read_to_string(log).unwrap_or_default();
    panic!("{what} did not become ready within {timeout:?}; its log:\n{log}");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// distribution 2.8 (`docker-registry`) on 127.0.0.1 with its own config and storage.
#[derive(Debug)]
pub(crate) struct Registry {
    pub(crate) port: u16,
    _server: Server,
}

impl Registry {
    pub(crate) fn start(scratch: &Path) -> Registry {
        Registry::start_with(scratch, "")
    }

    /// With `extra` appended to its configuration (an `auth:` section, `http.tls`…; the
    /// `http:` section is last, so indented keys join it).
    pub(crate) fn start_with(scratch: &Path, extra: &str) -> Registry {
        let port = free_port();
        let dir = scratch.join("registry");
        fs::create_dir_all(dir.join("storage")).expect("registry storage");
        let config = dir.join("config.yml");
        fs::write(
            &config,
            format!(
                "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {}\n  \
                 delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n{extra}",
                dir.join("storage").display()
            ),
        )
        .expect("registry config");
        let log = dir.join("log");
        let server = spawn_server(
            "docker-registry",
            Command::new("docker-registry").arg("serve").arg(&config),
            &log,
        );
        // Listening is enough: the registry opens its port once it is set up (and a TLS one
        // would not answer plain HTTP).
        wait_until("docker-registry", &log, Duration::from_secs(20), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        Registry {
            port,
            _server: server,
        }
    }
}

/// containerd 1.6 with its own socket, root and state folders and the native snapshotter.
#[derive(Debug)]
pub(crate) struct Containerd {
    socket: PathBuf,
    _server: Server,
}

impl Containerd {
    pub(crate) fn start(scratch: &Path) -> Containerd {
        let dir = scratch.join("c");
        fs::create_dir_all(&dir).expect("containerd folder");
        let socket = dir.join("sock");
        let config = dir.join("config.toml");
        fs::write(
            &config,
            format!(
                "version = 2\nroot = \"{root}\"\nstate = \"{state}\"\n\
                 disabled_plugins = [\"io.containerd.grpc.v1.cri\", \"io.containerd.snapshotter.v1.btrfs\", \
                 \"io.containerd.snapshotter.v1.zfs\", \"io.containerd.snapshotter.v1.devmapper\", \
                 \"io.containerd.snapshotter.v1.aufs\", \"io.containerd.tracing.processor.v1.otlp\"]\n\
                 [grpc]\n  address = \"{sock}\"\n[ttrpc]\n  address = \"{sock}.ttrpc\"\n\
                 [debug]\n  address = \"\"\n[metrics]\n  address = \"\"\n\
                 [plugins.\"io.containerd.internal.v1.opt\"]\n  path = \"{opt}\"\n\
                 [plugins.\"io.containerd.metadata.v1.bolt\"]\n  content_sharing_policy = \"isolated\"\n",
                root = dir.join("root").display(),
                state = dir.join("state").display(),
                sock = socket.display(),
                opt = dir.join("opt").display(),
            ),
        )
        .expect("containerd config");
        let log = dir.join("log");
        let server = spawn_server(
            "containerd",
            Command::new("containerd").arg("--config").arg(&config),
            &log,
        );
        let sock = socket.display().to_string();
        wait_until("containerd", &log, Duration::from_secs(30), || {
            run(
                Command::new("ctr").args(["--address", &sock, "version"]),
                Duration::from_secs(5),
                Some(&dir),
            )
            .code
                == Some(0)
        });
        Containerd {
            socket,
            _server: server,
        }
    }

    pub(crate) fn socket_str(&self) -> String {
        self.socket.display().to_string()
    }
}

/// podman's global options: its own short root and runroot under the scratch folder, vfs, and
/// nothing that needs systemd.
pub(crate) fn podman_globals(scratch: &Path) -> Vec<String> {
    let p = scratch.join("p");
    vec![
        "--root".into(),
        p.join("root").display().to_string(),
        "--runroot".into(),
        p.join("run").display().to_string(),
        "--tmpdir".into(),
        p.join("tmp").display().to_string(),
        "--storage-driver".into(),
        "vfs".into(),
        "--cgroup-manager".into(),
        "cgroupfs".into(),
        "--events-backend".into(),
        "file".into(),
    ]
}
