//! The throwaway PostgreSQL cluster: fresh, distinct, reachable databases.

use std::process::Command;
use std::time::Instant;

use mamori_testkit::pg::fresh_database;

/// Runs `sql` through psql against `url`, returning trimmed stdout.
fn psql(url: &str, sql: &str) -> String {
    let out = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-At",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            url,
            "-c",
            sql,
        ])
        .output()
        .expect("run psql");
    assert!(
        out.status.success(),
        "psql {url} -c {sql:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The database name in `url` (path after the last `/`, without `?params`).
fn db_name(url: &str) -> &str {
    let last = url.rsplit('/').next().expect("database in URL");
    last.split('?').next().unwrap_or(last)
}

#[test]
fn two_fresh_databases_are_distinct_and_reachable() {
    let started = Instant::now();
    let Some(a) = fresh_database() else { return };
    eprintln!("first database after {:?}: {a}", started.elapsed());
    let Some(b) = fresh_database() else { return };
    assert_ne!(a, b);
    assert!(a.starts_with("postgres://"), "{a}");

    assert_eq!(psql(&a, "SELECT current_database()"), db_name(&a));
    assert_eq!(psql(&b, "SELECT current_database()"), db_name(&b));

    // Brand-new and empty, and really separate databases.
    let user_tables = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'";
    assert_eq!(psql(&a, user_tables), "0");
    psql(&a, "CREATE TABLE t (x int); INSERT INTO t VALUES (42)");
    assert_eq!(psql(&a, "SELECT x FROM t"), "42");
    assert_eq!(psql(&b, user_tables), "0");

    // Japanese text round-trips (UTF-8 database).
    assert_eq!(
        psql(
            &b,
            "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()"
        ),
        "UTF8"
    );
    assert_eq!(psql(&b, "SELECT upper('まもり abc')"), "まもり ABC");
}

#[test]
fn test_settings_are_applied() {
    let Some(url) = fresh_database() else { return };
    if std::env::var_os("MAMORI_TEST_PG_URL").is_some() {
        return; // external server: its own settings
    }
    assert_eq!(psql(&url, "SHOW fsync"), "off");
    assert_eq!(psql(&url, "SHOW synchronous_commit"), "off");
    assert_eq!(psql(&url, "SHOW full_page_writes"), "off");
    assert_eq!(psql(&url, "SHOW max_connections"), "200");
    assert_eq!(psql(&url, "SHOW shared_buffers"), "128MB");
    assert_eq!(psql(&url, "SHOW listen_addresses"), "127.0.0.1");
}

#[test]
fn concurrent_callers_get_distinct_databases() {
    let handles: Vec<_> = (0..8).map(|_| std::thread::spawn(fresh_database)).collect();
    let mut urls: Vec<String> = Vec::new();
    for handle in handles {
        match handle.join().expect("thread") {
            Some(url) => urls.push(url),
            None => return,
        }
    }
    let mut names: Vec<&str> = urls.iter().map(|u| db_name(u)).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 8, "{urls:?}");
    for url in &urls {
        assert_eq!(psql(url, "SELECT 1"), "1");
    }
}
