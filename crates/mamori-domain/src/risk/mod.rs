//! Risk evaluation (§7 of the basic policy: controls proportionate to the size of each
//! risk). An organization evaluates risks by one of two methods, both editable:
//!
//! - **IPA style**: the importance of the asset (1–3) × the likelihood of the threat
//!   (1–3) × the vulnerability (1–3) gives a value from 1 to 27, and thresholds on
//!   that value give the level (低 / 中 / 高 by default);
//! - **matrix**: a likelihood × impact grid of 3×3 up to 5×5, each cell mapped to a
//!   level.
//!
//! Levels are ordered from lowest to highest. The tolerance is the highest level the
//! organization accepts without treatment; anything above it needs treatment or a
//! formal acceptance.

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, Invalid, Problem};
use crate::role::Role;

pub mod heatmap;
pub mod register;

pub use heatmap::{HeatCell, HeatMap};
pub use register::{
    Acceptance, RiskStatus, Stage, Standing, Treatment, close_check, search_key, standing,
};

/// One level of risk as the organization names and colours it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RiskLevel {
    pub code: String,
    pub label_ja: String,
    pub label_en: String,
    /// A CSS colour (`#c0392b`) for heat maps and badges.
    pub colour: String,
}

/// How a risk's size is worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Method {
    /// Importance × likelihood × vulnerability, each 1–3. `thresholds[i]` is the
    /// lowest value at level `i + 1`; values below the first are at level 0.
    Ipa { thresholds: Vec<u8> },
    /// `cells[l][i]` is the level index of likelihood `l + 1` and impact `i + 1`.
    Matrix { cells: Vec<Vec<usize>> },
}

/// The largest factor of the IPA method, and the grid sizes a matrix may have.
const IPA_MAX: u8 = 3;
const MATRIX_SIZES: std::ops::RangeInclusive<usize> = 3..=5;

/// An organization's risk method with its levels and tolerance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskMethod {
    pub method: Method,
    /// Lowest first.
    pub levels: Vec<RiskLevel>,
    /// Index into `levels` of the highest level accepted without treatment.
    pub tolerance: usize,
    /// Who formally accepts a residual risk above the tolerance: the CISO unless the
    /// organization designates the deputy CISO or the committee.
    #[serde(default = "default_acceptor")]
    pub acceptor: Role,
}

fn default_acceptor() -> Role {
    Role::Ciso
}

/// The roles an organization may designate to accept risks.
pub const ACCEPTOR_ROLES: [Role; 3] = [Role::Ciso, Role::DeputyCiso, Role::Committee];

/// What an evaluation is given: for the IPA method, importance, likelihood and
/// vulnerability; for a matrix, likelihood and impact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Factors {
    Ipa {
        importance: u8,
        likelihood: u8,
        vulnerability: u8,
    },
    Matrix {
        likelihood: u8,
        impact: u8,
    },
}

impl Factors {
    /// The factors as stored: IPA (importance, likelihood, vulnerability) or matrix
    /// (likelihood, impact, none).
    pub fn to_columns(self) -> (u8, u8, Option<u8>) {
        match self {
            Factors::Ipa {
                importance,
                likelihood,
                vulnerability,
            } => (importance, likelihood, Some(vulnerability)),
            Factors::Matrix { likelihood, impact } => (likelihood, impact, None),
        }
    }

    /// Reads stored factors back, as the method expects them.
    pub fn from_columns(ipa: bool, f1: u8, f2: u8, f3: Option<u8>) -> Option<Self> {
        if ipa {
            Some(Factors::Ipa {
                importance: f1,
                likelihood: f2,
                vulnerability: f3?,
            })
        } else {
            Some(Factors::Matrix {
                likelihood: f1,
                impact: f2,
            })
        }
    }
}

/// A risk's size under a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The IPA value (1–27), or likelihood × impact for a matrix.
    pub score: u8,
    /// Index into the method's levels.
    pub level: usize,
}

fn level(code: &str, ja: &str, en: &str, colour: &str) -> RiskLevel {
    RiskLevel {
        code: code.into(),
        label_ja: ja.into(),
        label_en: en.into(),
        colour: colour.into(),
    }
}

