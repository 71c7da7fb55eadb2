//! Version 29: the annual report.
//!
//! - `annual_reports`: a fiscal year's report: the committee's text sections, who last
//!   wrote them, and once issued (確定) the figures frozen as they were heard (JSON).
//! - `risk_postures`: the risk register's heat map taken at the start of each fiscal
//!   year, since a risk keeps only its latest evaluation (JSON of the cells).

use sea_orm::sea_query::{ColumnDef, IndexCreateStatement, TableCreateStatement};

use super::cols::{date, idx, tenant_table, text, ts};

pub(super) fn v29_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("annual_reports")
            .col(
                ColumnDef::new("fiscal_year")
                    .integer()
                    .not_null()
                    .to_owned(),
            )
            .col(text("overview", false))
            .col(text("evaluation", false))
            .col(text("next_year", false))
            .col(text("updated_by", false))
            .col(ts("updated_at", false))
            .col(text("figures", true))
            .col(date("issued_on"))
            .col(text("issued_by", false))
            .to_owned(),
        tenant_table("risk_postures")
            .col(
                ColumnDef::new("fiscal_year")
                    .integer()
                    .not_null()
                    .to_owned(),
            )
            .col(ColumnDef::new("taken_on").date().not_null().to_owned())
            .col(text("posture", false))
            .to_owned(),
    ]
}

pub(super) fn v29_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ux_annual_reports_year",
            "annual_reports",
            &["org_id", "fiscal_year"],
            true,
        ),
        idx(
            "ux_risk_postures_year",
            "risk_postures",
            &["org_id", "fiscal_year"],
            true,
        ),
    ]
}
