#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn a_corporate_number_is_read_with_its_check_digit() {
    // The National Tax Agency's own number.
    assert_eq!(
        corporate_number("7000012050002").unwrap().as_deref(),
        Some("7000012050002")
    );
    assert_eq!(
        corporate_number("７-０００-０１２０-５０００２")
            .unwrap()
            .as_deref(),
        Some("7000012050002"),
        "full width and hyphens"
    );
    assert_eq!(corporate_number("  ").unwrap(), None);
    let wrong = corporate_number("6000012050002").unwrap_err();
    assert!(wrong.ja.contains("検査用数字"), "{wrong}");
    assert!(
        corporate_number("700001205000")
            .unwrap_err()
            .en
            .contains("13 digits")
    );
    assert!(corporate_number("70000120500A2").is_err());
}

#[test]
fn every_base_has_one_check_digit_from_one_to_nine() {
    for n in [0u64, 1, 99, 123_456_789_012, 999_999_999_999] {
        let base: Vec<u32> = format!("{n:012}")
            .bytes()
            .map(|b| u32::from(b - b'0'))
            .collect();
        let c = check_digit(&base);
        assert!((1..=9).contains(&c), "{n}: {c}");
        let full = format!("{c}{n:012}");
        assert!(corporate_number(&full).is_ok(), "{full}");
    }
}

#[test]
fn a_certification_lapses_the_day_after_its_expiry_and_is_expiring_sixty_days_before() {
    let e = Some(d(2026, 12, 31));
    assert_eq!(cert_status(e, d(2026, 10, 31)), CertStatus::Valid);
    assert_eq!(cert_status(e, d(2026, 11, 1)), CertStatus::Expiring);
    assert_eq!(cert_status(e, d(2026, 12, 31)), CertStatus::Expiring);
    assert_eq!(cert_status(e, d(2027, 1, 1)), CertStatus::Expired);
    assert_eq!(cert_status(None, d(2027, 1, 1)), CertStatus::Open);
}

#[test]
fn an_expiry_before_the_registration_is_refused_naming_both_days() {
    let p = check_certification("ISMAP-C-00123", Some(d(2025, 4, 1)), Some(d(2025, 3, 31)));
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].0, "expires_on");
    assert!(p[0].1.ja.contains("2025-03-31") && p[0].1.ja.contains("2025-04-01"));
    assert_eq!(check_certification(" ", None, None)[0].0, "number");
}

#[test]
fn a_contract_needs_a_period_that_does_not_end_before_it_starts() {
    let f = |v: Vec<(&'static str, Problem)>| v.into_iter().map(|(f, _)| f).collect::<Vec<_>>();
    assert!(
        check_contract(
            "住民情報システム保守",
            Some(d(2026, 4, 1)),
            Some(d(2027, 3, 31))
        )
        .is_empty()
    );
    assert_eq!(
        f(check_contract("", None, None)),
        ["subject", "starts_on", "ends_on"]
    );
    assert_eq!(
        f(check_contract(
            "保守",
            Some(d(2026, 4, 1)),
            Some(d(2026, 3, 31))
        )),
        ["ends_on"]
    );
}

#[test]
fn a_contract_stands_by_its_dates() {
    let (from, until) = (d(2026, 4, 1), d(2027, 3, 31));
    assert_eq!(
        contract_standing(from, until, d(2026, 3, 31)),
        Standing::Upcoming
    );
    assert_eq!(
        contract_standing(from, until, d(2026, 4, 1)),
        Standing::Active
    );
    assert_eq!(
        contract_standing(from, until, d(2027, 1, 30)),
        Standing::Ending
    );
    assert_eq!(
        contract_standing(from, until, d(2027, 4, 1)),
        Standing::Ended
    );
}

#[test]
fn the_clause_template_needs_unique_codes() {
    assert!(Settings::default().check().is_empty());
    let mut s = Settings::default();
    s.clauses[1].code = s.clauses[0].code.clone();
    assert_eq!(s.check().len(), 1);
    s.clauses[1].code = "秘密".into();
    assert_eq!(s.check().len(), 1);
    assert_eq!(code(7), "CTR-0007");
    assert_eq!(contract_code(12), "CON-0012");
}
