//! Controls as an organization applies them: how far each is implemented, and the
//! dates that make its evidence stale or its review due.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::labelled::labelled_enum;

labelled_enum! {
    /// How far an organization has put a control in place: one column of the
    /// Statement of Applicability. `NotApplicable` needs a reason where it is
    /// recorded; that reason is the caller's to keep.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ImplementationStatus {
        NotStarted => ("not_started", "未着手", "Not started", ["未実施", "未対応"]),
        InProgress => ("in_progress", "実施中", "In progress", ["対応中", "導入中"]),
        Implemented => ("implemented", "実施済", "Implemented", [
            "実施済み", "対応済", "対応済み", "done",
        ]),
        Partial => ("partial", "一部実施", "Partially implemented", ["一部", "一部対応"]),
        NotApplicable => ("not_applicable", "対象外", "Not applicable", ["適用外", "N/A", "NA"]),
    }

    /// Accepts the code, either label and the usual words (対応済 → implemented,
    /// 適用外 → not applicable), in any case or width.
    fn parse {
        empty: ("実施状況が入力されていません。", "The implementation status is empty."),
        unknown: choices("実施状況", "an implementation status"),
    }
}

/// Whether evidence valid until `expires_on` no longer backs the control on `today`:
/// it still does on the expiry date itself, and evidence without an expiry never goes
/// stale.
pub fn evidence_stale(expires_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    expires_on.is_some_and(|d| today > d)
}

/// Whether a control planned for review on `review_on` is due on `today`: from that
/// date on, so it shows on the day itself. No date means no review is planned.
pub fn review_due(review_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    review_on.is_some_and(|d| today >= d)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn status_codes_match_serde_and_parse_back() {
        for s in ImplementationStatus::ALL {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
            assert_eq!(ImplementationStatus::parse(s.label_ja()).unwrap(), s);
            assert_eq!(ImplementationStatus::parse(s.label_en()).unwrap(), s);
        }
        assert_eq!(
            ImplementationStatus::parse("対応済み").unwrap(),
            ImplementationStatus::Implemented
        );
        assert_eq!(
            ImplementationStatus::parse("n/a").unwrap(),
            ImplementationStatus::NotApplicable
        );
        let p = ImplementationStatus::parse("たぶん").unwrap_err();
        assert!(
            p.ja.contains("未着手") && p.en.contains("Not applicable"),
            "{p}"
        );
    }

    #[test]
    fn evidence_goes_stale_the_day_after_expiry() {
        let expiry = Some(day(2026, 3, 31));
        assert!(!evidence_stale(expiry, day(2026, 3, 30)));
        assert!(!evidence_stale(expiry, day(2026, 3, 31)));
        assert!(evidence_stale(expiry, day(2026, 4, 1)));
        assert!(!evidence_stale(None, day(2099, 1, 1)));
    }

    #[test]
    fn review_is_due_from_its_date() {
        let on = Some(day(2026, 4, 1));
        assert!(!review_due(on, day(2026, 3, 31)));
        assert!(review_due(on, day(2026, 4, 1)));
        assert!(review_due(on, day(2027, 1, 1)));
        assert!(!review_due(None, day(2099, 1, 1)));
    }
}

/// How far a catalog control is implemented, from the statuses of the applied controls
/// that implement it: none applied → `None`; all implemented (ignoring any marked not
/// applicable) → implemented; some implemented or partial → partial; otherwise in
/// progress if any is, else not started. All not applicable → not applicable.
pub fn aggregate_status(statuses: &[ImplementationStatus]) -> Option<ImplementationStatus> {
    use ImplementationStatus::*;
    if statuses.is_empty() {
        return None;
    }
    let relevant: Vec<_> = statuses
        .iter()
        .copied()
        .filter(|s| *s != NotApplicable)
        .collect();
    if relevant.is_empty() {
        return Some(NotApplicable);
    }
    Some(if relevant.iter().all(|s| *s == Implemented) {
        Implemented
    } else if relevant.iter().any(|s| matches!(s, Implemented | Partial)) {
        Partial
    } else if relevant.contains(&InProgress) {
        InProgress
    } else {
        NotStarted
    })
}

#[cfg(test)]
mod aggregate_tests {
    use super::ImplementationStatus::*;
    use super::aggregate_status;

    #[test]
    fn a_catalog_control_is_implemented_only_when_every_applied_control_is() {
        assert_eq!(aggregate_status(&[]), None);
        assert_eq!(
            aggregate_status(&[Implemented, NotApplicable]),
            Some(Implemented)
        );
        assert_eq!(aggregate_status(&[Implemented, NotStarted]), Some(Partial));
        assert_eq!(
            aggregate_status(&[InProgress, NotStarted]),
            Some(InProgress)
        );
        assert_eq!(aggregate_status(&[NotApplicable]), Some(NotApplicable));
        assert_eq!(aggregate_status(&[NotStarted]), Some(NotStarted));
    }
}
