//! みどり市's violation records, which only the CISO (and the deputy CISO) see: three
//! of different culpability and impact — a careless mis-sent mail (negligence ×
//! minor: caution), a shared password that let a contractor's person into the tax
//! system (gross negligence × significant), and residents' data copied to a private
//! USB memory on purpose (intent × serious, reported to the appointing authority).

use chrono::Duration;

use super::diary::Diary;
use crate::authz::Actor;
use crate::compliance::violations::{AssessInput, DecideInput, MeasureInput, ViolationInput};
use crate::{App, AppResult};

/// `(title, what, rule, culpability, impact, days ago, decided and closed)`.
const VIOLATIONS: [(&str, &str, &str, &str, &str, i64, bool); 3] = [
    (
        "宛先確認を怠ったメールの誤送信",
        "税務課の職員が、住民 1 名の納税通知の写しを別の住民に誤ってメールで送った。受信者は直ちに削除し、二次被害はない。",
        "mic-guideline:MIC-4.4.1",
        "negligence",
        "minor",
        75,
        true,
    ),
    (
        "パスワードの共有による委託先担当者の税務システムへのアクセス",
        "職員が自分のパスワードを保守作業中の委託先担当者に口頭で伝え、担当者が権限外の画面を閲覧した。",
        "mic-guideline:MIC-6.3.1",
        "gross_negligence",
        "significant",
        40,
        false,
    ),
    (
        "住民情報の私用 USB メモリへの複製",
        "職員が国民健康保険の被保険者一覧を私用の USB メモリに複製して持ち帰った。端末の操作ログから判明した。",
        "mic-guideline:MIC-3.1.1",
        "intent",
        "serious",
        12,
        false,
    ),
];

impl App {
    /// Loads the violation records (see the module documentation). Called after the
    /// staff register and the assets.
    pub(super) async fn load_demo_violations(&self, actor: &Actor) -> AppResult<()> {
        let diary = Diary::new(self);
        let today = self.today();
        let conn = self.store.conn();
        // People of 税務課, 情報政策課 and 国保年金課, in that order.
        let depts = mamori_store::departments::all(conn, actor.org_id).await?;
        let staff = mamori_store::staff::all(
            conn,
            actor.org_id,
            &mamori_store::staff::StaffFilter::default(),
        )
        .await?;
        let logins = mamori_store::users::all(conn, actor.org_id).await?;
        let person = |code: &str| {
            let d = depts.iter().find(|d| d.code == code)?;
            staff
                .iter()
                .filter(|s| s.department_id == Some(d.id) && !s.retired)
                .find(|s| !logins.iter().any(|u| u.staff_id == s.id))
                .map(|s| s.employee_number.clone())
        };
        for ((title, what, rule, culpability, impact, ago, closed), dept) in
            VIOLATIONS.into_iter().zip(["320", "130", "330"])
        {
            let found = today - Duration::days(ago);
            let input = ViolationInput {
                title: title.into(),
                employee_number: person(dept).unwrap_or_default(),
                person_name: if person(dept).is_none() {
                    "（氏名非公表）".into()
                } else {
                    String::new()
                },
                rule: rule.into(),
                what: what.into(),
                occurred_on: (found - Duration::days(2)).to_string(),
                found_on: found.to_string(),
                found_by: "情報政策課".into(),
                evidence: "操作ログ、本人及び関係者からの聴取記録".into(),
                confirmed: true,
                ..ViolationInput::default()
            };
            let id = diary.on(found, 60).record_violation(actor, &input).await?;
            let assess = AssessInput {
                culpability: culpability.into(),
                impact: impact.into(),
                note: "聴取の結果に基づく。".into(),
            };
            diary
                .on(found + Duration::days(3), 60)
                .assess_violation(actor, id, &assess)
                .await?;
            if closed {
                let decide = DecideInput {
                    decided_by: "最高情報セキュリティ責任者".into(),
                    decision_ref: "情セ第2号".into(),
                    decided_on: (found + Duration::days(10)).to_string(),
                    decision: "所属長から注意・指導を行う。".into(),
                    ..DecideInput::default()
                };
                let app = diary.on(found + Duration::days(10), 90);
                app.decide_violation(actor, id, &decide).await?;
                let caution = MeasureInput {
                    measure: "caution".into(),
                    done_on: (found + Duration::days(12)).to_string(),
                    note: "税務課長から指導".into(),
                };
                app.record_measure(actor, id, &caution).await?;
                app.close_violation(actor, id, false).await?;
            }
        }
        Ok(())
    }
}
