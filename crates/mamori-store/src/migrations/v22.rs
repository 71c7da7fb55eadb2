//! Version 22: physical security — places and who may enter them, and the entry log.
//!
//! - `places`: buildings, floors and secure areas (管理区域) in one tree; an area has
//!   its level, department, manager, entry controls, hours, review cadence and the
//!   column names of its door system's log.
//! - `area_grants`: who may enter an area unescorted (a staff member or a role), why,
//!   for how long, and when a review last confirmed it.
//! - `area_reviews`: the periodic reviews of an area's list.
//! - `badges`: entry cards and who holds them (none: a visitor card).
//! - `area_entries`: one stay in an area (typed at the door, imported from the door
//!   log or sent by a door system), its flags and how they were settled. A year of a
//!   city hall's swipes is millions of rows: the indexes serve an area's days, a
//!   person's days and what awaits settling.
//! - `area_signoffs`: the manager's monthly sign-off of an area's log.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, IndexCreateStatement, TableCreateStatement};

use super::cols::{boolean, date, fk, idx, tenant_table, text, ts, uuid_col};

fn day(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().not_null().to_owned()
}

fn int(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().to_owned()
}

fn in_area(name: &'static str) -> TableCreateStatement {
    tenant_table(name)
        .col(uuid_col("area_id", false))
        .foreign_key(&mut fk(
            name,
            "area_id",
            "places",
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

pub(super) fn v22_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("places")
            .col(uuid_col("parent_id", true))
            .col(text("kind", false))
            .col(text("code", false))
            .col(text("name", false))
            .col(text("level", false))
            .col(uuid_col("department_id", true))
            .col(uuid_col("manager_staff_id", true))
            .col(text("controls", false))
            .col(text("hours", false))
            .col(boolean("weekends"))
            .col(int("review_months"))
            .col(text("log_columns", false))
            .col(text("notes", false))
            .col(boolean("retired"))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        in_area("area_grants")
            .col(uuid_col("staff_id", true))
            .col(text("role", false))
            .col(text("reason", false))
            .col(day("valid_from"))
            .col(day("valid_to"))
            .col(day("granted_on"))
            .col(text("granted_by", false))
            .col(date("confirmed_on"))
            .col(date("removed_on"))
            .col(text("removed_reason", false))
            .col(ts("created_at", false))
            .to_owned(),
        in_area("area_reviews")
            .col(day("opened_on"))
            .col(day("due_on"))
            .col(date("closed_on"))
            .col(text("opened_by", false))
            .col(text("closed_by", false))
            .to_owned(),
        tenant_table("badges")
            .col(text("number", false))
            .col(uuid_col("staff_id", true))
            .col(text("label", false))
            .col(ts("created_at", false))
            .to_owned(),
        in_area("area_entries")
            .col(uuid_col("staff_id", true))
            .col(text("badge", false))
            .col(text("visitor_name", false))
            .col(text("company", false))
            .col(text("purpose", false))
            .col(uuid_col("escort_staff_id", true))
            .col(text("escort_name", false))
            .col(ts("entered_at", false))
            .col(ts("exited_at", true))
            .col(text("source", false))
            .col(int("flags"))
            .col(boolean("pending"))
            .col(text("explanation", false))
            .col(text("settled_by", false))
            .col(ts("settled_at", true))
            .col(uuid_col("incident_id", true))
            .col(ts("created_at", false))
            .to_owned(),
        in_area("area_signoffs")
            .col(day("month"))
            .col(int("entries"))
            .col(int("flagged"))
            .col(text("note", false))
            .col(text("signed_by", false))
            .col(ts("signed_at", false))
            .to_owned(),
    ]
}

pub(super) fn v22_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx("ux_places_code", "places", &["org_id", "code"], true),
        idx(
            "ix_places_parent",
            "places",
            &["org_id", "parent_id"],
            false,
        ),
        idx("ix_area_grants_area", "area_grants", &["area_id"], false),
        idx(
            "ix_area_grants_staff",
            "area_grants",
            &["org_id", "staff_id"],
            false,
        ),
        idx(
            "ix_area_reviews_area",
            "area_reviews",
            &["area_id", "opened_on"],
            false,
        ),
        idx("ux_badges_number", "badges", &["org_id", "number"], true),
        idx(
            "ix_area_entries_area_time",
            "area_entries",
            &["org_id", "area_id", "entered_at"],
            false,
        ),
        idx(
            "ix_area_entries_staff_time",
            "area_entries",
            &["org_id", "staff_id", "entered_at"],
            false,
        ),
        idx(
            "ix_area_entries_pending",
            "area_entries",
            &["org_id", "pending", "area_id"],
            false,
        ),
        idx(
            "ux_area_signoffs_month",
            "area_signoffs",
            &["area_id", "month"],
            true,
        ),
    ]
}
