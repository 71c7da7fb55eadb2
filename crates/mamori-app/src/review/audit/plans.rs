//! Audit programmes and audits: listing them, an audit's page, planning an audit (its
//! scope, criteria, schedule and auditors, none auditing their own department without
//! a recorded reason) and moving it through its stages.

use std::collections::HashSet;

use mamori_domain::review::audit::{self as rules, AuditKind, AuditState};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{audit_auditor, audit_programme, security_audit};
use uuid::Uuid;

use super::input::{AuditInput, ProgrammeInput};
use super::rows::{AuditRows, PlannedSystem, departments_of, systems_of};
use super::view::{AuditDetail, AuditView, ProgrammeView};
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

fn year(inv: &mut Invalid, field: &str, raw: &str) -> Option<i32> {
    match mamori_domain::text::clean(raw).parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => Some(y),
        _ => {
            inv.push(FieldError::new(
                field,
                "年度は西暦の4桁で入力してください（例: 2026）。",
                "Give the fiscal year as four digits (e.g. 2026).",
            ));
            None
        }
    }
}

impl App {
    /// Every programme, latest first, with how many audits each holds.
    pub async fn audit_programmes(&self, actor: &Actor) -> AppResult<Vec<ProgrammeView>> {
        self.authorize(actor, Capability::ViewAudits).await?;
        let conn = self.store.conn();
        let audits = mamori_store::review::audits::list(conn, actor.org_id).await?;
        Ok(mamori_store::review::audits::programmes(conn, actor.org_id)
            .await?
            .into_iter()
            .map(|p| ProgrammeView {
                audits: audits
                    .iter()
                    .filter(|a| a.programme_id == Some(p.id))
                    .count(),
                id: p.id,
                name: p.name,
                from_year: p.from_year,
                until_year: p.until_year,
                aims: p.aims,
            })
            .collect())
    }

