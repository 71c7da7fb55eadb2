//! `mamori-bench audit`: what the tamper-evident audit log costs. Unlike `platform`
//! it runs in process, through the real store and use-case code:
//!
//! 1. appending to an organization's hash chain on SQLite — one writer, eight
//!    concurrent writers, and one batch — beside raw single-row INSERTs of the same
//!    column values into a plain table on the same connection;
//! 2. verifying the chains, with and without the database reads, beside plain
//!    SHA-256 over the same canonical bytes already in memory;
//! 3. sign-in: argon2id hashing and verification, and the whole `App::login`;
//! 4. the same appends and verification on PostgreSQL when `MAMORI_BENCH_PG_URL`
//!    names a scratch database.
//!
//! Every figure stands beside a baseline measured in the same run; the bench never
//! fails on timing (it does fail when a chain it wrote does not verify).

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail, ensure};
use chrono::Utc;
use mamori_domain::audit::{ChainEntry, ChainVerifier, GENESIS, format_time};
use mamori_store::Store;
use mamori_store::audit::{self as store_audit, AuditFilter, NewEntry};
use mamori_store::entity::org;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::procs::{cpu_model, fs_type};
use crate::stats::{
    Summary, fmt_ms, fmt_ratio, fmt_secs, median, met, pad, percentile, ratio, summarize, thousands,
};

/// The administrator's password for the sign-in figures.
pub const PASSWORD: &str = "ベンチマーク用の長いパスワード2026";
/// Environment variable naming a scratch PostgreSQL database for step 4.
pub const PG_URL_VAR: &str = "MAMORI_BENCH_PG_URL";
/// Concurrent writers of the concurrent append runs.
pub const WRITERS: usize = 8;
/// Pool size of the stores the bench opens (as `mamori serve` does).
const POOL: u32 = 16;
/// Rows per query when reading a chain into memory (as `verify_chain` does).
const READ_BATCH: u64 = 5_000;
/// Columns of the audit log.
const COLUMNS: usize = 12;
/// Rows per multi-row INSERT (what `audit::append_many` uses).
const BATCH_ROWS: usize = 1_000;
/// Verification throughput should be at least this share of plain SHA-256's.
const TARGET_VERIFY_RATIO: f64 = 0.5;
const LOGIN: &str = "ciso";
const SOURCE: &str = "127.0.0.1";

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Entries per append run.
    pub entries: usize,
    /// Timed passes of each verification figure; the median is reported.
    pub verify_passes: usize,
    /// Timed runs of each sign-in figure, after one warm-up.
    pub sign_in_runs: usize,
    /// A scratch PostgreSQL database (`MAMORI_BENCH_PG_URL`).
    pub pg_url: Option<String>,
}

/// The entries of one run: staff record updates as the web layer audits them.
pub fn new_entries(n: usize) -> Vec<NewEntry> {
    const CHANGES: [&str; 3] = [
        r#"[{"field":"name","before":"山田","after":"山田 太郎"}]"#,
        r#"[{"field":"department","before":"部01/課0101","after":"部02/課0203"},{"field":"kana","before":"ヤマダ","after":"ヤマダ タロウ"}]"#,
        r#"[{"field":"email","after":"yamada.taro@city.example.lg.jp"}]"#,
    ];
    (0..n)
        .map(|i| NewEntry {
            entry_id: Uuid::now_v7(),
            at: Utc::now(),
            actor: "user:ciso".into(),
            source: "192.0.2.10".into(),
            action: "staff.update".into(),
            object_type: "staff".into(),
            object_id: Uuid::now_v7().to_string(),
            changes: CHANGES[i % CHANGES.len()].into(),
        })
        .collect()
}

/// The rows `entries` become when chained from the genesis of `org_id`, with their
/// hashes: exactly the column values `audit::append` writes.
pub fn chained_rows(org_id: Uuid, entries: &[NewEntry]) -> Vec<(ChainEntry, String)> {
    let mut prev = GENESIS.to_owned();
    let mut seq = 0;
    entries
        .iter()
        .map(|e| {
            seq += 1;
            let entry = ChainEntry {
                org_id: org_id.to_string(),
                seq,
                entry_id: e.entry_id.to_string(),
                at: format_time(e.at),
                actor: e.actor.clone(),
                source: e.source.clone(),
                action: e.action.clone(),
                object_type: e.object_type.clone(),
                object_id: e.object_id.clone(),
                changes: e.changes.clone(),
                prev_hash: std::mem::take(&mut prev),
            };
            let hash = entry.hash();
            prev = hash.clone();
            (entry, hash)
        })
        .collect()
}

