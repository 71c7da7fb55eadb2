//! みどり市's training and drills: this year's all-staff e-learning with its quiz (open
//! now, about three in four done, one question most people get wrong), last year's
//! round for the history, the new-hire course, the CSIRT exercise with one member who
//! missed it, the IT staff's and managers' courses, and three targeted-mail drills
//! whose click rate falls from drill to drill.

use chrono::{Datelike, Duration, NaiveDate};
use mamori_domain::training::CompletionSource;
use mamori_domain::training::fiscal_year_start;
use uuid::Uuid;

mod drills;

use super::diary::Diary;
use crate::authz::Actor;
use crate::training::{CourseInput, QuestionInput, SessionInput};
use crate::{App, AppResult};

/// The all-staff quiz: each question, its options, the right ones (from 1), and how
/// many in a hundred get it right.
const QUIZ: [(&str, &[&str], &[u32], u64); 5] = [
    (
        "業務で使うパスワードの扱いとして正しいものはどれですか。",
        &[
            "付箋に書いて画面に貼る",
            "同僚と共有する",
            "他人に知られないよう管理し、使い回さない",
            "すべてのシステムで同じものを使う",
        ],
        &[3],
        96,
    ),
    (
        "不審なメールを受け取ったときの対応として正しいものをすべて選んでください。",
        &[
            "添付ファイルを開いて確かめる",
            "情報システム課（CSIRT）に報告する",
            "本文のリンクは開かない",
            "同じ課の全員に転送して注意を促す",
        ],
        &[2, 3],
        71,
    ),
    (
        "機密性3（3A）の情報を庁外へ持ち出すときに必要なものはどれですか。",
        &[
            "課長の口頭の了解",
            "情報セキュリティ管理者の許可と暗号化",
            "特に必要ない",
            "持ち出し先の了解",
        ],
        &[2],
        88,
    ),
    (
        "私物の USB メモリを庁内のパソコンに接続してよいのはどんなときですか。",
        &[
            "ウイルス対策ソフトで検査したとき",
            "急ぎの仕事のとき",
            "いかなる場合も接続しない（許可された媒体のみ使う）",
            "課長が認めたとき",
        ],
        &[3],
        44,
    ),
    (
        "情報セキュリティインシデントに気付いたときは、いつ報告しますか。",
        &["原因が分かってから", "直ちに", "週報で", "被害が出てから"],
        &[2],
        93,
    ),
];

/// A deterministic draw in 0..100 for the `i`th person and the `salt`th thing.
pub(super) fn roll(i: usize, salt: u64) -> u64 {
    let x = (i as u64)
        .wrapping_mul(2_654_435_761)
        .wrapping_add(salt.wrapping_mul(40_503));
    (x ^ (x >> 13)).wrapping_mul(0x9E37_79B9) % 100
}

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn course(
    kind: &str,
    title: &str,
    frequency: &str,
    roles: &[&str],
    description: &str,
) -> CourseInput {
    CourseInput {
        kind: kind.into(),
        title: title.into(),
        description: description.into(),
        frequency: frequency.into(),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        applies_from: "2024-04-01".into(),
        ..CourseInput::default()
    }
}

pub(super) fn session(
    held_on: NaiveDate,
    until: Option<NaiveDate>,
    mode: &str,
    place: &str,
    trainer: &str,
    materials: &str,
) -> SessionInput {
    SessionInput {
        held_on: held_on.to_string(),
        until: until.map(|u| u.to_string()).unwrap_or_default(),
        mode: mode.into(),
        place: place.into(),
        trainer: trainer.into(),
        materials: materials.into(),
    }
}

