//! Mamori's persistence: schema, migrations and queries.
//!
//! One implementation serves SQLite and PostgreSQL: queries are built with SeaORM /
//! sea-query, which renders each statement for the backend chosen once from the URL.
//! Every table carries `org_id` and every function here takes the organization and
//! filters by it, so tenancy is enforced in one layer.
//!
//! Writes go through [`Store::begin_write`]: on SQLite it takes the single in-process
//! writer lock and starts `BEGIN IMMEDIATE`, so concurrent requests queue instead of
//! failing with `SQLITE_BUSY`; on PostgreSQL it is a plain transaction and the audit
//! chain serializes per organization with a row lock (see [`audit`]).

pub mod assets;
pub mod audit;
mod bulk;
pub mod classification;
pub mod compliance;
pub mod controls;
pub mod departments;
pub mod entity;
pub mod events;
pub mod incidents;
pub mod invitations;
pub mod jobs;
pub mod mail;
pub mod media;
pub mod migrations;
pub mod notify;
pub mod orgs;
pub mod page;
pub mod password_resets;
pub mod pending_imports;
pub mod physical;
pub mod policies;
pub mod review;
pub mod risks;
pub mod roles;
mod search;
pub mod sessions;
pub mod settings;
pub mod staff;
mod tenancy;
pub mod throttle;
pub mod tokens;
pub mod training;
pub mod users;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use tokio::sync::{Mutex, OwnedMutexGuard};

pub use page::{Page, PageRequest};
pub use sea_orm::{ConnectionTrait as Conn, DbErr};
pub(crate) use tenancy::{by_ids_in_org, get_in_org, update_in_org};

/// What went wrong below the application. Details stay in logs; users see a reference id.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error(
        "the database was written by a newer Mamori (schema version {found}, this build knows up to {known}); upgrade Mamori before using this database"
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error("cannot open the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("unsupported database URL (expected sqlite:// or postgres://): {0}")]
    UnsupportedUrl(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database handle shared by the whole process.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    /// SQLite allows one writer at a time; queueing writers here is cheaper and fairer
    /// than SQLite's sleep-and-retry busy handler.
    writer: Option<Arc<Mutex<()>>>,
    url: String,
    url_for_display: String,
}

/// A write transaction. Commit it, or drop it to roll back.
pub struct WriteTx {
    tx: DatabaseTransaction,
    _guard: Option<OwnedMutexGuard<()>>,
}

/// SQLite page cache per connection, in KiB (negative in the pragma). Readers fetch a
/// page of rows by key, and the operating system caches the file for all of them, so a
/// small private cache serves: with 16 pooled connections, 16 MB each kept a server at
/// 230 MiB after a list load and 400 MiB after an export, for no measurable speed.
const CACHE_KIB: i64 = 2_000;

impl WriteTx {
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }

    /// Refreshes the planner's statistics from inside the transaction, after a bulk
    /// write and before the statements that follow it (see [`Store::analyze`]).
    pub async fn analyze(&self) -> Result<()> {
        self.tx.execute_unprepared("ANALYZE").await?;
        self.replan().await
    }

    /// Makes every connection plan with the statistics just written, once this
    /// transaction commits. SQLite reads `sqlite_stat1` with the schema, per
    /// connection, and reads it again only when the schema changes: without this, the
    /// pooled connections of a server (and of every other process) went on planning a
    /// grown table with the statistics of an empty one — 50 ms a page of risks, where
    /// 5 ms is right. Creating and dropping a table changes the schema and nothing
    /// else; prepared statements are prepared again on their next run.
    async fn replan(&self) -> Result<()> {
        if self.tx.get_database_backend() == DbBackend::Sqlite {
            self.tx
                .execute_unprepared(
                    "CREATE TABLE planner_epoch (n INTEGER); DROP TABLE planner_epoch;",
                )
                .await?;
        }
        Ok(())
    }
}

impl std::ops::Deref for WriteTx {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.tx
    }
}

/// SQLite's planner statistics as they stand, to tell whether `PRAGMA optimize`
/// changed them (a few hundred bytes: one line per index). `None` before any ANALYZE.
async fn statistics(tx: &WriteTx) -> Result<Option<String>> {
    let sql = |q: &str| Statement::from_string(DbBackend::Sqlite, q.to_owned());
    let exists = tx
        .query_one_raw(sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'",
        ))
        .await?
        .is_some();
    if !exists {
        return Ok(None);
    }
    let row = tx
        .query_one_raw(sql(
            "SELECT group_concat(tbl || ' ' || coalesce(idx, '') || ' ' || stat, ';') AS s \
             FROM (SELECT * FROM sqlite_stat1 ORDER BY tbl, idx)",
        ))
        .await?;
    Ok(row.and_then(|r| r.try_get::<Option<String>>("", "s").ok().flatten()))
}

/// The SQLite URL for a data directory, creating the directory when needed.
pub fn sqlite_url_for_dir(dir: &Path) -> Result<String> {
    std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
        path: dir.display().to_string(),
        source,
    })?;
    let file = dir.join("mamori.db");
    Ok(format!("sqlite://{}?mode=rwc", file.display()))
}

