//! Version 11: invitations to make a local account, and accounts tied to the person
//! an OpenID provider knows.
//!
//! - `users.external_subject`: `{issuer}#{sub}` of the provider's person the account
//!   was first signed into through; later sign-ins must be that same person, whatever
//!   the claims say.
//! - `invitations`: a one-time link for a staff member without an account, handed out
//!   on paper or sent by mail. Only the SHA-256 of its token is kept (`id_hash`); a new
//!   invitation for the same person drops their unused ones, so only the newest works.

use sea_orm::sea_query::{
    ForeignKeyAction, IndexCreateStatement, Table, TableAlterStatement, TableCreateStatement,
};

use super::cols::{fk, idx, text, ts, uuid_col};

pub(super) fn v11_tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("invitations")
            .if_not_exists()
            .col(text("id_hash", false).primary_key().to_owned())
            .col(uuid_col("org_id", false))
            .col(uuid_col("staff_id", false))
            .col(text("issued_by", false))
            .col(text("channel", false))
            .col(ts("created_at", false))
            .col(ts("expires_at", false))
            .col(ts("used_at", true))
            .foreign_key(&mut fk(
                "invitations",
                "org_id",
                "orgs",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "invitations",
                "staff_id",
                "staff",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    ]
}

pub(super) fn v11_alters() -> Vec<TableAlterStatement> {
    vec![
        Table::alter()
            .table("users")
            .add_column(text("external_subject", true))
            .to_owned(),
    ]
}

pub(super) fn v11_indexes() -> Vec<IndexCreateStatement> {
    vec![idx(
        "ix_invitations_staff",
        "invitations",
        &["org_id", "staff_id"],
        false,
    )]
}
