//! Throwaway PostgreSQL databases for tests.
//!
//! [`fresh_database`] hands out a URL to a brand-new, empty database per call.
//! The databases live either on the server named by `MAMORI_TEST_PG_URL` (any
//! `postgres://` URL whose role may `CREATE DATABASE`; databases created there
//! are *not* dropped afterwards) or on a private cluster that the first call
//! in the test process starts:
//!
//! * `initdb` into a fresh temp dir (trust auth, UTF-8), then `postgres`
//!   listening on 127.0.0.1 only, on a free port, with its unix socket in the
//!   temp dir and test-friendly settings (`fsync=off`,
//!   `synchronous_commit=off`, `full_page_writes=off`, `max_connections=200`,
//!   `shared_buffers=128MB`).
//! * As root the server runs as the `postgres` OS user (override with
//!   `MAMORI_PG_OS_USER`) through `runuser`; otherwise as the current user.
//! * Binaries come from `$MAMORI_PG_BIN`, the highest
//!   `/usr/lib/postgresql/<version>/bin`, `/usr/pgsql-<version>/bin`, or PATH.
//! * A watchdog shell stops the server (fast shutdown) and deletes the temp
//!   dir shortly after the test process ends, however it ends (statics are
//!   never dropped, and a killed test runs no destructors at all).
//!
//! When PostgreSQL is unavailable, [`fresh_database`] calls
//! [`skip_or_fail`] with `MAMORI_REQUIRE_PG` and returns
//! `None`.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

mod tools;

use tools::{
    Conn, find_bin_dir, find_psql, make_temp_dir, output_text, psql_cmd, redact, strip_pg_env,
    with_database,
};

use crate::{ExitWatch, find_in_path, is_executable, is_root, skip_or_fail, tail_file};

/// Env var: URL of an existing server to create test databases on.
pub const URL_VAR: &str = "MAMORI_TEST_PG_URL";
/// Env var: set to `1` to make a missing PostgreSQL a test failure.
pub const REQUIRE_VAR: &str = "MAMORI_REQUIRE_PG";
/// Env var: directory holding `initdb` and `postgres`.
pub const BIN_VAR: &str = "MAMORI_PG_BIN";
/// Env var: OS user to run the cluster as when the tests run as root.
pub const OS_USER_VAR: &str = "MAMORI_PG_OS_USER";

const WHAT: &str = "PostgreSQL";
const START_TIMEOUT: Duration = Duration::from_secs(30);
const LOG_TAIL_LINES: usize = 25;
const SETTINGS: &[&str] = &[
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=200",
    "shared_buffers=128MB",
];

/// Cleanup run by the watchdog once the test process is gone:
/// fast-shutdown the postmaster (pid from `postmaster.pid`, plus the launcher's
/// process group), wait up to ~30 s for it to remove its pid file, SIGKILL as
/// a last resort, then delete the whole temp dir.
// Note: dash's `kill` rejects `--`; `kill -SIG "-$pgid"` signals a group.
const WATCHDOG: &str = r#"
cat >/dev/null 2>&1
data=$1
dir=$2
pgid=$(cat "$dir/launcher.pid" 2>/dev/null)
pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null)
[ -n "$pid" ] && kill -INT "$pid" 2>/dev/null
[ -n "$pgid" ] && kill -INT "-$pgid" 2>/dev/null
i=0
while [ -e "$data/postmaster.pid" ] && [ "$i" -lt 300 ] && { [ -z "$pid" ] || kill -0 "$pid" 2>/dev/null; }; do
  sleep 0.1
  i=$((i + 1))
done
if [ -e "$data/postmaster.pid" ]; then
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  [ -n "$pgid" ] && kill -KILL "-$pgid" 2>/dev/null
fi
rm -rf "$dir"
"#;

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
static NEXT_DB: AtomicU32 = AtomicU32::new(1);

/// A `postgres://` URL to a brand-new empty database, unique per call.
///
/// The first call starts the server (a throwaway local cluster, or checks
/// `MAMORI_TEST_PG_URL`); later calls, from any thread, reuse it. Database
/// names look like `mamori_test_<pid>_<n>`; URLs for the local cluster look
/// like `postgres://postgres@127.0.0.1:<port>/mamori_test_<pid>_<n>`.
///
/// Returns `None` after [`skip_or_fail`] (with `MAMORI_REQUIRE_PG`) when
/// PostgreSQL is not available or the database cannot be created; the reason
/// includes the server log tail when the server failed to start. With
/// `MAMORI_REQUIRE_PG=1` it panics instead (at the caller's location).
#[track_caller]
pub fn fresh_database() -> Option<String> {
    let server = match SERVER.get_or_init(Server::start) {
        Ok(server) => server,
        Err(why) => {
            skip_or_fail(WHAT, why, REQUIRE_VAR);
            return None;
        }
    };
    match server.create_database() {
        Ok(url) => Some(url),
        Err(why) => {
            skip_or_fail(WHAT, &why, REQUIRE_VAR);
            None
        }
    }
}

