//! みどり市 (Midori City): the fictional 中核市-sized city hall behind `mamori demo`.
//!
//! [`generate`] returns pure data: the organisation, a tree of 26 departments
//! and exactly 300 staff with their ISMS roles and a handful of demo logins.
//! All variation (names, hire dates, where part-timers sit) comes from a small
//! SplitMix64 generator seeded by the caller, so the same seed always yields
//! the same city.
//!
//! The structure is fixed by the tables at the bottom of this file:
//!
//! * every 部 (and the 議会事務局) has a director who is its
//!   `department-officer` and sits on the security committee;
//! * every 課 (and the 会計課) has a manager who is its `section-manager`;
//! * the 副市長 is the CISO, the 総務部長 the deputy CISO;
//! * 情報政策課 and its システム係 hold the system administrators and
//!   operators, and two 会計課 staff are the internal auditors.

use std::collections::{BTreeMap, HashSet};

use super::names::{Era, FAMILY_NAMES, GIVEN_NAMES, Gender};

/// A calendar date as `(year, month, day)`.
pub type Date = (i32, u32, u32);

/// The organisation's display name.
pub const ORG_NAME: &str = "みどり市";
/// 全国地方公共団体コード for the demo city: prefecture 08 with the unused
/// city part 998, followed by its check digit (see [`org_code_check_digit`]).
pub const ORG_CODE: &str = "089982";
/// The prefecture part of [`ORG_CODE`].
pub const PREFECTURE_CODE: u8 = 8;
/// How many staff [`generate`] always produces.
pub const STAFF_COUNT: usize = 300;
/// Mail domain of city employees (under the reserved `example.jp`).
pub const CITY_MAIL_DOMAIN: &str = "city.midori.example.jp";
/// Mail domain of the IT vendor's resident engineers.
pub const IT_VENDOR_MAIL_DOMAIN: &str = "mds.example.co.jp";
/// Mail domain of the counter-service (窓口業務) contractor.
pub const COUNTER_VENDOR_MAIL_DOMAIN: &str = "bpo.example.co.jp";
/// Term of the information security committee.
pub const COMMITTEE_TERM: (Date, Date) = ((2026, 4, 1), (2028, 3, 31));
/// First day of the current fiscal year (令和8年度).
pub const FISCAL_YEAR_START: Date = (2026, 4, 1);

/// The whole demo organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoCity {
    pub org_name: &'static str,
    pub org_code: &'static str,
    pub prefecture_code: u8,
    pub departments: Vec<DemoDepartment>,
    pub staff: Vec<DemoStaff>,
}

/// One node of the department tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoDepartment {
    /// Hierarchical number: `"100"` a 部, `"130"` a 課 under it, `"131"` a 係.
    pub code: String,
    pub name: String,
    /// `"bu"`, `"ka"`, `"kakari"` or `"other"`.
    pub kind: &'static str,
    pub parent_code: Option<String>,
    pub valid_from: Option<Date>,
}

/// One person on the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoStaff {
    pub employee_number: String,
    /// Family and given name separated by one half-width space.
    pub name: String,
    /// Full-width katakana reading, family and given separated the same way.
    pub kana: String,
    pub email: Option<String>,
    pub department_code: String,
    /// `"head"`, `"special_official"`, `"regular"`, `"fiscal_year_appointee"`,
    /// `"temporary"`, `"contract"` or `"contractor"`.
    pub category: &'static str,
    pub part_time: bool,
    pub start_date: Date,
    pub roles: Vec<DemoRole>,
    /// Demo account name, for the few people who get one.
    pub login: Option<String>,
}

/// One ISMS role held by a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoRole {
    /// `"ciso"`, `"deputy-ciso"`, `"department-officer"`, `"section-manager"`,
    /// `"system-admin"`, `"system-operator"`, `"committee"`, `"csirt"` or `"auditor"`.
    pub role: &'static str,
    /// The department the role is scoped to, if any.
    pub department_code: Option<String>,
    pub term: Option<(Date, Date)>,
}

