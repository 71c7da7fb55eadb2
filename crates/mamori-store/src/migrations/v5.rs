//! Version 5: indexes the risk register's heat maps and score order read.
//!
//! A heat map groups the organization's risks by the stored cell of one stage; with
//! `(org_id, <stage>_x, <stage>_y)` that is a walk of one index instead of every row
//! looked up through another. The register sorted by residual score reads
//! `(org_id, residual_score)` in order instead of sorting all matches.

use sea_orm::sea_query::IndexCreateStatement;

use super::cols::idx;

pub(super) fn v5_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ix_risks_inherent_cell",
            "risks",
            &["org_id", "inherent_x", "inherent_y"],
            false,
        ),
        idx(
            "ix_risks_current_cell",
            "risks",
            &["org_id", "current_x", "current_y"],
            false,
        ),
        idx(
            "ix_risks_residual_cell",
            "risks",
            &["org_id", "residual_x", "residual_y"],
            false,
        ),
        idx(
            "ix_risks_residual_score",
            "risks",
            &["org_id", "residual_score"],
            false,
        ),
    ]
}
