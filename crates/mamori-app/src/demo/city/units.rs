//! The department tree and where the staff who are not regular employees work: the
//! fixed structure of みどり市, which the seed never changes.

use super::org::{COUNTER_VENDOR_MAIL_DOMAIN, Date, DemoDepartment, IT_VENDOR_MAIL_DOMAIN};

/// Who leads a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Head {
    /// 部長級: department officer and committee member.
    Director,
    /// 課長級: section manager.
    Manager,
    /// 係長: no role of their own.
    Chief,
}

pub(super) struct Unit {
    pub(super) code: &'static str,
    name: &'static str,
    kind: &'static str,
    parent: Option<&'static str>,
    valid_from: Option<Date>,
    pub(super) head: Head,
    /// Regular staff besides the head.
    pub(super) members: usize,
}

/// The department tree as [`super::generate`] returns it.
pub(super) fn departments() -> Vec<DemoDepartment> {
    UNITS
        .iter()
        .map(|u| DemoDepartment {
            code: u.code.to_owned(),
            name: u.name.to_owned(),
            kind: u.kind,
            parent_code: u.parent.map(str::to_owned),
            valid_from: u.valid_from,
        })
        .collect()
}

const fn unit(
    code: &'static str,
    name: &'static str,
    kind: &'static str,
    parent: Option<&'static str>,
    head: Head,
    members: usize,
) -> Unit {
    Unit {
        code,
        name,
        kind,
        parent,
        valid_from: None,
        head,
        members,
    }
}

const fn reorganised(mut u: Unit, valid_from: Date) -> Unit {
    u.valid_from = Some(valid_from);
    u
}

use Head::{Chief, Director, Manager};

/// The department tree, parents before children.
pub(super) const UNITS: &[Unit] = &[
    unit("100", "総務部", "bu", None, Director, 0),
    unit("110", "総務課", "ka", Some("100"), Manager, 12),
    unit("120", "人事課", "ka", Some("100"), Manager, 10),
    reorganised(
        unit("130", "情報政策課", "ka", Some("100"), Manager, 6),
        (2020, 4, 1),
    ),
    reorganised(
        unit("131", "システム係", "kakari", Some("130"), Chief, 5),
        (2020, 4, 1),
    ),
    unit("200", "企画政策部", "bu", None, Director, 0),
    unit("220", "財政課", "ka", Some("200"), Manager, 9),
    unit("300", "市民生活部", "bu", None, Director, 0),
    unit("310", "市民課", "ka", Some("300"), Manager, 10),
    unit("311", "住民記録係", "kakari", Some("310"), Chief, 10),
    unit("320", "税務課", "ka", Some("300"), Manager, 19),
    unit("330", "国保年金課", "ka", Some("300"), Manager, 14),
    unit("400", "福祉部", "bu", None, Director, 0),
    unit("410", "福祉総務課", "ka", Some("400"), Manager, 14),
    unit("420", "障がい福祉課", "ka", Some("400"), Manager, 12),
    reorganised(
        unit("500", "健康こども部", "bu", None, Director, 0),
        (2023, 4, 1),
    ),
    reorganised(
        unit("510", "子育て支援課", "ka", Some("500"), Manager, 14),
        (2023, 4, 1),
    ),
    reorganised(
        unit("520", "健康増進課", "ka", Some("500"), Manager, 12),
        (2023, 4, 1),
    ),
    unit("600", "環境部", "bu", None, Director, 0),
    unit("610", "環境保全課", "ka", Some("600"), Manager, 10),
    unit("700", "建設部", "bu", None, Director, 0),
    unit("710", "道路課", "ka", Some("700"), Manager, 14),
    unit("800", "会計課", "other", None, Manager, 6),
    unit("900", "教育委員会事務局", "bu", None, Director, 0),
    unit("910", "学校教育課", "ka", Some("900"), Manager, 10),
    unit("950", "議会事務局", "other", None, Director, 5),
];

pub(super) const FISCAL_YEAR_APPOINTEES: usize = 58;
pub(super) const TEMPORARY_STAFF: usize = 6;

/// Where fiscal-year appointees work, with relative weights.
pub(super) const FISCAL_YEAR_APPOINTEE_UNITS: &[(&str, usize)] = &[
    ("110", 3),
    ("130", 1),
    ("310", 8),
    ("311", 6),
    ("320", 6),
    ("330", 5),
    ("410", 4),
    ("420", 5),
    ("510", 8),
    ("520", 6),
    ("610", 2),
    ("710", 2),
    ("910", 4),
];

/// Where temporary staff work, with relative weights.
pub(super) const TEMPORARY_UNITS: &[(&str, usize)] =
    &[("110", 1), ("310", 2), ("320", 3), ("510", 1), ("710", 2)];

/// One 嘱託職員 in each of these units (年金相談員, 福祉相談員,
/// 家庭児童相談員, 管理栄養士, スクールソーシャルワーカー).
pub(super) const CONTRACT_UNITS: &[&str] = &["330", "410", "510", "520", "910"];

/// Contractor staff: unit, mail domain, head count, earliest start year.
pub(super) const CONTRACTORS: &[(&str, &str, usize, i32)] = &[
    ("131", IT_VENDOR_MAIL_DOMAIN, 6, 2022),
    ("310", COUNTER_VENDOR_MAIL_DOMAIN, 4, 2025),
];
