//! Child processes: servers (start, wait for `/readyz`, read their memory, stop them)
//! and one-shot commands run to their end with their peak memory.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A port that was free a moment ago (bound and released).
pub fn free_port() -> Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(l.local_addr()?.port())
}

/// A running server process.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
    pub log: PathBuf,
    /// From spawn to the first `/readyz` = 200.
    pub ready_after: Duration,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM and waits for the process to end (SIGKILL after `grace`).
    pub async fn stop(mut self, grace: Duration) -> Result<()> {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill")
            .args(["-TERM", &pid])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + grace;
        loop {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                eprintln!("  (pid {pid} ignored SIGTERM for {grace:?}; killing it)");
                let _ = self.child.kill();
                let _ = self.child.wait();
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

/// Spawns `command` (which must listen on `addr`), with stdout and stderr going to
/// `log`, and polls `GET /readyz` every 2 ms until it answers 200.
pub async fn start(
    mut command: Command,
    addr: SocketAddr,
    log: &Path,
    timeout: Duration,
) -> Result<Server> {
    let out = std::fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let err = out.try_clone()?;
    command
        .stdin(Stdio::null())
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err));
    let spawned = Instant::now();
    let mut child = command.spawn().context("starting the server")?;
    loop {
        if let Some(200) = http_status(addr, "/readyz").await {
            return Ok(Server {
                child,
                addr,
                log: log.to_owned(),
                ready_after: spawned.elapsed(),
            });
        }
        if let Some(status) = child.try_wait()? {
            bail!(
                "the server exited ({status}) before it was ready; its output:\n{}",
                tail(log)
            );
        }
        if spawned.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "the server was not ready within {timeout:?}; its output:\n{}",
                tail(log)
            );
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// The last lines a process wrote.
pub fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// The status code of a plain `GET path` on a fresh connection, or `None` when the
/// server does not answer (yet).
pub async fn http_status(addr: SocketAddr, path: &str) -> Option<u16> {
    let attempt = async {
        let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
        let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).await.ok()?;
        let mut buf = Vec::with_capacity(64);
        let mut chunk = [0u8; 64];
        while buf.len() < 12 {
            let n = s.read(&mut chunk).await.ok()?;
            if n == 0 {
                break;
            }
            buf.extend_from_slice(chunk.get(..n)?);
        }
        let line = std::str::from_utf8(buf.get(..12)?).ok()?;
        line.strip_prefix("HTTP/1.1 ")?.parse().ok()
    };
    tokio::time::timeout(Duration::from_millis(500), attempt)
        .await
        .ok()
        .flatten()
}

/// A one-shot child process that ran to its end.
#[derive(Debug)]
pub struct Finished {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
    /// From spawn to exit.
    pub elapsed: Duration,
    /// The highest VmHWM (and VmRSS) read while it ran; 0 when it ended before the
    /// first read.
    pub peak: Memory,
}

/// How often [`run_to_end`] reads the child's memory. VmHWM is a high-water mark, so a
/// read at any time after the peak sees it; only a peak in the last interval before
/// exit could be missed.
const MEMORY_POLL: Duration = Duration::from_millis(10);

/// Runs `command` to its end with its output captured (read while it runs, so a
/// chatty child cannot block on a full pipe), polling its peak resident memory.
/// `getrusage(RUSAGE_CHILDREN)` would give the peak exactly but needs `unsafe`, which
/// the workspace forbids.
pub async fn run_to_end(mut command: tokio::process::Command) -> Result<Finished> {
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let started = Instant::now();
    let child = command.spawn()?;
    let pid = child.id();
    let waiting = child.wait_with_output();
    tokio::pin!(waiting);
    let mut peak = Memory::default();
    let out = loop {
        tokio::select! {
            out = &mut waiting => break out?,
            () = tokio::time::sleep(MEMORY_POLL) => {
                if let Some(m) = pid.and_then(|p| memory(p).ok()) {
                    peak.hwm_kib = peak.hwm_kib.max(m.hwm_kib);
                    peak.rss_kib = peak.rss_kib.max(m.rss_kib);
                }
            }
        }
    };
    Ok(Finished {
        status: out.status,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: started.elapsed(),
        peak,
    })
}

/// Resident memory of a process from `/proc/<pid>/status`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Memory {
    /// VmRSS in KiB: resident now.
    pub rss_kib: u64,
    /// VmHWM in KiB: the peak resident size so far.
    pub hwm_kib: u64,
}

impl Memory {
    pub fn rss_mib(&self) -> f64 {
        self.rss_kib as f64 / 1024.0
    }
    pub fn hwm_mib(&self) -> f64 {
        self.hwm_kib as f64 / 1024.0
    }
}

pub fn memory(pid: u32) -> Result<Memory> {
    let path = format!("/proc/{pid}/status");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
    Ok(parse_status(&text))
}

/// Reads VmRSS and VmHWM (in kB) out of a `/proc/<pid>/status` text.
pub fn parse_status(text: &str) -> Memory {
    let field = |name: &str| -> u64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    Memory {
        rss_kib: field("VmRSS:"),
        hwm_kib: field("VmHWM:"),
    }
}

/// The CPU model from `/proc/cpuinfo`.
pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|r| r.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// The file system type (`ext4`, `tmpfs`, `overlay`, …) that holds `path`, from
/// `/proc/mounts`: it decides what an fsync costs.
pub fn fs_type(path: &Path) -> Option<String> {
    let path = path.canonicalize().ok()?;
    let mounts = std::fs::read_to_string("/proc/mounts").ok()?;
    mount_for(&mounts, &path)
}

/// The type of the longest mount point in a `/proc/mounts` text that holds `path`.
pub fn mount_for(mounts: &str, path: &Path) -> Option<String> {
    mounts
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let (_dev, point, kind) = (f.next()?, f.next()?, f.next()?);
            // /proc/mounts escapes spaces in paths as \040.
            let point = PathBuf::from(point.replace("\\040", " "));
            path.starts_with(&point)
                .then(|| (point.as_os_str().len(), kind.to_owned()))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rss_from_proc_status() {
        let text = "Name:\tmamori\nVmPeak:\t  123456 kB\nVmHWM:\t   20480 kB\nVmRSS:\t   18432 kB\nThreads:\t4\n";
        let m = parse_status(text);
        assert_eq!(m.rss_kib, 18432);
        assert_eq!(m.hwm_kib, 20480);
        assert_eq!(m.rss_mib(), 18.0);
        assert_eq!(parse_status("").rss_kib, 0);
    }

    #[test]
    fn finds_the_innermost_mount() {
        let mounts = "overlay / overlay rw 0 0\n/dev/vda /work ext4 rw 0 0\ntmpfs /tmp tmpfs rw 0 0\ntmpfs /work/x\\040y tmpfs rw 0 0\n";
        let at = |p: &str| mount_for(mounts, Path::new(p));
        assert_eq!(at("/tmp/mamori-bench-1/db").as_deref(), Some("tmpfs"));
        assert_eq!(at("/work/main").as_deref(), Some("ext4"));
        assert_eq!(at("/work/x y/z").as_deref(), Some("tmpfs"));
        assert_eq!(at("/workshop").as_deref(), Some("overlay"));
        assert_eq!(at("/").as_deref(), Some("overlay"));
        assert_eq!(mount_for("", Path::new("/")), None);
    }
}