fn three_levels() -> Vec<RiskLevel> {
    vec![
        level("low", "低", "Low", "#2e7d32"),
        level("medium", "中", "Medium", "#f9a825"),
        level("high", "高", "High", "#c62828"),
    ]
}

impl RiskMethod {
    /// IPA style with 低 for 1–4, 中 for 5–11 and 高 for 12–27, accepting 低.
    pub fn ipa_preset() -> Self {
        Self {
            method: Method::Ipa {
                thresholds: vec![5, 12],
            },
            levels: three_levels(),
            tolerance: 0,
            acceptor: Role::Ciso,
        }
    }

    /// A `size` × `size` matrix (3 to 5) whose cells rise with likelihood + impact
    /// in three bands, accepting the lowest.
    pub fn matrix_preset(size: usize) -> Result<Self, Problem> {
        if !MATRIX_SIZES.contains(&size) {
            return Err(matrix_size_problem(size));
        }
        // Sums run from 2 to 2 × size; split them into three even bands.
        let band = |sum: usize| ((sum - 2) * 3 / (2 * size - 1)).min(2);
        let cells = (1..=size)
            .map(|l| (1..=size).map(|i| band(l + i)).collect())
            .collect();
        Ok(Self {
            method: Method::Matrix { cells },
            levels: three_levels(),
            tolerance: 0,
            acceptor: Role::Ciso,
        })
    }

