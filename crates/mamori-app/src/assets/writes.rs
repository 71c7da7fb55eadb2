//! Creating, editing and retiring assets, one at a time or in bulk, and exporting
//! them. Every write is authorized per asset, audited in its transaction, and followed
//! by recomputing the required protection it can change.

use std::collections::HashMap;

use mamori_domain::asset::register::AssetFilter;
use mamori_domain::asset::{AssetNumber, AssetStatus};
use mamori_domain::{Invalid, Problem};
use mamori_store::audit::NewEntry;
use mamori_store::entity::asset;
use serde::Deserialize;
use uuid::Uuid;

use super::form::{AssetInput, Lookup, apply, blank, set_number, validate};
use super::{AssetView, edit_capability, snapshot};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// A change applied to many assets at once (the register's bulk actions).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum BulkAction {
    /// After an April-1 reorganization: move assets to another department.
    Reassign {
        department: String,
    },
    SetReview {
        date: String,
    },
    Retire,
    Dispose,
}

impl BulkAction {
    fn code(&self) -> &'static str {
        match self {
            BulkAction::Reassign { .. } => "reassign",
            BulkAction::SetReview { .. } => "set_review",
            BulkAction::Retire => "retire",
            BulkAction::Dispose => "dispose",
        }
    }
}

fn duplicate_number(n: &str) -> Invalid {
    Problem::new(
        format!("管理番号「{n}」は既に使われています。"),
        format!("Asset number \"{n}\" is already in use."),
    )
    .at("number")
    .into()
}

