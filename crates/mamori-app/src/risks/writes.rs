//! Assessing and treating risks: create, edit, accept, close and reopen. Each write is
//! authorized for the risk's department, checked by the domain's rules, and audited
//! with the fields it changed.

use mamori_domain::Invalid;
use mamori_domain::risk::{Acceptance, RiskStatus};
use mamori_store::entity::{risk_asset, risk_control};
use uuid::Uuid;

use super::input::{Resolved, RiskInput, apply};
use super::row::{acceptance_of, clear_acceptance, closable};
// `campaigns` drafts risks with these and imports them from here, where they used to live.
pub(super) use super::row::{blank, set_stage};
use super::view::{RiskView, snapshot};
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

/// A new risk authorized and resolved, ready to be written.
pub(crate) struct PreparedRisk {
    method: mamori_domain::risk::RiskMethod,
    resolved: Resolved,
}

impl App {
    /// Records a new risk (open: assessed by whoever entered it).
    pub async fn create_risk(&self, actor: &Actor, input: &RiskInput) -> AppResult<RiskView> {
        let prepared = self.prepare_risk(actor, input).await?;
        let tx = self.store.begin_write().await?;
        let id = self.insert_risk(&*tx, actor, input, prepared).await?;
        tx.commit().await?;
        self.risk(actor, id).await
    }

    /// Authorizes a new risk and resolves its input against the organization's data,
    /// before a write transaction begins: what another module (a self-inspection's
    /// gap) needs to open a risk in its own transaction.
    pub(crate) async fn prepare_risk(
        &self,
        actor: &Actor,
        input: &RiskInput,
    ) -> AppResult<PreparedRisk> {
        self.authorize(actor, Capability::CreateRisks).await?;
        self.seed_threat_catalog_once(actor.org_id).await?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let resolved = self
            .resolve_risk(actor.org_id, input, &idx, &method)
            .await?;
        self.authorize(
            actor,
            Capability::EditRisk {
                department: resolved.department_id,
            },
        )
        .await?;
        Ok(PreparedRisk { method, resolved })
    }

    /// Writes a prepared risk and its audit entry on the caller's transaction.
    pub(crate) async fn insert_risk<C: mamori_store::Conn>(
        &self,
        tx: &C,
        actor: &Actor,
        input: &RiskInput,
        PreparedRisk {
            method,
            resolved: r,
        }: PreparedRisk,
    ) -> AppResult<Uuid> {
        mamori_store::audit::lock_org_writes(tx, actor.org_id).await?;
        let seq = mamori_store::risks::max_seq(tx, actor.org_id).await? + 1;
        let now = self.now();
        let mut m = blank(self.new_id(), actor.org_id, seq, now);
        apply(&mut m, input, &r, &method)?;
        m.status = RiskStatus::Open.code().into();
        mamori_store::risks::insert_many(tx, vec![m.clone()]).await?;
        self.write_links(tx, actor.org_id, m.id, &r).await?;
        let after = snapshot(&m, &method, &r.assets, &r.controls);
        self.audit_change(tx, actor, "risk.create", ("risk", m.id), None, Some(&after))
            .await?;
        Ok(m.id)
    }

    async fn write_links<C: mamori_store::Conn>(
        &self,
        conn: &C,
        org_id: Uuid,
        risk_id: Uuid,
        r: &Resolved,
    ) -> AppResult<()> {
        let assets = r
            .assets
            .iter()
            .map(|a| risk_asset::Model {
                id: self.new_id(),
                org_id,
                risk_id,
                asset_id: *a,
            })
            .collect();
        mamori_store::risks::set_assets(conn, assets, org_id, risk_id).await?;
        let controls = r
            .controls
            .iter()
            .map(|c| risk_control::Model {
                id: self.new_id(),
                org_id,
                risk_id,
                applied_control_id: *c,
            })
            .collect();
        mamori_store::risks::set_controls(conn, controls, org_id, risk_id).await?;
        Ok(())
    }

