//! Smoke runs of `mamori-bench --quick`. The platform, assets and risks runs need a built
//! `mamori` binary and take ~15 s, so they are ignored by default; run them with
//! `cargo build -p mamori && cargo test -p mamori-bench -- --ignored`. The audit run
//! needs nothing and takes a few seconds. They check only that the bench runs and
//! prints its tables, never any timing.

#![allow(clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

fn mamori_binary() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("MAMORI_BIN") {
        return Some(PathBuf::from(p));
    }
    // target/<profile>/mamori-bench → target/<profile>/mamori
    let bench = PathBuf::from(env!("CARGO_BIN_EXE_mamori-bench"));
    let candidate = bench.parent()?.join("mamori");
    candidate.is_file().then_some(candidate)
}

#[test]
#[ignore = "needs a built mamori binary; run with --ignored"]
fn quick_platform_run_prints_the_table() {
    let Some(mamori) = mamori_binary() else {
        eprintln!("skipped: no mamori binary (build it or set MAMORI_BIN)");
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_mamori-bench"))
        .args(["platform", "--quick", "--concurrency", "4", "--starts", "2"])
        .arg("--mamori")
        .arg(&mamori)
        .output()
        .expect("run mamori-bench");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "mamori-bench failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for needle in [
        "== results ==",
        "spawn → /readyz 200",
        "RSS after 1 s idle",
        "baseline: constant JSON",
        "API staff list, page 1 of 40",
        "HTML page /staff",
        "targets (informational",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in:\n{stdout}");
    }
}

/// The audit scenario needs no `mamori` binary: a short run on SQLite only.
#[test]
fn quick_audit_run_prints_the_table() {
    let out = Command::new(env!("CARGO_BIN_EXE_mamori-bench"))
        .args(["audit", "--quick", "--entries", "40"])
        .env_remove("MAMORI_BENCH_PG_URL")
        .output()
        .expect("run mamori-bench audit");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "mamori-bench audit failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for needle in [
        "synchronous=FULL",
        "== results ==",
        "audit append, SQLite",
        "audit::append, 8 writers, 1 tx each",
        "audit::append_many of 40, 1 tx",
        "audit verify, SQLite: 120 entries in 3 chains",
        "verify including DB reads (verify_chain)",
        "passwords::verify (baseline)",
        "App::login",
        "targets (informational",
        "PostgreSQL: skipped",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in:\n{stdout}");
    }
}

/// The assets scenario on a register of 300 assets, SQLite only.
#[test]
#[ignore = "needs a built mamori binary; run with --ignored"]
fn quick_assets_run_prints_the_table() {
    let Some(mamori) = mamori_binary() else {
        eprintln!("skipped: no mamori binary (build it or set MAMORI_BIN)");
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_mamori-bench"))
        .args(["assets", "--quick", "--assets", "300", "--concurrency", "8"])
        .args(["--duration", "0.2", "--warmup", "0"])
        .arg("--mamori")
        .arg(&mamori)
        .env_remove("MAMORI_BENCH_PG_URL")
        .output()
        .expect("run mamori-bench assets");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "mamori-bench assets failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for needle in [
        "300 assets",
        "== results ==",
        "fair raw baseline: the import's rows, same schema, 1 tx",
        "mamori import assets --create-departments (whole command)",
        "written: 300 assets",
        "list over HTTP, SQLite, 4 workers",
        "list over HTTP, SQLite, 8 workers",
        "API department=部01 (subtree)",
        "HTML q=災害",
        "mamori export assets --format xlsx --all",
        "GET /assets/export.xlsx",
        "import time ÷ fair raw baseline",
        "targets (informational",
        "PostgreSQL: skipped (no database",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in:\n{stdout}");
    }
}

/// The risks scenario on 2,000 assets and 300 risks, SQLite only.
#[test]
#[ignore = "needs a built mamori binary; run with --ignored"]
fn quick_risks_run_prints_the_table() {
    let Some(mamori) = mamori_binary() else {
        eprintln!("skipped: no mamori binary (build it or set MAMORI_BIN)");
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_mamori-bench"))
        .args(["risks", "--quick", "--risks", "300", "--concurrency", "8"])
        .args(["--duration", "0.2", "--warmup", "0"])
        .arg("--mamori")
        .arg(&mamori)
        .env_remove("MAMORI_BENCH_PG_URL")
        .output()
        .expect("run mamori-bench risks");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "mamori-bench risks failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for needle in [
        "== results ==",
        "POST /api/v1/risks, 4 workers",
        "in the database: 300 risks",
        "register and heat map over HTTP, SQLite, 4 workers",
        "register and heat map over HTTP, SQLite, 8 workers",
        "API residual cell x=3 y=6",
        "API heatmap inherent, 部01",
        "HTML /risks/heatmap",
        "second run (idempotent)",
        "rust_xlsxwriter, same cells, in process (baseline)",
        "targets (informational",
        "PostgreSQL: skipped (no database",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in:\n{stdout}");
    }
}
