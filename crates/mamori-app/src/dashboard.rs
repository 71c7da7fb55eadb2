//! Figures for the dashboard.

use mamori_store::staff::StaffFilter;
use serde::Serialize;

use crate::authz::{Actor, Capability};
use crate::{App, AppResult};

#[derive(Debug, Clone, Serialize, Default)]
pub struct Dashboard {
    pub staff_current: u64,
    pub staff_retired: u64,
    pub departments: usize,
    pub by_category: Vec<(String, i64)>,
    pub accounts: usize,
    pub roles_unfilled: Vec<String>,
    pub audit_entries: i64,
}

impl App {
    /// Register figures for those who may read the register; `None` for the rest.
    pub async fn dashboard(&self, actor: &Actor) -> AppResult<Option<Dashboard>> {
        if !actor.can(Capability::ViewRegister) {
            return Ok(None);
        }
        let conn = self.store.conn();
        let org = actor.org_id;
        let current = StaffFilter {
            retired: Some(false),
            ..Default::default()
        };
        let retired = StaffFilter {
            retired: Some(true),
            ..Default::default()
        };
        let roles = mamori_store::roles::all(conn, org, None).await?;
        let today = self.today();
        let held = |code: &str| {
            roles.iter().any(|r| {
                r.role == code && mamori_domain::role::is_active_on(r.term_from, r.term_to, today)
            })
        };
        let roles_unfilled = ["ciso", "deputy-ciso", "committee", "csirt", "auditor"]
            .into_iter()
            .filter(|r| !held(r))
            .map(str::to_owned)
            .collect();
        let head = mamori_store::audit::list(
            conn,
            org,
            &Default::default(),
            crate::PageRequest::new(Some(1), Some(1)),
        )
        .await?;
        Ok(Some(Dashboard {
            staff_current: mamori_store::staff::count(conn, org, &current).await?,
            staff_retired: mamori_store::staff::count(conn, org, &retired).await?,
            departments: mamori_store::departments::all(conn, org).await?.len(),
            by_category: mamori_store::staff::count_by_category(conn, org).await?,
            accounts: mamori_store::users::all(conn, org).await?.len(),
            roles_unfilled,
            audit_entries: head.items.first().map(|e| e.seq).unwrap_or(0),
        }))
    }
}
