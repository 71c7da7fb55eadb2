//! Opening a self-inspection campaign: its checklist numbered, whom it asks (each
//! department, or each information system by the department that runs it), a sheet
//! with a blank answer per item for each, and the departments told — in one
//! transaction.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use mamori_domain::asset::{AssetKind, AssetStatus};
use mamori_domain::notify::Notice;
use mamori_domain::review::inspection::{self, ChecklistItem, Scope, SheetState, check_system};
use mamori_domain::{DepartmentKind, FieldError, Invalid, Role};
use mamori_store::controls::ControlFilter;
use mamori_store::entity::{
    applied_control, asset, inspection as campaign_row, inspection_answer, inspection_item,
    inspection_sheet,
};
use uuid::Uuid;

use super::input::InspectionInput;
use crate::authz::{Actor, Capability};
use crate::departments::{DeptIndex, optional_date};
use crate::{App, AppError, AppResult};

/// Days departments have to answer unless told otherwise.
const ANSWER_DAYS: i64 = 28;
/// The most sheets one campaign writes.
const MAX_SHEETS: usize = 2_000;

/// Who answers a sheet, and the system it is about (none: the department itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Subject {
    department: Uuid,
    system: Option<Uuid>,
}

impl App {
    /// Opens a campaign: numbers its checklist, makes a sheet with a blank answer per
    /// item for each department (or system) in scope, and tells each department's
    /// officers.
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
        let fiscal_year = fiscal_year_of(&input.fiscal_year, today, &mut inv);
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
        let scope = match input.scope.trim() {
            "" => Scope::Departments,
            s => Scope::parse(s).unwrap_or_else(|p| {
                inv.push(p.at("scope"));
                Scope::Departments
            }),
        };
        let (subjects, systems): (Vec<Subject>, Vec<asset::Model>) = match scope {
            Scope::Departments => {
                if input.systems.iter().any(|s| !s.trim().is_empty()) {
                    inv.push(FieldError::new(
                        "systems",
                        "情報システムを選べるのは、点検の単位が「情報システムごと」のときです。",
                        "Systems are chosen only for a campaign by information system.",
                    ));
                }
                let departments = departments_in_scope(&idx, &input.departments, today, &mut inv);
                let subjects = departments
                    .into_iter()
                    .map(|department| Subject {
                        department,
                        system: None,
                    })
                    .collect();
                (subjects, Vec::new())
            }
            Scope::Systems => {
                // Named departments narrow the systems taken when none are named.
                let within: Option<HashSet<Uuid>> =
                    if input.departments.iter().any(|d| !d.trim().is_empty()) {
                        Some(
                            departments_in_scope(&idx, &input.departments, today, &mut inv)
                                .into_iter()
                                .flat_map(|d| idx.subtree(d))
                                .collect(),
                        )
                    } else {
                        None
                    };
                let systems = self
                    .systems_in_scope(actor, &input.systems, within.as_ref(), &mut inv)
                    .await?;
                let subjects = systems
                    .iter()
                    .filter_map(|a| {
                        Some(Subject {
                            department: a.department_id?,
                            system: Some(a.id),
                        })
                    })
                    .collect();
                (subjects, systems)
            }
        };
        if subjects.len() > MAX_SHEETS {
            inv.push(FieldError::new(
                if scope == Scope::Systems {
                    "systems"
                } else {
                    "departments"
                },
                format!("対象は{MAX_SHEETS}以内にしてください。"),
                format!("At most {MAX_SHEETS} departments or systems."),
            ));
        }
        inv.into_result()?;
        let m = campaign_row::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            name,
            fiscal_year,
            source,
            scope: scope.code().into(),
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
        let mut asked: HashMap<Subject, Vec<Uuid>> = subjects
            .iter()
            .map(|s| (*s, items.iter().map(|i| i.id).collect()))
            .collect();
        if input.applied_controls {
            for (subject, c) in self.own_controls(actor.org_id, &subjects).await? {
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
                let row =
                    self.checklist_row(&m, position, &item, Some(c.id), Some(subject.department));
                asked.entry(subject).or_default().push(row.id);
                items.push(row);
            }
        }
        let mut sheets = Vec::new();
        let mut answers = Vec::new();
        for subject in &subjects {
            let sheet = inspection_sheet::Model {
                id: self.new_id(),
                org_id: actor.org_id,
                inspection_id: m.id,
                department_id: subject.department,
                asset_id: subject.system,
                state: SheetState::Answering.code().into(),
                submitted_by: String::new(),
                submitted_at: None,
                reviewed_by: String::new(),
                reviewed_at: None,
                review_note: String::new(),
            };
            for item in asked.get(subject).into_iter().flatten() {
                answers.push(self.blank_answer(&sheet, *item));
            }
            sheets.push(sheet);
        }
        // Each department is told once, with the systems it answers for.
        let mut by_department: BTreeMap<Uuid, Vec<&str>> = BTreeMap::new();
        for s in &subjects {
            let numbers = by_department.entry(s.department).or_default();
            if let Some(a) = s.system.and_then(|id| systems.iter().find(|a| a.id == id)) {
                numbers.push(&a.number);
            }
        }
        let mut told = Vec::new();
        for (d, numbers) in by_department {
            let officers = self
                .holders_today(
                    actor.org_id,
                    &[Role::DeptOfficer, Role::SectionManager],
                    Some(d),
                )
                .await?;
            let department = if numbers.is_empty() {
                idx.path(d)
            } else {
                format!("{}（{}）", idx.path(d), numbers.join(", "))
            };
            told.push((department, officers));
        }
        let tx = self.store.begin_write().await?;
        let summary = serde_json::json!({
            "name": m.name, "fiscal_year": fiscal_year, "source": m.source, "due_on": due,
            "scope": m.scope, "items": common, "own_items": items.len() - common,
            "sheets": sheets.len(), "departments": told.len(),
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
        for (department, officers) in told {
            let notice = Notice::InspectionRequested {
                name: m.name.clone(),
                department,
                due: due.to_string(),
                returned: 0,
            };
            self.notify(&*tx, actor.org_id, &officers, &notice).await?;
        }
        tx.commit().await?;
        Ok(m.id)
    }

    fn blank_answer(
        &self,
        sheet: &inspection_sheet::Model,
        item: Uuid,
    ) -> inspection_answer::Model {
        inspection_answer::Model {
            id: self.new_id(),
            org_id: sheet.org_id,
            sheet_id: sheet.id,
            item_id: item,
            answer: String::new(),
            comment: String::new(),
            evidence: "[]".into(),
            answered_by: String::new(),
            answered_at: None,
            returned: false,
            return_note: String::new(),
            risk_id: None,
            finding_id: None,
        }
    }

    /// The applied controls each subject is asked about on top of the checklist: a
    /// department's own controls, or those protecting a system.
    async fn own_controls(
        &self,
        org: Uuid,
        subjects: &[Subject],
    ) -> AppResult<Vec<(Subject, applied_control::Model)>> {
        let conn = self.store.conn();
        let systems: Vec<Uuid> = subjects.iter().filter_map(|s| s.system).collect();
        if systems.is_empty() {
            let filter = ControlFilter {
                departments: Some(subjects.iter().map(|s| s.department).collect()),
                ..ControlFilter::default()
            };
            let controls = mamori_store::controls::applied(conn, org, &filter).await?;
            return Ok(controls
                .into_iter()
                .filter_map(|c| {
                    let department = c.department_id?;
                    Some((
                        Subject {
                            department,
                            system: None,
                        },
                        c,
                    ))
                })
                .collect());
        }
        let pairs = mamori_store::controls::protecting(conn, org, &systems).await?;
        let mut ids: Vec<Uuid> = pairs.iter().map(|(_, c)| *c).collect();
        ids.sort();
        ids.dedup();
        let controls: HashMap<Uuid, applied_control::Model> =
            mamori_store::controls::applied_by_ids(conn, org, &ids)
                .await?
                .into_iter()
                .map(|c| (c.id, c))
                .collect();
        let mut out: Vec<(Subject, applied_control::Model)> = subjects
            .iter()
            .flat_map(|s| {
                pairs
                    .iter()
                    .filter(move |(a, _)| Some(*a) == s.system)
                    .filter_map(|(_, c)| Some((*s, controls.get(c)?.clone())))
            })
            .collect();
        out.sort_by(|a, b| (a.0, &a.1.number).cmp(&(b.0, &b.1.number)));
        Ok(out)
    }

    /// The systems a campaign by system asks: those named (by number), or every
    /// software asset in use that a department keeps (`within` those departments when
    /// given). A restricted system the opener may not read is not found, as anywhere
    /// else.
    async fn systems_in_scope(
        &self,
        actor: &Actor,
        named: &[String],
        within: Option<&HashSet<Uuid>>,
        inv: &mut Invalid,
    ) -> AppResult<Vec<asset::Model>> {
        let conn = self.store.conn();
        let org = actor.org_id;
        let sight = self.visibility(actor);
        let visible =
            |a: &asset::Model| sight.shows(a.restricted, a.department_id, a.owner_staff_id);
        let mut out = if named.iter().all(|n| n.trim().is_empty()) {
            mamori_store::assets::in_use_of_kind(conn, org, AssetKind::Software.code())
                .await?
                .into_iter()
                .filter(|a| visible(a))
                .filter(|a| {
                    a.department_id
                        .is_some_and(|d| within.is_none_or(|w| w.contains(&d)))
                })
                .collect()
        } else {
            let mut out = Vec::new();
            for a in self.assets_named(actor, named, "systems", inv).await? {
                let in_use = AssetStatus::from_code(&a.status) == Some(AssetStatus::InUse);
                match check_system(&a.number, in_use, a.department_id.is_some()) {
                    Ok(()) => out.push(a),
                    Err(p) => inv.push(p.at("systems")),
                }
            }
            out
        };
        let mut seen = HashSet::new();
        out.retain(|a| seen.insert(a.id));
        if out.is_empty() && inv.is_empty() {
            inv.push(FieldError::new(
                "systems",
                "対象の情報システムがありません。資産番号を入力してください。",
                "No information system is in scope: give the assets' numbers.",
            ));
        }
        Ok(out)
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
}

/// The fiscal year given (four digits), or this one when empty.
fn fiscal_year_of(given: &str, today: NaiveDate, inv: &mut Invalid) -> i32 {
    match given.trim() {
        "" => mamori_domain::wareki::fiscal_year(today),
        y => match mamori_domain::text::clean(y).parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => y,
            _ => {
                inv.push(FieldError::new(
                    "fiscal_year",
                    "年度は西暦の4桁で入力してください（例: 2026）。",
                    "Give the fiscal year as four digits (e.g. 2026).",
                ));
                0
            }
        },
    }
}

/// The departments a campaign asks: those named (by code, path or id), or every
/// section (課) in being today.
fn departments_in_scope(
    idx: &DeptIndex,
    named: &[String],
    today: NaiveDate,
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
    out
}
