#![allow(clippy::unwrap_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, Utc};

use super::*;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn personal(persons: i64) -> Facts {
    Facts {
        personal_data: true,
        persons: Some(persons),
        ..Facts::default()
    }
}

#[test]
fn a_mis_sent_mail_with_120_residents_must_be_reported() {
    let o = assess(&personal(120));
    assert_eq!(
        o,
        Outcome::Required {
            grounds: vec![Ground::OverHundred],
            guideline_only: false
        }
    );
    assert!(o.reasons().ja.contains("100人を超える"));
    assert!(o.reasons().ja.contains("第68条"));
    // 100 exactly is not "more than 100".
    assert_eq!(assess(&personal(100)), Outcome::NoGround);
    assert!(assess(&personal(100)).reasons().ja.contains("報告は不要"));
}

#[test]
fn encryption_removes_the_duty_and_says_why() {
    let f = Facts {
        protected: true,
        sensitive: true,
        ..personal(5000)
    };
    assert_eq!(assess(&f), Outcome::Protected);
    assert!(assess(&f).reasons().ja.contains("高度な暗号化"));
    assert!(!assess(&f).is_required());
}

#[test]
fn each_ground_is_named_and_none_without_personal_data() {
    let f = Facts {
        sensitive: true,
        financial: true,
        wrongful_purpose: true,
        ordinance_sensitive: true,
        ..personal(3)
    };
    let Outcome::Required { grounds, .. } = assess(&f) else {
        panic!("required");
    };
    assert_eq!(
        grounds,
        [
            Ground::Sensitive,
            Ground::Financial,
            Ground::WrongfulPurpose,
            Ground::OrdinanceSensitive
        ]
    );
    assert_eq!(assess(&Facts::default()), Outcome::NoPersonalData);
}

#[test]
fn my_number_data_is_reported_even_without_a_ground_unless_protected() {
    let f = Facts {
        my_number: true,
        persons: Some(2),
        ..Facts::default()
    };
    let o = assess(&f);
    assert_eq!(
        o,
        Outcome::Required {
            grounds: vec![],
            guideline_only: true
        }
    );
    assert!(o.reasons().ja.contains("特定個人情報"));
    let public = Facts {
        my_number_public: true,
        ..f.clone()
    };
    assert!(matches!(
        assess(&public),
        Outcome::Required {
            guideline_only: false,
            ..
        }
    ));
    let protected = Facts {
        protected: true,
        ..f
    };
    assert_eq!(assess(&protected), Outcome::Protected);
}

#[test]
fn contradictory_facts_are_refused_by_field() {
    let p = check_facts(&Facts {
        persons: Some(0),
        personal_data: true,
        ..Facts::default()
    });
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].0, "persons");
    let p = check_facts(&Facts {
        sensitive: true,
        my_number_public: true,
        ..Facts::default()
    });
    let fields: Vec<_> = p.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["personal_data", "my_number"]);
}

#[test]
fn the_day_of_knowing_is_day_one() {
    // Known on Tuesday 2026-11-10 at 10:00 in Japan.
    let known = t("2026-11-10T01:00:00Z");
    let dl = deadlines(known, false, 3);
    assert_eq!(dl.preliminary, d("2026-11-12"), "days 1, 2, 3");
    assert_eq!(
        dl.final_report,
        d("2026-12-09"),
        "the 30th day, a Wednesday"
    );
    let dl = deadlines(known, true, 5);
    assert_eq!(dl.preliminary, d("2026-11-14"));
    assert_eq!(dl.final_report, d("2027-01-08"), "the 60th day, a Friday");
    // Known just after midnight in Japan counts from that Japanese day.
    let late = deadlines(t("2026-11-09T15:30:00Z"), false, 3);
    assert_eq!(late.preliminary, d("2026-11-12"));
}

#[test]
fn a_final_day_on_a_closed_day_moves_to_the_next_open_day() {
    // Day 30 is Wednesday 2026-12-30, in the year-end closure: the office opens again
    // on Monday 2027-01-04.
    let dl = deadlines(t("2026-12-01T00:00:00Z"), false, 3);
    assert_eq!(dl.final_report, d("2027-01-04"));
    // Day 30 on Saturday 2026-09-19, then Sunday, 敬老の日 (21), 国民の休日 (22) and
    // 秋分の日 (23): due Thursday 2026-09-24.
    let dl = deadlines(t("2026-08-21T00:00:00Z"), false, 3);
    assert_eq!(dl.final_report, d("2026-09-24"));
    assert_eq!(days_left(d("2026-09-24"), t("2026-09-19T00:00:00Z")), 5);
    assert_eq!(days_left(d("2026-09-24"), t("2026-09-25T00:00:00Z")), -1);
}

#[test]
fn japanese_holidays_of_2026_and_2027() {
    let holidays_2026 = [
        "2026-01-01",
        "2026-01-12",
        "2026-02-11",
        "2026-02-23",
        "2026-03-20",
        "2026-04-29",
        "2026-05-03",
        "2026-05-04",
        "2026-05-05",
        "2026-05-06",
        "2026-07-20",
        "2026-08-11",
        "2026-09-21",
        "2026-09-22",
        "2026-09-23",
        "2026-10-12",
        "2026-11-03",
        "2026-11-23",
    ];
    let mut found = Vec::new();
    let mut day = d("2026-01-01");
    while day.year() == 2026 {
        if is_national_holiday(day) {
            found.push(day.to_string());
        }
        day += Duration::days(1);
    }
    assert_eq!(found, holidays_2026);
    // 2027: 春分 21 March is a Sunday, so Monday 22 March is a substitute holiday.
    assert!(is_national_holiday(d("2027-03-21")));
    assert!(is_national_holiday(d("2027-03-22")));
    assert!(!is_national_holiday(d("2027-03-23")));
    assert!(office_closed(d("2026-12-29")) && office_closed(d("2027-01-03")));
    assert!(!office_closed(d("2027-01-04")));
}

#[test]
fn a_notice_not_given_names_its_exception_and_the_alternative() {
    assert!(check_notice(None, "", false, Some(120)).is_empty());
    let p = check_notice(Some(NoticeException::Difficult), " ", false, None);
    assert_eq!(p[0].0, "alternative");
    assert!(
        check_notice(
            Some(NoticeException::Difficult),
            "市ウェブサイトで公表し窓口を設置",
            false,
            None
        )
        .is_empty()
    );
    let p = check_notice(Some(NoticeException::NonDisclosable), "", true, None);
    assert_eq!(p[0].0, "exception");
    assert!(check_notice(Some(NoticeException::NonDisclosable), "", false, None).is_empty());
    assert_eq!(check_notice(None, "", false, Some(-1))[0].0, "notified");
    assert_eq!(
        NoticeException::parse("代替措置").unwrap(),
        NoticeException::Difficult
    );
}
