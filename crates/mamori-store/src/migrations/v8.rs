//! Version 8: the links of a page of risks found by risk within the organization.
//!
//! Every page of the register counts the assets of its fifty risks, and a risk's
//! form lists them, both asking `org_id = ? AND risk_id IN (…)`. The unique index
//! starts with `risk_id` and the asset index with `(org_id, asset_id)`, so a planner
//! without statistics (a table that grew since the last ANALYZE) took the
//! organization's prefix of the asset index and read every link of the organization
//! from the table: 20,000 look-ups for 50 risks, 50 ms a page. This index answers
//! both conditions whatever the statistics say.

use sea_orm::sea_query::IndexCreateStatement;

use super::cols::idx;

pub(super) fn v8_indexes() -> Vec<IndexCreateStatement> {
    vec![idx(
        "ix_risk_assets_risk",
        "risk_assets",
        &["org_id", "risk_id"],
        false,
    )]
}
