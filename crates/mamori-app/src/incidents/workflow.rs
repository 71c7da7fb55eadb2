//! Running an incident: triage (severity, assignee, members), moves between states,
//! timeline entries and the analysis. Only those who may handle the incident write;
//! each write adds its timeline entry and its audit entry in one transaction.

use mamori_domain::incident::{ClosureFacts, State, closure_problems, parse_local_time};
use mamori_domain::notify::Notice;
use mamori_domain::{Invalid, Problem, Role};
use uuid::Uuid;

use super::input::{AnalysisInput, ENTRY_KINDS, EntryInput, MoveInput, TriageInput};
use super::row::{audited, category, entry, severity, state};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

impl App {
    /// Sets the severity (and with it the first-response target), the assignee and
    /// the members. The assignee is told; a high or critical severity is told to the
    /// CISO and deputy at once.
    pub async fn triage_incident(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &TriageInput,
    ) -> AppResult<()> {
        let mut m = self.handled_incident(actor, id).await?;
        let sev = input.severity().map_err(AppError::Invalid)?;
        let conn = self.store.conn();
        let assignee = match input.assignee.trim() {
            "" => None,
            n => Some(
                mamori_store::staff::by_number(conn, actor.org_id, &n.to_uppercase())
                    .await?
                    .filter(|s| !s.retired)
                    .ok_or_else(|| {
                        AppError::field(
                            "assignee",
                            format!("職員番号「{n}」の職員が見つかりません。"),
                            format!("No current staff member has the number \"{n}\"."),
                        )
                    })?,
            ),
        };
        let numbers = input.member_numbers();
        let members = mamori_store::staff::by_numbers(conn, actor.org_id, &numbers).await?;
        if members.len() < numbers.len() {
            let missing: Vec<&String> = numbers
                .iter()
                .filter(|n| !members.iter().any(|s| &s.employee_number == *n))
                .collect();
            return Err(AppError::field(
                "members",
                format!("職員番号 {:?} の職員が見つかりません。", missing),
                format!("No staff member has the number(s) {:?}.", missing),
            ));
        }
        let before = audited(&m, &[]);
        let now = self.now();
        let newly_assigned = assignee
            .as_ref()
            .map(|s| s.id)
            .filter(|a| Some(*a) != m.assignee_staff_id);
        let escalates = sev.is_some_and(|s| s.escalates()) && severity(&m) != sev;
        if let Some(s) = sev {
            m.severity = Some(s.code().into());
            m.first_response_due = m.reported_at + s.first_response();
        }
        m.assignee_staff_id = assignee.as_ref().map(|s| s.id);
        m.updated_at = now;
        let tx = self.store.begin_write().await?;
        mamori_store::incidents::update(&*tx, m.clone()).await?;
        let member_ids: Vec<Uuid> = members.iter().map(|s| s.id).collect();
        mamori_store::incidents::set_members(&*tx, actor.org_id, m.id, &member_ids).await?;
        let body = format!(
            "{} / {} / {}",
            sev.map(|s| s.label_ja()).unwrap_or("—"),
            assignee.as_ref().map(|s| s.name.as_str()).unwrap_or("—"),
            members
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join("、"),
        );
        let e = entry(
            &m,
            self.new_id(),
            (now, now),
            &actor.label,
            ("triage", body),
            None,
        );
        mamori_store::incidents::append(&*tx, e).await?;
        if let Some(a) = newly_assigned {
            let notice = Notice::IncidentAssigned {
                number: m.number.clone(),
                title: m.title.clone(),
                restricted: m.restricted,
            };
            self.notify(&*tx, actor.org_id, &[a], &notice).await?;
        }
        if escalates && !m.restricted {
            // A restricted incident already reached the top officers when reported.
            let top = self.top_officers(actor.org_id).await?;
            let notice = Notice::IncidentReported {
                number: m.number.clone(),
                title: m.title.clone(),
                category: category(&m),
                restricted: m.restricted,
                personal_data: m.personal_data,
            };
            self.notify(&*tx, actor.org_id, &top, &notice).await?;
        }
        self.audit_change(
            &*tx,
            actor,
            "incident.triage",
            ("incident", m.id),
            Some(&before),
            Some(&audited(&m, &[])),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn top_officers(&self, org_id: Uuid) -> AppResult<Vec<Uuid>> {
        let today = self.today();
        Ok(mamori_store::roles::all(self.store.conn(), org_id, None)
            .await?
            .into_iter()
            .filter(|r| mamori_domain::role::is_active_on(r.term_from, r.term_to, today))
            .filter(|r| {
                matches!(
                    Role::from_code(&r.role),
                    Some(Role::Ciso | Role::DeputyCiso)
                )
            })
            .map(|r| r.staff_id)
            .collect())
    }

    /// Moves an incident to another state. Closing needs the designated role and
    /// everything [`closure_problems`] checks.
    pub async fn move_incident(&self, actor: &Actor, id: Uuid, input: &MoveInput) -> AppResult<()> {
        let mut m = self.handled_incident(actor, id).await?;
        let from = state(&m);
        let to = input.check(from).map_err(AppError::Invalid)?;
        let now = self.now();
        if to == State::Closed {
            let settings = self.incident_settings(actor.org_id).await?;
            self.authorize(
                actor,
                Capability::CloseIncident {
                    closer: settings.closer,
                },
            )
            .await?;
            let conn = self.store.conn();
            let breach = mamori_store::incidents::breach(conn, m.org_id, m.id).await?;
            let final_filed = mamori_store::incidents::submissions(conn, m.org_id, m.id)
                .await?
                .iter()
                .any(|s| s.kind == "final");
            let facts = ClosureFacts {
                severity_set: m.severity.is_some(),
                root_cause_set: m.root_cause_category.is_some(),
                open_tasks: mamori_store::incidents::tasks_of(conn, m.org_id, m.id)
                    .await?
                    .iter()
                    .filter(|t| t.done_at.is_none())
                    .count(),
                final_report_missing: breach.as_ref().is_some_and(|b| b.final_due.is_some())
                    && !final_filed,
                assessment_missing: m.personal_data && breach.is_none(),
            };
            let problems = closure_problems(&facts);
            if !problems.is_empty() {
                return Err(AppError::Invalid(Invalid(
                    problems.into_iter().map(|p| p.at("to")).collect(),
                )));
            }
            m.closed_at = Some(now);
            m.closed_by = Some(actor.label.clone());
        } else if !to.is_open() {
            m.end_reason = input.reason.trim().to_owned();
        } else {
            m.closed_at = None;
            m.closed_by = None;
        }
        let before = audited(&m, &[]);
        if m.first_response_at.is_none() {
            m.first_response_at = Some(now);
        }
        // Contained once it moves past containment and recovery for the first time.
        let past_containment = matches!(to, State::RootCause | State::Prevention | State::Closed);
        if past_containment && m.contained_at.is_none() {
            m.contained_at = Some(now);
        }
        m.state = to.code().into();
        m.state_changed_at = now;
        m.updated_at = now;
        let body = if input.reason.trim().is_empty() {
            format!("{} → {}", from.label_ja(), to.label_ja())
        } else {
            format!(
                "{} → {}: {}",
                from.label_ja(),
                to.label_ja(),
                input.reason.trim()
            )
        };
        let tx = self.store.begin_write().await?;
        mamori_store::incidents::update(&*tx, m.clone()).await?;
        let e = entry(
            &m,
            self.new_id(),
            (now, now),
            &actor.label,
            ("state", body),
            None,
        );
        mamori_store::incidents::append(&*tx, e).await?;
        self.audit_change(
            &*tx,
            actor,
            "incident.state",
            ("incident", m.id),
            Some(&before),
            Some(&audited(&m, &[])),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds an entry to the timeline: a note, a containment or recovery action, or a
    /// correction of an earlier entry (which stays as it was).
    pub async fn add_incident_entry(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &EntryInput,
    ) -> AppResult<i64> {
        let mut m = self.handled_incident(actor, id).await?;
        let now = self.now();
        let mut inv = Invalid::default();
        let kind = input.kind.trim();
        if !ENTRY_KINDS.contains(&kind) {
            inv.check::<()>(
                "kind",
                Err(Problem::new(
                    "記録の種類を選んでください。",
                    "Choose the kind of entry.",
                )),
            );
        }
        let body = input.body.trim().replace("\r\n", "\n");
        if body.is_empty() || body.chars().count() > 20_000 {
            inv.check::<()>(
                "body",
                Err(Problem::new(
                    "内容を入力してください（20,000文字以内）。",
                    "Enter what happened (at most 20,000 characters).",
                )),
            );
        }
        let happened = if input.happened_at.trim().is_empty() {
            Some(now)
        } else {
            inv.check("happened_at", parse_local_time(&input.happened_at))
        };
        if let Some(h) = happened
            && h > now + chrono::Duration::minutes(5)
        {
            inv.check::<()>(
                "happened_at",
                Err(Problem::new(
                    "未来の日時は記録できません。",
                    "A time in the future cannot be recorded.",
                )),
            );
        }
        let timeline =
            mamori_store::incidents::timeline(self.store.conn(), actor.org_id, m.id).await?;
        let corrects = if kind == "correction" {
            let target = input
                .corrects
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|n| timeline.iter().find(|e| e.seq == n));
            if target.is_none() {
                inv.check::<()>(
                    "corrects",
                    Err(Problem::new(
                        "訂正する記録の番号を入力してください。",
                        "Give the number of the entry to correct.",
                    )),
                );
            }
            target.map(|e| e.id)
        } else {
            None
        };
        let Some(happened) = happened.filter(|_| inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        m.updated_at = now;
        if kind == "action" && m.first_response_at.is_none() {
            m.first_response_at = Some(now);
        }
        let tx = self.store.begin_write().await?;
        mamori_store::incidents::update(&*tx, m.clone()).await?;
        let e = entry(
            &m,
            self.new_id(),
            (happened, now),
            &actor.label,
            (kind, body.clone()),
            corrects,
        );
        let stored = mamori_store::incidents::append(&*tx, e).await?;
        self.audit_change(
            &*tx,
            actor,
            "incident.timeline",
            ("incident", m.id),
            None,
            Some(&serde_json::json!({ "seq": stored.seq, "kind": kind, "body": body })),
        )
        .await?;
        tx.commit().await?;
        Ok(stored.seq)
    }

    /// Records the root cause (its category and the analysis), the contributing
    /// factors and the lessons learned.
    pub async fn record_incident_analysis(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &AnalysisInput,
    ) -> AppResult<()> {
        let mut m = self.handled_incident(actor, id).await?;
        let a = input.check().map_err(AppError::Invalid)?;
        let before = audited(&m, &[]);
        let now = self.now();
        m.root_cause_category = Some(a.cause_category.code().into());
        m.root_cause = a.root_cause;
        m.contributing = a.contributing;
        m.lessons = a.lessons;
        m.updated_at = now;
        let body = format!("{}\n{}", a.cause_category.label_ja(), m.root_cause);
        let tx = self.store.begin_write().await?;
        mamori_store::incidents::update(&*tx, m.clone()).await?;
        let e = entry(
            &m,
            self.new_id(),
            (now, now),
            &actor.label,
            ("analysis", body),
            None,
        );
        mamori_store::incidents::append(&*tx, e).await?;
        self.audit_change(
            &*tx,
            actor,
            "incident.analysis",
            ("incident", m.id),
            Some(&before),
            Some(&audited(&m, &[])),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
