//! The inventory (棚卸): opening one asks every department about each device and
//! medium it holds (a snapshot of the register that day); the department's officers
//! record each as present or missing, or confirm everything not yet answered at once;
//! a missing one becomes a loss incident in one step, and the item is marked missing.

use std::collections::BTreeMap;

use chrono::Duration;
use mamori_domain::incident::Category;
use mamori_domain::media::ItemStatus;
use mamori_domain::media::inventory::{Coverage, Finding};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{inventory, inventory_check};
use mamori_store::media::ItemFilter;
use uuid::Uuid;

use super::input::{FindingInput, InventoryInput};
use super::row::check_view;
use super::view::{DeptCoverage, InventoryDetail, InventoryView};
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

/// The columns of an inventory's coverage export, in Japanese and English.
pub const INVENTORY_HEADERS: [(&str, &str); 6] = [
    ("所管課", "Department"),
    ("対象", "Items"),
    ("所在確認", "Present"),
    ("所在不明", "Missing"),
    ("未確認", "Not checked"),
    ("確認率(%)", "Checked (%)"),
];

/// Days departments have to answer unless told otherwise.
const ANSWER_DAYS: i64 = 28;
/// The most items one inventory asks about.
const MAX_ITEMS: u64 = 500_000;

fn coverage(checks: &[inventory_check::Model]) -> Coverage {
    let mut c = Coverage::default();
    for k in checks {
        c.add(Finding::from_code(&k.finding));
    }
    c
}

fn inventory_view(m: &inventory::Model, checks: &[inventory_check::Model]) -> InventoryView {
    InventoryView {
        id: m.id,
        name: m.name.clone(),
        opened_on: m.opened_on,
        due_on: m.due_on,
        closed_on: m.closed_on,
        opened_by: m.opened_by.clone(),
        coverage: coverage(checks),
    }
}

impl App {
    /// Every inventory, latest first, with how far each got.
    pub async fn inventories(&self, actor: &Actor) -> AppResult<Vec<InventoryView>> {
        self.authorize(actor, Capability::ViewMedia).await?;
        let conn = self.store.conn();
        let mut out = Vec::new();
        for m in mamori_store::media::inventory::list(conn, actor.org_id).await? {
            let checks =
                mamori_store::media::inventory::checks(conn, actor.org_id, m.id, None).await?;
            out.push(inventory_view(&m, &checks));
        }
        Ok(out)
    }

