//! The register as a table (CSV or xlsx, on the screen and from the command line):
//! the incidents the reader reaches and nothing else, the export audited as one entry
//! with how many rows and how many of them restricted.

use super::query::IncidentQuery;
use super::view::IncidentRow;
use crate::authz::{Actor, Capability};
use crate::{App, AppResult, PageRequest};

/// The file and sheet name.
pub const EXPORT_NAME: &str = "インシデント台帳";

/// The columns, in order.
pub const EXPORT_HEADERS: [&str; 11] = [
    "番号",
    "件名",
    "区分",
    "状態",
    "深刻度",
    "知った日時",
    "所属",
    "個人情報",
    "担当",
    "初動遅れ",
    "閲覧制限",
];

/// One line of the table (dates in Japan time).
pub fn export_row(r: &IncidentRow) -> Vec<String> {
    let yes = |b: bool| if b { "○" } else { "" }.to_owned();
    vec![
        r.number.clone(),
        r.title.clone(),
        r.category.label_ja().to_owned(),
        r.state.label_ja().to_owned(),
        r.severity
            .map(|s| s.label_ja())
            .unwrap_or("未判定")
            .to_owned(),
        mamori_domain::japan_time::local(r.known_at)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        r.department.clone().unwrap_or_default(),
        yes(r.personal_data),
        r.assignee.clone().unwrap_or_default(),
        yes(r.overdue),
        yes(r.restricted),
    ]
}

impl App {
    /// Every incident the reader reaches under the filters, for an export.
    pub async fn export_incidents(
        &self,
        actor: &Actor,
        q: &IncidentQuery,
    ) -> AppResult<Vec<IncidentRow>> {
        self.authorize(actor, Capability::ViewIncidents).await?;
        let mut rows = Vec::new();
        let mut page = 1;
        loop {
            let p = self
                .incidents(actor, q, PageRequest::new(Some(page), Some(200)))
                .await?;
            let last = p.page >= p.pages();
            rows.extend(p.items);
            if last {
                break;
            }
            page += 1;
        }
        let restricted = rows.iter().filter(|r| r.restricted).count();
        let tx = self.store.begin_write().await?;
        self.audit_change(
            &*tx,
            actor,
            "incident.export",
            ("org", actor.org_id),
            None,
            Some(&serde_json::json!({ "rows": rows.len(), "restricted": restricted, "query": q })),
        )
        .await?;
        tx.commit().await?;
        Ok(rows)
    }
}
