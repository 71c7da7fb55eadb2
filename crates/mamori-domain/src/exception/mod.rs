//! Exceptions to the standards (例外措置): a department's approved departure from one
//! rule, for a stated period, with measures that make up for it.
//!
//! The MIC guideline lets a body depart from its standards where complying is
//! impossible or unreasonable, provided the departure is approved, limited in time and
//! recorded. So an exception names the one rule it departs from ([`RuleRef`]), always
//! has an end, and is decided by the role the organization designates. An urgent one is
//! taken first and reported for approval afterwards (事後報告) within a set number of
//! days. Where an exception stands on a day ([`standing`]) follows from its decision
//! and its dates; nothing about expiry is stored.

use std::fmt;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::labelled::labelled_enum;
use crate::role::Role;
use crate::wareki::format_western;

labelled_enum! {
    /// What has been decided about an exception (stored).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum State {
        /// Asked for, waiting for the decision.
        Requested => ("requested", "申請中", "Requested"),
        /// Taken at once in an emergency, to be reported for approval afterwards.
        Urgent => ("urgent", "緊急実施（事後報告待ち）", "Taken urgently, awaiting approval"),
        Approved => ("approved", "承認", "Approved"),
        Refused => ("refused", "却下", "Refused"),
        /// Taken back by the department before a decision.
        Withdrawn => ("withdrawn", "取下げ", "Withdrawn"),
        /// Ended before its date (found no longer needed at a review).
        Ended => ("ended", "終了", "Ended early"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("状態が入力されていません。", "The state is empty."),
        unknown: choices("例外措置の状態", "a state of an exception"),
    }
}

labelled_enum! {
    /// Where an exception stands on a day: its state read with its dates.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Standing {
        Pending => ("pending", "承認待ち", "Awaiting decision"),
        /// Urgent, in effect, not yet approved.
        AwaitingReport => ("awaiting_report", "事後報告待ち", "Awaiting approval after the fact"),
        /// Approved, starting later.
        Scheduled => ("scheduled", "開始前", "Not started yet"),
        Active => ("active", "適用中", "In effect"),
        /// Its last day has passed: the rule applies again.
        Expired => ("expired", "期限切れ", "Expired"),
        Refused => ("refused", "却下", "Refused"),
        Withdrawn => ("withdrawn", "取下げ", "Withdrawn"),
        Ended => ("ended", "終了", "Ended early"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("状況が入力されていません。", "The standing is empty."),
        unknown: choices("例外措置の状況", "a standing of an exception"),
    }
}

impl Standing {
    /// Whether the rule is set aside today: the department may act on the exception.
    pub fn in_effect(self) -> bool {
        matches!(self, Standing::Active | Standing::AwaitingReport)
    }
}

/// Where an exception stands on `today`.
///
/// An urgent exception is in effect from its start, as approved ones are: that is what
/// makes it urgent. Past its last day either one has expired, an unreported urgent one
/// included (its report is still owed: see [`report_overdue`]).
pub fn standing(state: State, from: NaiveDate, until: NaiveDate, today: NaiveDate) -> Standing {
    match state {
        State::Requested => Standing::Pending,
        State::Refused => Standing::Refused,
        State::Withdrawn => Standing::Withdrawn,
        State::Ended => Standing::Ended,
        State::Approved | State::Urgent if today > until => Standing::Expired,
        State::Approved if today < from => Standing::Scheduled,
        State::Approved => Standing::Active,
        State::Urgent => Standing::AwaitingReport,
    }
}

/// Whether an urgent exception's report for approval is late.
pub fn report_overdue(state: State, report_due: Option<NaiveDate>, today: NaiveDate) -> bool {
    state == State::Urgent && report_due.is_some_and(|d| today > d)
}

/// The day an urgent exception taken on `taken` must be reported for approval by.
pub fn report_due(taken: NaiveDate, settings: &Settings) -> NaiveDate {
    taken + Duration::days(i64::from(settings.report_days))
}

pub use crate::period::Reminder;

/// Whether those concerned are reminded of an exception on `today`: the days before
/// its last day that the organization chose, and the day after it, when the rule
/// applies again.
pub fn reminder(until: NaiveDate, today: NaiveDate, settings: &Settings) -> Option<Reminder> {
    crate::period::reminder(until, today, &settings.remind_days)
}

/// How an organization runs its exceptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Who decides: the CISO unless the organization designates 統括情報セキュリティ責任者
    /// or the committee.
    pub approver: Role,
    /// Days within which an urgent exception must be reported for approval.
    pub report_days: u32,
    /// Days before the end on which the department is reminded.
    pub remind_days: Vec<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            approver: Role::Ciso,
            report_days: 7,
            remind_days: vec![30, 7, 1],
        }
    }
}

/// The roles an organization may designate to decide exceptions.
pub const APPROVERS: [Role; 3] = [Role::Ciso, Role::DeputyCiso, Role::Committee];

impl Settings {
    /// Checks settings as entered: a designated role among [`APPROVERS`], a report
    /// window of 1 to 90 days, reminder days of 0 to 365.
    pub fn check(&self) -> Vec<(&'static str, Problem)> {
        let mut out = Vec::new();
        if !APPROVERS.contains(&self.approver) {
            out.push((
                "approver",
                Problem::new(
                    "例外措置を承認する役割は、CISO、統括情報セキュリティ責任者、情報セキュリティ委員会のいずれかです。",
                    "Exceptions are decided by the CISO, the deputy CISO or the security committee.",
                ),
            ));
        }
        if !(1..=90).contains(&self.report_days) {
            out.push((
                "report_days",
                Problem::new(
                    "事後報告の期限は 1 日から 90 日の間で指定してください。",
                    "The days to report an urgent exception must be between 1 and 90.",
                ),
            ));
        }
        if self.remind_days.iter().any(|d| *d > 365) {
            out.push((
                "remind_days",
                Problem::new(
                    "期限前の通知日は 0 日から 365 日の間で指定してください。",
                    "Reminder days must be between 0 and 365.",
                ),
            ));
        }
        out
    }
}