/// A plain table with the audit log's columns and primary key, and nothing else: no
/// chain head, no foreign key, no secondary index.
#[derive(Debug, Clone)]
pub struct RawTable {
    pub name: String,
    backend: DbBackend,
    insert: Arc<str>,
}

impl RawTable {
    /// Creates a table of a name no other run uses.
    pub async fn create(store: &Store) -> Result<Self> {
        let backend = store.backend();
        let suffix = Uuid::now_v7().simple().to_string();
        let name = format!("bench_raw_audit_{}", &suffix[suffix.len() - 12..]);
        let uuid_type = if backend == DbBackend::Postgres {
            "UUID"
        } else {
            "BLOB"
        };
        store
            .conn()
            .execute_unprepared(&format!(
                "CREATE TABLE {name} (org_id {uuid_type} NOT NULL, seq BIGINT NOT NULL, \
                 entry_id TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, \
                 source TEXT NOT NULL, action TEXT NOT NULL, object_type TEXT NOT NULL, \
                 object_id TEXT NOT NULL, changes TEXT NOT NULL, prev_hash TEXT NOT NULL, \
                 hash TEXT NOT NULL, PRIMARY KEY (org_id, seq))"
            ))
            .await
            .with_context(|| format!("creating {name}"))?;
        let mut table = Self {
            name,
            backend,
            insert: "".into(),
        };
        table.insert = table.insert_sql(1).into();
        Ok(table)
    }

    /// `INSERT INTO … VALUES (…), (…), …` of `rows` rows.
    fn insert_sql(&self, rows: usize) -> String {
        let mut n = 0;
        let tuples: Vec<String> = (0..rows)
            .map(|_| {
                let params: Vec<String> = (0..COLUMNS)
                    .map(|_| {
                        n += 1;
                        if self.backend == DbBackend::Postgres {
                            format!("${n}")
                        } else {
                            "?".to_owned()
                        }
                    })
                    .collect();
                format!("({})", params.join(", "))
            })
            .collect();
        format!(
            "INSERT INTO {} (org_id, seq, entry_id, at, actor, source, action, \
             object_type, object_id, changes, prev_hash, hash) VALUES {}",
            self.name,
            tuples.join(", ")
        )
    }

    /// The values of one row, in column order.
    fn values(org_id: Uuid, (e, hash): (ChainEntry, String)) -> [Value; COLUMNS] {
        [
            org_id.into(),
            e.seq.into(),
            e.entry_id.into(),
            e.at.into(),
            e.actor.into(),
            e.source.into(),
            e.action.into(),
            e.object_type.into(),
            e.object_id.into(),
            e.changes.into(),
            e.prev_hash.into(),
            hash.into(),
        ]
    }

    /// A single-row INSERT per row.
    fn single_row_jobs(&self, entries: &[NewEntry]) -> Vec<Job> {
        let org_id = Uuid::now_v7();
        chained_rows(org_id, entries)
            .into_iter()
            .map(|row| Job::Raw {
                backend: self.backend,
                sql: self.insert.clone(),
                values: Self::values(org_id, row).into(),
            })
            .collect()
    }

    /// Multi-row INSERTs of up to [`BATCH_ROWS`] rows, as `audit::append_many` writes.
    fn multi_row_jobs(&self, entries: &[NewEntry]) -> Vec<Job> {
        let org_id = Uuid::now_v7();
        let mut rows = chained_rows(org_id, entries).into_iter().peekable();
        let mut jobs = Vec::new();
        while rows.peek().is_some() {
            let values: Vec<Value> = rows
                .by_ref()
                .take(BATCH_ROWS)
                .flat_map(|row| Self::values(org_id, row))
                .collect();
            jobs.push(Job::Raw {
                backend: self.backend,
                sql: self.insert_sql(values.len() / COLUMNS).into(),
                values,
            });
        }
        jobs
    }

    pub async fn drop_table(&self, store: &Store) -> Result<()> {
        store
            .conn()
            .execute_unprepared(&format!("DROP TABLE IF EXISTS {}", self.name))
            .await
            .with_context(|| format!("dropping {}", self.name))?;
        Ok(())
    }
}

