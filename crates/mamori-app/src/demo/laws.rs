//! みどり市's laws and obligations register: the standard set seeded when the city was
//! set up, given owning departments, most obligations linked to the MIC guideline's
//! controls the city applies (a few left unlinked, as an audit would find them), a year
//! of reviews (one law due soon, one overdue), and the 2024 amendment of the Local
//! Autonomy Act recorded and waiting for its review.

use chrono::Duration;

use super::diary::Diary;
use crate::authz::Actor;
use crate::compliance::laws::{AmendmentInput, LawInput, LawReviewInput, ObligationInput};
use crate::{App, AppResult};

/// `(standard key, owning department, what meets each obligation in order, days since
/// the last review)`. An empty list leaves that obligation unlinked.
type Plan = (
    &'static str,
    &'static str,
    &'static [&'static [&'static str]],
    i64,
);

const PLANS: [Plan; 14] = [
    (
        "appi",
        "110",
        &[
            &["MIC-2.2.2"],
            &["MIC-2.2.3", "MIC-8.1.3"],
            &["MIC-7.3.2"],
            &[],
        ],
        340,
    ),
    ("appi_ordinance", "110", &[&[], &[]], 200),
    (
        "my_number",
        "310",
        &[
            &["MIC-8.1.4", "MIC-8.1.3"],
            &["MIC-2.2.2"],
            &[],
            &["MIC-7.3.2"],
        ],
        400,
    ),
    (
        "local_autonomy",
        "130",
        &[&["MIC-9.3.1"], &["MIC-6.3.1"]],
        980,
    ),
    ("cybersecurity_basic", "130", &[&["MIC-1.3.2"]], 100),
    (
        "unauthorized_access",
        "130",
        &[&["MIC-6.2.4", "MIC-5.4.3"], &["MIC-6.5.2"]],
        100,
    ),
    (
        "local_public_service",
        "120",
        &[&["MIC-5.1.4"], &["MIC-5.1.1"], &["MIC-7.6.2"]],
        150,
    ),
    (
        "copyright",
        "130",
        &[&["MIC-7.5.2", "MIC-6.1.5"], &["MIC-7.5.2"]],
        150,
    ),
    ("system_standardization", "130", &[&["MIC-6.3.1"]], 60),
    ("public_records", "110", &[&[]], 60),
    ("disclosure_ordinance", "110", &[&[], &["MIC-2.1.1"]], 60),
    (
        "records_rule",
        "110",
        &[&["MIC-2.2.1"], &["MIC-2.1.3"], &["MIC-2.2.4"]],
        60,
    ),
    (
        "security_policy",
        "130",
        &[
            &["MIC-5.1.1"],
            &["MIC-5.3.1"],
            &["MIC-5.2.1"],
            &["MIC-9.3.1"],
        ],
        30,
    ),
    (
        "mic_guideline",
        "130",
        &[&["MIC-9.3.1"], &["MIC-9.3.1"]],
        30,
    ),
];

impl App {
    /// Keeps the seeded register as the city would have (see the module
    /// documentation). Called after the departments and the controls.
    pub(super) async fn load_demo_laws(&self, actor: &Actor) -> AppResult<()> {
        let diary = Diary::new(self);
        let today = self.today();
        let conn = self.store.conn();
        let depts = mamori_store::departments::all(conn, actor.org_id).await?;
        let laws = mamori_store::compliance::laws::all(conn, actor.org_id).await?;
        for (key, owner, links, ago) in PLANS {
            let Some(law) = laws.iter().find(|l| l.standard_key == key) else {
                continue;
            };
            let input = LawInput {
                title: law.title.clone(),
                kind: law.kind.clone(),
                reference: law.reference.clone(),
                owner_department: depts.iter().find(|d| d.code == owner).map(|d| d.id),
                applies_all: true,
                departments: Vec::new(),
                review_months: law.review_months as u32,
                next_review: String::new(),
                notes: String::new(),
            };
            self.update_law(actor, law.id, &input).await?;
            let obligations =
                mamori_store::compliance::laws::obligations(conn, actor.org_id, Some(law.id))
                    .await?;
            for (o, met_by) in obligations.iter().zip(links) {
                if met_by.is_empty() {
                    continue;
                }
                let input = ObligationInput {
                    article: o.article.clone(),
                    duty: o.duty.clone(),
                    links: met_by
                        .iter()
                        .map(|c| format!("mic-guideline:{c}"))
                        .collect(),
                };
                self.update_obligation(actor, law.id, o.id, &input).await?;
            }
            let on = today - Duration::days(ago);
            let review = LawReviewInput {
                reviewed_on: on.to_string(),
                finding: "義務の内容と対応する管理策を確認した。変更なし。".into(),
            };
            diary
                .on(on, 120)
                .record_law_review(actor, law.id, &review)
                .await?;
            if key == "local_autonomy" {
                let amendment = AmendmentInput {
                    promulgated_on: "2024-06-26".into(),
                    effective_on: "2026-04-01".into(),
                    reference: "令和6年法律第65号".into(),
                    summary: "情報システムの利用に関する章を新設し、サイバーセキュリティを確保するための方針の策定と、それに基づく措置を地方公共団体に義務付けた。".into(),
                };
                diary
                    .on(today - Duration::days(20), 60)
                    .record_amendment(actor, law.id, &amendment)
                    .await?;
            }
        }
        Ok(())
    }
}
