//! Version 30: self-inspection by information system.
//!
//! - `inspections.scope`: whom a campaign asks: `departments` (a sheet per department,
//!   as before) or `systems` (a sheet per information system, answered by the
//!   department that runs it).
//! - `inspection_sheets.asset_id`: the system a sheet is about (empty for a
//!   department's sheet). No foreign key: SQLite adds a column with one only when it
//!   is empty everywhere, and assets are retired or disposed of, never deleted.
//! - A campaign holds one sheet per department and system, in place of one per
//!   department: a department answers for each system it runs.

use sea_orm::sea_query::{
    ColumnDef, IndexCreateStatement, IndexDropStatement, Table, TableAlterStatement,
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
    vec![idx(
        "ux_inspection_sheets_subject",
        "inspection_sheets",
        &["inspection_id", "department_id", "asset_id"],
        true,
    )]
}
