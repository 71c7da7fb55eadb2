//! A year of incidents for みどり市, recorded as they happened (each step on a copy of
//! the app whose clock is set to its moment, through the use cases, so the timeline,
//! the notices and the audit log hold the year as it was):
//!
//! - a mail with 120 residents' data sent to the wrong address: a report to the PPC is
//!   required, and the 速報 and 確報 were filed on time; closed with its cause and a
//!   prevention linked to a risk;
//! - a lost USB stick that was encrypted: no report required, the reason recorded;
//! - a staff member's report of the phishing drill's mail, ended as a false alarm;
//! - a ransomware alert from the firewall's syslog feed, drafted by a rule and
//!   contained the same day;
//! - a FAX with residents' data sent to the wrong number whose 確報 is due in five days;
//! - and a few more, handled the usual way, that make the statistics worth reading.

use chrono::{DateTime, Duration, Utc};
use mamori_domain::event::syslog::parse_line;
use mamori_domain::incident::breach::{DEFAULT_PRELIMINARY_DAYS, days_left, deadlines};
use mamori_domain::japan_time;
use uuid::Uuid;

mod case;
#[cfg(test)]
mod tests;

use self::case::{Case, day, jst, typed};
use crate::authz::{Actor, ActorKind};
use crate::demo::diary::Diary;
use crate::events::{RuleInput, SourceInput};
use crate::incidents::{BreachInput, MoveInput, NoticeInput, PreventionInput, ReportInput};
use crate::{App, AppError, AppResult};

