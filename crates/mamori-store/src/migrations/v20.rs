//! Version 20: the contractor register (外部委託).
//!
//! - `contractors`: the company, its 法人番号 (checked, empty when it has none), address
//!   and contact.
//! - `contractor_certifications`: ISO/IEC 27001, プライバシーマーク, ISMAP … with their
//!   numbers, registration and expiry.
//! - `contracts`: what a contractor does for the organization, for which department and
//!   period, whether personal data or 特定個人情報 is entrusted, and the template's
//!   security clauses the contract has (their codes, comma-separated).
//! - `contract_assets`: the assets and systems a contract handles.
//! - `contract_subcontractors`: the sub-contractors (再委託先) a contract uses, each from
//!   the register, with the approval it needs (empty until approved).
//! - `contract_checks`: the periodic checks made (report, on-site inspection …) and
//!   what they found.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, IndexCreateStatement, TableCreateStatement};

use super::cols::{boolean, date, fk, idx, tenant_table, text, ts, uuid_col};

fn under(
    name: &'static str,
    parent_col: &'static str,
    parent: &'static str,
) -> TableCreateStatement {
    tenant_table(name)
        .col(uuid_col(parent_col, false))
        .foreign_key(&mut fk(name, parent_col, parent, ForeignKeyAction::Cascade))
        .to_owned()
}

pub(super) fn v20_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("contractors")
            .col(ColumnDef::new("number").integer().not_null().to_owned())
            .col(text("name", false))
            .col(text("kana", false))
            .col(text("corporate_number", false))
            .col(text("address", false))
            .col(text("contact", false))
            .col(text("notes", false))
            .col(text("search_key", false))
            .col(text("created_by", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        under("contractor_certifications", "contractor_id", "contractors")
            .col(text("kind", false))
            .col(text("number", false))
            .col(text("scope", false))
            .col(date("registered_on"))
            .col(date("expires_on"))
            .col(ts("created_at", false))
            .to_owned(),
        under("contracts", "contractor_id", "contractors")
            .col(ColumnDef::new("number").integer().not_null().to_owned())
            .col(text("subject", false))
            .col(uuid_col("department_id", true))
            .col(ColumnDef::new("starts_on").date().not_null().to_owned())
            .col(ColumnDef::new("ends_on").date().not_null().to_owned())
            .col(boolean("personal_data"))
            .col(boolean("my_number"))
            .col(text("clauses", false))
            .col(text("notes", false))
            .col(text("search_key", false))
            .col(text("created_by", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        under("contract_assets", "contract_id", "contracts")
            .col(uuid_col("asset_id", false))
            .to_owned(),
        under("contract_subcontractors", "contract_id", "contracts")
            .col(uuid_col("contractor_id", false))
            .col(text("scope", false))
            .col(date("approved_on"))
            .col(text("approved_by", false))
            .col(text("approval_ref", false))
            .col(ts("created_at", false))
            .to_owned(),
        under("contract_checks", "contract_id", "contracts")
            .col(ColumnDef::new("checked_on").date().not_null().to_owned())
            .col(text("kind", false))
            .col(text("findings", false))
            .col(boolean("issues"))
            .col(text("checked_by", false))
            .col(ts("created_at", false))
            .to_owned(),
    ]
}

pub(super) fn v20_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ux_contractors_number",
            "contractors",
            &["org_id", "number"],
            true,
        ),
        idx(
            "ix_contractors_corporate",
            "contractors",
            &["org_id", "corporate_number"],
            false,
        ),
        idx(
            "ix_contractor_certifications",
            "contractor_certifications",
            &["contractor_id"],
            false,
        ),
        idx(
            "ix_contractor_certifications_expiry",
            "contractor_certifications",
            &["org_id", "expires_on"],
            false,
        ),
        idx(
            "ux_contracts_number",
            "contracts",
            &["org_id", "number"],
            true,
        ),
        idx(
            "ix_contracts_contractor",
            "contracts",
            &["contractor_id"],
            false,
        ),
        idx(
            "ix_contracts_end",
            "contracts",
            &["org_id", "ends_on"],
            false,
        ),
        idx(
            "ix_contracts_department",
            "contracts",
            &["org_id", "department_id"],
            false,
        ),
        idx(
            "ux_contract_assets",
            "contract_assets",
            &["contract_id", "asset_id"],
            true,
        ),
        idx(
            "ix_contract_assets_asset",
            "contract_assets",
            &["org_id", "asset_id"],
            false,
        ),
        idx(
            "ix_contract_subcontractors",
            "contract_subcontractors",
            &["contract_id"],
            false,
        ),
        idx(
            "ix_contract_checks",
            "contract_checks",
            &["contract_id", "checked_on"],
            false,
        ),
    ]
}
