//! みどり市's internal audits: a programme for 令和7〜9年度; last year's audit of the
//! counters that handle residents' data (市民課, 税務課), done by the two 会計課 staff
//! who double as auditors, with six findings (one major, two minor, two suggestions,
//! one good practice), their answers and corrective actions (two of them overdue, one
//! waiting for the auditor's follow-up), reported and closed; and this year's audit of
//! the information policy section's server room, in fieldwork.

use chrono::{Duration, NaiveDate};
use mamori_domain::Role;

use super::diary::Diary;
use crate::authz::Actor;
use crate::review::audit::{
    ActionReport, ActionVerification, AuditInput, AuditorInput, CorrectiveActionInput,
    FindingResponse, NewFinding, ProgrammeInput,
};
use crate::{App, AppError, AppResult};

/// A finding of last year's audit: grade, department, criterion, what was found, the
/// department's answer, and its actions as (cause, action, days from today it is due,
/// what became of it).
struct Found {
    grade: &'static str,
    department: &'static str,
    criterion: &'static str,
    description: &'static str,
    response: &'static str,
    actions: &'static [(&'static str, &'static str, i64, Outcome)],
}

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Verified,
    Reported,
    Open,
}

const FINDINGS: [Found; 6] = [
    Found {
        grade: "major",
        department: "320",
        criterion: "mic-guideline:MIC-6.1.3 アクセス権限の見直し",
        description: "異動した職員3名の税務システムの利用者IDが、異動後5か月間有効なまま残っていた。",
        response: "異動時の削除依頼が人事異動の連絡に連動していなかった。手順を改め、全IDを棚卸しする。",
        actions: &[
            (
                "異動連絡と利用者ID削除の手順が連動していない",
                "人事課の異動連絡を受けて5日以内に削除する手順を定める",
                -200,
                Outcome::Verified,
            ),
            (
                "定期的な棚卸しがない",
                "四半期ごとに利用者IDの棚卸しを行い記録する",
                -20,
                Outcome::Open,
            ),
        ],
    },
    Found {
        grade: "minor",
        department: "310",
        criterion: "mic-guideline:MIC-4.2.1 クリアデスク",
        description: "窓口の後方の机上に、住民票の写しの交付申請書が終業後も置かれていた。",
        response: "終業時の確認を係長が行うこととした。",
        actions: &[(
            "終業時の確認者が決まっていない",
            "係長が終業時に机上を確認し、チェック表に記録する",
            -150,
            Outcome::Verified,
        )],
    },
    Found {
        grade: "minor",
        department: "320",
        criterion: "情報セキュリティ対策基準 第5章 外部記録媒体の管理",
        description: "USBメモリの持ち出し簿に返却日の記載漏れが4件あった。",
        response: "持ち出し簿を Mamori の持ち出し申請に移行する。",
        actions: &[(
            "紙の持ち出し簿で返却の確認が漏れた",
            "持ち出しを Mamori の申請と承認に移行し、紙の簿冊を廃止する",
            -45,
            Outcome::Open,
        )],
    },
    Found {
        grade: "improvement",
        department: "310",
        criterion: "mic-guideline:MIC-5.1.2 研修",
        description: "会計年度任用職員向けの研修が採用時に限られている。年度途中の採用者への実施方法を検討されたい。",
        response: "採用月ごとに動画研修を受講させる。",
        actions: &[(
            "年度途中の採用者に研修の機会がない",
            "採用月に動画研修を受講させ、受講記録を残す",
            30,
            Outcome::Reported,
        )],
    },
    Found {
        grade: "improvement",
        department: "320",
        criterion: "mic-guideline:MIC-7.2.1 ログの確認",
        description: "税務システムの操作ログの確認が担当者任せになっている。確認の頻度と記録方法を定めることが望ましい。",
        response: "",
        actions: &[],
    },
    Found {
        grade: "good",
        department: "310",
        criterion: "mic-guideline:MIC-4.1.1 管理区域",
        description: "証明書発行端末の周囲に来庁者が立ち入れない動線が整えられており、他課の参考になる。",
        response: "",
        actions: &[],
    },
];

