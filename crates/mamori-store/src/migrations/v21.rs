//! Version 21: external services (外部サービス) and the contractors' people.
//!
//! - `services`: a SaaS, cloud platform, LGWAN-ASP or public web service the
//!   organization uses: its provider (a contractor of the register), the department
//!   that keeps it, the ceiling of what may be put on it (a level code per scale and the
//!   most sensitive personal information), its ISMAP listing, where it keeps the data,
//!   the terms accepted, the period of use and the confirmed deletion at its end.
//! - `service_assets`: the assets placed on a service.
//! - `service_admins`: the staff who administer it for the organization.
//! - `contractor_staff`: the staff register's 委託事業者 people and the company they
//!   work for (one company each).

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, IndexCreateStatement, TableCreateStatement};

use super::cols::{date, fk, idx, tenant_table, text, ts, uuid_col};

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

pub(super) fn v21_tables() -> Vec<TableCreateStatement> {
    vec![
        under("services", "contractor_id", "contractors")
            .col(ColumnDef::new("number").integer().not_null().to_owned())
            .col(text("name", false))
            .col(text("kind", false))
            .col(uuid_col("department_id", true))
            .col(text("purpose", false))
            .col(text("url", false))
            .col(text("max_c", false))
            .col(text("max_i", false))
            .col(text("max_a", false))
            .col(text("max_personal", false))
            .col(text("listing", false))
            .col(text("listing_number", false))
            .col(date("listed_on"))
            .col(date("listing_expires_on"))
            .col(text("location", false))
            .col(text("location_note", false))
            .col(date("terms_accepted_on"))
            .col(text("terms_ref", false))
            .col(date("starts_on"))
            .col(date("ends_on"))
            .col(text("deletion", false))
            .col(date("deleted_on"))
            .col(text("deletion_ref", false))
            .col(text("notes", false))
            .col(text("search_key", false))
            .col(text("created_by", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        under("service_assets", "service_id", "services")
            .col(uuid_col("asset_id", false))
            .to_owned(),
        under("service_admins", "service_id", "services")
            .col(uuid_col("staff_id", false))
            .to_owned(),
        under("contractor_staff", "contractor_id", "contractors")
            .col(uuid_col("staff_id", false))
            .to_owned(),
    ]
}

pub(super) fn v21_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ux_services_number",
            "services",
            &["org_id", "number"],
            true,
        ),
        idx(
            "ix_services_contractor",
            "services",
            &["contractor_id"],
            false,
        ),
        idx(
            "ux_service_assets",
            "service_assets",
            &["service_id", "asset_id"],
            true,
        ),
        idx(
            "ix_service_assets_asset",
            "service_assets",
            &["org_id", "asset_id"],
            false,
        ),
        idx(
            "ux_service_admins",
            "service_admins",
            &["service_id", "staff_id"],
            true,
        ),
        idx(
            "ux_contractor_staff",
            "contractor_staff",
            &["org_id", "staff_id"],
            true,
        ),
        idx(
            "ix_contractor_staff_company",
            "contractor_staff",
            &["contractor_id"],
            false,
        ),
    ]
}