/// The check digit of a 全国地方公共団体コード from its first five digits:
/// `sum = 6d1 + 5d2 + 4d3 + 3d4 + 2d5`, `check = (11 - sum % 11) % 10`.
/// `None` unless given exactly five ASCII digits.
pub fn org_code_check_digit(first_five: &str) -> Option<u32> {
    let digits = first_five
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<Vec<u32>>>()?;
    if digits.len() != 5 {
        return None;
    }
    let sum: u32 = digits.iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    Some((11 - sum % 11) % 10)
}

/// Builds みどり市 from `seed`. Deterministic: equal seeds give equal cities.
pub fn generate(seed: u64) -> DemoCity {
    let departments = UNITS
        .iter()
        .map(|u| DemoDepartment {
            code: u.code.to_owned(),
            name: u.name.to_owned(),
            kind: u.kind,
            parent_code: u.parent.map(str::to_owned),
            valid_from: u.valid_from,
        })
        .collect();

    let mut b = Builder::new(seed);
    b.add_officials();
    b.add_regular_staff();
    b.add_fiscal_year_appointees();
    b.add_temporary_staff();
    b.add_contract_staff();
    b.add_contractors();

    DemoCity {
        org_name: ORG_NAME,
        org_code: ORG_CODE,
        prefecture_code: PREFECTURE_CODE,
        departments,
        staff: b.staff,
    }
}

// ---------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------

/// SplitMix64: tiny, fast and good enough for demo data.
pub(super) struct SplitMix64(pub(super) u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: i32, hi: i32) -> i32 {
        let span = (hi - lo).max(0) as usize + 1;
        lo + self.below(span) as i32
    }

    /// True with probability `percent`/100.
    pub(super) fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// Picks an item from `(item, weight)` pairs in proportion to weight.
    fn weighted<T: Copy>(&mut self, table: &[(T, usize)], fallback: T) -> T {
        let total: usize = table.iter().map(|(_, w)| w).sum();
        let mut x = self.below(total);
        for &(item, w) in table {
            if x < w {
                return item;
            }
            x -= w;
        }
        fallback
    }
}

// ---------------------------------------------------------------------------
// Building the roster
// ---------------------------------------------------------------------------

/// Where someone sits in their unit, used to hand out extra roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Lead,
    Member(usize),
}

/// What a person is called, in all three scripts.
struct Name {
    name: String,
    kana: String,
    /// `given.family`, the local part of an e-mail address.
    mail_local: String,
}

/// Everything about one new person except their name.
struct Hire {
    employee_number: String,
    department_code: &'static str,
    category: &'static str,
    part_time: bool,
    start_date: Date,
    /// Mail domain, or `None` for no address.
    mail_domain: Option<&'static str>,
    roles: Vec<DemoRole>,
    login: Option<&'static str>,
}

struct Builder {
    rng: SplitMix64,
    staff: Vec<DemoStaff>,
    /// `(family index, given index)` pairs already used.
    used_names: HashSet<(usize, usize)>,
    /// Given-name indices per (gender, era).
    given_by_kind: Vec<((Gender, Era), Vec<usize>)>,
    /// Next serial per hire year for regular employee numbers.
    serial_by_year: BTreeMap<i32, u32>,
    /// Next serial per employee-number prefix (`S`, `K26`, `E1`, ...).
    serial_by_prefix: BTreeMap<&'static str, u32>,
}

impl Builder {
    fn new(seed: u64) -> Self {
        let kinds = [
            (Gender::Male, Era::Classic),
            (Gender::Male, Era::Modern),
            (Gender::Female, Era::Classic),
            (Gender::Female, Era::Modern),
        ];
        let given_by_kind = kinds
            .iter()
            .map(|&kind| {
                let indices = GIVEN_NAMES
                    .iter()
                    .enumerate()
                    .filter(|(_, g)| (g.3, g.4) == kind)
                    .map(|(i, _)| i)
                    .collect();
                (kind, indices)
            })
            .collect();
        Self {
            rng: SplitMix64(seed),
            staff: Vec::with_capacity(STAFF_COUNT),
            used_names: HashSet::new(),
            given_by_kind,
            serial_by_year: BTreeMap::new(),
            serial_by_prefix: BTreeMap::new(),
        }
    }