    /// Records an audit programme of several years.
    pub async fn create_programme(&self, actor: &Actor, input: &ProgrammeInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::PlanAudits).await?;
        let mut inv = Invalid::new();
        let name = mamori_domain::text::clean(&input.name);
        if name.is_empty() {
            inv.push(FieldError::new(
                "name",
                "計画の名称を入力してください。",
                "Give the programme a name.",
            ));
        }
        let from = year(&mut inv, "from_year", &input.from_year);
        let until = year(&mut inv, "until_year", &input.until_year);
        if let (Some(f), Some(u)) = (from, until) {
            inv.check("until_year", rules::check_programme_years(f, u));
        }
        inv.into_result()?;
        let m = audit_programme::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            name,
            from_year: from.unwrap_or_default(),
            until_year: until.unwrap_or_default(),
            aims: input.aims.trim().to_owned(),
            created_by: actor.label.clone(),
            created_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::review::audits::insert_programme(&*tx, m.clone()).await?;
        let after = serde_json::json!({"name": m.name, "from_year": m.from_year, "until_year": m.until_year, "aims": m.aims});
        self.audit_change(
            &*tx,
            actor,
            "audit_programme.create",
            ("audit_programme", m.id),
            None,
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Every audit, latest year first.
    pub async fn security_audits(&self, actor: &Actor) -> AppResult<Vec<AuditView>> {
        self.authorize(actor, Capability::ViewAudits).await?;
        let all = mamori_store::review::audits::list(self.store.conn(), actor.org_id).await?;
        let rows = self.audit_rows(actor, &all).await?;
        let today = self.today();
        all.iter().map(|m| rows.view(m, today)).collect()
    }

    pub(crate) async fn audit_row(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> AppResult<security_audit::Model> {
        mamori_store::review::audits::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Whether the actor is one of the audit's auditors.
    pub(super) fn assigned(actor: &Actor, rows: &AuditRows, audit: Uuid) -> bool {
        actor.staff_id.is_some_and(|s| {
            rows.auditors
                .iter()
                .any(|a| a.audit_id == audit && a.staff_id == s)
        })
    }

    /// An audit: its plan, its findings with the departments' answers and their
    /// corrective actions.
    pub async fn security_audit(&self, actor: &Actor, id: Uuid) -> AppResult<AuditDetail> {
        self.authorize(actor, Capability::ViewAudits).await?;
        let m = self.audit_row(actor, id).await?;
        let rows = self.audit_rows(actor, std::slice::from_ref(&m)).await?;
        let today = self.today();
        let audit = rows.view(&m, today)?;
        let findings = self.finding_views(actor, &m, &rows, today)?;
        let assigned = Self::assigned(actor, &rows, id);
        Ok(AuditDetail {
            may_conduct: actor.can(Capability::ConductAudit { assigned }),
            may_plan: audit.state != AuditState::Closed && actor.can(Capability::PlanAudits),
            audit,
            findings,
        })
    }

    /// Plans an audit (or records an outside auditor's): checked by field, the
    /// auditors' independence included.
    pub async fn create_audit(&self, actor: &Actor, input: &AuditInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::PlanAudits).await?;
        let (mut m, auditors) = self.checked_audit(actor, input, None).await?;
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let taken =
            mamori_store::review::audits::numbers_of_year(&*tx, actor.org_id, m.fiscal_year)
                .await?;
        let n = (1..)
            .find(|n| !taken.contains(&format!("AUD-{}-{n:02}", m.fiscal_year)))
            .unwrap_or(1);
        m.number = format!("AUD-{}-{n:02}", m.fiscal_year);
        let after = plan_snapshot(&m, &auditors);
        mamori_store::review::audits::insert(&*tx, m.clone(), auditors).await?;
        self.audit_change(
            &*tx,
            actor,
            "audit.create",
            ("audit", m.id),
            None,
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Changes an audit's plan (not once it is closed).
    pub async fn update_audit(&self, actor: &Actor, id: Uuid, input: &AuditInput) -> AppResult<()> {
        self.authorize(actor, Capability::PlanAudits).await?;
        let before = self.audit_row(actor, id).await?;
        if before.state == AuditState::Closed.code() {
            return Err(AppError::field(
                "state",
                "完了した監査は変更できません。",
                "A closed audit does not change.",
            ));
        }
        let old =
            mamori_store::review::audits::auditors(self.store.conn(), actor.org_id, &[id]).await?;
        let (m, auditors) = self.checked_audit(actor, input, Some(&before)).await?;
        let tx = self.store.begin_write().await?;
        mamori_store::review::audits::update(&*tx, m.clone()).await?;
        mamori_store::review::audits::replace_auditors(&*tx, actor.org_id, id, auditors.clone())
            .await?;
        self.audit_change(
            &*tx,
            actor,
            "audit.update",
            ("audit", id),
            Some(&plan_snapshot(&before, &old)),
            Some(&plan_snapshot(&m, &auditors)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves an audit to its next stage: fieldwork, reporting, closed (with its
    /// report's summary written).
    pub async fn advance_audit(&self, actor: &Actor, id: Uuid) -> AppResult<AuditState> {
        let before = self.audit_row(actor, id).await?;
        let rows = self
            .audit_rows(actor, std::slice::from_ref(&before))
            .await?;
        let assigned = Self::assigned(actor, &rows, id);
        self.authorize(actor, Capability::ConductAudit { assigned })
            .await?;
        let state = AuditState::from_code(&before.state).unwrap_or(AuditState::Closed);
        let Some(next) = state.next() else {
            return Err(AppError::field(
                "state",
                "この監査は完了しています。",
                "This audit is closed.",
            ));
        };
        if next == AuditState::Closed && before.summary.trim().is_empty() {
            return Err(AppError::field(
                "summary",
                "監査報告の要旨を記入してから完了してください。",
                "Write the report's summary before closing the audit.",
            ));
        }
        let after = security_audit::Model {
            state: next.code().into(),
            updated_at: self.now(),
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        mamori_store::review::audits::update(&*tx, after).await?;
        self.audit_change(
            &*tx,
            actor,
            "audit.stage",
            ("audit", id),
            Some(&serde_json::json!({"state": before.state})),
            Some(&serde_json::json!({"state": next.code()})),
        )
        .await?;
        tx.commit().await?;
        Ok(next)
    }

    /// The systems a plan names that the actor may not read: the edit form cannot
    /// show them, so a change of the plan keeps them as they are.
    async fn systems_withheld(
        &self,
        actor: &Actor,
        before: &security_audit::Model,
    ) -> AppResult<Vec<PlannedSystem>> {
        let planned = systems_of(before);
        let ids: Vec<Uuid> = planned.iter().map(|p| p.asset).collect();
        let sight = self.visibility(actor);
        let hidden: HashSet<Uuid> =
            mamori_store::assets::by_ids(self.store.conn(), actor.org_id, &ids)
                .await?
                .into_iter()
                .filter(|a| !sight.shows(a.restricted, a.department_id, a.owner_staff_id))
                .map(|a| a.id)
                .collect();
        Ok(planned
            .into_iter()
            .filter(|p| hidden.contains(&p.asset))
            .collect())
    }

    /// An audit's plan checked against the organization's data: every problem named.
    async fn checked_audit(
        &self,
        actor: &Actor,
        input: &AuditInput,
        before: Option<&security_audit::Model>,
    ) -> AppResult<(security_audit::Model, Vec<audit_auditor::Model>)> {
        let org = actor.org_id;
        let idx = self.dept_tree(org).await?;
        let mut inv = Invalid::new();
        let kind = inv.check("kind", AuditKind::parse(&input.kind));
        let title = mamori_domain::text::clean(&input.title);
        if title.is_empty() {
            inv.push(FieldError::new(
                "title",
                "監査の名称を入力してください。",
                "Give the audit a title.",
            ));
        }
        let from = optional_date(&mut inv, "planned_from", &input.planned_from);
        let until = optional_date(&mut inv, "planned_until", &input.planned_until);
        match (from, until) {
            (Some(f), Some(u)) => {
                inv.check("planned_until", rules::check_schedule(f, u));
            }
            _ => {
                for (field, v) in [("planned_from", from), ("planned_until", until)] {
                    if v.is_none() && !inv.0.iter().any(|e| e.field == field) {
                        inv.push(FieldError::new(
                            field,
                            "監査の期間を入力してください。",
                            "Give the audit's dates.",
                        ));
                    }
                }
            }
        }
        let fiscal_year = match input.fiscal_year.trim() {
            "" => from.map(mamori_domain::wareki::fiscal_year),
            y => year(&mut inv, "fiscal_year", y),
        };
        let mut departments = Vec::new();
        for d in input.departments.iter().filter(|d| !d.trim().is_empty()) {
            match idx.resolve(d) {
                Ok(d) => departments.push(d.id),
                Err(p) => inv.push(p.at("departments")),
            }
        }
        departments.sort();
        departments.dedup();
        // Systems come with the department keeping each, audited with it.
        let mut systems: Vec<PlannedSystem> = self
            .assets_named(actor, &input.systems, "systems", &mut inv)
            .await?
            .into_iter()
            .map(|a| PlannedSystem {
                asset: a.id,
                department: a.department_id,
            })
            .collect();
        if let Some(b) = before {
            systems.extend(self.systems_withheld(actor, b).await?);
        }
        if departments.is_empty()
            && systems.is_empty()
            && !inv
                .0
                .iter()
                .any(|e| e.field == "departments" || e.field == "systems")
        {
            inv.push(FieldError::new(
                "departments",
                "監査の対象所属（または情報システム）を選んでください。",
                "Choose the departments (or systems) audited.",
            ));
        }
        if kind == Some(AuditKind::External) && input.external_body.trim().is_empty() {
            inv.push(FieldError::new(
                "external_body",
                "外部監査の実施機関を入力してください。",
                "Name who performed the external audit.",
            ));
        }
        if let Some(p) = input.programme {
            let programme =
                mamori_store::review::audits::get_programme(self.store.conn(), org, p).await?;
            match (programme, fiscal_year) {
                (None, _) => inv.push(FieldError::new(
                    "programme",
                    "指定の中長期計画がありません。",
                    "There is no such programme.",
                )),
                (Some(p), Some(y)) if y < p.from_year || y > p.until_year => {
                    inv.push(FieldError::new(
                        "fiscal_year",
                        format!(
                            "年度は中長期計画の期間（{}〜{}年度）内にしてください。",
                            p.from_year, p.until_year
                        ),
                        format!(
                            "The year falls within the programme ({}–{}).",
                            p.from_year, p.until_year
                        ),
                    ))
                }
                _ => {}
            }
        }
        // Independence: nobody audits the departments they belong to.
        let in_scope: HashSet<Uuid> = departments
            .iter()
            .copied()
            .chain(systems.iter().filter_map(|s| s.department))
            .flat_map(|d| idx.subtree(d))
            .collect();
        let id = before.map(|b| b.id).unwrap_or_else(|| self.new_id());
        let mut auditors = Vec::new();
        for (n, a) in input
            .auditors
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.staff.trim().is_empty())
        {
            let field = format!("auditors[{n}]");
            let Some(staff) = self.resolve_staff(org, &a.staff, &field, &mut inv).await? else {
                continue;
            };
            let row = mamori_store::staff::by_ids(self.store.conn(), org, &[staff]).await?;
            let dept = row.first().and_then(|s| s.department_id);
            let reason = a.own_department_reason.trim().to_owned();
            if rules::audits_own_department(dept, &in_scope) && reason.is_empty() {
                let name = row.first().map(|s| s.name.clone()).unwrap_or_default();
                let dname = dept.map(|d| idx.path(d)).unwrap_or_default();
                inv.push(FieldError::new(
                    field,
                    format!("{name}さんは監査対象の所属（{dname}）の職員です。自らの所属は監査できません（例外とする場合は理由を記録してください）。"),
                    format!("{name} belongs to a department audited ({dname}): auditors do not audit their own department unless the reason is recorded."),
                ));
                continue;
            }
            if auditors
                .iter()
                .any(|x: &audit_auditor::Model| x.staff_id == staff)
            {
                continue;
            }
            auditors.push(audit_auditor::Model {
                id: self.new_id(),
                org_id: org,
                audit_id: id,
                staff_id: staff,
                role: if a.lead { "lead" } else { "member" }.into(),
                own_department_reason: reason,
            });
        }
        if auditors.is_empty()
            && kind == Some(AuditKind::Internal)
            && !inv.0.iter().any(|e| e.field.starts_with("auditors"))
        {
            inv.push(FieldError::new(
                "auditors",
                "監査人を1人以上選んでください。",
                "Name at least one auditor.",
            ));
        }
        inv.into_result()?;
        let now = self.now();
        let m = security_audit::Model {
            id,
            org_id: org,
            number: before.map(|b| b.number.clone()).unwrap_or_default(),
            programme_id: input.programme,
            fiscal_year: fiscal_year.unwrap_or_default(),
            kind: kind.map(|k| k.code()).unwrap_or_default().into(),
            title,
            departments: serde_json::to_string(&departments).unwrap_or_else(|_| "[]".into()),
            chapters: serde_json::to_string(
                &input
                    .chapters
                    .iter()
                    .map(|c| mamori_domain::text::clean(c))
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>(),
            )
            .unwrap_or_else(|_| "[]".into()),
            systems: serde_json::to_string(&systems).unwrap_or_else(|_| "[]".into()),
            criteria: input.criteria.trim().to_owned(),
            planned_from: from.unwrap_or_default(),
            planned_until: until.unwrap_or_default(),
            state: before
                .map(|b| b.state.clone())
                .unwrap_or_else(|| AuditState::Planned.code().into()),
            external_body: input.external_body.trim().to_owned(),
            summary: input.summary.trim().to_owned(),
            created_by: before
                .map(|b| b.created_by.clone())
                .unwrap_or_else(|| actor.label.clone()),
            created_at: before.map(|b| b.created_at).unwrap_or(now),
            updated_at: now,
        };
        Ok((m, auditors))
    }
}

/// What the audit log keeps of a plan.
fn plan_snapshot(
    m: &security_audit::Model,
    auditors: &[audit_auditor::Model],
) -> serde_json::Value {
    serde_json::json!({
        "number": m.number, "title": m.title, "kind": m.kind, "fiscal_year": m.fiscal_year,
        "departments": departments_of(m), "systems": systems_of(m), "chapters": m.chapters,
        "criteria": m.criteria,
        "planned_from": m.planned_from, "planned_until": m.planned_until,
        "external_body": m.external_body, "summary": m.summary,
        "auditors": auditors.iter().map(|a| serde_json::json!({"staff_id": a.staff_id, "role": a.role, "own_department_reason": a.own_department_reason})).collect::<Vec<_>>(),
    })
}