enum Server {
    /// `MAMORI_TEST_PG_URL`.
    External { url: String, psql: PathBuf },
    /// A cluster started by this process.
    Local(LocalCluster),
}

struct LocalCluster {
    port: u16,
    psql: PathBuf,
    /// The postgres (or runuser) process; never waited for: the watchdog
    /// stops it when the process exits.
    _server: Child,
    _watchdog: ExitWatch,
}

impl Server {
    fn start() -> Result<Self, String> {
        if let Some(url) = std::env::var(URL_VAR).ok().filter(|u| !u.trim().is_empty()) {
            let url = url.trim().to_owned();
            let psql = find_psql(None)
                .ok_or_else(|| format!("{URL_VAR} is set but psql was not found on PATH"))?;
            let out = psql_cmd(&psql, &Conn::Url(&url), "SELECT 1")
                .output()
                .map_err(|e| format!("cannot run {}: {e}", psql.display()))?;
            if !out.status.success() {
                return Err(format!(
                    "cannot connect to {URL_VAR}={}: {}",
                    redact(&url),
                    output_text(&out)
                ));
            }
            return Ok(Server::External { url, psql });
        }
        LocalCluster::start().map(Server::Local)
    }

    fn create_database(&self) -> Result<String, String> {
        let (conn, psql) = match self {
            Server::External { url, psql } => (Conn::Url(url), psql),
            Server::Local(c) => (Conn::Local(c.port), &c.psql),
        };
        let mut busy_retries = 0;
        let mut last_error = String::new();
        for _ in 0..50 {
            let n = NEXT_DB.fetch_add(1, Ordering::Relaxed);
            let name = format!("mamori_test_{}_{n}", std::process::id());
            let out = psql_cmd(psql, &conn, &format!("CREATE DATABASE \"{name}\""))
                .output()
                .map_err(|e| format!("cannot run {}: {e}", psql.display()))?;
            if out.status.success() {
                return Ok(match self {
                    Server::External { url, .. } => with_database(url, &name)?,
                    Server::Local(c) => {
                        format!("postgres://postgres@127.0.0.1:{}/{name}", c.port)
                    }
                });
            }
            last_error = output_text(&out);
            if last_error.contains("already exists") {
                // Left over from an earlier run with the same pid: next name.
                continue;
            }
            if last_error.contains("being accessed by other users") && busy_retries < 20 {
                // Someone is connected to template1; try again shortly.
                busy_retries += 1;
                std::thread::sleep(Duration::from_millis(250));
                continue;
            }
            break;
        }
        Err(format!("CREATE DATABASE failed: {last_error}"))
    }
}

impl LocalCluster {
    fn start() -> Result<Self, String> {
        let started = Instant::now();
        let bin = find_bin_dir()?;
        let psql = find_psql(Some(&bin))
            .ok_or_else(|| format!("psql not found in {} or on PATH", bin.display()))?;
        let as_user = if is_root() {
            Some(RunAs::lookup()?)
        } else {
            None
        };

        let dir = make_temp_dir(as_user.is_some())?;
        let data = dir.join("data");
        // From here on the watchdog owns the cleanup of `dir`.
        let mut watchdog = ExitWatch::spawn(
            "mamori-pg-watchdog",
            WATCHDOG,
            &[data.as_os_str(), dir.as_os_str()],
        )
        .map_err(|e| {
            let _ = std::fs::remove_dir_all(&dir);
            format!("cannot start the cleanup watchdog (/bin/sh): {e}")
        })?;

        let ctx = Ctx {
            bin,
            psql,
            as_user,
            dir,
            data,
        };
        match ctx.init_and_launch() {
            Ok((port, server)) => {
                if std::env::var_os("MAMORI_PG_VERBOSE").is_some() {
                    eprintln!(
                        "mamori-testkit: PostgreSQL cluster on 127.0.0.1:{port} in {} ready after {:?}",
                        ctx.dir.display(),
                        started.elapsed()
                    );
                }
                Ok(LocalCluster {
                    port,
                    psql: ctx.psql,
                    _server: server,
                    _watchdog: watchdog,
                })
            }
            Err(why) => {
                watchdog.trigger(Duration::from_secs(35));
                Err(why)
            }
        }
    }
}

/// The OS user that runs the cluster when the tests run as root.
struct RunAs {
    runuser: PathBuf,
    user: String,
    uid: u32,
    gid: u32,
}

impl RunAs {
    fn lookup() -> Result<Self, String> {
        let user = std::env::var(OS_USER_VAR)
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "postgres".to_owned());
        let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
            .iter()
            .map(PathBuf::from)
            .find(|p| is_executable(p))
            .or_else(|| find_in_path("runuser"))
            .ok_or("running as root, but runuser (util-linux) was not found to drop privileges")?;
        let id = |flag: &str| -> Result<u32, String> {
            let out = Command::new("id")
                .args([flag, &user])
                .output()
                .map_err(|e| format!("cannot run id: {e}"))?;
            String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .map_err(|_| {
                    format!(
                        "running as root, but OS user {user:?} does not exist (initdb refuses root; \
                         create it or set {OS_USER_VAR}): {}",
                        output_text(&out)
                    )
                })
        };
        Ok(RunAs {
            uid: id("-u")?,
            gid: id("-g")?,
            runuser,
            user,
        })
    }
}

