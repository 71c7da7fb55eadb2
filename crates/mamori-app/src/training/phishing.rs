//! Targeted-mail drills: each drill's results by department (names of who clicked
//! only for those who answer for them), and the trend of each department's click
//! rate across drills. Results come from the vendor's report (see
//! `import::phishing`).

use std::collections::{BTreeMap, HashMap};

use mamori_domain::training::phishing::{Outcome, Rates};
use mamori_store::entity::{phishing_drill, phishing_result};
use uuid::Uuid;

use super::input::DrillInput;
use super::view::{DrillDepartment, DrillDetail, DrillPerson, DrillTrend, DrillView, RatesView};
use crate::authz::{Actor, Capability};
use crate::departments::{DeptIndex, optional_date};
use crate::{App, AppError, AppResult};

pub fn drill_code(number: i32) -> String {
    format!("PD-{number:02}")
}

fn rates_view(r: &Rates) -> RatesView {
    RatesView {
        sent: r.sent,
        opened: r.opened,
        clicked: r.clicked,
        reported: r.reported,
        open_permille: r.open_permille(),
        click_permille: r.click_permille(),
        report_permille: r.report_permille(),
    }
}

fn outcome(r: &phishing_result::Model) -> Outcome {
    Outcome::new(r.opened, r.clicked, r.reported)
}

fn drill_view(d: &phishing_drill::Model, results: &[&phishing_result::Model]) -> DrillView {
    let mut rates = Rates::default();
    for r in results {
        rates.add(outcome(r));
    }
    DrillView {
        id: d.id,
        code: drill_code(d.number),
        title: d.title.clone(),
        sent_on: d.sent_on,
        vendor: d.vendor.clone(),
        note: d.note.clone(),
        rates: rates_view(&rates),
    }
}

/// The top-level department (部) a person sits under.
fn top_of(depts: &DeptIndex, department: Option<Uuid>) -> Option<Uuid> {
    department.and_then(|d| depts.chain(d).first().map(|m| m.id))
}

