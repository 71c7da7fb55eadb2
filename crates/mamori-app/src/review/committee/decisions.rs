//! Decisions (議決): numbered in their fiscal year, taken on an agenda item of a meeting
//! held. Approving a policy version or accepting a risk changes that record in the same
//! transaction, with its own audit entry beside the decision's.

use mamori_domain::policy::Approval;
use mamori_domain::review::committee::{self as rules, AgendaKind, MeetingState, Outcome};
use mamori_domain::risk::Acceptance;
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{committee_agenda_item, committee_decision, committee_meeting};
use uuid::Uuid;

use super::agenda::decision_view;
use super::input::CommitteeDecision;
use super::meetings::named;
use super::view::DecisionView;
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

/// What the decision does to the record it is about, checked before anything is
/// written.
enum Effect {
    None,
    ApproveVersion(
        mamori_store::entity::policy_version::Model,
        mamori_store::entity::policy_version::Model,
    ),
    ReturnVersion(
        mamori_store::entity::policy_version::Model,
        mamori_store::entity::policy_version::Model,
    ),
    AcceptRisk(Uuid, Acceptance),
}

impl App {
    /// Every decision, the latest first (the number other records cite is picked
    /// from these).
    pub async fn committee_decisions(&self, actor: &Actor) -> AppResult<Vec<DecisionView>> {
        self.authorize(actor, Capability::ViewCommittee).await?;
        let conn = self.store.conn();
        let meetings = mamori_store::review::committee::meetings(conn, actor.org_id).await?;
        let ids: Vec<Uuid> = meetings.iter().map(|m| m.id).collect();
        let items = mamori_store::review::committee::agenda(conn, actor.org_id, &ids).await?;
        Ok(
            mamori_store::review::committee::decisions(conn, actor.org_id)
                .await?
                .iter()
                .filter_map(|d| {
                    let m = meetings.iter().find(|m| m.id == d.meeting_id)?;
                    let item = items.iter().find(|i| i.id == d.agenda_item_id)?;
                    Some(decision_view(d, named(m), item))
                })
                .collect(),
        )
    }

    /// The decisions whose number a record may cite (an exception's decision, a
    /// violation's, a policy version's approval), the latest first: none for a reader
    /// outside the committee, who types the number as before.
    pub async fn decision_choices(&self, actor: &Actor) -> AppResult<Vec<DecisionView>> {
        if !actor.can(Capability::ViewCommittee) {
            return Ok(Vec::new());
        }
        self.committee_decisions(actor).await
    }

