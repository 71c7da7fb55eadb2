#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;

use super::inventory::{Coverage, Finding};
use super::takeout::{
    ApproverRules, Facts, Measure, State, check_request, days_overdue, escalates, may_approve,
    measures_code, parse_measures, reminder_due, state,
};
use super::*;
use crate::Role;
use crate::classification::{Dimension, Preset, Scheme};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn kinds_read_the_words_registers_use() {
    for (s, k) in [
        ("USB", ItemKind::Usb),
        ("ｕｓｂメモリ", ItemKind::Usb),
        ("HDD", ItemKind::Disk),
        ("DVD-R", ItemKind::Optical),
        ("台帳", ItemKind::PaperLedger),
        ("ノートPC", ItemKind::Pc),
        ("sd_card", ItemKind::SdCard),
    ] {
        assert_eq!(ItemKind::parse(s).unwrap(), k, "{s}");
    }
    assert!(
        ItemKind::parse("自転車")
            .unwrap_err()
            .ja
            .contains("USBメモリ")
    );
    assert!(ItemKind::Usb.is_removable() && !ItemKind::Pc.is_removable());
    assert!(!ItemKind::PaperLedger.is_electronic() && ItemKind::Disk.is_electronic());
}

#[test]
fn numbers_and_serials_fold() {
    assert_eq!(parse_number(" ｕｓｂ-０００１ ").unwrap(), "USB-0001");
    assert!(parse_number("USB 1").is_err());
    assert!(parse_number("").unwrap_err().en.contains("empty"));
    assert_eq!(serial_key("wd-ab 12３x"), "WDAB123X");
    assert_eq!(serial_key("WDAB123X"), serial_key("wd-ab-123x"));
}

#[test]
fn measures_parse_once_each_in_order() {
    let m = parse_measures("施錠、encrypted, 暗号化").unwrap();
    assert_eq!(m, [Measure::Encrypted, Measure::LockedCase]);
    assert_eq!(measures_code(&m), "encrypted,locked_case");
    assert!(parse_measures("").unwrap().is_empty());
    assert!(parse_measures("お守り").is_err());
}

#[test]
fn state_follows_the_facts() {
    let f = |approved, cancelled, out, returned| {
        state(Facts {
            approved,
            cancelled,
            out,
            returned,
        })
    };
    assert_eq!(f(None, false, false, false), State::Requested);
    assert_eq!(f(Some(false), false, false, false), State::Refused);
    assert_eq!(f(Some(true), false, false, false), State::Approved);
    assert_eq!(f(Some(true), false, true, false), State::Out);
    assert_eq!(f(Some(true), false, true, true), State::Returned);
    assert_eq!(f(None, true, false, false), State::Cancelled);
    assert!(State::Out.is_open() && !State::Returned.is_open());
    for s in State::ALL {
        assert_eq!(State::from_code(s.code()), Some(s));
    }
}

#[test]
fn overdue_reminds_then_escalates() {
    assert_eq!(days_overdue(d("2026-12-01"), d("2026-12-01")), None);
    assert_eq!(days_overdue(d("2026-12-01"), d("2026-12-02")), Some(1));
    assert!(!escalates(1) && !escalates(2) && escalates(3) && escalates(10));
    let due = d("2026-12-01");
    assert!(!reminder_due(due, d("2026-12-01"), None));
    assert!(reminder_due(due, d("2026-12-02"), None));
    // Reminded on day 1: nothing on day 2, again on day 3, then no more.
    assert!(!reminder_due(due, d("2026-12-03"), Some(d("2026-12-02"))));
    assert!(reminder_due(due, d("2026-12-04"), Some(d("2026-12-02"))));
    assert!(!reminder_due(due, d("2026-12-09"), Some(d("2026-12-04"))));
    // A job that did not run for a week still reminds once.
    assert!(reminder_due(due, d("2026-12-09"), None));
}

#[test]
fn requests_are_checked() {
    let today = d("2026-12-07");
    assert!(check_request(today, d("2026-12-10"), today, "説明会", "市民会館").is_empty());
    let p = check_request(d("2026-12-06"), d("2026-12-01"), today, " ", "");
    let fields: Vec<_> = p.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["purpose", "destination", "out_on", "due_on"]);
    let long = check_request(today, d("2027-12-07"), today, "a", "b");
    assert!(long[0].1.ja.contains("180"), "{:?}", long);
}

