//! Three targeted-mail drills over a year and a half, each with fewer clicks and more
//! reports than the last; and the short induction sessions of those hired after
//! April.

use chrono::{Datelike, Duration, NaiveDate};
use mamori_domain::training::CompletionSource;
use mamori_domain::training::phishing::Outcome;
use uuid::Uuid;

use super::{roll, session, ymd};
use crate::authz::Actor;
use crate::demo::diary::Diary;
use crate::training::DrillInput;
use crate::{App, AppResult};

impl App {
    /// Three drills, a year and a half of them, each with fewer clicks and more
    /// reports than the last.
    pub(super) async fn load_demo_drills(
        &self,
        diary: &Diary,
        actor: &Actor,
        people: &[Uuid],
        fy: NaiveDate,
    ) -> AppResult<()> {
        let drills = [
            (
                "標的型メール訓練（令和7年度 第1回）",
                ymd(fy.year() - 1, 7, 15),
                22,
                18,
            ),
            (
                "標的型メール訓練（令和7年度 第2回）",
                ymd(fy.year() - 1, 12, 9),
                14,
                31,
            ),
            (
                "標的型メール訓練（令和8年度 第1回）",
                ymd(fy.year(), 7, 14),
                8,
                46,
            ),
        ];
        for (n, (title, sent_on, click, report)) in drills.into_iter().enumerate() {
            let input = DrillInput {
                title: title.into(),
                sent_on: sent_on.to_string(),
                vendor: "株式会社みどりセキュリティ訓練".into(),
                note: "件名「【至急】給与振込口座の確認」、偽の認証ページへのリンク付き。".into(),
            };
            let id = diary
                .on(sent_on - Duration::days(10), 60)
                .create_drill(actor, &input)
                .await?;
            let salt = 100 + n as u64 * 7;
            let rows: Vec<Outcome> = people
                .iter()
                .enumerate()
                .map(|(i, _)| {
                    let clicked = roll(i, salt) < click;
                    let opened = clicked || roll(i, salt + 1) < 55;
                    Outcome::new(opened, clicked, roll(i, salt + 2) < report)
                })
                .collect();
            diary
                .on(sent_on + Duration::days(14), 60)
                .record_drill_at_once(actor, id, people, &rows)
                .await?;
        }
        Ok(())
    }

    /// Those who started after the April induction had a short session two days
    /// after their first.
    pub(super) async fn demo_later_inductions(
        &self,
        diary: &Diary,
        actor: &Actor,
        course: Uuid,
        people: &[mamori_store::policies::Person],
        induction: NaiveDate,
    ) -> AppResult<()> {
        let today = self.today();
        let mut later: Vec<NaiveDate> = people
            .iter()
            .filter_map(|p| p.start_date)
            .filter(|s| *s > induction && *s + Duration::days(2) <= today)
            .collect();
        later.sort();
        later.dedup();
        for start in later {
            let day = start + Duration::days(2);
            let input = session(
                day,
                None,
                "classroom",
                "情報政策課 会議室",
                "情報政策課 主査",
                "新規採用職員研修テキスト（短縮版）",
            );
            let s = diary
                .on(start, 60)
                .create_session(actor, course, &input)
                .await?;
            let joined: Vec<(Uuid, NaiveDate)> = people
                .iter()
                .filter(|p| p.start_date == Some(start))
                .map(|p| (p.id, day))
                .collect();
            diary
                .on(day, 480)
                .record_completions_at_once(actor, s, &joined, CompletionSource::Trainer)
                .await?;
        }
        Ok(())
    }
}
