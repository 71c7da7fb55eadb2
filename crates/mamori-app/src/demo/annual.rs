//! The demo's annual report for 令和7年度: the risk posture recorded at the start of
//! each year, and the committee's text of the report, left as a draft for the CISO
//! to read, change and issue.

use chrono::NaiveDate;
use mamori_domain::review::annual::Sections;

use crate::authz::Actor;
use crate::{App, AppResult};

const OVERVIEW: &str = "令和7年度は、情報資産台帳の全庁整備を終え、全課室が自己点検を提出した。\n重大なインシデントはなかったが、誤送信など人為的な事故が続いており、研修と手順の見直しを進めた。";
const EVALUATION: &str = "内部監査の指摘6件のうち是正処置2件が期限を過ぎている。道路課と学校教育課の自己点検で未実施の項目が多く、重点的な支援が必要である。";
const NEXT_YEAR: &str =
    "1. 是正処置の期限内の完了\n2. メール誤送信対策の徹底\n3. 未実施項目の多い課への個別支援";

impl App {
    pub(super) async fn load_demo_annual(&self, actor: &Actor) -> AppResult<()> {
        for year in [2025, 2026] {
            let start = NaiveDate::from_ymd_opt(year, 4, 1).unwrap_or_default();
            if start <= self.today() {
                self.take_risk_posture(actor.org_id, year, start).await?;
            }
        }
        let sections = Sections {
            overview: OVERVIEW.into(),
            evaluation: EVALUATION.into(),
            next_year: NEXT_YEAR.into(),
        };
        self.save_report_sections(actor, 2025, sections).await
    }
}
