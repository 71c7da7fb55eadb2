//! Version 24: self-inspection (自己点検).
//!
//! - `inspections`: a campaign: its name, fiscal year, where its checklist came from,
//!   when it opened, when answers are due and when it closed.
//! - `inspection_items`: the checklist, numbered in the campaign: area, question,
//!   guidance, the catalog control or applied control it asks about, and the one
//!   department it is for when it comes from that department's applied control.
//! - `inspection_sheets`: one per department in scope: where it stands (answering,
//!   submitted, returned, accepted), who submitted and reviewed it, and the review note.
//! - `inspection_answers`: one per item a sheet asks: the answer, its comment, the
//!   evidence records linked, whether the reviewer returned it and why, and the risk
//!   or audit finding opened from it.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, IndexCreateStatement, TableCreateStatement};

use super::cols::{boolean, date, fk, idx, tenant_table, text, ts, uuid_col};

fn int(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().to_owned()
}

pub(super) fn v24_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("inspections")
            .col(text("name", false))
            .col(int("fiscal_year"))
            .col(text("source", false))
            .col(ColumnDef::new("opened_on").date().not_null().to_owned())
            .col(ColumnDef::new("due_on").date().not_null().to_owned())
            .col(date("closed_on"))
            .col(text("opened_by", false))
            .col(text("closed_by", false))
            .col(ts("created_at", false))
            .to_owned(),
        tenant_table("inspection_items")
            .col(uuid_col("inspection_id", false))
            .foreign_key(&mut fk(
                "inspection_items",
                "inspection_id",
                "inspections",
                ForeignKeyAction::Cascade,
            ))
            .col(int("position"))
            .col(text("area_code", false))
            .col(text("area", false))
            .col(text("question", false))
            .col(text("guidance", false))
            .col(text("control_ref", false))
            .col(uuid_col("applied_control_id", true))
            .col(uuid_col("department_id", true))
            .to_owned(),
        tenant_table("inspection_sheets")
            .col(uuid_col("inspection_id", false))
            .foreign_key(&mut fk(
                "inspection_sheets",
                "inspection_id",
                "inspections",
                ForeignKeyAction::Cascade,
            ))
            .col(uuid_col("department_id", false))
            .col(text("state", false))
            .col(text("submitted_by", false))
            .col(ts("submitted_at", true))
            .col(text("reviewed_by", false))
            .col(ts("reviewed_at", true))
            .col(text("review_note", false))
            .to_owned(),
        tenant_table("inspection_answers")
            .col(uuid_col("sheet_id", false))
            .foreign_key(&mut fk(
                "inspection_answers",
                "sheet_id",
                "inspection_sheets",
                ForeignKeyAction::Cascade,
            ))
            .col(uuid_col("item_id", false))
            .col(text("answer", false))
            .col(text("comment", false))
            .col(text("evidence", false))
            .col(text("answered_by", false))
            .col(ts("answered_at", true))
            .col(boolean("returned"))
            .col(text("return_note", false))
            .col(uuid_col("risk_id", true))
            .col(uuid_col("finding_id", true))
            .to_owned(),
    ]
}

pub(super) fn v24_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ix_inspections_year",
            "inspections",
            &["org_id", "fiscal_year"],
            false,
        ),
        idx(
            "ux_inspection_items_position",
            "inspection_items",
            &["inspection_id", "position"],
            true,
        ),
        idx(
            "ux_inspection_sheets_department",
            "inspection_sheets",
            &["inspection_id", "department_id"],
            true,
        ),
        idx(
            "ux_inspection_answers_item",
            "inspection_answers",
            &["sheet_id", "item_id"],
            true,
        ),
        idx(
            "ix_inspection_answers_org",
            "inspection_answers",
            &["org_id", "sheet_id"],
            false,
        ),
    ]
}
