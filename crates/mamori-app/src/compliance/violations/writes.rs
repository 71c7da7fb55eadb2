//! Recording, assessing and deciding violations, the person's explanation and the
//! measures done (suspending access acts at once), closing, the settings, and the
//! purge after retention. Each write is the designated readers' alone; to anyone else
//! the record is not there. The audit log keeps numbers and codes, never names or
//! narrative, so a purged record leaves only its tombstone.

use chrono::{Duration, Months};
use mamori_domain::exception::RuleRef;
use mamori_domain::violation::{self, Culpability, Impact, Measure, State};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{user, violation as row};
use serde::Serialize;
use uuid::Uuid;

use super::input::{AssessInput, DecideInput, ExplanationInput, MeasureInput, ViolationInput};
use super::view::DoneMeasure;
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

/// What the audit log keeps of a violation: codes and dates, nothing that names or
/// describes the person.
#[derive(Serialize)]
struct Audited<'a> {
    number: String,
    state: &'a str,
    culpability: &'a str,
    impact: &'a str,
    decided_on: Option<chrono::NaiveDate>,
    decision_ref: &'a str,
    measures: Vec<Measure>,
    access_suspended: bool,
    closed_on: Option<chrono::NaiveDate>,
}

fn audited(m: &row::Model) -> Audited<'_> {
    let measures: Vec<DoneMeasure> = serde_json::from_str(&m.measures).unwrap_or_default();
    Audited {
        number: violation::code(m.number),
        state: &m.state,
        culpability: &m.culpability,
        impact: &m.impact,
        decided_on: m.decided_on,
        decision_ref: &m.decision_ref,
        measures: measures.into_iter().map(|d| d.measure).collect(),
        access_suspended: m.access_suspended,
        closed_on: m.closed_on,
    }
}

fn conflict(ja: &str, en: &str) -> AppError {
    AppError::Conflict(mamori_domain::Problem::new(ja, en))
}

fn required(inv: &mut Invalid, field: &str, value: &str, ja: &str, en: &str) {
    if value.trim().is_empty() {
        inv.push(FieldError::new(field, ja, en));
    }
}

