//! Reading violation records: for the designated roles only, each read audited; to
//! anyone else the records are not there (404). Counts that name nobody for the
//! registers' readers.

use std::collections::BTreeMap;

use mamori_domain::role::RoleSet;
use mamori_domain::violation::{self, Culpability, Impact, Measure, State};
use mamori_store::entity::violation as row;
use uuid::Uuid;

use super::view::{CodeCount, DoneMeasure, ViolationCounts, ViolationView};
use crate::authz::{Actor, Capability};
use crate::error::stored;
use crate::{App, AppError, AppResult, Page, PageRequest};

/// The columns of an export of the violation records, in order.
pub const EXPORT_HEADERS: [&str; 15] = [
    "番号",
    "状態",
    "件名",
    "対象者",
    "所属",
    "違反した規定",
    "発生日",
    "発見日",
    "故意・過失",
    "影響",
    "推奨される対応",
    "決定",
    "決定日",
    "実施した措置",
    "終結日",
];

impl App {
    /// The organization's violation settings when the actor is one of the designated
    /// readers; to anyone else the records do not exist (the refusal is recorded).
    pub(super) async fn violation_reader(&self, actor: &Actor) -> AppResult<violation::Settings> {
        let s = self.compliance_settings_of(actor.org_id).await?.violations;
        let cap = Capability::HandleViolations {
            readers: RoleSet::of(&s.readers),
        };
        if actor.can(cap) {
            Ok(s)
        } else {
            self.record_denial(actor, cap).await;
            Err(AppError::NotFound)
        }
    }

    /// Whether the actor is one of the designated readers (decides the menu).
    pub async fn may_read_violations(&self, actor: &Actor) -> AppResult<bool> {
        let s = self.compliance_settings_of(actor.org_id).await?.violations;
        Ok(actor.can(Capability::HandleViolations {
            readers: RoleSet::of(&s.readers),
        }))
    }

