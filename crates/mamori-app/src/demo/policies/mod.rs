//! みどり市's information security policy, as it came to be: the basic policy enacted
//! in 2023 and revised in 2025 (version 2 in force), a third version in draft whose
//! difference the committee will read; the standards; two procedures, one for those
//! concerned only; and the acknowledgement of version 2 by every staff member, at
//! 87% with two departments lagging. The texts are in `texts/`, written for the demo.

use chrono::{Duration, NaiveDate};
use uuid::Uuid;

use super::diary::Diary;
use crate::authz::Actor;
use crate::policies::acks::CampaignInput;
use crate::policies::{ApprovalInput, DocumentInput, DraftInput};
use crate::{App, AppResult};

const BASIC_V1: &str = include_str!("texts/basic_v1.md");
const BASIC_V2: &str = include_str!("texts/basic_v2.md");
const BASIC_V3: &str = include_str!("texts/basic_v3_draft.md");
const STANDARDS: &str = include_str!("texts/standards.md");
const BACKUP: &str = include_str!("texts/procedure_backup.md");
const MAIL: &str = include_str!("texts/procedure_mail.md");

const BASIC_TITLE: &str = "みどり市情報セキュリティ基本方針";

/// The departments whose people are slow to acknowledge (税務課, 道路課).
const LAGGING: [&str; 2] = ["320", "710"];

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A committee decision: meeting, day, number and the day it takes effect.
struct Decision {
    meeting: &'static str,
    decided_on: NaiveDate,
    number: &'static str,
    effective_on: NaiveDate,
}

impl App {
    /// Loads the policy documents and the acknowledgement campaign (see the module
    /// documentation). Called by [`App::load_demo`] after the staff register.
    pub(super) async fn load_demo_policies(&self, actor: &Actor) -> AppResult<()> {
        let diary = Diary::new(self);
        let enacted = Decision {
            meeting: "令和4年度第4回情報セキュリティ委員会",
            decided_on: ymd(2023, 3, 20),
            number: "R4-07",
            effective_on: ymd(2023, 4, 1),
        };
        let basic = self
            .demo_document(
                &diary,
                actor,
                ("basic", BASIC_TITLE, "", "", BASIC_V1),
                &enacted,
            )
            .await?;
        let revised = Decision {
            meeting: "令和6年度第4回情報セキュリティ委員会",
            decided_on: ymd(2025, 3, 24),
            number: "R6-09",
            effective_on: ymd(2025, 4, 1),
        };
        let v2 = "委託事業者と外部サービスを対象に加え、CSIRT を明記し、地方自治法のサイバーセキュリティ確保方針として位置付けた。毎年度の見直しを定めた。";
        self.demo_revision(
            &diary,
            actor,
            basic,
            (BASIC_V2, v2),
            ymd(2025, 2, 3),
            Some(&revised),
        )
        .await?;
        let today = self.today();
        let v3 = "標的型攻撃メール訓練と、外部サービスを利用する前の確認を加え、遵守すべき法令に地方自治法を加えた。";
        self.demo_revision(
            &diary,
            actor,
            basic,
            (BASIC_V3, v3),
            today - Duration::days(20),
            None,
        )
        .await?;
        let standards_title = "みどり市情報セキュリティ対策基準";
        self.demo_document(
            &diary,
            actor,
            ("standards", standards_title, "", "", STANDARDS),
            &enacted,
        )
        .await?;
        let procedures = Decision {
            meeting: "令和6年度第4回情報セキュリティ委員会",
            decided_on: ymd(2025, 3, 24),
            number: "R6-10",
            effective_on: ymd(2025, 4, 1),
        };
        let backup = (
            "procedure",
            "基幹系システム バックアップ実施手順",
            "restricted",
            "130",
            BACKUP,
        );
        self.demo_document(&diary, actor, backup, &procedures)
            .await?;
        let mail = (
            "procedure",
            "個人情報を含むメール・FAX送信手順",
            "internal",
            "110",
            MAIL,
        );
        self.demo_document(&diary, actor, mail, &procedures).await?;
        self.demo_acknowledgements(&diary, actor, basic).await
    }