impl App {
    /// Records a violation (suspected, or `confirmed`). The person is a staff member by
    /// employee number, or a contractor's person by name and company.
    pub async fn record_violation(&self, actor: &Actor, input: &ViolationInput) -> AppResult<Uuid> {
        self.violation_reader(actor).await?;
        let conn = self.store.conn();
        let mut inv = Invalid::new();
        required(
            &mut inv,
            "title",
            &input.title,
            "件名を入力してください。",
            "Give the record a title.",
        );
        required(
            &mut inv,
            "what",
            &input.what,
            "何があったかを入力してください。",
            "Say what happened.",
        );
        let person = match input.employee_number.trim() {
            "" => {
                required(
                    &mut inv,
                    "person_name",
                    &input.person_name,
                    "職員番号、または委託事業者の担当者の氏名を入力してください。",
                    "Give the employee number, or the contractor's person's name.",
                );
                None
            }
            n => match mamori_store::staff::by_number(conn, actor.org_id, n).await? {
                Some(s) => Some(s),
                None => {
                    inv.push(FieldError::new(
                        "employee_number",
                        format!("職員番号「{n}」は職員台帳にありません。"),
                        format!("There is no employee number \"{n}\" in the register."),
                    ));
                    None
                }
            },
        };
        let rule = match RuleRef::parse(&input.rule) {
            Ok(r) if self.rule_exists(actor.org_id, &r).await? => Some(r),
            Ok(r) => {
                inv.push(FieldError::new(
                    "rule",
                    format!("規定「{r}」が見つかりません。"),
                    format!("There is no rule \"{r}\"."),
                ));
                None
            }
            Err(p) => {
                inv.push(p.at("rule"));
                None
            }
        };
        let occurred_on = optional_date(&mut inv, "occurred_on", &input.occurred_on);
        let found_on = optional_date(&mut inv, "found_on", &input.found_on).unwrap_or(self.today());
        let incident = match input.incident.trim() {
            "" => None,
            n => match mamori_store::incidents::by_number(
                conn,
                actor.org_id,
                &n.to_ascii_uppercase(),
            )
            .await?
            {
                Some(i) => Some(i.id),
                None => {
                    inv.push(FieldError::new(
                        "incident",
                        format!("インシデント「{n}」はありません。"),
                        format!("There is no incident \"{n}\"."),
                    ));
                    None
                }
            },
        };
        let assets = self
            .covered_assets(actor.org_id, &input.assets, &mut inv)
            .await?;
        let Some(rule) = rule.filter(|_| inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let now = self.now();
        let mut m = row::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            number: 0,
            state: if input.confirmed {
                State::Confirmed
            } else {
                State::Suspected
            }
            .code()
            .into(),
            title: mamori_domain::text::clean(&input.title),
            person_staff_id: person.as_ref().map(|p| p.id),
            person_name: input.person_name.trim().to_owned(),
            person_company: input.person_company.trim().to_owned(),
            department_id: person.as_ref().and_then(|p| p.department_id),
            rule: rule.to_string(),
            what: input.what.trim().to_owned(),
            occurred_on,
            found_on,
            found_by: input.found_by.trim().to_owned(),
            evidence: input.evidence.trim().to_owned(),
            incident_id: incident,
            culpability: String::new(),
            impact: String::new(),
            assessment: String::new(),
            recommended: "[]".into(),
            decided_by: String::new(),
            meeting: String::new(),
            decision_ref: String::new(),
            decided_on: None,
            decision: String::new(),
            explanation: String::new(),
            explained_on: None,
            measures: "[]".into(),
            access_suspended: false,
            closed_on: None,
            created_by: actor.label.clone(),
            created_at: now,
            updated_at: now,
        };
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        m.number = mamori_store::compliance::violations::next_number(&*tx, actor.org_id).await?;
        mamori_store::compliance::violations::insert(&*tx, m.clone()).await?;
        let ids: Vec<Uuid> = assets.iter().map(|(id, _)| *id).collect();
        mamori_store::compliance::violations::add_assets(&*tx, actor.org_id, m.id, &ids, || {
            self.new_id()
        })
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "violation.record",
            ("violation", m.id),
            None,
            Some(&audited(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Writes `change` to an open record (not closed or dismissed), audited as `action`.
    async fn change_violation(
        &self,
        actor: &Actor,
        id: Uuid,
        action: &str,
        change: impl FnOnce(&mut row::Model) -> AppResult<()>,
    ) -> AppResult<()> {
        self.violation_reader(actor).await?;
        let tx = self.store.begin_write().await?;
        let before = mamori_store::compliance::violations::get(&*tx, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if matches!(before.state.as_str(), "closed" | "dismissed") {
            return Err(conflict(
                "完了した記録は変更できません。",
                "A closed record cannot be changed.",
            ));
        }
        let mut after = before.clone();
        change(&mut after)?;
        after.updated_at = self.now();
        mamori_store::compliance::violations::update(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            action,
            ("violation", id),
            Some(&audited(&before)),
            Some(&audited(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Assesses culpability and impact; the guidance's recommendation follows from them.
    pub async fn assess_violation(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &AssessInput,
    ) -> AppResult<()> {
        let settings = self.violation_reader(actor).await?;
        let mut inv = Invalid::new();
        let c = inv.check("culpability", Culpability::parse(&input.culpability));
        let i = inv.check("impact", Impact::parse(&input.impact));
        let (Some(c), Some(i)) = (c, i) else {
            return Err(AppError::Invalid(inv));
        };
        let recommended = settings.guidance.recommend(c, i);
        self.change_violation(actor, id, "violation.assess", |m| {
            m.culpability = c.code().into();
            m.impact = i.code().into();
            m.assessment = input.note.trim().to_owned();
            m.recommended = serde_json::to_string(&recommended).unwrap_or_default();
            if m.state == State::Suspected.code() {
                m.state = State::Confirmed.code().into();
            }
            Ok(())
        })
        .await
    }

    /// Records the decision taken by the designated role or the committee.
    pub async fn decide_violation(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &DecideInput,
    ) -> AppResult<()> {
        self.violation_reader(actor).await?;
        let mut inv = Invalid::new();
        required(
            &mut inv,
            "decided_by",
            &input.decided_by,
            "決定した役割または会議体を入力してください。",
            "Say who decided.",
        );
        required(
            &mut inv,
            "decision",
            &input.decision,
            "決定の内容を入力してください。",
            "Say what was decided.",
        );
        let on = optional_date(&mut inv, "decided_on", &input.decided_on);
        if on.is_none() && !inv.0.iter().any(|e| e.field == "decided_on") {
            inv.push(FieldError::new(
                "decided_on",
                "決定日を入力してください。",
                "Give the day of the decision.",
            ));
        }
        if !inv.is_empty() {
            return Err(AppError::Invalid(inv));
        }
        self.change_violation(actor, id, "violation.decide", |m| {
            if m.culpability.is_empty() {
                return Err(conflict(
                    "決定の前に、過失・故意の別と影響の程度を評価してください。",
                    "Assess culpability and impact before recording the decision.",
                ));
            }
            m.decided_by = input.decided_by.trim().to_owned();
            m.meeting = input.meeting.trim().to_owned();
            m.decision_ref = input.decision_ref.trim().to_owned();
            m.decided_on = on;
            m.decision = input.decision.trim().to_owned();
            m.state = State::Decided.code().into();
            Ok(())
        })
        .await
    }

    /// Records the person's explanation (弁明).
    pub async fn explain_violation(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ExplanationInput,
    ) -> AppResult<()> {
        self.violation_reader(actor).await?;
        let mut inv = Invalid::new();
        required(
            &mut inv,
            "explanation",
            &input.explanation,
            "弁明の内容を入力してください。",
            "Give the explanation.",
        );
        let on =
            optional_date(&mut inv, "explained_on", &input.explained_on).unwrap_or(self.today());
        if !inv.is_empty() {
            return Err(AppError::Invalid(inv));
        }
        self.change_violation(actor, id, "violation.explanation", |m| {
            m.explanation = input.explanation.trim().to_owned();
            m.explained_on = Some(on);
            Ok(())
        })
        .await
    }

    /// Records a measure done. Suspending access disables the person's Mamori account
    /// and ends their sessions in the same transaction, audited on the account.
    pub async fn record_measure(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &MeasureInput,
    ) -> AppResult<()> {
        self.violation_reader(actor).await?;
        let mut inv = Invalid::new();
        let measure = inv.check("measure", Measure::parse(&input.measure));
        let done_on = optional_date(&mut inv, "done_on", &input.done_on).unwrap_or(self.today());
        let Some(measure) = measure.filter(|_| inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let m = self.violation_row(actor.org_id, id).await?;
        let account = match (measure, m.person_staff_id) {
            (Measure::SuspendAccess, Some(s)) => {
                mamori_store::users::by_staff(self.store.conn(), actor.org_id, s).await?
            }
            _ => None,
        };
        let note = input.note.trim().to_owned();
        self.change_violation(actor, id, "violation.measure", |m| {
            let mut done: Vec<DoneMeasure> = serde_json::from_str(&m.measures).unwrap_or_default();
            done.push(DoneMeasure {
                measure,
                done_on,
                note,
            });
            m.measures = serde_json::to_string(&done).unwrap_or_default();
            if measure == Measure::SuspendAccess {
                m.access_suspended = true;
            }
            Ok(())
        })
        .await?;
        if let Some(u) = account.filter(|u| u.disabled_at.is_none()) {
            let tx = self.store.begin_write().await?;
            mamori_store::sessions::delete_for_user(&*tx, u.id).await?;
            let now = self.now();
            let disabled = user::Model {
                disabled_at: Some(now),
                updated_at: now,
                ..u.clone()
            };
            mamori_store::users::update(&*tx, disabled).await?;
            let detail =
                serde_json::json!({ "suspended": true, "violation": violation::code(m.number) });
            self.audit_change(
                &*tx,
                actor,
                "user.suspend",
                ("user", u.id),
                None,
                Some(&detail),
            )
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Closes a record when its measures are done, or (`dismissed`) finds it was no
    /// violation. Its retention runs from today.
    pub async fn close_violation(&self, actor: &Actor, id: Uuid, dismissed: bool) -> AppResult<()> {
        let today = self.today();
        self.change_violation(
            actor,
            id,
            if dismissed {
                "violation.dismiss"
            } else {
                "violation.close"
            },
            |m| {
                if !dismissed && m.decided_on.is_none() {
                    return Err(conflict(
                        "決定を記録してから完了にしてください。",
                        "Record the decision before closing the record.",
                    ));
                }
                m.state = if dismissed {
                    State::Dismissed
                } else {
                    State::Closed
                }
                .code()
                .into();
                m.closed_on = Some(today);
                Ok(())
            },
        )
        .await
    }

    /// Saves how violations are handled: who reads them, how long they are kept, and
    /// the guidance table.
    pub async fn save_violation_settings(
        &self,
        actor: &Actor,
        input: &violation::Settings,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ManageCompliance).await?;
        let problems = input.check();
        if !problems.is_empty() {
            return Err(AppError::Invalid(Invalid(
                problems.into_iter().map(|(f, p)| p.at(f)).collect(),
            )));
        }
        self.save_compliance_part(actor, |s| s.violations = input.clone())
            .await
    }

    /// The daily job `violations.purge`: deletes records closed longer ago than the
    /// retention; the audit log keeps a tombstone (the number) of each.
    pub(crate) async fn purge_violations(&self) -> AppResult<String> {
        let today = self.today();
        let mut purged = 0;
        for org in mamori_store::orgs::all(self.store.conn()).await? {
            let years = self
                .compliance_settings_of(org.id)
                .await?
                .violations
                .retention_years;
            let before = today
                .checked_sub_months(Months::new(years.saturating_mul(12)))
                .unwrap_or(today - Duration::days(365));
            let due =
                mamori_store::compliance::violations::closed_by(self.store.conn(), org.id, before)
                    .await?;
            if due.is_empty() {
                continue;
            }
            let tx = self.store.begin_write().await?;
            for m in &due {
                mamori_store::compliance::violations::delete(&*tx, org.id, m.id).await?;
                let tombstone =
                    serde_json::json!({ "number": violation::code(m.number), "purged": true });
                self.audit_change(
                    &*tx,
                    &Actor::system(org.id),
                    "violation.purge",
                    ("violation", m.id),
                    None,
                    Some(&tombstone),
                )
                .await?;
            }
            tx.commit().await?;
            purged += due.len();
        }
        Ok(format!("{purged} record(s) purged"))
    }
}
