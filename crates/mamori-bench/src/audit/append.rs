//! Step 1: appending to an organization's hash chain — one writer, eight concurrent
//! writers, and one batch — each run beside raw INSERTs of the same column values.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use mamori_store::Store;
use mamori_store::audit::{self as store_audit, NewEntry};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::entries::new_entries;
use super::raw::{RawInsert, RawTable};
use crate::stats::{Summary, summarize};

/// Concurrent writers of the concurrent append runs.
pub const WRITERS: usize = 8;

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

/// The six runs of `n` entries on `store`, announcing each with `step`. The chained
/// runs append to the chains of `orgs` (1 writer, concurrent writers, batch), each
/// its own so that every run starts from an empty chain.
pub(super) async fn measure(
    store: &Store,
    table: &RawTable,
    [single, concurrent, batch]: [Uuid; 3],
    n: usize,
    step: &dyn Fn(&str),
) -> Result<AppendFigures> {
    // Raw and chained alternate so that drift (the WAL growing, the disk cache)
    // falls on both alike. Entries are made and hashed (raw) before the clock starts.
    step("raw INSERT, 1 writer, 1 tx each");
    let raw_single = each_in_own_tx(
        store,
        raw_jobs(table.single_row_inserts(&new_entries(n))),
        1,
    )
    .await?;
    step("audit::append, 1 writer, 1 tx each");
    let chained_single = each_in_own_tx(store, append_jobs(single, new_entries(n)), 1).await?;
    step(&format!("raw INSERT, {WRITERS} writers, 1 tx each"));
    let raw_concurrent = each_in_own_tx(
        store,
        raw_jobs(table.single_row_inserts(&new_entries(n))),
        WRITERS,
    )
    .await?;
    step(&format!("audit::append, {WRITERS} writers, 1 tx each"));
    let chained_concurrent =
        each_in_own_tx(store, append_jobs(concurrent, new_entries(n)), WRITERS).await?;
    step("raw multi-row INSERT, all in 1 tx");
    let raw_batch =
        all_in_one_tx(store, raw_jobs(table.multi_row_inserts(&new_entries(n)))).await?;
    step("audit::append_many, all in 1 tx");
    let chained_batch = append_many_in_one_tx(store, batch, new_entries(n)).await?;
    Ok(AppendFigures {
        entries: n,
        raw_single,
        chained_single,
        raw_concurrent,
        chained_concurrent,
        raw_batch,
        chained_batch,
    })
}

/// One write of a timed run.
enum Job {
    /// `audit::append` to an organization's chain.
    Append { org_id: Uuid, entry: NewEntry },
    /// A raw INSERT.
    Raw(RawInsert),
}

impl Job {
    async fn run<C: ConnectionTrait>(self, conn: &C) -> Result<()> {
        match self {
            Job::Append { org_id, entry } => {
                store_audit::append(conn, org_id, entry).await?;
            }
            Job::Raw(insert) => insert.run(conn).await?,
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

fn raw_jobs(inserts: Vec<RawInsert>) -> Vec<Job> {
    inserts.into_iter().map(Job::Raw).collect()
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
