//! The controls the organization applies: listing them, and recording or editing one
//! with its links to catalog controls, assets and risks, each write audited.

use mamori_domain::catalog::ControlCategory;
use mamori_domain::control::ImplementationStatus;
use mamori_domain::{FieldError, Invalid};
use mamori_store::controls::ControlFilter;
use mamori_store::entity::{
    applied_control, applied_control_asset, applied_control_ref, risk_control,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::views::AppliedControlView;
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

/// An applied control as a form or the API sends it; absent fields are empty.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct AppliedControlInput {
    pub name: String,
    pub description: String,
    /// A category code or label.
    pub category: String,
    /// A status code or label; empty: not started.
    pub status: String,
    /// Department id, code or path.
    pub department: String,
    /// Employee number, name or id.
    pub owner: String,
    /// A date (ISO or 和暦), or empty.
    pub due_on: String,
    /// A date (ISO or 和暦), or empty.
    pub review_on: String,
    /// Catalog controls it implements, as `catalog:control` (`nist-csf-2.0:PR.AA-01`).
    pub implements: Vec<String>,
    /// Asset numbers it protects.
    pub assets: Vec<String>,
    /// Risk numbers it treats.
    pub risks: Vec<String>,
}

/// Filters of the applied controls list.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ControlQuery {
    /// Free text over number, name and description.
    pub q: Option<String>,
    /// A status code or label.
    pub status: Option<String>,
    /// Department id; its subtree is included.
    pub department: Option<Uuid>,
    /// `catalog:control`.
    pub implements: Option<String>,
}

/// A `catalog:control` reference in its two parts; `None` unless both are given.
pub(super) fn split_ref(r: &str) -> Option<(String, String)> {
    let (c, id) = r.trim().split_once(':')?;
    (!c.trim().is_empty() && !id.trim().is_empty())
        .then(|| (c.trim().to_owned(), id.trim().to_owned()))
}

/// Applied control numbers: `AC-0001`, per organization.
fn control_number(seq: i64) -> String {
    format!("AC-{seq:04}")
}

