//! Tasks the server runs on its own behalf, not for a person: warming caches and
//! periodic clean-up. They act on every organization, so they take no actor; they are
//! kept apart from the use cases (which all do) behind [`App::system`].

use crate::{App, AppResult};

/// The server's own tasks; see [`App::system`].
pub struct System<'a> {
    app: &'a App,
}

impl App {
    /// The server's own tasks (no actor: nothing here is done for a user).
    pub fn system(&self) -> System<'_> {
        System { app: self }
    }
}

impl System<'_> {
    /// Run once the server listens: refreshes stale planner statistics, then reads
    /// every organization's register into memory, so the first list a user opens
    /// does not wait for it.
    pub async fn warm_up(&self) -> AppResult<()> {
        self.app.store.optimize().await?;
        for org in mamori_store::orgs::all(self.app.store.conn()).await? {
            self.app.register(org.id).await?;
        }
        Ok(())
    }

    /// Periodic clean-up: expired sessions and abandoned import uploads.
    pub async fn housekeeping(&self) -> AppResult<()> {
        let now = self.app.now();
        let tx = self.app.store.begin_write().await?;
        mamori_store::sessions::purge_expired(
            &*tx,
            now - self.app.config.session_idle,
            now - self.app.config.session_absolute,
        )
        .await?;
        mamori_store::pending_imports::purge_older_than(&*tx, now - chrono::Duration::hours(2))
            .await?;
        tx.commit().await?;
        // Query plans follow the statistics; keep them current as registers grow.
        self.app.store.optimize().await?;
        Ok(())
    }

    /// Whether the database answers (`/readyz`).
    pub async fn ping(&self) -> AppResult<()> {
        Ok(self.app.store.ping().await?)
    }

    /// The database's URL without credentials, for logs.
    pub fn database(&self) -> &str {
        self.app.store.display_url()
    }

    /// A consistent online copy of a SQLite database (`mamori backup`).
    pub async fn backup_sqlite(&self, target: &std::path::Path) -> AppResult<()> {
        Ok(self.app.store.sqlite_backup(target).await?)
    }

    /// Closes the database: pending writes are on disk, SQLite's log is folded back.
    pub async fn close(&self) -> AppResult<()> {
        Ok(self.app.store.clone().close().await?)
    }
}
