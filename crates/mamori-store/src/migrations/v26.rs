//! Version 26: the security committee.
//!
//! - `committee_meetings`: a meeting, numbered in its fiscal year: its day, place,
//!   state, attendees (staff ids, as JSON) and guests, its minutes (Markdown) and the
//!   later meeting that approved them.
//! - `committee_agenda_items`: what a meeting takes up, in order: its kind and the
//!   record it brings (a policy document with its version, a risk, an exception …).
//! - `committee_decisions`: the numbered decision (議決) taken on an item: outcome,
//!   text, and for an approval the day it takes effect or expires.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, IndexCreateStatement, TableCreateStatement};

use super::cols::{date, fk, idx, tenant_table, text, ts, uuid_col};

fn int(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().to_owned()
}

pub(super) fn v26_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("committee_meetings")
            .col(int("fiscal_year"))
            .col(int("seq"))
            .col(text("title", false))
            .col(ColumnDef::new("held_on").date().not_null().to_owned())
            .col(text("place", false))
            .col(text("state", false))
            .col(text("attendees", false))
            .col(text("guests", false))
            .col(text("minutes", false))
            .col(uuid_col("minutes_approved_in", true))
            .col(date("minutes_approved_on"))
            .col(text("created_by", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        tenant_table("committee_agenda_items")
            .col(uuid_col("meeting_id", false))
            .foreign_key(&mut fk(
                "committee_agenda_items",
                "meeting_id",
                "committee_meetings",
                ForeignKeyAction::Cascade,
            ))
            .col(int("seq"))
            .col(text("kind", false))
            .col(uuid_col("record_id", true))
            .col(ColumnDef::new("record_version").integer().null().to_owned())
            .col(text("title", false))
            .col(text("note", false))
            .to_owned(),
        tenant_table("committee_decisions")
            .col(uuid_col("meeting_id", false))
            .col(uuid_col("agenda_item_id", false))
            .foreign_key(&mut fk(
                "committee_decisions",
                "agenda_item_id",
                "committee_agenda_items",
                ForeignKeyAction::Cascade,
            ))
            .col(int("fiscal_year"))
            .col(int("seq"))
            .col(text("number", false))
            .col(text("outcome", false))
            .col(text("text", false))
            .col(date("effective_on"))
            .col(date("expires_on"))
            .col(ColumnDef::new("decided_on").date().not_null().to_owned())
            .col(text("recorded_by", false))
            .col(ts("created_at", false))
            .to_owned(),
    ]
}

pub(super) fn v26_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ux_committee_meetings_seq",
            "committee_meetings",
            &["org_id", "fiscal_year", "seq"],
            true,
        ),
        idx(
            "ux_committee_agenda_seq",
            "committee_agenda_items",
            &["meeting_id", "seq"],
            true,
        ),
        idx(
            "ux_committee_decisions_number",
            "committee_decisions",
            &["org_id", "number"],
            true,
        ),
        idx(
            "ux_committee_decisions_item",
            "committee_decisions",
            &["agenda_item_id"],
            true,
        ),
    ]
}
