//! Version 27: the calendar of what is due.
//!
//! - `calendar_feeds`: a user's iCalendar feed, behind a secret kept only as its hash;
//!   one per user, replaced when renewed and deleted when revoked.

use sea_orm::sea_query::{IndexCreateStatement, TableCreateStatement};

use super::cols::{idx, tenant_table, text, ts, uuid_col};

pub(super) fn v27_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("calendar_feeds")
            .col(uuid_col("user_id", false))
            .col(text("token_hash", false))
            .col(ts("created_at", false))
            .to_owned(),
    ]
}

pub(super) fn v27_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ux_calendar_feeds_user",
            "calendar_feeds",
            &["user_id"],
            true,
        ),
        idx(
            "ux_calendar_feeds_token",
            "calendar_feeds",
            &["token_hash"],
            true,
        ),
    ]
}
