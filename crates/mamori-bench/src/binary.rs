//! Driving the release `mamori` binary as a separate process, as it runs in production:
//! one-shot commands (timed whole, with the child's peak memory when asked), the
//! `mamori serve` command line, and signing in like a browser. Shared by the scenarios
//! that measure the binary (`platform`, `assets`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use reqwest::header::{self, HeaderMap, HeaderValue};

use crate::procs::{self, Finished};

/// The administrator's password: long enough and not a common one (the same as the
/// audit scenario's).
pub const PASSWORD: &str = crate::audit::PASSWORD;
pub const LOGIN: &str = "ciso";

/// The `mamori` binary: the one given, or the one next to this executable
/// (`cargo build --release -p mamori -p mamori-bench` puts both in `target/release`).
pub fn locate(given: Option<&Path>) -> Result<PathBuf> {
    let mamori = match given {
        Some(p) => p.to_owned(),
        None => std::env::current_exe()
            .context("cannot find this executable")?
            .parent()
            .ok_or_else(|| anyhow!("this executable has no directory"))?
            .join("mamori"),
    };
    if !mamori.is_file() {
        bail!(
            "no mamori binary at {} — build it with `cargo build --release -p mamori -p mamori-bench`, or pass --mamori PATH",
            mamori.display()
        );
    }
    Ok(mamori)
}

/// `mamori --version`, or nothing when it does not answer.
pub async fn version(bin: &Path) -> String {
    tokio::process::Command::new(bin)
        .arg("--version")
        .output()
        .await
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// What a command acts on: the SQLite database in `data_dir`, or the database at
/// `url` (the data directory then still holds the audit signing key).
#[derive(Debug, Clone)]
pub struct Db {
    pub data_dir: PathBuf,
    pub url: Option<String>,
}

impl Db {
    pub fn sqlite(data_dir: &Path) -> Self {
        Self {
            data_dir: data_dir.to_owned(),
            url: None,
        }
    }

    /// The `--data-dir` (and `--database-url`) arguments. The environment variables
    /// that would override them are removed by [`command`], so the bench acts on
    /// exactly this database whatever the shell exports.
    fn args(&self) -> Vec<String> {
        let mut a = vec![
            "--data-dir".to_owned(),
            self.data_dir.to_string_lossy().into_owned(),
        ];
        if let Some(url) = &self.url {
            a.push("--database-url".into());
            a.push(url.clone());
        }
        a
    }
}

/// A one-shot `mamori` command against `db`, with the bench's password.
pub fn command(bin: &Path, db: &Db, args: &[&str]) -> tokio::process::Command {
    let mut c = tokio::process::Command::new(bin);
    c.args(db.args())
        .args(args)
        .env("MAMORI_PASSWORD", PASSWORD)
        .env_remove("MAMORI_DATABASE_URL")
        .env_remove("MAMORI_DATA_DIR")
        .env_remove("MAMORI_ORG")
        .stdin(Stdio::null());
    c
}

/// Runs a one-shot `mamori` command; its standard output.
pub async fn mamori_cmd(bin: &Path, db: &Db, args: &[&str]) -> Result<String> {
    Ok(mamori_measured(bin, db, args).await?.stdout)
}

/// Runs a one-shot `mamori` command, timing it from spawn to exit and sampling its
/// peak memory; fails with its output when it fails.
pub async fn mamori_measured(bin: &Path, db: &Db, args: &[&str]) -> Result<Finished> {
    let done = procs::run_to_end(command(bin, db, args))
        .await
        .with_context(|| format!("cannot run {}", bin.display()))?;
    if !done.status.success() {
        let excerpt: String = done.stderr.chars().take(4000).collect();
        bail!(
            "`mamori {}` failed ({}):\n{}{excerpt}",
            args.join(" "),
            done.status,
            done.stdout,
        );
    }
    Ok(done)
}

/// Creates the organization and its CISO (`LOGIN` / `PASSWORD`) in an empty database.
pub async fn admin_init(bin: &Path, db: &Db) -> Result<()> {
    mamori_cmd(
        bin,
        db,
        &[
            "admin",
            "init",
            "--org-name",
            "ベンチ市",
            "--org-code",
            "131016",
            "--login",
            LOGIN,
            "--name",
            "ベンチ 太郎",
            // The bench signs in with a password; a second factor is not what it measures.
            "--require-mfa",
            "false",
        ],
    )
    .await?;
    Ok(())
}

/// An API token of the CISO.
pub async fn create_token(bin: &Path, db: &Db) -> Result<String> {
    let token = mamori_cmd(
        bin,
        db,
        &["admin", "create-token", "--login", LOGIN, "--name", "bench"],
    )
    .await?
    .trim()
    .to_owned();
    if token.is_empty() || token.contains(char::is_whitespace) {
        bail!("admin create-token printed no single token: {token:?}");
    }
    Ok(token)
}

/// `mamori serve` on `addr`, for [`procs::start`].
pub fn serve_command(bin: &Path, db: &Db, addr: SocketAddr) -> std::process::Command {
    let mut c = std::process::Command::new(bin);
    c.args(db.args())
        .arg("serve")
        .arg("--listen")
        .arg(addr.to_string())
        .env_remove("MAMORI_DATABASE_URL")
        .env_remove("MAMORI_DATA_DIR")
        .env_remove("MAMORI_LISTEN")
        .env_remove("MAMORI_PUBLIC_URL");
    c
}

/// Signs in like a browser; the `mamori_session=…` pair to send as a cookie.
pub async fn sign_in(client: &reqwest::Client, addr: SocketAddr) -> Result<String> {
    let res = client
        .post(format!("http://{addr}/login"))
        .form(&[("login", LOGIN), ("password", PASSWORD), ("next", "/")])
        .send()
        .await
        .context("POST /login")?;
    let status = res.status();
    if status != reqwest::StatusCode::SEE_OTHER {
        let body = res.text().await.unwrap_or_default();
        let excerpt: String = body.chars().take(300).collect();
        bail!("POST /login answered {status}, not 303: {excerpt}");
    }
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .map(str::trim)
        .find(|pair| pair.starts_with("mamori_session=") && pair.len() > "mamori_session=".len())
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("POST /login set no mamori_session cookie"))
}

fn header_value(v: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(v).context("a header value")
}

/// Headers of a JSON API client holding a bearer token.
pub fn api_headers(token: &str) -> Result<HeaderMap> {
    let mut h = HeaderMap::new();
    h.insert(
        header::AUTHORIZATION,
        header_value(&format!("Bearer {token}"))?,
    );
    h.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    Ok(h)
}

/// Headers of a signed-in browser asking for a Japanese page.
pub fn page_headers(cookie: &str) -> Result<HeaderMap> {
    let mut h = HeaderMap::new();
    h.insert(header::COOKIE, header_value(cookie)?);
    h.insert(header::ACCEPT, HeaderValue::from_static("text/html"));
    h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("ja"));
    Ok(h)
}

/// How long a server gets to answer `/readyz` (a cold start on a loaded disk).
pub const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a server gets to end after SIGTERM.
pub const STOP_GRACE: Duration = Duration::from_secs(10);
