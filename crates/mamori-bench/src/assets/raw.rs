//! The import's raw baseline: the same rows, as text, into a plain table with one
//! column per CSV column and nothing else (no primary key, index, constraint,
//! validation, relation or audit entry), in one transaction of multi-row INSERTs on
//! the same driver and connection settings Mamori uses. Whatever the import costs on
//! top of this is the figure. (The audit scenario's `RawTable` has the audit log's
//! twelve typed columns; this one takes any number of text columns.)

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use mamori_store::Store;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use uuid::Uuid;

/// Rows per INSERT: 1,000 rows of 17 columns bind 17,000 parameters, inside SQLite's
/// limit of 32,766 and PostgreSQL's of 65,535.
pub const CHUNK_ROWS: usize = 1_000;

/// A plain table of `columns` TEXT columns.
#[derive(Debug, Clone)]
pub struct TextTable {
    pub name: String,
    backend: DbBackend,
    columns: usize,
}

impl TextTable {
    /// Creates a table of a name no other run uses.
    pub async fn create(store: &Store, columns: usize) -> Result<Self> {
        let suffix = Uuid::now_v7().simple().to_string();
        let name = format!("bench_raw_assets_{}", &suffix[suffix.len() - 12..]);
        let cols: Vec<String> = (1..=columns)
            .map(|i| format!("c{i} TEXT NOT NULL"))
            .collect();
        store
            .conn()
            .execute_unprepared(&format!("CREATE TABLE {name} ({})", cols.join(", ")))
            .await
            .with_context(|| format!("creating {name}"))?;
        Ok(Self {
            name,
            backend: store.backend(),
            columns,
        })
    }

    /// `INSERT INTO … VALUES (…), (…), …` of `rows` rows.
    fn insert_sql(&self, rows: usize) -> String {
        let mut n = 0;
        let tuples: Vec<String> = (0..rows)
            .map(|_| {
                let params: Vec<String> = (0..self.columns)
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
        format!("INSERT INTO {} VALUES {}", self.name, tuples.join(", "))
    }

    /// Inserts every row in one write transaction; the time from begin to commit,
    /// binding the values included (the import builds its rows too).
    pub async fn insert_all(&self, store: &Store, rows: &[Vec<String>]) -> Result<Duration> {
        let full = self.insert_sql(CHUNK_ROWS);
        let started = Instant::now();
        let tx = store.begin_write().await?;
        for chunk in rows.chunks(CHUNK_ROWS) {
            let values: Vec<Value> = chunk
                .iter()
                .flat_map(|row| row.iter().take(self.columns).cloned().map(Value::from))
                .collect();
            let sql = if chunk.len() == CHUNK_ROWS {
                full.clone()
            } else {
                self.insert_sql(chunk.len())
            };
            tx.execute_raw(Statement::from_sql_and_values(self.backend, sql, values))
                .await
                .with_context(|| format!("inserting into {}", self.name))?;
        }
        tx.commit().await?;
        Ok(started.elapsed())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn inserts_every_row_in_chunks() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let store = Store::connect(&mamori_store::sqlite_url_for_dir(dir.path())?, 2).await?;
        let table = TextTable::create(&store, 3).await?;
        let rows: Vec<Vec<String>> = (0..2_345)
            .map(|i| vec![i.to_string(), "管理番号".into(), String::new()])
            .collect();
        table.insert_all(&store, &rows).await?;
        let n = crate::assets::count_rows(&store, &table.name).await?;
        assert_eq!(n, 2_345);
        table.drop_table(&store).await?;
        store.close().await?;
        Ok(())
    }
}
