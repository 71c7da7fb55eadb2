//! Version 4: risk assessment and treatment (§7–8 of the basic policy).
//!
//! - `threats`, `vulnerabilities`: each organization's editable catalogs, seeded from
//!   the built-in municipal set.
//! - `risk_settings`: the organization's risk method (JSON of the domain's
//!   `RiskMethod`).
//! - `risks` with `risk_assets`: the risk register. Each of the three evaluations
//!   (inherent, current, residual) is stored as its factors, score and level, and as
//!   the heat-map cell it falls in (`*_x`, `*_y`), so a heat map is one `GROUP BY` and
//!   a cell's link is an equality filter.
//! - `campaigns`, `campaign_departments`: yearly or ad-hoc assessments, with the
//!   snapshot frozen at closing.
//! - `catalogs`: control catalogs an organization imported (its own, or a licensed
//!   version of a built-in one, which then shadows the built-in).
//! - `applied_controls` with their links (`applied_control_refs` to catalog controls,
//!   `risk_controls`, `applied_control_assets`) and `evidence` files, kept in the
//!   database so a backup holds everything.
//! - `soa_entries`, `soa_versions`: the Statement of Applicability as edited, and the
//!   versions the committee approved.

use sea_orm::sea_query::{
    Alias, ColumnDef, ForeignKeyAction, IndexCreateStatement, Table, TableCreateStatement,
};

use super::cols::{boolean, date, fk, idx, tenant_table, text, ts, uuid_col};

fn free(name: &'static str) -> ColumnDef {
    ColumnDef::new(name)
        .text()
        .not_null()
        .default("")
        .to_owned()
}

fn small(name: &'static str, nullable: bool) -> ColumnDef {
    let mut c = ColumnDef::new(name);
    c.small_integer();
    if !nullable {
        c.not_null();
    }
    c
}

/// The columns of one evaluation stage: factors, score, level and heat-map cell.
fn stage(t: &mut TableCreateStatement, prefix: &'static str) {
    for suffix in ["f1", "f2", "f3", "score", "level", "x", "y"] {
        t.col(ColumnDef::new(Alias::new(format!("{prefix}_{suffix}"))).small_integer());
    }
}

fn catalog_entry(name: &'static str) -> TableCreateStatement {
    tenant_table(name)
        .col(text("code", false))
        .col(text("category", false))
        .col(text("name_ja", false))
        .col(free("name_en"))
        .col(free("description_ja"))
        .col(free("description_en"))
        .col(free("asset_kinds"))
        .col(boolean("builtin"))
        .col(boolean("retired"))
        .col(ts("created_at", false))
        .col(ts("updated_at", false))
        .to_owned()
}

fn link(
    name: &'static str,
    a: (&'static str, &'static str),
    b: (&'static str, &'static str),
) -> TableCreateStatement {
    tenant_table(name)
        .col(uuid_col(a.0, false))
        .col(uuid_col(b.0, false))
        .foreign_key(&mut fk(name, a.0, a.1, ForeignKeyAction::Cascade))
        .foreign_key(&mut fk(name, b.0, b.1, ForeignKeyAction::Cascade))
        .to_owned()
}