impl App {
    /// The applied controls matching `q`, by number.
    pub async fn applied_controls(
        &self,
        actor: &Actor,
        q: &ControlQuery,
    ) -> AppResult<Vec<AppliedControlView>> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let mut f = ControlFilter {
            q: q.q.clone(),
            departments: q.department.map(|d| idx.subtree(d).into_iter().collect()),
            implements: q.implements.as_deref().and_then(split_ref),
            ..ControlFilter::default()
        };
        if let Some(s) = q.status.as_deref().filter(|s| !s.is_empty()) {
            f.status = Some(
                ImplementationStatus::parse(s)
                    .map_err(|p| p.at("status"))?
                    .code()
                    .to_owned(),
            );
        }
        let rows = mamori_store::controls::applied(self.store.conn(), actor.org_id, &f).await?;
        self.control_views(actor.org_id, rows, false).await
    }

    pub async fn applied_control(&self, actor: &Actor, id: Uuid) -> AppResult<AppliedControlView> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let m = mamori_store::controls::get_applied(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.control_views(actor.org_id, vec![m], true)
            .await?
            .pop()
            .ok_or(AppError::NotFound)
    }

    /// An applied control as its edit form shows it; only for those who may edit it.
    pub async fn applied_control_input(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> AppResult<AppliedControlInput> {
        let v = self.applied_control(actor, id).await?;
        self.authorize(
            actor,
            Capability::EditControl {
                department: v.department_id,
            },
        )
        .await?;
        Ok(AppliedControlInput {
            name: v.name,
            description: v.description,
            category: v.category.code().into(),
            status: v.status.code().into(),
            department: v.department_id.map(|d| d.to_string()).unwrap_or_default(),
            owner: v.owner_staff_id.map(|o| o.to_string()).unwrap_or_default(),
            due_on: v.due_on.map(|d| d.to_string()).unwrap_or_default(),
            review_on: v.review_on.map(|d| d.to_string()).unwrap_or_default(),
            implements: v
                .implements
                .iter()
                .map(|r| format!("{}:{}", r.catalog, r.control))
                .collect(),
            assets: v
                .assets
                .iter()
                .map(|(_, n)| n.split(' ').next().unwrap_or("").to_owned())
                .collect(),
            risks: v
                .risks
                .iter()
                .map(|(_, n)| n.split(' ').next().unwrap_or("").to_owned())
                .collect(),
        })
    }

    /// Records a new applied control (`id` None) or edits one, with its links.
    pub async fn save_applied_control(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &AppliedControlInput,
    ) -> AppResult<AppliedControlView> {
        let conn = self.store.conn();
        let idx = self.dept_tree(actor.org_id).await?;
        let mut inv = Invalid::new();
        if input.name.trim().is_empty() {
            inv.push(FieldError::new(
                "name",
                "管理策の名称を入力してください。",
                "Enter the control's name.",
            ));
        }
        let category = ControlCategory::parse(&input.category)
            .map_err(|p| inv.push(p.at("category")))
            .ok();
        let status = match input.status.trim() {
            "" => Some(ImplementationStatus::NotStarted),
            s => ImplementationStatus::parse(s)
                .map_err(|p| inv.push(p.at("status")))
                .ok(),
        };
        let department_id = match input.department.trim() {
            "" => None,
            d => idx
                .resolve(d)
                .map(|d| d.id)
                .map_err(|p| inv.push(p.at("department")))
                .ok(),
        };
        let owner = self
            .resolve_staff(actor.org_id, &input.owner, "owner", &mut inv)
            .await?;
        let due_on = optional_date(&mut inv, "due_on", &input.due_on);
        let review_on = optional_date(&mut inv, "review_on", &input.review_on);
        let refs = self
            .check_catalog_refs(actor.org_id, "implements", &input.implements, &mut inv)
            .await;
        let numbers: Vec<String> = input
            .assets
            .iter()
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        let found = mamori_store::assets::by_numbers(conn, actor.org_id, &numbers).await?;
        for n in &numbers {
            if !found.iter().any(|a| &a.number == n) {
                inv.push(FieldError::new(
                    "assets",
                    format!("情報資産「{n}」が見つかりません。"),
                    format!("No asset numbered \"{n}\"."),
                ));
            }
        }
        let mut assets: Vec<Uuid> = found.iter().map(|a| a.id).collect();
        assets.sort();
        assets.dedup();
        let mut risks = Vec::new();
        for n in input
            .risks
            .iter()
            .map(|r| r.trim())
            .filter(|r| !r.is_empty())
        {
            match mamori_store::risks::by_number(conn, actor.org_id, n).await? {
                Some(r) => risks.push(r.id),
                None => inv.push(FieldError::new(
                    "risks",
                    format!("リスク「{n}」が見つかりません。"),
                    format!("No risk numbered \"{n}\"."),
                )),
            }
        }
        risks.sort();
        risks.dedup();
        inv.into_result()?;
        let (Some(category), Some(status)) = (category, status) else {
            return Err(AppError::Internal("checked above".into()));
        };
        let tx = self.store.begin_write().await?;
        let before = match id {
            Some(id) => Some(
                mamori_store::controls::get_applied(&*tx, actor.org_id, id)
                    .await?
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        for d in before
            .iter()
            .map(|b| b.department_id)
            .chain([department_id])
        {
            let cap = Capability::EditControl { department: d };
            if !actor.can(cap) {
                drop(tx);
                return Err(self.deny(actor, cap).await);
            }
        }
        let now = self.now();
        let (cid, number, seq, created_at) = match &before {
            Some(b) => (b.id, b.number.clone(), b.number_seq, b.created_at),
            None => {
                mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
                let seq = mamori_store::controls::max_applied_seq(&*tx, actor.org_id).await? + 1;
                (self.new_id(), control_number(seq), Some(seq), now)
            }
        };
        let m = applied_control::Model {
            id: cid,
            org_id: actor.org_id,
            number,
            number_seq: seq,
            name: input.name.trim().to_owned(),
            description: input.description.trim().to_owned(),
            category: category.code().into(),
            status: status.code().into(),
            department_id,
            owner_staff_id: owner,
            due_on,
            review_on,
            created_at,
            updated_at: now,
        };
        let old_links = match &before {
            Some(b) => Some((
                mamori_store::controls::refs(&*tx, actor.org_id, &[b.id])
                    .await?
                    .remove(&b.id)
                    .unwrap_or_default(),
                mamori_store::controls::asset_ids(&*tx, actor.org_id, b.id).await?,
                mamori_store::controls::risk_ids(&*tx, actor.org_id, b.id).await?,
            )),
            None => None,
        };
        match &before {
            Some(_) => {
                mamori_store::controls::update_applied(&*tx, m.clone()).await?;
            }
            None => mamori_store::controls::insert_applied(&*tx, vec![m.clone()]).await?,
        }
        let org_id = actor.org_id;
        mamori_store::controls::set_links(
            &*tx,
            org_id,
            cid,
            refs.iter()
                .map(|(c, k)| applied_control_ref::Model {
                    id: self.new_id(),
                    org_id,
                    applied_control_id: cid,
                    catalog: c.clone(),
                    control: k.clone(),
                })
                .collect(),
            assets
                .iter()
                .map(|a| applied_control_asset::Model {
                    id: self.new_id(),
                    org_id,
                    applied_control_id: cid,
                    asset_id: *a,
                })
                .collect(),
            risks
                .iter()
                .map(|r| risk_control::Model {
                    id: self.new_id(),
                    org_id,
                    risk_id: *r,
                    applied_control_id: cid,
                })
                .collect(),
        )
        .await?;
        let snap = |m: &applied_control::Model,
                    implements: &[(String, String)],
                    assets: &[Uuid],
                    risks: &[Uuid]| {
            serde_json::json!({
                "number": m.number, "name": m.name, "description": m.description,
                "category": m.category, "status": m.status, "department_id": m.department_id,
                "owner_staff_id": m.owner_staff_id, "due_on": m.due_on, "review_on": m.review_on,
                "implements": implements.iter().map(|(c, k)| format!("{c}:{k}")).collect::<Vec<_>>(),
                "assets": assets, "risks": risks,
            })
        };
        let b = match (&before, &old_links) {
            (Some(m), Some((r, a, k))) => Some(snap(m, r, a, k)),
            _ => None,
        };
        let a = snap(&m, &refs, &assets, &risks);
        let action = if before.is_some() {
            "applied_control.update"
        } else {
            "applied_control.create"
        };
        self.audit_change(
            &*tx,
            actor,
            action,
            ("applied_control", cid),
            b.as_ref(),
            Some(&a),
        )
        .await?;
        tx.commit().await?;
        self.applied_control(actor, cid).await
    }
}