    /// A document drafted a month and a half before its decision, submitted, and
    /// approved. `(tier, title, disclosure, department code, text)`.
    async fn demo_document(
        &self,
        diary: &Diary,
        actor: &Actor,
        (tier, title, disclosure, department, body): (&str, &str, &str, &str, &str),
        d: &Decision,
    ) -> AppResult<Uuid> {
        let input = DocumentInput {
            tier: tier.into(),
            title: title.into(),
            disclosure: disclosure.into(),
            department: department.into(),
            body: body.into(),
            ..DocumentInput::default()
        };
        let id = diary
            .on(d.decided_on - Duration::days(45), 30)
            .create_policy_document(actor, &input)
            .await?;
        self.demo_decide(diary, actor, id, 1, d).await?;
        Ok(id)
    }

    /// The next version of a document, drafted on `drafted`; decided when `d` says.
    async fn demo_revision(
        &self,
        diary: &Diary,
        actor: &Actor,
        id: Uuid,
        (body, note): (&str, &str),
        drafted: NaiveDate,
        d: Option<&Decision>,
    ) -> AppResult<()> {
        let app = diary.on(drafted, 30);
        let n = app.new_policy_draft(actor, id).await?;
        let draft = DraftInput {
            title: BASIC_TITLE.into(),
            body: body.into(),
            note: note.into(),
        };
        diary
            .on(drafted, 120)
            .save_policy_draft(actor, id, n, &draft)
            .await?;
        if let Some(d) = d {
            self.demo_decide(diary, actor, id, n, d).await?;
        }
        Ok(())
    }

    /// Submitted two weeks before the meeting, approved at it.
    async fn demo_decide(
        &self,
        diary: &Diary,
        actor: &Actor,
        id: Uuid,
        n: i32,
        d: &Decision,
    ) -> AppResult<()> {
        diary
            .on(d.decided_on - Duration::days(14), 60)
            .move_policy_version(actor, id, n, Some(mamori_domain::policy::Move::Submit))
            .await?;
        let approval = ApprovalInput {
            meeting: d.meeting.into(),
            decided_on: d.decided_on.to_string(),
            decision_no: d.number.into(),
            effective_on: d.effective_on.to_string(),
        };
        diary
            .on(d.decided_on, 240)
            .approve_policy_version(actor, id, n, &approval)
            .await
    }

    /// Everyone asked to acknowledge version 2 six weeks ago, due a fortnight ago:
    /// most did within the first weeks; in two departments only about half.
    async fn demo_acknowledgements(
        &self,
        diary: &Diary,
        actor: &Actor,
        basic: Uuid,
    ) -> AppResult<()> {
        let started = self.today() - Duration::days(45);
        let input = CampaignInput {
            due_on: (started + Duration::days(30)).to_string(),
            ..CampaignInput::default()
        };
        let campaign = diary
            .on(started, 0)
            .start_ack_campaign(actor, basic, 2, &input)
            .await?;
        let depts = self.dept_tree(actor.org_id).await?;
        let lagging: Vec<Uuid> = LAGGING
            .iter()
            .filter_map(|c| depts.by_code(c).map(|d| d.id))
            .collect();
        let start = self.now() - Duration::days(45);
        // The demo's own sign-ins have not acknowledged yet, so whoever explores the
        // demo can try it.
        let logins = mamori_store::users::all(self.store.conn(), actor.org_id).await?;
        let given: Vec<(Uuid, chrono::DateTime<chrono::Utc>)> = self
            .ack_bound(actor.org_id, campaign)
            .await?
            .into_iter()
            .filter(|(staff, _)| !logins.iter().any(|u| u.staff_id == *staff))
            .enumerate()
            .filter(|(i, (_, dept))| {
                let slow = dept.is_some_and(|d| lagging.contains(&d));
                if slow { i % 2 == 0 } else { i % 30 != 5 }
            })
            .map(|(i, (staff, _))| {
                let minutes = i64::try_from(i).unwrap_or(0) * 97 % (28 * 24 * 60);
                (staff, start + Duration::minutes(minutes))
            })
            .collect();
        self.record_acks_at_once(actor, campaign, &given).await
    }
}