impl App {
    /// Records a drill; its results are imported from the vendor's report.
    pub async fn create_drill(&self, actor: &Actor, input: &DrillInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::ManageTraining).await?;
        let mut inv = mamori_domain::Invalid::new();
        let sent_on = optional_date(&mut inv, "sent_on", &input.sent_on);
        let title = mamori_domain::text::clean(&input.title);
        if title.is_empty() || title.chars().count() > 200 {
            inv.push(mamori_domain::FieldError::new(
                "title",
                "訓練名を200文字以内で入力してください。",
                "Enter a title of up to 200 characters.",
            ));
        }
        if sent_on.is_none() && !inv.0.iter().any(|e| e.field == "sent_on") {
            inv.push(mamori_domain::FieldError::new(
                "sent_on",
                "訓練メールを送った日を入力してください。",
                "Enter the day the drill mail was sent.",
            ));
        }
        let (Some(sent_on), true) = (sent_on, inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let m = phishing_drill::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            number: mamori_store::training::phishing::next_drill_number(&*tx, actor.org_id).await?,
            title,
            sent_on,
            vendor: mamori_domain::text::clean(&input.vendor),
            note: input.note.trim().to_owned(),
            created_by: actor.label.clone(),
            created_at: self.now(),
        };
        mamori_store::training::phishing::insert_drill(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "training.drill_create",
            ("phishing_drill", m.id),
            None,
            Some(&serde_json::json!({"title": m.title, "sent_on": m.sent_on, "vendor": m.vendor})),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Every drill in the order sent, with each top-level department's click rate in
    /// each: the trend across drills.
    pub async fn drill_trend(&self, actor: &Actor) -> AppResult<DrillTrend> {
        self.authorize(actor, Capability::ViewCoverage).await?;
        let conn = self.store.conn();
        let drills = mamori_store::training::phishing::drills(conn, actor.org_id).await?;
        let results = mamori_store::training::phishing::results(conn, actor.org_id, None).await?;
        let people = mamori_store::policies::people(conn, actor.org_id).await?;
        let depts = self.dept_tree(actor.org_id).await?;
        let dept_of: HashMap<Uuid, Option<Uuid>> = people
            .iter()
            .map(|p| (p.id, top_of(&depts, p.department_id)))
            .collect();
        let mut by_drill: HashMap<Uuid, Vec<&phishing_result::Model>> = HashMap::new();
        for r in &results {
            by_drill.entry(r.drill_id).or_default().push(r);
        }
        let mut table: BTreeMap<usize, (String, Vec<Option<u32>>)> = BTreeMap::new();
        for (i, d) in drills.iter().enumerate() {
            let mut per: HashMap<Uuid, Rates> = HashMap::new();
            for r in by_drill.get(&d.id).into_iter().flatten() {
                if let Some(Some(top)) = dept_of.get(&r.staff_id) {
                    per.entry(*top).or_default().add(outcome(r));
                }
            }
            for (dept, rates) in per {
                let order = depts
                    .all()
                    .iter()
                    .position(|m| m.id == dept)
                    .unwrap_or(usize::MAX);
                let name = depts.get(dept).map(|m| m.name.clone()).unwrap_or_default();
                let row = table
                    .entry(order)
                    .or_insert_with(|| (name, vec![None; drills.len()]));
                row.1[i] = Some(rates.click_permille());
            }
        }
        Ok(DrillTrend {
            drills: drills
                .iter()
                .map(|d| {
                    drill_view(
                        d,
                        by_drill.get(&d.id).map(Vec::as_slice).unwrap_or_default(),
                    )
                })
                .collect(),
            departments: table.into_values().collect(),
        })
    }

    /// One drill: counts by department, and who clicked, of the departments the
    /// reader answers for.
    pub async fn drill_detail(&self, actor: &Actor, id: Uuid) -> AppResult<DrillDetail> {
        self.authorize(actor, Capability::ViewCoverage).await?;
        let conn = self.store.conn();
        let d = mamori_store::training::phishing::get_drill(conn, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let results =
            mamori_store::training::phishing::results(conn, actor.org_id, Some(id)).await?;
        let people: HashMap<Uuid, mamori_store::policies::Person> =
            mamori_store::policies::people(conn, actor.org_id)
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
        let depts = self.dept_tree(actor.org_id).await?;
        let mut per: BTreeMap<(usize, Option<Uuid>), Rates> = BTreeMap::new();
        let mut clicked = Vec::new();
        for r in &results {
            let person = people.get(&r.staff_id);
            let department = person.and_then(|p| p.department_id);
            let top = top_of(&depts, department);
            let order = top
                .and_then(|t| depts.all().iter().position(|m| m.id == t))
                .unwrap_or(usize::MAX);
            per.entry((order, top)).or_default().add(outcome(r));
            if let (true, Some(p)) = (r.clicked, person)
                && actor.can(Capability::CoverageNames { department })
            {
                clicked.push(DrillPerson {
                    employee_number: p.employee_number.clone(),
                    name: p.name.clone(),
                    department: department.map(|x| depts.path(x)).unwrap_or_default(),
                    opened: r.opened,
                    clicked: r.clicked,
                    reported: r.reported,
                });
            }
        }
        clicked.sort_by(|a, b| a.employee_number.cmp(&b.employee_number));
        let all: Vec<&phishing_result::Model> = results.iter().collect();
        Ok(DrillDetail {
            drill: drill_view(&d, &all),
            by_department: per
                .into_iter()
                .map(|((_, top), rates)| DrillDepartment {
                    department_id: top,
                    department: top
                        .and_then(|t| depts.get(t))
                        .map(|m| m.name.clone())
                        .unwrap_or_default(),
                    rates: rates_view(&rates),
                })
                .collect(),
            clicked,
            may_manage: actor.can(Capability::ManageTraining),
        })
    }
}
