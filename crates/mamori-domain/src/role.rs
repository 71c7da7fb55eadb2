//! ISMS roles (§6 of the basic policy): who is responsible for what, and for how long.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::labelled::labelled_enum;
use crate::period::Period;

labelled_enum! {
    /// A role in the organization's security management. The serde form is [`Role::code`].
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum Role {
        // Besides the code and labels, the shorter names people write in lists.
        #[serde(rename = "ciso")]
        Ciso => ("ciso", "最高情報セキュリティ責任者 (CISO)", "Chief information security officer (CISO)", [
            "最高情報セキュリティ責任者", "chief information security officer",
        ]),
        #[serde(rename = "deputy-ciso")]
        DeputyCiso => ("deputy-ciso", "統括情報セキュリティ責任者", "Deputy CISO", ["統括責任者"]),
        #[serde(rename = "department-officer")]
        DeptOfficer => ("department-officer", "情報セキュリティ責任者", "Department security officer"),
        #[serde(rename = "section-manager")]
        SectionManager => ("section-manager", "情報セキュリティ管理者", "Section security manager"),
        #[serde(rename = "system-admin")]
        SystemAdmin => ("system-admin", "情報システム管理者", "System administrator"),
        #[serde(rename = "system-operator")]
        SystemOperator => ("system-operator", "情報システム担当者", "System operator"),
        #[serde(rename = "committee")]
        Committee => ("committee", "情報セキュリティ委員会委員", "Security committee member", [
            "情報セキュリティ委員会", "委員",
        ]),
        #[serde(rename = "csirt")]
        Csirt => ("csirt", "CSIRT要員", "CSIRT member", ["CSIRT", "シーサート"]),
        #[serde(rename = "auditor")]
        Auditor => ("auditor", "監査人", "Auditor"),
    }

    /// Accepts the code or either label, in any case, width or spacing.
    fn parse {
        empty: ("役割が入力されていません。", "The role is empty."),
        unknown: choices("役割", "a role"),
    }
}

impl Role {
    /// The officer of a department and the manager of a section answer for one
    /// department, so the assignment must name it.
    pub fn requires_department(self) -> bool {
        matches!(self, Role::DeptOfficer | Role::SectionManager)
    }

    /// Committee members are appointed for a term, which the assignment must state.
    /// Other roles may carry a term too, but need not.
    pub fn has_term(self) -> bool {
        self == Role::Committee
    }
}

/// A set of roles small enough to copy, so a capability can carry the roles an
/// organization designates (who reads violation records).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoleSet(u16);

impl RoleSet {
    pub fn of(roles: &[Role]) -> Self {
        Self(roles.iter().fold(0, |bits, r| bits | Self::bit(*r)))
    }

    fn bit(role: Role) -> u16 {
        let i = Role::ALL.iter().position(|r| *r == role).unwrap_or(0);
        1 << i
    }

    pub fn contains(self, role: Role) -> bool {
        self.0 & Self::bit(role) != 0
    }
}

/// Checks a term of office; either end may be open.
pub fn check_term(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), Problem> {
    Period::new(from, to).map(|_| ())
}

/// Whether a term covers `day` (bounds included, `None` open).
pub fn is_active_on(from: Option<NaiveDate>, to: Option<NaiveDate>, day: NaiveDate) -> bool {
    Period { from, to }.contains(day)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_serde_and_parse_back() {
        for r in Role::ALL {
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.code())
            );
            let back: Role = serde_json::from_str(&format!("\"{}\"", r.code())).unwrap();
            assert_eq!(back, r);
            assert_eq!(Role::parse(r.code()).unwrap(), r);
            assert_eq!(Role::parse(r.label_ja()).unwrap(), r);
            assert_eq!(Role::parse(r.label_en()).unwrap(), r);
            assert_eq!(Role::parse(&r.label_en().to_lowercase()).unwrap(), r);
        }
    }

    #[test]
    fn loose_spellings() {
        assert_eq!(Role::parse("CISO").unwrap(), Role::Ciso);
        assert_eq!(
            Role::parse("最高情報セキュリティ責任者").unwrap(),
            Role::Ciso
        );
        assert_eq!(
            Role::parse("最高情報セキュリティ責任者（ＣＩＳＯ）").unwrap(),
            Role::Ciso
        );
        assert_eq!(Role::parse("Deputy-CISO").unwrap(), Role::DeputyCiso);
        assert_eq!(Role::parse("deputy ciso").unwrap(), Role::DeputyCiso);
        // The message quotes the value as normalized, so it reads as the user meant it.
        let p = Role::parse("ｼｽﾃﾑ係").unwrap_err();
        assert!(p.ja.contains("「システム係」"), "{p}");
        assert_eq!(Role::parse("情報ｼｽﾃﾑ管理者").unwrap(), Role::SystemAdmin);
        assert_eq!(Role::parse("csirt").unwrap(), Role::Csirt);
        assert_eq!(Role::parse("委員").unwrap(), Role::Committee);
        assert_eq!(Role::Auditor.label("en"), "Auditor");
    }

    #[test]
    fn unknown_role_lists_the_choices() {
        let p = Role::parse("係長").unwrap_err();
        assert!(p.ja.contains("「係長」") && p.ja.contains("監査人"), "{p}");
        assert!(
            p.en.contains("\"係長\"") && p.en.contains("Deputy CISO"),
            "{p}"
        );
        assert!(Role::parse("").unwrap_err().en.contains("empty"));
    }

    #[test]
    fn department_and_term_requirements() {
        let needs_dept: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.requires_department())
            .collect();
        assert_eq!(needs_dept, [Role::DeptOfficer, Role::SectionManager]);
        let needs_term: Vec<Role> = Role::ALL.into_iter().filter(|r| r.has_term()).collect();
        assert_eq!(needs_term, [Role::Committee]);
    }

    #[test]
    fn terms() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(check_term(Some(d(2025, 4, 1)), Some(d(2027, 3, 31))).is_ok());
        let p = check_term(Some(d(2025, 4, 1)), Some(d(2024, 3, 31))).unwrap_err();
        assert!(p.ja.contains("2024-03-31"), "{p}");
        let (from, to) = (Some(d(2025, 4, 1)), Some(d(2027, 3, 31)));
        assert!(!is_active_on(from, to, d(2025, 3, 31)));
        assert!(is_active_on(from, to, d(2025, 4, 1)));
        assert!(is_active_on(from, to, d(2027, 3, 31)));
        assert!(!is_active_on(from, to, d(2027, 4, 1)));
        assert!(is_active_on(None, None, d(2025, 4, 1)));
        assert!(is_active_on(None, to, d(2000, 1, 1)));
    }
}
