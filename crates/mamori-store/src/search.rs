//! Free-text search over a table's `search_key` column, indexed for Japanese.
//!
//! Japanese has no spaces between words, so word indexes do not help; substrings of
//! three characters do. Each backend has its own index of them over the same column,
//! and one condition here chooses the query that uses it:
//!
//! - SQLite: an FTS5 table with the `trigram` tokenizer (`<table>_fts`, kept in step
//!   by triggers, see migration 6), asked with a phrase: its rows' rowids.
//! - PostgreSQL: a `pg_trgm` GIN index on the column, which `LIKE '%…%'` uses.
//!
//! A query of one or two characters (税, 住民) has no trigram; it is answered by
//! `LIKE` over the organization's rows, a scan, but a correct one. Keys and queries
//! are both `mamori_domain::text::search_key`s (width, kana and case folded), so
//! ｻｲｶﾞｲ finds サイガイ.

use sea_orm::DbBackend;
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, SimpleExpr};

/// Tables with a search index (their FTS5 table is `<name>_fts` on SQLite).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Searchable {
    Risks,
    Staff,
    Incidents,
}

impl Searchable {
    pub(crate) fn table(self) -> &'static str {
        match self {
            Searchable::Risks => "risks",
            Searchable::Staff => "staff",
            Searchable::Incidents => "incidents",
        }
    }

    pub(crate) const ALL: [Searchable; 3] =
        [Searchable::Risks, Searchable::Staff, Searchable::Incidents];
}

/// The condition "this row's `search_key` contains `key`" (an already folded query).
pub(crate) fn contains(backend: DbBackend, table: Searchable, key: &str) -> SimpleExpr {
    let name = table.table();
    if backend == DbBackend::Sqlite && key.chars().count() >= 3 {
        // A phrase of the trigram table matches rows holding the text anywhere; a
        // double quote inside a phrase is written twice.
        let phrase = format!("\"{}\"", key.replace('"', "\"\""));
        return Expr::cust_with_values(
            format!(
                "\"{name}\".rowid IN (SELECT rowid FROM \"{name}_fts\" WHERE \"{name}_fts\" MATCH ?)"
            ),
            [phrase],
        );
    }
    like_key(name, "search_key", key)
}

/// The condition "`table.column` contains `key`" by `LIKE`, with the pattern's own
/// characters escaped: for tables small enough per organization to scan (and for
/// queries too short for trigrams).
pub(crate) fn like_key(table: &str, column: &str, key: &str) -> SimpleExpr {
    let escaped = key
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Expr::col((
        sea_orm::sea_query::Alias::new(table),
        sea_orm::sea_query::Alias::new(column),
    ))
    .like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}

/// The statements that build the search indexes of `tables`, for a backend (risks and
/// staff in migration 6, incidents in 13).
pub(crate) fn index_statements(backend: DbBackend, tables: &[Searchable]) -> Vec<String> {
    let mut out = Vec::new();
    for &t in tables {
        let name = t.table();
        match backend {
            DbBackend::Sqlite => {
                // External content: the index holds trigrams only; the text stays in
                // the table. Triggers keep it in step with every write.
                out.push(format!(
                    "CREATE VIRTUAL TABLE \"{name}_fts\" USING fts5(search_key, content='{name}', tokenize='trigram')"
                ));
                out.push(format!(
                    "CREATE TRIGGER \"{name}_fts_insert\" AFTER INSERT ON \"{name}\" BEGIN \
                     INSERT INTO \"{name}_fts\"(rowid, search_key) VALUES (new.rowid, new.search_key); END"
                ));
                out.push(format!(
                    "CREATE TRIGGER \"{name}_fts_delete\" AFTER DELETE ON \"{name}\" BEGIN \
                     INSERT INTO \"{name}_fts\"(\"{name}_fts\", rowid, search_key) VALUES ('delete', old.rowid, old.search_key); END"
                ));
                out.push(format!(
                    "CREATE TRIGGER \"{name}_fts_update\" AFTER UPDATE OF search_key ON \"{name}\" BEGIN \
                     INSERT INTO \"{name}_fts\"(\"{name}_fts\", rowid, search_key) VALUES ('delete', old.rowid, old.search_key); \
                     INSERT INTO \"{name}_fts\"(rowid, search_key) VALUES (new.rowid, new.search_key); END"
                ));
                out.push(rebuild_statement(t));
            }
            _ => out.push(format!(
                "CREATE INDEX \"ix_{name}_search_trgm\" ON \"{name}\" USING gin (search_key gin_trgm_ops)"
            )),
        }
    }
    out
}

/// Rebuilds a table's SQLite search index from the table: after the index is created,
/// and after a restore (a copy made with `VACUUM INTO` may number rows anew).
pub(crate) fn rebuild_statement(t: Searchable) -> String {
    let name = t.table();
    format!("INSERT INTO \"{name}_fts\"(\"{name}_fts\") VALUES ('rebuild')")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::{Query, SqliteQueryBuilder};

    #[test]
    fn short_queries_scan_and_long_ones_use_the_trigram_table() {
        let sql = |key: &str| {
            Query::select()
                .expr(Expr::val(1))
                .and_where(contains(DbBackend::Sqlite, Searchable::Risks, key))
                .to_string(SqliteQueryBuilder)
        };
        assert!(sql("住民").contains("LIKE '%住民%'"), "{}", sql("住民"));
        let long = sql("住民票\"x");
        assert!(long.contains("MATCH '\"住民票\"\"x\"'"), "{long}");
        assert!(sql("a%").contains(r"LIKE '%a\%%'"), "{}", sql("a%"));
    }
}
