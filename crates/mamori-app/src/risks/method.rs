//! The organization's risk method: how risks are scored and which levels it tolerates.
//! Changing it re-evaluates every stored risk in the same transaction.

use mamori_domain::risk::{RiskMethod, Stage};
use mamori_store::entity::risk_setting;
use mamori_store::risks::RiskFilter;
use uuid::Uuid;

use super::row::{set_stage, stage_of};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

impl App {
    /// The organization's risk method, for those who may see the risk register.
    pub async fn risk_method(&self, actor: &Actor) -> AppResult<RiskMethod> {
        self.authorize(actor, Capability::ViewRisks).await?;
        self.method_of(actor.org_id).await
    }

    /// The organization's risk method (the IPA preset until it chooses another).
    pub(crate) async fn method_of(&self, org_id: Uuid) -> AppResult<RiskMethod> {
        let row = mamori_store::risks::settings(self.store.conn(), org_id).await?;
        Ok(row
            .and_then(|r| serde_json::from_str(&r.body).ok())
            .unwrap_or_else(RiskMethod::ipa_preset))
    }

    /// Replaces the risk method. Every stored evaluation is worked out again under the
    /// new method, in the same transaction; switching between the IPA method and a
    /// matrix is refused once risks are evaluated, since their factors do not carry over.
    pub async fn save_risk_method(&self, actor: &Actor, method: RiskMethod) -> AppResult<()> {
        self.authorize(actor, Capability::ManageRiskMethod).await?;
        method.validate()?;
        let before = self.method_of(actor.org_id).await?;
        let tx = self.store.begin_write().await?;
        let all =
            mamori_store::risks::all(&*tx, actor.org_id, &RiskFilter::new(self.today())).await?;
        let evaluated = all.iter().any(|m| m.inherent_score.is_some());
        if evaluated && before.is_ipa() != method.is_ipa() {
            return Err(AppError::field(
                "method",
                "評価済みのリスクがあるため、IPA方式とマトリクス方式の切り替えはできません。レベルやしきい値の変更はできます。",
                "Risks are already evaluated, so the method cannot switch between IPA and matrix. Levels and thresholds can still change.",
            ));
        }
        if let (
            mamori_domain::risk::Method::Matrix { cells: old },
            mamori_domain::risk::Method::Matrix { cells: new },
        ) = (&before.method, &method.method)
            && evaluated
            && old.len() != new.len()
        {
            return Err(AppError::field(
                "cells",
                "評価済みのリスクがあるため、マトリクスの大きさは変えられません。",
                "Risks are already evaluated, so the size of the matrix cannot change.",
            ));
        }
        for mut m in all {
            let old = m.clone();
            for stage in [Stage::Inherent, Stage::Current, Stage::Residual] {
                let factors = stage_of(&m, stage, &before).map(|(f, _)| f);
                set_stage(&mut m, stage, &method, factors).map_err(AppError::from)?;
            }
            if m != old {
                mamori_store::risks::update(&*tx, m).await?;
            }
        }
        mamori_store::risks::save_settings(
            &*tx,
            risk_setting::Model {
                org_id: actor.org_id,
                body: serde_json::to_string(&method)
                    .map_err(|e| AppError::Internal(e.to_string()))?,
                updated_at: self.now(),
            },
        )
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "risk_method.update",
            ("risk_method", actor.org_id),
            Some(&before),
            Some(&method),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
