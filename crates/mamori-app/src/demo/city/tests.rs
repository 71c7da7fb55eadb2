//! Tests of the demo city: its size and mix, unique names and numbers, a sound
//! department tree, the roles and logins every demo needs, and determinism.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{HashMap, HashSet};

use super::units::{Head, UNITS};
use super::{
    CITY_MAIL_DOMAIN, DemoCity, DemoStaff, FISCAL_YEAR_START, STAFF_COUNT, generate,
    org_code_check_digit,
};
use crate::demo::names::{FAMILY_NAMES, GIVEN_NAMES};

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
    let bu_level = UNITS.iter().filter(|u| u.head == Head::Director).count();
    let ka_level = UNITS.iter().filter(|u| u.head == Head::Manager).count();
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
