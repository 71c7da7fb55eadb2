//! The heat map of a risk register: how many risks fall in each cell of the method's
//! grid, with each cell's score and level so it can be coloured and linked.
//!
//! The counts come from the store (one `GROUP BY` over the stored cells); the grid's
//! shape, scores and levels come from the method alone, so an empty cell is drawn too.

use std::collections::HashMap;

use serde::Serialize;

use super::{Factors, Method, RiskMethod};

/// One cell of the map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HeatCell {
    /// Across: impact (matrix) or asset importance (IPA).
    pub x: u8,
    /// Up: likelihood (matrix) or likelihood × vulnerability (IPA).
    pub y: u8,
    pub score: u8,
    /// Index into the method's levels.
    pub level: usize,
    pub count: u64,
}

/// The whole grid, top row first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HeatMap {
    /// The `x` of each column, left to right.
    pub columns: Vec<u8>,
    pub rows: Vec<Vec<HeatCell>>,
    pub x_label_ja: &'static str,
    pub x_label_en: &'static str,
    pub y_label_ja: &'static str,
    pub y_label_en: &'static str,
}

/// The products likelihood × vulnerability can take on the IPA scales, highest first.
const IPA_ROWS: [u8; 6] = [9, 6, 4, 3, 2, 1];

impl HeatMap {
    /// The map of `method` with `counts` per `(x, y)` cell. Counts for cells the method
    /// does not have (left from an earlier method) are ignored.
    pub fn build(method: &RiskMethod, counts: &HashMap<(u8, u8), u64>) -> Self {
        let (columns, ys, labels): (Vec<u8>, Vec<u8>, _) = match &method.method {
            Method::Ipa { .. } => (
                vec![1, 2, 3],
                IPA_ROWS.to_vec(),
                (
                    "資産の重要度",
                    "Asset importance",
                    "発生可能性×脆弱性",
                    "Likelihood × vulnerability",
                ),
            ),
            Method::Matrix { cells } => {
                let n = u8::try_from(cells.len()).unwrap_or(5);
                (
                    (1..=n).collect(),
                    (1..=n).rev().collect(),
                    ("影響度", "Impact", "発生可能性", "Likelihood"),
                )
            }
        };
        let rows = ys
            .iter()
            .map(|&y| {
                columns
                    .iter()
                    .map(|&x| {
                        let e = method.evaluate(factors_of(method, x, y));
                        let (score, level) = e.map_or((x * y, 0), |e| (e.score, e.level));
                        HeatCell {
                            x,
                            y,
                            score,
                            level,
                            count: counts.get(&(x, y)).copied().unwrap_or(0),
                        }
                    })
                    .collect()
            })
            .collect();
        Self {
            columns,
            rows,
            x_label_ja: labels.0,
            x_label_en: labels.1,
            y_label_ja: labels.2,
            y_label_en: labels.3,
        }
    }

    /// Risks counted on the map.
    pub fn total(&self) -> u64 {
        self.rows.iter().flatten().map(|c| c.count).sum()
    }
}

/// Factors that land in cell `(x, y)`. An IPA row is a product; any split of it gives
/// the same score (e.g. 6 = 3 × 2 = 2 × 3).
fn factors_of(method: &RiskMethod, x: u8, y: u8) -> Factors {
    match method.method {
        Method::Ipa { .. } => {
            let likelihood = (1..=3)
                .rev()
                .find(|l| y.is_multiple_of(*l) && y / l <= 3)
                .unwrap_or(1);
            Factors::Ipa {
                importance: x,
                likelihood,
                vulnerability: y / likelihood,
            }
        }
        Method::Matrix { .. } => Factors::Matrix {
            likelihood: y,
            impact: x,
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ipa_map_puts_each_risk_in_the_cell_of_its_score() {
        let m = RiskMethod::ipa_preset();
        let f = Factors::Ipa {
            importance: 3,
            likelihood: 3,
            vulnerability: 2,
        };
        let cell = m.cell(f);
        assert_eq!(cell, (3, 6));
        let map = HeatMap::build(&m, &HashMap::from([(cell, 4), ((1, 1), 2), ((9, 9), 7)]));
        assert_eq!(map.columns, [1, 2, 3]);
        let ys: Vec<u8> = map.rows.iter().map(|r| r[0].y).collect();
        assert_eq!(ys, IPA_ROWS);
        let c = map.rows[1].iter().find(|c| c.x == 3).unwrap();
        assert_eq!((c.score, c.count), (18, 4));
        assert_eq!(m.levels[c.level].code, "high");
        // A cell the method lacks is not counted.
        assert_eq!(map.total(), 6);
        // Every cell's score is importance × the row's product.
        assert!(map.rows.iter().flatten().all(|c| c.score == c.x * c.y));
    }

    #[test]
    fn matrix_map_is_square_with_likelihood_up_and_levels_from_the_cells() {
        let m = RiskMethod::matrix_preset(5).unwrap();
        let map = HeatMap::build(&m, &HashMap::from([((5, 5), 1)]));
        assert_eq!(map.rows.len(), 5);
        assert_eq!(map.rows[0][4].count, 1);
        assert_eq!((map.rows[0][4].x, map.rows[0][4].y), (5, 5));
        assert_eq!(m.levels[map.rows[0][4].level].code, "high");
        assert_eq!(m.levels[map.rows[4][0].level].code, "low");
    }
}
