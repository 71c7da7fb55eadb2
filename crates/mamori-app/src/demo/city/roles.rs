//! ISMS roles and demo logins: the records of a role, and the few people who hold
//! more than their place as a unit head gives them.

use super::org::{COMMITTEE_TERM, DemoRole};

/// Where someone sits in their unit, used to hand out extra roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    Lead,
    Member(usize),
}

pub(super) fn role(role: &'static str, department_code: Option<&str>) -> DemoRole {
    DemoRole {
        role,
        department_code: department_code.map(str::to_owned),
        term: None,
    }
}

pub(super) fn committee_role() -> DemoRole {
    DemoRole {
        role: "committee",
        department_code: None,
        term: Some(COMMITTEE_TERM),
    }
}

/// Roles and logins beyond what every unit head gets.
pub(super) fn extras(unit: &str, slot: Slot) -> (Vec<DemoRole>, Option<&'static str>) {
    use Slot::{Lead, Member};
    match (unit, slot) {
        // 総務部長: deputy CISO (統括情報セキュリティ責任者).
        ("100", Lead) => (vec![role("deputy-ciso", None)], Some("deputy")),
        // 市民生活部長 and 福祉部長 demonstrate officer and committee logins.
        ("300", Lead) => (Vec::new(), Some("officer")),
        ("400", Lead) => (Vec::new(), Some("committee")),
        // 市民課長 demonstrates a section manager.
        ("310", Lead) => (Vec::new(), Some("manager")),
        // 情報政策課: the 課長 leads the CSIRT; the システム係 runs the systems.
        ("130", Lead) => (vec![role("csirt", None)], None),
        ("131", Lead) => (
            vec![role("system-admin", Some("130")), role("csirt", None)],
            None,
        ),
        ("131", Member(0)) => (vec![role("system-admin", Some("130"))], Some("sysadmin")),
        ("131", Member(1)) => (vec![role("system-admin", Some("130"))], None),
        ("131", Member(2 | 3)) | ("130", Member(0 | 1)) => {
            (vec![role("system-operator", Some("130"))], None)
        }
        // CSIRT liaisons for forensics, public relations and personnel.
        ("130", Member(2)) | ("110", Member(0)) | ("120", Member(0)) => {
            (vec![role("csirt", None)], None)
        }
        // 会計課 staff double as internal auditors.
        ("800", Member(0)) => (vec![role("auditor", None)], Some("auditor")),
        ("800", Member(1)) => (vec![role("auditor", None)], None),
        // A 住民記録係 clerk with no ISMS role at all.
        ("311", Member(0)) => (Vec::new(), Some("staff")),
        _ => (Vec::new(), None),
    }
}
