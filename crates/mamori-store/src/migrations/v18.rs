//! Version 18: violations of the policy and what was done about them (§11).
//!
//! - `violations`: who (a staff member, or a contractor's person by name and company),
//!   which rule, what happened, when found and by whom, the evidence and the incident
//!   behind it; the assessment (culpability, impact, the measures the guidance
//!   recommended), the decision (by whom, at which meeting, its number), the person's
//!   explanation (弁明), the measures done, and when it was closed. Restricted: only the
//!   designated roles read it, and every read is audited.
//! - `violation_assets`: the assets involved, which inform the impact.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, IndexCreateStatement, TableCreateStatement};

use super::cols::{boolean, date, fk, idx, tenant_table, text, ts, uuid_col};

pub(super) fn v18_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("violations")
            .col(ColumnDef::new("number").integer().not_null().to_owned())
            .col(text("state", false))
            .col(text("title", false))
            .col(uuid_col("person_staff_id", true))
            .col(text("person_name", false))
            .col(text("person_company", false))
            .col(uuid_col("department_id", true))
            .col(text("rule", false))
            .col(text("what", false))
            .col(date("occurred_on"))
            .col(ColumnDef::new("found_on").date().not_null().to_owned())
            .col(text("found_by", false))
            .col(text("evidence", false))
            .col(uuid_col("incident_id", true))
            .col(text("culpability", false))
            .col(text("impact", false))
            .col(text("assessment", false))
            .col(text("recommended", false))
            .col(text("decided_by", false))
            .col(text("meeting", false))
            .col(text("decision_ref", false))
            .col(date("decided_on"))
            .col(text("decision", false))
            .col(text("explanation", false))
            .col(date("explained_on"))
            .col(text("measures", false))
            .col(boolean("access_suspended"))
            .col(date("closed_on"))
            .col(text("created_by", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        tenant_table("violation_assets")
            .col(uuid_col("violation_id", false))
            .col(uuid_col("asset_id", false))
            .foreign_key(&mut fk(
                "violation_assets",
                "violation_id",
                "violations",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    ]
}

pub(super) fn v18_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ux_violations_number",
            "violations",
            &["org_id", "number"],
            true,
        ),
        idx(
            "ix_violations_state",
            "violations",
            &["org_id", "state"],
            false,
        ),
        idx(
            "ix_violations_closed",
            "violations",
            &["org_id", "closed_on"],
            false,
        ),
        idx(
            "ux_violation_assets",
            "violation_assets",
            &["violation_id", "asset_id"],
            true,
        ),
    ]
}