#[test]
fn approvers_rise_with_the_level() {
    let scheme = Scheme::preset(Preset::Mic2024);
    let scale = scheme.scale(Dimension::C);
    let rules = ApproverRules::default();
    let lowest = scale.lowest().code.clone();
    let highest = scale.highest().code.clone();
    assert_eq!(rules.approver(scale, &lowest), Role::SectionManager);
    assert_eq!(rules.approver(scale, &highest), Role::DeputyCiso);
    let mut named = ApproverRules::default();
    named.by_level.insert(highest.clone(), "ciso".into());
    assert_eq!(named.approver(scale, &highest), Role::Ciso);
    assert!(named.check(scale).is_ok());
    named.by_level.insert("9Z".into(), "ciso".into());
    assert!(named.check(scale).unwrap_err().ja.contains("9Z"));
    let mut bad = ApproverRules::default();
    bad.by_level.insert(lowest, "auditor".into());
    assert!(bad.check(scale).is_err());
    assert!(may_approve(Role::Ciso, Role::DeptOfficer));
    assert!(may_approve(Role::DeptOfficer, Role::DeptOfficer));
    assert!(!may_approve(Role::SectionManager, Role::DeptOfficer));
    assert!(!may_approve(Role::SystemAdmin, Role::SectionManager));
}

#[test]
fn coverage_counts_and_rounds_down() {
    let mut c = Coverage::default();
    assert_eq!(c.percent(), 100);
    for i in 0..150 {
        c.add(match i {
            0 => Some(Finding::Missing),
            149 => None,
            _ => Some(Finding::Present),
        });
    }
    assert_eq!((c.items, c.present, c.missing), (150, 148, 1));
    assert_eq!(c.percent(), 99);
    assert!(!c.is_done());
    assert_eq!(Finding::parse("紛失").unwrap(), Finding::Missing);
}

#[test]
fn disposal_methods_follow_the_level_and_the_medium() {
    use super::disposal::{DisposalRules, LevelRule, Method, check_method};
    let scheme = Scheme::preset(Preset::Mic2024);
    let scale = scheme.scale(Dimension::C);
    let rules = DisposalRules::default();
    let top = rules.rule(scale, &scale.highest().code);
    assert!(top.witness);
    assert!(check_method(&top, Method::PhysicalDestruction, false).is_ok());
    let p = check_method(&top, Method::Overwrite, false).unwrap_err();
    assert!(
        p.ja.contains("上書き消去") && p.ja.contains("物理的破壊"),
        "{p}"
    );
    let low = rules.rule(scale, &scale.lowest().code);
    assert!(!low.witness && check_method(&low, Method::Overwrite, false).is_ok());
    assert!(
        check_method(&low, Method::Shredding, false).is_err(),
        "a disk is not shredded"
    );
    assert!(
        check_method(&low, Method::PhysicalDestruction, true).is_err(),
        "paper is shredded"
    );
    let mut named = DisposalRules::default();
    named.by_level.insert(
        "2".into(),
        LevelRule {
            methods: vec![Method::PhysicalDestruction],
            witness: false,
        },
    );
    assert!(!named.rule(scale, "2").witness);
    assert!(check_method(&named.rule(scale, "2"), Method::Degaussing, false).is_err());
}

#[test]
fn certificate_serials_must_match_the_register_exactly() {
    use super::disposal::{check_serials, parse_serials};
    let register: Vec<String> = ["WD6S-81011", "WD6S-81022", "WD6S-81033"]
        .map(String::from)
        .to_vec();
    let cert = parse_serials("wd6s81011\r\nＷＤ６Ｓ－８１０２２, WD6S 81033\n\n");
    assert_eq!(cert.len(), 3);
    assert!(check_serials(&register, &cert).is_ok());
    let wrong = parse_serials("WD6S-81011\nWD6S-81022\nWD6S-99999");
    let p = check_serials(&register, &wrong).unwrap_err();
    assert!(p.ja.contains("証明書にない: WD6S-81033（1件）"), "{p}");
    assert!(p.ja.contains("台帳にない: WD6S-99999（1件）"), "{p}");
    assert!(p.en.contains("Not in the register: WD6S-99999"), "{p}");
}
