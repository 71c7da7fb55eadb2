//! An audit's findings and their follow-up: the auditors record a finding against a
//! department of the scope and a criterion (the department is told); the department
//! answers it, plans corrective actions and reports them done; the auditor verifies
//! each (or sends it back) and closes the finding once its actions are verified.

use chrono::NaiveDate;
use mamori_domain::notify::Notice;
use mamori_domain::review::audit::{self as rules, ActionState, AuditState, Grade, action_overdue};
use mamori_domain::{FieldError, Invalid, Role};
use mamori_store::entity::{audit_finding, corrective_action, security_audit};
use uuid::Uuid;

use super::input::{
    ActionReport, ActionVerification, CorrectiveActionInput, FindingResponse, NewFinding,
};
use super::rows::{AuditRows, scope_of};
use super::view::{ActionView, FindingView};
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::media::Named;
use crate::{App, AppError, AppResult};

/// A finding checked and ready to be written, with whom to tell.
pub(crate) struct PreparedFinding {
    f: audit_finding::Model,
    number: String,
    told: Vec<Uuid>,
    notice: Notice,
}

fn closed_finding() -> AppError {
    AppError::field(
        "finding",
        "この指摘事項は完了しています。",
        "This finding is closed.",
    )
}

impl App {
    pub(super) fn finding_views(
        &self,
        actor: &Actor,
        m: &security_audit::Model,
        rows: &AuditRows,
        today: NaiveDate,
    ) -> AppResult<Vec<FindingView>> {
        rows.findings
            .iter()
            .filter(|f| f.audit_id == m.id)
            .map(|f| {
                let actions = rows
                    .actions
                    .iter()
                    .filter(|a| a.finding_id == f.id)
                    .map(|a| {
                        let state = crate::error::stored(
                            "action state",
                            &a.state,
                            ActionState::from_code(&a.state),
                        )?;
                        Ok(ActionView {
                            id: a.id,
                            cause: a.cause.clone(),
                            action: a.action.clone(),
                            owner: a.owner_staff_id.map(|o| {
                                let (name, number, _) =
                                    rows.staff.get(&o).cloned().unwrap_or_default();
                                Named {
                                    id: o,
                                    code: number,
                                    name,
                                }
                            }),
                            due_on: a.due_on,
                            state,
                            overdue: action_overdue(state, a.due_on, today),
                            done_note: a.done_note.clone(),
                            done_on: a.done_on,
                            reported_by: a.reported_by.clone(),
                            verify_note: a.verify_note.clone(),
                            verified_on: a.verified_on,
                            verified_by: a.verified_by.clone(),
                        })
                    })
                    .collect::<AppResult<Vec<_>>>()?;
                Ok(FindingView {
                    id: f.id,
                    audit_id: f.audit_id,
                    number: format!("{}-{:02}", m.number, f.seq),
                    grade: crate::error::stored(
                        "finding grade",
                        &f.grade,
                        Grade::from_code(&f.grade),
                    )?,
                    department: rows.named_department(f.department_id),
                    criterion: f.criterion.clone(),
                    description: f.description.clone(),
                    found_on: f.found_on,
                    recorded_by: f.recorded_by.clone(),
                    response: f.response.clone(),
                    responded_by: f.responded_by.clone(),
                    responded_at: f.responded_at,
                    closed_on: f.closed_on,
                    closed_by: f.closed_by.clone(),
                    actions,
                    may_respond: f.closed_on.is_none()
                        && actor.can(Capability::RespondFinding {
                            department: f.department_id,
                        }),
                })
            })
            .collect()
    }

    /// Authorizes the actor as one of the audit's auditors (or a top officer).
    pub(crate) async fn conducting(
        &self,
        actor: &Actor,
        m: &security_audit::Model,
    ) -> AppResult<AuditRows> {
        let rows = self.audit_rows(actor, std::slice::from_ref(m)).await?;
        let assigned = Self::assigned(actor, &rows, m.id);
        self.authorize(actor, Capability::ConductAudit { assigned })
            .await?;
        Ok(rows)
    }

