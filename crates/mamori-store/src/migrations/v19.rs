//! Version 19: the laws and obligations register (法令等の遵守, policy §10).
//!
//! - `laws`: a law, ordinance or rule that binds the organization's information
//!   handling: its kind and 法令番号, the owning department, the departments it applies
//!   to (all, or those in `law_departments`), the review cycle and the last and next
//!   review, whether it was repealed, and the key of the standard entry it was seeded
//!   from (so seeding twice adds nothing).
//! - `law_obligations`: the articles and the duties in plain words, in order.
//! - `law_obligation_links`: the policy sections and controls that meet an obligation,
//!   as canonical rule references (`mamori_domain::law::RuleRef`), indexed by rule so a
//!   control's page finds the obligations it meets.
//! - `law_amendments`: amendments; one not yet closed by a review keeps its law owing a
//!   review.
//! - `law_reviews`: the reviews done, with what they found.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, IndexCreateStatement, TableCreateStatement};

use super::cols::{boolean, date, fk, idx, tenant_table, text, ts, uuid_col};

fn child(name: &'static str) -> TableCreateStatement {
    tenant_table(name)
        .col(uuid_col("law_id", false))
        .foreign_key(&mut fk(name, "law_id", "laws", ForeignKeyAction::Cascade))
        .to_owned()
}

pub(super) fn v19_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("laws")
            .col(ColumnDef::new("number").integer().not_null().to_owned())
            .col(text("title", false))
            .col(text("kind", false))
            .col(text("reference", false))
            .col(uuid_col("owner_department_id", true))
            .col(boolean("applies_all"))
            .col(
                ColumnDef::new("review_months")
                    .integer()
                    .not_null()
                    .to_owned(),
            )
            .col(date("last_reviewed"))
            .col(date("next_review"))
            .col(boolean("repealed"))
            .col(text("notes", false))
            .col(text("standard_key", false))
            .col(text("search_key", false))
            .col(text("created_by", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        child("law_departments")
            .col(uuid_col("department_id", false))
            .to_owned(),
        child("law_obligations")
            .col(ColumnDef::new("position").integer().not_null().to_owned())
            .col(text("article", false))
            .col(text("duty", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        tenant_table("law_obligation_links")
            .col(uuid_col("obligation_id", false))
            .col(text("rule", false))
            .col(text("rule_kind", false))
            .foreign_key(&mut fk(
                "law_obligation_links",
                "obligation_id",
                "law_obligations",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        child("law_amendments")
            .col(
                ColumnDef::new("promulgated_on")
                    .date()
                    .not_null()
                    .to_owned(),
            )
            .col(date("effective_on"))
            .col(text("reference", false))
            .col(text("summary", false))
            .col(uuid_col("review_id", true))
            .col(text("recorded_by", false))
            .col(ts("created_at", false))
            .to_owned(),
        child("law_reviews")
            .col(ColumnDef::new("reviewed_on").date().not_null().to_owned())
            .col(text("reviewed_by", false))
            .col(text("finding", false))
            .col(date("next_review"))
            .col(ts("created_at", false))
            .to_owned(),
    ]
}

pub(super) fn v19_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx("ux_laws_number", "laws", &["org_id", "number"], true),
        idx(
            "ix_laws_standard",
            "laws",
            &["org_id", "standard_key"],
            false,
        ),
        idx(
            "ux_law_departments",
            "law_departments",
            &["law_id", "department_id"],
            true,
        ),
        idx(
            "ix_law_obligations_law",
            "law_obligations",
            &["law_id", "position"],
            false,
        ),
        idx(
            "ix_law_obligation_links_rule",
            "law_obligation_links",
            &["org_id", "rule"],
            false,
        ),
        idx(
            "ux_law_obligation_links",
            "law_obligation_links",
            &["obligation_id", "rule"],
            true,
        ),
        idx(
            "ix_law_amendments_law",
            "law_amendments",
            &["law_id", "promulgated_on"],
            false,
        ),
        idx(
            "ix_law_reviews_law",
            "law_reviews",
            &["law_id", "reviewed_on"],
            false,
        ),
    ]
}