impl App {
    pub(super) async fn load_demo_audits(&self, actor: &Actor) -> AppResult<()> {
        let diary = Diary::new(self);
        let today = self.today();
        let this_year = mamori_domain::wareki::fiscal_year(today);
        let last_year = this_year - 1;
        let conn = self.store.conn();
        let auditors: Vec<String> = {
            let ids = self
                .holders_today(actor.org_id, &[Role::Auditor], None)
                .await?;
            let mut staff = mamori_store::staff::by_ids(conn, actor.org_id, &ids).await?;
            staff.sort_by(|a, b| a.employee_number.cmp(&b.employee_number));
            staff.into_iter().map(|s| s.employee_number).collect()
        };
        let on = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(today);
        let programme = ProgrammeInput {
            name: format!(
                "情報セキュリティ監査 中長期計画（{}〜{}）",
                mamori_domain::wareki::fiscal_year_label(last_year),
                mamori_domain::wareki::fiscal_year_label(last_year + 2)
            ),
            from_year: last_year.to_string(),
            until_year: (last_year + 2).to_string(),
            aims: "3年間で全部局を一巡する。1年目は個人情報を多く扱う窓口、2年目は情報システムと管理区域、3年目は委託先管理と外部サービス。".into(),
        };
        let programme = diary
            .on(on(last_year, 4, 10), 0)
            .create_programme(actor, &programme)
            .await?;
        let team = |lead_only: bool| -> Vec<AuditorInput> {
            auditors
                .iter()
                .take(if lead_only { 1 } else { 2 })
                .enumerate()
                .map(|(n, s)| AuditorInput {
                    staff: s.clone(),
                    lead: n == 0,
                    own_department_reason: String::new(),
                })
                .collect()
        };
        let plan = AuditInput {
            programme: Some(programme),
            kind: "internal".into(),
            title: "個人情報を扱う窓口業務の監査".into(),
            departments: vec!["310".into(), "320".into()],
            chapters: vec!["MIC-4".into(), "MIC-5".into(), "MIC-6".into()],
            criteria:
                "情報セキュリティ対策基準（人的・物理的・技術的対策）、個人情報の保護に関する法律"
                    .into(),
            planned_from: on(last_year, 11, 4).to_string(),
            planned_until: on(last_year, 11, 28).to_string(),
            auditors: team(false),
            ..AuditInput::default()
        };
        let id = diary
            .on(on(last_year, 10, 1), 0)
            .create_audit(actor, &plan)
            .await?;
        diary
            .on(on(last_year, 11, 4), 0)
            .advance_audit(actor, id)
            .await?;
        for (n, f) in FINDINGS.iter().enumerate() {
            let found = on(last_year, 11, 10) + Duration::days(n as i64);
            let input = NewFinding {
                grade: f.grade.into(),
                department: f.department.into(),
                criterion: f.criterion.into(),
                description: f.description.into(),
                found_on: found.to_string(),
            };
            let fid = diary
                .on(found, 60)
                .record_audit_finding(actor, id, &input)
                .await?;
            if !f.response.is_empty() {
                let r = FindingResponse {
                    response: f.response.into(),
                };
                diary
                    .on(found + Duration::days(14), 0)
                    .respond_to_finding(actor, fid, &r)
                    .await?;
            }
            for (cause, action, due, outcome) in f.actions {
                let input = CorrectiveActionInput {
                    cause: (*cause).into(),
                    action: (*action).into(),
                    due_on: (today + Duration::days(*due)).to_string(),
                    ..CorrectiveActionInput::default()
                };
                let app = diary.on(found + Duration::days(14), 30);
                let aid = app.plan_corrective_action(actor, fid, &input).await?;
                if *outcome == Outcome::Open {
                    continue;
                }
                let done_on = (today + Duration::days(*due) - Duration::days(7)).min(today);
                let report = ActionReport {
                    note: "実施し、記録を保管した。".into(),
                };
                diary
                    .on(done_on, 0)
                    .report_action_done(actor, aid, &report)
                    .await?;
                if *outcome == Outcome::Verified {
                    let ok = ActionVerification {
                        accept: true,
                        note: "記録を確認した。".into(),
                    };
                    diary
                        .on(done_on + Duration::days(10), 0)
                        .verify_action(actor, aid, &ok)
                        .await?;
                }
            }
            let all_verified = f.actions.iter().all(|a| a.3 == Outcome::Verified);
            if f.grade == "good" || (f.grade == "minor" && all_verified && !f.actions.is_empty()) {
                diary
                    .on(today - Duration::days(60), 0)
                    .close_finding(actor, fid)
                    .await?;
            }
        }
        diary
            .on(on(last_year, 12, 10), 0)
            .advance_audit(actor, id)
            .await?;
        let report = AuditInput {
            summary: "窓口業務の個人情報の取扱いは概ね適切であるが、税務課の利用者IDの管理に重大な不備があった。是正処置の完了を次年度の監査で確認する。".into(),
            ..plan
        };
        diary
            .on(on(last_year + 1, 1, 15), 0)
            .update_audit(actor, id, &report)
            .await?;
        diary
            .on(on(last_year + 1, 1, 20), 0)
            .advance_audit(actor, id)
            .await?;

        // This year's, in fieldwork.
        let plan = AuditInput {
            programme: Some(programme),
            kind: "internal".into(),
            title: "情報システム室と管理区域の物理的対策の監査".into(),
            departments: vec!["130".into()],
            systems: self
                .demo_asset_numbers(
                    actor,
                    &["ディレクトリサービス（認証基盤）", "バックアップソフト"],
                )
                .await?,
            chapters: vec!["MIC-4".into()],
            criteria: "情報セキュリティ対策基準 第4章（物理的セキュリティ）".into(),
            planned_from: (today - Duration::days(10)).to_string(),
            planned_until: (today + Duration::days(20)).to_string(),
            auditors: team(true),
            ..AuditInput::default()
        };
        let id = diary
            .on(today - Duration::days(40), 0)
            .create_audit(actor, &plan)
            .await?;
        diary
            .on(today - Duration::days(10), 0)
            .advance_audit(actor, id)
            .await?;
        if auditors.is_empty() {
            return Err(AppError::Internal("the demo city has no auditors".into()));
        }
        Ok(())
    }
}
