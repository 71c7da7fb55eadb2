//! Version 12: connection settings kept from the settings screens.
//!
//! One row per kind of connection (`directory`, `oidc`, `mail`) for the installation —
//! logins are unique across the installation, so one directory and one provider sign
//! everybody in; `org_id` names the organization they sign into. `fields` is the JSON
//! of the plain settings; `secret` is the password or client secret sealed with the
//! settings key, which lives in a file beside the audit key, never in the database.
//! `revision` rises with every save across all rows, so a server sees at a glance that
//! another server changed something.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Table, TableCreateStatement};

use super::cols::{fk, text, ts, uuid_col};

pub(super) fn v12_tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("connection_settings")
            .if_not_exists()
            .col(text("kind", false).primary_key().to_owned())
            .col(uuid_col("org_id", false))
            .col(text("fields", false))
            .col(text("secret", true))
            .col(ColumnDef::new("revision").big_integer().not_null())
            .col(ts("updated_at", false))
            .col(text("updated_by", false))
            .foreign_key(&mut fk(
                "connection_settings",
                "org_id",
                "orgs",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    ]
}
