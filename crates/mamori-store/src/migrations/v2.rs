//! Version 2: the information asset register (情報資産台帳), classification schemes and
//! the relations between assets.
//!
//! Levels are stored twice on purpose: the level code as the organization writes it
//! ("3A") and its rank within the scale, so filters and the required-protection
//! columns compare integers. `req_*` hold the propagated required protection, kept
//! current on every write, so no request walks the relation graph.

use sea_orm::sea_query::{
    ColumnDef, ForeignKeyAction, IndexCreateStatement, Table, TableCreateStatement,
};

use super::cols::{boolean, date, fk, id, idx, tenant_table, text, ts, uuid_col};

fn small(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).small_integer().not_null().to_owned()
}

/// Optional free text; absent is the empty string, so exports and diffs need no nulls.
fn free(name: &'static str) -> ColumnDef {
    ColumnDef::new(name)
        .text()
        .not_null()
        .default("")
        .to_owned()
}

pub(super) fn v2_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("classification_schemes")
            .col(text("name", false))
            .col(text("preset", true))
            .col(text("body", false))
            .col(boolean("active"))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        tenant_table("assets")
            .col(text("number", false))
            .col(ColumnDef::new("number_seq").big_integer().null())
            .col(text("kind", false))
            .col(text("name", false))
            .col(free("description"))
            .col(free("business_process"))
            .col(uuid_col("department_id", true))
            .col(uuid_col("owner_staff_id", true))
            .col(free("user_scope"))
            .col(free("medium"))
            .col(free("location"))
            .col(text("network_layer", false))
            .col(free("provider"))
            .col(free("contractor"))
            .col(text("retention", true))
            .col(date("registered_on"))
            .col(date("review_on"))
            .col(text("status", false))
            .col(free("notes"))
            // Kind-specific details.
            .col(free("model"))
            .col(free("serial"))
            .col(free("asset_tag"))
            .col(free("vendor"))
            .col(free("version"))
            .col(free("licence"))
            .col(free("segment"))
            .col(free("address_range"))
            .col(free("building"))
            .col(free("room"))
            // Classification under `scheme_id`.
            .col(uuid_col("scheme_id", false))
            .col(text("c_level", false))
            .col(text("i_level", false))
            .col(text("a_level", false))
            .col(small("c_rank"))
            .col(small("i_rank"))
            .col(small("a_rank"))
            .col(small("importance"))
            .col(small("req_c"))
            .col(small("req_i"))
            .col(small("req_a"))
            // Personal data (個人情報).
            .col(text("personal_data", false))
            .col(boolean("ordinance_sensitive"))
            .col(ColumnDef::new("persons").big_integer().null())
            .col(boolean("restricted"))
            .col(text("search_key", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .foreign_key(&mut fk(
                "assets",
                "department_id",
                "departments",
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut fk(
                "assets",
                "owner_staff_id",
                "staff",
                ForeignKeyAction::SetNull,
            ))
            .foreign_key(&mut fk(
                "assets",
                "scheme_id",
                "classification_schemes",
                ForeignKeyAction::Restrict,
            ))
            .to_owned(),
        Table::create()
            .table("asset_relations")
            .if_not_exists()
            .col(id())
            .col(uuid_col("org_id", false))
            .col(uuid_col("from_id", false))
            .col(uuid_col("to_id", false))
            .col(text("kind", false))
            .col(free("note"))
            .col(ts("created_at", false))
            .foreign_key(&mut fk(
                "asset_relations",
                "org_id",
                "orgs",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "asset_relations",
                "from_id",
                "assets",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "asset_relations",
                "to_id",
                "assets",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    ]
}

pub(super) fn v2_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ux_schemes_name",
            "classification_schemes",
            &["org_id", "name"],
            true,
        ),
        idx("ux_assets_number", "assets", &["org_id", "number"], true),
        idx("ix_assets_seq", "assets", &["org_id", "number_seq"], false),
        // The register's default view: assets in use, by number.
        idx(
            "ix_assets_status_number",
            "assets",
            &["org_id", "status", "number"],
            false,
        ),
        idx(
            "ix_assets_department",
            "assets",
            &["org_id", "department_id"],
            false,
        ),
        idx("ix_assets_kind", "assets", &["org_id", "kind"], false),
        // Overdue reviews are asked of assets in use.
        idx(
            "ix_assets_review",
            "assets",
            &["org_id", "status", "review_on"],
            false,
        ),
        // Level filters count through these rather than the table rows.
        idx("ix_assets_c", "assets", &["org_id", "c_rank"], false),
        idx("ix_assets_i", "assets", &["org_id", "i_rank"], false),
        idx("ix_assets_a", "assets", &["org_id", "a_rank"], false),
        idx(
            "ix_assets_personal",
            "assets",
            &["org_id", "personal_data"],
            false,
        ),
        idx(
            "ix_assets_importance",
            "assets",
            &["org_id", "importance"],
            false,
        ),
        idx(
            "ux_relations_edge",
            "asset_relations",
            &["org_id", "from_id", "to_id", "kind"],
            true,
        ),
        idx(
            "ix_relations_to",
            "asset_relations",
            &["org_id", "to_id"],
            false,
        ),
    ]
}
