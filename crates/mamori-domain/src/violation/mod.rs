//! Violations of the policy and what is done about them (policy §11): a record of a
//! suspected or confirmed violation, assessed on the two axes the policy names —
//! culpability (none, negligence 過失, gross negligence 重過失, intent 故意) and impact —
//! which give the recommended response from the organization's own guidance table.
//!
//! Mamori never decides a disciplinary penalty: that is the appointing authority's
//! (任命権者) under the 地方公務員法. It recommends, and records what the designated
//! role or committee decided, the person's explanation (弁明) and the measures done.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::labelled::labelled_enum;
use crate::role::Role;

labelled_enum! {
    /// How much the person is to blame.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Culpability {
        None => ("none", "過失なし", "No fault"),
        Negligence => ("negligence", "過失", "Negligence"),
        GrossNegligence => ("gross_negligence", "重過失", "Gross negligence"),
        Intent => ("intent", "故意", "Intent"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("過失・故意の別が入力されていません。", "The culpability is empty."),
        unknown: choices("過失・故意の別", "a culpability"),
    }
}

labelled_enum! {
    /// How much harm was done, on the organization's scale.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Impact {
        None => ("none", "影響なし", "None"),
        Minor => ("minor", "軽微", "Minor"),
        Significant => ("significant", "重大", "Significant"),
        Serious => ("serious", "深刻", "Serious"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("影響の程度が入力されていません。", "The impact is empty."),
        unknown: choices("影響の程度", "an impact"),
    }
}

labelled_enum! {
    /// A response the guidance may recommend. Mamori acts on one of them itself
    /// (suspending the person's Mamori account); the others are done by people and
    /// recorded.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Measure {
        Caution => ("caution", "注意・指導", "Caution and guidance"),
        Retraining => ("retraining", "再研修", "Retraining"),
        SuspendAccess => ("suspend_access", "利用権限の一時停止", "Access suspended for a time"),
        ReportToAppointer => ("report_to_appointer", "任命権者への報告（懲戒処分の検討）", "Report to the appointing authority (for disciplinary consideration)"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("措置が入力されていません。", "The measure is empty."),
        unknown: choices("措置", "a measure"),
    }
}

labelled_enum! {
    /// Where a violation record stands (stored).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum State {
        /// Reported or found, not yet established.
        Suspected => ("suspected", "調査中", "Under investigation"),
        /// Established, to be decided.
        Confirmed => ("confirmed", "違反確認", "Confirmed"),
        /// Found not to be a violation.
        Dismissed => ("dismissed", "違反なし", "Dismissed"),
        /// The response has been decided.
        Decided => ("decided", "措置決定", "Response decided"),
        /// The measures are done.
        Closed => ("closed", "完了", "Closed"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("状態が入力されていません。", "The state is empty."),
        unknown: choices("違反の状態", "a state of a violation"),
    }
}

/// One line of the guidance table: for a culpability and an impact, the measures
/// recommended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidanceRow {
    pub culpability: Culpability,
    pub impact: Impact,
    pub measures: Vec<Measure>,
}

/// The organization's guidance: a line for every culpability and impact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guidance {
    pub rows: Vec<GuidanceRow>,
}

impl Default for Guidance {
    /// A starting table a city adjusts: caution for slips without harm, retraining as
    /// fault or harm grows, suspension where the person's access is itself the risk,
    /// and a report to the appointing authority for intent and for serious harm
    /// through gross negligence.
    fn default() -> Self {
        use Culpability as C;
        use Impact as I;
        use Measure::*;
        let mut rows = Vec::new();
        for c in Culpability::ALL {
            for i in Impact::ALL {
                let measures = match (c, i) {
                    (C::None, I::None | I::Minor) => vec![Caution],
                    (C::None, _) => vec![Caution, Retraining],
                    (C::Negligence, I::None | I::Minor) => vec![Caution],
                    (C::Negligence, I::Significant) => vec![Caution, Retraining],
                    (C::Negligence, I::Serious) => vec![Retraining, SuspendAccess],
                    (C::GrossNegligence, I::None | I::Minor) => vec![Retraining],
                    (C::GrossNegligence, I::Significant) => vec![Retraining, SuspendAccess],
                    (C::GrossNegligence, I::Serious) => {
                        vec![Retraining, SuspendAccess, ReportToAppointer]
                    }
                    (C::Intent, I::None) => vec![Retraining, ReportToAppointer],
                    (C::Intent, _) => vec![SuspendAccess, ReportToAppointer],
                };
                rows.push(GuidanceRow {
                    culpability: c,
                    impact: i,
                    measures,
                });
            }
        }
        Self { rows }
    }
}