    async fn inventory_row(&self, actor: &Actor, id: Uuid) -> AppResult<inventory::Model> {
        mamori_store::media::inventory::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// An inventory: each department's coverage, and the items of one department
    /// (`department`, else the first the reader may check).
    pub async fn inventory(
        &self,
        actor: &Actor,
        id: Uuid,
        department: Option<Uuid>,
    ) -> AppResult<InventoryDetail> {
        self.authorize(actor, Capability::ViewMedia).await?;
        let m = self.inventory_row(actor, id).await?;
        let conn = self.store.conn();
        let checks = mamori_store::media::inventory::checks(conn, actor.org_id, id, None).await?;
        let mut by_dept: BTreeMap<Option<Uuid>, Vec<inventory_check::Model>> = BTreeMap::new();
        for c in &checks {
            by_dept.entry(c.department_id).or_default().push(c.clone());
        }
        let idx = self.dept_tree(actor.org_id).await?;
        let open = m.closed_on.is_none();
        let mut departments: Vec<DeptCoverage> = by_dept
            .iter()
            .map(|(d, cs)| DeptCoverage {
                department_id: *d,
                department: d
                    .and_then(|d| idx.get(d))
                    .map(|d| d.name.clone())
                    .unwrap_or_default(),
                coverage: coverage(cs),
                may_check: open && actor.can(Capability::KeepMedia { department: *d }),
            })
            .collect();
        departments.sort_by(|a, b| a.department.cmp(&b.department));
        let chosen = department
            .filter(|d| by_dept.contains_key(&Some(*d)))
            .or_else(|| {
                departments
                    .iter()
                    .find(|d| d.may_check)
                    .or(departments.first())
                    .and_then(|d| d.department_id)
            });
        let shown = by_dept.get(&chosen).cloned().unwrap_or_default();
        let item_ids: Vec<Uuid> = shown.iter().map(|c| c.item_id).collect();
        let items = mamori_store::media::by_ids(conn, actor.org_id, &item_ids).await?;
        let names = self.media_names(actor.org_id, &items, &[]).await?;
        let mut views: Vec<_> = shown
            .iter()
            .map(|c| check_view(c, &m.name, items.iter().find(|i| i.id == c.item_id), &names))
            .collect();
        views.sort_by(|a, b| a.item_number.cmp(&b.item_number));
        Ok(InventoryDetail {
            inventory: inventory_view(&m, &checks),
            may_check: open && actor.can(Capability::KeepMedia { department: chosen }),
            may_close: open && actor.can(Capability::RunInventories),
            departments,
            department_id: chosen,
            checks: views,
        })
    }

    /// An inventory's coverage by department as rows of text (the whole organization
    /// first), for a CSV or Excel download; audited.
    pub async fn inventory_table(&self, actor: &Actor, id: Uuid) -> AppResult<Vec<Vec<String>>> {
        let d = self.inventory(actor, id, None).await?;
        let row = |name: String, c: &Coverage| {
            vec![
                name,
                c.items.to_string(),
                c.present.to_string(),
                c.missing.to_string(),
                (c.items - c.checked()).to_string(),
                c.percent().to_string(),
            ]
        };
        let mut out = vec![row(d.inventory.name.clone(), &d.inventory.coverage)];
        out.extend(
            d.departments
                .iter()
                .map(|x| row(x.department.clone(), &x.coverage)),
        );
        let tx = self.store.begin_write().await?;
        self.audit(
            &*tx,
            actor,
            "inventory.export",
            "inventory",
            &id.to_string(),
            vec![mamori_domain::audit::Change {
                field: "rows".into(),
                before: None,
                after: Some(serde_json::json!(out.len())),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Opens an inventory of every device and medium in use today.
    pub async fn open_inventory(&self, actor: &Actor, input: &InventoryInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::RunInventories).await?;
        let conn = self.store.conn();
        let today = self.today();
        if mamori_store::media::inventory::list(conn, actor.org_id)
            .await?
            .iter()
            .any(|i| i.closed_on.is_none())
        {
            return Err(AppError::field(
                "name",
                "実施中の棚卸があります。終了してから始めてください。",
                "An inventory is under way; close it first.",
            ));
        }
        let mut inv = Invalid::new();
        let name = mamori_domain::text::clean(&input.name);
        if name.is_empty() {
            inv.push(FieldError::new(
                "name",
                "棚卸の名称を入力してください。",
                "Give the inventory a name.",
            ));
        }
        let due = optional_date(&mut inv, "due_on", &input.due_on)
            .unwrap_or(today + Duration::days(ANSWER_DAYS));
        if due < today {
            inv.push(FieldError::new(
                "due_on",
                "回答期限は今日以降にしてください。",
                "The answers are due today or later.",
            ));
        }
        inv.into_result()?;
        let items = mamori_store::media::all(
            conn,
            actor.org_id,
            &ItemFilter {
                status: Some(ItemStatus::InUse.code().to_owned()),
                ..ItemFilter::default()
            },
            MAX_ITEMS,
        )
        .await?;
        let m = inventory::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            name,
            opened_on: today,
            due_on: due,
            closed_on: None,
            opened_by: actor.label.clone(),
            closed_by: String::new(),
            created_at: self.now(),
        };
        let checks: Vec<inventory_check::Model> = items
            .iter()
            .map(|i| inventory_check::Model {
                id: self.new_id(),
                org_id: actor.org_id,
                inventory_id: m.id,
                item_id: i.id,
                department_id: i.department_id,
                finding: String::new(),
                checked_by: String::new(),
                checked_at: None,
                note: String::new(),
                incident_id: None,
            })
            .collect();
        let tx = self.store.begin_write().await?;
        mamori_store::media::inventory::insert(&*tx, m.clone(), checks).await?;
        self.audit_change(
            &*tx,
            actor,
            "inventory.open",
            ("inventory", m.id),
            None,
            Some(&serde_json::json!({"name": m.name, "due_on": due, "items": items.len()})),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// An open inventory and one of its checks the actor may answer.
    async fn answerable(
        &self,
        actor: &Actor,
        id: Uuid,
        check: Uuid,
    ) -> AppResult<(inventory::Model, inventory_check::Model)> {
        let m = self.inventory_row(actor, id).await?;
        let c = mamori_store::media::inventory::get_check(self.store.conn(), actor.org_id, check)
            .await?
            .filter(|c| c.inventory_id == id)
            .ok_or(AppError::NotFound)?;
        self.authorize(
            actor,
            Capability::KeepMedia {
                department: c.department_id,
            },
        )
        .await?;
        if m.closed_on.is_some() {
            return Err(AppError::field(
                "inventory",
                "この棚卸は終了しています。",
                "This inventory is closed.",
            ));
        }
        Ok((m, c))
    }

    /// Records whether one item was found.
    pub async fn record_finding(
        &self,
        actor: &Actor,
        id: Uuid,
        check: Uuid,
        input: &FindingInput,
    ) -> AppResult<()> {
        let (_, before) = self.answerable(actor, id, check).await?;
        let finding = Finding::parse(&input.finding).map_err(|p| {
            let mut inv = Invalid::new();
            inv.push(p.at("finding"));
            AppError::Invalid(inv)
        })?;
        if before.incident_id.is_some() {
            return Err(AppError::field(
                "finding",
                "インシデントを起票した確認結果は変更できません。",
                "A finding an incident was opened from cannot change.",
            ));
        }
        let after = inventory_check::Model {
            finding: finding.code().to_owned(),
            checked_by: actor.label.clone(),
            checked_at: Some(self.now()),
            note: mamori_domain::text::clean(&input.note),
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        mamori_store::media::inventory::update_check(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "inventory.check",
            ("inventory_check", check),
            Some(&serde_json::json!({"finding": before.finding, "note": before.note})),
            Some(&serde_json::json!({"finding": after.finding, "note": after.note, "item_id": after.item_id})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records every item of a department not yet answered as present; returns how many.
    pub async fn confirm_rest(
        &self,
        actor: &Actor,
        id: Uuid,
        department: Option<Uuid>,
    ) -> AppResult<usize> {
        let m = self.inventory_row(actor, id).await?;
        self.authorize(actor, Capability::KeepMedia { department })
            .await?;
        if m.closed_on.is_some() {
            return Err(AppError::field(
                "inventory",
                "この棚卸は終了しています。",
                "This inventory is closed.",
            ));
        }
        let pending: Vec<Uuid> = mamori_store::media::inventory::checks(
            self.store.conn(),
            actor.org_id,
            id,
            Some(department),
        )
        .await?
        .into_iter()
        .filter(|c| c.finding.is_empty())
        .map(|c| c.id)
        .collect();
        let tx = self.store.begin_write().await?;
        mamori_store::media::inventory::set_findings(
            &*tx,
            actor.org_id,
            &pending,
            Finding::Present.code(),
            &actor.label,
            self.now(),
        )
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "inventory.confirm",
            ("inventory", id),
            None,
            Some(&serde_json::json!({"department_id": department, "present": pending.len()})),
        )
        .await?;
        tx.commit().await?;
        Ok(pending.len())
    }

    /// Opens a loss incident for an item found missing, in one step; the item is
    /// marked missing and the incident linked on the check.
    pub async fn missing_incident(&self, actor: &Actor, id: Uuid, check: Uuid) -> AppResult<Uuid> {
        let (m, before) = self.answerable(actor, id, check).await?;
        if before.finding != Finding::Missing.code() || before.incident_id.is_some() {
            return Err(AppError::field(
                "finding",
                "インシデントを起票できるのは所在不明で未起票のものだけです。",
                "An incident is opened only for an item found missing, once.",
            ));
        }
        let item = self.item_row(actor.org_id, before.item_id).await?;
        let holder = match item.holder_staff_id {
            Some(h) => mamori_store::staff::get(self.store.conn(), actor.org_id, h)
                .await?
                .map(|s| format!("{}（{}）", s.name, s.employee_number))
                .unwrap_or_default(),
            None => String::new(),
        };
        let filing = crate::incidents::Filing {
            title: format!("{}「{}」の所在不明（{}）", item.number, item.name, m.name),
            category: Category::LossTheft,
            description: format!(
                "棚卸で所在が確認できませんでした。\n棚卸: {}\n管理番号: {}\n名称: {}\n製造番号: {}\n暗号化: {}\n使用者: {holder}\n確認時の記録: {}",
                m.name,
                item.number,
                item.name,
                item.serial,
                if item.encrypted { "あり" } else { "なし" },
                before.note,
            ),
            location: String::new(),
            occurred_at: None,
            known_at: self.now(),
            reporter_staff_id: actor.staff_id,
            department_id: item.department_id,
            personal_data: false,
            persons: None,
            severity: None,
            assets: item.asset_id.into_iter().collect(),
            asset_numbers: Vec::new(),
        };
        let tx = self.store.begin_write().await?;
        let incident = self.file_incident(&*tx, actor, filing).await?;
        let after = inventory_check::Model {
            incident_id: Some(incident.id),
            ..before.clone()
        };
        mamori_store::media::inventory::update_check(&*tx, after).await?;
        self.audit_change(
            &*tx,
            actor,
            "inventory.incident",
            ("inventory_check", check),
            Some(&serde_json::json!({"incident": null})),
            Some(&serde_json::json!({"incident": incident.number, "item_id": item.id})),
        )
        .await?;
        if item.status == ItemStatus::InUse.code() {
            self.mark_missing(&*tx, actor, &item).await?;
        }
        tx.commit().await?;
        Ok(incident.id)
    }

    /// Closes an inventory; what was not answered stays unanswered on record.
    pub async fn close_inventory(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        self.authorize(actor, Capability::RunInventories).await?;
        let before = self.inventory_row(actor, id).await?;
        if before.closed_on.is_some() {
            return Err(AppError::field(
                "inventory",
                "この棚卸は既に終了しています。",
                "This inventory is already closed.",
            ));
        }
        let after = inventory::Model {
            closed_on: Some(self.today()),
            closed_by: actor.label.clone(),
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        mamori_store::media::inventory::update(&*tx, after).await?;
        self.audit_change(
            &*tx,
            actor,
            "inventory.close",
            ("inventory", id),
            Some(&serde_json::json!({"closed_on": null})),
            Some(&serde_json::json!({"closed_on": self.today()})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
