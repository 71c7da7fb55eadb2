//! Writing many staff records at once (an import, a directory sync): each new record
//! with its first department-history entry, each change with a move when its
//! department changed, and an audit entry for each, which the caller appends with the
//! rest of its entries in one go.

use mamori_store::audit::NewEntry;
use mamori_store::entity::staff;

use super::snapshot;
use crate::authz::Actor;
use crate::departments::DeptIndex;
use crate::{App, AppResult};

impl App {
    pub(crate) async fn write_staff_batch<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        inserts: Vec<staff::Model>,
        updates: &[(staff::Model, staff::Model)],
        idx: &DeptIndex,
        entries: &mut Vec<NewEntry>,
    ) -> AppResult<()> {
        let now = self.now();
        let mut moves = Vec::new();
        for s in &inserts {
            moves.push(mamori_store::staff::new_move(
                self.new_id(),
                actor.org_id,
                s.id,
                s.department_id,
                s.start_date,
                now,
            ));
            entries.push(self.change_entry(
                actor,
                "staff.create",
                ("staff", s.id),
                None,
                Some(&snapshot(s, idx)),
            ));
        }
        mamori_store::staff::insert_many(conn, inserts).await?;
        for (before, after) in updates {
            mamori_store::staff::update(conn, after.clone()).await?;
            if before.department_id != after.department_id {
                moves.push(mamori_store::staff::new_move(
                    self.new_id(),
                    actor.org_id,
                    after.id,
                    after.department_id,
                    Some(self.today()),
                    now,
                ));
            }
            entries.push(self.change_entry(
                actor,
                "staff.update",
                ("staff", after.id),
                Some(&snapshot(before, idx)),
                Some(&snapshot(after, idx)),
            ));
        }
        mamori_store::staff::record_moves(conn, moves).await?;
        Ok(())
    }

    /// Ends a batch: one more entry saying what the batch did as a whole, every entry
    /// appended, the transaction committed, and the planner's statistics refreshed for
    /// a register that may have grown by thousands.
    pub(crate) async fn commit_staff_batch(
        &self,
        tx: mamori_store::WriteTx,
        actor: &Actor,
        action: &str,
        summary: &serde_json::Value,
        mut entries: Vec<NewEntry>,
    ) -> AppResult<()> {
        entries.push(self.entry(
            actor,
            action,
            "staff",
            &uuid::Uuid::nil().to_string(),
            &mamori_domain::audit::diff(None, Some(summary)),
        ));
        mamori_store::audit::append_many(&*tx, actor.org_id, entries).await?;
        tx.commit().await?;
        self.store.analyze().await?;
        Ok(())
    }
}
