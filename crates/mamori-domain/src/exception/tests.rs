#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn rules_are_read_in_the_three_forms_and_written_back_canonically() {
    for (typed, canonical, kind) in [
        ("POL-002 §3.2", "POL-002 §3.2", "section"),
        ("pol-2 3.2", "POL-002 §3.2", "section"),
        ("ＰＯＬ－００２§３．２", "POL-002 §3.2", "section"),
        ("POL-010:4.1.3", "POL-010 §4.1.3", "section"),
        ("ac-12", "AC-0012", "applied"),
        ("AC-0003", "AC-0003", "applied"),
        ("mic-guideline:2.3.1", "mic-guideline:2.3.1", "catalog"),
        (
            " nist-csf-2.0 : PR.AA-01 ",
            "nist-csf-2.0:PR.AA-01",
            "catalog",
        ),
    ] {
        let r = RuleRef::parse(typed).unwrap_or_else(|p| panic!("{typed}: {p}"));
        assert_eq!(r.to_string(), canonical, "{typed}");
        assert_eq!(r.kind(), kind, "{typed}");
        assert_eq!(RuleRef::parse(canonical).unwrap(), r);
    }
}

#[test]
fn what_is_not_a_rule_is_refused_with_the_three_forms_named() {
    for bad in [
        "POL-002",
        "POL-x 3.2",
        "POL-002 §3..2",
        "AC-",
        "just words",
        "",
        ":x",
    ] {
        let p = RuleRef::parse(bad).unwrap_err();
        assert!(
            p.ja.contains("POL-002 §3.2") && p.en.contains("AC-0001"),
            "{bad}: {p}"
        );
    }
}

#[test]
fn an_exception_without_an_end_or_ending_before_it_starts_is_refused() {
    let e = check_request("USB", "reason", "measures", Some(d(2026, 4, 1)), None);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, "valid_until");
    assert!(e[0].1.ja.contains("期限のない") && e[0].1.en.contains("without an end"));
    let e = check_request(
        "USB",
        "reason",
        "measures",
        Some(d(2026, 4, 1)),
        Some(d(2026, 3, 31)),
    );
    assert_eq!(e[0].0, "valid_until");
    assert!(
        e[0].1
            .en
            .contains("(2026-03-31) is before the first day (2026-04-01)")
    );
    let e = check_request(" ", "", "", Some(d(2026, 4, 1)), Some(d(2026, 4, 1)));
    let fields: Vec<_> = e.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["title", "reason", "compensating"]);
    assert!(check_request("t", "r", "c", Some(d(2026, 4, 1)), Some(d(2026, 4, 1))).is_empty());
}

#[test]
fn standing_follows_the_decision_and_the_dates() {
    let (from, until) = (d(2026, 4, 1), d(2026, 9, 30));
    let at = |s, today| standing(s, from, until, today);
    assert_eq!(at(State::Requested, d(2026, 5, 1)), Standing::Pending);
    assert_eq!(at(State::Approved, d(2026, 3, 31)), Standing::Scheduled);
    assert_eq!(at(State::Approved, from), Standing::Active);
    assert_eq!(at(State::Approved, until), Standing::Active);
    assert_eq!(at(State::Approved, d(2026, 10, 1)), Standing::Expired);
    assert_eq!(at(State::Urgent, d(2026, 3, 1)), Standing::AwaitingReport);
    assert_eq!(at(State::Urgent, d(2026, 10, 1)), Standing::Expired);
    assert_eq!(at(State::Refused, d(2026, 5, 1)), Standing::Refused);
    assert_eq!(at(State::Ended, d(2026, 5, 1)), Standing::Ended);
    assert!(Standing::Active.in_effect() && Standing::AwaitingReport.in_effect());
    assert!(!Standing::Scheduled.in_effect() && !Standing::Expired.in_effect());
}

#[test]
fn an_urgent_exception_is_late_after_its_report_window_until_decided() {
    let s = Settings::default();
    let due = report_due(d(2026, 6, 1), &s);
    assert_eq!(due, d(2026, 6, 8));
    assert!(!report_overdue(State::Urgent, Some(due), due));
    assert!(report_overdue(State::Urgent, Some(due), d(2026, 6, 9)));
    assert!(!report_overdue(State::Approved, Some(due), d(2026, 6, 9)));
}

#[test]
fn reminders_fall_on_the_chosen_days_and_the_day_after_the_end() {
    let s = Settings::default();
    let until = d(2026, 9, 30);
    let on = |day| reminder(until, day, &s);
    assert_eq!(on(d(2026, 8, 31)), Some(Reminder::Ending { days_left: 30 }));
    assert_eq!(on(d(2026, 9, 23)), Some(Reminder::Ending { days_left: 7 }));
    assert_eq!(on(d(2026, 9, 29)), Some(Reminder::Ending { days_left: 1 }));
    assert_eq!(on(d(2026, 9, 30)), None);
    assert_eq!(on(d(2026, 10, 1)), Some(Reminder::Lapsed));
    assert_eq!(on(d(2026, 10, 2)), None);
    assert_eq!(on(d(2026, 9, 1)), None);
}

#[test]
fn settings_name_the_field_that_is_out_of_range() {
    let s = Settings {
        approver: Role::Auditor,
        report_days: 0,
        remind_days: vec![400],
    };
    let fields: Vec<_> = s.check().iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["approver", "report_days", "remind_days"]);
    assert!(Settings::default().check().is_empty());
    let kept: Settings = serde_json::from_str(r#"{"approver":"deputy-ciso"}"#).unwrap();
    assert_eq!(kept.approver, Role::DeputyCiso);
    assert_eq!(kept.report_days, 7);
}

#[test]
fn numbers_are_written_and_read_back() {
    assert_eq!(code(7), "EXC-0007");
    assert_eq!(parse_code("exc-0007"), Some(7));
    assert_eq!(parse_code("ＥＸＣ－１２"), Some(12));
    assert_eq!(parse_code("EXC-"), None);
    assert_eq!(parse_code("AC-0001"), None);
}

#[test]
fn codes_match_serde() {
    for s in State::ALL {
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            format!("\"{}\"", s.code())
        );
    }
    for s in Standing::ALL {
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            format!("\"{}\"", s.code())
        );
    }
}