struct Ctx {
    bin: PathBuf,
    psql: PathBuf,
    as_user: Option<RunAs>,
    dir: PathBuf,
    data: PathBuf,
}

impl Ctx {
    /// A command running `program` as the cluster's OS user, in the temp dir,
    /// without inherited libpq `PG*` variables.
    fn server_cmd(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        let mut cmd = match &self.as_user {
            Some(run) => {
                let mut cmd = Command::new(&run.runuser);
                cmd.args(["-u", &run.user, "--"]).arg(program);
                cmd
            }
            None => Command::new(program),
        };
        cmd.current_dir(&self.dir);
        strip_pg_env(&mut cmd);
        cmd
    }

    fn init_and_launch(&self) -> Result<(u16, Child), String> {
        let sock = self.dir.join("sock");
        std::fs::create_dir(&sock).map_err(|e| format!("cannot create {}: {e}", sock.display()))?;
        if let Some(run) = &self.as_user {
            for path in [&self.dir, &sock] {
                std::os::unix::fs::chown(path, Some(run.uid), Some(run.gid))
                    .map_err(|e| format!("cannot chown {} to {}: {e}", path.display(), run.user))?;
            }
        }
        self.initdb()?;

        let mut last = String::new();
        for _attempt in 0..3 {
            let port = crate::free_port();
            match self.launch(port, &sock)? {
                Launch::Ready(child) => return Ok((port, child)),
                Launch::PortTaken(why) => last = why,
            }
        }
        Err(last)
    }

    fn initdb(&self) -> Result<(), String> {
        let mut errors = Vec::new();
        // C.UTF-8 gives Unicode-aware upper()/lower() with code-point sorting;
        // fall back to plain C where that locale does not exist.
        for locale in ["--locale=C.UTF-8", "--no-locale"] {
            let out = self
                .server_cmd("initdb")
                .arg("-D")
                .arg(&self.data)
                .args([
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    locale,
                    "--no-sync",
                ])
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("cannot run initdb: {e}"))?;
            if out.status.success() {
                return Ok(());
            }
            errors.push(format!("initdb {locale} failed: {}", output_text(&out)));
            let _ = std::fs::remove_dir_all(&self.data);
        }
        Err(errors.join("\n"))
    }

    fn launch(&self, port: u16, sock: &Path) -> Result<Launch, String> {
        use std::os::unix::process::CommandExt as _;
        let log_path = self.dir.join(format!("postgres-{port}.log"));
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
        let log2 = log
            .try_clone()
            .map_err(|e| format!("cannot dup log file: {e}"))?;
        let mut cmd = self.server_cmd("postgres");
        cmd.arg("-D")
            .arg(&self.data)
            .args(["-p", &port.to_string(), "-h", "127.0.0.1", "-k"])
            .arg(sock);
        for setting in SETTINGS {
            cmd.args(["-c", setting]);
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2)
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start postgres: {e}"))?;
        // Tell the watchdog which process group to stop.
        let _ = std::fs::write(self.dir.join("launcher.pid"), child.id().to_string());

        let deadline = Instant::now() + START_TIMEOUT;
        let pid_file = self.data.join("postmaster.pid");
        let mut last_probe = Instant::now();
        let mut probe_error = String::new();
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                let tail = tail_file(&log_path, LOG_TAIL_LINES);
                let why = format!(
                    "postgres exited during startup ({status}); log {}:\n{tail}",
                    log_path.display()
                );
                let port_taken = [
                    "could not bind",
                    "could not create any TCP/IP sockets",
                    "already in use",
                ]
                .iter()
                .any(|s| tail.contains(s));
                return if port_taken {
                    Ok(Launch::PortTaken(why))
                } else {
                    Err(why)
                };
            }
            // postmaster.pid's status line turns "ready" once connections are
            // accepted; still probe with psql every second in case it never does.
            let says_ready = std::fs::read_to_string(&pid_file)
                .map(|s| s.lines().any(|l| l.trim() == "ready"))
                .unwrap_or(false);
            if says_ready || last_probe.elapsed() >= Duration::from_secs(1) {
                last_probe = Instant::now();
                match psql_cmd(&self.psql, &Conn::Local(port), "SELECT 1").output() {
                    Ok(out) if out.status.success() => return Ok(Launch::Ready(child)),
                    Ok(out) => probe_error = output_text(&out),
                    Err(e) => return Err(format!("cannot run {}: {e}", self.psql.display())),
                }
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "postgres did not accept connections on 127.0.0.1:{port} within {START_TIMEOUT:?} \
                     (last psql error: {probe_error}); log {}:\n{}",
                    log_path.display(),
                    tail_file(&log_path, LOG_TAIL_LINES)
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

enum Launch {
    Ready(Child),
    PortTaken(String),
}
