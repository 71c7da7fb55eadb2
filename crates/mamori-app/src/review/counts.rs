//! The dashboard's self-inspection figures: of the campaigns under way, the sheets the
//! reader's departments have still to answer or submit, and those waiting for the
//! reader's review.

use mamori_domain::review::inspection::SheetState;
use serde::Serialize;

use crate::authz::{Actor, Capability};
use crate::{App, AppResult};

/// Self-inspection sheets waiting for the reader.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct InspectionCounts {
    /// Campaigns under way.
    pub open: usize,
    /// Sheets of the reader's departments being answered or returned.
    pub to_answer: usize,
    /// Sheets submitted and waiting for the reader's review.
    pub to_review: usize,
}

impl App {
    pub async fn inspection_counts(&self, actor: &Actor) -> AppResult<InspectionCounts> {
        self.authorize(actor, Capability::ViewInspections).await?;
        let conn = self.store.conn();
        let mut out = InspectionCounts::default();
        let reviewer = actor.can(Capability::RunInspections);
        for m in mamori_store::review::inspections::list(conn, actor.org_id).await? {
            if m.closed_on.is_some() {
                continue;
            }
            out.open += 1;
            for s in mamori_store::review::inspections::sheets(conn, actor.org_id, m.id).await? {
                match SheetState::from_code(&s.state) {
                    Some(SheetState::Submitted) if reviewer => out.to_review += 1,
                    Some(st) if st.may_answer() => {
                        // The top officers may answer any sheet; theirs is the review.
                        let own = actor.can(Capability::AnswerInspection {
                            department: s.department_id,
                        });
                        if own && !reviewer {
                            out.to_answer += 1;
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(out)
    }
}
