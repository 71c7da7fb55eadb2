#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;

use super::phishing::{Outcome, Rates, flag, percent_text};
use super::quiz::{Question, passed, score, shuffle};
use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn q(id: u32, correct: Vec<usize>, multiple: bool) -> Question {
    Question {
        id,
        text: format!("問{id}"),
        options: vec!["ア".into(), "イ".into(), "ウ".into(), "エ".into()],
        correct,
        multiple,
    }
}

fn ob(frequency: Frequency) -> Obligation {
    Obligation {
        frequency,
        grace_days: 30,
        applies_from: d(2026, 4, 1),
        year_deadline: d(2026, 12, 25),
    }
}

#[test]
fn annual_courses_fall_due_with_each_fiscal_year() {
    assert_eq!(fiscal_year_start(d(2027, 3, 31)), d(2026, 4, 1));
    assert_eq!(fiscal_year_start(d(2026, 4, 1)), d(2026, 4, 1));
    assert_eq!(fiscal_year_end(d(2026, 4, 1)), d(2027, 3, 31));
    assert_eq!(fiscal_year(d(2027, 2, 1)), 2026);
    let a = ob(Frequency::Annual);
    // Done this fiscal year; last year's completion does not count.
    assert_eq!(
        standing(&a, None, None, Some(d(2026, 5, 10)), d(2027, 3, 1)),
        Some(Standing::Done { on: d(2026, 5, 10) })
    );
    assert_eq!(
        standing(&a, None, None, Some(d(2026, 3, 10)), d(2026, 4, 2)),
        Some(Standing::Due {
            by: d(2026, 12, 25)
        })
    );
    assert_eq!(
        standing(&a, None, None, None, d(2026, 12, 26)),
        Some(Standing::Overdue {
            by: d(2026, 12, 25)
        })
    );
    // Someone hired in December has their own thirty days.
    assert_eq!(
        standing(&a, Some(d(2026, 12, 1)), None, None, d(2026, 12, 26)),
        Some(Standing::Due {
            by: d(2026, 12, 31)
        })
    );
}

#[test]
fn hire_and_role_courses_bind_from_the_day_the_person_began() {
    let hire = ob(Frequency::OnHire);
    assert_eq!(
        standing(&hire, Some(d(2010, 4, 1)), None, None, d(2026, 6, 1)),
        None,
        "long-serving staff are not new hires"
    );
    assert_eq!(
        standing(&hire, Some(d(2026, 4, 1)), None, None, d(2026, 6, 1)),
        Some(Standing::Overdue { by: d(2026, 5, 1) })
    );
    assert!(standing(&hire, None, None, None, d(2026, 6, 1)).is_none());
    let role = ob(Frequency::OnRole);
    assert_eq!(
        standing(
            &role,
            None,
            Some(d(2026, 10, 1)),
            Some(d(2025, 1, 1)),
            d(2026, 10, 5)
        ),
        Some(Standing::Due {
            by: d(2026, 10, 31)
        }),
        "taken before the role does not count"
    );
    // A member who held the role before the course began is given the course's days.
    assert_eq!(
        standing(&role, None, Some(d(2020, 1, 1)), None, d(2026, 4, 10)),
        Some(Standing::Due { by: d(2026, 5, 1) })
    );
    assert!(standing(&role, None, None, None, d(2026, 4, 10)).is_none());
    let once = ob(Frequency::Once);
    assert!(
        standing(&once, None, None, Some(d(2020, 1, 1)), d(2026, 5, 1))
            .unwrap()
            .is_done()
    );
    assert!(
        standing(&once, None, None, None, d(2026, 5, 2))
            .unwrap()
            .is_overdue()
    );
}

#[test]
fn audiences_with_roles_bind_only_holders() {
    let a = Audience {
        roles: vec![Role::Csirt],
        ..Audience::default()
    };
    assert!(a.includes(StaffCategory::Regular, &[], &[Role::Csirt, Role::Auditor]));
    assert!(!a.includes(StaffCategory::Regular, &[], &[Role::Auditor]));
    assert!(Audience::default().includes(StaffCategory::Regular, &[], &[]));
    assert!(!Audience::default().includes(StaffCategory::Contractor, &[], &[]));
}

