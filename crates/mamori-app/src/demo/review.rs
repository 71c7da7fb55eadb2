//! みどり市's self-inspections. Last year's (令和7年度), on the MIC guideline's
//! chapters, was answered and submitted by every section and accepted by the deputy
//! CISO; 道路課 and 学校教育課 left many items not done. This year's (令和8年度) adds
//! each section's own applied controls and is under way: four sections accepted, three
//! submitted and waiting for review, 障がい福祉課 had two items returned, 市民課 has
//! answered half, and the rest have not begun. This year the core systems are also
//! inspected one by one (情報システム自己点検): 住民記録システム is answered and
//! submitted, 税務システム half answered, the rest not begun.

use chrono::{Duration, NaiveDate};
use mamori_domain::review::inspection::Answer;

use super::diary::Diary;
use crate::authz::Actor;
use crate::review::{AnswerLine, InspectionInput, ReturnedItem, SheetAnswers, SheetReview};
use crate::{App, AppResult};

/// Sections that fell behind last year.
const WEAK: [&str; 2] = ["710", "910"];
/// This year's sections accepted, submitted, returned and half answered.
const ACCEPTED: [&str; 4] = ["110", "120", "130", "220"];
const SUBMITTED: [&str; 3] = ["320", "410", "610"];
const RETURNED: &str = "420";
const HALF: &str = "310";

/// The core systems inspected one by one this year, by name in the register.
const SYSTEMS: [&str; 5] = [
    "住民記録システム",
    "税務システム（住民税・固定資産税・収納）",
    "国保・年金システム",
    "福祉システム（生活保護・障害福祉）",
    "団体内統合宛名システム",
];

/// What each core system is asked, beside the controls protecting it.
const SYSTEM_CHECKLIST: &str = "## アクセス管理\n- 利用者IDを年1回以上棚卸しし、異動・退職者のIDを削除しているか\n- 特権IDの利用を記録し、定期的に確認しているか\n## ログ・監視\n- 操作ログを保存し、不審な操作を確認しているか\n## 可用性\n- バックアップからの復旧手順を定め、年1回以上試験しているか\n- 障害時の業務継続手順（紙での受付等）があるか\n## 委託管理\n- 保守事業者の作業を記録し、確認しているか\n";

/// A stable answer for a section's item in a year: most items done, some partly, a
/// few not done (many more in the weak sections, fewer this year than last).
fn answer_for(code: &str, position: i32, year: i32) -> Answer {
    let mut h: u64 = 1469598103934665603;
    for b in code
        .bytes()
        .chain(position.to_le_bytes())
        .chain(year.to_le_bytes())
    {
        h = (h ^ u64::from(b)).wrapping_mul(1099511628211);
    }
    let roll = h % 100;
    let weak = WEAK.contains(&code);
    let not_done = match (weak, year >= 2026) {
        (true, false) => 38,
        (true, true) => 22,
        (false, false) => 9,
        (false, true) => 6,
    };
    match roll {
        r if r < not_done => Answer::NotDone,
        r if r < not_done + 14 => Answer::Partial,
        r if r < not_done + 20 => Answer::NotApplicable,
        _ => Answer::Done,
    }
}

fn comment_for(a: Answer, position: i32) -> String {
    match (a, position % 3) {
        (Answer::Partial, 0) => "一部の係で未対応。今年度中に対応する。".into(),
        (Answer::Partial, 1) => "手順はあるが記録が残っていない。様式を整備する。".into(),
        (Answer::Partial, _) => "年度途中から実施。来年度は通年で実施する。".into(),
        (Answer::NotDone, 0) => "担当者が決まっていない。次年度の計画に組み込む。".into(),
        (Answer::NotDone, 1) => "予算措置が必要。情報政策課と調整中。".into(),
        (Answer::NotDone, _) => "手順が未整備。統括情報セキュリティ責任者に相談する。".into(),
        _ => String::new(),
    }
}

impl App {
    pub(super) async fn load_demo_review(&self, actor: &Actor) -> AppResult<()> {
        let diary = Diary::new(self);
        let today = self.today();
        let last_year = mamori_domain::wareki::fiscal_year(today) - 1;
        self.demo_inspection(actor, &diary, last_year).await?;
        self.demo_inspection(actor, &diary, last_year + 1).await?;
        self.demo_system_inspection(actor, &diary).await
    }

    /// The register's numbers of the assets named, in order (names as the register
    /// keeps them once cleaned: full-width brackets made narrow).
    pub(super) async fn demo_asset_numbers(
        &self,
        actor: &Actor,
        names: &[&str],
    ) -> AppResult<Vec<String>> {
        let assets = mamori_store::assets::all(self.store.conn(), actor.org_id, None).await?;
        Ok(names
            .iter()
            .map(|n| {
                let name = mamori_domain::text::clean(n);
                assets
                    .iter()
                    .find(|a| a.name == name)
                    .map(|a| a.number.clone())
                    .unwrap_or_default()
            })
            .collect())
    }

