use chrono::{DateTime, NaiveDate, Utc};

use super::doorlog::{Direction, Pairer};
use super::entry::{Facts, Flag, Flags, check_times, flags};
use super::grant::{GrantDates, Review, Standing, admitted_on, check_grant, review_due, standing};
use super::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap_or_default()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_default()
}

#[test]
fn places_nest_building_floor_area() {
    assert!(PlaceKind::Building.fits_under(None));
    assert!(PlaceKind::Floor.fits_under(Some(PlaceKind::Building)));
    assert!(PlaceKind::Area.fits_under(Some(PlaceKind::Floor)));
    assert!(PlaceKind::Area.fits_under(Some(PlaceKind::Building)));
    assert!(!PlaceKind::Floor.fits_under(None));
    assert!(!PlaceKind::Building.fits_under(Some(PlaceKind::Building)));
    assert!(!PlaceKind::Area.fits_under(Some(PlaceKind::Area)));
    assert_eq!(Level::parse("サーバ室"), Ok(Level::SystemRoom));
}

#[test]
fn codes_are_capitals_digits_and_hyphens() {
    assert_eq!(parse_code(" hq-3f-sr "), Ok("HQ-3F-SR".into()));
    assert_eq!(parse_code("ＤＣ１"), Ok("DC1".into()));
    assert!(parse_code("").is_err());
    assert!(parse_code("サーバ室").is_err());
    assert!(parse_code(&"A".repeat(33)).is_err());
}

#[test]
fn controls_read_as_a_list_once_each() {
    assert_eq!(
        parse_controls("カード、同行, card"),
        Ok(vec![EntryControl::Card, EntryControl::Escort])
    );
    assert_eq!(
        controls_code(&[EntryControl::Key, EntryControl::Biometric]),
        "key,biometric"
    );
    assert!(parse_controls("顔パス").is_err());
}

#[test]
fn hours_bound_the_day_and_may_run_over_midnight() {
    let office = Hours::parse("8:30〜18:00", false).unwrap_or(Hours::ALWAYS);
    assert_eq!(office.span(), "08:30-18:00");
    // 2026-11-02 is a Monday, 2026-11-07 a Saturday.
    let t = |s: &str| s.parse::<chrono::NaiveDateTime>().unwrap_or_default();
    assert!(office.allows(t("2026-11-02T08:30:00")));
    assert!(!office.allows(t("2026-11-02T18:00:00")));
    assert!(!office.allows(t("2026-11-02T07:59:00")));
    assert!(!office.allows(t("2026-11-07T10:00:00")));
    let night = Hours::parse("22:00-06:00", true).unwrap_or(Hours::ALWAYS);
    assert!(night.allows(t("2026-11-07T23:00:00")));
    assert!(night.allows(t("2026-11-07T05:00:00")));
    assert!(!night.allows(t("2026-11-07T12:00:00")));
    assert!(Hours::parse("", true).is_ok_and(|h| h.allows(t("2026-11-07T03:00:00"))));
    assert!(Hours::parse("朝から晩", true).is_err());
    assert!(Hours::parse("09:00-09:00", true).is_err());
}

fn grant(granted: &str, confirmed: Option<&str>) -> GrantDates {
    GrantDates {
        valid_from: day("2026-04-01"),
        valid_to: day("2027-03-31"),
        granted_on: day(granted),
        confirmed_on: confirmed.map(day),
        removed_on: None,
    }
}

#[test]
fn an_unconfirmed_grant_lapses_when_the_review_is_over() {
    let review = Review {
        opened_on: day("2026-10-01"),
        due_on: day("2026-10-31"),
        closed_on: None,
    };
    let old = grant("2026-04-01", None);
    assert_eq!(standing(&old, None, day("2026-10-15")), Standing::Active);
    assert_eq!(
        standing(&old, Some(&review), day("2026-10-15")),
        Standing::Unconfirmed
    );
    assert!(Standing::Unconfirmed.admits());
    assert_eq!(
        standing(&old, Some(&review), day("2026-11-01")),
        Standing::Lapsed
    );
    // Confirmed in the review, or granted after it opened: it stands.
    let confirmed = grant("2026-04-01", Some("2026-10-05"));
    assert_eq!(
        standing(&confirmed, Some(&review), day("2026-11-01")),
        Standing::Active
    );
    let late = grant("2026-10-10", None);
    assert_eq!(
        standing(&late, Some(&review), day("2026-11-01")),
        Standing::Active
    );
    // Closing the review early lapses what it did not confirm from that day.
    let closed = Review {
        closed_on: Some(day("2026-10-20")),
        ..review
    };
    assert_eq!(
        standing(&old, Some(&closed), day("2026-10-21")),
        Standing::Lapsed
    );
    assert!(admitted_on(&old, Some(&closed), day("2026-10-19")));
    assert!(!admitted_on(&old, Some(&closed), day("2026-10-20")));
    assert!(!admitted_on(&old, Some(&review), day("2026-11-01")));
    assert!(admitted_on(&old, Some(&review), day("2026-10-31")));
}

