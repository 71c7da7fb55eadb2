//! Version 3: register revisions, for the in-memory register index.
//!
//! Every write to `assets` stamps the row with the next value of its organization's
//! counter in `asset_revs`. The counter row stays locked until the writing
//! transaction commits, so revisions become visible in order, and a reader holding
//! the register up to revision n catches up by reading only the rows above n.
//!
//! Lists, counts and filters of the register are answered from that index, so the
//! per-filter indexes of version 2 only slow every write down; they are dropped.
//! What stays serves lookups by number, the next generated number, the department
//! foreign key and reminders of overdue reviews.

use sea_orm::sea_query::{
    ColumnDef, Expr, IndexCreateStatement, IndexDropStatement, InsertStatement, Query, Table,
    TableAlterStatement, TableCreateStatement,
};

use super::cols::{fk, idx, uuid_col};

pub(super) fn v3_tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("asset_revs")
            .if_not_exists()
            .col(uuid_col("org_id", false).primary_key().to_owned())
            .col(ColumnDef::new("rev").big_integer().not_null().default(0))
            .foreign_key(&mut fk(
                "asset_revs",
                "org_id",
                "orgs",
                sea_orm::sea_query::ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    ]
}

pub(super) fn v3_alters() -> Vec<TableAlterStatement> {
    vec![
        Table::alter()
            .table("assets")
            .add_column(ColumnDef::new("rev").big_integer().not_null().default(0))
            .to_owned(),
    ]
}

pub(super) fn v3_drops() -> Vec<IndexDropStatement> {
    [
        "ix_assets_status_number",
        "ix_assets_kind",
        "ix_assets_c",
        "ix_assets_i",
        "ix_assets_a",
        "ix_assets_personal",
        "ix_assets_importance",
    ]
    .into_iter()
    .map(|name| {
        sea_orm::sea_query::Index::drop()
            .name(name)
            .table("assets")
            .if_exists()
            .to_owned()
    })
    .collect()
}

pub(super) fn v3_indexes() -> Vec<IndexCreateStatement> {
    vec![idx("ix_assets_rev", "assets", &["org_id", "rev"], false)]
}

/// A counter for every organization that already exists.
pub(super) fn v3_seed() -> Vec<InsertStatement> {
    vec![
        Query::insert()
            .into_table("asset_revs")
            .columns(["org_id", "rev"])
            .select_from(
                Query::select()
                    .column("id")
                    .expr(Expr::val(0i64))
                    .from("orgs")
                    .to_owned(),
            )
            .unwrap_or_else(|e| unreachable!("two columns, two expressions: {e}"))
            .to_owned(),
    ]
}