    /// This year's inspection of the core systems, each answered by the section that
    /// keeps it, on a short checklist of its own plus the controls protecting it.
    async fn demo_system_inspection(&self, actor: &Actor, diary: &Diary) -> AppResult<()> {
        let systems = self.demo_asset_numbers(actor, &SYSTEMS).await?;
        let opened = self.today() - Duration::days(14);
        let year = mamori_domain::wareki::fiscal_year(self.today());
        let input = InspectionInput {
            name: format!(
                "{} 情報システム自己点検（基幹系）",
                mamori_domain::wareki::fiscal_year_label(year)
            ),
            due_on: (opened + Duration::days(35)).to_string(),
            source: "own".into(),
            checklist: SYSTEM_CHECKLIST.into(),
            scope: "systems".into(),
            systems: systems.clone(),
            applied_controls: true,
            ..InspectionInput::default()
        };
        let id = diary.on(opened, 0).open_inspection(actor, &input).await?;
        let detail = self.inspection(actor, id).await?;
        let sheet_of = |n: &str| {
            detail
                .sheets
                .iter()
                .find(|s| s.system.as_ref().is_some_and(|x| x.code == n))
                .map(|s| s.id)
        };
        for (system, whole) in [(&systems[0], true), (&systems[1], false)] {
            let Some(sheet) = sheet_of(system) else {
                continue;
            };
            let view = self.inspection_sheet(actor, id, sheet).await?;
            let answers = view
                .answers
                .iter()
                .filter(|a| whole || a.position <= 3)
                .map(|a| {
                    let answer = answer_for(system, a.position, year);
                    AnswerLine {
                        item: a.position,
                        answer: answer.code().into(),
                        comment: comment_for(answer, a.position),
                        evidence: a.candidates.iter().take(1).map(|e| e.id).collect(),
                    }
                })
                .collect();
            let day = opened + Duration::days(6);
            diary
                .on(day, 45)
                .answer_inspection(actor, id, sheet, &SheetAnswers { answers })
                .await?;
            if whole {
                diary
                    .on(day + Duration::days(1), 20)
                    .submit_inspection(actor, id, sheet)
                    .await?;
            }
        }
        Ok(())
    }

    /// One year's campaign, answered as the year's plan above says.
    async fn demo_inspection(&self, actor: &Actor, diary: &Diary, year: i32) -> AppResult<()> {
        let this_year = year > mamori_domain::wareki::fiscal_year(self.today()) - 1;
        let opened = if this_year {
            self.today() - Duration::days(21)
        } else {
            NaiveDate::from_ymd_opt(year, 10, 1).unwrap_or(self.today())
        };
        let input = InspectionInput {
            name: format!(
                "{} 情報セキュリティ自己点検",
                mamori_domain::wareki::fiscal_year_label(year)
            ),
            fiscal_year: year.to_string(),
            due_on: (opened + Duration::days(28)).to_string(),
            source: "mic-guideline".into(),
            applied_controls: this_year,
            ..InspectionInput::default()
        };
        let id = diary.on(opened, 0).open_inspection(actor, &input).await?;
        let detail = self.inspection(actor, id).await?;
        let depts = mamori_store::departments::all(self.store.conn(), actor.org_id).await?;
        let code_of = |id| {
            depts
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.code.clone())
                .unwrap_or_default()
        };
        for (n, s) in detail.sheets.iter().enumerate() {
            let code = code_of(s.department_id);
            let untouched = this_year
                && !ACCEPTED.contains(&code.as_str())
                && !SUBMITTED.contains(&code.as_str())
                && code != RETURNED
                && code != HALF;
            if untouched {
                continue;
            }
            let sheet = self.inspection_sheet(actor, id, s.id).await?;
            let half = this_year && code == HALF;
            let answers: Vec<AnswerLine> = sheet
                .answers
                .iter()
                .filter(|a| !half || a.position % 2 == 0)
                .map(|a| {
                    let answer = answer_for(&code, a.position, year);
                    AnswerLine {
                        item: a.position,
                        answer: answer.code().into(),
                        comment: comment_for(answer, a.position),
                        evidence: Vec::new(),
                    }
                })
                .collect();
            let day = opened + Duration::days(5 + (n as i64 % 12));
            let app = diary.on(day, 60);
            app.answer_inspection(actor, id, s.id, &SheetAnswers { answers })
                .await?;
            if half {
                continue;
            }
            diary
                .on(day + Duration::days(1), 30)
                .submit_inspection(actor, id, s.id)
                .await?;
            let review_day = day + Duration::days(4);
            if this_year && SUBMITTED.contains(&code.as_str()) {
                continue;
            }
            let review = if this_year && code == RETURNED {
                SheetReview {
                    decision: "return".into(),
                    note: "証跡の記載が不足しています。".into(),
                    items: [3, 8]
                        .into_iter()
                        .map(|item| ReturnedItem {
                            item,
                            note: "実施した記録（日付・担当）を記入してください。".into(),
                        })
                        .collect(),
                }
            } else {
                SheetReview {
                    decision: "accept".into(),
                    note: String::new(),
                    items: Vec::new(),
                }
            };
            diary
                .on(review_day, 90)
                .review_inspection(actor, id, s.id, &review)
                .await?;
        }
        if !this_year {
            let closed = NaiveDate::from_ymd_opt(year + 1, 1, 31).unwrap_or(self.today());
            diary.on(closed, 0).close_inspection(actor, id).await?;
        }
        Ok(())
    }
}
