//! Writing an import's pages as the planner hands them over: the new and changed
//! assets and one audit entry each, in the import's transaction.
//!
//! The writer runs beside the planner: while the database works on one page's
//! statements, the planner validates the next page and builds its entries, so on two
//! cores an import costs little more than its writes.

use tokio::sync::mpsc::Receiver;

use super::rows::Batch;
use crate::authz::Actor;
use crate::{App, AppResult};

impl App {
    /// Writes pages until the planner stops sending.
    pub(super) async fn write_batches<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        mut pages: Receiver<Batch>,
    ) -> AppResult<()> {
        while let Some(batch) = pages.recv().await {
            self.write_batch(conn, actor, batch).await?;
        }
        Ok(())
    }

    /// Writes one page: its rows, then its audit entries (in the same transaction, so
    /// one is never stored without the other).
    async fn write_batch<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        batch: Batch,
    ) -> AppResult<()> {
        mamori_store::assets::insert_many(conn, batch.inserts).await?;
        for after in batch.updates {
            mamori_store::assets::update(conn, after).await?;
        }
        mamori_store::audit::append_many(conn, actor.org_id, batch.entries).await?;
        Ok(())
    }
}