    /// Records that the actor read these records (restricted: every read is audited).
    async fn audit_violation_read(&self, actor: &Actor, action: &str, id: Uuid) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        self.audit(&*tx, actor, action, "violation", &id.to_string(), vec![])
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn violation_row(&self, org_id: Uuid, id: Uuid) -> AppResult<row::Model> {
        mamori_store::compliance::violations::get(self.store.conn(), org_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// A page of the records (in one state, or all), for the designated readers.
    pub async fn violations(
        &self,
        actor: &Actor,
        state: Option<&str>,
        page: PageRequest,
    ) -> AppResult<Page<ViolationView>> {
        let settings = self.violation_reader(actor).await?;
        let state = match state.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(State::parse(s).map_err(|p| p.at("state"))?.code()),
            None => None,
        };
        let conn = self.store.conn();
        let p = mamori_store::compliance::violations::list(conn, actor.org_id, state, page).await?;
        self.audit_violation_read(actor, "violation.list", actor.org_id)
            .await?;
        let mut items = Vec::with_capacity(p.items.len());
        for m in &p.items {
            items.push(self.violation_view(m, &settings).await?);
        }
        Ok(Page {
            items,
            page: p.page,
            per_page: p.per_page,
            total: p.total,
        })
    }

    /// Every record (in one state, or all) as rows of [`EXPORT_HEADERS`], for the
    /// designated readers only; the export is audited with how many it carried.
    pub async fn violations_table(
        &self,
        actor: &Actor,
        state: Option<&str>,
    ) -> AppResult<Vec<Vec<String>>> {
        let settings = self.violation_reader(actor).await?;
        let state = match state.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(State::parse(s).map_err(|p| p.at("state"))?.code()),
            None => None,
        };
        let conn = self.store.conn();
        let mut out = Vec::new();
        let mut page = 1;
        loop {
            let p = mamori_store::compliance::violations::list(
                conn,
                actor.org_id,
                state,
                PageRequest::new(Some(page), Some(200)),
            )
            .await?;
            for m in &p.items {
                let v = self.violation_view(m, &settings).await?;
                let label = |o: Option<&'static str>| o.unwrap_or_default().to_owned();
                out.push(vec![
                    v.number,
                    v.state.label_ja().to_owned(),
                    v.title,
                    v.person,
                    v.department,
                    v.rule,
                    v.occurred_on.map(|d| d.to_string()).unwrap_or_default(),
                    v.found_on.to_string(),
                    label(v.culpability.map(Culpability::label_ja)),
                    label(v.impact.map(Impact::label_ja)),
                    v.recommended
                        .iter()
                        .map(|r| r.label_ja())
                        .collect::<Vec<_>>()
                        .join("、"),
                    v.decision,
                    v.decided_on.map(|d| d.to_string()).unwrap_or_default(),
                    v.measures
                        .iter()
                        .map(|d| format!("{}（{}）", d.measure.label_ja(), d.done_on))
                        .collect::<Vec<_>>()
                        .join("、"),
                    v.closed_on.map(|d| d.to_string()).unwrap_or_default(),
                ]);
            }
            if p.items.is_empty() || page * p.per_page >= p.total {
                break;
            }
            page += 1;
        }
        let tx = self.store.begin_write().await?;
        self.audit(
            &*tx,
            actor,
            "violation.export",
            "violation",
            &actor.org_id.to_string(),
            vec![mamori_domain::audit::Change {
                field: "rows".into(),
                before: None,
                after: Some(serde_json::json!(out.len())),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }

    /// One record, for the designated readers; the read is audited.
    pub async fn violation(&self, actor: &Actor, id: Uuid) -> AppResult<ViolationView> {
        let settings = self.violation_reader(actor).await?;
        let m = self.violation_row(actor.org_id, id).await?;
        self.audit_violation_read(actor, "violation.read", id)
            .await?;
        self.violation_view(&m, &settings).await
    }

    pub(super) async fn violation_view(
        &self,
        m: &row::Model,
        settings: &violation::Settings,
    ) -> AppResult<ViolationView> {
        let conn = self.store.conn();
        let idx = self.dept_tree(m.org_id).await?;
        let person = match m.person_staff_id {
            Some(s) => mamori_store::staff::by_ids(conn, m.org_id, &[s])
                .await?
                .first()
                .map(|p| format!("{}（{}）", p.name, p.employee_number))
                .unwrap_or_default(),
            None if m.person_company.is_empty() => m.person_name.clone(),
            None => format!("{}（{}）", m.person_name, m.person_company),
        };
        let asset_ids = mamori_store::compliance::violations::assets(conn, m.org_id, m.id).await?;
        let assets = mamori_store::assets::by_ids(conn, m.org_id, &asset_ids).await?;
        let schemes = self.schemes_or_seed(m.org_id).await?;
        let top_c = assets.iter().any(|a| {
            schemes
                .get(a.scheme_id)
                .is_some_and(|sc| sc.c.highest().code == a.c_level)
        });
        let personal = assets.iter().any(|a| a.personal_data != "none");
        let special = assets
            .iter()
            .any(|a| matches!(a.personal_data.as_str(), "my_number" | "sensitive"));
        let culpability = (!m.culpability.is_empty())
            .then(|| {
                stored(
                    "culpability",
                    &m.culpability,
                    Culpability::from_code(&m.culpability),
                )
            })
            .transpose()?;
        let impact = (!m.impact.is_empty())
            .then(|| stored("impact", &m.impact, Impact::from_code(&m.impact)))
            .transpose()?;
        let recommended: Vec<Measure> = match (culpability, impact) {
            (Some(c), Some(i)) => settings.guidance.recommend(c, i),
            _ => Vec::new(),
        };
        Ok(ViolationView {
            id: m.id,
            number: violation::code(m.number),
            state: stored("violation state", &m.state, State::from_code(&m.state))?,
            title: m.title.clone(),
            person,
            person_staff_id: m.person_staff_id,
            department: m.department_id.map(|d| idx.path(d)).unwrap_or_default(),
            rule: m.rule.clone(),
            what: m.what.clone(),
            occurred_on: m.occurred_on,
            found_on: m.found_on,
            found_by: m.found_by.clone(),
            evidence: m.evidence.clone(),
            incident_id: m.incident_id,
            assets: assets.into_iter().map(|a| a.number).collect(),
            impact_floor: violation::impact_floor(top_c, personal, special),
            culpability,
            impact,
            assessment: m.assessment.clone(),
            recommended,
            decided_by: m.decided_by.clone(),
            meeting: m.meeting.clone(),
            decision_ref: m.decision_ref.clone(),
            decided_on: m.decided_on,
            decision: m.decision.clone(),
            explanation: m.explanation.clone(),
            explained_on: m.explained_on,
            measures: serde_json::from_str::<Vec<DoneMeasure>>(&m.measures).unwrap_or_default(),
            access_suspended: m.access_suspended,
            closed_on: m.closed_on,
        })
    }

    /// Counts that name nobody, for those who read the compliance registers.
    pub async fn violation_counts(&self, actor: &Actor) -> AppResult<ViolationCounts> {
        self.authorize(actor, Capability::ViewExceptions).await?;
        let rows =
            mamori_store::compliance::violations::counts(self.store.conn(), actor.org_id).await?;
        let mut out = ViolationCounts::default();
        let (mut states, mut culp, mut imp) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        for (state, c, i, n) in rows {
            out.total += n;
            *states.entry(state).or_insert(0) += n;
            if !c.is_empty() {
                *culp.entry(c).or_insert(0) += n;
            }
            if !i.is_empty() {
                *imp.entry(i).or_insert(0) += n;
            }
        }
        let listed = |m: BTreeMap<String, i64>| {
            m.into_iter()
                .map(|(code, count)| CodeCount { code, count })
                .collect()
        };
        out.by_state = listed(states);
        out.by_culpability = listed(culp);
        out.by_impact = listed(imp);
        Ok(out)
    }
}