impl App {
    /// Loads the courses, sessions, completions, quiz results and drills (see the
    /// module documentation). Called after the staff register and the policies.
    pub(super) async fn load_demo_training(&self, actor: &Actor) -> AppResult<()> {
        let diary = Diary::new(self);
        let today = self.today();
        let fy = fiscal_year_start(today);
        let last_fy = fiscal_year_start(fy - Duration::days(1));
        let people = mamori_store::policies::people(self.store.conn(), actor.org_id).await?;
        // The demo's own sign-ins have not taken this year's course, so whoever
        // explores the demo can take the quiz.
        let logins = mamori_store::users::all(self.store.conn(), actor.org_id).await?;
        let is_login = |id: Uuid| logins.iter().any(|u| u.staff_id == id);
        let everyone: Vec<Uuid> = people
            .iter()
            .filter(|p| p.category != "contractor")
            .map(|p| p.id)
            .collect();

        // All staff: last year's round, and this year's e-learning with its quiz.
        let all = diary
            .on(last_fy, 30)
            .create_course(
                actor,
                &course(
                    "all_staff",
                    "全職員情報セキュリティ研修",
                    "annual",
                    &[],
                    "基本方針と対策基準のうち、全職員が守る事項（パスワード、メール、持ち出し、インシデントの報告）を学びます。最後に確認テスト（5問、80点で合格）があります。",
                ),
            )
            .await?;
        for (i, q) in QUIZ.iter().enumerate() {
            let input = QuestionInput {
                text: q.0.into(),
                options: q.1.iter().map(|o| (*o).to_owned()).collect(),
                correct: q.2.to_vec(),
                multiple: q.2.len() > 1,
            };
            diary
                .on(last_fy, 40 + u32::try_from(i).unwrap_or(0))
                .add_question(actor, all, &input)
                .await?;
        }
        let last_round = ymd(last_fy.year(), 10, 1);
        let s_last = diary
            .on(last_round - Duration::days(14), 60)
            .create_session(
                actor,
                all,
                &session(
                    last_round,
                    Some(ymd(last_fy.year(), 12, 25)),
                    "e_learning",
                    "",
                    "情報政策課",
                    "eラーニング教材（前年度版）",
                ),
            )
            .await?;
        let opens = today - Duration::days(45);
        let s_now = diary
            .on(opens - Duration::days(7), 60)
            .create_session(actor, all, &session(opens, Some(today + Duration::days(20)), "e_learning", "", "情報政策課", "eラーニング教材「令和8年度 情報セキュリティの基本」（動画20分）、基本方針 第5条・第8条"))
            .await?;
        let mut last_year = Vec::new();
        let mut this_year = Vec::new();
        for (i, p) in everyone.iter().enumerate() {
            if roll(i, 1) < 96 {
                last_year.push((
                    *p,
                    last_round + Duration::days(i64::try_from(i % 70).unwrap_or(0)),
                ));
            }
            if !is_login(*p) && roll(i, 2) < 78 {
                let at = self.now() - Duration::days(44)
                    + Duration::minutes(i64::try_from(i).unwrap_or(0) * 131 % (40 * 24 * 60));
                let right: Vec<bool> = QUIZ
                    .iter()
                    .enumerate()
                    .map(|(k, q)| roll(i, 10 + k as u64) < q.3)
                    .collect();
                let failed = right.iter().filter(|r| !**r).count() > 1;
                this_year.push((*p, at, right));
                // Most who fail try again within a few days, and pass.
                if failed && roll(i, 3) < 85 {
                    let again = (0..QUIZ.len()).map(|k| k != 3 || roll(i, 4) < 60).collect();
                    this_year.push((*p, (at + Duration::days(3)).min(self.now()), again));
                }
            }
        }
        diary
            .on(last_round + Duration::days(80), 0)
            .record_completions_at_once(actor, s_last, &last_year, CompletionSource::Quiz)
            .await?;
        diary
            .on(today, 0)
            .record_quiz_at_once(actor, s_now, &this_year)
            .await?;

        // New hires: the April induction, for those hired this year (earlier hires
        // were inducted before Mamori kept the record).
        let induction_course = CourseInput {
            applies_from: fy.to_string(),
            ..course(
                "new_hire",
                "新規採用職員情報セキュリティ研修",
                "on_hire",
                &[],
                "採用時に、基本方針・対策基準と庁内ネットワークの使い方を学びます。",
            )
        };
        let hire = diary
            .on(fy - Duration::days(20), 30)
            .create_course(actor, &induction_course)
            .await?;
        let induction = ymd(fy.year(), 4, 3);
        let s_hire = diary
            .on(induction - Duration::days(10), 60)
            .create_session(
                actor,
                hire,
                &session(
                    induction,
                    None,
                    "classroom",
                    "本庁舎 5階 研修室",
                    "情報政策課 主査",
                    "新規採用職員研修テキスト",
                ),
            )
            .await?;
        let hires: Vec<(Uuid, NaiveDate)> = people
            .iter()
            .filter(|p| p.start_date.is_some_and(|s| s >= fy && s <= induction))
            .enumerate()
            .filter(|(i, _)| i % 25 != 3)
            .map(|(_, p)| (p.id, induction))
            .collect();
        diary
            .on(induction, 480)
            .record_completions_at_once(actor, s_hire, &hires, CompletionSource::Trainer)
            .await?;
        self.demo_later_inductions(&diary, actor, hire, &people, induction)
            .await?;

        // The CSIRT exercise: one member missed it.
        let csirt = diary
            .on(ymd(2024, 3, 1), 40)
            .create_course(
                actor,
                &course(
                    "csirt",
                    "CISO・CSIRT インシデント対応訓練",
                    "annual",
                    &["ciso", "deputy-ciso", "csirt"],
                    "ランサムウェア感染を想定した机上演習。初動、報告、外部への連絡を確認します。",
                ),
            )
            .await?;
        let drill_day = today - Duration::days(50);
        let s_csirt = diary
            .on(drill_day - Duration::days(21), 60)
            .create_session(
                actor,
                csirt,
                &session(
                    drill_day,
                    None,
                    "exercise",
                    "本庁舎 3階 災害対策本部室",
                    "県 CSIRT 連絡会 講師",
                    "演習シナリオ、インシデント対応手順書",
                ),
            )
            .await?;
        let roles = mamori_store::roles::all(self.store.conn(), actor.org_id, None).await?;
        let mut members: Vec<Uuid> = roles
            .iter()
            .filter(|r| ["ciso", "deputy-ciso", "csirt"].contains(&r.role.as_str()))
            .map(|r| r.staff_id)
            .collect();
        members.sort();
        members.dedup();
        // One CSIRT member (not a top officer) was on leave that day.
        let missed = roles
            .iter()
            .filter(|r| r.role == "csirt")
            .map(|r| r.staff_id)
            .find(|s| !roles.iter().any(|r| r.staff_id == *s && r.role != "csirt"));
        let attended: Vec<(Uuid, NaiveDate)> = members
            .iter()
            .filter(|m| Some(**m) != missed)
            .map(|m| (*m, drill_day))
            .collect();
        diary
            .on(drill_day, 480)
            .record_completions_at_once(actor, s_csirt, &attended, CompletionSource::Trainer)
            .await?;

        // IT staff and managers.
        let it = diary
            .on(ymd(2024, 3, 1), 50)
            .create_course(
                actor,
                &course(
                    "it_staff",
                    "情報システム担当者研修",
                    "annual",
                    &["system-admin", "system-operator"],
                    "ログの確認、脆弱性への対応、バックアップの復元を実習します。",
                ),
            )
            .await?;
        let it_day = ymd(fy.year(), 7, 10);
        let s_it = diary
            .on(it_day - Duration::days(14), 60)
            .create_session(
                actor,
                it,
                &session(
                    it_day,
                    None,
                    "classroom",
                    "情報政策課 会議室",
                    "委託事業者 技術者",
                    "実習環境、復元手順書",
                ),
            )
            .await?;
        let it_staff: Vec<(Uuid, NaiveDate)> = roles
            .iter()
            .filter(|r| ["system-admin", "system-operator"].contains(&r.role.as_str()))
            .enumerate()
            .filter(|(i, _)| i % 4 != 1)
            .map(|(_, r)| (r.staff_id, it_day))
            .collect();
        diary
            .on(it_day, 480)
            .record_completions_at_once(actor, s_it, &it_staff, CompletionSource::Trainer)
            .await?;
        let managers = diary
            .on(ymd(2024, 3, 1), 60)
            .create_course(
                actor,
                &course(
                    "managers",
                    "管理職情報セキュリティ研修",
                    "annual",
                    &["department-officer", "section-manager"],
                    "所属の情報資産の管理、職員への指導、インシデント時の判断を学びます。",
                ),
            )
            .await?;
        let m_day = ymd(fy.year(), 6, 5);
        let s_m = diary
            .on(m_day - Duration::days(14), 60)
            .create_session(
                actor,
                managers,
                &session(
                    m_day,
                    None,
                    "classroom",
                    "本庁舎 5階 研修室",
                    "CISO（副市長）",
                    "管理職向け資料",
                ),
            )
            .await?;
        let leads: Vec<(Uuid, NaiveDate)> = roles
            .iter()
            .filter(|r| ["department-officer", "section-manager"].contains(&r.role.as_str()))
            .enumerate()
            .filter(|(i, _)| i % 6 != 2)
            .map(|(_, r)| (r.staff_id, m_day))
            .collect();
        diary
            .on(m_day, 480)
            .record_completions_at_once(actor, s_m, &leads, CompletionSource::Trainer)
            .await?;
        self.load_demo_drills(&diary, actor, &everyone, fy).await
    }
}