impl App {
    /// Loads the year of incidents (see the module documentation). Called by
    /// [`App::load_demo`] after the risks, which the prevention links to.
    pub(super) async fn load_demo_incidents(&self, actor: &Actor) -> AppResult<()> {
        let diary = Diary::new(self);
        let today = self.today();
        let csirt = actor.clone();
        let ciso = self.demo_ciso(actor).await?;
        let staff = self
            .demo_login(actor, "staff")
            .await?
            .unwrap_or_else(|| actor.clone());
        let risk = self
            .list_risks(actor, &crate::risks::RiskQuery::default())
            .await?
            .items
            .into_iter()
            .next()
            .map(|r| r.number);

        let people = (&diary, &staff, &csirt, &ciso);
        for (back, what) in [
            (
                280,
                [
                    "基幹系システムのディスク障害で窓口業務が 2 時間停止した",
                    "system_failure",
                    "high",
                    "equipment",
                ],
            ),
            (
                240,
                [
                    "委託先の作業員が作業用端末を電車内に置き忘れた",
                    "contractor",
                    "medium",
                    "contractor",
                ],
            ),
        ] {
            self.demo_routine(people, jst(today, back, 10, 0), what)
                .await?;
        }

        // 1. The mis-sent mail: report required, both reports on time, closed.
        let known = jst(today, 200, 10, 15);
        let r = diary
            .at(known + Duration::minutes(20))
            .report_incident(
                &staff,
                &ReportInput {
                    title: "健診結果の案内メールを別の事業者に誤送信した".into(),
                    category: "misdelivery".into(),
                    description: "住民 120 人分の氏名・住所・健診結果を含む一覧表を、宛先の選択を誤って委託先ではない事業者に送信した。".into(),
                    location: "健康増進課".into(),
                    occurred_at: typed(known - Duration::minutes(35)),
                    known_at: typed(known),
                    personal_data: "1".into(),
                    persons: "120".into(),
                    assets: String::new(),
                },
            )
            .await?;
        let c = Case {
            diary: &diary,
            csirt: &csirt,
            id: r.id,
        };
        c.triage(known + Duration::minutes(40), "high").await?;
        c.note(
            known + Duration::minutes(50),
            "action",
            "誤送信先に連絡し、メールと添付ファイルの削除を依頼した",
        )
        .await?;
        let breach = BreachInput {
            personal_data: "1".into(),
            persons: "120".into(),
            sensitive: "1".into(),
            ..BreachInput::default()
        };
        diary
            .at(known + Duration::hours(2))
            .assess_breach(&csirt, r.id, &breach)
            .await?;
        c.contain(known + Duration::hours(1), known + Duration::hours(26))
            .await?;
        c.note(
            known + Duration::hours(25),
            "action",
            "誤送信先から削除完了の報告書を受領した",
        )
        .await?;
        c.file(
            known + Duration::days(2),
            "preliminary",
            "電子申請で速報を提出",
        )
        .await?;
        let notice = NoticeInput {
            method: "書面（郵送）".into(),
            notified_on: day(known + Duration::days(6)),
            notified: "120".into(),
            published_on: day(known + Duration::days(6)),
            publication: "市ウェブサイトに掲載".into(),
            ..NoticeInput::default()
        };
        diary
            .at(known + Duration::days(6))
            .record_notice(&csirt, r.id, &notice)
            .await?;
        c.analyse(
            known + Duration::days(10),
            [
                "human_error",
                "メールソフトの宛先の自動補完で、似た名前の事業者を選んだ。",
                "個人情報を含むファイルを暗号化せずに添付していた。送信前の確認が一人だった。",
                "個人情報を含む送信は二人で宛先を確認し、ファイルは暗号化する。",
            ],
        )
        .await?;
        if let Some(number) = &risk {
            let p = PreventionInput {
                target: number.clone(),
                note: "メール送信時の二重確認と添付ファイルの暗号化を対策に追加".into(),
            };
            diary
                .at(known + Duration::days(12))
                .link_prevention(&csirt, r.id, &p)
                .await?;
        }
        c.go(known + Duration::days(12), "prevention", "").await?;
        c.file(known + Duration::days(20), "final", "確報を提出")
            .await?;
        diary
            .at(known + Duration::days(25))
            .move_incident(
                &ciso,
                r.id,
                &MoveInput {
                    to: "closed".into(),
                    reason: String::new(),
                },
            )
            .await?;

        // 2. The encrypted USB stick: not required, and why.
        let known = jst(today, 150, 17, 40);
        let r = diary
            .at(known + Duration::minutes(10))
            .report_incident(
                &staff,
                &ReportInput {
                    title: "出張先で USB メモリを紛失した".into(),
                    category: "loss_theft".into(),
                    description: "窓口の予約者 35 人分の一覧を保存した USB メモリ（暗号化機能付き、パスワード設定済み）を帰庁の途中で紛失した。".into(),
                    location: "出張先からの帰路".into(),
                    known_at: typed(known),
                    personal_data: "1".into(),
                    persons: "35".into(),
                    ..ReportInput::default()
                },
            )
            .await?;
        let c = Case {
            diary: &diary,
            csirt: &csirt,
            id: r.id,
        };
        c.triage(known + Duration::hours(1), "medium").await?;
        let breach = BreachInput {
            personal_data: "1".into(),
            persons: "35".into(),
            protected: "1".into(),
            ..BreachInput::default()
        };
        diary
            .at(known + Duration::hours(2))
            .assess_breach(&csirt, r.id, &breach)
            .await?;
        c.note(
            known + Duration::hours(3),
            "action",
            "警察に遺失届を提出した。暗号化とパスワード設定を管理台帳で確認した",
        )
        .await?;
        c.contain(known + Duration::hours(2), known + Duration::hours(20))
            .await?;
        c.analyse(
            known + Duration::days(3),
            [
                "human_error",
                "鞄の外ポケットに入れて持ち歩いていた。",
                "持ち出しの記録はあったが、携行方法の決まりがなかった。",
                "持ち出す媒体は必ず暗号化する運用が被害を防いだ。携行方法を手順に加える。",
            ],
        )
        .await?;
        c.go(known + Duration::days(4), "prevention", "").await?;
        diary
            .at(known + Duration::days(7))
            .move_incident(
                &ciso,
                r.id,
                &MoveInput {
                    to: "closed".into(),
                    reason: String::new(),
                },
            )
            .await?;

        // 3. The phishing drill's mail, reported by a careful member of staff.
        let known = jst(today, 120, 9, 5);
        let r = diary
            .at(known + Duration::minutes(3))
            .report_incident(
                &staff,
                &ReportInput {
                    title: "宅配業者を名乗る不審なメールが届いた".into(),
                    category: "targeted_mail".into(),
                    description: "「お届け物の住所確認」という件名で、URL を開くよう求めるメールが届いた。開いていない。".into(),
                    known_at: typed(known),
                    ..ReportInput::default()
                },
            )
            .await?;
        let c = Case {
            diary: &diary,
            csirt: &csirt,
            id: r.id,
        };
        c.triage(known + Duration::minutes(30), "low").await?;
        c.go(
            known + Duration::minutes(35),
            "false_alarm",
            "情報政策課が実施した標的型メール訓練のメールであった。報告の手順どおりの対応",
        )
        .await?;

        let web = [
            "市ウェブサイトの問い合わせフォームに不審なアクセスが集中した",
            "unauthorized_access",
            "medium",
            "malicious",
        ];
        self.demo_routine(people, jst(today, 95, 10, 0), web)
            .await?;

        // 4. Ransomware seen by the firewall, drafted by a rule, contained that day.
        let set_up = jst(today, 70, 10, 0);
        let src = diary
            .at(set_up)
            .create_event_source(
                &csirt,
                &SourceInput {
                    name: "本庁舎ファイアウォール".into(),
                    kind: "syslog".into(),
                    senders: "192.0.2.10".into(),
                    ..SourceInput::default()
                },
            )
            .await?;
        diary
            .at(set_up + Duration::minutes(10))
            .create_event_rule(
                &csirt,
                &RuleInput {
                    name: "ランサムウェアの通信".into(),
                    min_severity: "err".into(),
                    pattern: "ransom".into(),
                    action: "draft".into(),
                    category: "malware".into(),
                    severity: "critical".into(),
                    ..RuleInput::default()
                },
            )
            .await?;
        let seen = jst(today, 60, 14, 5);
        let line = format!(
            "<33>1 {} fw-honchosha ips - - - Ransomware C2 beacon blocked: 10.20.31.45 -> 198.51.100.77:443",
            japan_time::local(seen).format("%Y-%m-%dT%H:%M:%S+09:00")
        );
        let event = parse_line(&line, seen).map_err(|p| AppError::Internal(p.en))?;
        let source =
            mamori_store::events::get_source(self.store.conn(), actor.org_id, src.source.id)
                .await?
                .ok_or(AppError::NotFound)?;
        let receipt = diary
            .at(seen + Duration::seconds(1))
            .ingest(&source, vec![event])
            .await?;
        if let Some(id) = self
            .demo_incident_id(actor, receipt.drafted.first())
            .await?
        {
            let c = Case {
                diary: &diary,
                csirt: &csirt,
                id,
            };
            c.note(
                seen + Duration::minutes(12),
                "action",
                "端末 10.20.31.45 をネットワークから切り離した",
            )
            .await?;
            c.contain(
                seen + Duration::minutes(10),
                seen + Duration::hours(3) + Duration::minutes(25),
            )
            .await?;
            c.note(
                seen + Duration::hours(3),
                "action",
                "EDR で全端末を走査し、他に感染がないことを確認した。端末を再構築した",
            )
            .await?;
            c.analyse(
                seen + Duration::days(2),
                [
                    "malicious",
                    "職員が私的に閲覧したサイトから不正なプログラムを取得していた。",
                    "ウェブフィルタの分類が更新されていなかった。",
                    "通信の遮断とログの監視が被害を防いだ。フィルタの自動更新を設定した。",
                ],
            )
            .await?;
            c.go(seen + Duration::days(3), "prevention", "").await?;
            diary
                .at(seen + Duration::days(5))
                .move_incident(
                    &ciso,
                    id,
                    &MoveInput {
                        to: "closed".into(),
                        reason: String::new(),
                    },
                )
                .await?;
        }

        let lan = [
            "庁内 LAN の一部が停電で停止した",
            "disaster",
            "low",
            "natural",
        ];
        self.demo_routine(people, jst(today, 40, 10, 0), lan)
            .await?;

        // 5. The FAX whose 確報 is due in five days: still under investigation.
        let back = (15..=40)
            .find(|d| {
                let k = jst(today, *d, 11, 0);
                days_left(
                    deadlines(k, false, DEFAULT_PRELIMINARY_DAYS).final_report,
                    self.now(),
                ) == 5
            })
            .unwrap_or(25);
        let known = jst(today, back, 11, 0);
        let r = diary
            .at(known + Duration::minutes(30))
            .report_incident(
                &staff,
                &ReportInput {
                    title: "児童手当の申請書類を別の事業所に FAX 送信した".into(),
                    category: "misdelivery".into(),
                    description: "申請者 45 人分の氏名・口座番号を含む書類を、短縮ダイヤルの登録誤りにより別の事業所に送信した。".into(),
                    location: "子育て支援課".into(),
                    known_at: typed(known),
                    personal_data: "1".into(),
                    persons: "45".into(),
                    ..ReportInput::default()
                },
            )
            .await?;
        let c = Case {
            diary: &diary,
            csirt: &csirt,
            id: r.id,
        };
        c.triage(known + Duration::hours(1), "high").await?;
        let breach = BreachInput {
            personal_data: "1".into(),
            persons: "45".into(),
            financial: "1".into(),
            ..BreachInput::default()
        };
        diary
            .at(known + Duration::hours(2))
            .assess_breach(&csirt, r.id, &breach)
            .await?;
        c.go(known + Duration::hours(2), "initial_response", "")
            .await?;
        c.note(
            known + Duration::hours(3),
            "action",
            "送信先の事業所に連絡し、書類の回収に向かった",
        )
        .await?;
        c.file(known + Duration::days(2), "preliminary", "速報を提出")
            .await?;
        c.go(known + Duration::days(2), "investigating", "").await?;

        Ok(())
    }

