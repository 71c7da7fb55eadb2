#![allow(clippy::unwrap_used, clippy::panic)]

use chrono::{DateTime, Utc};

use super::*;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn categories_read_the_words_people_use() {
    assert_eq!(Category::parse("誤送信").unwrap(), Category::Misdelivery);
    assert_eq!(
        Category::parse("ランサムウェア").unwrap(),
        Category::Malware
    );
    assert_eq!(Category::parse("loss_theft").unwrap(), Category::LossTheft);
    assert!(Category::parse("").unwrap_err().ja.contains("区分"));
    assert!(
        Category::parse("宇宙人")
            .unwrap_err()
            .ja
            .contains("誤送信・誤交付")
    );
    assert!(Category::Insider.is_insider() && !Category::Malware.is_insider());
    for c in Category::ALL {
        assert_eq!(serde_json::to_value(c).unwrap(), c.code());
    }
}

#[test]
fn the_flow_goes_forward_freely_and_back_only_with_a_reason() {
    use State::*;
    assert!(
        Received.check_move(Investigating, "").is_ok(),
        "skipping ahead"
    );
    assert!(Investigating.check_move(Containment, "").is_ok());
    let e = Containment.check_move(Investigating, " ").unwrap_err();
    assert!(e.ja.contains("理由"), "{}", e.ja);
    assert!(
        Containment
            .check_move(Investigating, "追加の端末が見つかった")
            .is_ok()
    );
    assert!(Received.check_move(FalseAlarm, "").is_err());
    assert!(
        Received
            .check_move(Duplicate, "INC-2026-0003 と同じ")
            .is_ok()
    );
    assert!(Closed.check_move(Investigating, "").is_err(), "re-opening");
    assert!(Closed.check_move(Investigating, "再発").is_ok());
    assert!(
        Received
            .check_move(Received, "x")
            .unwrap_err()
            .en
            .contains("already")
    );
    assert!(Prevention.check_move(Closed, "").is_ok());
    assert!(!Closed.is_open() && !FalseAlarm.is_open() && Prevention.is_open());
}

#[test]
fn closing_waits_for_what_is_missing() {
    let done = ClosureFacts {
        severity_set: true,
        root_cause_set: true,
        ..ClosureFacts::default()
    };
    assert!(closure_problems(&done).is_empty());
    let missing = ClosureFacts {
        open_tasks: 2,
        final_report_missing: true,
        assessment_missing: true,
        ..ClosureFacts::default()
    };
    let p = closure_problems(&missing);
    assert_eq!(p.len(), 5);
    assert!(p.iter().any(|p| p.ja.contains("確報")));
    assert!(p.iter().any(|p| p.en.contains("2 task")));
}

#[test]
fn severity_orders_and_sets_the_first_response() {
    assert!(Severity::Critical > Severity::High && Severity::High > Severity::Low);
    assert!(Severity::High.escalates() && !Severity::Medium.escalates());
    assert_eq!(Severity::Critical.first_response(), Duration::hours(1));
    assert_eq!(Severity::parse("重大").unwrap(), Severity::Critical);
}

#[test]
fn numbers_and_japan_years() {
    assert_eq!(number(2026, 7), "INC-2026-0007");
    assert_eq!(number(2026, 12345), "INC-2026-12345");
    assert_eq!(
        year_in_japan(t("2026-12-31T15:00:00Z")),
        2027,
        "already 1 January in Japan"
    );
}

#[test]
fn typed_times_are_japan_time() {
    let want = t("2026-12-06T00:30:00Z");
    for s in [
        "2026-12-06T09:30",
        "2026-12-06 09:30",
        "2026/12/06 9:30",
        "２０２６-１２-０６ ０９:３０:００",
    ] {
        assert_eq!(parse_local_time(s).unwrap(), want, "{s}");
    }
    assert!(
        parse_local_time("昨日の夕方")
            .unwrap_err()
            .ja
            .contains("昨日の夕方")
    );
}

#[test]
fn known_before_occurred_and_future_times_are_refused() {
    let now = t("2026-12-06T03:00:00Z");
    assert!(
        check_times(
            Some(t("2026-12-05T00:00:00Z")),
            t("2026-12-06T00:00:00Z"),
            now
        )
        .is_empty()
    );
    assert!(
        check_times(None, t("2026-12-06T03:04:00Z"), now).is_empty(),
        "a clock a little ahead"
    );
    let p = check_times(
        Some(t("2026-12-06T01:00:00Z")),
        t("2026-12-06T00:00:00Z"),
        now,
    );
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].0, "known_at");
    assert!(p[0].1.ja.contains("発生日時より前"));
    let p = check_times(
        Some(t("2026-12-08T00:00:00Z")),
        t("2026-12-09T00:00:00Z"),
        now,
    );
    let fields: Vec<_> = p.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["known_at", "occurred_at"]);
}

#[test]
fn persons_are_at_least_one_or_unknown() {
    assert_eq!(parse_persons("").unwrap(), None);
    assert_eq!(parse_persons("120").unwrap(), Some(120));
    assert_eq!(parse_persons("１，２００人").unwrap(), Some(1200));
    assert!(parse_persons("0").is_err());
    assert!(parse_persons("-5").unwrap_err().en.contains("at least 1"));
    assert!(parse_persons("たくさん").is_err());
}
