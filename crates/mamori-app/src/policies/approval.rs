//! The committee's verdict on a version in review: approval, with its decision and the
//! day it takes effect, or its return to draft. Recorded from the policy's page, or
//! by a committee decision (`review::committee`), which writes the version in its own
//! transaction.

use mamori_domain::policy::{Approval, Move, VersionState};
use mamori_store::entity::policy_version;
use uuid::Uuid;

use super::input::ApprovalInput;
use super::row::state_of;
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

impl App {
    /// Records the committee's approval of a version in review, with the date it takes
    /// effect. It may not take effect before a version approved earlier does: the one
    /// in force is the one that took effect last.
    pub async fn approve_policy_version(
        &self,
        actor: &Actor,
        id: Uuid,
        version: i32,
        input: &ApprovalInput,
    ) -> AppResult<()> {
        let reader = self.policy_reader(actor).await?;
        self.readable_document(&reader, id).await?;
        self.authorize(actor, Capability::ApprovePolicy).await?;
        let a = input.check(self.today()).map_err(AppError::Invalid)?;
        let (before, after) = self.approved_version(actor, id, version, a).await?;
        self.write_version(
            actor,
            "policy_version.approve",
            (&before, &after),
            None,
            None,
        )
        .await
    }

    /// The version as it is and as the approval makes it, refused when it is not in
    /// review or would take effect before a version approved earlier.
    pub(crate) async fn approved_version(
        &self,
        actor: &Actor,
        id: Uuid,
        version: i32,
        a: Approval,
    ) -> AppResult<(policy_version::Model, policy_version::Model)> {
        let reader = self.policy_reader(actor).await?;
        let (_, heads) = self.readable_document(&reader, id).await?;
        let before = self
            .version_to_move(actor, id, version, Move::Approve)
            .await?;
        if let Some(later) = heads
            .iter()
            .filter(|h| state_of(h) == VersionState::Approved)
            .filter_map(|h| h.effective_on.map(|e| (e, h.version)))
            .filter(|(e, _)| *e > a.effective_on)
            .max()
        {
            return Err(AppError::field(
                "effective_on",
                format!("第{}版の施行日（{}）より前の日付です。", later.1, later.0),
                format!(
                    "Version {} takes effect on {}; this one cannot take effect before it.",
                    later.1, later.0
                ),
            ));
        }
        let after = policy_version::Model {
            state: VersionState::Approved.code().into(),
            meeting: a.meeting,
            decided_on: Some(a.decided_on),
            decision_no: a.decision_no,
            effective_on: Some(a.effective_on),
            approved_by: Some(actor.label.clone()),
            updated_at: self.now(),
            ..before.clone()
        };
        Ok((before, after))
    }

    /// The version as it is and returned to draft, refused when it is not in review.
    pub(crate) async fn returned_version(
        &self,
        actor: &Actor,
        id: Uuid,
        version: i32,
    ) -> AppResult<(policy_version::Model, policy_version::Model)> {
        let reader = self.policy_reader(actor).await?;
        self.readable_document(&reader, id).await?;
        let before = self
            .version_to_move(actor, id, version, Move::Return)
            .await?;
        let after = policy_version::Model {
            state: VersionState::Draft.code().into(),
            updated_at: self.now(),
            ..before.clone()
        };
        Ok((before, after))
    }

    /// A version of the document, refused when `step` cannot be taken from its state.
    async fn version_to_move(
        &self,
        actor: &Actor,
        id: Uuid,
        version: i32,
        step: Move,
    ) -> AppResult<policy_version::Model> {
        let v = mamori_store::policies::get_version(self.store.conn(), actor.org_id, id, version)
            .await?
            .ok_or(AppError::NotFound)?;
        let from = VersionState::from_code(&v.state).unwrap_or(VersionState::Approved);
        step.apply(from).map_err(|p| p.at("state"))?;
        Ok(v)
    }
}
