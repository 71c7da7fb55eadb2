//! Self-inspection campaigns: the list, a campaign's page with every sheet (a
//! department's, or a system's) and the city's scores, closing a campaign, and its
//! scores as a table to download. Opening one is in `opening`.

use std::collections::HashMap;

use mamori_domain::review::inspection::{self, Scope, SheetState, change_text};
use mamori_store::entity::{inspection as campaign_row, inspection_sheet};
use uuid::Uuid;

use super::scores::{Campaign, Scores, area_scores, subject_of};
use super::view::{InspectionDetail, InspectionView, SheetSummary};
use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::media::Named;
use crate::{App, AppError, AppResult};

/// The columns of a campaign's score table, in Japanese and English.
pub const INSPECTION_HEADERS: [(&str, &str); 11] = [
    ("所属", "Department"),
    ("情報システム", "Information system"),
    ("状態", "State"),
    ("実施", "Done"),
    ("一部実施", "Partly done"),
    ("未実施", "Not done"),
    ("該当なし", "Not applicable"),
    ("未回答", "Not answered"),
    ("達成率(%)", "Score (%)"),
    ("前回(%)", "Previous (%)"),
    ("増減", "Change"),
];

pub(super) fn inspection_view(c: &Campaign, scores: &Scores) -> InspectionView {
    let common = c.items.iter().filter(|i| i.department_id.is_none()).count();
    let state = |s: &inspection_sheet::Model| SheetState::from_code(&s.state);
    InspectionView {
        id: c.m.id,
        name: c.m.name.clone(),
        fiscal_year: c.m.fiscal_year,
        source: c.m.source.clone(),
        scope: Scope::from_code(&c.m.scope).unwrap_or(Scope::Departments),
        opened_on: c.m.opened_on,
        due_on: c.m.due_on,
        closed_on: c.m.closed_on,
        opened_by: c.m.opened_by.clone(),
        items: common,
        sheets: c.sheets.len(),
        submitted: c
            .sheets
            .iter()
            .filter(|s| matches!(state(s), Some(SheetState::Submitted | SheetState::Accepted)))
            .count(),
        accepted: c
            .sheets
            .iter()
            .filter(|s| state(s) == Some(SheetState::Accepted))
            .count(),
        tally: scores.city,
        score: scores.city.score(),
    }
}

/// The systems of a campaign's sheets by id, named as the reader may read them (a
/// restricted one outside the reader's need-to-know by its number alone).
pub(super) type SystemNames = HashMap<Uuid, Named>;

pub(super) fn sheet_summary(
    s: &inspection_sheet::Model,
    idx: &DeptIndex,
    systems: &SystemNames,
    scores: &Scores,
    before: Option<&Scores>,
) -> AppResult<SheetSummary> {
    let tally = scores.by_sheet.get(&s.id).copied().unwrap_or_default();
    let previous_score = before
        .and_then(|b| b.by_subject.get(&subject_of(s)))
        .and_then(|t| t.score());
    Ok(SheetSummary {
        id: s.id,
        department_id: s.department_id,
        department: idx
            .get(s.department_id)
            .map(|d| d.name.clone())
            .unwrap_or_default(),
        system: s.asset_id.map(|id| {
            systems.get(&id).cloned().unwrap_or(Named {
                id,
                code: String::new(),
                name: String::new(),
            })
        }),
        state: crate::error::stored("sheet state", &s.state, SheetState::from_code(&s.state))?,
        tally,
        score: tally.score(),
        previous_score,
        change: change_text(tally.score(), previous_score),
        submitted_by: s.submitted_by.clone(),
        submitted_at: s.submitted_at,
        reviewed_by: s.reviewed_by.clone(),
        review_note: s.review_note.clone(),
    })
}

impl App {
    /// The systems of these sheets, named as the reader may read them.
    pub(super) async fn system_names(
        &self,
        actor: &Actor,
        sheets: &[inspection_sheet::Model],
    ) -> AppResult<SystemNames> {
        let ids: Vec<Uuid> = sheets.iter().filter_map(|s| s.asset_id).collect();
        if ids.is_empty() {
            return Ok(SystemNames::new());
        }
        let sight = self.visibility(actor);
        Ok(
            mamori_store::assets::by_ids(self.store.conn(), actor.org_id, &ids)
                .await?
                .into_iter()
                .map(|a| {
                    let seen = sight.shows(a.restricted, a.department_id, a.owner_staff_id);
                    let n = Named {
                        id: a.id,
                        code: a.number,
                        name: if seen { a.name } else { String::new() },
                    };
                    (n.id, n)
                })
                .collect(),
        )
    }

