//! みどり市's exceptions to the standards: a dozen, as a city keeps them — most
//! approved and in effect, two ending this month, one taken urgently and waiting for
//! the CISO's approval, one waiting for a decision, one refused, one that expired last
//! month and one ended early at its review. Each names a rule the demo has (an applied
//! control, a MIC guideline control or a section of the standards) and assets of its
//! department.

use chrono::{Datelike, Duration, NaiveDate};
use mamori_store::controls::ControlFilter;

use super::diary::Diary;
use crate::authz::Actor;
use crate::compliance::exceptions::{DecisionInput, ExceptionInput, ReviewInput};
use crate::{App, AppResult};

/// The rule an exception departs from, as the demo names it.
#[derive(Clone, Copy)]
enum Rule {
    /// The `n`th applied control of the department (or of the city).
    Applied(usize),
    Mic(&'static str),
    /// A section of the standards (対策基準).
    Section(&'static str),
}

/// How it was decided.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Approved,
    Urgent,
    Pending,
    Refused,
    Ended,
}

/// `(department, rule, title, reason, compensating, from (days from today), until,
/// outcome, assets)`; `until` `None`: the end of this month.
type Row = (
    &'static str,
    Rule,
    &'static str,
    &'static str,
    &'static str,
    i64,
    Option<i64>,
    Outcome,
    usize,
);

const EXCEPTIONS: [Row; 12] = [
    (
        "320",
        Rule::Section("3.4"),
        "確定申告期間中の外部媒体による資料受領",
        "税務署から申告資料が USB メモリで届き、オンラインでの受領に切り替えられないため。",
        "庁が管理する暗号化 USB のみ使用し、受領後は直ちに検疫端末で取り込んで消去する。受領簿に記録する。",
        -60,
        Some(40),
        Outcome::Approved,
        2,
    ),
    (
        "311",
        Rule::Mic("MIC-5.2.1"),
        "住民記録システムの共用 ID による窓口端末ログイン",
        "窓口端末の交代が多く、現行システムが個人 ID 切替に対応していないため（次期更改で対応予定）。",
        "端末ごとに利用者を記録簿に記入し、操作ログを月次で確認する。更改時に個人 ID へ移行する。",
        -200,
        Some(160),
        Outcome::Approved,
        1,
    ),
    (
        "131",
        Rule::Applied(0),
        "基幹系サーバの月次パッチ適用の延期",
        "ベンダーの動作検証が終わるまで、月次の適用ができないため。",
        "該当ポートをファイアウォールで遮断し、侵入検知の監視を強化する。",
        -20,
        None,
        Outcome::Approved,
        1,
    ),
    (
        "410",
        Rule::Mic("MIC-4.2.2"),
        "災害時要援護者名簿の紙での持ち出し",
        "避難訓練で自治会へ名簿を持参する必要があるため。",
        "施錠できる鞄で運び、持ち出し簿に記録して当日中に返却する。",
        -10,
        None,
        Outcome::Approved,
        1,
    ),
    (
        "510",
        Rule::Applied(1),
        "子育て支援アプリの外部委託先による保守接続",
        "委託先の保守拠点からの接続が必要なため。",
        "接続は事前申請制とし、作業ごとに VPN アカウントを有効化して終了後に無効化する。",
        -90,
        Some(275),
        Outcome::Approved,
        1,
    ),
    (
        "710",
        Rule::Section("3.3"),
        "道路監視カメラ録画装置の施錠ラック外設置",
        "出張所に施錠ラックの設置場所がないため（来年度改修予定）。",
        "装置室を施錠し、入室者を記録する。",
        -150,
        Some(210),
        Outcome::Approved,
        1,
    ),
    (
        "220",
        Rule::Mic("MIC-6.3.1"),
        "予算編成システムのパスワード有効期限の延長",
        "システムの仕様上、期限変更で全職員のロックが発生するため。",
        "多要素認証を追加し、パスワードの強度要件を引き上げる。",
        -30,
        Some(120),
        Outcome::Approved,
        0,
    ),
    (
        "130",
        Rule::Mic("MIC-5.1.2"),
        "障害復旧のための管理者権限の一時付与",
        "ネットワーク機器の障害で、委託先技術者に管理者権限を直ちに付与する必要があったため。",
        "作業を立会いで行い、全操作を記録し、復旧後直ちに権限を削除する。",
        -2,
        Some(45),
        Outcome::Urgent,
        1,
    ),
    (
        "910",
        Rule::Section("4.2"),
        "学校の授業支援システムの共有パスワード",
        "児童が授業中に個別の認証を行うことが難しいため。",
        "教室内の端末に限り、授業時間外は利用を停止する。",
        7,
        Some(190),
        Outcome::Pending,
        0,
    ),
    (
        "330",
        Rule::Mic("MIC-4.4.1"),
        "国保データの私用メールへの転送",
        "在宅で作業を続けたいとの申請。",
        "（申請者の提案）パスワード付き ZIP で送る。",
        -40,
        Some(50),
        Outcome::Refused,
        0,
    ),
    (
        "610",
        Rule::Applied(2),
        "環境測定データの旧システムでの保存継続",
        "新システムへの移行が遅れたため。",
        "旧システムを閉域に置き、週次でバックアップを取得する。",
        -120,
        Some(-20),
        Outcome::Approved,
        1,
    ),
    (
        "110",
        Rule::Mic("MIC-3.2.1"),
        "庁舎改修中の入退室記録の紙運用",
        "改修工事で入退室管理装置が使えないため。",
        "警備員が入退室簿を記録し、日次で総務課が確認する。",
        -80,
        Some(60),
        Outcome::Ended,
        0,
    ),
];

impl App {
    /// Loads the exceptions (see the module documentation). Called after the assets,
    /// the controls and the policies.
    pub(super) async fn load_demo_exceptions(&self, actor: &Actor) -> AppResult<()> {
        let diary = Diary::new(self);
        let today = self.today();
        let conn = self.store.conn();
        let depts = mamori_store::departments::all(conn, actor.org_id).await?;
        let assets = mamori_store::assets::all(conn, actor.org_id, None).await?;
        let controls =
            mamori_store::controls::applied(conn, actor.org_id, &ControlFilter::default()).await?;
        let standards = mamori_store::policies::documents(conn, actor.org_id)
            .await?
            .into_iter()
            .find(|d| d.tier == "standards")
            .map(|d| d.number);
        let end_of_month = last_day_of_month(today);
        for (dept, rule, title, reason, compensating, from, until, outcome, n_assets) in EXCEPTIONS
        {
            let Some(d) = depts.iter().find(|d| d.code == dept) else {
                continue;
            };
            let rule = match rule {
                Rule::Applied(i) => match controls.get(i) {
                    Some(c) => c.number.clone(),
                    None => "mic-guideline:MIC-5.1.1".to_owned(),
                },
                Rule::Mic(id) => format!("mic-guideline:{id}"),
                Rule::Section(s) => match standards {
                    Some(n) => format!("POL-{n:03} §{s}"),
                    None => "mic-guideline:MIC-3.1.1".to_owned(),
                },
            };
            let from_day = today + Duration::days(from);
            let until_day = until.map_or(end_of_month, |u| today + Duration::days(u));
            let input = ExceptionInput {
                title: title.into(),
                department: Some(d.id),
                rule,
                reason: reason.into(),
                compensating: compensating.into(),
                assets: assets
                    .iter()
                    .filter(|a| a.department_id == Some(d.id))
                    .take(n_assets)
                    .map(|a| a.number.clone())
                    .collect(),
                valid_from: from_day.to_string(),
                valid_until: until_day.to_string(),
                urgent: outcome == Outcome::Urgent,
            };
            // Asked a week before it starts; an urgent one is recorded the day it is taken.
            let asked = match outcome {
                Outcome::Urgent => from_day,
                _ => from_day.min(today) - Duration::days(if from < 0 { 7 } else { 0 }),
            };
            let id = diary
                .on(asked, 30)
                .request_exception(actor, &input, None)
                .await?;
            let decided = (asked + Duration::days(5)).min(today);
            let decision = |approve: bool, conditions: &str| DecisionInput {
                decision: if approve { "approve" } else { "refuse" }.into(),
                conditions: conditions.into(),
                decision_ref: format!("情セ委第{}号", id.as_u128() % 90 + 10),
            };
            match outcome {
                Outcome::Approved | Outcome::Ended => {
                    let d = decision(
                        true,
                        "代替の対策を確実に実施し、期間中に改善計画を提出すること。",
                    );
                    diary
                        .on(decided, 60)
                        .decide_exception(actor, id, &d)
                        .await?;
                }
                Outcome::Refused => {
                    let d = decision(
                        false,
                        "個人情報を私用メールへ送ることは認められない。テレワーク端末の貸与を申請すること。",
                    );
                    diary
                        .on(decided, 60)
                        .decide_exception(actor, id, &d)
                        .await?;
                }
                Outcome::Urgent | Outcome::Pending => {}
            }
            if outcome == Outcome::Ended {
                let r = ReviewInput {
                    note: "改修工事が完了し、入退室管理装置が復旧したため終了する。".into(),
                    end: true,
                };
                diary
                    .on(today - Duration::days(3), 90)
                    .review_exception(actor, id, &r)
                    .await?;
            }
        }
        Ok(())
    }
}

fn last_day_of_month(day: NaiveDate) -> NaiveDate {
    let (y, m) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(day)
}