    /// Edits a risk. A draft becomes open once someone saves its assessment. Raising
    /// the residual level voids an acceptance (it accepted less); a closed risk that no
    /// longer meets the closing rule is reopened.
    pub async fn update_risk(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &RiskInput,
    ) -> AppResult<RiskView> {
        // Refuse before reading what was sent: who may edit depends on the stored risk.
        let current = mamori_store::risks::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.authorize(
            actor,
            Capability::EditRisk {
                department: current.department_id,
            },
        )
        .await?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let r = self
            .resolve_risk(actor.org_id, input, &idx, &method)
            .await?;
        let tx = self.store.begin_write().await?;
        let old = mamori_store::risks::get(&*tx, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        for d in [old.department_id, r.department_id] {
            let cap = Capability::EditRisk { department: d };
            if !actor.can(cap) {
                drop(tx);
                return Err(self.deny(actor, cap).await);
            }
        }
        let old_assets = mamori_store::risks::asset_ids(&*tx, actor.org_id, id).await?;
        let old_controls = mamori_store::risks::control_ids(&*tx, actor.org_id, id).await?;
        let mut m = old.clone();
        apply(&mut m, input, &r, &method)?;
        if m.status == RiskStatus::Draft.code() {
            m.status = RiskStatus::Open.code().into();
        }
        if m.residual_level.unwrap_or(i16::MAX) > old.residual_level.unwrap_or(i16::MAX)
            || m.residual_level.is_none()
        {
            clear_acceptance(&mut m);
        }
        if m.status == RiskStatus::Closed.code() && closable(&m, &method, self.today()).is_err() {
            m.status = RiskStatus::Open.code().into();
        }
        m.updated_at = self.now();
        mamori_store::risks::update(&*tx, m.clone()).await?;
        self.write_links(&*tx, actor.org_id, id, &r).await?;
        let before = snapshot(&old, &method, &old_assets, &old_controls);
        let after = snapshot(&m, &method, &r.assets, &r.controls);
        self.audit_change(
            &*tx,
            actor,
            "risk.update",
            ("risk", id),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        self.risk(actor, id).await
    }

    /// Formally accepts a risk's residual level, by the organization's designated
    /// acceptor, with a reason and an expiry.
    pub async fn accept_risk(
        &self,
        actor: &Actor,
        id: Uuid,
        reason: &str,
        expires_on: &str,
    ) -> AppResult<RiskView> {
        let method = self.method_of(actor.org_id).await?;
        self.authorize(
            actor,
            Capability::AcceptRisk {
                acceptor: method.acceptor,
            },
        )
        .await?;
        let mut inv = Invalid::new();
        let expires = optional_date(&mut inv, "acceptance_expires_on", expires_on);
        inv.into_result()?;
        let acceptance = Acceptance::new(actor.label.clone(), self.today(), reason, expires)?;
        let tx = self.store.begin_write().await?;
        self.accept_risk_in(&*tx, actor, id, &acceptance).await?;
        tx.commit().await?;
        self.risk(actor, id).await
    }

    /// Records an acceptance inside a transaction another write holds (a committee
    /// decision accepting the risk): refused unless the residual risk is evaluated.
    pub(crate) async fn accept_risk_in<C: mamori_store::Conn>(
        &self,
        tx: &C,
        actor: &Actor,
        id: Uuid,
        acceptance: &Acceptance,
    ) -> AppResult<()> {
        let old = mamori_store::risks::get(tx, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if old.residual_level.is_none() {
            return Err(AppError::field(
                "residual",
                "受容する前に残留リスクを評価してください。",
                "Evaluate the residual risk before accepting it.",
            ));
        }
        let mut m = old.clone();
        m.accepted_by = acceptance.by.clone();
        m.accepted_on = Some(acceptance.on);
        m.acceptance_reason = acceptance.reason.clone();
        m.acceptance_expires_on = Some(acceptance.expires_on);
        m.updated_at = self.now();
        mamori_store::risks::update(tx, m).await?;
        self.audit_change(
            tx,
            actor,
            "risk.accept",
            ("risk", id),
            acceptance_of(&old).as_ref(),
            Some(acceptance),
        )
        .await?;
        Ok(())
    }

    /// Closes a risk: refused, with the reason, unless the domain's closing rule holds.
    pub async fn close_risk(&self, actor: &Actor, id: Uuid) -> AppResult<RiskView> {
        self.set_risk_status(actor, id, RiskStatus::Closed).await
    }

    /// Reopens a closed risk (for a new assessment).
    pub async fn reopen_risk(&self, actor: &Actor, id: Uuid) -> AppResult<RiskView> {
        self.set_risk_status(actor, id, RiskStatus::Open).await
    }

    async fn set_risk_status(
        &self,
        actor: &Actor,
        id: Uuid,
        status: RiskStatus,
    ) -> AppResult<RiskView> {
        let method = self.method_of(actor.org_id).await?;
        let tx = self.store.begin_write().await?;
        let old = mamori_store::risks::get(&*tx, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let cap = Capability::EditRisk {
            department: old.department_id,
        };
        if !actor.can(cap) {
            drop(tx);
            return Err(self.deny(actor, cap).await);
        }
        if status == RiskStatus::Closed {
            closable(&old, &method, self.today())?;
        }
        let mut m = old.clone();
        m.status = status.code().into();
        m.updated_at = self.now();
        mamori_store::risks::update(&*tx, m).await?;
        let action = if status == RiskStatus::Closed {
            "risk.close"
        } else {
            "risk.reopen"
        };
        self.audit(
            &*tx,
            actor,
            action,
            "risk",
            &id.to_string(),
            vec![mamori_domain::audit::Change {
                field: "status".into(),
                before: Some(serde_json::json!(old.status)),
                after: Some(serde_json::json!(status.code())),
            }],
        )
        .await?;
        tx.commit().await?;
        self.risk(actor, id).await
    }
}
