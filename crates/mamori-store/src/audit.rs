//! The audit log table: appending to an organization's hash chain inside the caller's
//! transaction, reading entries back, and streaming a chain for verification.
//!
//! Appenders first lock the organization's `audit_heads` row (`SELECT … FOR UPDATE` on
//! PostgreSQL; on SQLite the write transaction is already exclusive), so two app
//! servers on one PostgreSQL still produce a single, gap-free chain per organization.

use chrono::{DateTime, Utc};
use mamori_domain::audit::{ChainEntry, ChainFault, ChainVerifier, GENESIS, format_time};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::entity::{audit_head, audit_log, audit_signature};
use crate::{Page, PageRequest, Result, StoreError};

/// An entry before it is chained.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub entry_id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub source: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    /// JSON from `mamori_domain::audit::encode_changes`.
    pub changes: String,
}

/// Starts an organization's chain; call in the transaction that creates the organization.
pub async fn init_chain<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<()> {
    audit_head::Entity::insert(audit_head::ActiveModel {
        org_id: Set(org_id),
        seq: Set(0),
        hash: Set(GENESIS.to_owned()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Takes the organization's chain-head lock now rather than at the first append, so
/// that a write numbering its records `max + 1` (risks, applied controls, SoA
/// versions) holds it from reading the maximum to inserting: on PostgreSQL two such
/// transactions would otherwise take the same number. (On SQLite the single writer
/// already serializes them.)
pub async fn lock_org_writes<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<()> {
    audit_head::Entity::find_by_id(org_id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or_else(|| {
            StoreError::Corrupt(format!("no audit chain head for organization {org_id}"))
        })?;
    Ok(())
}

/// Appends one entry; returns its sequence number.
pub async fn append<C: ConnectionTrait>(conn: &C, org_id: Uuid, e: NewEntry) -> Result<i64> {
    let head = audit_head::Entity::find_by_id(org_id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or_else(|| {
            StoreError::Corrupt(format!("no audit chain head for organization {org_id}"))
        })?;
    let entry = ChainEntry {
        org_id: org_id.to_string(),
        seq: head.seq + 1,
        entry_id: e.entry_id.to_string(),
        at: format_time(e.at),
        actor: e.actor,
        source: e.source,
        action: e.action,
        object_type: e.object_type,
        object_id: e.object_id,
        changes: e.changes,
        prev_hash: head.hash,
    };
    let hash = entry.hash();
    let seq = entry.seq;
    audit_log::Entity::insert(to_model(org_id, entry, hash.clone()).into_active_model())
        .exec_without_returning(conn)
        .await?;
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::Seq, Expr::value(seq))
        .col_expr(audit_head::Column::Hash, Expr::value(hash))
        .filter(audit_head::Column::OrgId.eq(org_id))
        .exec(conn)
        .await?;
    Ok(seq)
}

/// Appends many entries with one head lock and batched inserts (imports).
pub async fn append_many<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    entries: Vec<NewEntry>,
) -> Result<i64> {
    let head = audit_head::Entity::find_by_id(org_id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or_else(|| {
            StoreError::Corrupt(format!("no audit chain head for organization {org_id}"))
        })?;
    let (mut seq, mut prev) = (head.seq, head.hash);
    let mut rows = Vec::with_capacity(entries.len());
    for e in entries {
        seq += 1;
        let entry = ChainEntry {
            org_id: org_id.to_string(),
            seq,
            entry_id: e.entry_id.to_string(),
            at: format_time(e.at),
            actor: e.actor,
            source: e.source,
            action: e.action,
            object_type: e.object_type,
            object_id: e.object_id,
            changes: e.changes,
            prev_hash: prev,
        };
        let hash = entry.hash();
        prev = hash.clone();
        rows.push(to_model(org_id, entry, hash));
    }
    crate::bulk::insert_rows(conn, rows).await?;
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::Seq, Expr::value(seq))
        .col_expr(audit_head::Column::Hash, Expr::value(prev))
        .filter(audit_head::Column::OrgId.eq(org_id))
        .exec(conn)
        .await?;
    Ok(seq)
}

fn to_model(org_id: Uuid, e: ChainEntry, hash: String) -> audit_log::Model {
    audit_log::Model {
        org_id,
        seq: e.seq,
        entry_id: e.entry_id,
        at: e.at,
        actor: e.actor,
        source: e.source,
        action: e.action,
        object_type: e.object_type,
        object_id: e.object_id,
        changes: e.changes,
        prev_hash: e.prev_hash,
        hash,
    }
}

pub fn to_chain_entry(m: &audit_log::Model) -> ChainEntry {
    ChainEntry {
        org_id: m.org_id.to_string(),
        seq: m.seq,
        entry_id: m.entry_id.clone(),
        at: m.at.clone(),
        actor: m.actor.clone(),
        source: m.source.clone(),
        action: m.action.clone(),
        object_type: m.object_type.clone(),
        object_id: m.object_id.clone(),
        changes: m.changes.clone(),
        prev_hash: m.prev_hash.clone(),
    }
}

/// Filters of the audit screen and export.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

fn filtered(org_id: Uuid, f: &AuditFilter) -> sea_orm::Select<audit_log::Entity> {
    let mut q = audit_log::Entity::find().filter(audit_log::Column::OrgId.eq(org_id));
    if let Some(a) = f.actor.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(audit_log::Column::Actor.contains(a));
    }
    if let Some(a) = f.action.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(audit_log::Column::Action.starts_with(a));
    }
    if let Some(t) = f.object_type.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(audit_log::Column::ObjectType.eq(t));
    }
    if let Some(i) = f.object_id.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(audit_log::Column::ObjectId.eq(i));
    }
    if let Some(s) = f.since {
        q = q.filter(audit_log::Column::At.gte(format_time(s)));
    }
    if let Some(u) = f.until {
        q = q.filter(audit_log::Column::At.lt(format_time(u)));
    }
    q
}

