//! Multi-row INSERTs for bulk writes: an import's assets and relations, the audit
//! entries that go with them, a campaign's drafts.
//!
//! SeaORM's `insert_many` turns every value into an expression of a query tree and
//! renders the SQL anew for each statement; at 100,000 rows of 54 columns that costs
//! more than SQLite's own work. Here the SQL of a full statement is rendered once per
//! call and every row contributes its values read off the model by column, bound
//! through the same driver path as any other statement (so values are stored exactly
//! as the ORM would store them).

use sea_orm::{
    Condition, ConnectionTrait, DbBackend, EntityName, EntityTrait, IdenStatic, Iterable,
    ModelTrait, QueryFilter, Statement, Value,
};

use crate::Result;

/// Bound parameters per statement, inside SQLite's limit (32,766; PostgreSQL allows
/// 65,535).
const MAX_PARAMS: usize = 30_000;

/// More rows per statement stop paying off: the statement's own cost is already small.
const MAX_ROWS: usize = 1_000;

/// Replaces the rows of a table that `scope` selects with `models`, in the caller's
/// transaction: how a record's links (its assets, its administrators) are saved whole.
pub(crate) async fn replace_rows<C, M>(conn: &C, scope: Condition, models: Vec<M>) -> Result<()>
where
    C: ConnectionTrait,
    M: ModelTrait,
{
    M::Entity::delete_many().filter(scope).exec(conn).await?;
    insert_rows(conn, models).await
}

/// Inserts the models in statements of as many rows as the parameter limit allows.
pub(crate) async fn insert_rows<C, M>(conn: &C, models: impl IntoIterator<Item = M>) -> Result<()>
where
    C: ConnectionTrait,
    M: ModelTrait,
{
    let columns: Vec<<M::Entity as EntityTrait>::Column> =
        <M::Entity as EntityTrait>::Column::iter().collect();
    let per_statement = (MAX_PARAMS / columns.len().max(1)).clamp(1, MAX_ROWS);
    let backend = conn.get_database_backend();
    let table = M::Entity::default().table_name().to_owned();
    let names: Vec<&str> = columns.iter().map(|c| c.as_str()).collect();
    let full = insert_sql(backend, &table, &names, per_statement);
    let mut values: Vec<Value> = Vec::with_capacity(per_statement * columns.len());
    let mut rows = 0;
    for m in models {
        values.extend(columns.iter().map(|c| m.get(*c)));
        rows += 1;
        if rows == per_statement {
            let batch = std::mem::replace(
                &mut values,
                Vec::with_capacity(per_statement * columns.len()),
            );
            conn.execute_raw(Statement::from_sql_and_values(backend, full.clone(), batch))
                .await?;
            rows = 0;
        }
    }
    if rows > 0 {
        let sql = insert_sql(backend, &table, &names, rows);
        conn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    Ok(())
}

/// `INSERT INTO "t" ("a", "b") VALUES (?, ?), (?, ?) …` with the backend's placeholders.
fn insert_sql(backend: DbBackend, table: &str, columns: &[&str], rows: usize) -> String {
    let quoted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    let mut sql = format!("INSERT INTO \"{table}\" ({}) VALUES ", quoted.join(", "));
    let mut n = 0usize;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            match backend {
                DbBackend::Postgres => {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                }
                _ => sql.push('?'),
            }
        }
        sql.push(')');
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_backend() {
        assert_eq!(
            insert_sql(DbBackend::Sqlite, "t", &["a", "b"], 2),
            "INSERT INTO \"t\" (\"a\", \"b\") VALUES (?, ?), (?, ?)"
        );
        assert_eq!(
            insert_sql(DbBackend::Postgres, "t", &["a", "b"], 2),
            "INSERT INTO \"t\" (\"a\", \"b\") VALUES ($1, $2), ($3, $4)"
        );
    }
}