#[test]
fn a_grant_stands_only_within_its_dates_and_until_removed() {
    let mut g = grant("2026-04-01", None);
    assert_eq!(standing(&g, None, day("2026-03-31")), Standing::NotYet);
    assert_eq!(standing(&g, None, day("2027-04-01")), Standing::Expired);
    g.removed_on = Some(day("2026-06-01"));
    assert_eq!(standing(&g, None, day("2026-06-01")), Standing::Removed);
    assert!(admitted_on(&g, None, day("2026-05-31")));
    assert!(!admitted_on(&g, None, day("2026-06-01")));
    assert!(!Standing::Lapsed.admits());
}

#[test]
fn grants_need_a_reason_and_a_bounded_period() {
    assert!(check_grant("保守作業", day("2026-04-01"), day("2027-03-31")).is_empty());
    let fields =
        |v: Vec<(&'static str, Problem)>| v.into_iter().map(|(f, _)| f).collect::<Vec<_>>();
    assert_eq!(
        fields(check_grant(" ", day("2026-04-01"), day("2026-03-01"))),
        ["reason", "valid_to"]
    );
    assert_eq!(
        fields(check_grant("x", day("2026-04-01"), day("2031-04-02"))),
        ["valid_to"]
    );
}

#[test]
fn a_review_falls_due_months_after_the_last() {
    assert!(!review_due(None, day("2026-06-01"), 6, day("2026-11-30")));
    assert!(review_due(None, day("2026-06-01"), 6, day("2026-12-01")));
    assert!(!review_due(
        Some(day("2026-10-01")),
        day("2025-01-01"),
        6,
        day("2026-12-01")
    ));
}

#[test]
fn entries_are_flagged_for_who_when_and_a_missing_exit() {
    let hours = Hours::parse("08:00-20:00", false).unwrap_or(Hours::ALWAYS);
    // 10:00 in Japan on Monday 2026-11-02.
    let facts = Facts {
        authorized: true,
        escorted: false,
        entered_at: at("2026-11-02T01:00:00Z"),
        exited_at: Some(at("2026-11-02T02:00:00Z")),
    };
    let now = at("2026-11-10T00:00:00Z");
    assert_eq!(flags(&facts, &hours, now), Flags::NONE);
    let stranger = Facts {
        authorized: false,
        ..facts
    };
    assert_eq!(flags(&stranger, &hours, now).list(), [Flag::Unauthorized]);
    assert!(
        flags(
            &Facts {
                escorted: true,
                ..stranger
            },
            &hours,
            now
        )
        .is_empty()
    );
    let open = Facts {
        exited_at: None,
        ..facts
    };
    assert_eq!(flags(&open, &hours, now).list(), [Flag::NoExit]);
    // Still inside an hour later is not yet a missing exit.
    assert!(flags(&open, &hours, at("2026-11-02T02:00:00Z")).is_empty());
    // 23:00 in Japan.
    let late = Facts {
        entered_at: at("2026-11-02T14:00:00Z"),
        exited_at: Some(at("2026-11-02T15:00:00Z")),
        ..facts
    };
    assert_eq!(flags(&late, &hours, now).list(), [Flag::OutsideHours]);
    assert_eq!(
        Flags::NONE
            .with(Flag::NoExit)
            .with(Flag::OutsideHours)
            .labels("ja"),
        "退室記録なし、時間外の入室"
    );
}

#[test]
fn an_exit_before_its_entry_or_in_the_future_is_refused() {
    let now = at("2026-11-10T00:00:00Z");
    assert!(check_times(at("2026-11-02T01:00:00Z"), None, now).is_empty());
    let f = check_times(
        at("2026-11-02T01:00:00Z"),
        Some(at("2026-11-02T00:00:00Z")),
        now,
    );
    assert_eq!(f.first().map(|(f, _)| *f), Some("exited_at"));
    let f = check_times(at("2026-11-11T01:00:00Z"), None, now);
    assert_eq!(f.first().map(|(f, _)| *f), Some("entered_at"));
}

#[test]
fn swipes_pair_into_stays_in_file_order() {
    let mut p: Pairer<&str> = Pairer::default();
    let t = |h: u32| at(&format!("2026-11-02T{h:02}:00:00Z"));
    assert!(
        p.push("A", 2, Direction::In, t(1))
            .is_ok_and(|v| v.is_empty())
    );
    assert!(
        p.push("B", 3, Direction::In, t(2))
            .is_ok_and(|v| v.is_empty())
    );
    let done = p.push("A", 4, Direction::Out, t(3)).unwrap_or_default();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].row, 2);
    assert_eq!(done[0].exited_at, Some(t(3)));
    // B swipes in again without going out: the first stay has no exit.
    let again = p.push("B", 5, Direction::In, t(4)).unwrap_or_default();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].exited_at, None);
    // An exit with nothing open, and a time going back, are refused.
    assert!(p.push("C", 6, Direction::Out, t(5)).is_err());
    assert!(p.push("A", 7, Direction::In, t(1)).is_err());
    let left = p.finish();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].row, 5);
    assert!(Direction::parse("退").is_err());
    assert_eq!(Direction::parse("IN"), Ok(Direction::In));
    assert_eq!(Direction::parse("退室"), Ok(Direction::Out));
}
