#![allow(clippy::unwrap_used)]

use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;

use super::rule::{Matcher, check_pattern, check_window, draft_title};
use super::signature::{Credential, sign, verify};
use super::syslog::{Framer, decode, parse_line};
use super::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 6, 0, 30, 0).unwrap()
}

#[test]
fn a_webhook_body_is_one_event_an_array_or_an_events_list() {
    let one = parse_webhook(br#"{"message":"login failed","host":"fw01"}"#, now()).unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].host, "fw01");
    assert_eq!(one[0].severity, EventSeverity::Notice);
    let arr = parse_webhook(
        br#"[{"message":"a","severity":2},{"message":"b","severity":"high"}]"#,
        now(),
    )
    .unwrap();
    assert_eq!(arr[0].severity, EventSeverity::Critical);
    assert_eq!(arr[1].severity, EventSeverity::Error);
    let listed = parse_webhook(
        br#"{"events":[{"message":"x","time":"2026-12-06T09:00:00+09:00","app":"edr"}]}"#,
        now(),
    )
    .unwrap();
    assert_eq!(
        listed[0].occurred_at,
        Some(Utc.with_ymd_and_hms(2026, 12, 6, 0, 0, 0).unwrap())
    );
    assert_eq!(listed[0].app, "edr");
    assert!(listed[0].raw.contains("\"edr\""));
}

#[test]
fn a_bad_event_refuses_the_body_naming_its_place() {
    let e =
        parse_webhook(br#"[{"message":"ok"},{"severity":9,"message":"x"}]"#, now()).unwrap_err();
    assert!(e.en.contains("events[1].severity"), "{}", e.en);
    let e = parse_webhook(br#"[{"message":""}]"#, now()).unwrap_err();
    assert!(e.en.contains("events[0].message"), "{}", e.en);
    let e = parse_webhook(br#"{"message":"x","time":"2027-01-01T00:00:00Z"}"#, now()).unwrap_err();
    assert!(e.ja.contains("未来"));
    let e = parse_webhook(br#"{"message":"x","time":"yesterday"}"#, now()).unwrap_err();
    assert!(e.en.contains("RFC 3339"));
    assert!(
        parse_webhook(b"not json", now())
            .unwrap_err()
            .en
            .contains("line 1")
    );
    assert!(parse_webhook(b"[]", now()).is_err());
    assert!(parse_webhook(b"42", now()).is_err());
    let many = format!("[{}]", vec![r#"{"message":"m"}"#; MAX_BATCH + 1].join(","));
    assert!(
        parse_webhook(many.as_bytes(), now())
            .unwrap_err()
            .en
            .contains("At most")
    );
}

#[test]
fn long_messages_are_cut_not_refused() {
    let long = "あ".repeat(MAX_MESSAGE_CHARS + 10);
    let body = serde_json::json!({ "message": long }).to_string();
    let e = parse_webhook(body.as_bytes(), now()).unwrap();
    assert_eq!(e[0].message.chars().count(), MAX_MESSAGE_CHARS + 1);
    assert!(e[0].message.ends_with('…'));
}

#[test]
fn identical_events_share_a_fingerprint_per_source() {
    let a = parse_webhook(
        br#"{"message":"x","host":"h","time":"2026-12-06T00:00:00Z"}"#,
        now(),
    )
    .unwrap()
    .remove(0);
    let b = parse_webhook(
        br#"{"message":"x","host":"h","time":"2026-12-06T00:01:00Z"}"#,
        now(),
    )
    .unwrap()
    .remove(0);
    let s = Uuid::from_u128(1);
    assert_eq!(a.fingerprint(s), b.fingerprint(s));
    assert_ne!(a.fingerprint(s), a.fingerprint(Uuid::from_u128(2)));
    let c = EventIn {
        message: "y".into(),
        ..a.clone()
    };
    assert_ne!(a.fingerprint(s), c.fingerprint(s));
}

#[test]
fn rfc5424_and_rfc3164_lines_are_read() {
    let e = parse_line(
        "<34>1 2026-12-06T09:15:00+09:00 fw01.city.local ips 123 ID47 - Ransomware beacon blocked",
        now(),
    )
    .unwrap();
    assert_eq!(e.severity, EventSeverity::Critical);
    assert_eq!(e.host, "fw01.city.local");
    assert_eq!(e.app, "ips");
    assert_eq!(e.message, "Ransomware beacon blocked");
    assert_eq!(
        e.occurred_at,
        Some(Utc.with_ymd_and_hms(2026, 12, 6, 0, 15, 0).unwrap())
    );
    // BSD form: local time (JST) without a year.
    let e = parse_line(
        "<13>Dec  6 09:10:00 srv02 sshd[42]: Failed password for root",
        now(),
    )
    .unwrap();
    assert_eq!(e.severity, EventSeverity::Notice);
    assert_eq!(e.host, "srv02");
    assert_eq!(
        e.occurred_at,
        Some(Utc.with_ymd_and_hms(2026, 12, 6, 0, 10, 0).unwrap())
    );
    assert!(e.message.contains("Failed password"));
}

#[test]
fn a_december_line_read_in_january_is_last_year() {
    let jan = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
    let e = parse_line("<14>Dec 31 23:59:00 h app: m", jan).unwrap();
    assert_eq!(
        e.occurred_at,
        Some(Utc.with_ymd_and_hms(2026, 12, 31, 14, 59, 0).unwrap())
    );
}

#[test]
fn a_line_without_a_valid_priority_is_not_syslog() {
    for bad in [
        "hello world",
        "<>x",
        "<192>x",
        "<abc>x",
        "<1234>x",
        "<13>",
        "",
    ] {
        assert!(parse_line(bad, now()).is_err(), "{bad:?}");
    }
    // A valid priority with free text is kept as the message.
    let e = parse_line("<11>disk almost full", now()).unwrap();
    assert_eq!(e.severity, EventSeverity::Error);
    assert!(e.message.contains("disk almost full"));
}

#[test]
fn shift_jis_frames_are_decoded() {
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("<13>Dec  6 09:00:00 h app: 不正アクセス");
    let line = decode(&bytes);
    assert!(
        parse_line(&line, now())
            .unwrap()
            .message
            .contains("不正アクセス")
    );
    assert_eq!(decode("普通".as_bytes()), "普通");
}

#[test]
fn a_tcp_stream_is_framed_by_count_or_by_line_across_reads() {
    let mut f = Framer::default();
    let a = "<13>one";
    let stream = format!("{} {a}<13>two\n<13>thr", a.len());
    let frames: Vec<_> = f.push(stream.as_bytes());
    let got: Vec<String> = frames.into_iter().map(|x| decode(&x.unwrap())).collect();
    assert_eq!(got, ["<13>one", "<13>two"]);
    let more = f.push(b"ee\n");
    assert_eq!(decode(more[0].as_ref().unwrap()), "<13>three");
    assert!(f.push(b"<13>last").is_empty());
    assert_eq!(decode(&f.finish().unwrap()), "<13>last");
    assert!(f.finish().is_none());
    let mut g = Framer::default();
    assert!(g.push(b"99999999 x")[0].is_err());
    let mut h = Framer::default();
    let huge = vec![b'a'; super::syslog::MAX_FRAME_BYTES + 1];
    assert!(h.push(&huge)[0].is_err());
}

#[test]
fn rules_match_by_source_severity_host_and_pattern() {
    let e = parse_line("<10>1 - fw01 ips - - - Ransomware C2 traffic", now()).unwrap();
    let src = Uuid::from_u128(7);
    let mut m = Matcher {
        source_id: Some(src),
        min_severity: EventSeverity::Error,
        host: "FW01".into(),
        pattern: check_pattern("ransom(ware)?").unwrap(),
    };
    assert!(m.matches(src, &e));
    assert!(!m.matches(Uuid::from_u128(8), &e));
    m.min_severity = EventSeverity::Alert;
    assert!(!m.matches(src, &e), "crit is less severe than alert");
    m.min_severity = EventSeverity::Warning;
    m.host = "fw02".into();
    assert!(!m.matches(src, &e));
    m.host.clear();
    m.pattern = check_pattern("phishing").unwrap();
    assert!(!m.matches(src, &e));
    assert!(check_pattern(" ").unwrap().is_none());
    assert!(
        check_pattern("(unclosed")
            .unwrap_err()
            .ja
            .contains("正規表現")
    );
    assert_eq!(check_window("").unwrap(), rule::DEFAULT_WINDOW_MINUTES);
    assert!(check_window("0").is_err());
    assert!(check_window("99999").is_err());
    assert!(draft_title("ランサム", &e).starts_with("[ランサム] fw01: Ransomware"));
}

#[test]
fn a_signature_binds_secret_body_and_time() {
    let t = now().timestamp();
    let sig = sign("s3cret", t, b"{}");
    let ok = Credential::Signed {
        timestamp: &t.to_string(),
        signature: &sig,
    };
    let ts = t.to_string();
    assert!(verify("s3cret", ok, b"{}", now()).is_ok());
    assert!(verify("other", ok, b"{}", now()).is_err());
    assert!(verify("s3cret", ok, b"{ }", now()).is_err());
    let late = now() + signature::MAX_SKEW + chrono::Duration::seconds(1);
    assert!(
        verify("s3cret", ok, b"{}", late)
            .unwrap_err()
            .en
            .contains("5 minutes")
    );
    let bad = Credential::Signed {
        timestamp: &ts,
        signature: "sha256=zz",
    };
    assert!(verify("s3cret", bad, b"{}", now()).is_err());
    assert!(verify("s3cret", Credential::Bearer("s3cret"), b"", now()).is_ok());
    assert!(verify("s3cret", Credential::Bearer("s3cre"), b"", now()).is_err());
    assert!(verify("s3cret", Credential::Missing, b"", now()).is_err());
}

#[test]
fn severities_read_names_numbers_and_edr_words() {
    assert_eq!(
        EventSeverity::parse("warn").unwrap(),
        EventSeverity::Warning
    );
    assert_eq!(EventSeverity::parse("0").unwrap(), EventSeverity::Emergency);
    assert_eq!(
        EventSeverity::parse("Critical").unwrap(),
        EventSeverity::Critical
    );
    assert!(EventSeverity::Alert.at_least(EventSeverity::Error));
    assert!(!EventSeverity::Info.at_least(EventSeverity::Error));
    assert_eq!(EventSeverity::from_number(6), Some(EventSeverity::Info));
    assert_eq!(EventSeverity::from_number(8), None);
}

#[test]
fn senders_are_addresses_or_blocks() {
    let s = parse_senders("192.0.2.10, 10.1.0.0/24\n2001:db8::/32").unwrap();
    assert_eq!(s.len(), 3);
    assert!(sender_matches(&s, "10.1.0.77".parse().unwrap()));
    assert!(sender_matches(&s, "::ffff:192.0.2.10".parse().unwrap()));
    assert!(!sender_matches(&s, "192.0.2.11".parse().unwrap()));
    assert!(parse_senders("").is_err());
    assert!(
        parse_senders("fw01.city.local")
            .unwrap_err()
            .ja
            .contains("fw01")
    );
}

#[test]
fn nul_bytes_are_replaced_and_cut_utf8_stays_utf8() {
    let e = parse_webhook(b"{\"message\":\"a\\u0000b\"}", now()).unwrap();
    assert_eq!(e[0].message, "a\u{FFFD}b");
    assert!(!e[0].raw.contains('\0'));
    let mut bytes = "<13>Dec  6 09:00:00 h app: 不正アクセス"
        .as_bytes()
        .to_vec();
    bytes.pop();
    assert!(decode(&bytes).contains("不正アクセ"), "{}", decode(&bytes));
}

#[test]
fn a_line_trickled_byte_by_byte_is_framed_once() {
    let mut f = Framer::default();
    let mut got = Vec::new();
    for b in b"<13>slow line\n<13>next\n" {
        got.extend(f.push(&[*b]));
    }
    let got: Vec<String> = got.into_iter().map(|x| decode(&x.unwrap())).collect();
    assert_eq!(got, ["<13>slow line", "<13>next"]);
}

#[test]
fn sender_blocks_overlap_when_one_holds_the_other() {
    let a = parse_senders("10.1.0.0/16").unwrap()[0];
    let b = parse_senders("10.1.2.3").unwrap()[0];
    let c = parse_senders("10.2.0.0/16").unwrap()[0];
    assert!(senders_overlap(&a, &b) && senders_overlap(&b, &a));
    assert!(!senders_overlap(&a, &c));
}
