//! The roster: 300 people hired into the units, each with a name not used before, an
//! employee number of their category's form, a mail address and their roles.
//! Categories are hired in a fixed order (officials, regular staff, fiscal-year
//! appointees, temporary, contract, contractors), so a seed always draws the same
//! numbers for the same people.

use std::collections::{BTreeMap, HashSet};

use super::org::{CITY_MAIL_DOMAIN, Date, DemoRole, DemoStaff, FISCAL_YEAR_START, STAFF_COUNT};
use super::rng::SplitMix64;
use super::roles::{Slot, committee_role, extras, role};
use super::units::{
    CONTRACT_UNITS, CONTRACTORS, FISCAL_YEAR_APPOINTEE_UNITS, FISCAL_YEAR_APPOINTEES, Head,
    TEMPORARY_STAFF, TEMPORARY_UNITS, UNITS,
};
use crate::demo::names::{Era, FAMILY_NAMES, GIVEN_NAMES, Gender};

/// Exactly [`STAFF_COUNT`] people, drawn from `seed`.
pub(super) fn roster(seed: u64) -> Vec<DemoStaff> {
    let mut b = Builder::new(seed);
    b.add_officials();
    b.add_regular_staff();
    b.add_fiscal_year_appointees();
    b.add_temporary_staff();
    b.add_contract_staff();
    b.add_contractors();
    b.staff
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

/// Hire-year range and share of women for each kind of unit head.
fn head_profile(head: Head) -> (i32, i32, usize) {
    match head {
        Head::Director => (1986, 1992, 15),
        Head::Manager => (1989, 1998, 25),
        Head::Chief => (1997, 2008, 35),
    }
}
