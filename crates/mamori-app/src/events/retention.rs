//! Events are kept for the organization's retention (default a year); the daily purge
//! deletes older ones and records each organization's purge as one audit entry.

use chrono::Duration;

use super::DEFAULT_RETENTION_DAYS;
use crate::authz::Actor;
use crate::{App, AppResult};

impl App {
    /// The scheduler's purge of events past their retention.
    pub(crate) async fn purge_old_events(&self) -> AppResult<String> {
        let now = self.now();
        let mut total = 0;
        for org in mamori_store::events::orgs_with_events(self.store.conn()).await? {
            let days = mamori_store::events::settings(self.store.conn(), org)
                .await?
                .map_or(DEFAULT_RETENTION_DAYS, |s| s.retention_days);
            let cutoff = now - Duration::days(i64::from(days));
            let tx = self.store.begin_write().await?;
            let n = mamori_store::events::purge_before(&*tx, org, cutoff).await?;
            if n > 0 {
                let what = serde_json::json!({
                    "deleted": n,
                    "last_seen_before": cutoff,
                    "retention_days": days,
                });
                self.audit_change(
                    &*tx,
                    &Actor::system(org),
                    "event.purge",
                    ("security_events", org),
                    None,
                    Some(&what),
                )
                .await?;
            }
            tx.commit().await?;
            total += n;
        }
        Ok(format!("{total} events purged"))
    }
}
