//! Version 6: free-text search indexed for Japanese (see `crate::search`).
//!
//! Risks get a `search_key` column (number, title, description and asset group folded
//! as `mamori_domain::risk::search_key` does, kept by the store on every write),
//! filled here for the risks already stored. Then risks and staff get their trigram
//! index: an FTS5 table with triggers on SQLite, a `pg_trgm` GIN index on PostgreSQL.
//! Where PostgreSQL lacks the extension (or the right to create it), the index is
//! left out: search still answers, by scanning, and the server logs why.

use sea_orm::sea_query::{ColumnDef, Expr, Table, TableAlterStatement};
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter, TransactionTrait,
};

use crate::Result;
use crate::entity::risk;
use crate::search::Searchable;

pub(super) fn v6_alters() -> Vec<TableAlterStatement> {
    vec![
        Table::alter()
            .table("risks")
            .add_column(ColumnDef::new("search_key").text().not_null().default(""))
            .to_owned(),
    ]
}

/// Fills the new column of the risks already stored.
pub(super) async fn backfill(tx: &DatabaseTransaction) -> Result<()> {
    for r in risk::Entity::find().all(tx).await? {
        let key = crate::risks::search_key_of(&r);
        risk::Entity::update_many()
            .col_expr(risk::Column::SearchKey, Expr::value(key))
            .filter(sea_orm::ColumnTrait::eq(&risk::Column::Id, r.id))
            .exec(tx)
            .await?;
    }
    Ok(())
}

/// The trigram indexes; on PostgreSQL only when `pg_trgm` can be had.
pub(super) async fn indexes(tx: &DatabaseTransaction, tables: &[Searchable]) -> Result<()> {
    let backend = tx.get_database_backend();
    if backend == DbBackend::Postgres {
        // Tried under a savepoint: a refusal must not abort the migration.
        let attempt = tx.begin().await?;
        match attempt
            .execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            .await
        {
            Ok(_) => attempt.commit().await?,
            Err(e) => {
                attempt.rollback().await?;
                tracing::warn!(
                    "pg_trgm is not available ({e}); free-text search will scan instead of using an index"
                );
                return Ok(());
            }
        }
    }
    for sql in crate::search::index_statements(backend, tables) {
        tx.execute_unprepared(&sql).await?;
    }
    Ok(())
}
