//! Version 10: where an account's password is checked.
//!
//! - `users.auth_source`: `local` (Mamori keeps the password's hash) or `directory`
//!   (the organization's Active Directory / LDAP checks it at every sign-in; Mamori
//!   keeps no hash, and the account was made by the person's first sign-in).

use sea_orm::sea_query::{ColumnDef, Table, TableAlterStatement};

pub(super) fn v10_alters() -> Vec<TableAlterStatement> {
    vec![
        Table::alter()
            .table("users")
            .add_column(
                ColumnDef::new("auth_source")
                    .text()
                    .not_null()
                    .default("local"),
            )
            .to_owned(),
    ]
}
