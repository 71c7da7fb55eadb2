//! みどり市's secure areas: the main building (本庁舎) with the server room on its third
//! floor and the records store, and the data-centre room in the basement. The server
//! room lets twelve people in unescorted — システム係 and 情報政策課 staff and the IT
//! vendor's resident engineers — and its list was reviewed last month: ten names were
//! confirmed, two were not and have lapsed. Everyone has a badge, and last month's card
//! log is imported through the importer as the door system wrote it: ordinary days, a
//! maintenance visitor escorted in, one tailgating entry by someone not on the list
//! (awaiting the manager), one entry that never swiped out (explained), and one late
//! night entry during a system outage (explained).

use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

use super::diary::Diary;
use crate::authz::Actor;
use crate::import::ImportOptions;
use crate::physical::{
    BadgeInput, ConfirmInput, EntryQuery, GrantInput, PlaceInput, ReviewInput, SettleInput,
};
use crate::{App, AppError, AppResult};

/// A place: kind, code, name, parent code, level, department code, controls, hours.
type Place = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const PLACES: [Place; 6] = [
    ("building", "HQ", "本庁舎", "", "", "110", "", ""),
    ("floor", "HQ-3F", "本庁舎 3階", "HQ", "", "110", "", ""),
    ("floor", "HQ-B1", "本庁舎 地下1階", "HQ", "", "110", "", ""),
    (
        "area",
        "HQ-3F-SR",
        "サーバ室",
        "HQ-3F",
        "system_room",
        "131",
        "card,biometric,escort",
        "08:00-20:00",
    ),
    (
        "area",
        "HQ-3F-ARC",
        "文書書庫",
        "HQ-3F",
        "archive",
        "110",
        "key,escort",
        "08:30-17:15",
    ),
    (
        "area",
        "HQ-B1-DC",
        "データセンター室",
        "HQ-B1",
        "system_room",
        "131",
        "card,biometric,escort",
        "",
    ),
];

impl App {
    pub(super) async fn load_demo_physical(&self, actor: &Actor) -> AppResult<()> {
        let conn = self.store.conn();
        let org = actor.org_id;
        let depts = mamori_store::departments::all(conn, org).await?;
        let staff = mamori_store::staff::all(conn, org, &Default::default()).await?;
        let manager = mamori_store::users::by_login(conn, "sysadmin")
            .await?
            .and_then(|u| staff.iter().find(|s| s.id == u.staff_id))
            .map(|s| s.employee_number.clone())
            .unwrap_or_default();
        let in_dept = |code: &str| {
            let id = depts.iter().find(|d| d.code == code).map(|d| d.id);
            staff
                .iter()
                .filter(move |s| id.is_some() && s.department_id == id && !s.retired)
        };
        let mut ids = std::collections::HashMap::new();
        let today = self.today();
        let diary = Diary::new(self);
        let set_up = NaiveDate::from_ymd_opt(today.year() - 1, 4, 1).unwrap_or(today);
        for (kind, code, name, parent, level, dept, controls, hours) in PLACES {
            let input = PlaceInput {
                kind: kind.into(),
                code: code.into(),
                name: name.into(),
                parent: ids.get(parent).copied(),
                level: level.into(),
                department: depts.iter().find(|d| d.code == dept).map(|d| d.id),
                manager: if kind == "area" {
                    manager.clone()
                } else {
                    String::new()
                },
                controls: controls.into(),
                hours: hours.into(),
                weekends: hours.is_empty(),
                review_months: Some(6),
                ..PlaceInput::default()
            };
            let id = diary.on(set_up, 0).create_place(actor, &input).await?;
            ids.insert(code, id);
        }
        let room = ids.get("HQ-3F-SR").copied().ok_or(AppError::NotFound)?;
        // Twelve may enter the server room: システム係, 情報政策課 and the vendor's engineers.
        let mut allowed: Vec<String> = in_dept("131")
            .chain(in_dept("130"))
            .map(|s| s.employee_number.clone())
            .collect();
        allowed.retain(|n| !n.is_empty());
        allowed.truncate(12);
        for (i, n) in allowed.iter().enumerate() {
            let reason = if i < 4 {
                "サーバ・ネットワーク機器の運用"
            } else {
                "システム運用・障害対応"
            };
            let input = GrantInput {
                employee_number: n.clone(),
                reason: reason.into(),
                valid_from: set_up.to_string(),
                valid_to: (set_up + Duration::days(730)).to_string(),
                ..GrantInput::default()
            };
            diary.on(set_up, 10).add_grant(actor, room, &input).await?;
        }
        // Last month's review: ten confirmed, the last two left to lapse.
        let opened = today - Duration::days(40);
        let review = ReviewInput {
            due_on: (opened + Duration::days(14)).to_string(),
        };
        diary
            .on(opened, 0)
            .open_review(actor, room, &review)
            .await?;
        let detail = diary.on(opened, 30).area(actor, room).await?;
        let confirm = ConfirmInput {
            grants: detail
                .grants
                .iter()
                .filter(|g| {
                    g.person.as_ref().is_some_and(|p| {
                        allowed[..10.min(allowed.len())].contains(&p.employee_number)
                    })
                })
                .map(|g| g.id)
                .collect(),
        };
        diary
            .on(opened + Duration::days(3), 0)
            .confirm_grants(actor, room, &confirm)
            .await?;
        // Badges for the twelve, three others of 情報政策課 and 総務課, and visitor cards.
        let mut holders = allowed.clone();
        holders.extend(in_dept("110").take(3).map(|s| s.employee_number.clone()));
        for (i, n) in holders.iter().enumerate() {
            let badge = BadgeInput {
                number: format!("C{:05}", 10_001 + i),
                employee_number: n.clone(),
                label: String::new(),
            };
            diary.on(set_up, 20).add_badge(actor, &badge).await?;
        }
        for v in 1..=3 {
            let badge = BadgeInput {
                number: format!("V{v:04}"),
                employee_number: String::new(),
                label: format!("来訪者カード {v}"),
            };
            diary.on(set_up, 20).add_badge(actor, &badge).await?;
        }
        let escort = allowed.first().cloned().unwrap_or_default();
        let log = month_log(
            today,
            holders.len().min(10),
            holders.len().saturating_sub(1),
            &escort,
        );
        let opts = ImportOptions {
            target: Some(room),
            ..ImportOptions::default()
        };
        let plan = self
            .import_entries(actor, log.as_bytes(), &opts, true)
            .await?;
        if !plan.committed {
            return Err(AppError::Internal(format!(
                "demo door log refused: {:?}",
                plan.errors.first()
            )));
        }
        // The manager explains two flags and leaves the tailgating entry to be seen.
        let q = EntryQuery {
            area: Some("HQ-3F-SR".into()),
            flags: Some("pending".into()),
            ..EntryQuery::default()
        };
        let flagged = self
            .entries(actor, &q, crate::PageRequest::new(Some(1), Some(50)))
            .await?;
        for e in flagged.items {
            let note = if e.flags.iter().any(|f| f == "no_exit") {
                "退室時にカードをかざし忘れ。本人と監視カメラで 18 時台の退室を確認した。"
            } else if e.flags.iter().any(|f| f == "outside_hours") {
                "基幹系の障害対応（障害報告書あり）。課長の承認を得て入室。"
            } else {
                continue;
            };
            let input = SettleInput {
                explanation: note.into(),
            };
            self.settle_entry(actor, room, e.id, &input).await?;
        }
        Ok(())
    }
}

