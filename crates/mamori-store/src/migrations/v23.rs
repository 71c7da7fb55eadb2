//! Version 23: equipment and removable media, their inventory, their take-outs and
//! their disposal.
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
//! - `disposals`, `disposal_items` and `disposal_files`: a disposal (廃棄) of items
//!   or records: the data they held and its confidentiality, the method, who performs
//!   it (staff, or a contractor of the register) and who witnesses it, the serial
//!   numbers on the erasure certificate; the items it destroys (with their serial
//!   numbers as they were); the certificate and photos, with their SHA-256.
//! - `media_settings`: who approves take-outs, and the disposal methods and witnesses
//!   each confidentiality level asks for.

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
        tenant_table("disposals")
            .col(ColumnDef::new("number").integer().not_null().to_owned())
            .col(text("what", false))
            .col(text("data", false))
            .col(text("level", false))
            .col(text("method", false))
            .col(boolean("paper"))
            .col(uuid_col("department_id", true))
            .col(text("performer", false))
            .col(uuid_col("contractor_id", true))
            .col(text("performer_name", false))
            .col(uuid_col("witness_staff_id", true))
            .col(day("planned_on"))
            .col(uuid_col("requester_staff_id", true))
            .col(text("requested_by", false))
            .col(ts("requested_at", false))
            .col(text("certificate_serials", false))
            .col(date("completed_on"))
            .col(text("completed_by", false))
            .col(ts("completed_at", true))
            .col(boolean("cancelled"))
            .col(text("notes", false))
            .to_owned(),
        tenant_table("disposal_items")
            .col(uuid_col("disposal_id", false))
            .foreign_key(&mut fk(
                "disposal_items",
                "disposal_id",
                "disposals",
                ForeignKeyAction::Cascade,
            ))
            .col(uuid_col("item_id", false))
            .col(text("number", false))
            .col(text("serial", false))
            .to_owned(),
        tenant_table("disposal_files")
            .col(uuid_col("disposal_id", false))
            .foreign_key(&mut fk(
                "disposal_files",
                "disposal_id",
                "disposals",
                ForeignKeyAction::Cascade,
            ))
            .col(text("kind", false))
            .col(text("file_name", false))
            .col(text("file_type", false))
            .col(ColumnDef::new("size").big_integer().not_null().to_owned())
            .col(text("sha256", false))
            .col(ColumnDef::new("body").binary().not_null().to_owned())
            .col(text("uploaded_by", false))
            .col(ts("uploaded_at", false))
            .to_owned(),
        tenant_table("media_settings")
            .col(text("approvers", false))
            .col(text("disposal_rules", false))
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
        idx(
            "ux_disposals_number",
            "disposals",
            &["org_id", "number"],
            true,
        ),
        idx(
            "ix_disposal_items_disposal",
            "disposal_items",
            &["disposal_id"],
            false,
        ),
        idx(
            "ix_disposal_items_item",
            "disposal_items",
            &["org_id", "item_id"],
            false,
        ),
        idx(
            "ix_disposal_files_disposal",
            "disposal_files",
            &["disposal_id"],
            false,
        ),
        idx("ux_media_settings_org", "media_settings", &["org_id"], true),
    ]
}
