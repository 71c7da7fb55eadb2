//! What the cluster manager needs around it: `psql` invocations, finding the server
//! binaries, the private temp dir, and URLs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::{BIN_VAR, LOG_TAIL_LINES, URL_VAR};
use crate::{find_in_path, is_executable, tail_text};

/// Where to connect `psql`.
pub(super) enum Conn<'a> {
    Local(u16),
    Url(&'a str),
}

pub(super) fn psql_cmd(psql: &Path, conn: &Conn<'_>, sql: &str) -> Command {
    let mut cmd = Command::new(psql);
    cmd.args(["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"]);
    match conn {
        Conn::Local(port) => {
            strip_pg_env(&mut cmd);
            cmd.args([
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "-U",
                "postgres",
                "-d",
                "postgres",
            ]);
        }
        Conn::Url(url) => {
            cmd.args(["-d", url]);
        }
    }
    if std::env::var_os("PGCONNECT_TIMEOUT").is_none() {
        cmd.env("PGCONNECT_TIMEOUT", "10");
    }
    cmd.args(["-c", sql]).stdin(Stdio::null());
    cmd
}

/// Removes inherited libpq/server `PG*` variables (PGHOSTADDR, PGSSLMODE,
/// PGOPTIONS, PGDATA, ...) that could redirect or break our commands.
pub(super) fn strip_pg_env(cmd: &mut Command) {
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PG") {
            cmd.env_remove(key);
        }
    }
}

pub(super) fn output_text(out: &Output) -> String {
    let mut text = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !stdout.trim().is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(stdout.trim());
    }
    if text.is_empty() {
        text = format!("({})", out.status);
    }
    tail_text(&text, LOG_TAIL_LINES)
}

/// The directory holding `initdb` and `postgres`.
pub(super) fn find_bin_dir() -> Result<PathBuf, String> {
    let complete =
        |dir: &Path| is_executable(&dir.join("initdb")) && is_executable(&dir.join("postgres"));
    if let Some(dir) = std::env::var_os(BIN_VAR).filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        return if complete(&dir) {
            Ok(dir)
        } else {
            Err(format!(
                "{BIN_VAR}={} does not contain initdb and postgres",
                dir.display()
            ))
        };
    }
    // /usr/lib/postgresql/<v>/bin (Debian/Ubuntu), /usr/pgsql-<v>/bin (RHEL):
    // highest version first.
    let mut candidates: Vec<(Vec<u32>, PathBuf)> = Vec::new();
    for (parent, prefix, suffix) in [
        ("/usr/lib/postgresql", "", "bin"),
        ("/usr", "pgsql-", "bin"),
    ] {
        let Ok(entries) = std::fs::read_dir(parent) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(version) = name.strip_prefix(prefix) else {
                continue;
            };
            let Ok(version) = version
                .split('.')
                .map(str::parse::<u32>)
                .collect::<Result<Vec<u32>, _>>()
            else {
                continue;
            };
            let dir = entry.path().join(suffix);
            if complete(&dir) {
                candidates.push((version, dir));
            }
        }
    }
    candidates.sort();
    if let Some((_, dir)) = candidates.pop() {
        return Ok(dir);
    }
    let on_path = find_in_path("initdb")
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .filter(|d| complete(d));
    let from_pg_config = || {
        let out = Command::new("pg_config").arg("--bindir").output().ok()?;
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        complete(&dir).then_some(dir)
    };
    on_path.or_else(from_pg_config).ok_or_else(|| {
        format!(
            "PostgreSQL server binaries (initdb, postgres) not found in ${BIN_VAR}, \
             /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin or PATH, and {URL_VAR} is not set"
        )
    })
}

pub(super) fn find_psql(bin: Option<&Path>) -> Option<PathBuf> {
    bin.map(|b| b.join("psql"))
        .filter(|p| is_executable(p))
        .or_else(|| find_in_path("psql"))
}

/// A fresh temp dir for the cluster, kept (the watchdog deletes it). As root
/// it goes under /tmp so the unprivileged server user can reach it; long
/// TMPDIRs are avoided because unix socket paths are limited to ~107 bytes.
pub(super) fn make_temp_dir(as_root: bool) -> Result<PathBuf, String> {
    let tmp = std::env::temp_dir();
    let parent = if as_root || tmp.as_os_str().len() > 60 {
        PathBuf::from("/tmp")
    } else {
        tmp
    };
    tempfile::Builder::new()
        .prefix("mamori-pg-")
        .tempdir_in(&parent)
        .map(tempfile::TempDir::keep)
        .map_err(|e| format!("cannot create a temp dir in {}: {e}", parent.display()))
}

/// `url` with its database (path) replaced by `db`, keeping any `?params`.
pub(super) fn with_database(url: &str, db: &str) -> Result<String, String> {
    let scheme_end = url
        .find("://")
        .map(|i| i + 3)
        .ok_or_else(|| format!("{URL_VAR} is not a postgres:// URL: {}", redact(url)))?;
    let rest = &url[scheme_end..];
    let (main, query) = rest.find('?').map_or((rest, ""), |i| rest.split_at(i));
    let authority = main.find('/').map_or(main, |i| &main[..i]);
    Ok(format!("{}{authority}/{db}{query}", &url[..scheme_end]))
}

/// `url` with any password replaced by `***`, for messages.
pub(super) fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => match rest[..at].find(':') {
            Some(colon) => format!(
                "{}{}:***{}",
                &url[..scheme_end],
                &rest[..colon],
                &rest[at..]
            ),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database_in_urls() {
        let cases = [
            ("postgres://u:p@h:5432/db", "postgres://u:p@h:5432/x"),
            (
                "postgres://u@h/db?sslmode=disable",
                "postgres://u@h/x?sslmode=disable",
            ),
            ("postgresql://h:1", "postgresql://h:1/x"),
            (
                "postgres://h?sslmode=require",
                "postgres://h/x?sslmode=require",
            ),
        ];
        for (url, want) in cases {
            assert_eq!(with_database(url, "x").as_deref(), Ok(want), "{url}");
        }
        assert!(with_database("h:5432/db", "x").is_err());
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("postgres://h/db"), "postgres://h/db");
    }
}
