//! Headless Chromium driven through chromedriver, for end-to-end tests.
//!
//! ```no_run
//! let Some(driver) = mamori_testkit::browser::chromedriver() else { return };
//! let caps = mamori_testkit::browser::chrome_capabilities("ja-JP");
//! // e.g. fantoccini::ClientBuilder::rustls()?.capabilities(caps).connect(&driver.url)
//! let shots = mamori_testkit::browser::screenshot_dir();
//! # let _ = (caps, shots);
//! ```
//!
//! Binaries: `$MAMORI_CHROMEDRIVER` / `$MAMORI_CHROMIUM`, else
//! `/usr/bin/chromedriver` / `/usr/bin/chromium`, else `chromedriver` /
//! `chromium` (or `chromium-browser`) on PATH.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use crate::{ExitWatch, find_in_path, is_executable, skip_or_fail, tail_file, wait_timeout};

/// Env var: set to `1` to make a missing browser a test failure.
pub const REQUIRE_VAR: &str = "MAMORI_REQUIRE_BROWSER";
/// Env var: path of the chromedriver binary.
pub const CHROMEDRIVER_VAR: &str = "MAMORI_CHROMEDRIVER";
/// Env var: path of the Chromium binary.
pub const CHROMIUM_VAR: &str = "MAMORI_CHROMIUM";
/// The UI language used when [`chrome_capabilities`] gets an empty `lang`.
pub const DEFAULT_LANG: &str = "ja-JP";

const WHAT: &str = "Chromium/chromedriver";
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// Stops chromedriver's whole process group (chromedriver and the browsers it
/// started): SIGTERM, up to 3 s grace, then SIGKILL.
// Note: dash's `kill` rejects `--`; `kill -SIG "-$pgid"` signals a group.
const DRIVER_WATCHDOG: &str = r#"
cat >/dev/null 2>&1
kill -TERM "-$1" 2>/dev/null || exit 0
i=0
while kill -0 "-$1" 2>/dev/null && [ "$i" -lt 30 ]; do
  sleep 0.1
  i=$((i + 1))
done
kill -KILL "-$1" 2>/dev/null
exit 0
"#;

/// Removes the per-process browser scratch dir once the process is gone.
const SCRATCH_WATCHDOG: &str = r#"
cat >/dev/null 2>&1
sleep 4
rm -rf "$1"
"#;

