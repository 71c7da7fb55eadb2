//! Stored rows as shown and as audited. A row names other records by id; [`Names`]
//! holds what those ids read as, looked up once per page.

use std::collections::HashMap;

use chrono::NaiveDate;
use mamori_domain::Role;
use mamori_domain::media::inventory::Finding;
use mamori_domain::media::takeout::{self, Facts, State, parse_measures};
use mamori_domain::media::{ItemKind, ItemStatus};
use mamori_store::entity::{inventory_check, item, takeout as takeout_row};
use uuid::Uuid;

use super::view::{InventoryCheckView, ItemView, Named, OutOn, TakeoutView};
use crate::departments::DeptIndex;
use crate::physical::People;

/// A take-out's number as people write it.
pub(crate) fn takeout_number(n: i32) -> String {
    format!("T-{n:06}")
}

/// A disposal's number as people write it.
pub(crate) fn disposal_number(n: i32) -> String {
    format!("D-{n:06}")
}

/// What the ids on a page of rows read as.
#[derive(Default)]
pub(super) struct Names {
    pub depts: Option<DeptIndex>,
    pub people: People,
    /// Area id → (code, name).
    pub areas: HashMap<Uuid, (String, String)>,
    /// Asset id → number.
    pub assets: HashMap<Uuid, String>,
    /// Item id → (number, name).
    pub items: HashMap<Uuid, (String, String)>,
    /// Item id → the take-out it is out on.
    pub out: HashMap<Uuid, OutOn>,
}

impl Names {
    pub fn department(&self, id: Option<Uuid>) -> String {
        match (id, &self.depts) {
            (Some(d), Some(idx)) => idx.get(d).map(|d| d.name.clone()).unwrap_or_default(),
            _ => String::new(),
        }
    }
}

pub(super) fn state_of(m: &takeout_row::Model) -> State {
    takeout::state(Facts {
        approved: match m.decision.as_str() {
            "approved" => Some(true),
            "refused" => Some(false),
            _ => None,
        },
        cancelled: m.cancelled,
        out: m.checked_out_at.is_some(),
        returned: m.returned_at.is_some(),
    })
}

pub(super) fn days_overdue(m: &takeout_row::Model, today: NaiveDate) -> i64 {
    if state_of(m) == State::Out {
        takeout::days_overdue(m.due_on, today).unwrap_or(0)
    } else {
        0
    }
}

pub(super) fn item_view(m: &item::Model, n: &Names) -> ItemView {
    ItemView {
        id: m.id,
        number: m.number.clone(),
        kind: ItemKind::from_code(&m.kind).unwrap_or(ItemKind::Other),
        name: m.name.clone(),
        asset: m.asset_id.and_then(|a| {
            n.assets.get(&a).map(|num| Named {
                id: a,
                code: num.clone(),
                name: String::new(),
            })
        }),
        serial: m.serial.clone(),
        asset_tag: m.asset_tag.clone(),
        capacity: m.capacity.clone(),
        encrypted: m.encrypted,
        max_level: m.max_level.clone(),
        department_id: m.department_id,
        department: n.department(m.department_id),
        holder: m.holder_staff_id.and_then(|h| n.people.get(&h).cloned()),
        area: m.area_id.and_then(|a| {
            n.areas.get(&a).map(|(c, nm)| Named {
                id: a,
                code: c.clone(),
                name: nm.clone(),
            })
        }),
        rack: m.rack.clone(),
        status: ItemStatus::from_code(&m.status).unwrap_or(ItemStatus::InUse),
        notes: m.notes.clone(),
        out_on: n.out.get(&m.id).cloned(),
    }
}

/// A take-out as shown; what the reader may do is filled in by the caller.
pub(super) fn takeout_view(m: &takeout_row::Model, n: &Names, today: NaiveDate) -> TakeoutView {
    TakeoutView {
        id: m.id,
        number: takeout_number(m.number),
        item: m.item_id.and_then(|i| {
            n.items.get(&i).map(|(num, name)| Named {
                id: i,
                code: num.clone(),
                name: name.clone(),
            })
        }),
        what: m.what.clone(),
        data: m.data.clone(),
        level: m.level.clone(),
        purpose: m.purpose.clone(),
        destination: m.destination.clone(),
        measures: parse_measures(&m.measures).unwrap_or_default(),
        out_on: m.out_on,
        due_on: m.due_on,
        department: n.department(m.department_id),
        requester: m.requester_staff_id.and_then(|s| n.people.get(&s).cloned()),
        requested_at: m.requested_at,
        approver_role: Role::from_code(&m.approver_role).unwrap_or(Role::DeputyCiso),
        state: state_of(m),
        decided_by: m.decided_by.clone(),
        decided_at: m.decided_at,
        decision_note: m.decision_note.clone(),
        checked_out_at: m.checked_out_at,
        returned_at: m.returned_at,
        return_note: m.return_note.clone(),
        days_overdue: days_overdue(m, today),
        incident_id: m.incident_id,
        may_decide: false,
        may_handle: false,
    }
}

pub(super) fn check_view(
    c: &inventory_check::Model,
    inventory: &str,
    item: Option<&item::Model>,
    n: &Names,
) -> InventoryCheckView {
    InventoryCheckView {
        id: c.id,
        inventory_id: c.inventory_id,
        inventory: inventory.to_owned(),
        item_id: c.item_id,
        item_number: item.map(|i| i.number.clone()).unwrap_or_default(),
        item_kind: item
            .and_then(|i| ItemKind::from_code(&i.kind))
            .unwrap_or(ItemKind::Other),
        item_name: item.map(|i| i.name.clone()).unwrap_or_default(),
        holder: item
            .and_then(|i| i.holder_staff_id)
            .and_then(|h| n.people.get(&h).cloned()),
        finding: Finding::from_code(&c.finding),
        checked_by: c.checked_by.clone(),
        checked_at: c.checked_at,
        note: c.note.clone(),
        incident_id: c.incident_id,
    }
}

/// An item as its audit entries record it.
pub(crate) fn audited_item(m: &item::Model) -> serde_json::Value {
    serde_json::json!({
        "number": m.number,
        "kind": m.kind,
        "name": m.name,
        "asset_id": m.asset_id,
        "serial": m.serial,
        "asset_tag": m.asset_tag,
        "capacity": m.capacity,
        "encrypted": m.encrypted,
        "max_level": m.max_level,
        "department_id": m.department_id,
        "holder_staff_id": m.holder_staff_id,
        "area_id": m.area_id,
        "rack": m.rack,
        "status": m.status,
        "notes": m.notes,
    })
}

/// A take-out as its audit entries record it.
pub(super) fn audited_takeout(m: &takeout_row::Model) -> serde_json::Value {
    serde_json::json!({
        "number": takeout_number(m.number),
        "item_id": m.item_id,
        "what": m.what,
        "data": m.data,
        "level": m.level,
        "purpose": m.purpose,
        "destination": m.destination,
        "measures": m.measures,
        "out_on": m.out_on,
        "due_on": m.due_on,
        "approver_role": m.approver_role,
        "state": state_of(m).code(),
        "decided_by": m.decided_by,
        "decision_note": m.decision_note,
        "checked_out_at": m.checked_out_at,
        "returned_at": m.returned_at,
        "return_note": m.return_note,
        "incident_id": m.incident_id,
    })
}
