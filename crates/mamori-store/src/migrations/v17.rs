//! Version 17: exceptions to the standards (例外措置).
//!
//! - `exceptions`: a department's departure from one rule (stored as its canonical
//!   text, e.g. `POL-002 §3.2`, `AC-0001`, `mic-guideline:2.3.1`), why, what makes up
//!   for it, its period, whether it was taken urgently and when its report is due, the
//!   decision and its conditions, the exception it renews, and its last review.
//! - `exception_assets`: the assets and systems an exception covers.
//! - `compliance_settings`: how an organization runs its compliance registers (JSON).

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, IndexCreateStatement, TableCreateStatement};

use super::cols::{boolean, date, fk, idx, tenant_table, text, ts, uuid_col};

fn int(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().to_owned()
}

fn day(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().not_null().to_owned()
}

pub(super) fn v17_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("exceptions")
            .col(int("number"))
            .col(text("title", false))
            .col(uuid_col("department_id", true))
            .col(text("rule", false))
            .col(text("rule_kind", false))
            .col(text("reason", false))
            .col(text("compensating", false))
            .col(day("valid_from"))
            .col(day("valid_until"))
            .col(boolean("urgent"))
            .col(date("report_due"))
            .col(text("state", false))
            .col(text("conditions", false))
            .col(text("decision_ref", false))
            .col(text("decided_by", false))
            .col(date("decided_on"))
            .col(uuid_col("renews_id", true))
            .col(text("requested_by", false))
            .col(uuid_col("requester_staff_id", true))
            .col(date("reviewed_on"))
            .col(text("review_note", false))
            .col(text("search_key", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        tenant_table("exception_assets")
            .col(uuid_col("exception_id", false))
            .col(uuid_col("asset_id", false))
            .foreign_key(&mut fk(
                "exception_assets",
                "exception_id",
                "exceptions",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        sea_orm::sea_query::Table::create()
            .table("compliance_settings")
            .if_not_exists()
            .col(uuid_col("org_id", false).primary_key().to_owned())
            .col(text("body", false))
            .col(ts("updated_at", false))
            .foreign_key(&mut fk(
                "compliance_settings",
                "org_id",
                "orgs",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    ]
}

pub(super) fn v17_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ux_exceptions_number",
            "exceptions",
            &["org_id", "number"],
            true,
        ),
        // The register's usual filters: what stands (state and end date), whose, which rule.
        idx(
            "ix_exceptions_state",
            "exceptions",
            &["org_id", "state", "valid_until"],
            false,
        ),
        idx(
            "ix_exceptions_department",
            "exceptions",
            &["org_id", "department_id"],
            false,
        ),
        idx(
            "ix_exceptions_rule",
            "exceptions",
            &["org_id", "rule"],
            false,
        ),
        idx(
            "ux_exception_assets",
            "exception_assets",
            &["exception_id", "asset_id"],
            true,
        ),
        idx(
            "ix_exception_assets_asset",
            "exception_assets",
            &["org_id", "asset_id"],
            false,
        ),
    ]
}
