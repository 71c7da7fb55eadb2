//! Version 23: equipment and removable media, their inventory and their take-outs.
//!
//! - `items`: the devices and media a city holds (PCs, servers, disks, USB memories,
//!   SD cards, paper ledgers): number, kind, serial number, asset tag, capacity,
//!   encryption, the highest confidentiality it may carry, the department, the holder,
//!   the area and rack it is kept in, the asset of the register it belongs to, and its
//!   status (in use, missing, disposed).
//! - `inventories` and `inventory_checks`: an inventory (棚卸) and one check per item
//!   it asked about, with what the department found and the incident a missing item
//!   opened.
//! - `takeouts`: a request to take an item or records out: what, which data and its
//!   confidentiality, purpose, destination, period and measures; the role that must
//!   approve it and the decision; the times it went out and came back; the reminders
//!   sent while it was late and the incident opened if it did not come back.
//! - `media_settings`: who approves take-outs, per confidentiality level.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, IndexCreateStatement, TableCreateStatement};

use super::cols::{boolean, date, fk, idx, tenant_table, text, ts, uuid_col};

fn day(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().not_null().to_owned()
}

pub(super) fn v23_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("items")
            .col(text("number", false))
            .col(text("kind", false))
            .col(text("name", false))
            .col(uuid_col("asset_id", true))
            .col(text("serial", false))
            .col(text("asset_tag", false))
            .col(text("capacity", false))
            .col(boolean("encrypted"))
            .col(text("max_level", false))
            .col(uuid_col("department_id", true))
            .col(uuid_col("holder_staff_id", true))
            .col(uuid_col("area_id", true))
            .col(text("rack", false))
            .col(text("status", false))
            .col(text("notes", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        tenant_table("inventories")
            .col(text("name", false))
            .col(day("opened_on"))
            .col(day("due_on"))
            .col(date("closed_on"))
            .col(text("opened_by", false))
            .col(text("closed_by", false))
            .col(ts("created_at", false))
            .to_owned(),
        tenant_table("inventory_checks")
            .col(uuid_col("inventory_id", false))
            .foreign_key(&mut fk(
                "inventory_checks",
                "inventory_id",
                "inventories",
                ForeignKeyAction::Cascade,
            ))
            .col(uuid_col("item_id", false))
            .col(uuid_col("department_id", true))
            .col(text("finding", false))
            .col(text("checked_by", false))
            .col(ts("checked_at", true))
            .col(text("note", false))
            .col(uuid_col("incident_id", true))
            .to_owned(),
        tenant_table("takeouts")
            .col(ColumnDef::new("number").integer().not_null().to_owned())
            .col(uuid_col("item_id", true))
            .col(text("what", false))
            .col(text("data", false))
            .col(text("level", false))
            .col(text("purpose", false))
            .col(text("destination", false))
            .col(text("measures", false))
            .col(day("out_on"))
            .col(day("due_on"))
            .col(uuid_col("department_id", true))
            .col(uuid_col("requester_staff_id", true))
            .col(text("requested_by", false))
            .col(ts("requested_at", false))
            .col(text("approver_role", false))
            .col(text("decision", false))
            .col(text("decided_by", false))
            .col(ts("decided_at", true))
            .col(text("decision_note", false))
            .col(boolean("cancelled"))
            .col(ts("checked_out_at", true))
            .col(ts("returned_at", true))
            .col(text("return_note", false))
            .col(date("reminded_on"))
            .col(date("escalated_on"))
            .col(uuid_col("incident_id", true))
            .to_owned(),
        tenant_table("media_settings")
            .col(text("approvers", false))
            .col(ts("updated_at", false))
            .to_owned(),
    ]
}

pub(super) fn v23_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx("ux_items_number", "items", &["org_id", "number"], true),
        idx(
            "ix_items_department",
            "items",
            &["org_id", "department_id"],
            false,
        ),
        idx("ix_items_asset", "items", &["org_id", "asset_id"], false),
        idx(
            "ux_inventory_checks_item",
            "inventory_checks",
            &["inventory_id", "item_id"],
            true,
        ),
        idx(
            "ix_inventory_checks_department",
            "inventory_checks",
            &["org_id", "inventory_id", "department_id"],
            false,
        ),
        idx(
            "ux_takeouts_number",
            "takeouts",
            &["org_id", "number"],
            true,
        ),
        idx(
            "ix_takeouts_item",
            "takeouts",
            &["org_id", "item_id"],
            false,
        ),
        idx("ix_takeouts_due", "takeouts", &["org_id", "due_on"], false),
        idx("ux_media_settings_org", "media_settings", &["org_id"], true),
    ]
}