/// A running chromedriver on 127.0.0.1; it and any browser it started are
/// killed on drop (and, through a watchdog, if the test process dies).
#[derive(Debug)]
pub struct ChromeDriver {
    /// WebDriver endpoint, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    /// The port in `url`.
    pub port: u16,
    child: Child,
    watchdog: ExitWatch,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl ChromeDriver {
    /// The last lines of chromedriver's own output (for diagnostics).
    pub fn log_tail(&self, lines: usize) -> String {
        tail_file(&self.log, lines)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        self.watchdog.release();
        if !wait_timeout(&mut self.child, Duration::from_secs(5)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.watchdog.wait(Duration::from_secs(5));
    }
}

/// Starts chromedriver on a free 127.0.0.1 port and waits until its `/status`
/// reports `ready: true`.
///
/// Returns `None` after [`skip_or_fail`] (with `MAMORI_REQUIRE_BROWSER`) when
/// Chromium or chromedriver is missing or chromedriver does not come up.
/// With `MAMORI_REQUIRE_BROWSER=1` it panics instead.
#[track_caller]
pub fn chromedriver() -> Option<ChromeDriver> {
    match start_chromedriver() {
        Ok(driver) => Some(driver),
        Err(why) => {
            skip_or_fail(WHAT, &why, REQUIRE_VAR);
            None
        }
    }
}

/// W3C capabilities for headless Chromium that also work as root:
///
/// ```json
/// { "goog:chromeOptions": {
///     "binary": "/usr/bin/chromium",
///     "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
///              "--disable-quic", "--no-first-run", "--disable-background-networking",
///              "--disable-component-update", "--disable-sync", "--window-size=1280,900",
///              "--user-data-dir=<fresh temp dir>", "--lang=ja-JP"],
///     "prefs": { "intl.accept_languages": "ja-JP,ja" } } }
/// ```
///
/// `lang` is a BCP 47 tag; empty means [`DEFAULT_LANG`] (`ja-JP`). The
/// user-data dir is new for every call and is deleted a few seconds after the
/// test process exits. `binary` is omitted when no Chromium is found.
pub fn chrome_capabilities(lang: &str) -> Map<String, Value> {
    let lang = match lang.trim() {
        "" => DEFAULT_LANG,
        l => l,
    };
    let accept_languages = match lang.split_once('-') {
        Some((base, _)) if !base.is_empty() => format!("{lang},{base}"),
        _ => lang.to_owned(),
    };
    let user_data_dir = fresh_scratch_dir("chrome-profile-");
    let mut args: Vec<String> = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    args.push(format!("--user-data-dir={}", user_data_dir.display()));
    args.push(format!("--lang={lang}"));

    let mut options = Map::new();
    if let Some(binary) = find_chromium() {
        options.insert("binary".into(), json!(binary.to_string_lossy()));
    }
    options.insert("args".into(), json!(args));
    options.insert(
        "prefs".into(),
        json!({ "intl.accept_languages": accept_languages }),
    );

    let mut caps = Map::new();
    caps.insert("goog:chromeOptions".into(), Value::Object(options));
    caps
}

/// `<workspace target dir>/e2e`, created if needed: the place for
/// screenshots of end-to-end tests.
///
/// The target dir is `$CARGO_TARGET_DIR` (relative values are taken relative
/// to the workspace root), else `<dir with Cargo.lock>/target`, searching
/// upwards from `$CARGO_MANIFEST_DIR`, the current dir and this crate's
/// source dir.
pub fn screenshot_dir() -> PathBuf {
    let dir = target_dir().join("e2e");
    // Best effort: a failure shows up when the caller writes the file.
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn target_dir() -> PathBuf {
    let root = workspace_root();
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR").filter(|t| !t.is_empty()) {
        let target = PathBuf::from(target);
        return match root {
            Some(root) if target.is_relative() => root.join(target),
            _ => target,
        };
    }
    root.map(|r| r.join("target"))
        .unwrap_or_else(|| std::env::temp_dir().join("mamori-target"))
}

fn workspace_root() -> Option<PathBuf> {
    let starts = [
        std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
        std::env::current_dir().ok(),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
    ];
    starts.into_iter().flatten().find_map(|start| {
        start
            .ancestors()
            .find(|dir| dir.join("Cargo.lock").is_file())
            .map(PathBuf::from)
    })
}

fn find_binary(var: &str, default: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return is_executable(&path).then_some(path);
    }
    let default = PathBuf::from(default);
    if is_executable(&default) {
        return Some(default);
    }
    names.iter().find_map(|n| find_in_path(n))
}

fn find_chromium() -> Option<PathBuf> {
    find_binary(
        CHROMIUM_VAR,
        "/usr/bin/chromium",
        &["chromium", "chromium-browser"],
    )
}

fn find_chromedriver() -> Option<PathBuf> {
    find_binary(CHROMEDRIVER_VAR, "/usr/bin/chromedriver", &["chromedriver"]).or_else(|| {
        let p = PathBuf::from("/usr/lib/chromium/chromedriver");
        is_executable(&p).then_some(p)
    })
}

fn start_chromedriver() -> Result<ChromeDriver, String> {
    use std::os::unix::process::CommandExt as _;
    let driver = find_chromedriver().ok_or_else(|| {
        format!("chromedriver not found (${CHROMEDRIVER_VAR}, /usr/bin/chromedriver, PATH)")
    })?;
    if find_chromium().is_none() {
        return Err(format!(
            "Chromium not found (${CHROMIUM_VAR}, /usr/bin/chromium, PATH)"
        ));
    }
    let mut last = String::new();
    for _attempt in 0..3 {
        let dir = scratch_root()
            .and_then(|root| {
                tempfile::Builder::new()
                    .prefix("chromedriver-")
                    .tempdir_in(root)
                    .map_err(|e| e.to_string())
            })
            .or_else(|_| {
                tempfile::Builder::new()
                    .prefix("mamori-chromedriver-")
                    .tempdir()
                    .map_err(|e| format!("cannot create a temp dir: {e}"))
            })?;
        let log = dir.path().join("chromedriver.log");
        let out = std::fs::File::create(&log)
            .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("cannot dup log file: {e}"))?;
        let port = crate::free_port();
        let mut child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", driver.display()))?;
        let pgid = child.id().to_string();
        let watchdog = match ExitWatch::spawn(
            "mamori-chromedriver-watchdog",
            DRIVER_WATCHDOG,
            &[pgid.as_ref()],
        ) {
            Ok(w) => w,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("cannot start the cleanup watchdog (/bin/sh): {e}"));
            }
        };
        let mut driver_handle = ChromeDriver {
            url: format!("http://127.0.0.1:{port}"),
            port,
            child,
            watchdog,
            log,
            _dir: dir,
        };

        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = driver_handle.child.try_wait() {
                let tail = driver_handle.log_tail(20);
                last = format!("chromedriver exited during startup ({status}):\n{tail}");
                let port_taken = tail.contains("bind") || tail.contains("in use");
                if port_taken {
                    break; // retry on another port (drop cleans up)
                }
                return Err(last);
            }
            if status_ready(port) {
                return Ok(driver_handle);
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "chromedriver on port {port} not ready within {START_TIMEOUT:?}:\n{}",
                    driver_handle.log_tail(20)
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    Err(last)
}