pub(super) fn v4_tables() -> Vec<TableCreateStatement> {
    let mut risks = tenant_table("risks")
        .col(text("number", false))
        .col(ColumnDef::new("number_seq").big_integer().null())
        .col(text("title", false))
        .col(free("description"))
        .col(uuid_col("department_id", true))
        .col(free("asset_group"))
        .col(uuid_col("threat_id", true))
        .col(uuid_col("vulnerability_id", true))
        .to_owned();
    for s in ["inherent", "current", "residual"] {
        stage(&mut risks, s);
    }
    risks
        .col(text("treatment", true))
        .col(free("treatment_note"))
        .col(text("status", false))
        .col(uuid_col("owner_staff_id", true))
        .col(date("due_on"))
        .col(date("review_on"))
        .col(uuid_col("campaign_id", true))
        .col(free("accepted_by"))
        .col(date("accepted_on"))
        .col(free("acceptance_reason"))
        .col(date("acceptance_expires_on"))
        .col(ts("created_at", false))
        .col(ts("updated_at", false))
        .foreign_key(&mut fk(
            "risks",
            "department_id",
            "departments",
            ForeignKeyAction::Restrict,
        ))
        .foreign_key(&mut fk(
            "risks",
            "threat_id",
            "threats",
            ForeignKeyAction::Restrict,
        ))
        .foreign_key(&mut fk(
            "risks",
            "vulnerability_id",
            "vulnerabilities",
            ForeignKeyAction::Restrict,
        ))
        .foreign_key(&mut fk(
            "risks",
            "owner_staff_id",
            "staff",
            ForeignKeyAction::SetNull,
        ))
        .foreign_key(&mut fk(
            "risks",
            "campaign_id",
            "campaigns",
            ForeignKeyAction::SetNull,
        ));

    vec![
        catalog_entry("threats")
            .col(small("likelihood", false))
            .to_owned(),
        catalog_entry("vulnerabilities")
            .col(small("severity", true))
            .to_owned(),
        Table::create()
            .table("risk_settings")
            .if_not_exists()
            .col(uuid_col("org_id", false).primary_key().to_owned())
            .col(text("body", false))
            .col(ts("updated_at", false))
            .foreign_key(&mut fk(
                "risk_settings",
                "org_id",
                "orgs",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("campaigns")
            .col(text("name", false))
            .col(text("kind", false))
            .col(ColumnDef::new("fiscal_year").integer().not_null())
            .col(text("status", false))
            .col(date("started_on"))
            .col(date("closed_on"))
            .col(text("snapshot", true))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        link(
            "campaign_departments",
            ("campaign_id", "campaigns"),
            ("department_id", "departments"),
        )
        .col(date("completed_on"))
        .col(free("completed_by"))
        .to_owned(),
        risks,
        link("risk_assets", ("risk_id", "risks"), ("asset_id", "assets")),
        tenant_table("catalogs")
            .col(text("code", false))
            .col(text("body", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        tenant_table("applied_controls")
            .col(text("number", false))
            .col(ColumnDef::new("number_seq").big_integer().null())
            .col(text("name", false))
            .col(free("description"))
            .col(text("category", false))
            .col(text("status", false))
            .col(uuid_col("department_id", true))
            .col(uuid_col("owner_staff_id", true))
            .col(date("due_on"))
            .col(date("review_on"))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .foreign_key(&mut fk(
                "applied_controls",
                "department_id",
                "departments",
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut fk(
                "applied_controls",
                "owner_staff_id",
                "staff",
                ForeignKeyAction::SetNull,
            ))
            .to_owned(),
        tenant_table("applied_control_refs")
            .col(uuid_col("applied_control_id", false))
            .col(text("catalog", false))
            .col(text("control", false))
            .foreign_key(&mut fk(
                "applied_control_refs",
                "applied_control_id",
                "applied_controls",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        link(
            "risk_controls",
            ("risk_id", "risks"),
            ("applied_control_id", "applied_controls"),
        ),
        link(
            "applied_control_assets",
            ("applied_control_id", "applied_controls"),
            ("asset_id", "assets"),
        ),
        tenant_table("evidence")
            .col(uuid_col("applied_control_id", false))
            .col(text("file_name", false))
            .col(text("file_type", false))
            .col(ColumnDef::new("size").big_integer().not_null())
            .col(text("sha256", false))
            .col(ColumnDef::new("body").binary().not_null())
            .col(free("description"))
            .col(date("expires_on"))
            .col(text("uploaded_by", false))
            .col(ts("uploaded_at", false))
            .foreign_key(&mut fk(
                "evidence",
                "applied_control_id",
                "applied_controls",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("soa_entries")
            .col(text("catalog", false))
            .col(text("control", false))
            .col(ColumnDef::new("applicable").boolean().not_null())
            .col(free("justification"))
            .col(ts("updated_at", false))
            .to_owned(),
        tenant_table("soa_versions")
            .col(text("catalog", false))
            .col(ColumnDef::new("version").integer().not_null())
            .col(date("approved_on"))
            .col(text("approved_by", false))
            .col(free("note"))
            .col(text("body", false))
            .col(ts("created_at", false))
            .to_owned(),
    ]
}

pub(super) fn v4_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx("ux_threats_code", "threats", &["org_id", "code"], true),
        idx(
            "ux_vulns_code",
            "vulnerabilities",
            &["org_id", "code"],
            true,
        ),
        idx("ux_risks_number", "risks", &["org_id", "number"], true),
        idx("ix_risks_seq", "risks", &["org_id", "number_seq"], false),
        idx(
            "ix_risks_department",
            "risks",
            &["org_id", "department_id"],
            false,
        ),
        idx(
            "ix_risks_campaign",
            "risks",
            &["org_id", "campaign_id"],
            false,
        ),
        idx("ix_risks_threat", "risks", &["threat_id"], false),
        idx("ix_risks_vuln", "risks", &["vulnerability_id"], false),
        idx(
            "ux_risk_assets",
            "risk_assets",
            &["risk_id", "asset_id"],
            true,
        ),
        idx(
            "ix_risk_assets_asset",
            "risk_assets",
            &["org_id", "asset_id"],
            false,
        ),
        idx(
            "ux_campaign_departments",
            "campaign_departments",
            &["campaign_id", "department_id"],
            true,
        ),
        idx("ux_catalogs_code", "catalogs", &["org_id", "code"], true),
        idx(
            "ux_applied_number",
            "applied_controls",
            &["org_id", "number"],
            true,
        ),
        idx(
            "ix_applied_seq",
            "applied_controls",
            &["org_id", "number_seq"],
            false,
        ),
        idx(
            "ux_applied_refs",
            "applied_control_refs",
            &["applied_control_id", "catalog", "control"],
            true,
        ),
        idx(
            "ix_applied_refs_control",
            "applied_control_refs",
            &["org_id", "catalog", "control"],
            false,
        ),
        idx(
            "ux_risk_controls",
            "risk_controls",
            &["risk_id", "applied_control_id"],
            true,
        ),
        idx(
            "ix_risk_controls_ctl",
            "risk_controls",
            &["applied_control_id"],
            false,
        ),
        idx(
            "ux_applied_assets",
            "applied_control_assets",
            &["applied_control_id", "asset_id"],
            true,
        ),
        idx(
            "ix_applied_assets_asset",
            "applied_control_assets",
            &["asset_id"],
            false,
        ),
        idx(
            "ix_evidence_control",
            "evidence",
            &["applied_control_id"],
            false,
        ),
        idx(
            "ux_soa_entries",
            "soa_entries",
            &["org_id", "catalog", "control"],
            true,
        ),
        idx(
            "ux_soa_versions",
            "soa_versions",
            &["org_id", "catalog", "version"],
            true,
        ),
    ]
}
