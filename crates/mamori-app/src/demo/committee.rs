//! みどり市's security committee over the last year and a half: four meetings, each
//! held with the members of the day, its minutes written and approved at the next
//! (the latest's still waiting). 令和7年度's first meeting approves the audit plan; the
//! second accepts two risks; the third hears an incident and last year's audit report
//! and approves version 2 of the standards; 令和8年度's first hears the
//! self-inspection results.

use chrono::NaiveDate;
use uuid::Uuid;

use super::diary::Diary;
use crate::authz::Actor;
use crate::policies::DraftInput;
use crate::review::committee::{
    AgendaInput, CommitteeDecision, MeetingInput, MinutesApproval, MinutesInput,
};
use crate::{App, AppResult};

const STANDARDS_TITLE: &str = "みどり市情報セキュリティ対策基準";

/// An agenda item and its decision: kind, record (with version), title, outcome, what
/// was decided, and the day it takes effect or ends.
struct Item {
    kind: &'static str,
    record: Option<(Uuid, Option<i32>)>,
    title: &'static str,
    outcome: &'static str,
    text: &'static str,
    effective_on: Option<NaiveDate>,
    expires_on: Option<NaiveDate>,
}

impl Item {
    fn other(title: &'static str, outcome: &'static str, text: &'static str) -> Self {
        Self {
            kind: "other",
            record: None,
            title,
            outcome,
            text,
            effective_on: None,
            expires_on: None,
        }
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

impl App {
    /// Loads the committee's meetings (see the module's note). Called by
    /// [`App::load_demo`] after the audits, whose report it hears.
    pub(super) async fn load_demo_committee(&self, actor: &Actor) -> AppResult<()> {
        let diary = Diary::new(self);
        let this_year = mamori_domain::wareki::fiscal_year(self.today());
        let last = this_year - 1;
        let candidates = self.agenda_candidates(actor).await?;
        let pick = |kind: &str| -> Vec<(Uuid, Option<i32>)> {
            candidates
                .iter()
                .filter(|c| c.kind.code() == kind)
                .map(|c| (c.record, c.version))
                .collect()
        };
        let risks = pick("risk_acceptance");
        let incident = pick("incident").into_iter().last();
        let audit = pick("audit_report").into_iter().last();
        let standards = self
            .demo_standards_v2(&diary, actor, ymd(last + 1, 3, 5))
            .await?;

        let first = vec![Item::other(
            "令和7年度 情報セキュリティ監査計画",
            "approved",
            "中長期計画（令和7〜9年度）と令和7年度の監査計画（窓口業務）を承認する。",
        )];
        let mut second = Vec::new();
        for (n, r) in risks.iter().take(2).enumerate() {
            second.push(Item {
                kind: "risk_acceptance",
                record: Some(*r),
                title: "",
                outcome: "approved",
                text: if n == 0 {
                    "更新までの間、代替の監視策を講じることを条件に受容する。"
                } else {
                    "費用対効果を勘案し、次期システム更新までの間受容する。"
                },
                effective_on: None,
                expires_on: Some(ymd(last + 2, 3, 31)),
            });
        }
        let third = vec![
            Item {
                kind: "incident",
                record: incident.map(|i| (i.0, None)),
                title: "",
                outcome: "noted",
                text: "経過と再発防止策の報告を了承する。",
                effective_on: None,
                expires_on: None,
            },
            Item {
                kind: "audit_report",
                record: audit.map(|a| (a.0, None)),
                title: "",
                outcome: "noted",
                text: "監査結果と是正処置の計画を了承する。税務課の利用者ID管理は次回監査で確認する。",
                effective_on: None,
                expires_on: None,
            },
            Item {
                kind: "policy_version",
                record: Some((standards, Some(2))),
                title: "",
                outcome: "approved",
                text: "対策基準の改定（持ち出し申請と外部サービス利用の確認）を承認する。",
                effective_on: Some(ymd(last + 1, 4, 1)),
                expires_on: None,
            },
        ];
        let fourth = vec![Item::other(
            "令和7年度 自己点検の結果",
            "noted",
            "全所属の提出と結果を了承する。未実施の多い道路課・学校教育課は、部長から改善計画を報告する。",
        )];
        let meetings = [
            (ymd(last, 6, 19), first, MINUTES[0]),
            (ymd(last, 11, 20), second, MINUTES[1]),
            (ymd(last + 1, 3, 19), third, MINUTES[2]),
            (ymd(this_year, 6, 18), fourth, MINUTES[3]),
        ];
        let mut previous: Option<Uuid> = None;
        for (day, items, minutes) in meetings {
            let id = self
                .demo_meeting(&diary, actor, day, &items, minutes, previous)
                .await?;
            previous = Some(id);
        }
        Ok(())
    }

    /// One meeting: scheduled three weeks ahead with the members of the day, its
    /// agenda, held, its earlier minutes approved, decided, and its minutes written.
    async fn demo_meeting(
        &self,
        diary: &Diary,
        actor: &Actor,
        day: NaiveDate,
        items: &[Item],
        minutes: &str,
        previous: Option<Uuid>,
    ) -> AppResult<Uuid> {
        let members = self.members_on(actor.org_id, day).await?;
        let input = MeetingInput {
            held_on: day.to_string(),
            place: "本庁舎 5階 特別会議室".into(),
            attendees: members.iter().map(|m| m.employee_number.clone()).collect(),
            guests: "事務局（情報政策課）".into(),
            ..MeetingInput::default()
        };
        let before = day - chrono::Duration::days(21);
        let id = diary.on(before, 60).schedule_meeting(actor, &input).await?;
        let mut item_ids = Vec::new();
        for item in items
            .iter()
            .filter(|i| i.kind == "other" || i.record.is_some())
        {
            let agenda = AgendaInput {
                kind: item.kind.into(),
                record: item.record.map(|r| r.0),
                version: item.record.and_then(|r| r.1),
                title: item.title.into(),
                note: String::new(),
            };
            let app = diary.on(before, 120);
            item_ids.push((app.add_agenda_item(actor, id, &agenda).await?, item));
        }
        diary.on(day, 360).hold_meeting(actor, id).await?;
        if let Some(p) = previous {
            diary
                .on(day, 370)
                .approve_minutes(actor, id, &MinutesApproval { meeting: p })
                .await?;
        }
        for (n, (item_id, item)) in item_ids.into_iter().enumerate() {
            let decision = CommitteeDecision {
                agenda_item: item_id,
                outcome: item.outcome.into(),
                text: item.text.into(),
                effective_on: item.effective_on.map(|d| d.to_string()).unwrap_or_default(),
                expires_on: item.expires_on.map(|d| d.to_string()).unwrap_or_default(),
            };
            let minutes = 380 + u32::try_from(n).unwrap_or(0) * 5;
            diary
                .on(day, minutes)
                .record_decision(actor, id, &decision)
                .await?;
        }
        let text = MinutesInput {
            minutes: minutes.into(),
        };
        diary
            .on(day + chrono::Duration::days(7), 60)
            .save_minutes(actor, id, &text)
            .await?;
        Ok(id)
    }

    /// Version 2 of the standards: drafted a month before `submitted`, then put to the
    /// committee. Returns the document.
    async fn demo_standards_v2(
        &self,
        diary: &Diary,
        actor: &Actor,
        submitted: NaiveDate,
    ) -> AppResult<Uuid> {
        let heads =
            mamori_store::policies::version_heads(self.store.conn(), actor.org_id, None).await?;
        let Some(v1) = heads.iter().find(|h| h.title == STANDARDS_TITLE) else {
            return Err(crate::AppError::NotFound);
        };
        let id = v1.document_id;
        let body = mamori_store::policies::get_version(self.store.conn(), actor.org_id, id, 1)
            .await?
            .map(|v| v.body)
            .unwrap_or_default();
        let drafted = submitted - chrono::Duration::days(30);
        let n = diary.on(drafted, 30).new_policy_draft(actor, id).await?;
        let draft = DraftInput {
            title: STANDARDS_TITLE.into(),
            body: format!("{body}\n\n{STANDARDS_ADDITION}"),
            note: "記録媒体の持ち出しを申請制とし、外部サービスの利用前確認を加えた。".into(),
        };
        diary
            .on(drafted, 90)
            .save_policy_draft(actor, id, n, &draft)
            .await?;
        diary
            .on(submitted, 60)
            .move_policy_version(actor, id, n, Some(mamori_domain::policy::Move::Submit))
            .await?;
        Ok(id)
    }
}

const STANDARDS_ADDITION: &str = "## 附則（令和8年4月改定）\n\n- 外部記録媒体の庁外への持ち出しは、情報セキュリティ管理者の承認を得て、持ち出し申請により記録する。\n- 外部サービスを利用する前に、所管課は取り扱う情報の分類と委託先の管理策を確認する。\n";

const MINUTES: [&str; 4] = [
    "## 出席\n\n委員長（CISO）、副委員長（統括情報セキュリティ責任者）、各部長。事務局：情報政策課。\n\n## 議事\n\n1. **令和7年度 情報セキュリティ監査計画** — 事務局から中長期計画（令和7〜9年度）と本年度の監査対象（市民課・税務課の窓口業務）を説明。原案どおり承認。\n\n## その他\n\n- 次回は11月に開催し、リスクの受容を審議する。\n",
    "## 出席\n\n委員長（CISO）、副委員長、各部長。事務局：情報政策課。\n\n## 議事\n\n1. **前回議事録の承認** — 原案どおり承認。\n2. **リスクの受容（2件）** — 所管課から残留リスクと代替策を説明。条件を付して受容を承認。受容の期限は令和9年3月31日。\n\n## その他\n\n- 監査の実地調査は11月に実施中。結果は3月の委員会で報告する。\n",
    "## 出席\n\n委員長（CISO）、副委員長、各部長、監査人（会計課）。事務局：情報政策課。\n\n## 議事\n\n1. **前回議事録の承認** — 原案どおり承認。\n2. **インシデントの報告** — CSIRT から基幹系システムの障害の経過、原因、再発防止策を報告。了承。\n3. **令和7年度 情報セキュリティ監査の結果** — 監査人から指摘事項6件（重大な不備1件）を報告。是正処置の計画とともに了承。\n4. **対策基準の改定** — 事務局から改定案を説明。原案どおり承認し、令和8年4月1日から施行する。\n",
    "## 出席\n\n委員長（CISO）、副委員長、各部長。事務局：情報政策課。\n\n## 議事\n\n1. **前回議事録の承認** — 原案どおり承認。\n2. **令和7年度 自己点検の結果** — 全14所属が提出。道路課・学校教育課に未実施の項目が多く、各部長から改善計画を次回報告する。了承。\n\n## その他\n\n- 基本方針の第3版の改定案を次回以降に審議する。\n",
];
