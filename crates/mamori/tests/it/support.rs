//! Running the real `mamori` binary for tests.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const PASSWORD: &str = "みどり市の安全を守る2026";

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_mamori")
}

/// A data directory and, optionally, a PostgreSQL URL: where a test's Mamori keeps data.
pub struct Db {
    pub dir: tempfile::TempDir,
    pub url: Option<String>,
}

impl Db {
    pub fn sqlite() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            url: None,
        }
    }

    /// A fresh PostgreSQL database, or `None` (loudly skipped) when none is available.
    pub fn postgres() -> Option<Self> {
        let url = mamori_testkit::pg::fresh_database()?;
        Some(Self {
            dir: tempfile::tempdir().unwrap(),
            url: Some(url),
        })
    }

    /// Both backends: SQLite always, PostgreSQL when available.
    pub fn both() -> Vec<Self> {
        let mut v = vec![Self::sqlite()];
        v.extend(Self::postgres());
        v
    }

    pub fn label(&self) -> &'static str {
        if self.url.is_some() {
            "postgres"
        } else {
            "sqlite"
        }
    }

    /// A `mamori` command pointed at this database.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(bin());
        c.env_remove("MAMORI_DATABASE_URL")
            .env_remove("MAMORI_ORG")
            .env("MAMORI_DATA_DIR", self.dir.path())
            .env("MAMORI_PASSWORD", PASSWORD)
            .env("MAMORI_LOG", "warn");
        if let Some(u) = &self.url {
            c.env("MAMORI_DATABASE_URL", u);
        }
        c
    }

    /// Runs a command to completion; returns (status success, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (bool, String, String) {
        let out = self.cmd().args(args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn demo(&self) {
        let (ok, out, err) = self.run(&["demo", "--password", PASSWORD]);
        assert!(ok, "demo failed: {out}{err}");
    }

    /// An organization whose CISO signs in with a password alone (the second-factor
    /// requirement is tested on its own).
    pub fn init(&self) {
        self.init_with_mfa(false);
    }

    pub fn init_with_mfa(&self, require_mfa: bool) {
        let require = if require_mfa { "true" } else { "false" };
        let (ok, out, err) = self.run(&[
            "admin",
            "init",
            "--org-name",
            "テスト市",
            "--org-code",
            "131016",
            "--login",
            "ciso",
            "--name",
            "情報 太郎",
            "--require-mfa",
            require,
        ]);
        assert!(ok, "admin init failed: {out}{err}");
    }

    pub fn serve(&self) -> Server {
        Server::start(self)
    }
}

/// A `mamori serve` child on a free port; killed on drop.
pub struct Server {
    pub child: Child,
    pub base: String,
    /// Lines the server printed before "listening" (e.g. the setup URL).
    pub banner: Vec<String>,
}

impl Server {
    pub fn start(db: &Db) -> Self {
        Self::start_with(db, &[])
    }

    /// [`Server::start`] with more environment (mail settings, …).
    pub fn start_with(db: &Db, env: &[(&str, &str)]) -> Self {
        Self::start_at(db, "127.0.0.1:0", env)
    }

    /// [`Server::start_with`] on an address chosen beforehand (a provider must know
    /// where to send people back before the server starts).
    pub fn start_at(db: &Db, listen: &str, env: &[(&str, &str)]) -> Self {
        let mut child = db
            .cmd()
            .envs(env.iter().copied())
            .args(["serve", "--listen", listen])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut reader = BufReader::new(stdout);
        let mut banner = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        let base = loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap() == 0 || Instant::now() > deadline {
                let _ = child.kill();
                panic!("server exited before listening: {banner:?}");
            }
            if let Some(addr) = line.trim().strip_prefix("listening on ") {
                break addr.to_owned();
            }
            banner.push(line.trim().to_owned());
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in reader.lines() {});
        Server {
            child,
            base,
            banner,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The first-run setup link printed at start, if any (with its host rewritten to ours).
    pub fn setup_url(&self) -> Option<String> {
        self.banner
            .iter()
            .find_map(|l| l.split_whitespace().find(|w| w.contains("/setup?token=")))
            .map(|u| {
                let path = &u[u.find("/setup").unwrap()..];
                self.url(path)
            })
    }

    /// Sends SIGTERM and waits for a clean exit.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(Instant::now() < deadline, "server did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client builder, with the process's TLS provider installed first: reqwest is
/// built without one of its own, and takes aws-lc-rs, as the server does.
pub fn http() -> reqwest::ClientBuilder {
    static TLS: std::sync::Once = std::sync::Once::new();
    TLS.call_once(|| {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    });
    reqwest::Client::builder()
}

/// A cookie-keeping HTTP client that does not follow redirects (tests look at them).
pub fn client() -> reqwest::Client {
    http()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The value of `<input name="NAME" value="...">` in a page.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\" value=\"");
    let i = html.find(&needle)? + needle.len();
    let rest = &html[i..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// Signs in through the form and returns the CSRF token of the dashboard.
pub async fn sign_in(c: &reqwest::Client, s: &Server, login: &str) -> String {
    let r = c
        .post(s.url("/login"))
        .form(&[("login", login), ("password", PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "sign-in of {login} failed");
    let page = c
        .get(s.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    input_value(&page, "_csrf").expect("csrf token on the account page")
}

/// A GET's status and body.
/// Where a redirect points.
pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The text of the element with this id (a figure on a tile, a total).
pub fn figure(html: &str, id: &str) -> String {
    let start = format!("id=\"{id}\">");
    let i = html.find(&start).map(|i| i + start.len()).unwrap_or(0);
    html[i..].chars().take_while(|c| *c != '<').collect()
}

pub async fn page(c: &reqwest::Client, s: &Server, path: &str) -> (u16, String) {
    let r = c.get(s.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// A GET answered in JSON, as the signed-in client reads it.
pub async fn json(c: &reqwest::Client, s: &Server, path: &str) -> serde_json::Value {
    c.get(s.url(path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Seconds since the epoch, as an authenticator app counts them.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}