/// Last month's swipes at the server room door, as the door system exports them
/// (one row per swipe, in time order). Badges `C10001`… of the first `regulars`
/// holders come and go on working days; the badge of holder `outsider` (not on the
/// list) follows someone in once without an escort; one regular forgets to swipe out;
/// one comes in at night; a vendor engineer with a visitor card is escorted in by
/// `escort` (an employee number).
fn month_log(today: NaiveDate, regulars: usize, outsider: usize, escort: &str) -> String {
    let first = today.with_day(1).unwrap_or(today);
    let start = first
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(first);
    let mut swipes: Vec<(chrono::NaiveDateTime, String, &str, String, String)> = Vec::new();
    let t = |d: NaiveDate, h: u32, m: u32| {
        d.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN))
    };
    let mut day = start;
    let mut n = 0usize;
    while day < first {
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            for r in 0..regulars {
                // Each regular comes in on about half the days, at staggered times.
                if (r + n) % 2 == 1 {
                    continue;
                }
                let badge = format!("C{:05}", 10_001 + r);
                let inn = t(
                    day,
                    9 + u32::try_from(r % 6).unwrap_or(0),
                    u32::try_from((r * 7) % 60).unwrap_or(0),
                );
                swipes.push((inn, badge.clone(), "入室", String::new(), String::new()));
                if !(n == 3 && r == 1) {
                    swipes.push((
                        inn + Duration::minutes(40),
                        badge,
                        "退室",
                        String::new(),
                        String::new(),
                    ));
                }
            }
            if n == 5 {
                // A maintenance engineer on a visitor card, escorted by the first regular.
                let inn = t(day, 13, 30);
                swipes.push((
                    inn,
                    "V0001".into(),
                    "入室",
                    "東都システム株式会社 保守担当".into(),
                    escort.into(),
                ));
                swipes.push((
                    inn + Duration::minutes(90),
                    "V0001".into(),
                    "退室",
                    String::new(),
                    String::new(),
                ));
            }
            if n == 8 {
                // Someone not on the list follows a colleague in.
                let inn = t(day, 14, 5);
                let badge = format!("C{:05}", 10_001 + outsider);
                swipes.push((inn, badge.clone(), "入室", String::new(), String::new()));
                swipes.push((
                    inn + Duration::minutes(12),
                    badge,
                    "退室",
                    String::new(),
                    String::new(),
                ));
            }
            if n == 12 {
                // A night call-out during an outage.
                let inn = t(day, 23, 10);
                swipes.push((inn, "C10002".into(), "入室", String::new(), String::new()));
                swipes.push((
                    inn + Duration::minutes(75),
                    "C10002".into(),
                    "退室",
                    String::new(),
                    String::new(),
                ));
            }
            n += 1;
        }
        day += Duration::days(1);
    }
    swipes.sort_by_key(|s| s.0);
    let mut out = String::from("通過日時,カード番号,入退,来訪者,同行者\n");
    for (at, badge, dir, visitor, escort) in swipes {
        let _ = writeln!(
            out,
            "{},{badge},{dir},{visitor},{escort}",
            at.format("%Y/%m/%d %H:%M:%S")
        );
    }
    out
}