/// Checks what an exception asks for. Every exception has an end: the guideline allows
/// a departure for a period, never for good.
pub fn check_request(
    title: &str,
    reason: &str,
    compensating: &str,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    let mut need = |field, ja, en| {
        out.push((field, Problem::new(ja, en)));
    };
    if title.trim().is_empty() {
        need(
            "title",
            "件名を入力してください。",
            "Give the exception a title.",
        );
    }
    if reason.trim().is_empty() {
        need(
            "reason",
            "規定を守れない、または守ることが合理的でない理由を入力してください。",
            "Say why the rule cannot reasonably be followed.",
        );
    }
    if compensating.trim().is_empty() {
        need(
            "compensating",
            "代替の対策（リスクを補う措置）を入力してください。",
            "Describe the measures that make up for the departure.",
        );
    }
    if until.is_none() {
        need(
            "valid_until",
            "例外措置の終了日を入力してください。期限のない例外措置は認められません。",
            "Give the last day of the exception: an exception without an end is not allowed.",
        );
    }
    if from.is_none() {
        need(
            "valid_from",
            "例外措置の開始日を入力してください。",
            "Give the first day of the exception.",
        );
    }
    if let (Some(f), Some(u)) = (from, until)
        && u < f
    {
        let (f, u) = (format_western(f), format_western(u));
        out.push((
            "valid_until",
            Problem::new(
                format!("終了日（{u}）が開始日（{f}）より前になっています。"),
                format!("The last day ({u}) is before the first day ({f})."),
            ),
        ));
    }
    out
}

/// The rule an exception departs from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleRef {
    /// A numbered section of a policy document: `POL-002 §3.2`.
    Section { document: i32, section: String },
    /// A control of a catalog: `mic-guideline:2.3.1`.
    Catalog { catalog: String, control: String },
    /// A control the organization applies: `AC-0001`.
    Applied { number: i32 },
}

impl RuleRef {
    /// Reads `POL-002 §3.2` (also `POL-2 3.2`, `pol-002§3.2`), `AC-0001`, or
    /// `catalog:control`, with full-width characters folded.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let s = crate::text::fold_width(raw).trim().to_owned();
        if s.is_empty() {
            return Err(Problem::new(
                "例外とする規定を入力してください（例: POL-002 §3.2、AC-0001、mic-guideline:2.3.1）。",
                "Name the rule to depart from (e.g. POL-002 §3.2, AC-0001, mic-guideline:2.3.1).",
            ));
        }
        let bad = || {
            Problem::new(
                format!(
                    "「{s}」は規定として読み取れません。ポリシーの節（POL-002 §3.2）、管理策の番号（AC-0001）、カタログの管理策（mic-guideline:2.3.1）のいずれかで指定してください。"
                ),
                format!(
                    "\"{s}\" is not a rule. Name a policy section (POL-002 §3.2), an applied control (AC-0001) or a catalog control (mic-guideline:2.3.1)."
                ),
            )
        };
        if let Some(n) = numbered(&s, "AC-") {
            return n
                .parse()
                .map(|number| RuleRef::Applied { number })
                .map_err(|_| bad());
        }
        if let Some(rest) = strip_prefix_ci(&s, "POL-") {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let section = rest[digits.len()..]
                .trim_start_matches(|c: char| c.is_whitespace() || c == '§' || c == ':')
                .trim_end_matches('.');
            let well_formed = !section.is_empty()
                && section
                    .split('.')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            return match (digits.parse::<i32>(), well_formed) {
                (Ok(document), true) if document > 0 => Ok(RuleRef::Section {
                    document,
                    section: section.to_owned(),
                }),
                _ => Err(bad()),
            };
        }
        match s.split_once(':') {
            Some((c, k)) if !c.trim().is_empty() && !k.trim().is_empty() => Ok(RuleRef::Catalog {
                catalog: c.trim().to_owned(),
                control: k.trim().to_owned(),
            }),
            _ => Err(bad()),
        }
    }

    /// `section`, `catalog` or `applied`: what kind of rule, as stored and filtered.
    pub fn kind(&self) -> &'static str {
        match self {
            RuleRef::Section { .. } => "section",
            RuleRef::Catalog { .. } => "catalog",
            RuleRef::Applied { .. } => "applied",
        }
    }
}

/// The canonical spelling, which is what is stored and matched.
impl fmt::Display for RuleRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleRef::Section { document, section } => write!(f, "POL-{document:03} §{section}"),
            RuleRef::Catalog { catalog, control } => write!(f, "{catalog}:{control}"),
            RuleRef::Applied { number } => write!(f, "AC-{number:04}"),
        }
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// The digits after `prefix` when `s` is exactly the prefix and digits.
pub(crate) fn numbered<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    strip_prefix_ci(s, prefix).filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// An exception's number as people write it: `EXC-0007`.
pub fn code(number: i32) -> String {
    format!("EXC-{number:04}")
}

/// Reads `EXC-0007` (any case, full width folded) back to its number.
pub fn parse_code(s: &str) -> Option<i32> {
    let s = crate::text::fold_width(s);
    numbered(s.trim(), "EXC-")?.parse().ok()
}

#[cfg(test)]
mod tests;