impl App {
    /// The staff member an input names — by id, employee number, or a name that is
    /// unique — within the organization. Empty names no one; a name that matches no
    /// one is pushed to `inv` under `field`. The whole staff lookup is built only for
    /// a number or a name.
    pub(crate) async fn resolve_staff(
        &self,
        org_id: Uuid,
        text: &str,
        field: &str,
        inv: &mut Invalid,
    ) -> AppResult<Option<Uuid>> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let id = match Uuid::parse_str(text) {
            Ok(id) => mamori_store::staff::by_ids(self.store.conn(), org_id, &[id])
                .await?
                .first()
                .map(|s| s.id),
            Err(_) => self.staff_lookup(org_id).await?.get(text).copied(),
        };
        if id.is_none() {
            inv.push(mamori_domain::FieldError::new(
                field,
                format!("職員「{text}」が見つかりません。"),
                format!("No staff member \"{text}\"."),
            ));
        }
        Ok(id)
    }

    /// Staff by employee number, and by name where the name is unique, for resolving
    /// the responsible staff member of an asset.
    pub(crate) async fn staff_lookup(&self, org_id: Uuid) -> AppResult<HashMap<String, Uuid>> {
        let staff = mamori_store::staff::all(
            self.store.conn(),
            org_id,
            &mamori_store::staff::StaffFilter::default(),
        )
        .await?;
        let mut names: HashMap<String, Option<Uuid>> = HashMap::new();
        let mut out = HashMap::new();
        for s in staff {
            out.insert(s.employee_number.clone(), s.id);
            names
                .entry(s.name.clone())
                .and_modify(|v| *v = None)
                .or_insert(Some(s.id));
        }
        for (name, id) in names {
            if let Some(id) = id {
                out.entry(name).or_insert(id);
            }
        }
        Ok(out)
    }

    async fn owner_number(&self, org_id: Uuid, m: &asset::Model) -> AppResult<String> {
        Ok(self
            .owner_numbers(org_id, &[m])
            .await?
            .remove(&m.id)
            .unwrap_or_default())
    }

    pub async fn create_asset(&self, actor: &Actor, input: &AssetInput) -> AppResult<AssetView> {
        self.authorize(actor, Capability::CreateAssets).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let staff = self.staff_lookup(actor.org_id).await?;
        let lookup = Lookup {
            scheme: schemes.active(),
            departments: &idx,
            staff: &staff,
        };
        let v = validate(input, &lookup).map_err(AppError::Invalid)?;
        self.authorize(
            actor,
            Capability::EditAsset {
                department: v.department_id,
                technical: !v.kind.is_data(),
            },
        )
        .await?;
        let now = self.now();
        let tx = self.store.begin_write().await?;
        let number = match &v.number {
            Some(n) => {
                if mamori_store::assets::by_number(&*tx, actor.org_id, n.as_str())
                    .await?
                    .is_some()
                {
                    return Err(AppError::Invalid(duplicate_number(n.as_str())));
                }
                n.as_str().to_owned()
            }
            None => next_number(&*tx, actor.org_id).await?,
        };
        let mut m = apply(
            blank(self.new_id(), actor.org_id, schemes.active_id(), now),
            &v,
            schemes.active_id(),
            now,
        );
        set_number(&mut m, number);
        mamori_store::assets::insert(&*tx, m.clone()).await?;
        let owner = self.owner_number(actor.org_id, &m).await?;
        self.audit_change(
            &*tx,
            actor,
            "asset.create",
            ("asset", m.id),
            None,
            Some(&snapshot(&m, &idx, &owner)),
        )
        .await?;
        tx.commit().await?;
        AssetView::new(&m, &idx, &schemes, self.today())
    }

    pub async fn update_asset(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &AssetInput,
    ) -> AppResult<AssetView> {
        let before = self.readable_asset(actor, id).await?;
        self.authorize(actor, edit_capability(&before)).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let staff = self.staff_lookup(actor.org_id).await?;
        // An asset stays under its own scheme until it is explicitly migrated.
        let scheme = schemes.get(before.scheme_id).unwrap_or(schemes.active());
        let lookup = Lookup {
            scheme,
            departments: &idx,
            staff: &staff,
        };
        let mut v = validate(input, &lookup).map_err(AppError::Invalid)?;
        if v.number.is_none() {
            v.number = AssetNumber::parse(&before.number).ok();
        }
        let now = self.now();
        let after = apply(before.clone(), &v, before.scheme_id, now);
        self.authorize(actor, edit_capability(&after)).await?;
        let tx = self.store.begin_write().await?;
        if after.number != before.number
            && mamori_store::assets::by_number(&*tx, actor.org_id, &after.number)
                .await?
                .is_some()
        {
            return Err(AppError::Invalid(duplicate_number(&after.number)));
        }
        mamori_store::assets::update(&*tx, after.clone()).await?;
        let b = snapshot(
            &before,
            &idx,
            &self.owner_number(actor.org_id, &before).await?,
        );
        let a = snapshot(
            &after,
            &idx,
            &self.owner_number(actor.org_id, &after).await?,
        );
        self.audit_change(
            &*tx,
            actor,
            "asset.update",
            ("asset", id),
            Some(&b),
            Some(&a),
        )
        .await?;
        self.recompute_required(&*tx, actor.org_id, &[id]).await?;
        tx.commit().await?;
        let stored = mamori_store::assets::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        AssetView::new(&stored, &idx, &schemes, self.today())
    }

    /// Applies a bulk action to the selected assets; all are checked first, and one
    /// refusal changes nothing.
    pub async fn bulk_assets(
        &self,
        actor: &Actor,
        ids: &[Uuid],
        action: &BulkAction,
    ) -> AppResult<usize> {
        self.authorize(actor, Capability::ViewAssets).await?;
        if ids.is_empty() {
            return Err(AppError::field(
                "ids",
                "対象の資産を選んでください。",
                "Select the assets to change.",
            ));
        }
        let idx = self.dept_tree(actor.org_id).await?;
        let target_dept = match action {
            BulkAction::Reassign { department } => Some(
                idx.resolve(department)
                    .map_err(|p| AppError::Invalid(p.at("department").into()))?
                    .id,
            ),
            _ => None,
        };
        let review = match action {
            BulkAction::SetReview { date } => Some(
                mamori_domain::wareki::parse_date(date)
                    .map_err(|p| AppError::Invalid(p.at("date").into()))?,
            ),
            _ => None,
        };
        let tx = self.store.begin_write().await?;
        let assets = mamori_store::assets::by_ids(&*tx, actor.org_id, ids).await?;
        if assets.len() != ids.len() {
            return Err(AppError::NotFound);
        }
        let now = self.now();
        let owners = self
            .owner_numbers(actor.org_id, &assets.iter().collect::<Vec<_>>())
            .await?;
        let mut entries: Vec<NewEntry> = Vec::new();
        let mut changed = Vec::new();
        for before in &assets {
            if !actor.can(edit_capability(before)) {
                // Release the writer before recording the refusal in its own transaction.
                drop(tx);
                return Err(self.deny(actor, edit_capability(before)).await);
            }
            let mut after = before.clone();
            match action {
                BulkAction::Reassign { .. } => after.department_id = target_dept,
                BulkAction::SetReview { .. } => after.review_on = review,
                BulkAction::Retire => after.status = AssetStatus::Retired.code().into(),
                BulkAction::Dispose => after.status = AssetStatus::Disposed.code().into(),
            }
            if after == *before {
                continue;
            }
            after.updated_at = now;
            if !actor.can(edit_capability(&after)) {
                drop(tx);
                return Err(self.deny(actor, edit_capability(&after)).await);
            }
            let owner = owners.get(&before.id).cloned().unwrap_or_default();
            entries.push(self.change_entry(
                actor,
                &format!("asset.{}", action.code()),
                ("asset", before.id),
                Some(&snapshot(before, &idx, &owner)),
                Some(&snapshot(&after, &idx, &owner)),
            ));
            mamori_store::assets::update(&*tx, after).await?;
            changed.push(before.id);
        }
        let n = changed.len();
        mamori_store::audit::append_many(&*tx, actor.org_id, entries).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Marks assets disposed of inside the caller's transaction (a disposal of their
    /// devices completing; its own audit entry names them), each audited as a bulk
    /// disposal is; an asset the actor may not edit refuses the whole. Returns their
    /// numbers.
    pub(crate) async fn dispose_assets<C: mamori_store::Conn>(
        &self,
        tx: &C,
        actor: &Actor,
        ids: &[Uuid],
    ) -> AppResult<Vec<String>> {
        let assets = mamori_store::assets::by_ids(tx, actor.org_id, ids).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let owners = self
            .owner_numbers(actor.org_id, &assets.iter().collect::<Vec<_>>())
            .await?;
        let mut entries: Vec<NewEntry> = Vec::new();
        let mut numbers = Vec::new();
        for before in assets
            .iter()
            .filter(|a| a.status != AssetStatus::Disposed.code())
        {
            if !actor.can(edit_capability(before)) {
                return Err(AppError::Forbidden);
            }
            let after = mamori_store::entity::asset::Model {
                status: AssetStatus::Disposed.code().into(),
                updated_at: self.now(),
                ..before.clone()
            };
            let owner = owners.get(&before.id).cloned().unwrap_or_default();
            entries.push(self.change_entry(
                actor,
                "asset.dispose",
                ("asset", before.id),
                Some(&snapshot(before, &idx, &owner)),
                Some(&snapshot(&after, &idx, &owner)),
            ));
            numbers.push(before.number.clone());
            mamori_store::assets::update(tx, after).await?;
        }
        mamori_store::audit::append_many(tx, actor.org_id, entries).await?;
        Ok(numbers)
    }

    /// Counts for the dashboard tiles, over what the actor may see.
    pub async fn asset_counts(&self, actor: &Actor) -> AppResult<AssetCounts> {
        self.authorize(actor, Capability::ViewAssets).await?;
        let in_use = AssetFilter {
            status: Some(AssetStatus::InUse.code().into()),
            visibility: self.visibility(actor),
            ..AssetFilter::default()
        };
        let register = self.register(actor.org_id).await?;
        let register = register.read();
        let sorted = |m: HashMap<String, usize>| {
            let mut v: Vec<(String, i64)> = m
                .into_iter()
                .map(|(k, n)| (k, i64::try_from(n).unwrap_or(i64::MAX)))
                .collect();
            v.sort();
            v
        };
        let by_kind = sorted(register.count_by(&in_use, |e| e.kind.code().to_owned()));
        let by_personal = sorted(register.count_by(&in_use, |e| e.personal_data.code().to_owned()));
        let mut by_importance: Vec<(i16, i64)> = register
            .count_by(&in_use, |e| e.importance)
            .into_iter()
            .map(|(k, n)| (k, i64::try_from(n).unwrap_or(i64::MAX)))
            .collect();
        by_importance.sort();
        let count = |f: &AssetFilter| {
            u64::try_from(register.scan(f, &|_| 0, |_, _| {})).unwrap_or(u64::MAX)
        };
        let overdue = count(&AssetFilter {
            review_before: Some(self.today()),
            ..in_use.clone()
        });
        let under_protected = count(&AssetFilter {
            under_protected: true,
            ..in_use
        });
        Ok(AssetCounts {
            by_kind,
            by_importance,
            by_personal,
            overdue,
            under_protected,
        })
    }
}

/// Dashboard figures for the register (assets in use).
#[derive(Debug, Clone, Default)]
pub struct AssetCounts {
    pub by_kind: Vec<(String, i64)>,
    pub by_importance: Vec<(i16, i64)>,
    pub by_personal: Vec<(String, i64)>,
    pub overdue: u64,
    pub under_protected: u64,
}

/// The next free generated number (`A-000124` after `A-000123`). Takes the
/// organization's write lock first, so that two creates on PostgreSQL cannot both
/// choose the same number.
pub(crate) async fn next_number<C: mamori_store::Conn>(
    conn: &C,
    org_id: Uuid,
) -> AppResult<String> {
    mamori_store::audit::lock_org_writes(conn, org_id).await?;
    let mut n = mamori_store::assets::max_seq(conn, org_id).await? + 1;
    loop {
        let candidate = AssetNumber::generated(u64::try_from(n).unwrap_or(1));
        if mamori_store::assets::by_number(conn, org_id, candidate.as_str())
            .await?
            .is_none()
        {
            return Ok(candidate.as_str().to_owned());
        }
        n += 1;
    }
}
