//! Version 15: policy documents.
//!
//! - `policy_documents`: a document of the policy (基本方針, 対策基準, 実施手順) with
//!   its number, tier, who may read it, the department that owns it and the controls
//!   it governs.
//! - `policy_versions`: each version's title and Markdown (stored with every heading
//!   numbered), its fingerprint, and where it stands: draft, review, or approved with
//!   the committee's meeting, decision number and the date it takes effect. Which
//!   version is in force follows from those dates (decision 030).
//! - `policy_sections`: a version split at its headings, for the diff and for records
//!   that cite a section.
//! - `policy_attachments`: the originals (PDF, Word) a version came from, kept with
//!   their SHA-256.
//! - `ack_campaigns`: who must acknowledge a version (a rule over the staff register,
//!   as JSON), by when, and how often they are reminded.
//! - `acknowledgements`: one per person and campaign: the version's fingerprint as it
//!   was shown, when, and whether on screen or on a signed paper form.
//! - `ack_scans`: the scan of a signed paper form.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, IndexCreateStatement, TableCreateStatement};

use super::cols::{date, fk, idx, tenant_table, text, ts, uuid_col};

fn int(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().to_owned()
}

pub(super) fn v15_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("policy_documents")
            .col(int("number"))
            .col(text("tier", false))
            .col(text("title", false))
            .col(text("disclosure", false))
            .col(uuid_col("department_id", true))
            .col(text("governs", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        tenant_table("policy_versions")
            .col(uuid_col("document_id", false))
            .col(int("version"))
            .col(text("state", false))
            .col(text("title", false))
            .col(text("body", false))
            .col(text("text_hash", false))
            .col(text("note", false))
            .col(text("meeting", false))
            .col(date("decided_on"))
            .col(text("decision_no", false))
            .col(date("effective_on"))
            .col(text("created_by", false))
            .col(text("approved_by", true))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .foreign_key(&mut fk(
                "policy_versions",
                "document_id",
                "policy_documents",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("policy_sections")
            .col(uuid_col("version_id", false))
            .col(int("position"))
            .col(text("number", false))
            .col(int("depth"))
            .col(text("heading", false))
            .col(text("body", false))
            .foreign_key(&mut fk(
                "policy_sections",
                "version_id",
                "policy_versions",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("policy_attachments")
            .col(uuid_col("version_id", false))
            .col(text("file_name", false))
            .col(text("file_type", false))
            .col(ColumnDef::new("size").big_integer().not_null())
            .col(text("sha256", false))
            .col(ColumnDef::new("body").binary().not_null())
            .col(text("uploaded_by", false))
            .col(ts("uploaded_at", false))
            .foreign_key(&mut fk(
                "policy_attachments",
                "version_id",
                "policy_versions",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("ack_campaigns")
            .col(uuid_col("document_id", false))
            .col(uuid_col("version_id", false))
            .col(int("version"))
            .col(text("audience", false))
            .col(date("starts_on"))
            .col(date("due_on"))
            .col(int("remind_every_days"))
            .col(int("new_hire_days"))
            .col(date("last_reminded_on"))
            .col(ts("closed_at", true))
            .col(text("created_by", false))
            .col(ts("created_at", false))
            .foreign_key(&mut fk(
                "ack_campaigns",
                "version_id",
                "policy_versions",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("acknowledgements")
            .col(uuid_col("campaign_id", false))
            .col(uuid_col("staff_id", false))
            .col(uuid_col("version_id", false))
            .col(text("text_hash", false))
            .col(text("method", false))
            .col(date("signed_on"))
            .col(ts("acknowledged_at", false))
            .col(text("recorded_by", false))
            .foreign_key(&mut fk(
                "acknowledgements",
                "campaign_id",
                "ack_campaigns",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("ack_scans")
            .col(uuid_col("ack_id", false))
            .col(text("file_name", false))
            .col(text("file_type", false))
            .col(ColumnDef::new("size").big_integer().not_null())
            .col(text("sha256", false))
            .col(ColumnDef::new("body").binary().not_null())
            .foreign_key(&mut fk(
                "ack_scans",
                "ack_id",
                "acknowledgements",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    ]
}

pub(super) fn v15_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ux_policy_documents_number",
            "policy_documents",
            &["org_id", "number"],
            true,
        ),
        idx(
            "ux_policy_versions_version",
            "policy_versions",
            &["document_id", "version"],
            true,
        ),
        idx(
            "ix_policy_versions_org",
            "policy_versions",
            &["org_id", "state"],
            false,
        ),
        idx(
            "ix_policy_sections_version",
            "policy_sections",
            &["version_id", "position"],
            false,
        ),
        idx(
            "ix_ack_campaigns_org",
            "ack_campaigns",
            &["org_id", "document_id"],
            false,
        ),
        idx(
            "ux_acknowledgements_person",
            "acknowledgements",
            &["campaign_id", "staff_id"],
            true,
        ),
        idx(
            "ix_acknowledgements_staff",
            "acknowledgements",
            &["org_id", "staff_id"],
            false,
        ),
        idx("ix_ack_scans_ack", "ack_scans", &["ack_id"], false),
        idx(
            "ix_policy_attachments_version",
            "policy_attachments",
            &["version_id"],
            false,
        ),
    ]
}