/// Newest first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &AuditFilter,
    page: PageRequest,
) -> Result<Page<audit_log::Model>> {
    let q = filtered(org_id, f);
    let n: Option<i64> = filtered(org_id, f)
        .select_only()
        .expr(sea_orm::sea_query::Func::count(Expr::col(
            sea_orm::sea_query::Asterisk,
        )))
        .into_tuple()
        .one(conn)
        .await?;
    let total = u64::try_from(n.unwrap_or(0)).unwrap_or(0);
    let items = q
        .order_by_desc(audit_log::Column::Seq)
        .offset(page.offset())
        .limit(page.per_page)
        .all(conn)
        .await?;
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// Oldest first, in batches, for export; `after_seq` continues from a previous batch.
pub async fn batch<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &AuditFilter,
    after_seq: i64,
    limit: u64,
) -> Result<Vec<audit_log::Model>> {
    Ok(filtered(org_id, f)
        .filter(audit_log::Column::Seq.gt(after_seq))
        .order_by_asc(audit_log::Column::Seq)
        .limit(limit)
        .all(conn)
        .await?)
}

/// What verification of one organization's chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    pub org_id: Uuid,
    pub entries: u64,
    pub head_seq: i64,
    pub head_hash: String,
    pub fault: Option<ChainFault>,
    /// Valid signatures found (filled in by the signature check above the store).
    pub signatures: u64,
    /// Sequence number of the newest validly signed head (0 when none).
    pub last_signed_seq: i64,
}

/// Recomputes an organization's whole chain, streaming in batches.
pub async fn verify_chain<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<ChainReport> {
    const BATCH: u64 = 5_000;
    let mut verifier = ChainVerifier::new(org_id.to_string());
    let mut entries = 0u64;
    let mut after = 0i64;
    loop {
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::OrgId.eq(org_id))
            .filter(audit_log::Column::Seq.gt(after))
            .order_by_asc(audit_log::Column::Seq)
            .limit(BATCH)
            .all(conn)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.seq;
        for m in &rows {
            if let Err(fault) = verifier.check(&to_chain_entry(m), &m.hash) {
                let (seq, hash) = verifier.head();
                return Ok(ChainReport {
                    org_id,
                    entries,
                    head_seq: seq,
                    head_hash: hash.to_owned(),
                    fault: Some(fault),
                    signatures: 0,
                    last_signed_seq: 0,
                });
            }
            entries += 1;
        }
    }
    // The head row must agree with the last entry, or the tail was cut off.
    let head = audit_head::Entity::find_by_id(org_id).one(conn).await?;
    let (seq, hash) = verifier.head();
    let fault = match head {
        Some(h) if h.seq > seq => Some(ChainFault::MissingSeq {
            expected: seq + 1,
            found: h.seq,
        }),
        Some(h) if h.seq == seq && h.hash != hash => Some(ChainFault::HashMismatch { seq }),
        _ => None,
    };
    Ok(ChainReport {
        org_id,
        entries,
        head_seq: seq,
        head_hash: hash.to_owned(),
        fault,
        signatures: 0,
        last_signed_seq: 0,
    })
}

/// The organizations that have a chain.
pub async fn chain_orgs<C: ConnectionTrait>(conn: &C) -> Result<Vec<Uuid>> {
    Ok(audit_head::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|h| h.org_id)
        .collect())
}

/// The current head of an organization's chain (sequence number and hash).
pub async fn head<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Option<(i64, String)>> {
    Ok(audit_head::Entity::find_by_id(org_id)
        .one(conn)
        .await?
        .map(|h| (h.seq, h.hash)))
}

pub async fn insert_signature<C: ConnectionTrait>(
    conn: &C,
    m: audit_signature::Model,
) -> Result<()> {
    use sea_orm::IntoActiveModel;
    audit_signature::Entity::insert(m.into_active_model())
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([
                audit_signature::Column::OrgId,
                audit_signature::Column::Seq,
                audit_signature::Column::KeyId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// An organization's signatures, oldest first.
pub async fn signatures<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<audit_signature::Model>> {
    Ok(audit_signature::Entity::find()
        .filter(audit_signature::Column::OrgId.eq(org_id))
        .order_by_asc(audit_signature::Column::Seq)
        .all(conn)
        .await?)
}

/// The stored entry with a given sequence number.
pub async fn entry<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    seq: i64,
) -> Result<Option<audit_log::Model>> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::OrgId.eq(org_id))
        .filter(audit_log::Column::Seq.eq(seq))
        .one(conn)
        .await?)
}