    pub(super) async fn inspection_row(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> AppResult<campaign_row::Model> {
        mamori_store::review::inspections::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Every campaign, latest year first, with how far each got.
    pub async fn inspections(&self, actor: &Actor) -> AppResult<Vec<InspectionView>> {
        self.authorize(actor, Capability::ViewInspections).await?;
        let mut out = Vec::new();
        for m in mamori_store::review::inspections::list(self.store.conn(), actor.org_id).await? {
            let c = self.inspection_campaign(actor.org_id, m).await?;
            out.push(inspection_view(&c, &c.scores()));
        }
        Ok(out)
    }

    /// A campaign: every department's sheet and score beside last year's, the city's
    /// score by area, and the items most often not done.
    pub async fn inspection(&self, actor: &Actor, id: Uuid) -> AppResult<InspectionDetail> {
        self.authorize(actor, Capability::ViewInspections).await?;
        let m = self.inspection_row(actor, id).await?;
        let c = self.inspection_campaign(actor.org_id, m).await?;
        let scores = c.scores();
        let before = self.campaign_before(actor.org_id, &c.m).await?;
        let before_scores = before.as_ref().map(Campaign::scores);
        let idx = self.dept_tree(actor.org_id).await?;
        let systems = self.system_names(actor, &c.sheets).await?;
        let mut sheets = c
            .sheets
            .iter()
            .map(|s| sheet_summary(s, &idx, &systems, &scores, before_scores.as_ref()))
            .collect::<AppResult<Vec<_>>>()?;
        let code = |s: &SheetSummary| s.system.as_ref().map(|n| n.code.clone());
        sheets.sort_by(|a, b| (&a.department, code(a)).cmp(&(&b.department, code(b))));
        Ok(InspectionDetail {
            inspection: inspection_view(&c, &scores),
            sheets,
            areas: area_scores(&scores, before_scores.as_ref()),
            most_not_done: scores.gaps.clone(),
            previous: before.map(|b| Named {
                id: b.m.id,
                code: b.m.fiscal_year.to_string(),
                name: b.m.name,
            }),
            may_run: c.m.closed_on.is_none() && actor.can(Capability::RunInspections),
        })
    }

    /// A campaign's scores by department as rows of text (the whole city first), for a
    /// CSV or Excel download; audited.
    pub async fn inspection_table(&self, actor: &Actor, id: Uuid) -> AppResult<Vec<Vec<String>>> {
        let d = self.inspection(actor, id).await?;
        let lang_state = |s: SheetState| s.label_ja().to_owned();
        let row = |name: String,
                   system: String,
                   state: String,
                   t: &inspection::Tally,
                   before: Option<f64>,
                   change: &str| {
            vec![
                name,
                system,
                state,
                t.done.to_string(),
                t.partial.to_string(),
                t.not_done.to_string(),
                t.not_applicable.to_string(),
                t.blank.to_string(),
                t.score().map(|s| format!("{s:.1}")).unwrap_or_default(),
                before.map(|s| format!("{s:.1}")).unwrap_or_default(),
                change.to_owned(),
            ]
        };
        let mut out = vec![row(
            d.inspection.name.clone(),
            String::new(),
            String::new(),
            &d.inspection.tally,
            None,
            "",
        )];
        out.extend(d.sheets.iter().map(|s| {
            let system = match &s.system {
                Some(n) if n.name.is_empty() => format!("{}（閲覧制限）", n.code),
                Some(n) => format!("{} {}", n.code, n.name),
                None => String::new(),
            };
            row(
                s.department.clone(),
                system,
                lang_state(s.state),
                &s.tally,
                s.previous_score,
                &s.change,
            )
        }));
        let tx = self.store.begin_write().await?;
        self.audit_change(
            &*tx,
            actor,
            "inspection.export",
            ("inspection", id),
            None,
            Some(&serde_json::json!({"rows": out.len()})),
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Closes a campaign; sheets not submitted stay as they are on record.
    pub async fn close_inspection(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        self.authorize(actor, Capability::RunInspections).await?;
        let before = self.inspection_row(actor, id).await?;
        if before.closed_on.is_some() {
            return Err(AppError::field(
                "inspection",
                "この自己点検は既に終了しています。",
                "This self-inspection is already closed.",
            ));
        }
        let after = campaign_row::Model {
            closed_on: Some(self.today()),
            closed_by: actor.label.clone(),
            ..before
        };
        let tx = self.store.begin_write().await?;
        mamori_store::review::inspections::update(&*tx, after).await?;
        self.audit_change(
            &*tx,
            actor,
            "inspection.close",
            ("inspection", id),
            Some(&serde_json::json!({"closed_on": null})),
            Some(&serde_json::json!({"closed_on": self.today()})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
