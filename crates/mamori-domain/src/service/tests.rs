#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn no_dates() -> Dates {
    Dates {
        listed_on: None,
        listing_expires_on: None,
        starts_on: None,
        ends_on: None,
        deleted_on: None,
    }
}

fn marks(c: u8, i: u8, a: u8, personal: PersonalDataKind) -> Marks {
    Marks { c, i, a, personal }
}

#[test]
fn an_asset_above_the_ceiling_is_named_by_what_goes_over() {
    use PersonalDataKind::*;
    let allowed = marks(3, 2, 2, Personal);
    assert!(
        excesses(marks(3, 2, 1, Personal), allowed).is_empty(),
        "at the ceiling fits"
    );
    assert!(excesses(marks(1, 1, 1, None), allowed).is_empty());
    assert_eq!(
        excesses(marks(4, 2, 3, MyNumber), allowed),
        vec![
            Excess::Level(Dimension::C),
            Excess::Level(Dimension::A),
            Excess::Personal
        ]
    );
    assert_eq!(
        excesses(marks(1, 1, 1, Sensitive), allowed),
        vec![Excess::Personal],
        "special-care data on a service allowing ordinary personal data"
    );
    assert!(Excess::Level(Dimension::C).label("ja").contains("機密性"));
    assert!(Excess::Personal.label("en").contains("personal"));
}

#[test]
fn usage_follows_the_dates_and_the_deletion() {
    let today = d(2026, 12, 7);
    assert_eq!(usage(None, None, None, today), Usage::InUse);
    assert_eq!(
        usage(Some(d(2027, 1, 1)), None, None, today),
        Usage::Planned
    );
    assert_eq!(usage(None, Some(d(2027, 6, 1)), None, today), Usage::InUse);
    assert_eq!(
        usage(
            None,
            Some(today + chrono::Duration::days(ENDING_DAYS)),
            None,
            today
        ),
        Usage::Ending
    );
    assert_eq!(
        usage(None, Some(today), None, today),
        Usage::Ending,
        "the last day is in use"
    );
    assert_eq!(
        usage(None, Some(d(2026, 12, 6)), None, today),
        Usage::Deleting
    );
    assert_eq!(
        usage(None, Some(d(2026, 12, 6)), Some(d(2026, 12, 6)), today),
        Usage::Closed
    );
}

#[test]
fn a_listing_needs_its_number_and_an_expiry_after_its_registration() {
    let dates = Dates {
        listed_on: Some(d(2025, 4, 1)),
        listing_expires_on: Some(d(2025, 3, 31)),
        ..no_dates()
    };
    let problems = check_service("電子申請", Listing::Ismap, "", dates);
    let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["listing_number", "listing_expires_on"]);
    assert!(problems[1].1.ja.contains("登録日"), "{}", problems[1].1);
    // Not listed: the listing's fields are not asked for.
    assert!(check_service("電子申請", Listing::Unlisted, "", dates).is_empty());
    assert!(
        check_service(
            "電子申請",
            Listing::IsmapLiu,
            "C-0123",
            Dates {
                listing_expires_on: Some(d(2026, 3, 31)),
                ..dates
            }
        )
        .is_empty()
    );
}

#[test]
fn the_period_and_the_deletion_are_checked() {
    let problems = check_service(
        " ",
        Listing::Unlisted,
        "",
        Dates {
            starts_on: Some(d(2026, 4, 1)),
            ends_on: Some(d(2026, 3, 31)),
            deleted_on: Some(d(2026, 3, 1)),
            ..no_dates()
        },
    );
    let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["name", "ends_on", "deleted_on"]);
    let orphan = check_service(
        "x",
        Listing::Unlisted,
        "",
        Dates {
            deleted_on: Some(d(2026, 3, 1)),
            ..no_dates()
        },
    );
    assert_eq!(orphan.len(), 1);
    assert!(orphan[0].1.en.contains("last day of use"));
}

#[test]
fn choices_parse_from_codes_and_labels() {
    assert_eq!(Kind::parse("LGWAN-ASP").unwrap(), Kind::LgwanAsp);
    assert_eq!(Kind::parse("saas").unwrap(), Kind::Saas);
    assert!(
        Kind::parse("mainframe")
            .unwrap_err()
            .ja
            .contains("サービスの種類")
    );
    assert_eq!(Listing::parse("").unwrap(), Listing::Unlisted);
    assert_eq!(Listing::parse("ISMAP-LIU").unwrap(), Listing::IsmapLiu);
    assert_eq!(Location::parse("国内").unwrap(), Location::Domestic);
    assert!(Kind::Saas.is_cloud() && !Kind::LgwanAsp.is_cloud());
    assert_eq!(
        listing_status(Listing::Ismap, Some(d(2026, 1, 1)), d(2026, 12, 7)),
        Some(CertStatus::Expired)
    );
    assert_eq!(
        listing_status(Listing::Unlisted, None, d(2026, 12, 7)),
        None
    );
    assert_eq!(code(7), "SVC-0007");
}
