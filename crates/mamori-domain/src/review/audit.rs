//! Internal audits (情報セキュリティ監査): a programme of several years, audits planned
//! in it by fiscal year, each with its scope, criteria, schedule and auditors; the
//! findings (指摘事項) graded on the organization's scale, answered by the audited
//! department; corrective actions (是正処置) planned, reported done, verified by the
//! auditor. An outside auditor's report is entered as an external audit.
//!
//! Independence: an auditor does not audit their own department (the department they
//! belong to, or one above it in scope), unless the exception is recorded with a reason.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::Problem;
use crate::labelled::labelled_enum;

labelled_enum! {
    /// Who audits.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum AuditKind {
        Internal => ("internal", "内部監査", "Internal audit", ["内部"]),
        External => ("external", "外部監査", "External audit", ["外部", "外部監査・検査"]),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("監査の種類が選ばれていません。", "The kind of audit is empty."),
        unknown: choices("監査の種類", "a kind of audit"),
    }
}

labelled_enum! {
    /// Where an audit stands; it only moves forward.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum AuditState {
        Planned => ("planned", "計画", "Planned"),
        Fieldwork => ("fieldwork", "実施中", "Fieldwork"),
        Reporting => ("reporting", "報告", "Reporting"),
        Closed => ("closed", "完了", "Closed"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("監査の段階が選ばれていません。", "The audit's stage is empty."),
        unknown: choices("監査の段階", "an audit stage"),
    }
}

impl AuditState {
    /// The stage after this one.
    pub fn next(self) -> Option<AuditState> {
        match self {
            AuditState::Planned => Some(AuditState::Fieldwork),
            AuditState::Fieldwork => Some(AuditState::Reporting),
            AuditState::Reporting => Some(AuditState::Closed),
            AuditState::Closed => None,
        }
    }

    /// Findings are recorded during fieldwork and while the report is written.
    pub fn takes_findings(self) -> bool {
        matches!(self, AuditState::Fieldwork | AuditState::Reporting)
    }
}

labelled_enum! {
    /// How serious a finding is, on the scale the MIC guideline's examples use.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Grade {
        Major => ("major", "重大な不備", "Major nonconformity", ["重大"]),
        Minor => ("minor", "軽微な不備", "Minor nonconformity", ["軽微"]),
        Improvement => ("improvement", "改善提案", "Opportunity for improvement", ["改善"]),
        Good => ("good", "良好事例", "Good practice", ["良好"]),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("指摘の区分が選ばれていません。", "The grade is empty."),
        unknown: choices("指摘の区分", "a grade"),
    }
}

impl Grade {
    /// A nonconformity is corrected: it closes only once every action is verified,
    /// and it has at least one.
    pub fn needs_action(self) -> bool {
        matches!(self, Grade::Major | Grade::Minor)
    }
}

labelled_enum! {
    /// Where a corrective action stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ActionState {
        Planned => ("planned", "実施予定", "Planned"),
        Done => ("done", "完了報告", "Reported done"),
        Verified => ("verified", "確認済み", "Verified"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("是正処置の状態が選ばれていません。", "The action's state is empty."),
        unknown: choices("是正処置の状態", "an action state"),
    }
}

/// A corrective action not verified and past its due day.
pub fn action_overdue(state: ActionState, due_on: NaiveDate, today: NaiveDate) -> bool {
    state == ActionState::Planned && due_on < today
}

/// A corrective action is due on or after the day of its finding.
pub fn check_action_due(found_on: NaiveDate, due_on: NaiveDate) -> Result<(), Problem> {
    if due_on < found_on {
        return Err(Problem::new(
            format!("是正処置の期限は指摘日（{found_on}）以降にしてください。"),
            format!("The action is due on or after the finding's day ({found_on})."),
        ));
    }
    Ok(())
}

/// Whether an auditor from `auditor_department` would audit their own department: it
/// is one of the departments in scope or lies beneath one (`in_scope` holds every
/// department of the scope's subtrees).
pub fn audits_own_department(auditor_department: Option<Uuid>, in_scope: &HashSet<Uuid>) -> bool {
    auditor_department.is_some_and(|d| in_scope.contains(&d))
}

/// The plan's dates: the fieldwork ends on or after it starts, within three years.
pub fn check_schedule(from: NaiveDate, until: NaiveDate) -> Result<(), Problem> {
    if until < from {
        return Err(Problem::new(
            "終了日は開始日以降にしてください。",
            "The audit ends on or after it starts.",
        ));
    }
    if (until - from).num_days() > 3 * 366 {
        return Err(Problem::new(
            "監査の期間は3年以内にしてください。",
            "An audit lasts at most three years.",
        ));
    }
    Ok(())
}

/// A programme covers consecutive fiscal years, at most ten.
pub fn check_programme_years(from: i32, until: i32) -> Result<(), Problem> {
    if until < from {
        return Err(Problem::new(
            "終了年度は開始年度以降にしてください。",
            "The last year is the first or later.",
        ));
    }
    if until - from >= 10 {
        return Err(Problem::new(
            "中長期計画は10年以内にしてください。",
            "A programme covers at most ten years.",
        ));
    }
    Ok(())
}
