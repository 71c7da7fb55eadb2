//! The raw baseline of the append runs: the same column values INSERTed into a plain
//! table on the same connection, with nothing of the chain around them.

use std::sync::Arc;

use anyhow::{Context, Result};
use mamori_domain::audit::ChainEntry;
use mamori_store::Store;
use mamori_store::audit::NewEntry;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use uuid::Uuid;

use super::entries::chained_rows;

/// Columns of the audit log.
const COLUMNS: usize = 12;
/// Rows per multi-row INSERT (what `audit::append_many` uses).
pub(super) const BATCH_ROWS: usize = 1_000;

/// A plain table with the audit log's columns and primary key, and nothing else: no
/// chain head, no foreign key, no secondary index.
#[derive(Debug, Clone)]
pub struct RawTable {
    pub name: String,
    backend: DbBackend,
    insert: Arc<str>,
}

/// One INSERT into a [`RawTable`], its values bound when it runs. The SQL is shared
/// between the single-row INSERTs of a run, so making them copies no text.
pub(super) struct RawInsert {
    backend: DbBackend,
    sql: Arc<str>,
    values: Vec<Value>,
}

impl RawInsert {
    pub(super) async fn run<C: ConnectionTrait>(self, conn: &C) -> Result<()> {
        conn.execute_raw(Statement::from_sql_and_values(
            self.backend,
            &*self.sql,
            self.values,
        ))
        .await?;
        Ok(())
    }
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
    pub(super) fn single_row_inserts(&self, entries: &[NewEntry]) -> Vec<RawInsert> {
        let org_id = Uuid::now_v7();
        chained_rows(org_id, entries)
            .into_iter()
            .map(|row| RawInsert {
                backend: self.backend,
                sql: self.insert.clone(),
                values: Self::values(org_id, row).into(),
            })
            .collect()
    }

    /// Multi-row INSERTs of up to [`BATCH_ROWS`] rows, as `audit::append_many` writes.
    pub(super) fn multi_row_inserts(&self, entries: &[NewEntry]) -> Vec<RawInsert> {
        let org_id = Uuid::now_v7();
        let mut rows = chained_rows(org_id, entries).into_iter().peekable();
        let mut inserts = Vec::new();
        while rows.peek().is_some() {
            let values: Vec<Value> = rows
                .by_ref()
                .take(BATCH_ROWS)
                .flat_map(|row| Self::values(org_id, row))
                .collect();
            inserts.push(RawInsert {
                backend: self.backend,
                sql: self.insert_sql(values.len() / COLUMNS).into(),
                values,
            });
        }
        inserts
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
