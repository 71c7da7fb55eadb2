#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;

use super::*;
use crate::period::{Reminder, reminder};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn an_open_amendment_outranks_the_calendar_and_repeal_outranks_both() {
    let today = d(2026, 12, 6);
    let far = Some(d(2027, 10, 1));
    assert_eq!(review_status(false, false, far, today), Review::Current);
    assert_eq!(review_status(false, true, far, today), Review::Amended);
    assert_eq!(review_status(true, true, far, today), Review::Repealed);
    assert!(Review::Amended.wants_review());
    assert!(!Review::Repealed.wants_review());
}

#[test]
fn the_next_review_is_due_soon_within_thirty_days_and_overdue_the_day_after() {
    let next = Some(d(2027, 1, 5));
    assert_eq!(
        review_status(false, false, next, d(2026, 12, 5)),
        Review::Current
    );
    assert_eq!(
        review_status(false, false, next, d(2026, 12, 6)),
        Review::DueSoon
    );
    assert_eq!(
        review_status(false, false, next, d(2027, 1, 5)),
        Review::DueSoon
    );
    assert_eq!(
        review_status(false, false, next, d(2027, 1, 6)),
        Review::Overdue
    );
    assert_eq!(
        review_status(false, false, None, d(2027, 1, 6)),
        Review::Unscheduled
    );
}

#[test]
fn the_next_review_keeps_to_the_month_end() {
    assert_eq!(next_review(d(2026, 4, 1), 12), d(2027, 4, 1));
    assert_eq!(next_review(d(2026, 8, 31), 6), d(2027, 2, 28));
}

#[test]
fn the_owners_are_reminded_a_month_before_on_the_day_and_the_day_after() {
    let next = d(2027, 1, 31);
    let on = |today| reminder(next, today, &REMIND_DAYS);
    assert_eq!(on(d(2027, 1, 1)), Some(Reminder::Ending { days_left: 30 }));
    assert_eq!(on(d(2027, 1, 2)), None);
    assert_eq!(on(d(2027, 1, 31)), Some(Reminder::Ending { days_left: 0 }));
    assert_eq!(on(d(2027, 2, 1)), Some(Reminder::Lapsed));
    assert_eq!(on(d(2027, 2, 2)), None);
}

#[test]
fn a_law_needs_a_title_and_a_sensible_cycle() {
    let fields =
        |v: Vec<(&'static str, Problem)>| v.into_iter().map(|(f, _)| f).collect::<Vec<_>>();
    assert!(check_law("個人情報の保護に関する法律", 12).is_empty());
    assert_eq!(fields(check_law(" ", 0)), ["title", "review_months"]);
    assert_eq!(fields(check_law("x", 61)), ["review_months"]);
    assert_eq!(fields(check_obligation("", "")), ["article", "duty"]);
}

#[test]
fn an_amendment_effective_before_its_promulgation_is_refused_naming_both_days() {
    let p = check_amendment(Some(d(2024, 6, 26)), Some(d(2024, 6, 1)), "改正");
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].0, "effective_on");
    assert!(p[0].1.ja.contains("2024-06-01") && p[0].1.ja.contains("2024-06-26"));
    let missing = check_amendment(None, None, "");
    assert_eq!(missing.len(), 2);
    assert!(check_amendment(Some(d(2024, 6, 26)), None, "第244条の6を追加").is_empty());
}

#[test]
fn a_review_cannot_be_dated_in_the_future() {
    let today = d(2026, 12, 6);
    assert!(check_review(Some(today), "変更なし", today).is_empty());
    let p = check_review(Some(d(2026, 12, 7)), "変更なし", today);
    assert_eq!(p[0].0, "reviewed_on");
    assert_eq!(check_review(None, " ", today).len(), 2);
}

#[test]
fn codes_read_back_and_kinds_parse_by_label() {
    assert_eq!(code(7), "LAW-0007");
    assert_eq!(
        parse_code("ｌａｗ－０００７").or(parse_code("law-0007")),
        Some(7)
    );
    assert_eq!(parse_code("EXC-0007"), None);
    assert_eq!(Kind::parse("条例").unwrap(), Kind::Ordinance);
    assert_eq!(Kind::parse("要綱").unwrap(), Kind::InternalRule);
    assert!(Kind::parse("憲法").is_err());
    for k in Kind::ALL {
        assert_eq!(
            serde_json::to_value(k).unwrap(),
            serde_json::json!(k.code())
        );
    }
}
