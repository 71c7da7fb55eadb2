//! Crash safety: a child `mamori serve` under a stream of writes is killed with SIGKILL at
//! random moments; after each restart every write that received a 2xx is present and the
//! audit chain verifies.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{Db, Server};

/// Employee numbers written by this test: `CRASH` and a zero-padded counter.
const PREFIX: &str = "CRASH";

/// SplitMix64: a small deterministic generator, so a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-enough in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

fn number(n: u64) -> String {
    format!("{PREFIX}{n:06}")
}

/// What the writers of one round saw.
#[derive(Default)]
struct Seen {
    acked: Vec<String>,
    /// Answers that were neither 2xx nor a broken connection: (number, status).
    refused: Vec<(String, u16)>,
}

/// Creates staff until the connection breaks; records every number answered with 2xx.
async fn writer(
    c: reqwest::Client,
    url: String,
    token: String,
    next: Arc<AtomicU64>,
    seen: Arc<Mutex<Seen>>,
) {
    loop {
        let num = number(next.fetch_add(1, Ordering::SeqCst));
        let r = c
            .post(&url)
            .bearer_auth(&token)
            .json(&serde_json::json!({"employee_number": num, "name": "試験 太郎"}))
            .send()
            .await;
        match r {
            Ok(r) if r.status().is_success() => seen.lock().unwrap().acked.push(num),
            Ok(r) => {
                let status = r.status().as_u16();
                seen.lock().unwrap().refused.push((num, status));
                // Do not spin on a server that refuses everything.
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            // Refused, reset or timed out: not acknowledged, and the server is gone.
            Err(_) => return,
        }
    }
}

/// Every staff number written by this test that the server knows, listed page by page.
async fn present(c: &reqwest::Client, s: &Server, token: &str, label: &str) -> HashSet<String> {
    let mut set = HashSet::new();
    let mut page = 1;
    loop {
        let r = c
            .get(s.url(&format!(
                "/api/v1/staff?q={PREFIX}&status=all&per_page=200&page={page}"
            )))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "[{label}] listing staff after restart");
        let body: serde_json::Value = r.json().await.unwrap();
        let items = body["items"].as_array().unwrap();
        for i in items {
            let num = i["employee_number"].as_str().unwrap();
            assert!(
                num.starts_with(PREFIX),
                "[{label}] search for {PREFIX} returned {num}"
            );
            assert!(
                set.insert(num.to_owned()),
                "[{label}] staff {num} is present twice"
            );
        }
        let total = body["total"].as_u64().unwrap();
        if items.is_empty() || set.len() as u64 >= total {
            assert_eq!(set.len() as u64, total, "[{label}] listing total");
            return set;
        }
        page += 1;
    }
}

/// Runs `mamori audit verify`; it must succeed. Returns the number of entries checked.
fn verify(db: &Db, when: &str) -> u64 {
    let (ok, out, err) = db.run(&["audit", "verify"]);
    assert!(
        ok && out.contains("audit chain intact"),
        "[{}] {when}: audit verify failed:\n{out}{err}",
        db.label()
    );
    // "audit chain intact: 1 organizations, 1234 entries, verified in …"
    out.split("organizations, ")
        .nth(1)
        .and_then(|r| r.split(" entries").next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("entry count in {out:?}"))
}

async fn crash_rounds(db: Db, rounds: u32, seed: u64) {
    let label = db.label();
    let started = Instant::now();
    db.demo();
    let (ok, token, err) = db.run(&["admin", "create-token", "--login", "sysadmin"]);
    assert!(ok, "create-token failed: {err}");
    let token = token.trim().to_owned();
    let mut entries_before = verify(&db, "before the first round");

    let mut rng = Rng(seed);
    let next = Arc::new(AtomicU64::new(0));
    let mut acked: HashSet<String> = HashSet::new();
    let mut refused: Vec<(String, u16)> = Vec::new();
    let mut present_before = 0usize;
    let mut present_now = HashSet::new();
    for round in 1..=rounds {
        let mut s = db.serve();
        let c = crate::support::http()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let writers = rng.range(3, 4);
        let handles: Vec<_> = (0..writers)
            .map(|_| {
                tokio::spawn(writer(
                    c.clone(),
                    s.url("/api/v1/staff"),
                    token.clone(),
                    next.clone(),
                    seen.clone(),
                ))
            })
            .collect();
        let delay = rng.range(50, 600);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        // SIGKILL on Unix: no shutdown hooks, no flushing, transactions cut mid-way.
        s.child.kill().unwrap();
        s.child.wait().unwrap();
        for h in handles {
            h.await.unwrap();
        }
        drop(s);
        {
            let mut seen = seen.lock().unwrap();
            acked.extend(seen.acked.drain(..));
            refused.append(&mut seen.refused);
        }

        // The server must come back, with everything it acknowledged.
        let s = db.serve();
        let when = format!("round {round} (killed after {delay} ms, {writers} writers)");
        present_now = present(&c, &s, &token, label).await;
        let mut missing: Vec<&String> = acked.difference(&present_now).collect();
        missing.sort();
        assert!(
            missing.is_empty(),
            "[{label}] {when}: {} acknowledged writes lost: {missing:?}",
            missing.len()
        );
        let issued = next.load(Ordering::SeqCst);
        for p in &present_now {
            let n: u64 = p[PREFIX.len()..].parse().unwrap();
            assert!(n < issued, "[{label}] {when}: {p} was never written");
        }
        let status = s.terminate();
        assert!(
            status.success(),
            "[{label}] {when}: server did not stop cleanly: {status}"
        );

        // Each creation appends an audit entry in the same transaction, so the chain
        // grows at least as much as the staff list did.
        let entries = verify(&db, &when);
        assert!(
            entries - entries_before >= (present_now.len() - present_before) as u64,
            "[{label}] {when}: {} new staff but only {} new audit entries",
            present_now.len() - present_before,
            entries - entries_before
        );
        entries_before = entries;
        present_before = present_now.len();
    }

    let extra = present_now.difference(&acked).count();
    println!(
        "crash [{label}]: {rounds} rounds, {} writes attempted, {} acknowledged, \
         {extra} unacknowledged but present, {} refused, {:.1?}",
        next.load(Ordering::SeqCst),
        acked.len(),
        refused.len(),
        started.elapsed()
    );
    assert!(
        !acked.is_empty(),
        "[{label}] no write was ever acknowledged"
    );
    assert!(
        refused.is_empty(),
        "[{label}] writes refused by a running server: {refused:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_writes_loses_nothing_acknowledged_sqlite() {
    crash_rounds(Db::sqlite(), 20, 0x6D61_6D6F_7269_0001).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_writes_loses_nothing_acknowledged_postgres() {
    if let Some(db) = Db::postgres() {
        crash_rounds(db, 20, 0x6D61_6D6F_7269_0002).await;
    }
}