    /// Records a finding: graded, about a department of the scope, against a criterion;
    /// the department's officers and managers are told.
    pub async fn record_audit_finding(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &NewFinding,
    ) -> AppResult<Uuid> {
        let prepared = self.prepare_finding(actor, id, input).await?;
        let tx = self.store.begin_write().await?;
        let finding = self.insert_finding(&*tx, actor, prepared).await?;
        tx.commit().await?;
        Ok(finding)
    }

    /// Authorizes and checks a finding before a write transaction begins: what a
    /// self-inspection's gap needs to become a finding in its own transaction.
    pub(crate) async fn prepare_finding(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &NewFinding,
    ) -> AppResult<PreparedFinding> {
        let m = self.audit_row(actor, id).await?;
        let rows = self.conducting(actor, &m).await?;
        let state = AuditState::from_code(&m.state).unwrap_or(AuditState::Closed);
        if !state.takes_findings() {
            return Err(AppError::field(
                "state",
                "指摘事項は監査の実施中と報告の段階で記録します。",
                "Findings are recorded during fieldwork and reporting.",
            ));
        }
        let mut inv = Invalid::new();
        let grade = inv.check("grade", Grade::parse(&input.grade));
        let scope = scope_of(&m);
        let department = match rows.idx.resolve(&input.department) {
            Ok(d) if scope.iter().any(|s| rows.idx.subtree(*s).contains(&d.id)) => Some(d.id),
            Ok(d) => {
                inv.push(FieldError::new(
                    "department",
                    format!("{}はこの監査の対象所属ではありません。", d.name),
                    format!("{} is not audited by this audit.", d.name),
                ));
                None
            }
            Err(p) => {
                inv.push(p.at("department"));
                None
            }
        };
        let criterion = mamori_domain::text::clean(&input.criterion);
        if criterion.is_empty() {
            inv.push(FieldError::new(
                "criterion",
                "指摘の根拠（監査基準・管理策・規程の条項）を入力してください。",
                "Name the criterion the finding is judged against.",
            ));
        }
        let description = input.description.trim().to_owned();
        if description.is_empty() {
            inv.push(FieldError::new(
                "description",
                "指摘の内容を入力してください。",
                "Describe what was found.",
            ));
        }
        let today = self.today();
        let found_on = optional_date(&mut inv, "found_on", &input.found_on).unwrap_or(today);
        if found_on > today {
            inv.push(FieldError::new(
                "found_on",
                "指摘日は今日以前にしてください。",
                "The finding's day is today or earlier.",
            ));
        }
        inv.into_result()?;
        let department = department.ok_or(AppError::NotFound)?;
        let seq = rows.findings.iter().map(|f| f.seq).max().unwrap_or(0) + 1;
        let f = audit_finding::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            audit_id: id,
            seq,
            grade: grade.map(|g| g.code()).unwrap_or_default().into(),
            department_id: department,
            criterion,
            description,
            found_on,
            recorded_by: actor.label.clone(),
            response: String::new(),
            responded_by: String::new(),
            responded_at: None,
            closed_on: None,
            closed_by: String::new(),
        };
        let told = self
            .holders_today(
                actor.org_id,
                &[Role::DeptOfficer, Role::SectionManager],
                Some(department),
            )
            .await?;
        let number = format!("{}-{seq:02}", m.number);
        let notice = Notice::AuditFinding {
            audit: m.title.clone(),
            number: number.clone(),
            grade: grade.map(|g| g.label_ja()).unwrap_or_default().into(),
            department: rows.idx.path(department),
        };
        Ok(PreparedFinding {
            f,
            number,
            told,
            notice,
        })
    }

    /// Writes a prepared finding, its audit entry and its notice on the caller's
    /// transaction.
    pub(crate) async fn insert_finding<C: mamori_store::Conn>(
        &self,
        tx: &C,
        actor: &Actor,
        p: PreparedFinding,
    ) -> AppResult<Uuid> {
        let f = p.f;
        mamori_store::review::audits::insert_finding(tx, f.clone()).await?;
        let after = serde_json::json!({"number": p.number, "grade": f.grade, "department_id": f.department_id, "criterion": f.criterion, "description": f.description, "found_on": f.found_on});
        self.audit_change(
            tx,
            actor,
            "audit.finding",
            ("audit_finding", f.id),
            None,
            Some(&after),
        )
        .await?;
        self.notify(tx, actor.org_id, &p.told, &p.notice).await?;
        Ok(f.id)
    }

    /// The audit a finding belongs to (for going back to its page).
    pub async fn audit_of_finding(&self, actor: &Actor, finding: Uuid) -> AppResult<Uuid> {
        self.authorize(actor, Capability::ViewAudits).await?;
        Ok(
            mamori_store::review::audits::get_finding(self.store.conn(), actor.org_id, finding)
                .await?
                .ok_or(AppError::NotFound)?
                .audit_id,
        )
    }

    /// The audit a corrective action belongs to.
    pub async fn audit_of_action(&self, actor: &Actor, action: Uuid) -> AppResult<Uuid> {
        let a = self.action_row(actor, action).await?;
        self.audit_of_finding(actor, a.finding_id).await
    }

    /// A finding and its audit, for the department to act on.
    async fn open_finding(&self, actor: &Actor, id: Uuid) -> AppResult<audit_finding::Model> {
        self.authorize(actor, Capability::ViewAudits).await?;
        let f = mamori_store::review::audits::get_finding(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.authorize(
            actor,
            Capability::RespondFinding {
                department: f.department_id,
            },
        )
        .await?;
        if f.closed_on.is_some() {
            return Err(closed_finding());
        }
        Ok(f)
    }

    /// The audited department's answer to a finding.
    pub async fn respond_to_finding(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &FindingResponse,
    ) -> AppResult<()> {
        let before = self.open_finding(actor, id).await?;
        let response = input.response.trim().to_owned();
        if response.is_empty() {
            return Err(AppError::field(
                "response",
                "回答を入力してください。",
                "Write the answer.",
            ));
        }
        let after = audit_finding::Model {
            response,
            responded_by: actor.label.clone(),
            responded_at: Some(self.now()),
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        mamori_store::review::audits::update_finding(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "audit.respond",
            ("audit_finding", id),
            Some(&serde_json::json!({"response": before.response})),
            Some(&serde_json::json!({"response": after.response})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A corrective action planned by the audited department: due on or after the day
    /// of the finding.
    pub async fn plan_corrective_action(
        &self,
        actor: &Actor,
        finding: Uuid,
        input: &CorrectiveActionInput,
    ) -> AppResult<Uuid> {
        let f = self.open_finding(actor, finding).await?;
        let mut inv = Invalid::new();
        let action = input.action.trim().to_owned();
        if action.is_empty() {
            inv.push(FieldError::new(
                "action",
                "是正処置の内容を入力してください。",
                "Describe the action.",
            ));
        }
        let cause = input.cause.trim().to_owned();
        if cause.is_empty() {
            inv.push(FieldError::new(
                "cause",
                "原因を入力してください。",
                "Give the cause.",
            ));
        }
        let owner = self
            .resolve_staff(actor.org_id, &input.owner, "owner", &mut inv)
            .await?;
        let due = optional_date(&mut inv, "due_on", &input.due_on);
        match due {
            Some(d) => {
                inv.check("due_on", rules::check_action_due(f.found_on, d));
            }
            None if !inv.0.iter().any(|e| e.field == "due_on") => {
                inv.push(FieldError::new(
                    "due_on",
                    "是正処置の期限を入力してください。",
                    "Give the action's due day.",
                ));
            }
            None => {}
        }
        inv.into_result()?;
        let a = corrective_action::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            finding_id: finding,
            cause,
            action,
            owner_staff_id: owner,
            due_on: due.unwrap_or(f.found_on),
            state: ActionState::Planned.code().into(),
            done_note: String::new(),
            done_on: None,
            reported_by: String::new(),
            verify_note: String::new(),
            verified_on: None,
            verified_by: String::new(),
            created_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::review::audits::insert_action(&*tx, a.clone()).await?;
        let after = serde_json::json!({"finding_id": finding, "cause": a.cause, "action": a.action, "owner_staff_id": owner, "due_on": a.due_on});
        self.audit_change(
            &*tx,
            actor,
            "audit.action",
            ("corrective_action", a.id),
            None,
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(a.id)
    }

    async fn action_row(&self, actor: &Actor, id: Uuid) -> AppResult<corrective_action::Model> {
        mamori_store::review::audits::get_action(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    async fn write_action(
        &self,
        actor: &Actor,
        action: &str,
        before: &corrective_action::Model,
        after: corrective_action::Model,
    ) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        mamori_store::review::audits::update_action(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            action,
            ("corrective_action", after.id),
            Some(&serde_json::json!({"state": before.state, "done_note": before.done_note, "verify_note": before.verify_note})),
            Some(&serde_json::json!({"state": after.state, "done_note": after.done_note, "verify_note": after.verify_note})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The department reports a planned action done.
    pub async fn report_action_done(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ActionReport,
    ) -> AppResult<()> {
        let before = self.action_row(actor, id).await?;
        self.open_finding(actor, before.finding_id).await?;
        if before.state != ActionState::Planned.code() {
            return Err(AppError::field(
                "state",
                "完了を報告できるのは実施予定の是正処置だけです。",
                "Only a planned action is reported done.",
            ));
        }
        let note = input.note.trim().to_owned();
        if note.is_empty() {
            return Err(AppError::field(
                "note",
                "実施した内容を入力してください。",
                "Say what was done.",
            ));
        }
        let after = corrective_action::Model {
            state: ActionState::Done.code().into(),
            done_note: note,
            done_on: Some(self.today()),
            reported_by: actor.label.clone(),
            ..before.clone()
        };
        self.write_action(actor, "audit.action_done", &before, after)
            .await
    }

    /// The auditor's follow-up: an action reported done is verified, or sent back to
    /// the department with the note.
    pub async fn verify_action(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ActionVerification,
    ) -> AppResult<()> {
        let before = self.action_row(actor, id).await?;
        let f = mamori_store::review::audits::get_finding(
            self.store.conn(),
            actor.org_id,
            before.finding_id,
        )
        .await?
        .ok_or(AppError::NotFound)?;
        let m = self.audit_row(actor, f.audit_id).await?;
        self.conducting(actor, &m).await?;
        if before.state != ActionState::Done.code() {
            return Err(AppError::field(
                "state",
                "確認できるのは完了報告のあった是正処置だけです。",
                "Only an action reported done is verified.",
            ));
        }
        let note = input.note.trim().to_owned();
        if !input.accept && note.is_empty() {
            return Err(AppError::field(
                "note",
                "差し戻す理由を入力してください。",
                "Say why it goes back.",
            ));
        }
        let after = if input.accept {
            corrective_action::Model {
                state: ActionState::Verified.code().into(),
                verify_note: note,
                verified_on: Some(self.today()),
                verified_by: actor.label.clone(),
                ..before.clone()
            }
        } else {
            corrective_action::Model {
                state: ActionState::Planned.code().into(),
                verify_note: note,
                ..before.clone()
            }
        };
        let what = if input.accept {
            "audit.action_verified"
        } else {
            "audit.action_returned"
        };
        self.write_action(actor, what, &before, after).await
    }

    /// The auditor closes a finding: a nonconformity once it has actions and every one
    /// is verified.
    pub async fn close_finding(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        let before = mamori_store::review::audits::get_finding(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let m = self.audit_row(actor, before.audit_id).await?;
        let rows = self.conducting(actor, &m).await?;
        if before.closed_on.is_some() {
            return Err(closed_finding());
        }
        let grade = Grade::from_code(&before.grade).unwrap_or(Grade::Major);
        let actions: Vec<_> = rows.actions.iter().filter(|a| a.finding_id == id).collect();
        if grade.needs_action()
            && (actions.is_empty()
                || actions
                    .iter()
                    .any(|a| a.state != ActionState::Verified.code()))
        {
            return Err(AppError::field(
                "finding",
                "不備の指摘は、是正処置がすべて確認済みになってから完了できます。",
                "A nonconformity closes once every corrective action is verified.",
            ));
        }
        let after = audit_finding::Model {
            closed_on: Some(self.today()),
            closed_by: actor.label.clone(),
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        mamori_store::review::audits::update_finding(&*tx, after).await?;
        self.audit_change(
            &*tx,
            actor,
            "audit.finding_closed",
            ("audit_finding", id),
            Some(&serde_json::json!({"closed_on": null})),
            Some(&serde_json::json!({"closed_on": self.today()})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
