//! Version 28: revisions (見直し) of the policy opened by evaluation.
//!
//! - `policy_revisions`: a revision of a policy document's next version, what led to it
//!   (an audit finding, an incident, a law's amendment: kind, record, the record it
//!   sits in and its name as it stood), the section concerned and the reason.

use sea_orm::sea_query::{ColumnDef, IndexCreateStatement, TableCreateStatement};

use super::cols::{idx, tenant_table, text, ts, uuid_col};

pub(super) fn v28_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("policy_revisions")
            .col(uuid_col("document_id", false))
            .col(ColumnDef::new("version").integer().not_null().to_owned())
            .col(text("section", false))
            .col(text("trigger", false))
            .col(uuid_col("source_id", false))
            .col(uuid_col("source_parent", true))
            .col(text("source_label", false))
            .col(text("reason", false))
            .col(text("opened_by", false))
            .col(ts("opened_at", false))
            .to_owned(),
    ]
}

pub(super) fn v28_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ix_policy_revisions_document",
            "policy_revisions",
            &["org_id", "document_id"],
            false,
        ),
        idx(
            "ix_policy_revisions_source",
            "policy_revisions",
            &["org_id", "source_id"],
            false,
        ),
    ]
}
