//! The databases the scenario writes to: opened as `mamori serve` opens them, the
//! organizations whose chains it appends to (and their removal from a PostgreSQL
//! database, which outlives the run), and what a commit there waits for.

use anyhow::Result;
use chrono::Utc;
use mamori_store::Store;
use mamori_store::audit as store_audit;
use mamori_store::entity::org;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use uuid::Uuid;

/// Pool size of the stores the bench opens (as `mamori serve` does).
const POOL: u32 = 16;

/// Opens the store at `url` with the server's pool size.
pub(super) async fn open(url: &str) -> Result<Store> {
    Ok(Store::open(url, POOL).await?)
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
pub(super) async fn remove_orgs(store: &Store, orgs: &[Uuid]) -> Result<()> {
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

/// The settings that decide what a commit waits for, read from the database.
pub(super) async fn durability(store: &Store) -> String {
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
