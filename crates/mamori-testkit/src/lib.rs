//! Test support for Mamori: throwaway PostgreSQL databases, a real SMTP server and a headless
//! Chromium/chromedriver, with a "loud skip / hard fail" policy when the
//! external tools are missing.
//!
//! * [`pg::fresh_database`] returns a URL to a brand-new empty database, either
//!   on the server named by `MAMORI_TEST_PG_URL` or on a throwaway cluster that
//!   this test process starts once (and that disappears shortly after the
//!   process exits, however it exits).
//! * [`browser::chromedriver`] starts a chromedriver on a free port (killed on
//!   drop); [`browser::chrome_capabilities`] gives W3C capabilities for
//!   headless Chromium that also work as root.
//! * When a tool is missing the helpers print a loud `SKIPPED ...` line and
//!   return `None`; set `MAMORI_REQUIRE_PG=1` / `MAMORI_REQUIRE_BROWSER=1` (CI)
//!   to turn such skips into test failures.

use std::io::Write as _;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

pub mod browser;
pub mod ldap;
pub mod oidc;
pub mod pdf;
pub mod pg;
pub mod smtp;

/// `true` when the environment variable `var` is set to `1`, `true` or `yes`
/// (case-insensitive, surrounding whitespace ignored).
pub fn required(var: &str) -> bool {
    std::env::var(var)
        .map(|v| {
            let v = v.trim().to_ascii_lowercase();
            v == "1" || v == "true" || v == "yes"
        })
        .unwrap_or(false)
}

/// Reports that a test cannot run because `what` (e.g. `"PostgreSQL"`) is not
/// available, for the reason `why`.
///
/// Prints a loud line straight to the process's stderr (bypassing libtest's
/// output capture, so it is visible even for passing tests):
///
/// ```text
/// SKIPPED [my_test] (no PostgreSQL): <why> — set MAMORI_REQUIRE_PG=1 to make this a failure
/// ```
///
/// and returns, so the caller can return early. When [`required`]`(require_var)`
/// holds, it panics with a clear message instead (reported at the caller's
/// location).
#[track_caller]
pub fn skip_or_fail(what: &str, why: &str, require_var: &str) {
    let test = std::thread::current()
        .name()
        .map(|n| format!(" [{n}]"))
        .unwrap_or_default();
    if required(require_var) {
        panic!("{what} is required ({require_var}=1) but not available{test}: {why}");
    }
    let line =
        format!("SKIPPED{test} (no {what}): {why} — set {require_var}=1 to make this a failure\n");
    let mut err = std::io::stderr().lock();
    // Best effort: nothing sensible to do if stderr is gone.
    let _ = err.write_all(line.as_bytes());
    let _ = err.flush();
}

/// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read
/// the port, release it). Callers that start servers on it should retry with a
/// new port if the bind fails (the helpers in this crate do).
///
/// # Panics
/// When no socket can be bound on 127.0.0.1 at all.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap_or_else(|e| panic!("cannot bind a TCP socket on 127.0.0.1: {e}"));
    listener
        .local_addr()
        .unwrap_or_else(|e| panic!("cannot read the bound socket address: {e}"))
        .port()
}

// ---------------------------------------------------------------------------
// Internal helpers shared by the modules.

/// Whether `path` is a regular file with an execute bit.
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// `which name`: the first executable `name` on `$PATH`.
fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

/// Whether this process runs with effective uid 0.
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt as _;
    if let Ok(meta) = std::fs::metadata("/proc/self") {
        return meta.uid() == 0;
    }
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// The last `max_lines` lines of a file (empty when unreadable).
fn tail_file(path: &Path, max_lines: usize) -> String {
    let bytes = std::fs::read(path).unwrap_or_default();
    tail_text(&String::from_utf8_lossy(&bytes), max_lines)
}

fn tail_text(text: &str, max_lines: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(max_lines);
    lines[start..].join("\n")
}

/// Waits up to `timeout` for `child` to exit; `true` when it did.
fn wait_timeout(child: &mut Child, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => return true,
            Ok(None) if Instant::now() >= deadline => return false,
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// A tiny `sh` watchdog that runs a cleanup script when this process goes
/// away.
///
/// The script's stdin is a pipe whose only write end lives in this process
/// (Rust creates pipes close-on-exec, so no other child inherits it). The
/// script starts with `cat >/dev/null`, which returns at EOF: when this
/// process exits — normally, by panic, or by SIGKILL — or when [`trigger`] is
/// called. The watchdog runs in its own process group so a Ctrl-C aimed at
/// the test run does not kill it before it has cleaned up.
///
/// [`trigger`]: ExitWatch::trigger
#[derive(Debug)]
struct ExitWatch {
    child: Child,
    stdin: Option<ChildStdin>,
}

impl ExitWatch {
    fn spawn(name: &str, script: &str, args: &[&std::ffi::OsStr]) -> std::io::Result<Self> {
        use std::os::unix::process::CommandExt as _;
        let mut child = Command::new("/bin/sh")
            .arg("-c")
            .arg(script)
            .arg(name)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .current_dir("/")
            .process_group(0)
            .spawn()?;
        let stdin = child.stdin.take();
        Ok(Self { child, stdin })
    }

    /// Lets the cleanup start now (closes the pipe) without waiting.
    fn release(&mut self) {
        drop(self.stdin.take());
    }

    /// Waits up to `timeout` for the watchdog to finish (kills it after).
    fn wait(&mut self, timeout: Duration) {
        if !wait_timeout(&mut self.child, timeout) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// Runs the cleanup now and waits up to `timeout` for it to finish.
    fn trigger(&mut self, timeout: Duration) {
        self.release();
        self.wait(timeout);
    }
}