    /// Every problem with the method as edited, by field.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::new();
        if self.levels.is_empty() {
            inv.push(FieldError::new(
                "levels",
                "リスクレベルを1つ以上定めてください。",
                "Define at least one risk level.",
            ));
        }
        for (i, l) in self.levels.iter().enumerate() {
            if !is_colour(&l.colour) {
                inv.push(FieldError::new(
                    format!("levels[{i}].colour"),
                    "色は #c62828 のような16進数で指定してください。",
                    "Give the colour in hex, such as #c62828.",
                ));
            }
            if l.code.trim().is_empty() || l.label_ja.trim().is_empty() {
                inv.push(FieldError::new(
                    format!("levels[{i}]"),
                    "リスクレベルにはコードと名称が必要です。",
                    "A risk level needs a code and a name.",
                ));
            }
        }
        if self.tolerance >= self.levels.len().max(1) {
            inv.push(FieldError::new(
                "tolerance",
                "許容水準は定義したリスクレベルの中から選んでください。",
                "The tolerance must be one of the defined risk levels.",
            ));
        }
        if !ACCEPTOR_ROLES.contains(&self.acceptor) {
            inv.push(FieldError::new(
                "acceptor",
                "リスクを受容する者は、CISO、統括情報セキュリティ責任者、情報セキュリティ委員会から選んでください。",
                "The risk acceptor must be the CISO, the deputy CISO or the security committee.",
            ));
        }
        let n = self.levels.len();
        match &self.method {
            Method::Ipa { thresholds } => {
                let ascending = thresholds.windows(2).all(|w| w[0] < w[1]);
                let in_range = thresholds.iter().all(|t| (2..=IPA_MAX.pow(3)).contains(t));
                if !ascending || !in_range || thresholds.len() + 1 != n {
                    inv.push(FieldError::new(
                        "thresholds",
                        format!(
                            "しきい値は2〜27の昇順で、レベルの数より1つ少なく（{}個）指定してください。",
                            n.saturating_sub(1)
                        ),
                        format!(
                            "Thresholds must ascend within 2–27, one fewer than the levels ({}).",
                            n.saturating_sub(1)
                        ),
                    ));
                }
            }
            Method::Matrix { cells } => {
                let size = cells.len();
                if !MATRIX_SIZES.contains(&size) || cells.iter().any(|row| row.len() != size) {
                    let p = matrix_size_problem(size);
                    inv.push(FieldError::new("cells", p.ja, p.en));
                } else if cells.iter().flatten().any(|c| *c >= n) {
                    inv.push(FieldError::new(
                        "cells",
                        "マトリクスの各マスには定義したリスクレベルを割り当ててください。",
                        "Every cell of the matrix must name a defined risk level.",
                    ));
                }
            }
        }
        inv.into_result()
    }

    /// The size of a risk with these factors. Factors outside the method's scales, or
    /// of the other method, are refused with the field at fault.
    pub fn evaluate(&self, f: Factors) -> Result<Evaluation, FieldError> {
        match (&self.method, f) {
            (
                Method::Ipa { thresholds },
                Factors::Ipa {
                    importance,
                    likelihood,
                    vulnerability,
                },
            ) => {
                for (field, v) in [
                    ("importance", importance),
                    ("likelihood", likelihood),
                    ("vulnerability", vulnerability),
                ] {
                    factor_in(field, v, IPA_MAX)?;
                }
                let score = importance * likelihood * vulnerability;
                let level = thresholds.iter().filter(|t| score >= **t).count();
                Ok(Evaluation { score, level })
            }
            (Method::Matrix { cells }, Factors::Matrix { likelihood, impact }) => {
                let size = u8::try_from(cells.len()).unwrap_or(u8::MAX);
                factor_in("likelihood", likelihood, size)?;
                factor_in("impact", impact, size)?;
                let level = cells
                    .get(usize::from(likelihood - 1))
                    .and_then(|row| row.get(usize::from(impact - 1)))
                    .copied()
                    .unwrap_or(0);
                Ok(Evaluation {
                    score: likelihood * impact,
                    level,
                })
            }
            _ => Err(FieldError::new(
                "method",
                "評価の入力がこの団体のリスク評価方法と合っていません。",
                "The evaluation's inputs do not fit the organization's risk method.",
            )),
        }
    }

    /// The heat-map cell `(x, y)` of an evaluation's factors. A matrix places it at
    /// (impact, likelihood). The IPA method has three factors; its map puts the asset's
    /// importance across and likelihood × vulnerability (1, 2, 3, 4, 6 or 9) up, so
    /// every cell has exactly one score and therefore one level.
    pub fn cell(&self, f: Factors) -> (u8, u8) {
        match f {
            Factors::Ipa {
                importance,
                likelihood,
                vulnerability,
            } => (importance, likelihood * vulnerability),
            Factors::Matrix { likelihood, impact } => (impact, likelihood),
        }
    }

    /// Whether this method takes the IPA factors.
    pub fn is_ipa(&self) -> bool {
        matches!(self.method, Method::Ipa { .. })
    }

    /// The level at `index`, or the highest when the method has fewer levels than a
    /// stored evaluation remembers.
    pub fn level(&self, index: usize) -> Option<&RiskLevel> {
        self.levels.get(index).or(self.levels.last())
    }

    /// Whether a risk at `level` needs treatment or a formal acceptance.
    pub fn above_tolerance(&self, level: usize) -> bool {
        level > self.tolerance
    }
}

/// `#rgb` or `#rrggbb`: the only colours drawn into heat maps and badges, so an
/// edited method can never inject markup or CSS.
pub fn is_colour(s: &str) -> bool {
    s.strip_prefix('#')
        .is_some_and(|h| matches!(h.len(), 3 | 6) && h.chars().all(|c| c.is_ascii_hexdigit()))
}

fn factor_in(field: &str, v: u8, max: u8) -> Result<(), FieldError> {
    if (1..=max).contains(&v) {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!("値 {v} は 1〜{max} の範囲で指定してください。"),
            format!("The value {v} must be between 1 and {max}."),
        ))
    }
}

