//! A real SMTP server for tests: Python's `aiosmtpd` (Debian's `python3-aiosmtpd`)
//! with a small handler that keeps every message it accepts as a file of the raw
//! bytes received, and refuses (550) recipients whose local part starts with
//! `reject`, so tests can read the actual messages and meet a refusal.
//!
//! [`SmtpServer::stop`] and [`SmtpServer::start_again`] take the server away and bring
//! it back on the same port, for tests of an outage. Missing Python or `aiosmtpd`
//! skips loudly, or fails with `MAMORI_REQUIRE_SMTP=1` (CI).

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{free_port, skip_or_fail};

const SERVER: &str = r#"
import itertools, os, sys, time
from aiosmtpd.controller import Controller

out, port = sys.argv[1], int(sys.argv[2])
counter = itertools.count()

class Keep:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].lower().startswith("reject"):
            return "550 5.1.1 <%s>: no such user here" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = "%020d-%06d.eml" % (time.time_ns(), next(counter))
        tmp = os.path.join(out, "." + name)
        with open(tmp, "wb") as f:
            f.write(b"X-Test-Rcpt-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(tmp, os.path.join(out, name))
        return "250 2.0.0 kept as " + name

c = Controller(Keep(), hostname="127.0.0.1", port=port, decode_data=False)
c.start()
print("ready", flush=True)
sys.stdin.read()
c.stop()
"#;

/// The Python that has `aiosmtpd`: `MAMORI_PYTHON`, Debian's `/usr/bin/python3`, or
/// `python3` on the path.
fn python() -> Option<PathBuf> {
    let candidates = std::env::var_os("MAMORI_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from("/usr/bin/python3"), PathBuf::from("python3")]);
    for p in candidates {
        let ok = Command::new(&p)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(p);
        }
    }
    None
}

/// A running SMTP server that keeps what it receives; stopped on drop.
#[derive(Debug)]
pub struct SmtpServer {
    python: PathBuf,
    child: Option<Child>,
    port: u16,
    dir: tempfile::TempDir,
}

impl SmtpServer {
    /// Starts a server on a free port, or reports the skip and returns `None`.
    #[track_caller]
    pub fn start() -> Option<Self> {
        let Some(python) = python() else {
            skip_or_fail(
                "SMTP server",
                "no Python with aiosmtpd (apt-get install python3-aiosmtpd)",
                "MAMORI_REQUIRE_SMTP",
            );
            return None;
        };
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("cannot make a directory for the SMTP server: {e}"),
        };
        let mut s = Self {
            python,
            child: None,
            port: free_port(),
            dir,
        };
        let mut last = String::new();
        for _ in 0..5 {
            match s.spawn() {
                Ok(()) => return Some(s),
                Err(e) => {
                    last = e;
                    s.port = free_port();
                }
            }
        }
        panic!("the SMTP server would not start: {last}");
    }

    fn spawn(&mut self) -> Result<(), String> {
        let mut child = Command::new(&self.python)
            .arg("-c")
            .arg(SERVER)
            .arg(self.dir.path())
            .arg(self.port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", self.python.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        if line.trim() != "ready" {
            let _ = child.kill();
            let out = child.wait_with_output().map_err(|e| e.to_string())?;
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        self.child = Some(child);
        Ok(())
    }

    /// `smtp://127.0.0.1:PORT`, a plain relay (as `MAMORI_SMTP_URL` takes it).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Takes the server away (connections are refused until [`Self::start_again`]).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Brings the server back on the same port, keeping what it received.
    ///
    /// # Panics
    /// When it does not start within a few tries.
    pub fn start_again(&mut self) {
        self.stop();
        let mut last = String::new();
        for _ in 0..50 {
            match self.spawn() {
                Ok(()) => return,
                // The old socket may linger a moment.
                Err(e) => last = e,
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the SMTP server would not start again: {last}");
    }

    /// Every message received so far, oldest first, as raw text (the first line is
    /// `X-Test-Rcpt-To:` with the envelope's recipients).
    pub fn messages(&self) -> Vec<String> {
        read_messages(self.dir.path())
    }

    /// Waits up to `timeout` for at least `n` messages, and returns what arrived.
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let m = self.messages();
            if m.len() >= n || Instant::now() >= deadline {
                return m;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn read_messages(dir: &Path) -> Vec<String> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}