/// One write of a timed run.
enum Job {
    /// `audit::append` to an organization's chain.
    Append { org_id: Uuid, entry: NewEntry },
    /// A raw INSERT.
    Raw {
        backend: DbBackend,
        sql: Arc<str>,
        values: Vec<Value>,
    },
}

impl Job {
    async fn run<C: ConnectionTrait>(self, conn: &C) -> Result<()> {
        match self {
            Job::Append { org_id, entry } => {
                store_audit::append(conn, org_id, entry).await?;
            }
            Job::Raw {
                backend,
                sql,
                values,
            } => {
                conn.execute_raw(Statement::from_sql_and_values(backend, &*sql, values))
                    .await?;
            }
        }
        Ok(())
    }
}

fn append_jobs(org_id: Uuid, entries: Vec<NewEntry>) -> Vec<Job> {
    entries
        .into_iter()
        .map(|entry| Job::Append { org_id, entry })
        .collect()
}

/// Runs `jobs`, each in its own write transaction, on `writers` tasks sharing the
/// store; the latency of each transaction (queueing for the writer lock included).
async fn each_in_own_tx(store: &Store, jobs: Vec<Job>, writers: usize) -> Result<Summary> {
    let writers = writers.max(1);
    let mut shares: Vec<Vec<Job>> = (0..writers).map(|_| Vec::new()).collect();
    for (i, job) in jobs.into_iter().enumerate() {
        if let Some(share) = shares.get_mut(i % writers) {
            share.push(job);
        }
    }
    let started = Instant::now();
    let tasks: Vec<_> = shares
        .into_iter()
        .map(|share| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut samples = Vec::with_capacity(share.len());
                for job in share {
                    let t = Instant::now();
                    let tx = store.begin_write().await?;
                    job.run(&*tx).await?;
                    tx.commit().await?;
                    samples.push(t.elapsed());
                }
                anyhow::Ok(samples)
            })
        })
        .collect();
    let mut samples = Vec::new();
    for task in tasks {
        samples.extend(task.await.context("a writer task stopped")??);
    }
    Ok(summarize(samples, 0, started.elapsed()))
}

/// Runs `jobs` in a single write transaction; the time from begin to commit.
async fn all_in_one_tx(store: &Store, jobs: Vec<Job>) -> Result<Duration> {
    let started = Instant::now();
    let tx = store.begin_write().await?;
    for job in jobs {
        job.run(&*tx).await?;
    }
    tx.commit().await?;
    Ok(started.elapsed())
}

/// `audit::append_many` of all entries in one write transaction.
async fn append_many_in_one_tx(
    store: &Store,
    org_id: Uuid,
    entries: Vec<NewEntry>,
) -> Result<Duration> {
    let started = Instant::now();
    let tx = store.begin_write().await?;
    store_audit::append_many(&*tx, org_id, entries).await?;
    tx.commit().await?;
    Ok(started.elapsed())
}