#[test]
fn courses_and_sessions_are_checked_by_field() {
    assert!(check_course("全職員研修", 30, 80, 3).is_ok());
    let e = check_course(" ", 0, 101, 21).unwrap_err();
    let fields: Vec<_> = e.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        fields,
        ["title", "grace_days", "pass_percent", "max_attempts"]
    );
    assert!(check_session(None, None).is_err());
    assert_eq!(
        check_session(Some(d(2026, 5, 1)), Some(d(2026, 4, 1))).unwrap_err()[0].0,
        "until"
    );
    assert_eq!(parse_session_code("S-0012"), Some(12));
    assert_eq!(parse_session_code("ｓ１２"), Some(12));
    assert_eq!(parse_session_code("12"), Some(12));
    assert_eq!(parse_session_code("S-x"), None);
    assert_eq!(session_code(12), "S-0012");
    assert_eq!(course_code(3), "TRN-003");
}

#[test]
fn quizzes_score_each_question_and_refuse_a_stranger() {
    let bank = vec![
        q(1, vec![2], false),
        q(2, vec![0, 3], true),
        q(3, vec![1], false),
    ];
    for b in &bank {
        b.check().unwrap();
    }
    assert!(q(9, vec![0, 1], false).check().is_err());
    assert!(q(9, vec![7], true).check().is_err());
    let marks = score(&bank, &[(1, vec![2]), (2, vec![3, 0, 3]), (3, vec![0])]).unwrap();
    assert_eq!(
        marks.iter().map(|m| m.right).collect::<Vec<_>>(),
        [true, true, false]
    );
    assert!(passed(&marks, 60) && !passed(&marks, 70));
    let e = score(&bank, &[(4, vec![0])]).unwrap_err();
    assert!(e.ja.contains("問題 4"));
    let e = score(&bank, &[(1, vec![9])]).unwrap_err();
    assert!(e.en.contains("option"), "{}", e.en);
}

#[test]
fn the_order_shown_follows_the_randomness_given() {
    let bank = vec![
        q(1, vec![0], false),
        q(2, vec![1], false),
        q(3, vec![2], false),
    ];
    let mut seq = [1usize, 0, 2, 1, 0, 3, 2, 1].into_iter().cycle();
    let a = shuffle(&bank, |n| seq.next().unwrap() % n);
    let mut seq = [1usize, 0, 2, 1, 0, 3, 2, 1].into_iter().cycle();
    let b = shuffle(&bank, |n| seq.next().unwrap() % n);
    assert_eq!(a, b, "the same draws give the same order");
    let mut sorted = a.questions.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, [0, 1, 2]);
    assert!(a.options.iter().all(|o| o.len() == 4));
    let mut zeros = shuffle(&bank, |_| 0);
    assert_ne!(zeros.questions, [0, 1, 2], "draws move questions");
    zeros.questions.sort_unstable();
    assert_eq!(zeros.questions, [0, 1, 2]);
}

#[test]
fn drill_reports_are_read_as_vendors_write_them() {
    for yes in ["○", "1", "2026/11/05 10:12", "済", "YES"] {
        assert!(flag(yes).unwrap(), "{yes}");
    }
    for no in ["", " ", "0", "×", "なし", "no"] {
        assert!(!flag(no).unwrap(), "{no}");
    }
    assert!(flag("maybe").unwrap_err().ja.contains("maybe"));
    let mut r = Rates::default();
    r.add(Outcome::new(false, true, false));
    r.add(Outcome::new(true, false, true));
    r.add(Outcome::default());
    assert_eq!((r.sent, r.opened, r.clicked, r.reported), (3, 2, 1, 1));
    assert_eq!(percent_text(r.click_permille()), "33.3%");
    assert_eq!(Rates::default().click_permille(), 0);
}

#[test]
fn people_are_reminded_before_their_date_and_weekly_after() {
    let by = d(2026, 12, 25);
    let due = Standing::Due { by };
    let days: Vec<u32> = (1..=31)
        .filter(|day| reminder_day(due, d(2026, 12, *day)))
        .collect();
    assert_eq!(days, [11, 18, 24]);
    let late = Standing::Overdue { by };
    let days: Vec<NaiveDate> = (0..20)
        .map(|k| by + chrono::Duration::days(k))
        .filter(|t| reminder_day(late, *t))
        .collect();
    assert_eq!(days, [d(2026, 12, 26), d(2027, 1, 2), d(2027, 1, 9)]);
    assert!(!reminder_day(Standing::Done { on: by }, by));
}
