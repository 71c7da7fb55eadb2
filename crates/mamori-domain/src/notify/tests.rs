#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

#[test]
fn a_notice_is_stored_as_tagged_json_and_read_back() {
    let n = Notice::RoleGranted {
        role: Role::DeptOfficer,
        department: Some("総務課".into()),
    };
    let json = serde_json::to_string(&n).unwrap();
    assert_eq!(
        json,
        r#"{"kind":"role_granted","role":"department-officer","department":"総務課"}"#
    );
    assert_eq!(serde_json::from_str::<Notice>(&json).unwrap(), n);
    assert!(serde_json::from_str::<Notice>(r#"{"kind":"unheard_of"}"#).is_err());
}

#[test]
fn notices_read_in_either_language() {
    let n = Notice::RoleGranted {
        role: Role::DeptOfficer,
        department: Some("総務課".into()),
    };
    let ja = n.text("ja");
    assert_eq!(ja.subject, "情報セキュリティ責任者に任命されました");
    assert!(ja.body.starts_with("総務課の「情報セキュリティ責任者」"));
    let en = n.text("en");
    assert_eq!(en.subject, "You are now Department security officer");
    assert!(en.body.contains("for 総務課"));
    let none = Notice::RoleRemoved {
        role: Role::Csirt,
        department: None,
    };
    assert_eq!(
        none.text("ja").body,
        "「CSIRT要員」の役割が解除されました。"
    );
}

#[test]
fn security_notices_come_by_mail_whatever_the_person_chose() {
    let prefs = NoticePrefs {
        mail_off: NoticeKind::ALL.into_iter().collect(),
        digest: true,
    };
    assert_eq!(
        prefs.delivery(NoticeKind::AccountSecurity),
        Delivery::MailNow
    );
    assert_eq!(prefs.delivery(NoticeKind::RoleGranted), Delivery::InboxOnly);
    let digest = NoticePrefs {
        digest: true,
        ..NoticePrefs::default()
    };
    assert_eq!(digest.delivery(NoticeKind::RoleGranted), Delivery::Digest);
    assert_eq!(
        NoticePrefs::default().delivery(NoticeKind::Test),
        Delivery::MailNow
    );
}

#[test]
fn preferences_parse_from_what_is_stored() {
    let p: NoticePrefs = serde_json::from_str("{}").unwrap();
    assert_eq!(p, NoticePrefs::default());
    let p: NoticePrefs =
        serde_json::from_str(r#"{"mail_off":["role.granted"],"digest":true}"#).unwrap();
    assert!(p.mail_off.contains(&NoticeKind::RoleGranted));
    assert!(serde_json::from_str::<NoticePrefs>(r#"{"mail_off":["nope"]}"#).is_err());
}

#[test]
fn retries_back_off_and_end_after_about_a_day() {
    let waits: Vec<_> = (1..=MAIL_ATTEMPTS).map(retry_delay).collect();
    assert!(waits[..7].iter().all(Option::is_some));
    assert_eq!(waits[7], None);
    assert!(waits.windows(2).all(|w| match (w[0], w[1]) {
        (Some(a), Some(b)) => a < b,
        _ => true,
    }));
    let total: i64 = waits.iter().flatten().map(|d| d.num_minutes()).sum();
    assert!((18 * 60..=26 * 60).contains(&total), "{total} minutes");
}
