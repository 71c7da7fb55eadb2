//! Two `mamori serve` processes on one PostgreSQL: each recurring job runs once per
//! period between them, not once per server; when one server is killed (SIGKILL) the
//! other goes on running the jobs.

use std::time::Duration;

use crate::support::{Db, Server};

/// How many times a job has run, read from the database.
async fn job(url: &str, name: &str) -> i64 {
    let store = mamori_store::Store::open(url, 1).await.unwrap();
    let jobs = mamori_store::jobs::list(store.conn()).await.unwrap();
    let runs = jobs.iter().find(|j| j.name == name).map_or(0, |j| j.runs);
    store.close().await.unwrap();
    runs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_runs_once_per_period_across_two_servers_and_outlives_one() {
    let Some(db) = Db::postgres() else {
        return;
    };
    db.init();
    let url = db.url.clone().unwrap();
    // Audit heads signed every 2 s: the job to count. A 3-second lease, so a server
    // killed mid-run hands its job over quickly.
    let env = [
        ("MAMORI_AUDIT_SIGN_INTERVAL", "2"),
        ("MAMORI_JOB_LEASE", "3"),
    ];
    let a = Server::start_with(&db, &env);
    let b = Server::start_with(&db, &env);
    let before = job(&url, "audit.sign").await;
    tokio::time::sleep(Duration::from_secs(9)).await;
    let ran = job(&url, "audit.sign").await - before;
    // Once per 2-second period (plus up to a second to the next poll) is 3 or 4 in 9 s;
    // both servers running it would be about twice that.
    assert!(
        (2..=6).contains(&ran),
        "audit.sign ran {ran} times in 9 s with two servers"
    );

    // One server dies without a word, perhaps in the middle of a run holding the
    // lease; the other takes the job once that lease runs out (3 s) and keeps it going.
    drop(a);
    let before = job(&url, "audit.sign").await;
    let died = std::time::Instant::now();
    let mut ran = 0;
    while ran < 2 && died.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(500)).await;
        ran = job(&url, "audit.sign").await - before;
    }
    assert!(
        ran >= 2,
        "after one server died, audit.sign ran {ran} times in 30 s"
    );
    drop(b);
}
