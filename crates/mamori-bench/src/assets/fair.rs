//! The import's fair raw baseline: the very rows the import wrote — its departments,
//! assets, relations and audit entries, read back from Mamori's database after the
//! import — inserted into a copy of the database as it was before the import (same
//! schema: every index, key and constraint), in one transaction of multi-row INSERTs
//! on the same driver, with the audit chain's head moved as the import moved it.
//!
//! Nothing is validated, planned, hashed or looked up, and the values are bound from
//! memory, so the time is what the database and the driver cost for these rows: the
//! import's time divided by it is Mamori's own overhead.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use mamori_store::Store;
use mamori_store::entity::{asset, asset_relation, audit_head, audit_log, department};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityName, EntityTrait, IdenStatic, Iterable,
    ModelTrait, QueryFilter, Statement, Value,
};

/// Bound parameters per statement: what Mamori's own bulk inserts use, inside
/// SQLite's limit of 32,766.
const MAX_PARAMS: usize = 30_000;
const MAX_ROWS: usize = 1_000;

/// One table's rows as values in column order.
pub(crate) struct Rows {
    table: String,
    columns: Vec<&'static str>,
    values: Vec<Vec<Value>>,
}

impl Rows {
    pub(crate) fn of<M: ModelTrait>(models: Vec<M>) -> Self {
        let columns: Vec<<M::Entity as EntityTrait>::Column> =
            <M::Entity as EntityTrait>::Column::iter().collect();
        Self {
            table: M::Entity::default().table_name().to_owned(),
            columns: columns.iter().map(|c| c.as_str()).collect(),
            values: models
                .iter()
                .map(|m| columns.iter().map(|c| m.get(*c)).collect())
                .collect(),
        }
    }
}

/// What an import wrote, ready to be inserted again.
pub struct Written {
    tables: Vec<Rows>,
    /// The audit chain's head after the import: (organization, seq, hash).
    head: audit_head::Model,
    pub assets: usize,
    pub relations: usize,
    pub entries: usize,
    pub departments: usize,
}

/// Reads from the imported database what the import added to `before` (the copy
/// taken before it): every department and asset (the copy has none), every relation,
/// and the audit entries after the copy's head.
pub async fn read(imported: &str, before: &str) -> Result<Written> {
    let copy = Store::connect(before, 2).await?;
    let head_before = audit_head::Entity::find()
        .one(copy.conn())
        .await?
        .ok_or_else(|| anyhow!("the copy has no audit chain"))?;
    copy.close().await?;
    let store = Store::connect(imported, 2).await?;
    let read = async {
        let conn = store.conn();
        let departments = department::Entity::find().all(conn).await?;
        let assets = asset::Entity::find().all(conn).await?;
        let relations = asset_relation::Entity::find().all(conn).await?;
        let entries = audit_log::Entity::find()
            .filter(audit_log::Column::OrgId.eq(head_before.org_id))
            .filter(audit_log::Column::Seq.gt(head_before.seq))
            .all(conn)
            .await?;
        let head = audit_head::Entity::find_by_id(head_before.org_id)
            .one(conn)
            .await?
            .ok_or_else(|| anyhow!("the imported database has no audit chain"))?;
        let counts = (
            departments.len(),
            assets.len(),
            relations.len(),
            entries.len(),
        );
        anyhow::Ok(Written {
            tables: vec![
                Rows::of(departments),
                Rows::of(assets),
                Rows::of(relations),
                Rows::of(entries),
            ],
            head,
            departments: counts.0,
            assets: counts.1,
            relations: counts.2,
            entries: counts.3,
        })
    }
    .await;
    store.close().await?;
    read
}

/// Inserts the rows into the copy in one transaction and moves its audit head; the
/// time from begin to commit.
pub async fn insert(before: &str, written: Written) -> Result<Duration> {
    let store = Store::connect(before, 2).await?;
    let backend = store.backend();
    let timed = async {
        let started = Instant::now();
        let tx = store.begin_write().await?;
        insert_tables(&*tx, backend, written.tables).await?;
        let h = written.head;
        audit_head::Entity::update_many()
            .col_expr(audit_head::Column::Seq, Expr::value(h.seq))
            .col_expr(audit_head::Column::Hash, Expr::value(h.hash))
            .filter(audit_head::Column::OrgId.eq(h.org_id))
            .exec(&*tx)
            .await?;
        tx.commit().await?;
        anyhow::Ok(started.elapsed())
    }
    .await;
    store.close().await?;
    timed
}

/// Inserts each table's rows in multi-row INSERTs of as many rows as the parameter
/// limit allows, in the caller's transaction; nothing is checked or looked up.
pub(crate) async fn insert_tables<C: ConnectionTrait>(
    conn: &C,
    backend: DbBackend,
    tables: Vec<Rows>,
) -> Result<()> {
    for rows in tables {
        let per = (MAX_PARAMS / rows.columns.len().max(1)).clamp(1, MAX_ROWS);
        let full = insert_sql(backend, &rows.table, &rows.columns, per);
        let mut it = rows.values.into_iter().peekable();
        while it.peek().is_some() {
            let chunk: Vec<Vec<Value>> = it.by_ref().take(per).collect();
            let sql = if chunk.len() == per {
                full.clone()
            } else {
                insert_sql(backend, &rows.table, &rows.columns, chunk.len())
            };
            let values: Vec<Value> = chunk.into_iter().flatten().collect();
            conn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
                .await
                .with_context(|| format!("inserting into {}", rows.table))?;
        }
    }
    Ok(())
}

/// `INSERT INTO "t" ("a", …) VALUES (…), …` with the backend's placeholders.
fn insert_sql(backend: DbBackend, table: &str, columns: &[&str], rows: usize) -> String {
    let names: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    let mut n = 0;
    let tuples: Vec<String> = (0..rows)
        .map(|_| {
            let params: Vec<String> = columns
                .iter()
                .map(|_| {
                    n += 1;
                    if backend == DbBackend::Postgres {
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
        "INSERT INTO \"{table}\" ({}) VALUES {}",
        names.join(", "),
        tuples.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_backend() {
        assert_eq!(
            insert_sql(DbBackend::Postgres, "t", &["a", "b"], 2),
            "INSERT INTO \"t\" (\"a\", \"b\") VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            insert_sql(DbBackend::Sqlite, "t", &["a"], 1),
            "INSERT INTO \"t\" (\"a\") VALUES (?)"
        );
    }
}
