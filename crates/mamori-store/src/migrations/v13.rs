//! Version 13: incidents.
//!
//! - `incidents`: one report and its handling. `number` (`INC-2026-0007`) comes from
//!   `number_year` and `number_seq`, unique per organization. `restricted` is set when
//!   personal data or an insider is involved: only those with need see it, and every
//!   read is audited. `first_response_due` is when an untouched incident escalates.
//! - `incident_assets`: the assets and systems involved (their marks come along).
//! - `incident_members`: the CSIRT members working on it, besides the assignee.
//! - `incident_timeline`: append-only; each entry has the time of the event and the time
//!   it was recorded; a correction is a new entry naming the one it corrects.
//! - `incident_tasks`: who does what by when.
//! - `incident_links`: recurrence prevention — the risks and applied controls an
//!   incident created or changed.
//! - `incident_breach`: the personal-data breach assessment (facts as JSON, outcome,
//!   the two due dates), the notice to the persons and the publication.
//! - `breach_submissions`: each report filed with the PPC (速報, 確報, 追加報告), for
//!   personal data or separately for My Number data.
//! - `incident_settings`: per organization, who signs off a closure, the 速報 target
//!   and the days before a due date on which reminders go out.

use sea_orm::sea_query::{
    ColumnDef, ForeignKeyAction, IndexCreateStatement, Table, TableCreateStatement,
};

use super::cols::{boolean, date, fk, idx, tenant_table, text, ts, uuid_col};

fn big(name: &'static str, nullable: bool) -> ColumnDef {
    let mut c = ColumnDef::new(name);
    c.big_integer();
    if !nullable {
        c.not_null();
    }
    c
}

fn child(name: &'static str) -> TableCreateStatement {
    tenant_table(name)
        .col(uuid_col("incident_id", false))
        .foreign_key(&mut fk(
            name,
            "incident_id",
            "incidents",
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

pub(super) fn v13_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("incidents")
            .col(ColumnDef::new("number_year").integer().not_null())
            .col(big("number_seq", false))
            .col(text("number", false))
            .col(text("title", false))
            .col(text("category", false))
            .col(text("description", false))
            .col(text("location", false))
            .col(ts("occurred_at", true))
            .col(ts("known_at", false))
            .col(ts("reported_at", false))
            .col(uuid_col("reporter_staff_id", true))
            .col(text("reporter", false))
            .col(uuid_col("department_id", true))
            .col(boolean("personal_data"))
            .col(big("persons", true))
            .col(boolean("restricted"))
            .col(text("state", false))
            .col(ts("state_changed_at", false))
            .col(text("severity", true))
            .col(uuid_col("assignee_staff_id", true))
            .col(ts("first_response_due", false))
            .col(ts("first_response_at", true))
            .col(ts("escalated_at", true))
            .col(text("root_cause_category", true))
            .col(text("root_cause", false))
            .col(text("contributing", false))
            .col(text("lessons", false))
            .col(text("end_reason", false))
            .col(ts("closed_at", true))
            .col(text("closed_by", true))
            .col(text("search_key", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        Table::create()
            .table("incident_assets")
            .if_not_exists()
            .col(uuid_col("incident_id", false))
            .col(uuid_col("asset_id", false))
            .col(uuid_col("org_id", false))
            .primary_key(
                sea_orm::sea_query::Index::create()
                    .col("incident_id")
                    .col("asset_id"),
            )
            .foreign_key(&mut fk(
                "incident_assets",
                "incident_id",
                "incidents",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "incident_assets",
                "asset_id",
                "assets",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        Table::create()
            .table("incident_members")
            .if_not_exists()
            .col(uuid_col("incident_id", false))
            .col(uuid_col("staff_id", false))
            .col(uuid_col("org_id", false))
            .primary_key(
                sea_orm::sea_query::Index::create()
                    .col("incident_id")
                    .col("staff_id"),
            )
            .foreign_key(&mut fk(
                "incident_members",
                "incident_id",
                "incidents",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "incident_members",
                "staff_id",
                "staff",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        child("incident_timeline")
            .col(big("seq", false))
            .col(ts("happened_at", false))
            .col(ts("recorded_at", false))
            .col(text("actor", false))
            .col(text("kind", false))
            .col(text("body", false))
            .col(uuid_col("corrects", true))
            .to_owned(),
        child("incident_tasks")
            .col(text("title", false))
            .col(uuid_col("owner_staff_id", true))
            .col(date("due_on"))
            .col(ts("done_at", true))
            .col(ts("created_at", false))
            .to_owned(),
        child("incident_links")
            .col(text("target_type", false))
            .col(uuid_col("target_id", false))
            .col(text("note", false))
            .col(ts("created_at", false))
            .to_owned(),
        Table::create()
            .table("incident_breach")
            .if_not_exists()
            .col(uuid_col("incident_id", false).primary_key().to_owned())
            .col(uuid_col("org_id", false))
            .col(text("facts", false))
            .col(text("outcome", false))
            .col(date("preliminary_due"))
            .col(date("final_due"))
            .col(ts("assessed_at", false))
            .col(text("assessed_by", false))
            .col(text("notice", false))
            .col(text("publication", false))
            .col(text("report", false))
            .foreign_key(&mut fk(
                "incident_breach",
                "incident_id",
                "incidents",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        child("breach_submissions")
            .col(text("kind", false))
            .col(boolean("my_number"))
            .col(date("submitted_on"))
            .col(text("note", false))
            .col(ts("recorded_at", false))
            .col(text("recorded_by", false))
            .to_owned(),
        Table::create()
            .table("incident_settings")
            .if_not_exists()
            .col(uuid_col("org_id", false).primary_key().to_owned())
            .col(text("closer_role", false))
            .col(ColumnDef::new("preliminary_days").integer().not_null())
            .col(text("reminder_days", false))
            .col(ts("updated_at", false))
            .foreign_key(&mut fk(
                "incident_settings",
                "org_id",
                "orgs",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    ]
}

pub(super) fn v13_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ux_incidents_number",
            "incidents",
            &["org_id", "number_year", "number_seq"],
            true,
        ),
        idx(
            "ix_incidents_state",
            "incidents",
            &["org_id", "state"],
            false,
        ),
        idx(
            "ix_incidents_reporter",
            "incidents",
            &["org_id", "reporter_staff_id"],
            false,
        ),
        idx(
            "ix_incidents_known",
            "incidents",
            &["org_id", "known_at"],
            false,
        ),
        idx(
            "ix_incident_timeline",
            "incident_timeline",
            &["incident_id", "seq"],
            true,
        ),
        idx(
            "ix_incident_tasks",
            "incident_tasks",
            &["incident_id"],
            false,
        ),
        idx(
            "ix_incident_links_target",
            "incident_links",
            &["org_id", "target_type", "target_id"],
            false,
        ),
        idx(
            "ix_breach_submissions",
            "breach_submissions",
            &["incident_id"],
            false,
        ),
        idx(
            "ix_incident_assets_asset",
            "incident_assets",
            &["asset_id"],
            false,
        ),
    ]
}
