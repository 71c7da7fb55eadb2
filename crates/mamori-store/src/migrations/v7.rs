//! Version 7: indexes for the risk register's standing and tolerance filters.
//!
//! "Active" (not closed, or closed and due for review) and "due for review" are
//! decided from the status, the acceptance's expiry and the review date; "above the
//! tolerance" from the residual level. Every list also counts its matches, and without
//! these indexes SQLite counted by fetching each of the organization's rows from the
//! table: 10,000 row look-ups per request. With them the count is a walk of one index
//! that holds every column the condition reads.

use sea_orm::sea_query::IndexCreateStatement;

use super::cols::idx;

pub(super) fn v7_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ix_risks_standing",
            "risks",
            &["org_id", "status", "acceptance_expires_on", "review_on"],
            false,
        ),
        idx(
            "ix_risks_residual_level",
            "risks",
            &["org_id", "residual_level"],
            false,
        ),
    ]
}
