//! Step 2: verifying the chains the append runs wrote, with and without the database
//! reads, beside plain SHA-256 over the same canonical bytes already in memory.

use std::hint::black_box;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow, bail, ensure};
use mamori_domain::audit::{ChainEntry, ChainVerifier};
use mamori_store::Store;
use mamori_store::audit::{self as store_audit, AuditFilter};
use mamori_store::entity::audit_log;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::stats::{median, ratio};

/// Rows per query when reading a chain into memory (as `verify_chain` does).
const READ_BATCH: u64 = 5_000;

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
    pub(super) fn per_s(&self, d: Duration) -> f64 {
        ratio(self.entries as f64, d.as_secs_f64()).unwrap_or(0.0)
    }
    pub(super) fn mb_per_s(&self, d: Duration) -> f64 {
        ratio(self.bytes as f64 / 1e6, d.as_secs_f64()).unwrap_or(0.0)
    }
    /// Throughput of `d` as a share of plain SHA-256's.
    pub(super) fn to_sha(&self, d: Duration) -> Option<f64> {
        ratio(self.sha256.as_secs_f64(), d.as_secs_f64())
    }
}

/// Reads every chain of `orgs` into memory, oldest entry first.
async fn read_chains(store: &Store, orgs: &[Uuid]) -> Result<Vec<(Uuid, Vec<audit_log::Model>)>> {
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
