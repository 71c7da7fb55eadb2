//! Reporting an incident: anyone may; what was typed is checked, the report is written
//! with its first timeline entry and its audit entry in one transaction, and the
//! people who must know are told in that same transaction.

use mamori_domain::Role;
use mamori_domain::incident::{State, UNTRIAGED_RESPONSE, number, year_in_japan};
use mamori_domain::notify::Notice;
use mamori_store::entity::incident;
use uuid::Uuid;

use chrono::{DateTime, Utc};
use mamori_domain::incident::{Category, Severity};

use super::input::ReportInput;
use super::row::{audited, category, entry, search_key};
use super::view::IncidentRef;
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// An incident about to be filed.
pub(crate) struct Filing {
    pub title: String,
    pub category: Category,
    pub description: String,
    pub location: String,
    pub occurred_at: Option<DateTime<Utc>>,
    pub known_at: DateTime<Utc>,
    pub reporter_staff_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    pub personal_data: bool,
    pub persons: Option<i64>,
    pub severity: Option<Severity>,
    pub assets: Vec<Uuid>,
    /// The assets' numbers, for the audit entry.
    pub asset_numbers: Vec<String>,
}

impl App {
    /// Records a report from any staff member and tells the reporting line: the CSIRT
    /// and the department's officers, and for personal data the CISO and deputy too.
    /// An insider case goes to the CISO and deputy alone.
    pub async fn report_incident(
        &self,
        actor: &Actor,
        input: &ReportInput,
    ) -> AppResult<IncidentRef> {
        self.authorize(actor, Capability::ReportIncident).await?;
        let now = self.now();
        let r = input.check(now).map_err(AppError::Invalid)?;
        let conn = self.store.conn();
        // Assets by number; a restricted one the reporter may not read is "not found"
        // like any unknown number, so a report cannot probe the register.
        let found = mamori_store::assets::by_numbers(conn, actor.org_id, &r.asset_numbers).await?;
        let mut missing = Vec::new();
        let mut assets = Vec::new();
        for n in &r.asset_numbers {
            match found.iter().find(|a| &a.number == n) {
                Some(a)
                    if !a.restricted
                        || actor.can(Capability::ViewRestricted {
                            department: a.department_id,
                            owner: a.owner_staff_id,
                        }) =>
                {
                    assets.push(a.clone())
                }
                _ => missing.push(n.clone()),
            }
        }
        if !missing.is_empty() {
            return Err(AppError::field(
                "assets",
                format!("資産番号 {} が見つかりません。", missing.join("、")),
                format!("Asset number(s) {} not found.", missing.join(", ")),
            ));
        }
        let personal_data = r.personal_data || assets.iter().any(|a| a.personal_data != "none");
        let department_id = match actor.staff_id {
            Some(s) => mamori_store::staff::get(conn, actor.org_id, s)
                .await?
                .and_then(|s| s.department_id),
            None => None,
        };
        let tx = self.store.begin_write().await?;
        let filing = Filing {
            title: r.title,
            category: r.category,
            description: r.description,
            location: r.location,
            occurred_at: r.occurred_at,
            known_at: r.known_at,
            reporter_staff_id: actor.staff_id,
            department_id,
            personal_data,
            persons: r.persons,
            severity: None,
            assets: assets.iter().map(|a| a.id).collect(),
            asset_numbers: r.asset_numbers,
        };
        let m = self.file_incident(&*tx, actor, filing).await?;
        tx.commit().await?;
        Ok(IncidentRef {
            id: m.id,
            number: m.number,
        })
    }

    /// Files an incident inside the caller's write transaction: its number, its first
    /// timeline entry, the reporting line told, the audit entry. A person's report and
    /// a monitoring rule's draft both come through here.
    pub(crate) async fn file_incident<C: mamori_store::Conn>(
        &self,
        tx: &C,
        actor: &Actor,
        f: Filing,
    ) -> AppResult<incident::Model> {
        let now = self.now();
        mamori_store::audit::lock_org_writes(tx, actor.org_id).await?;
        let year = year_in_japan(now);
        let seq = mamori_store::incidents::next_seq(tx, actor.org_id, year).await?;
        let mut m = incident::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            number_year: year,
            number_seq: seq,
            number: number(year, seq),
            title: f.title,
            category: f.category.code().into(),
            description: f.description,
            location: f.location,
            occurred_at: f.occurred_at,
            known_at: f.known_at,
            reported_at: now,
            reporter_staff_id: f.reporter_staff_id,
            reporter: actor.label.clone(),
            department_id: f.department_id,
            personal_data: f.personal_data,
            persons: f.persons,
            restricted: f.personal_data || f.category.is_insider(),
            state: State::Received.code().into(),
            state_changed_at: now,
            severity: f.severity.map(|s| s.code().to_owned()),
            assignee_staff_id: None,
            first_response_due: now
                + f.severity
                    .map_or(UNTRIAGED_RESPONSE, |s| s.first_response()),
            first_response_at: None,
            escalated_at: None,
            root_cause_category: None,
            root_cause: String::new(),
            contributing: String::new(),
            lessons: String::new(),
            end_reason: String::new(),
            closed_at: None,
            closed_by: None,
            search_key: String::new(),
            created_at: now,
            updated_at: now,
            contained_at: None,
        };
        m.search_key = search_key(&m);
        mamori_store::incidents::insert(tx, m.clone()).await?;
        mamori_store::incidents::add_assets(tx, actor.org_id, m.id, &f.assets).await?;
        let body = if m.description.is_empty() {
            m.title.clone()
        } else {
            format!("{}\n{}", m.title, m.description)
        };
        let first = entry(
            &m,
            self.new_id(),
            (m.known_at, now),
            &actor.label,
            ("report", body),
            None,
        );
        mamori_store::incidents::append(tx, first).await?;
        let to = self.reporting_line(&m).await?;
        let notice = Notice::IncidentReported {
            number: m.number.clone(),
            title: m.title.clone(),
            category: f.category,
            restricted: m.restricted,
            personal_data: m.personal_data,
        };
        self.notify(tx, actor.org_id, &to, &notice).await?;
        self.audit_change(
            tx,
            actor,
            "incident.report",
            ("incident", m.id),
            None,
            Some(&audited(&m, &f.asset_numbers)),
        )
        .await?;
        Ok(m)
    }

    /// Who is told of a new incident (never the reporter: they know).
    async fn reporting_line(&self, m: &incident::Model) -> AppResult<Vec<Uuid>> {
        let today = self.today();
        let idx = self.dept_tree(m.org_id).await?;
        // The department and those above it: an officer of a division answers for its
        // sections.
        let mut above = Vec::new();
        let mut at = m.department_id;
        while let Some(d) = at.and_then(|d| idx.get(d)) {
            above.push(d.id);
            at = d.parent_id;
        }
        let insider = category(m).is_insider();
        let mut out: Vec<Uuid> = mamori_store::roles::all(self.store.conn(), m.org_id, None)
            .await?
            .into_iter()
            .filter(|r| mamori_domain::role::is_active_on(r.term_from, r.term_to, today))
            .filter(|r| match Role::from_code(&r.role) {
                Some(Role::Ciso | Role::DeputyCiso) => m.restricted,
                Some(Role::Csirt) => !insider,
                Some(Role::DeptOfficer | Role::SectionManager) => {
                    !insider && r.department_id.is_some_and(|d| above.contains(&d))
                }
                _ => false,
            })
            .map(|r| r.staff_id)
            .filter(|s| Some(*s) != m.reporter_staff_id)
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }
}