fn matrix_size_problem(size: usize) -> Problem {
    Problem::new(
        format!("マトリクスは3×3から5×5の正方形にしてください（{size}行）。"),
        format!("The matrix must be square, from 3×3 to 5×5 ({size} rows)."),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ipa(importance: u8, likelihood: u8, vulnerability: u8) -> Factors {
        Factors::Ipa {
            importance,
            likelihood,
            vulnerability,
        }
    }

    #[test]
    fn ipa_importance_3_likelihood_3_vulnerability_2_scores_18_and_is_high() {
        let m = RiskMethod::ipa_preset();
        let e = m.evaluate(ipa(3, 3, 2)).unwrap();
        assert_eq!(e.score, 18);
        assert_eq!(m.levels[e.level].code, "high");
        assert!(m.above_tolerance(e.level));
    }

    #[test]
    fn ipa_thresholds_bound_each_level_and_are_the_organizations_to_set() {
        let m = RiskMethod::ipa_preset();
        let level = |f| m.levels[m.evaluate(f).unwrap().level].code.clone();
        assert_eq!(level(ipa(1, 1, 1)), "low");
        assert_eq!(level(ipa(2, 2, 1)), "low");
        assert_eq!(level(ipa(1, 2, 3)), "medium");
        assert_eq!(level(ipa(2, 2, 2)), "medium");
        assert_eq!(level(ipa(3, 2, 2)), "high");
        assert!(!m.above_tolerance(m.evaluate(ipa(2, 2, 1)).unwrap().level));
        // Raising the bar for 高 to 19 moves 18 to 中.
        let mut stricter = m.clone();
        stricter.method = Method::Ipa {
            thresholds: vec![5, 19],
        };
        assert_eq!(stricter.validate(), Ok(()));
        let e = stricter.evaluate(ipa(3, 3, 2)).unwrap();
        assert_eq!(stricter.levels[e.level].code, "medium");
    }

    #[test]
    fn factors_outside_the_scale_are_refused_with_their_field() {
        let m = RiskMethod::ipa_preset();
        let e = m.evaluate(ipa(3, 4, 1)).unwrap_err();
        assert_eq!(e.field, "likelihood");
        assert!(e.ja.contains("1〜3"), "{}", e.ja);
        assert_eq!(m.evaluate(ipa(0, 1, 1)).unwrap_err().field, "importance");
        let wrong = m.evaluate(Factors::Matrix {
            likelihood: 1,
            impact: 1,
        });
        assert_eq!(wrong.unwrap_err().field, "method");
    }

    #[test]
    fn matrix_presets_rise_from_the_lowest_corner_to_the_highest() {
        for size in 3..=5u8 {
            let m = RiskMethod::matrix_preset(usize::from(size)).unwrap();
            assert_eq!(m.validate(), Ok(()), "{size}×{size}");
            let at = |likelihood, impact| {
                m.evaluate(Factors::Matrix { likelihood, impact })
                    .unwrap()
                    .level
            };
            assert_eq!(at(1, 1), 0, "{size}×{size}");
            assert_eq!(at(size, size), 2, "{size}×{size}");
            // Never lower when either factor grows.
            for l in 1..=size {
                for i in 1..size {
                    assert!(at(l, i) <= at(l, i + 1));
                    assert!(at(i, l) <= at(i + 1, l));
                }
            }
            let e = m
                .evaluate(Factors::Matrix {
                    likelihood: size,
                    impact: 2,
                })
                .unwrap();
            assert_eq!(e.score, size * 2);
        }
        assert!(RiskMethod::matrix_preset(6).is_err());
        assert!(RiskMethod::matrix_preset(2).is_err());
    }

    #[test]
    fn an_edited_method_is_checked_field_by_field() {
        let mut m = RiskMethod::matrix_preset(4).unwrap();
        if let Method::Matrix { cells } = &mut m.method {
            cells[1].pop();
        }
        m.tolerance = 7;
        let fields: Vec<String> = m
            .validate()
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["tolerance", "cells"]);
        let mut bad = RiskMethod::ipa_preset();
        bad.method = Method::Ipa {
            thresholds: vec![12, 5],
        };
        assert_eq!(bad.validate().unwrap_err().0[0].field, "thresholds");
        let mut unknown = RiskMethod::matrix_preset(3).unwrap();
        if let Method::Matrix { cells } = &mut unknown.method {
            cells[0][0] = 9;
        }
        assert_eq!(unknown.validate().unwrap_err().0[0].field, "cells");
        let mut injected = RiskMethod::ipa_preset();
        injected.levels[2].colour = "red\"><script>".into();
        assert_eq!(
            injected.validate().unwrap_err().0[0].field,
            "levels[2].colour"
        );
        assert!(is_colour("#C62828") && is_colour("#abc") && !is_colour("#abcd"));
    }
}
