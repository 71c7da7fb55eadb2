//! Version 9: telling people things, and jobs that run on a schedule.
//!
//! - `notifications`: a person's inbox. A notice is kept as its kind and its data
//!   (JSON), written into words when read, in the reader's language. `digest_pending`
//!   marks notices whose mail waits for the person's daily digest.
//! - `mail_outbox`: every mail, written in the same transaction as the change that
//!   causes it and sent afterwards by the scheduler's mail job; `state` is `pending`,
//!   `sent` or `failed` (all tries used: shown to administrators, who may resend).
//! - `jobs`: one row per recurring job, installation-wide. A server runs a job only
//!   after taking its lease (`holder`, `lease_until`) in one conditional update, so
//!   several servers on one PostgreSQL run it once; a crashed holder's lease runs out.
//! - `users.notify_prefs`: the person's choices about mail (JSON, see
//!   `mamori_domain::notify::NoticePrefs`).

use sea_orm::sea_query::{
    ColumnDef, ForeignKeyAction, IndexCreateStatement, Table, TableAlterStatement,
    TableCreateStatement,
};

use super::cols::{boolean, fk, idx, tenant_table, text, ts, uuid_col};

pub(super) fn v9_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("notifications")
            .col(uuid_col("user_id", false))
            .col(text("kind", false))
            .col(text("data", false))
            .col(ts("created_at", false))
            .col(ts("read_at", true))
            .col(boolean("digest_pending"))
            .foreign_key(&mut fk(
                "notifications",
                "user_id",
                "users",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("mail_outbox")
            .col(text("to_addr", false))
            .col(text("subject", false))
            .col(text("body", false))
            .col(text("kind", false))
            .col(text("state", false))
            .col(ColumnDef::new("attempts").integer().not_null().default(0))
            .col(ts("created_at", false))
            .col(ts("next_attempt_at", false))
            .col(ts("sent_at", true))
            .col(text("last_error", true))
            .to_owned(),
        Table::create()
            .table("jobs")
            .if_not_exists()
            .col(ColumnDef::new("name").text().not_null().primary_key())
            .col(ts("next_run_at", false))
            .col(text("holder", true))
            .col(ts("lease_until", true))
            .col(ts("last_started_at", true))
            .col(ts("last_finished_at", true))
            .col(ColumnDef::new("last_ok").boolean().null())
            .col(text("last_message", true))
            .col(ColumnDef::new("last_duration_ms").big_integer().null())
            .col(ColumnDef::new("runs").big_integer().not_null().default(0))
            .to_owned(),
    ]
}

pub(super) fn v9_alters() -> Vec<TableAlterStatement> {
    vec![
        Table::alter()
            .table("users")
            .add_column(
                ColumnDef::new("notify_prefs")
                    .text()
                    .not_null()
                    .default("{}"),
            )
            .to_owned(),
    ]
}

pub(super) fn v9_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ix_notifications_user",
            "notifications",
            &["user_id", "created_at"],
            false,
        ),
        idx(
            "ix_notifications_unread",
            "notifications",
            &["user_id", "read_at"],
            false,
        ),
        idx(
            "ix_mail_outbox_due",
            "mail_outbox",
            &["state", "next_attempt_at"],
            false,
        ),
        idx(
            "ix_mail_outbox_org",
            "mail_outbox",
            &["org_id", "state", "created_at"],
            false,
        ),
    ]
}