/// `GET /status` on 127.0.0.1:`port` reports `"ready": true`.
fn status_ready(port: u16) -> bool {
    let Ok(body) = http_get(port, "/status") else {
        return false;
    };
    serde_json::from_str::<Value>(&body)
        .map(|v| v["value"]["ready"] == Value::Bool(true))
        .unwrap_or(false)
}

/// Minimal HTTP/1.1 GET on 127.0.0.1; returns the body of a 200 response.
/// (chromedriver keeps connections open despite `Connection: close`, so the
/// body is read by `Content-Length`, or chunk by chunk.)
fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n\
         Connection: close\r\n\r\n"
    )?;
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let mut content_length = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        let line = line.to_ascii_lowercase();
        if let Some(v) = line.strip_prefix("content-length:") {
            content_length = v.trim().parse::<usize>().ok();
        } else if line.starts_with("transfer-encoding:") && line.contains("chunked") {
            chunked = true;
        }
    }
    if status_line.split_whitespace().nth(1) != Some("200") {
        return Err(std::io::Error::other(format!(
            "HTTP error: {}",
            status_line.trim()
        )));
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size = size.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size, 16)
                .map_err(|_| std::io::Error::other("bad chunk size"))?;
            if size == 0 {
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..])?;
            let mut crlf = [0; 2];
            reader.read_exact(&mut crlf)?;
        }
    } else if let Some(len) = content_length {
        body.resize(len, 0);
        reader.read_exact(&mut body)?;
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// A per-process scratch dir (chromedriver logs, Chrome profiles), deleted by
/// a watchdog a few seconds after the process exits.
fn scratch_root() -> Result<PathBuf, String> {
    static ROOT: OnceLock<Result<(PathBuf, ExitWatch), String>> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("mamori-browser-")
            .tempdir()
            .map_err(|e| format!("cannot create a temp dir: {e}"))?
            .keep();
        match ExitWatch::spawn(
            "mamori-browser-watchdog",
            SCRATCH_WATCHDOG,
            &[dir.as_os_str()],
        ) {
            Ok(watch) => Ok((dir, watch)),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dir);
                Err(format!("cannot start the cleanup watchdog (/bin/sh): {e}"))
            }
        }
    })
    .as_ref()
    .map(|(dir, _)| dir.clone())
    .map_err(Clone::clone)
}

/// A new, kept directory under the scratch root (or the system temp dir).
fn fresh_scratch_dir(prefix: &str) -> PathBuf {
    let builder = {
        let mut b = tempfile::Builder::new();
        b.prefix(prefix);
        b
    };
    let made = match scratch_root() {
        Ok(root) => builder.tempdir_in(root),
        Err(_) => builder.tempdir(),
    };
    match made {
        Ok(dir) => dir.keep(),
        // Let Chrome create it; the name is still unique enough per call.
        Err(_) => std::env::temp_dir().join(format!(
            "mamori-{prefix}{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
        )),
    }
}
