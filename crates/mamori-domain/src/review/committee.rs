//! The security committee (情報セキュリティ委員会, policy §6): its meetings, the
//! agenda items that bring records before it, the numbered decisions (議決) it takes on
//! them, and the minutes (議事録) approved at the next meeting.
//!
//! A decision on a policy version or a risk acceptance changes that record; the rules
//! here say which outcomes each kind of item may have and how decisions are numbered.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::labelled::labelled_enum;

labelled_enum! {
    /// Whether a meeting has taken place.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum MeetingState {
        Scheduled => ("scheduled", "開催予定", "Scheduled"),
        Held => ("held", "開催済み", "Held"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("会議の状態が選ばれていません。", "The meeting's state is empty."),
        unknown: choices("会議の状態", "a meeting state"),
    }
}

labelled_enum! {
    /// What an agenda item brings before the committee.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum AgendaKind {
        PolicyVersion => ("policy_version", "規程の改定（承認）", "Policy version for approval", ["規程", "ポリシー"]),
        RiskAcceptance => ("risk_acceptance", "リスクの受容", "Risk acceptance", ["リスク受容"]),
        Exception => ("exception", "例外の審議", "Exception", ["例外"]),
        AuditReport => ("audit_report", "監査結果の報告", "Audit report", ["監査報告", "監査"]),
        Violation => ("violation", "違反への対応", "Violation", ["違反"]),
        Incident => ("incident", "インシデントの報告", "Incident report", ["インシデント"]),
        Other => ("other", "その他", "Other"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("議題の種類が選ばれていません。", "The kind of agenda item is empty."),
        unknown: choices("議題の種類", "a kind of agenda item"),
    }
}

labelled_enum! {
    /// What the committee decided on an item.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Outcome {
        Approved => ("approved", "承認", "Approved", ["可決", "承認する"]),
        Noted => ("noted", "了承", "Noted", ["報告了承"]),
        Rejected => ("rejected", "否決", "Rejected", ["不承認"]),
        Deferred => ("deferred", "継続審議", "Deferred", ["継続"]),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("決定の内容が選ばれていません。", "The outcome is empty."),
        unknown: choices("決定の内容", "an outcome"),
    }
}

impl AgendaKind {
    /// Every kind but `Other` names the record it brings.
    pub fn links_record(self) -> bool {
        self != AgendaKind::Other
    }

    /// The outcomes a decision on this kind of item may have. Reports are noted; a
    /// version or a risk is approved (which changes it) or not.
    pub fn outcomes(self) -> &'static [Outcome] {
        use Outcome::*;
        match self {
            AgendaKind::PolicyVersion | AgendaKind::RiskAcceptance => {
                &[Approved, Rejected, Deferred]
            }
            AgendaKind::AuditReport | AgendaKind::Incident => &[Noted, Deferred],
            AgendaKind::Exception | AgendaKind::Violation | AgendaKind::Other => {
                &[Approved, Noted, Rejected, Deferred]
            }
        }
    }

    /// A decision of this outcome changes the linked record in the same write.
    pub fn changes_record(self, outcome: Outcome) -> bool {
        matches!(
            (self, outcome),
            (
                AgendaKind::PolicyVersion,
                Outcome::Approved | Outcome::Rejected
            ) | (AgendaKind::RiskAcceptance, Outcome::Approved)
        )
    }
}

/// Refuses an outcome the item's kind does not take.
pub fn check_outcome(kind: AgendaKind, outcome: Outcome) -> Result<(), Problem> {
    if kind.outcomes().contains(&outcome) {
        return Ok(());
    }
    let allowed: Vec<&str> = kind.outcomes().iter().map(|o| o.label_ja()).collect();
    let allowed_en: Vec<&str> = kind.outcomes().iter().map(|o| o.label_en()).collect();
    Err(Problem::new(
        format!(
            "「{}」の議題には「{}」のいずれかを決定してください。",
            kind.label_ja(),
            allowed.join("」「")
        ),
        format!(
            "An item of kind “{}” is decided as one of: {}.",
            kind.label_en(),
            allowed_en.join(", ")
        ),
    ))
}

/// A decision's number: the fiscal year and its order in that year, `2026-03`.
pub fn decision_number(fiscal_year: i32, seq: i32) -> String {
    format!("{fiscal_year}-{seq:02}")
}

/// The order the next decision (or meeting) of a year takes, after those given.
pub fn next_seq(taken: impl IntoIterator<Item = i32>) -> i32 {
    taken.into_iter().max().unwrap_or(0) + 1
}

/// What approving a meeting's minutes depends on.
#[derive(Debug, Clone, Copy)]
pub struct MinutesFacts<'a> {
    pub state: MeetingState,
    pub held_on: NaiveDate,
    pub minutes: &'a str,
    pub approved: bool,
}

/// Minutes are approved once, at a later meeting that has been held, and only once
/// written.
pub fn check_minutes_approval(
    minutes_of: MinutesFacts<'_>,
    at: MinutesFacts<'_>,
) -> Result<(), Problem> {
    if minutes_of.approved {
        return Err(Problem::new(
            "この議事録は承認済みです。",
            "These minutes are already approved.",
        ));
    }
    if minutes_of.state != MeetingState::Held || minutes_of.minutes.trim().is_empty() {
        return Err(Problem::new(
            "開催済みで議事録が記録された会議だけが承認できます。",
            "Only the minutes of a meeting that was held and whose minutes are written can be approved.",
        ));
    }
    if at.state != MeetingState::Held || at.held_on <= minutes_of.held_on {
        return Err(Problem::new(
            "議事録は、その後に開催された会議で承認してください。",
            "Minutes are approved at a later meeting that has been held.",
        ));
    }
    Ok(())
}

/// A meeting is held on the day it was scheduled or later, never in the future; a
/// decision is recorded only once the meeting is held.
pub fn check_held(scheduled: NaiveDate, today: NaiveDate) -> Result<(), Problem> {
    if scheduled > today {
        return Err(Problem::new(
            format!("開催日（{scheduled}）より前に開催済みにはできません。"),
            format!("The meeting is on {scheduled}; it cannot be marked held before then."),
        ));
    }
    Ok(())
}