impl Store {
    /// Connects to `url` (`sqlite://…` or `postgres://…`) without touching the schema.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self> {
        let is_sqlite = url.starts_with("sqlite:");
        if !is_sqlite && !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
            return Err(StoreError::UnsupportedUrl(redact(url)));
        }
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.max_connections(max_connections.max(2))
            .min_connections(1)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(30))
            .sqlx_logging(false);
        if is_sqlite {
            opts.map_sqlx_sqlite_opts(|o| {
                o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    // FULL: a commit that returned is on disk even after power loss.
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(30))
                    .pragma("temp_store", "memory")
                    .pragma("cache_size", format!("-{CACHE_KIB}"))
            });
        }
        let db = Database::connect(opts).await?;
        Ok(Self {
            db,
            writer: is_sqlite.then(|| Arc::new(Mutex::new(()))),
            url: url.to_owned(),
            url_for_display: redact(url),
        })
    }

    /// Connects and brings the schema up to date.
    pub async fn open(url: &str, max_connections: u32) -> Result<Self> {
        let store = Self::connect(url, max_connections).await?;
        migrations::migrate(&store).await?;
        Ok(store)
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    pub fn is_sqlite(&self) -> bool {
        self.backend() == DbBackend::Sqlite
    }

    /// The URL this store was opened with (credentials included; never log it).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL with any password removed, for logs and `--help`-style messages.
    pub fn display_url(&self) -> &str {
        &self.url_for_display
    }

    pub async fn begin_write(&self) -> Result<WriteTx> {
        let guard = match &self.writer {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let options = TransactionOptions {
            sqlite_transaction_mode: self
                .writer
                .as_ref()
                .map(|_| SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        let tx = self.db.begin_with_options(options).await?;
        Ok(WriteTx { tx, _guard: guard })
    }

    /// Answers whether the database is reachable (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        self.db.ping().await?;
        Ok(())
    }

    /// Refreshes the query planner's statistics. Without them SQLite takes every index
    /// to be selective, and may walk all of an organization's rows through an
    /// `org_id` index rather than look fifty up by id. Run after bulk writes (imports);
    /// PostgreSQL's autovacuum would get there too, later.
    pub async fn analyze(&self) -> Result<()> {
        let tx = self.begin_write().await?;
        tx.analyze().await?;
        tx.commit().await
    }

    /// Rebuilds SQLite's search indexes from their tables. A restored copy needs it: a
    /// backup made with `VACUUM INTO` may number rows anew, and the trigram index finds
    /// rows by number. Nothing to do on PostgreSQL, or before migration 6 built them.
    pub async fn rebuild_search_indexes(&self) -> Result<()> {
        if !self.is_sqlite() {
            return Ok(());
        }
        for t in search::Searchable::ALL {
            let exists = self
                .db
                .query_one_raw(Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                    [format!("{}_fts", t.table()).into()],
                ))
                .await?
                .is_some();
            if exists {
                self.db
                    .execute_unprepared(&search::rebuild_statement(t))
                    .await?;
            }
        }
        Ok(())
    }

    /// Lets SQLite refresh statistics that are missing or stale (cheap when they are
    /// current): at start and periodically. When it did, every connection is made to
    /// plan with them (see [`WriteTx::analyze`]). Nothing to do on PostgreSQL, whose
    /// autovacuum analyzes and whose plans follow at once.
    pub async fn optimize(&self) -> Result<()> {
        if !self.is_sqlite() {
            return Ok(());
        }
        let tx = self.begin_write().await?;
        let before = statistics(&tx).await?;
        tx.execute_unprepared("PRAGMA optimize=0x10002").await?;
        if statistics(&tx).await? != before {
            tx.replan().await?;
        }
        tx.commit().await
    }

    /// Consistent online copy of a SQLite database (`VACUUM INTO`), safe while serving.
    pub async fn sqlite_backup(&self, target: &Path) -> Result<()> {
        if !self.is_sqlite() {
            return Err(StoreError::UnsupportedUrl(
                "backup works on SQLite; for PostgreSQL use pg_dump".into(),
            ));
        }
        let target = target.display().to_string().replace('\'', "''");
        self.db
            .execute_unprepared(&format!("VACUUM INTO '{target}'"))
            .await?;
        Ok(())
    }

    pub async fn close(self) -> Result<()> {
        self.db.close().await?;
        Ok(())
    }
}

/// Hides the password in a database URL.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Runs `query` over `values` in chunks of at most 500 and concatenates the rows, so
/// that `IN (…)` lists stay inside every backend's bound-parameter limit.
pub(crate) async fn in_chunks<V, T, F, Fut>(values: &[V], query: F) -> Result<Vec<T>>
where
    V: Clone,
    F: Fn(Vec<V>) -> Fut,
    Fut: std::future::Future<Output = std::result::Result<Vec<T>, DbErr>> + Send,
{
    let mut out = Vec::with_capacity(values.len());
    for chunk in values.chunks(500) {
        out.extend(query(chunk.to_vec()).await?);
    }
    Ok(out)
}

/// Inserts `rows` 500 at a time, inside every backend's bound-parameter limit.
pub(crate) async fn insert_chunked<C, M, A>(conn: &C, rows: Vec<M>) -> Result<()>
where
    C: sea_orm::ConnectionTrait,
    M: sea_orm::IntoActiveModel<A> + Clone,
    A: sea_orm::ActiveModelTrait + Send,
{
    for chunk in rows.chunks(500) {
        <A::Entity as sea_orm::EntityTrait>::insert_many(
            chunk
                .iter()
                .cloned()
                .map(sea_orm::IntoActiveModel::into_active_model),
        )
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redact_hides_password_only() {
        assert_eq!(
            redact("postgres://mamori:s3cret@db:5432/mamori"),
            "postgres://mamori:***@db:5432/mamori"
        );
        assert_eq!(
            redact("postgres://mamori@db/mamori"),
            "postgres://mamori@db/mamori"
        );
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
    }
}