    /// Records the committee's decision on an agenda item of a meeting held. The
    /// number is the next of the meeting's fiscal year; an approval of a policy version
    /// (which takes effect on `effective_on`), its rejection (back to draft) or the
    /// acceptance of a risk (until `expires_on`) is written with it, or nothing is.
    pub async fn record_decision(
        &self,
        actor: &Actor,
        meeting: Uuid,
        input: &CommitteeDecision,
    ) -> AppResult<DecisionView> {
        self.authorize(actor, Capability::RunCommittee).await?;
        let conn = self.store.conn();
        let m = self.meeting_row(actor, meeting).await?;
        let item =
            mamori_store::review::committee::get_agenda_item(conn, actor.org_id, input.agenda_item)
                .await?
                .filter(|i| i.meeting_id == m.id)
                .ok_or_else(|| {
                    AppError::field(
                        "agenda_item",
                        "この会議の議題ではありません。",
                        "That is not an item of this meeting's agenda.",
                    )
                })?;
        if m.state != MeetingState::Held.code() {
            return Err(AppError::field(
                "state",
                "決定は、会議を開催済みにしてから記録してください。",
                "Mark the meeting held before recording its decisions.",
            ));
        }
        let kind = AgendaKind::from_code(&item.kind).unwrap_or(AgendaKind::Other);
        let outcome = Outcome::parse(&input.outcome).map_err(|p| p.at("outcome"))?;
        rules::check_outcome(kind, outcome).map_err(|p| p.at("outcome"))?;
        let text = input.text.trim().to_owned();
        if text.is_empty() {
            return Err(AppError::field(
                "text",
                "決定の内容を入力してください。",
                "Write what was decided.",
            ));
        }
        let decisions = mamori_store::review::committee::decisions(conn, actor.org_id).await?;
        if decisions.iter().any(|d| d.agenda_item_id == item.id) {
            return Err(AppError::field(
                "agenda_item",
                "この議題の決定は記録済みです。",
                "This item's decision is already recorded.",
            ));
        }
        let seq = rules::next_seq(
            decisions
                .iter()
                .filter(|d| d.fiscal_year == m.fiscal_year)
                .map(|d| d.seq),
        );
        let number = rules::decision_number(m.fiscal_year, seq);
        let mut inv = Invalid::new();
        let effective_on = optional_date(&mut inv, "effective_on", &input.effective_on);
        let expires_on = optional_date(&mut inv, "expires_on", &input.expires_on);
        inv.into_result()?;
        let effect = self
            .effect_of(
                actor,
                (&m, &item, kind, outcome),
                &number,
                &text,
                (effective_on, expires_on),
            )
            .await?;
        let row = committee_decision::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            meeting_id: m.id,
            agenda_item_id: item.id,
            fiscal_year: m.fiscal_year,
            seq,
            number,
            outcome: outcome.code().into(),
            text,
            effective_on: effective_on.filter(|_| kind == AgendaKind::PolicyVersion),
            expires_on: expires_on.filter(|_| kind == AgendaKind::RiskAcceptance),
            decided_on: m.held_on,
            recorded_by: actor.label.clone(),
            created_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        match &effect {
            Effect::None => {}
            Effect::ApproveVersion(before, after) => {
                self.write_version_in(
                    &*tx,
                    actor,
                    "policy_version.approve",
                    (before, after),
                    None,
                    None,
                )
                .await?
            }
            Effect::ReturnVersion(before, after) => {
                self.write_version_in(
                    &*tx,
                    actor,
                    "policy_version.return",
                    (before, after),
                    None,
                    None,
                )
                .await?
            }
            Effect::AcceptRisk(id, acceptance) => {
                self.accept_risk_in(&*tx, actor, *id, acceptance).await?
            }
        }
        mamori_store::review::committee::insert_decision(&*tx, row.clone()).await?;
        let after = serde_json::json!({
            "number": row.number, "agenda_item": item.id, "kind": item.kind,
            "record": item.record_id, "version": item.record_version,
            "outcome": row.outcome, "text": row.text,
            "effective_on": row.effective_on, "expires_on": row.expires_on,
        });
        self.audit_change(
            &*tx,
            actor,
            "committee_decision.create",
            ("committee_meeting", m.id),
            None,
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(decision_view(&row, named(&m), &item))
    }

    /// Checks what the decision will do to its record, refusing one that no longer
    /// exists or is no longer in a state the committee can decide.
    async fn effect_of(
        &self,
        actor: &Actor,
        (m, item, kind, outcome): (
            &committee_meeting::Model,
            &committee_agenda_item::Model,
            AgendaKind,
            Outcome,
        ),
        number: &str,
        text: &str,
        (effective_on, expires_on): (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
    ) -> AppResult<Effect> {
        if !kind.changes_record(outcome) {
            return Ok(Effect::None);
        }
        // The record is checked again as it stands now: it may have moved since the
        // agenda was set.
        self.agenda_record(actor, kind, item.record_id, item.record_version)
            .await?;
        let record = item.record_id.unwrap_or_default();
        match (kind, outcome) {
            (AgendaKind::PolicyVersion, Outcome::Approved) => {
                let Some(effective_on) = effective_on else {
                    return Err(AppError::Invalid(Invalid::from(FieldError::new(
                        "effective_on",
                        "承認する版の施行日を入力してください。",
                        "Give the day the approved version takes effect.",
                    ))));
                };
                if effective_on < m.held_on {
                    return Err(AppError::field(
                        "effective_on",
                        "施行日が議決日より前です。",
                        "It cannot take effect before the decision.",
                    ));
                }
                let approval = Approval {
                    meeting: m.title.clone(),
                    decided_on: m.held_on,
                    decision_no: number.to_owned(),
                    effective_on,
                };
                let version = item.record_version.unwrap_or_default();
                let (b, a) = self
                    .approved_version(actor, record, version, approval)
                    .await?;
                Ok(Effect::ApproveVersion(b, a))
            }
            (AgendaKind::PolicyVersion, _) => {
                let version = item.record_version.unwrap_or_default();
                let (b, a) = self.returned_version(actor, record, version).await?;
                Ok(Effect::ReturnVersion(b, a))
            }
            _ => {
                let by = format!("情報セキュリティ委員会 議決{number}");
                // The form names the fields of the decision, not of the risk's page.
                let acceptance =
                    Acceptance::new(by, m.held_on, text, expires_on).map_err(|mut inv| {
                        for e in &mut inv.0 {
                            e.field = match e.field.as_str() {
                                "acceptance_expires_on" => "expires_on".into(),
                                "acceptance_reason" => "text".into(),
                                other => other.into(),
                            };
                        }
                        AppError::Invalid(inv)
                    })?;
                Ok(Effect::AcceptRisk(record, acceptance))
            }
        }
    }
}
