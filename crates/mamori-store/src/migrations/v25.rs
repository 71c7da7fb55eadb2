//! Version 25: internal audits.
//!
//! - `audit_programmes`: an audit programme of several fiscal years (中長期計画) and its
//!   aims.
//! - `security_audits`: an audit planned in a fiscal year (年度計画), internal or an outside
//!   auditor's: its number, title, scope (departments and catalog chapters, as JSON),
//!   criteria, schedule, stage and summary.
//! - `audit_auditors`: who audits, and for one auditing their own department the
//!   recorded reason.
//! - `audit_findings`: a finding (指摘事項) of an audit: its number in the audit, grade,
//!   department, criterion, what was found, the department's answer, and when the
//!   auditor closed it.
//! - `corrective_actions`: an action against a finding: cause, action, owner, due day,
//!   its report of being done and the auditor's verification.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, IndexCreateStatement, TableCreateStatement};

use super::cols::{date, fk, idx, tenant_table, text, ts, uuid_col};

fn int(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().to_owned()
}

fn day(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().not_null().to_owned()
}

pub(super) fn v25_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("audit_programmes")
            .col(text("name", false))
            .col(int("from_year"))
            .col(int("until_year"))
            .col(text("aims", false))
            .col(text("created_by", false))
            .col(ts("created_at", false))
            .to_owned(),
        tenant_table("security_audits")
            .col(text("number", false))
            .col(uuid_col("programme_id", true))
            .col(int("fiscal_year"))
            .col(text("kind", false))
            .col(text("title", false))
            .col(text("departments", false))
            .col(text("chapters", false))
            .col(text("criteria", false))
            .col(day("planned_from"))
            .col(day("planned_until"))
            .col(text("state", false))
            .col(text("external_body", false))
            .col(text("summary", false))
            .col(text("created_by", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        tenant_table("audit_auditors")
            .col(uuid_col("audit_id", false))
            .foreign_key(&mut fk(
                "audit_auditors",
                "audit_id",
                "security_audits",
                ForeignKeyAction::Cascade,
            ))
            .col(uuid_col("staff_id", false))
            .col(text("role", false))
            .col(text("own_department_reason", false))
            .to_owned(),
        tenant_table("audit_findings")
            .col(uuid_col("audit_id", false))
            .foreign_key(&mut fk(
                "audit_findings",
                "audit_id",
                "security_audits",
                ForeignKeyAction::Cascade,
            ))
            .col(int("seq"))
            .col(text("grade", false))
            .col(uuid_col("department_id", false))
            .col(text("criterion", false))
            .col(text("description", false))
            .col(day("found_on"))
            .col(text("recorded_by", false))
            .col(text("response", false))
            .col(text("responded_by", false))
            .col(ts("responded_at", true))
            .col(date("closed_on"))
            .col(text("closed_by", false))
            .to_owned(),
        tenant_table("corrective_actions")
            .col(uuid_col("finding_id", false))
            .foreign_key(&mut fk(
                "corrective_actions",
                "finding_id",
                "audit_findings",
                ForeignKeyAction::Cascade,
            ))
            .col(text("cause", false))
            .col(text("action", false))
            .col(uuid_col("owner_staff_id", true))
            .col(day("due_on"))
            .col(text("state", false))
            .col(text("done_note", false))
            .col(date("done_on"))
            .col(text("reported_by", false))
            .col(text("verify_note", false))
            .col(date("verified_on"))
            .col(text("verified_by", false))
            .col(ts("created_at", false))
            .to_owned(),
    ]
}

pub(super) fn v25_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ux_security_audits_number",
            "security_audits",
            &["org_id", "number"],
            true,
        ),
        idx(
            "ix_security_audits_year",
            "security_audits",
            &["org_id", "fiscal_year"],
            false,
        ),
        idx(
            "ux_audit_auditors",
            "audit_auditors",
            &["audit_id", "staff_id"],
            true,
        ),
        idx(
            "ux_audit_findings_seq",
            "audit_findings",
            &["audit_id", "seq"],
            true,
        ),
        idx(
            "ix_audit_findings_department",
            "audit_findings",
            &["org_id", "department_id"],
            false,
        ),
        idx(
            "ix_corrective_actions_finding",
            "corrective_actions",
            &["org_id", "finding_id"],
            false,
        ),
        idx(
            "ix_corrective_actions_due",
            "corrective_actions",
            &["org_id", "due_on"],
            false,
        ),
    ]
}
