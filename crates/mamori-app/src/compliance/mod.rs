//! The compliance registers (policy §10 and §11 and the records the MIC guideline asks
//! every body to keep): [`exceptions`] to the standards, and how the organization runs
//! them ([`ComplianceSettings`]).

pub mod contractors;
pub mod exceptions;
pub mod laws;
pub mod services;
pub mod violations;

use mamori_domain::{contractor, exception, violation};
use mamori_store::entity::compliance_setting;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// How an organization runs its compliance registers. Stored as JSON; a part not yet
/// saved has its defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ComplianceSettings {
    /// Exceptions: `approver` (`ciso`, `deputy-ciso` or `committee`), `report_days`
    /// (an urgent exception's report window) and `remind_days` (days before the end).
    #[schema(value_type = Object)]
    pub exceptions: exception::Settings,
    /// Violations: `readers` (the roles that see the records), `retention_years`, and
    /// the `guidance` table (culpability × impact → measures).
    #[schema(value_type = Object)]
    pub violations: violation::Settings,
    /// Contractors: the `clauses` of the contract template (code, ja, en), in order.
    #[schema(value_type = Object)]
    pub contractors: contractor::Settings,
}

impl App {
    /// The organization's settings (defaults where none were saved).
    pub(crate) async fn compliance_settings_of(
        &self,
        org_id: Uuid,
    ) -> AppResult<ComplianceSettings> {
        Ok(
            match mamori_store::compliance::settings(self.store.conn(), org_id).await? {
                Some(m) => serde_json::from_str(&m.body).unwrap_or_default(),
                None => ComplianceSettings::default(),
            },
        )
    }

    /// The settings, for those who read the registers.
    pub async fn compliance_settings(&self, actor: &Actor) -> AppResult<ComplianceSettings> {
        self.authorize(actor, Capability::ViewExceptions).await?;
        self.compliance_settings_of(actor.org_id).await
    }

    /// Saves the exceptions' part of the settings (the caller has authorized).
    pub(crate) async fn save_compliance_exceptions(
        &self,
        actor: &Actor,
        input: exception::Settings,
    ) -> AppResult<()> {
        let problems = input.check();
        if !problems.is_empty() {
            return Err(AppError::Invalid(mamori_domain::Invalid(
                problems.into_iter().map(|(f, p)| p.at(f)).collect(),
            )));
        }
        let mut remind = input.remind_days.clone();
        remind.sort_unstable_by(|a, b| b.cmp(a));
        remind.dedup();
        self.save_compliance_part(actor, |s| {
            s.exceptions = exception::Settings {
                remind_days: remind,
                ..input
            }
        })
        .await
    }

    /// Changes one part of the settings with `change` and saves them, audited (the
    /// caller has authorized and checked the part).
    pub(crate) async fn save_compliance_part(
        &self,
        actor: &Actor,
        change: impl FnOnce(&mut ComplianceSettings),
    ) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        let before: ComplianceSettings =
            match mamori_store::compliance::settings(&*tx, actor.org_id).await? {
                Some(m) => serde_json::from_str(&m.body).unwrap_or_default(),
                None => ComplianceSettings::default(),
            };
        let mut after = before.clone();
        change(&mut after);
        mamori_store::compliance::save_settings(
            &*tx,
            compliance_setting::Model {
                org_id: actor.org_id,
                body: serde_json::to_string(&after).unwrap_or_default(),
                updated_at: self.now(),
            },
        )
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "compliance.settings",
            ("org", actor.org_id),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