    /// 市長, 副市長 (the CISO) and 教育長.
    fn add_officials(&mut self) {
        let officials: [(&str, Date, Vec<DemoRole>, Option<&'static str>); 3] = [
            ("110", (2023, 5, 1), Vec::new(), None),
            (
                "110",
                (2024, 4, 1),
                vec![role("ciso", None), committee_role()],
                Some("ciso"),
            ),
            ("900", (2025, 4, 1), Vec::new(), None),
        ];
        for (i, (unit, start, roles, login)) in officials.into_iter().enumerate() {
            let hire = Hire {
                employee_number: self.prefixed_number("S", 5),
                department_code: unit,
                category: if i == 0 { "head" } else { "special_official" },
                part_time: false,
                start_date: start,
                mail_domain: Some(CITY_MAIL_DOMAIN),
                roles,
                login,
            };
            let gender = self.gender(20);
            self.push(hire, gender, Era::Classic);
        }
    }

    /// Heads of every unit, then the ordinary members of each unit.
    fn add_regular_staff(&mut self) {
        for unit in UNITS {
            let (first_year, last_year, female_percent) = head_profile(unit.head);
            let year = self.rng.between(first_year, last_year);
            let mut roles = match unit.head {
                Head::Director => vec![
                    role("department-officer", Some(unit.code)),
                    committee_role(),
                ],
                Head::Manager => vec![role("section-manager", Some(unit.code))],
                Head::Chief => Vec::new(),
            };
            let (extra, login) = extras(unit.code, Slot::Lead);
            roles.extend(extra);
            let hire = self.regular_hire(unit.code, (year, 4, 1), roles, login);
            let gender = self.gender(female_percent);
            self.push(hire, gender, Era::Classic);
        }
        for unit in UNITS {
            for n in 0..unit.members {
                let year = self.rng.between(1991, 2026);
                let month = if year < 2026 && self.rng.percent(8) {
                    10
                } else {
                    4
                };
                let (roles, login) = extras(unit.code, Slot::Member(n));
                let hire = self.regular_hire(unit.code, (year, month, 1), roles, login);
                let gender = self.gender(50);
                let era = if year < 2008 {
                    Era::Classic
                } else {
                    Era::Modern
                };
                self.push(hire, gender, era);
            }
        }
    }

    /// 会計年度任用職員: counter clerks, childcare and health assistants.
    /// Mostly part-time; part-timers often have no mailbox.
    fn add_fiscal_year_appointees(&mut self) {
        for _ in 0..FISCAL_YEAR_APPOINTEES {
            let unit = self.rng.weighted(FISCAL_YEAR_APPOINTEE_UNITS, "310");
            let part_time = self.rng.percent(85);
            let has_mail = !part_time || self.rng.percent(50);
            let hire = Hire {
                employee_number: self.prefixed_number("K26", 3),
                department_code: unit,
                category: "fiscal_year_appointee",
                part_time,
                start_date: FISCAL_YEAR_START,
                mail_domain: has_mail.then_some(CITY_MAIL_DOMAIN),
                roles: Vec::new(),
                login: None,
            };
            let gender = self.gender(75);
            let era = self.era();
            self.push(hire, gender, era);
        }
    }

    /// 臨時職員 covering seasonal peaks (tax filing, road works, leave cover).
    fn add_temporary_staff(&mut self) {
        for _ in 0..TEMPORARY_STAFF {
            let unit = self.rng.weighted(TEMPORARY_UNITS, "320");
            let month = [4, 7, 10][self.rng.below(3)];
            let hire = Hire {
                employee_number: self.prefixed_number("R26", 3),
                department_code: unit,
                category: "temporary",
                part_time: false,
                start_date: (2026, month, 1),
                mail_domain: None,
                roles: Vec::new(),
                login: None,
            };
            let gender = self.gender(50);
            let era = self.era();
            self.push(hire, gender, era);
        }
    }

    /// 嘱託職員: long-serving specialist advisers, one per unit listed.
    fn add_contract_staff(&mut self) {
        for &unit in CONTRACT_UNITS {
            let year = self.rng.between(2016, 2024);
            let part_time = self.rng.percent(50);
            let hire = Hire {
                employee_number: self.prefixed_number("J1", 4),
                department_code: unit,
                category: "contract",
                part_time,
                start_date: (year, 4, 1),
                mail_domain: Some(CITY_MAIL_DOMAIN),
                roles: Vec::new(),
                login: None,
            };
            let gender = self.gender(60);
            self.push(hire, gender, Era::Classic);
        }
    }

    /// 委託事業者: the IT vendor's resident engineers in システム係 and the
    /// counter-service contractor's staff at the 市民課 windows.
    fn add_contractors(&mut self) {
        for &(unit, domain, count, first_year) in CONTRACTORS {
            for _ in 0..count {
                let year = self.rng.between(first_year, 2026);
                let hire = Hire {
                    employee_number: self.prefixed_number("E1", 4),
                    department_code: unit,
                    category: "contractor",
                    part_time: false,
                    start_date: (year, 4, 1),
                    mail_domain: Some(domain),
                    roles: Vec::new(),
                    login: None,
                };
                let gender = self.gender(35);
                let era = self.era();
                self.push(hire, gender, era);
            }
        }
    }

    fn regular_hire(
        &mut self,
        unit: &'static str,
        start_date: Date,
        roles: Vec<DemoRole>,
        login: Option<&'static str>,
    ) -> Hire {
        Hire {
            employee_number: self.year_number(start_date.0),
            department_code: unit,
            category: "regular",
            part_time: false,
            start_date,
            mail_domain: Some(CITY_MAIL_DOMAIN),
            roles,
            login,
        }
    }

    fn push(&mut self, hire: Hire, gender: Gender, era: Era) {
        let name = self.pick_name(gender, era);
        self.staff.push(DemoStaff {
            employee_number: hire.employee_number,
            name: name.name,
            kana: name.kana,
            email: hire
                .mail_domain
                .map(|domain| format!("{}@{domain}", name.mail_local)),
            department_code: hire.department_code.to_owned(),
            category: hire.category,
            part_time: hire.part_time,
            start_date: hire.start_date,
            roles: hire.roles,
            login: hire.login.map(str::to_owned),
        });
    }

    fn gender(&mut self, female_percent: usize) -> Gender {
        if self.rng.percent(female_percent) {
            Gender::Female
        } else {
            Gender::Male
        }
    }

    fn era(&mut self) -> Era {
        if self.rng.percent(50) {
            Era::Classic
        } else {
            Era::Modern
        }
    }

    /// A name pair not used before. Family names favour the common end of
    /// the table; given names come from the requested gender and era.
    fn pick_name(&mut self, gender: Gender, era: Era) -> Name {
        let candidates: &[usize] = self
            .given_by_kind
            .iter()
            .find(|(kind, _)| *kind == (gender, era))
            .map_or(&[], |(_, v)| v.as_slice());
        let families = FAMILY_NAMES.len();
        let mut chosen = None;
        for _ in 0..64 {
            let family = self.rng.below(families).min(self.rng.below(families));
            let Some(&given) = candidates.get(self.rng.below(candidates.len())) else {
                break;
            };
            if !self.used_names.contains(&(family, given)) {
                chosen = Some((family, given));
                break;
            }
        }
        // Practically unreachable (300 people, thousands of pairs), but keep
        // the result unique without looping forever.
        let (family, given) = chosen
            .or_else(|| {
                (0..families)
                    .flat_map(|f| (0..GIVEN_NAMES.len()).map(move |g| (f, g)))
                    .find(|pair| !self.used_names.contains(pair))
            })
            .unwrap_or((0, 0));
        self.used_names.insert((family, given));
        name_from(family, given)
    }

    /// Regular staff: hire year and a two-digit serial, e.g. `"200307"`.
    fn year_number(&mut self, year: i32) -> String {
        let serial = self.serial_by_year.entry(year).or_insert(0);
        *serial += 1;
        format!("{year}{serial:02}")
    }

    /// Other staff: a fixed prefix and a zero-padded serial, e.g. `"K26001"`.
    fn prefixed_number(&mut self, prefix: &'static str, width: usize) -> String {
        let serial = self.serial_by_prefix.entry(prefix).or_insert(0);
        *serial += 1;
        format!("{prefix}{serial:0width$}")
    }
}

fn name_from(family: usize, given: usize) -> Name {
    let (f_kanji, f_kana, f_romaji) = FAMILY_NAMES.get(family).copied().unwrap_or(("", "", ""));
    let (g_kanji, g_kana, g_romaji) = GIVEN_NAMES
        .get(given)
        .map_or(("", "", ""), |g| (g.0, g.1, g.2));
    Name {
        name: format!("{f_kanji} {g_kanji}"),
        kana: format!("{f_kana} {g_kana}"),
        mail_local: format!("{g_romaji}.{f_romaji}"),
    }
}

fn role(role: &'static str, department_code: Option<&str>) -> DemoRole {
    DemoRole {
        role,
        department_code: department_code.map(str::to_owned),
        term: None,
    }
}

fn committee_role() -> DemoRole {
    DemoRole {
        role: "committee",
        department_code: None,
        term: Some(COMMITTEE_TERM),
    }
}

/// Hire-year range and share of women for each kind of unit head.
fn head_profile(head: Head) -> (i32, i32, usize) {
    match head {
        Head::Director => (1986, 1992, 15),
        Head::Manager => (1989, 1998, 25),
        Head::Chief => (1997, 2008, 35),
    }
}

/// Roles and logins beyond what every unit head gets.
fn extras(unit: &str, slot: Slot) -> (Vec<DemoRole>, Option<&'static str>) {
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

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

/// Who leads a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    /// 部長級: department officer and committee member.
    Director,
    /// 課長級: section manager.
    Manager,
    /// 係長: no role of their own.
    Chief,
}

struct Unit {
    code: &'static str,
    name: &'static str,
    kind: &'static str,
    parent: Option<&'static str>,
    valid_from: Option<Date>,
    head: Head,
    /// Regular staff besides the head.
    members: usize,
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
const UNITS: &[Unit] = &[
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

const FISCAL_YEAR_APPOINTEES: usize = 58;
const TEMPORARY_STAFF: usize = 6;

/// Where fiscal-year appointees work, with relative weights.
const FISCAL_YEAR_APPOINTEE_UNITS: &[(&str, usize)] = &[
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
const TEMPORARY_UNITS: &[(&str, usize)] =
    &[("110", 1), ("310", 2), ("320", 3), ("510", 1), ("710", 2)];

/// One 嘱託職員 in each of these units (年金相談員, 福祉相談員,
/// 家庭児童相談員, 管理栄養士, スクールソーシャルワーカー).
const CONTRACT_UNITS: &[&str] = &["330", "410", "510", "520", "910"];

/// Contractor staff: unit, mail domain, head count, earliest start year.
const CONTRACTORS: &[(&str, &str, usize, i32)] = &[
    ("131", IT_VENDOR_MAIL_DOMAIN, 6, 2022),
    ("310", COUNTER_VENDOR_MAIL_DOMAIN, 4, 2025),
];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const ROLES: &[&str] = &[
        "ciso",
        "deputy-ciso",
        "department-officer",
        "section-manager",
        "system-admin",
        "system-operator",
        "committee",
        "csirt",
        "auditor",
    ];
    const CATEGORIES: &[&str] = &[
        "head",
        "special_official",
        "regular",
        "fiscal_year_appointee",
        "temporary",
        "contract",
        "contractor",
    ];
    const LOGINS: &[&str] = &[
        "ciso",
        "deputy",
        "officer",
        "manager",
        "sysadmin",
        "auditor",
        "staff",
        "committee",
    ];

    fn seeds() -> impl Iterator<Item = u64> {
        (0..40).chain([u64::MAX, 0x5EED_CAFE])
    }

    fn is_katakana(c: char) -> bool {
        matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
    }

    fn has_role(s: &DemoStaff, r: &str) -> bool {
        s.roles.iter().any(|x| x.role == r)
    }

    fn count_role(city: &DemoCity, r: &str) -> usize {
        city.staff.iter().filter(|s| has_role(s, r)).count()
    }

    #[test]
    fn exactly_300_staff() {
        for seed in seeds() {
            assert_eq!(generate(seed).staff.len(), STAFF_COUNT);
        }
    }

    #[test]
    fn category_mix_is_realistic() {
        let city = generate(1);
        let mut by: HashMap<&str, usize> = HashMap::new();
        for s in &city.staff {
            assert!(CATEGORIES.contains(&s.category), "{}", s.category);
            *by.entry(s.category).or_default() += 1;
        }
        assert_eq!(by["head"], 1);
        assert_eq!(by["special_official"], 2);
        assert_eq!(by["regular"], 218);
        assert_eq!(by["fiscal_year_appointee"], 58);
        assert_eq!(by["temporary"], 6);
        assert_eq!(by["contract"], 5);
        assert_eq!(by["contractor"], 10);
        for s in &city.staff {
            if s.category == "fiscal_year_appointee" {
                assert_eq!(s.start_date, FISCAL_YEAR_START);
            }
            if s.category == "contractor" {
                let email = s.email.as_deref().unwrap();
                assert!(!email.ends_with(CITY_MAIL_DOMAIN), "{email}");
            }
            if s.part_time {
                assert!(matches!(s.category, "fiscal_year_appointee" | "contract"));
            }
        }
    }

    #[test]
    fn employee_numbers_are_unique() {
        for seed in seeds() {
            let city = generate(seed);
            let set: HashSet<_> = city.staff.iter().map(|s| &s.employee_number).collect();
            assert_eq!(set.len(), city.staff.len(), "seed {seed}");
        }
    }

    #[test]
    fn names_and_emails_are_unique() {
        for seed in seeds() {
            let city = generate(seed);
            let names: HashSet<_> = city.staff.iter().map(|s| &s.name).collect();
            assert_eq!(names.len(), city.staff.len(), "seed {seed}");
            let emails: Vec<_> = city.staff.iter().filter_map(|s| s.email.as_ref()).collect();
            let unique: HashSet<_> = emails.iter().collect();
            assert_eq!(unique.len(), emails.len(), "seed {seed}");
        }
    }

    #[test]
    fn every_department_reference_exists() {
        let city = generate(7);
        let codes: HashSet<&str> = city.departments.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes.len(),
            city.departments.len(),
            "department codes unique"
        );
        assert!((20..=26).contains(&city.departments.len()));
        for d in &city.departments {
            assert!(matches!(d.kind, "bu" | "ka" | "kakari" | "other"));
            assert!(!d.name.contains('/'), "{}", d.name);
            if let Some(p) = &d.parent_code {
                assert!(codes.contains(p.as_str()), "{p}");
            }
        }
        for s in &city.staff {
            assert!(
                codes.contains(s.department_code.as_str()),
                "{}",
                s.department_code
            );
            for r in &s.roles {
                assert!(ROLES.contains(&r.role), "{}", r.role);
                if let Some(c) = &r.department_code {
                    assert!(codes.contains(c.as_str()), "{c}");
                }
            }
        }
    }

    #[test]
    fn department_tree_has_no_cycles() {
        let city = generate(0);
        let parent: HashMap<&str, Option<&str>> = city
            .departments
            .iter()
            .map(|d| (d.code.as_str(), d.parent_code.as_deref()))
            .collect();
        for d in &city.departments {
            let mut at = d.code.as_str();
            let mut steps = 0;
            while let Some(Some(p)) = parent.get(at) {
                at = p;
                steps += 1;
                assert!(steps <= parent.len(), "cycle through {}", d.code);
            }
        }
    }

    #[test]
    fn kana_is_full_width_katakana() {
        for seed in seeds() {
            for s in &generate(seed).staff {
                assert_eq!(s.kana.matches(' ').count(), 1, "{}", s.kana);
                assert!(!s.kana.starts_with(' ') && !s.kana.ends_with(' '));
                assert!(
                    s.kana.chars().all(|c| c == ' ' || is_katakana(c)),
                    "{}",
                    s.kana
                );
                assert_eq!(s.name.matches(' ').count(), 1, "{}", s.name);
            }
        }
    }

    #[test]
    fn name_tables_are_consistent() {
        let family: HashSet<_> = FAMILY_NAMES.iter().map(|f| f.2).collect();
        assert_eq!(family.len(), FAMILY_NAMES.len());
        let given: HashSet<_> = GIVEN_NAMES.iter().map(|g| g.2).collect();
        assert_eq!(given.len(), GIVEN_NAMES.len());
        for (kanji, kana, romaji) in FAMILY_NAMES
            .iter()
            .copied()
            .chain(GIVEN_NAMES.iter().map(|g| (g.0, g.1, g.2)))
        {
            assert!(!kanji.is_empty() && !kanji.contains(' '));
            assert!(!kana.is_empty() && kana.chars().all(is_katakana), "{kana}");
            assert!(romaji.chars().all(|c| c.is_ascii_lowercase()), "{romaji}");
        }
    }

    #[test]
    fn org_code_check_digit_is_valid() {
        let city = generate(0);
        assert_eq!(city.org_name, "みどり市");
        assert_eq!(city.org_code.len(), 6);
        let (head, check) = city.org_code.split_at(5);
        assert_eq!(org_code_check_digit(head), check.parse().ok());
        assert_eq!(head[..2].parse::<u8>().unwrap(), city.prefecture_code);
        // Known real codes: 札幌市 011002, 千代田区 131016.
        assert_eq!(org_code_check_digit("01100"), Some(2));
        assert_eq!(org_code_check_digit("13101"), Some(6));
        assert_eq!(org_code_check_digit("1310"), None);
        assert_eq!(org_code_check_digit("1310x"), None);
    }

    #[test]
    fn exactly_one_ciso_who_is_a_special_official() {
        for seed in seeds() {
            let city = generate(seed);
            let cisos: Vec<_> = city.staff.iter().filter(|s| has_role(s, "ciso")).collect();
            assert_eq!(cisos.len(), 1);
            assert_eq!(cisos[0].category, "special_official");
            assert_eq!(count_role(&city, "deputy-ciso"), 1);
        }
    }

    #[test]
    fn role_counts() {
        let city = generate(3);
        let bu_level = UNITS.iter().filter(|u| u.head == Director).count();
        let ka_level = UNITS.iter().filter(|u| u.head == Manager).count();
        assert_eq!(count_role(&city, "department-officer"), bu_level);
        assert_eq!(count_role(&city, "section-manager"), ka_level);
        assert_eq!(count_role(&city, "committee"), bu_level + 1);
        assert!((2..=3).contains(&count_role(&city, "system-admin")));
        assert!((3..=4).contains(&count_role(&city, "system-operator")));
        assert!((4..=5).contains(&count_role(&city, "csirt")));
        assert_eq!(count_role(&city, "auditor"), 2);
        for s in &city.staff {
            for r in &s.roles {
                assert_eq!(r.term.is_some(), r.role == "committee", "{}", r.role);
                if matches!(r.role, "system-admin" | "system-operator") {
                    assert!(s.department_code.starts_with("13"));
                }
                if r.role == "auditor" {
                    assert_eq!(s.department_code, "800");
                }
            }
        }
        let sections: HashSet<_> = city
            .staff
            .iter()
            .flat_map(|s| &s.roles)
            .filter(|r| r.role == "section-manager")
            .filter_map(|r| r.department_code.as_deref())
            .collect();
        assert_eq!(sections.len(), ka_level, "one manager per section");
    }

    #[test]
    fn demo_logins_are_unique_and_complete() {
        for seed in seeds() {
            let city = generate(seed);
            let logins: Vec<&str> = city
                .staff
                .iter()
                .filter_map(|s| s.login.as_deref())
                .collect();
            let unique: HashSet<_> = logins.iter().copied().collect();
            assert_eq!(unique.len(), logins.len());
            assert_eq!(unique, LOGINS.iter().copied().collect());
            let by_login = |l: &str| {
                city.staff
                    .iter()
                    .find(|s| s.login.as_deref() == Some(l))
                    .unwrap()
            };
            for (login, r) in [
                ("ciso", "ciso"),
                ("deputy", "deputy-ciso"),
                ("officer", "department-officer"),
                ("manager", "section-manager"),
                ("sysadmin", "system-admin"),
                ("auditor", "auditor"),
                ("committee", "committee"),
            ] {
                assert!(has_role(by_login(login), r), "{login}");
            }
            let staff = by_login("staff");
            assert!(staff.roles.is_empty());
            assert!(staff.email.is_some());
        }
    }

    #[test]
    fn start_dates_are_plausible() {
        for s in &generate(11).staff {
            let (y, m, d) = s.start_date;
            assert!((1986..=2026).contains(&y), "{y}");
            assert!((1..=12).contains(&m) && d == 1);
            assert!((y, m) <= (2026, 10), "{:?}", s.start_date);
        }
    }

    #[test]
    fn deterministic_for_a_seed() {
        assert_eq!(generate(42), generate(42));
        assert_eq!(generate(0), generate(0));
        assert_ne!(generate(42).staff, generate(43).staff);
        assert_eq!(generate(42).departments, generate(43).departments);
    }
}