/// An organization with an empty chain, created as `mamori admin init` does it in
/// the store; its code is unique so that runs can share a database.
pub async fn new_org(store: &Store, label: &str) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let now = Utc::now();
    let tx = store.begin_write().await?;
    mamori_store::orgs::insert(
        &*tx,
        org::Model {
            id,
            name: format!("ベンチ市 ({label})"),
            code: format!("bench-{}", id.simple()),
            prefecture_code: 13,
            settings: "{}".into(),
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    store_audit::init_chain(&*tx, id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes what the bench wrote for `orgs` (on PostgreSQL, which outlives the run).
async fn remove_orgs(store: &Store, orgs: &[Uuid]) -> Result<()> {
    let backend = store.backend();
    let tx = store.begin_write().await?;
    for org_id in orgs {
        for sql in [
            "DELETE FROM audit_log WHERE org_id = $1",
            "DELETE FROM audit_heads WHERE org_id = $1",
            "DELETE FROM orgs WHERE id = $1",
        ] {
            let sql = if backend == DbBackend::Postgres {
                sql.to_owned()
            } else {
                sql.replace("$1", "?")
            };
            tx.execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [Value::from(*org_id)],
            ))
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Append figures of one database.
#[derive(Debug, Clone)]
pub struct AppendFigures {
    pub entries: usize,
    pub raw_single: Summary,
    pub chained_single: Summary,
    pub raw_concurrent: Summary,
    pub chained_concurrent: Summary,
    pub raw_batch: Duration,
    pub chained_batch: Duration,
}

/// Verification figures of one database (each the median of the passes).
#[derive(Debug, Clone)]
pub struct VerifyFigures {
    pub chains: usize,
    pub entries: u64,
    /// Canonical bytes hashed per pass.
    pub bytes: u64,
    pub passes: usize,
    /// Reading the rows alone (`audit::batch`), into memory.
    pub read: Duration,
    /// Plain SHA-256 over the canonical bytes already in memory: the baseline.
    pub sha256: Duration,
    /// `ChainVerifier::check` over the entries already in memory.
    pub in_memory: Duration,
    /// `audit::verify_chain`: reads from the database and checks.
    pub verify_chain: Duration,
}

impl VerifyFigures {
    fn per_s(&self, d: Duration) -> f64 {
        ratio(self.entries as f64, d.as_secs_f64()).unwrap_or(0.0)
    }
    fn mb_per_s(&self, d: Duration) -> f64 {
        ratio(self.bytes as f64 / 1e6, d.as_secs_f64()).unwrap_or(0.0)
    }
    /// Throughput of `d` as a share of plain SHA-256's.
    fn to_sha(&self, d: Duration) -> Option<f64> {
        ratio(self.sha256.as_secs_f64(), d.as_secs_f64())
    }
}

/// Everything measured on one database.
pub struct DbFigures {
    pub label: String,
    /// What a commit waits for, as the database reports it.
    pub durability: String,
    pub append: AppendFigures,
    pub verify: VerifyFigures,
}

fn step(label: &str, what: &str) {
    println!("  {label}: {what} …");
}

/// Steps 1 and 2 on one store: the append runs beside their raw baselines, then
/// verification of the three chains written.
pub async fn measure_db(store: &Store, label: &str, opts: &Options) -> Result<DbFigures> {
    let n = opts.entries;
    let table = RawTable::create(store).await?;
    let org_single = new_org(store, "1 writer").await?;
    let org_concurrent = new_org(store, "8 writers").await?;
    let org_batch = new_org(store, "batch").await?;
    let orgs = [org_single, org_concurrent, org_batch];

    let result = async {
        // Raw and chained alternate so that drift (the WAL growing, the disk cache)
        // falls on both alike. Entries are made and hashed (raw) before the clock starts.
        step(label, "raw INSERT, 1 writer, 1 tx each");
        let raw_single = each_in_own_tx(store, table.single_row_jobs(&new_entries(n)), 1).await?;
        step(label, "audit::append, 1 writer, 1 tx each");
        let chained_single =
            each_in_own_tx(store, append_jobs(org_single, new_entries(n)), 1).await?;
        step(label, &format!("raw INSERT, {WRITERS} writers, 1 tx each"));
        let raw_concurrent =
            each_in_own_tx(store, table.single_row_jobs(&new_entries(n)), WRITERS).await?;
        step(
            label,
            &format!("audit::append, {WRITERS} writers, 1 tx each"),
        );
        let chained_concurrent =
            each_in_own_tx(store, append_jobs(org_concurrent, new_entries(n)), WRITERS).await?;
        step(label, "raw multi-row INSERT, all in 1 tx");
        let raw_batch = all_in_one_tx(store, table.multi_row_jobs(&new_entries(n))).await?;
        step(label, "audit::append_many, all in 1 tx");
        let chained_batch = append_many_in_one_tx(store, org_batch, new_entries(n)).await?;
        let append = AppendFigures {
            entries: n,
            raw_single,
            chained_single,
            raw_concurrent,
            chained_concurrent,
            raw_batch,
            chained_batch,
        };
        step(
            label,
            &format!(
                "verify {} chains × {} passes",
                orgs.len(),
                opts.verify_passes
            ),
        );
        let verify = measure_verify(store, &orgs, n as u64, opts.verify_passes).await?;
        anyhow::Ok(DbFigures {
            label: label.to_owned(),
            durability: durability(store).await,
            append,
            verify,
        })
    }
    .await;

    if store.backend() == DbBackend::Postgres {
        // A scratch database still should not keep what a bench wrote.
        let cleaned = match table.drop_table(store).await {
            Ok(()) => remove_orgs(store, &orgs).await,
            Err(e) => Err(e),
        };
        if let Err(e) = cleaned {
            println!("  warning: could not remove the bench's rows from {label}: {e:#}");
        }
    }
    result
}

/// The settings that decide what a commit waits for, read from the database.
async fn durability(store: &Store) -> String {
    async fn one(store: &Store, sql: &str) -> Option<String> {
        let row = store
            .conn()
            .query_one_raw(Statement::from_string(store.backend(), sql))
            .await
            .ok()??;
        row.try_get_by_index::<String>(0)
            .ok()
            .or_else(|| row.try_get_by_index::<i64>(0).ok().map(|v| v.to_string()))
    }
    let known = |v: Option<String>| v.unwrap_or_else(|| "?".into());
    if store.backend() == DbBackend::Postgres {
        format!(
            "fsync={}, synchronous_commit={}",
            known(one(store, "SHOW fsync").await),
            known(one(store, "SHOW synchronous_commit").await)
        )
    } else {
        let synchronous = one(store, "PRAGMA synchronous").await.map(|v| {
            match v.as_str() {
                "0" => "OFF",
                "1" => "NORMAL",
                "2" => "FULL",
                "3" => "EXTRA",
                _ => "?",
            }
            .to_owned()
        });
        format!(
            "journal_mode={}, synchronous={}",
            known(one(store, "PRAGMA journal_mode").await),
            known(synchronous)
        )
    }
}

/// Reads every chain of `orgs` into memory, oldest entry first.
async fn read_chains(
    store: &Store,
    orgs: &[Uuid],
) -> Result<Vec<(Uuid, Vec<mamori_store::entity::audit_log::Model>)>> {
    let filter = AuditFilter::default();
    let mut chains = Vec::with_capacity(orgs.len());
    for &org_id in orgs {
        let mut rows = Vec::new();
        let mut after = 0;
        loop {
            let batch =
                store_audit::batch(store.conn(), org_id, &filter, after, READ_BATCH).await?;
            let Some(last) = batch.last() else { break };
            after = last.seq;
            rows.extend(batch);
        }
        chains.push((org_id, rows));
    }
    Ok(chains)
}

/// Step 2 on the chains of `orgs`, each `per_chain` entries long.
pub async fn measure_verify(
    store: &Store,
    orgs: &[Uuid],
    per_chain: u64,
    passes: usize,
) -> Result<VerifyFigures> {
    let passes = passes.max(1);
    let chains = read_chains(store, orgs).await?;
    let entries: Vec<(Uuid, Vec<(ChainEntry, String)>)> = chains
        .iter()
        .map(|(org_id, rows)| {
            let list = rows
                .iter()
                .map(|m| (store_audit::to_chain_entry(m), m.hash.clone()))
                .collect();
            (*org_id, list)
        })
        .collect();
    let canonical: Vec<Vec<u8>> = entries
        .iter()
        .flat_map(|(_, list)| list.iter().map(|(e, _)| e.canonical()))
        .collect();
    let total = canonical.len() as u64;
    let bytes: u64 = canonical.iter().map(|c| c.len() as u64).sum();
    let expected = per_chain * orgs.len() as u64;
    ensure!(
        total == expected,
        "read {total} entries back, expected {expected}"
    );

    let (mut read, mut sha, mut mem, mut db) = (vec![], vec![], vec![], vec![]);
    for _ in 0..passes {
        // The four figures alternate, pass by pass, so drift falls on all alike.
        let t = Instant::now();
        black_box(read_chains(store, orgs).await?);
        read.push(t.elapsed());

        let t = Instant::now();
        for c in &canonical {
            black_box(Sha256::digest(black_box(c)));
        }
        sha.push(t.elapsed());

        let t = Instant::now();
        for (org_id, list) in &entries {
            let mut verifier = ChainVerifier::new(org_id.to_string());
            for (entry, hash) in list {
                verifier
                    .check(entry, hash)
                    .map_err(|f| anyhow!("the chain of {org_id} read back does not verify: {f}"))?;
            }
            black_box(verifier.head());
        }
        mem.push(t.elapsed());

        let t = Instant::now();
        for org_id in orgs {
            let report = store_audit::verify_chain(store.conn(), *org_id).await?;
            if let Some(fault) = report.fault {
                bail!("audit verify found a fault in the chain of {org_id}: {fault}");
            }
            ensure!(
                report.entries == per_chain,
                "audit verify checked {} entries of {org_id}, expected {per_chain}",
                report.entries
            );
        }
        db.push(t.elapsed());
    }
    Ok(VerifyFigures {
        chains: orgs.len(),
        entries: total,
        bytes,
        passes,
        read: median(&read),
        sha256: median(&sha),
        in_memory: median(&mem),
        verify_chain: median(&db),
    })
}

/// Sign-in latencies.
#[derive(Debug, Clone)]
pub struct SignInFigures {
    /// The parameters as the stored hash names them (`m=19456,t=2,p=1`).
    pub params: String,
    pub algorithm: String,
    pub runs: usize,
    pub hash: Vec<Duration>,
    pub verify: Vec<Duration>,
    pub login: Vec<Duration>,
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed())
}

/// Step 3: `passwords::hash` and `passwords::verify`, then `App::login` on a database
/// of its own.
pub async fn measure_sign_in(dir: &Path, runs: usize) -> Result<SignInFigures> {
    use mamori_app::{App, AppConfig, OsRandom, passwords};
    let runs = runs.max(1);

    let stored = passwords::hash(PASSWORD, &OsRandom)?;
    ensure!(
        passwords::verify(PASSWORD, &stored),
        "the password does not verify against its own hash"
    );
    // $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
    let mut fields = stored.split('$').skip(1);
    let algorithm = fields.next().unwrap_or_default().to_owned();
    let params = fields.nth(1).unwrap_or_default().to_owned();

    let mut hash = Vec::with_capacity(runs);
    let mut verify = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (h, d) = timed(|| passwords::hash(PASSWORD, &OsRandom));
        black_box(h?);
        hash.push(d);
        let (ok, d) = timed(|| passwords::verify(PASSWORD, &stored));
        ensure!(ok, "passwords::verify refused the right password");
        verify.push(d);
    }

    let store = Store::open(&mamori_store::sqlite_url_for_dir(dir)?, POOL).await?;
    let app = App::with_system(store, AppConfig::default());
    app.initialize(
        &mamori_app::setup::SetupInput {
            org: mamori_app::orgs::OrgInput {
                name: "ベンチ市".into(),
                code: "131016".into(),
                prefecture: String::new(),
            },
            login: LOGIN.into(),
            name: "ベンチ 太郎".into(),
            employee_number: String::new(),
            password: PASSWORD.into(),
            require_mfa_for_admins: Some(false),
            scheme: String::new(),
        },
        "cli:bench",
        "cli",
    )
    .await
    .map_err(|e| anyhow!("setting up the sign-in organization: {e}"))?;
    let mut login = Vec::with_capacity(runs);
    // One warm-up sign-in, not timed: the first one fills caches.
    for i in 0..=runs {
        let t = Instant::now();
        let session = app.login(LOGIN, PASSWORD, SOURCE).await?;
        let d = t.elapsed();
        match session {
            Ok(s) if !s.mfa_pending => {}
            Ok(_) => bail!("App::login asked for a second factor; the bench set none"),
            Err(refused) => bail!("App::login refused the right password ({refused:?})"),
        }
        if i > 0 {
            login.push(d);
        }
    }
    app.store.close().await?;
    Ok(SignInFigures {
        params,
        algorithm,
        runs,
        hash,
        verify,
        login,
    })
}

/// The whole scenario.
pub async fn run(opts: &Options) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let tmp = tempfile::Builder::new()
        .prefix("mamori-bench-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let sqlite_dir = tmp.path().join("audit");
    let sign_in_dir = tmp.path().join("sign-in");
    let url = mamori_store::sqlite_url_for_dir(&sqlite_dir)?;
    let fs = fs_type(&sqlite_dir).unwrap_or_else(|| "unknown file system".into());

    println!("== mamori-bench audit ==");
    println!("machine:     {cores} core(s), {}", cpu_model());
    println!(
        "runs:        {} entries per append run, {WRITERS} concurrent writers; verify: median of {} passes; sign-in: {} runs after 1 warm-up",
        thousands(opts.entries as f64),
        opts.verify_passes,
        opts.sign_in_runs
    );
    println!(
        "SQLite:      {} ({fs}); WAL, synchronous=FULL: every commit waits for an fsync,",
        sqlite_dir.display()
    );
    println!(
        "             so one transaction per entry measures the disk's flush as much as Mamori."
    );
    match &opts.pg_url {
        Some(url) => println!(
            "PostgreSQL:  {} (from {PG_URL_VAR}; the bench removes its rows afterwards)",
            mamori_store::redact(url)
        ),
        None => println!(
            "PostgreSQL:  skipped ({PG_URL_VAR} is not set; set it to a scratch database's postgres:// URL to include it)"
        ),
    }
    println!("caveat:      the writers, the database and the hashing share these {cores} core(s);");
    println!("             the ratio to the baseline measured in this same run is the figure.");
    println!();

    let total_steps = if opts.pg_url.is_some() { 3 } else { 2 };
    println!("[1/{total_steps}] SQLite: append and verify …");
    let store = Store::open(&url, POOL).await?;
    let sqlite = measure_db(&store, "SQLite", opts).await?;
    store.close().await?;

    let mut dbs = vec![sqlite];
    if let Some(pg_url) = &opts.pg_url {
        println!("[2/{total_steps}] PostgreSQL: append and verify …");
        let store = Store::open(pg_url, POOL)
            .await
            .with_context(|| format!("opening {}", mamori_store::redact(pg_url)))?;
        let pg = measure_db(&store, "PostgreSQL", opts).await;
        store.close().await?;
        dbs.push(pg?);
    }

    println!(
        "[{total_steps}/{total_steps}] sign-in: {} × hash, verify and App::login …",
        opts.sign_in_runs
    );
    let sign_in = measure_sign_in(&sign_in_dir, opts.sign_in_runs).await?;

    println!();
    println!("== results ==");
    for db in &dbs {
        println!();
        print_append(db);
        println!();
        print_verify(db);
    }
    println!();
    print_sign_in(&sign_in);
    println!();
    println!("targets (informational; the bench never fails on timing)");
    for db in &dbs {
        let v = &db.verify;
        for (what, d) in [
            ("verify in memory", v.in_memory),
            ("verify including DB reads", v.verify_chain),
        ] {
            let r = v.to_sha(d);
            println!(
                "  {} {:>10} {:>10}   {}",
                pad(&format!("{}: {what} ÷ plain SHA-256", db.label), 56),
                format!("≥ {}", fmt_ratio(Some(TARGET_VERIFY_RATIO))),
                fmt_ratio(r),
                met(r.is_some_and(|r| r >= TARGET_VERIFY_RATIO))
            );
        }
    }
    if opts.pg_url.is_none() {
        println!();
        println!("PostgreSQL: skipped ({PG_URL_VAR} not set).");
    }
    Ok(())
}

const LABEL: usize = 44;

fn print_append(db: &DbFigures) {
    let a = &db.append;
    let n = thousands(a.entries as f64);
    println!(
        "audit append, {} ({}), {n} entries per run",
        db.label, db.durability
    );
    println!(
        "  {} {:>10} {:>9} {:>9} {:>9} {:>9} {:>11}",
        pad("", LABEL),
        "entries/s",
        "p50",
        "p99",
        "max",
        "total",
        "chained÷raw"
    );
    let each = |label: &str, s: &Summary, base: Option<&Summary>| {
        println!(
            "  {} {:>10} {:>9} {:>9} {:>9} {:>9} {:>11}",
            pad(label, LABEL),
            thousands(s.rps),
            fmt_ms(s.p50),
            fmt_ms(s.p99),
            fmt_ms(s.max),
            fmt_secs(s.elapsed),
            base.map_or("–".into(), |b| fmt_ratio(ratio(s.rps, b.rps))),
        );
    };
    let batch = |label: &str, d: Duration, base: Option<Duration>| {
        let rate = |d: Duration| ratio(a.entries as f64, d.as_secs_f64()).unwrap_or(0.0);
        println!(
            "  {} {:>10} {:>9} {:>9} {:>9} {:>9} {:>11}",
            pad(label, LABEL),
            thousands(rate(d)),
            "–",
            "–",
            "–",
            fmt_secs(d),
            base.map_or("–".into(), |b| fmt_ratio(ratio(rate(d), rate(b)))),
        );
    };
    each(
        "raw INSERT, 1 writer, 1 tx each (baseline)",
        &a.raw_single,
        None,
    );
    each(
        "audit::append, 1 writer, 1 tx each",
        &a.chained_single,
        Some(&a.raw_single),
    );
    each(
        &format!("raw INSERT, {WRITERS} writers, 1 tx each (baseline)"),
        &a.raw_concurrent,
        None,
    );
    each(
        &format!("audit::append, {WRITERS} writers, 1 tx each"),
        &a.chained_concurrent,
        Some(&a.raw_concurrent),
    );
    batch(
        &format!("raw INSERT of {n}, 1 tx (baseline)"),
        a.raw_batch,
        None,
    );
    batch(
        &format!("audit::append_many of {n}, 1 tx"),
        a.chained_batch,
        Some(a.raw_batch),
    );
    println!(
        "  (latency per transaction, from begin_write to commit; with {WRITERS} writers it includes the wait for the writer;"
    );
    println!(
        "   the batch rows write multi-row INSERTs of up to {} rows, as append_many does)",
        thousands(BATCH_ROWS as f64)
    );
}

fn print_verify(db: &DbFigures) {
    let v = &db.verify;
    println!(
        "audit verify, {}: {} entries in {} chains, {:.2} MB of canonical bytes; median of {} passes",
        db.label,
        thousands(v.entries as f64),
        v.chains,
        v.bytes as f64 / 1e6,
        v.passes
    );
    println!(
        "  {} {:>10} {:>9} {:>9} {:>11}",
        pad("", LABEL),
        "entries/s",
        "MB/s",
        "time",
        "÷SHA-256"
    );
    let row = |label: &str, d: Duration, r: Option<f64>| {
        println!(
            "  {} {:>10} {:>9} {:>9} {:>11}",
            pad(label, LABEL),
            thousands(v.per_s(d)),
            format!("{:.1}", v.mb_per_s(d)),
            fmt_ms(d),
            fmt_ratio(r),
        );
    };
    row("plain SHA-256, bytes in memory (baseline)", v.sha256, None);
    row(
        "verify in memory (ChainVerifier::check)",
        v.in_memory,
        v.to_sha(v.in_memory),
    );
    row(
        "verify including DB reads (verify_chain)",
        v.verify_chain,
        v.to_sha(v.verify_chain),
    );
    row("  of which reading rows alone (audit::batch)", v.read, None);
    println!(
        "  (÷SHA-256: throughput as a share of plain SHA-256's; verify also builds each entry's canonical bytes,"
    );
    println!("   hex-encodes the hash and compares links; verify_chain also reads the rows)");
}

fn print_sign_in(s: &SignInFigures) {
    let sorted = |v: &[Duration]| {
        let mut v = v.to_vec();
        v.sort_unstable();
        v
    };
    let (hash, verify, login) = (sorted(&s.hash), sorted(&s.verify), sorted(&s.login));
    let verify_p50 = percentile(&verify, 50.0);
    println!(
        "sign-in: {} {} (parameters from the stored hash); {} runs each after 1 warm-up; p99 of {} runs is the slowest",
        s.algorithm, s.params, s.runs, s.runs
    );
    println!(
        "  {} {:>9} {:>9} {:>9} {:>11}",
        pad("", LABEL),
        "p50",
        "p99",
        "max",
        "p50÷verify"
    );
    let row = |label: &str, v: &[Duration], baseline: bool| {
        let p50 = percentile(v, 50.0);
        println!(
            "  {} {:>9} {:>9} {:>9} {:>11}",
            pad(label, LABEL),
            fmt_ms(p50),
            fmt_ms(percentile(v, 99.0)),
            fmt_ms(v.last().copied().unwrap_or_default()),
            if baseline {
                "–".into()
            } else {
                fmt_ratio(ratio(p50.as_secs_f64(), verify_p50.as_secs_f64()))
            },
        );
    };
    row("passwords::hash", &hash, false);
    row("passwords::verify (baseline)", &verify, true);
    row("App::login (SQLite, 1 commit with audit)", &login, false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_rows_carry_the_values_of_a_valid_chain() {
        let org_id = Uuid::now_v7();
        let entries = new_entries(7);
        let rows = chained_rows(org_id, &entries);
        assert_eq!(rows.len(), 7);
        let mut verifier = ChainVerifier::new(org_id.to_string());
        for ((entry, hash), new) in rows.iter().zip(&entries) {
            assert_eq!(verifier.check(entry, hash), Ok(()));
            assert_eq!(entry.entry_id, new.entry_id.to_string());
            assert_eq!(entry.changes, new.changes);
        }
        assert_eq!(verifier.head().0, 7);
    }
}
