//! Version 30: information systems in self-inspections and audits.
//!
//! - `inspections.scope`: whom a campaign asks: `departments` (a sheet per department,
//!   as before) or `systems` (a sheet per information system, answered by the
//!   department that runs it).
//! - `inspection_sheets.asset_id`: the system a sheet is about (empty for a
//!   department's sheet). No foreign key: SQLite adds a column with one only when it
//!   is empty everywhere, and assets are retired or disposed of, never deleted.
//! - A campaign holds a department's own sheet once, and each system's sheet once, in
//!   place of one sheet per department: a department answers for each system it runs.
//! - `security_audits.systems`: the information systems an audit's plan names, with
//!   the department keeping each when planned (JSON), beside its departments and
//!   catalog chapters.

use sea_orm::sea_query::{
    ColumnDef, ConditionalStatement, Expr, ExprTrait, IndexCreateStatement, IndexDropStatement,
    Table, TableAlterStatement,
};

use super::cols::{idx, uuid_col};

pub(super) fn v30_alters() -> Vec<TableAlterStatement> {
    vec![
        Table::alter()
            .table("inspections")
            .add_column(
                ColumnDef::new("scope")
                    .text()
                    .not_null()
                    .default("departments"),
            )
            .to_owned(),
        Table::alter()
            .table("inspection_sheets")
            .add_column(uuid_col("asset_id", true))
            .to_owned(),
        Table::alter()
            .table("security_audits")
            .add_column(ColumnDef::new("systems").text().not_null().default("[]"))
            .to_owned(),
    ]
}

pub(super) fn v30_drops() -> Vec<IndexDropStatement> {
    vec![
        sea_orm::sea_query::Index::drop()
            .name("ux_inspection_sheets_department")
            .table("inspection_sheets")
            .if_exists()
            .to_owned(),
    ]
}

pub(super) fn v30_indexes() -> Vec<IndexCreateStatement> {
    // Partial indexes (both databases have them): a department's own sheet once per
    // campaign, and a system's sheet once per campaign.
    let mut own = idx(
        "ux_inspection_sheets_own",
        "inspection_sheets",
        &["inspection_id", "department_id"],
        true,
    );
    own.and_where(Expr::col("asset_id").is_null());
    let mut system = idx(
        "ux_inspection_sheets_system",
        "inspection_sheets",
        &["inspection_id", "asset_id"],
        true,
    );
    system.and_where(Expr::col("asset_id").is_not_null());
    vec![own, system]
}