    /// An incident handled the usual way: triaged, contained within hours, analysed,
    /// closed by the CISO within the week.
    async fn demo_routine(
        &self,
        (diary, staff, csirt, ciso): (&Diary, &Actor, &Actor, &Actor),
        known: DateTime<Utc>,
        [title, category, severity, cause]: [&str; 4],
    ) -> AppResult<()> {
        let r = diary
            .at(known + Duration::minutes(15))
            .report_incident(
                staff,
                &ReportInput {
                    title: title.into(),
                    category: category.into(),
                    known_at: typed(known),
                    ..ReportInput::default()
                },
            )
            .await?;
        let c = Case {
            diary,
            csirt,
            id: r.id,
        };
        c.triage(known + Duration::minutes(40), severity).await?;
        c.contain(known + Duration::hours(1), known + Duration::hours(5))
            .await?;
        c.analyse(
            known + Duration::days(2),
            [cause, "原因を特定し、対策を講じた。", "", ""],
        )
        .await?;
        c.go(known + Duration::days(3), "prevention", "").await?;
        diary
            .at(known + Duration::days(5))
            .move_incident(
                ciso,
                r.id,
                &MoveInput {
                    to: "closed".into(),
                    reason: String::new(),
                },
            )
            .await
    }

    /// A demo login as a signed-in user would act, if the demo made it.
    pub(super) async fn demo_login(&self, actor: &Actor, login: &str) -> AppResult<Option<Actor>> {
        let Some(u) = mamori_store::users::by_login(self.store.conn(), login).await? else {
            return Ok(None);
        };
        let label = format!("user:{}", u.login);
        let _ = actor;
        Ok(Some(
            self.user_actor(&u, ActorKind::User, label, "cli").await?,
        ))
    }

    /// The id of a drafted incident by its number.
    async fn demo_incident_id(
        &self,
        actor: &Actor,
        number: Option<&String>,
    ) -> AppResult<Option<Uuid>> {
        let Some(n) = number else { return Ok(None) };
        Ok(
            mamori_store::incidents::by_number(self.store.conn(), actor.org_id, n)
                .await?
                .map(|m| m.id),
        )
    }
}
