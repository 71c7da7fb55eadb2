//! Self-inspection campaigns: the list, a campaign's page with every department's
//! sheet and the city's scores, opening one (its checklist numbered, a sheet and a
//! blank answer per item for each department in scope, the departments told), closing
//! it, and its scores as a table to download.

use std::collections::{HashMap, HashSet};

use chrono::Duration;
use mamori_domain::notify::Notice;
use mamori_domain::review::inspection::{self, ChecklistItem, SheetState, change_text};
use mamori_domain::{DepartmentKind, FieldError, Invalid, Role};
use mamori_store::controls::ControlFilter;
use mamori_store::entity::{
    inspection as campaign_row, inspection_answer, inspection_item, inspection_sheet,
};
use uuid::Uuid;

use super::input::InspectionInput;
use super::scores::{Campaign, Scores, area_scores};
use super::view::{InspectionDetail, InspectionView, SheetSummary};
use crate::authz::{Actor, Capability};
use crate::departments::{DeptIndex, optional_date};
use crate::{App, AppError, AppResult};

/// The columns of a campaign's score table, in Japanese and English.
pub const INSPECTION_HEADERS: [(&str, &str); 10] = [
    ("所属", "Department"),
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

/// Days departments have to answer unless told otherwise.
const ANSWER_DAYS: i64 = 28;
/// The most departments one campaign asks.
const MAX_SHEETS: usize = 2_000;

pub(super) fn inspection_view(c: &Campaign, scores: &Scores) -> InspectionView {
    let common = c.items.iter().filter(|i| i.department_id.is_none()).count();
    let state = |s: &inspection_sheet::Model| SheetState::from_code(&s.state);
    InspectionView {
        id: c.m.id,
        name: c.m.name.clone(),
        fiscal_year: c.m.fiscal_year,
        source: c.m.source.clone(),
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

pub(super) fn sheet_summary(
    s: &inspection_sheet::Model,
    idx: &DeptIndex,
    scores: &Scores,
    before: Option<&Scores>,
) -> AppResult<SheetSummary> {
    let tally = scores.by_sheet.get(&s.id).copied().unwrap_or_default();
    let previous_score = before
        .and_then(|b| b.by_department.get(&s.department_id))
        .and_then(|t| t.score());
    Ok(SheetSummary {
        id: s.id,
        department_id: s.department_id,
        department: idx
            .get(s.department_id)
            .map(|d| d.name.clone())
            .unwrap_or_default(),
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
        let year = m.fiscal_year;
        let c = self.inspection_campaign(actor.org_id, m).await?;
        let scores = c.scores();
        let before = self.campaign_before(actor.org_id, year).await?;
        let before_scores = before.as_ref().map(Campaign::scores);
        let idx = self.dept_tree(actor.org_id).await?;
        let mut sheets = c
            .sheets
            .iter()
            .map(|s| sheet_summary(s, &idx, &scores, before_scores.as_ref()))
            .collect::<AppResult<Vec<_>>>()?;
        sheets.sort_by(|a, b| a.department.cmp(&b.department));
        Ok(InspectionDetail {
            inspection: inspection_view(&c, &scores),
            sheets,
            areas: area_scores(&scores, before_scores.as_ref()),
            most_not_done: scores.gaps.clone(),
            previous: before.map(|b| crate::media::Named {
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
                   state: String,
                   t: &inspection::Tally,
                   before: Option<f64>,
                   change: &str| {
            vec![
                name,
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
            &d.inspection.tally,
            None,
            "",
        )];
        out.extend(d.sheets.iter().map(|s| {
            row(
                s.department.clone(),
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

    /// Opens a campaign: numbers its checklist, makes a sheet with a blank answer per
    /// item for each department in scope, and tells each department's officers.
    pub async fn open_inspection(&self, actor: &Actor, input: &InspectionInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::RunInspections).await?;
        let today = self.today();
        let idx = self.dept_tree(actor.org_id).await?;
        let mut inv = Invalid::new();
        let name = mamori_domain::text::clean(&input.name);
        if name.is_empty() {
            inv.push(FieldError::new(
                "name",
                "自己点検の名称を入力してください。",
                "Give the self-inspection a name.",
            ));
        }
        let fiscal_year = match input.fiscal_year.trim() {
            "" => Some(mamori_domain::wareki::fiscal_year(today)),
            y => match mamori_domain::text::clean(y).parse::<i32>() {
                Ok(y) if (2000..=2100).contains(&y) => Some(y),
                _ => {
                    inv.push(FieldError::new(
                        "fiscal_year",
                        "年度は西暦の4桁で入力してください（例: 2026）。",
                        "Give the fiscal year as four digits (e.g. 2026).",
                    ));
                    None
                }
            },
        };
        let due = optional_date(&mut inv, "due_on", &input.due_on)
            .unwrap_or(today + Duration::days(ANSWER_DAYS));
        if due < today {
            inv.push(FieldError::new(
                "due_on",
                "回答期限は今日以降にしてください。",
                "The answers are due today or later.",
            ));
        }
        let (source, checklist) = self.checklist_of(actor.org_id, input, &mut inv).await?;
        let departments = departments_in_scope(&idx, &input.departments, today, &mut inv);
        inv.into_result()?;
        let fiscal_year = fiscal_year.unwrap_or_default();
        let m = campaign_row::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            name,
            fiscal_year,
            source,
            opened_on: today,
            due_on: due,
            closed_on: None,
            opened_by: actor.label.clone(),
            closed_by: String::new(),
            created_at: self.now(),
        };
        let mut items: Vec<inspection_item::Model> = checklist
            .iter()
            .zip(1..)
            .map(|(c, position)| self.checklist_row(&m, position, c, None, None))
            .collect();
        let common = items.len();
        let mut asked: HashMap<Uuid, Vec<Uuid>> = departments
            .iter()
            .map(|d| (*d, items.iter().map(|i| i.id).collect()))
            .collect();
        if input.applied_controls {
            let filter = ControlFilter {
                departments: Some(departments.clone()),
                ..ControlFilter::default()
            };
            let controls =
                mamori_store::controls::applied(self.store.conn(), actor.org_id, &filter).await?;
            for c in controls {
                let Some(d) = c.department_id else { continue };
                let category = mamori_domain::ControlCategory::from_code(&c.category);
                let item = ChecklistItem {
                    area_code: format!("applied:{}", c.category),
                    area: format!(
                        "{}（適用管理策）",
                        category.map(|c| c.label_ja()).unwrap_or("その他")
                    ),
                    question: format!("{} {}", c.number, c.name),
                    guidance: c.description.clone(),
                    control_ref: String::new(),
                };
                let position = i32::try_from(items.len() + 1).unwrap_or(i32::MAX);
                let row = self.checklist_row(&m, position, &item, Some(c.id), Some(d));
                asked.entry(d).or_default().push(row.id);
                items.push(row);
            }
        }
        let mut sheets = Vec::new();
        let mut answers = Vec::new();
        for d in &departments {
            let sheet = inspection_sheet::Model {
                id: self.new_id(),
                org_id: actor.org_id,
                inspection_id: m.id,
                department_id: *d,
                state: SheetState::Answering.code().into(),
                submitted_by: String::new(),
                submitted_at: None,
                reviewed_by: String::new(),
                reviewed_at: None,
                review_note: String::new(),
            };
            for item in asked.get(d).into_iter().flatten() {
                answers.push(inspection_answer::Model {
                    id: self.new_id(),
                    org_id: actor.org_id,
                    sheet_id: sheet.id,
                    item_id: *item,
                    answer: String::new(),
                    comment: String::new(),
                    evidence: "[]".into(),
                    answered_by: String::new(),
                    answered_at: None,
                    returned: false,
                    return_note: String::new(),
                    risk_id: None,
                    finding_id: None,
                });
            }
            sheets.push(sheet);
        }
        let mut told = Vec::new();
        for d in &departments {
            let officers = self
                .holders_today(
                    actor.org_id,
                    &[Role::DeptOfficer, Role::SectionManager],
                    Some(*d),
                )
                .await?;
            told.push((*d, officers));
        }
        let tx = self.store.begin_write().await?;
        let summary = serde_json::json!({
            "name": m.name, "fiscal_year": fiscal_year, "source": m.source, "due_on": due,
            "items": common, "department_items": items.len() - common,
            "departments": departments.len(),
        });
        mamori_store::review::inspections::insert(&*tx, m.clone(), items, sheets, answers).await?;
        self.audit_change(
            &*tx,
            actor,
            "inspection.open",
            ("inspection", m.id),
            None,
            Some(&summary),
        )
        .await?;
        for (d, officers) in told {
            let notice = Notice::InspectionRequested {
                name: m.name.clone(),
                department: idx.path(d),
                due: due.to_string(),
                returned: 0,
            };
            self.notify(&*tx, actor.org_id, &officers, &notice).await?;
        }
        tx.commit().await?;
        Ok(m.id)
    }

    fn checklist_row(
        &self,
        m: &campaign_row::Model,
        position: i32,
        c: &ChecklistItem,
        applied_control_id: Option<Uuid>,
        department_id: Option<Uuid>,
    ) -> inspection_item::Model {
        inspection_item::Model {
            id: self.new_id(),
            org_id: m.org_id,
            inspection_id: m.id,
            position,
            area_code: c.area_code.clone(),
            area: c.area.clone(),
            question: c.question.clone(),
            guidance: c.guidance.clone(),
            control_ref: c.control_ref.clone(),
            applied_control_id,
            department_id,
        }
    }

    /// The checklist the input names: the organization's own, or a catalog's chapters.
    async fn checklist_of(
        &self,
        org_id: Uuid,
        input: &InspectionInput,
        inv: &mut Invalid,
    ) -> AppResult<(String, Vec<ChecklistItem>)> {
        let source = mamori_domain::text::clean(&input.source);
        if source.is_empty() || source == "own" {
            return Ok(match inspection::parse_checklist(&input.checklist) {
                Ok(items) => ("own".into(), items),
                Err(e) => {
                    e.0.into_iter().for_each(|f| inv.push(f));
                    ("own".into(), Vec::new())
                }
            });
        }
        let catalog = match self.catalog(org_id, &source).await {
            Ok(c) => c,
            Err(AppError::NotFound) => {
                inv.push(FieldError::new(
                    "source",
                    format!("カタログ「{source}」はありません。"),
                    format!("There is no catalog \"{source}\"."),
                ));
                return Ok((String::new(), Vec::new()));
            }
            Err(e) => return Err(e),
        };
        let chapters: Vec<String> = input
            .chapters
            .iter()
            .map(|c| mamori_domain::text::clean(c))
            .filter(|c| !c.is_empty())
            .collect();
        let tops: HashSet<&str> = catalog
            .controls
            .iter()
            .filter(|c| c.parent.is_empty())
            .map(|c| c.id.as_str())
            .collect();
        if let Some(bad) = chapters.iter().find(|c| !tops.contains(c.as_str())) {
            inv.push(FieldError::new(
                "chapters",
                format!("「{bad}」はカタログ「{source}」の章ではありません。"),
                format!("\"{bad}\" is not a chapter of the catalog \"{source}\"."),
            ));
            return Ok((String::new(), Vec::new()));
        }
        match inspection::from_catalog(&catalog, &chapters) {
            Ok(items) => Ok((format!("catalog:{source}"), items)),
            Err(p) => {
                inv.push(p.at("chapters"));
                Ok((String::new(), Vec::new()))
            }
        }
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

/// The departments a campaign asks: those named (by code, path or id), or every
/// section (課) in being today.
fn departments_in_scope(
    idx: &DeptIndex,
    named: &[String],
    today: chrono::NaiveDate,
    inv: &mut Invalid,
) -> Vec<Uuid> {
    let named: Vec<&String> = named.iter().filter(|n| !n.trim().is_empty()).collect();
    let mut out: Vec<Uuid> = if named.is_empty() {
        idx.all()
            .iter()
            .filter(|d| d.kind == DepartmentKind::Ka.code())
            .filter(|d| d.valid_from.is_none_or(|f| f <= today))
            .filter(|d| d.valid_to.is_none_or(|t| t >= today))
            .map(|d| d.id)
            .collect()
    } else {
        let mut out = Vec::new();
        for n in named {
            match idx.resolve(n) {
                Ok(d) => out.push(d.id),
                Err(p) => inv.push(p.at("departments")),
            }
        }
        out
    };
    out.sort();
    out.dedup();
    if out.is_empty() && inv.is_empty() {
        inv.push(FieldError::new(
            "departments",
            "対象の所属がありません。",
            "No department is in scope.",
        ));
    }
    if out.len() > MAX_SHEETS {
        inv.push(FieldError::new(
            "departments",
            format!("対象の所属は{MAX_SHEETS}以内にしてください。"),
            format!("At most {MAX_SHEETS} departments."),
        ));
    }
    out
}