impl Guidance {
    /// The measures recommended for a culpability and an impact (none when the table
    /// has no line for them).
    pub fn recommend(&self, culpability: Culpability, impact: Impact) -> Vec<Measure> {
        self.rows
            .iter()
            .find(|r| r.culpability == culpability && r.impact == impact)
            .map(|r| r.measures.clone())
            .unwrap_or_default()
    }

    /// Checks an edited table: one line for each pair, each recommending something.
    pub fn check(&self) -> Result<(), Problem> {
        for c in Culpability::ALL {
            for i in Impact::ALL {
                let n = self
                    .rows
                    .iter()
                    .filter(|r| r.culpability == c && r.impact == i)
                    .count();
                let name = format!("{}×{}", c.label_ja(), i.label_ja());
                let name_en = format!("{} × {}", c.label_en(), i.label_en());
                if n != 1 {
                    return Err(Problem::new(
                        format!("対応表には「{name}」の行がちょうど 1 つ必要です。"),
                        format!("The guidance needs exactly one line for {name_en}."),
                    ));
                }
                if self.recommend(c, i).is_empty() {
                    return Err(Problem::new(
                        format!("対応表の「{name}」に推奨する措置がありません。"),
                        format!("The guidance recommends nothing for {name_en}."),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// What the assets involved say about the impact: the least the assessment should
/// consider. My Number data (特定個人情報) or sensitive personal data (要配慮) makes any
/// harm significant; confidentiality at the top of the scheme or personal data at all
/// makes it at least minor.
pub fn impact_floor(top_confidentiality: bool, personal: bool, special: bool) -> Impact {
    if special {
        Impact::Significant
    } else if top_confidentiality || personal {
        Impact::Minor
    } else {
        Impact::None
    }
}

/// How an organization runs its violation records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The roles that see violation records (besides the command line): the CISO and
    /// the deputy CISO unless the organization says otherwise.
    pub readers: Vec<Role>,
    /// Years a closed or dismissed record is kept before it may be purged.
    pub retention_years: u32,
    pub guidance: Guidance,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            readers: vec![Role::Ciso, Role::DeputyCiso],
            retention_years: 5,
            guidance: Guidance::default(),
        }
    }
}

/// The roles an organization may let read violation records: the top officers, the
/// committee and auditors. Never a department's own officers by default.
pub const READERS: [Role; 4] = [Role::Ciso, Role::DeputyCiso, Role::Committee, Role::Auditor];

impl Settings {
    pub fn check(&self) -> Vec<(&'static str, Problem)> {
        let mut out = Vec::new();
        if self.readers.is_empty() || self.readers.iter().any(|r| !READERS.contains(r)) {
            out.push((
                "readers",
                Problem::new(
                    "違反の記録を閲覧できる役割は、CISO、統括情報セキュリティ責任者、情報セキュリティ委員会、監査人から選んでください。",
                    "Violation records may be read by the CISO, the deputy CISO, the committee or auditors; choose among them.",
                ),
            ));
        }
        if !(1..=30).contains(&self.retention_years) {
            out.push((
                "retention_years",
                Problem::new(
                    "保存年数は 1 年から 30 年の間で指定してください。",
                    "Keep records for 1 to 30 years.",
                ),
            ));
        }
        if let Err(p) = self.guidance.check() {
            out.push(("guidance", p));
        }
        out
    }
}

/// The first day a record closed (or dismissed) on `closed` may be purged.
pub fn purge_from(closed: NaiveDate, retention_years: u32) -> NaiveDate {
    closed
        .checked_add_months(Months::new(retention_years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX)
}

/// A violation's number as people write it: `VIO-0003`.
pub fn code(number: i32) -> String {
    format!("VIO-{number:04}")
}

#[cfg(test)]
mod tests;
