//! Running child processes with clear failures: every command is echoed, and a
//! failure says which command failed and how.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// An error that ends the xtask with a message for the user.
#[derive(Debug)]
pub(crate) struct Failure(pub(crate) String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub(crate) type Result<T> = std::result::Result<T, Failure>;

pub(crate) fn fail<T>(message: impl Into<String>) -> Result<T> {
    Err(Failure(message.into()))
}

/// A command line plus the environment changes it needs.
#[derive(Debug, Clone)]
pub(crate) struct Cmd {
    program: OsString,
    args: Vec<OsString>,
    envs: Vec<(OsString, Option<OsString>)>,
    dir: Option<std::path::PathBuf>,
    quiet: bool,
}

impl Cmd {
    pub(crate) fn new(program: impl AsRef<OsStr>) -> Self {
        Cmd {
            program: program.as_ref().to_owned(),
            args: Vec::new(),
            envs: Vec::new(),
            dir: None,
            quiet: false,
        }
    }

    pub(crate) fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub(crate) fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    pub(crate) fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.envs
            .push((key.as_ref().to_owned(), Some(value.as_ref().to_owned())));
        self
    }

    pub(crate) fn env_remove(mut self, key: impl AsRef<OsStr>) -> Self {
        self.envs.push((key.as_ref().to_owned(), None));
        self
    }

    pub(crate) fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.dir = Some(dir.as_ref().to_owned());
        self
    }

    /// Don't echo the command line (for probes whose failure is expected).
    pub(crate) fn quiet(mut self) -> Self {
        self.quiet = true;
        self
    }

    fn build(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        for (key, value) in &self.envs {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        if let Some(dir) = &self.dir {
            command.current_dir(dir);
        }
        command
    }

    fn echo(&self) {
        if !self.quiet {
            eprintln!("  $ {self}");
        }
    }

    /// Runs with inherited stdio; an unsuccessful exit is a [`Failure`].
    pub(crate) fn run(&self) -> Result<()> {
        self.echo();
        let status = self.status()?;
        if status.success() {
            Ok(())
        } else {
            fail(format!("`{self}` failed ({status})"))
        }
    }

    pub(crate) fn status(&self) -> Result<ExitStatus> {
        self.build()
            .status()
            .or_else(|e| fail(format!("cannot start `{self}`: {e}")))
    }

    /// Runs capturing output; `None` when it cannot start or exits unsuccessfully.
    pub(crate) fn output_ok(&self) -> Option<String> {
        let output = self.build().stdin(Stdio::null()).output().ok()?;
        if !output.status.success() {
            return None;
        }
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        Some(text)
    }

    /// Runs capturing stdout and stderr together, whatever the exit status.
    pub(crate) fn output_all(&self) -> Result<(ExitStatus, String)> {
        self.echo();
        let output = self
            .build()
            .stdin(Stdio::null())
            .output()
            .or_else(|e| fail(format!("cannot start `{self}`: {e}")))?;
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        Ok((output.status, text))
    }

    /// Runs with a time limit, output discarded. `Ok(None)` means it was killed at the limit.
    pub(crate) fn run_with_timeout(&self, limit: Duration) -> Result<Option<ExitStatus>> {
        self.echo();
        let mut child = self
            .build()
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .or_else(|e| fail(format!("cannot start `{self}`: {e}")))?;
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Ok(Some(status));
            }
            if started.elapsed() >= limit {
                // A hung download: stop it rather than wait for ever.
                let _ = child.kill();
                let _ = child.wait();
                return Ok(None);
            }
            thread::sleep(Duration::from_millis(200));
        }
    }
}

impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (key, value) in &self.envs {
            if let Some(value) = value {
                // PATH changes are long and noisy; the summary line says which toolchain is used.
                if key != "PATH" {
                    write!(f, "{}={} ", key.to_string_lossy(), value.to_string_lossy())?;
                }
            }
        }
        write!(f, "{}", self.program.to_string_lossy())?;
        for arg in &self.args {
            write!(f, " {}", arg.to_string_lossy())?;
        }
        Ok(())
    }
}

/// Formats a duration as `1m 02s` or `3.4s`.
pub(crate) fn human_duration(elapsed: Duration) -> String {
    let secs = elapsed.as_secs();
    if secs >= 60 {
        format!("{}m {:02}s", secs / 60, secs % 60)
    } else {
        format!("{:.1}s", elapsed.as_secs_f64())
    }
}
