//! Version 14: security events from monitoring.
//!
//! - `event_sources`: where events come from — a webhook (its secret sealed with the
//!   settings key, as connection settings are) or syslog (the sender addresses that
//!   identify it). Sources are disabled, never deleted, so every event keeps its source.
//! - `security_events`: one row per distinct event; identical events within the fold
//!   window raise `repeats` and `last_at` instead of adding rows. `rule_id` and
//!   `incident_id` say which rule took it and to which incident.
//! - `event_rules`: which events become incident drafts or join an open incident.
//! - `event_settings`: per organization, how long events are kept.
//! - `incidents.contained_at`: when an incident left containment and recovery (for the
//!   statistics' time to contain).

use sea_orm::sea_query::{
    ColumnDef, ForeignKeyAction, IndexCreateStatement, Table, TableAlterStatement,
    TableCreateStatement,
};

use super::cols::{boolean, fk, idx, tenant_table, text, ts, uuid_col};

fn int(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().to_owned()
}

pub(super) fn v14_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("event_sources")
            .col(text("name", false))
            .col(text("kind", false))
            .col(text("secret", true))
            .col(text("senders", false))
            .col(boolean("enabled"))
            .col(ts("last_event_at", true))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        tenant_table("event_rules")
            .col(text("name", false))
            .col(int("position"))
            .col(boolean("enabled"))
            .col(uuid_col("source_id", true))
            .col(int("min_severity"))
            .col(text("host", false))
            .col(text("pattern", false))
            .col(text("action", false))
            .col(text("category", false))
            .col(text("severity", true))
            .col(uuid_col("incident_id", true))
            .col(int("window_minutes"))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .foreign_key(&mut fk(
                "event_rules",
                "source_id",
                "event_sources",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("security_events")
            .col(uuid_col("source_id", false))
            .col(text("fingerprint", false))
            .col(ts("received_at", false))
            .col(ts("last_at", false))
            .col(ts("occurred_at", true))
            .col(text("host", false))
            .col(text("app", false))
            .col(int("severity"))
            .col(text("message", false))
            .col(text("raw", false))
            .col(ColumnDef::new("repeats").big_integer().not_null())
            .col(uuid_col("rule_id", true))
            .col(uuid_col("incident_id", true))
            .foreign_key(&mut fk(
                "security_events",
                "source_id",
                "event_sources",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        Table::create()
            .table("event_settings")
            .if_not_exists()
            .col(uuid_col("org_id", false).primary_key().to_owned())
            .col(int("retention_days"))
            .col(ts("updated_at", false))
            .foreign_key(&mut fk(
                "event_settings",
                "org_id",
                "orgs",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    ]
}

pub(super) fn v14_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ux_event_sources_name",
            "event_sources",
            &["org_id", "name"],
            true,
        ),
        idx(
            "ix_security_events_last",
            "security_events",
            &["org_id", "last_at"],
            false,
        ),
        idx(
            "ix_security_events_fold",
            "security_events",
            &["source_id", "fingerprint", "last_at"],
            false,
        ),
        idx(
            "ix_security_events_rule",
            "security_events",
            &["rule_id", "host", "last_at"],
            false,
        ),
        idx(
            "ix_security_events_incident",
            "security_events",
            &["incident_id"],
            false,
        ),
        idx(
            "ix_event_rules_org",
            "event_rules",
            &["org_id", "position"],
            false,
        ),
        // The dashboard's open incidents by severity, and those past their first-response
        // target, read from the index alone (a city's register is mostly closed cases).
        idx(
            "ix_incidents_open",
            "incidents",
            &[
                "org_id",
                "state",
                "severity",
                "first_response_at",
                "first_response_due",
            ],
            false,
        ),
    ]
}

pub(super) fn v14_alters() -> Vec<TableAlterStatement> {
    vec![
        Table::alter()
            .table("incidents")
            .add_column(ts("contained_at", true))
            .to_owned(),
    ]
}
