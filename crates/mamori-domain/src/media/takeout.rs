//! Taking an item or records out (持ち出し): who must approve it, what a request must
//! say, where it stands, and when an overdue return is reminded and escalated.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::classification::Scale;
use crate::error::Problem;
use crate::labelled::labelled_enum;
use crate::role::Role;

/// The longest take-out one request may ask for. Longer is a loan, not a take-out.
pub const MAX_DAYS: i64 = 180;
/// Days past the return date on which the holder is reminded; from the last of them
/// the department's officers are told too.
pub const REMIND_AFTER: [i64; 2] = [1, 3];

labelled_enum! {
    /// A protective measure taken while the item is outside.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Measure {
        Encrypted => ("encrypted", "暗号化", "Encrypted", ["暗号"]),
        Password => ("password", "パスワード保護", "Password protected", ["パスワード"]),
        LockedCase => ("locked_case", "施錠できるケース", "Locked case", ["施錠", "鍵付きケース"]),
        CarriedInPerson => ("carried_in_person", "手渡し・常時携行", "Carried in person", ["携行", "手渡し"]),
        Masked => ("masked", "個人情報のマスキング", "Personal data masked", ["マスキング"]),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("対策が入力されていません。", "The measure is empty."),
        unknown: choices("持ち出し時の対策", "a protective measure"),
    }
}

/// Measures as typed (codes or labels, separated by commas or 、), in order, once each.
pub fn parse_measures(s: &str) -> Result<Vec<Measure>, Problem> {
    let mut out = Vec::new();
    for part in s
        .split([',', '、', '，'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let m = Measure::parse(part)?;
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out.sort();
    Ok(out)
}

/// The stored form of measures: codes joined by commas.
pub fn measures_code(m: &[Measure]) -> String {
    m.iter().map(|m| m.code()).collect::<Vec<_>>().join(",")
}

/// Where a take-out stands. Worked out from its dates, never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Asked for; waiting for the approver.
    Requested,
    Refused,
    /// Approved; not yet taken out.
    Approved,
    Out,
    Returned,
    /// Withdrawn by the one who asked, before it went out.
    Cancelled,
}

impl State {
    pub const ALL: [State; 6] = [
        State::Requested,
        State::Refused,
        State::Approved,
        State::Out,
        State::Returned,
        State::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Requested => "requested",
            State::Refused => "refused",
            State::Approved => "approved",
            State::Out => "out",
            State::Returned => "returned",
            State::Cancelled => "cancelled",
        }
    }

    pub fn from_code(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|v| v.code() == s)
    }

    pub fn label(self, lang: &str) -> &'static str {
        let (ja, en) = match self {
            State::Requested => ("承認待ち", "Awaiting approval"),
            State::Refused => ("不承認", "Refused"),
            State::Approved => ("承認済（持ち出し前）", "Approved, not yet out"),
            State::Out => ("持ち出し中", "Out"),
            State::Returned => ("返却済", "Returned"),
            State::Cancelled => ("取下げ", "Withdrawn"),
        };
        if lang == "en" { en } else { ja }
    }

    /// Still open: something remains to be done about it.
    pub fn is_open(self) -> bool {
        matches!(self, State::Requested | State::Approved | State::Out)
    }
}

/// The facts of a take-out its state is worked out from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts {
    /// `Some(true)` approved, `Some(false)` refused, `None` not decided.
    pub approved: Option<bool>,
    pub cancelled: bool,
    pub out: bool,
    pub returned: bool,
}

pub fn state(f: Facts) -> State {
    match (f.cancelled, f.approved, f.out, f.returned) {
        (true, _, _, _) => State::Cancelled,
        (_, Some(false), _, _) => State::Refused,
        (_, None, _, _) => State::Requested,
        (_, Some(true), _, true) => State::Returned,
        (_, Some(true), true, false) => State::Out,
        (_, Some(true), false, false) => State::Approved,
    }
}

/// How late a return is: `None` while it is not due, else the whole days past it.
pub fn days_overdue(due_on: NaiveDate, today: NaiveDate) -> Option<i64> {
    let d = (today - due_on).num_days();
    (d > 0).then_some(d)
}

/// Whether the holder of a late take-out is reminded today: it has reached a day of
/// [`REMIND_AFTER`] it was not reminded on (`reminded_on`: the last reminder).
pub fn reminder_due(due_on: NaiveDate, today: NaiveDate, reminded_on: Option<NaiveDate>) -> bool {
    let Some(days) = days_overdue(due_on, today) else {
        return false;
    };
    let last = reminded_on.map(|r| (r - due_on).num_days());
    REMIND_AFTER
        .iter()
        .filter(|d| days >= **d)
        .max()
        .is_some_and(|d| last.is_none_or(|l| l < *d))
}

/// Whether an overdue return is told to the department's officers too.
pub fn escalates(days_overdue: i64) -> bool {
    days_overdue >= REMIND_AFTER[REMIND_AFTER.len() - 1]
}

/// Checks a request's period and words as entered.
pub fn check_request(
    out_on: NaiveDate,
    due_on: NaiveDate,
    today: NaiveDate,
    purpose: &str,
    destination: &str,
) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    if crate::text::clean(purpose).is_empty() {
        out.push((
            "purpose",
            Problem::new("持ち出しの目的を入力してください。", "Give the purpose."),
        ));
    }
    if crate::text::clean(destination).is_empty() {
        out.push((
            "destination",
            Problem::new("持ち出し先を入力してください。", "Give the destination."),
        ));
    }
    if out_on < today {
        out.push((
            "out_on",
            Problem::new(
                "持ち出し日は今日以降にしてください。",
                "The take-out starts today or later.",
            ),
        ));
    }
    if due_on < out_on {
        out.push((
            "due_on",
            Problem::new(
                "返却予定日が持ち出し日より前になっています。",
                "The return date is before the take-out date.",
            ),
        ));
    } else if (due_on - out_on).num_days() > MAX_DAYS {
        out.push((
            "due_on",
            Problem::new(
                format!("持ち出しの期間は {MAX_DAYS} 日以内にしてください。"),
                format!("A take-out lasts at most {MAX_DAYS} days."),
            ),
        ));
    }
    out
}

/// Roles that approve take-outs, from the lowest: a role approves what any role below
/// it may approve, so a higher officer can always stand in.
const APPROVERS: [Role; 4] = [
    Role::SectionManager,
    Role::DeptOfficer,
    Role::DeputyCiso,
    Role::Ciso,
];

/// Whether `role` may be named as the approver of a level.
pub fn is_approver_role(role: Role) -> bool {
    APPROVERS.contains(&role)
}

fn seniority(role: Role) -> Option<usize> {
    APPROVERS.iter().position(|r| *r == role)
}

/// Whether someone holding `held` (in scope for the request's department) may approve
/// where `required` is asked for.
pub fn may_approve(held: Role, required: Role) -> bool {
    matches!((seniority(held), seniority(required)), (Some(h), Some(r)) if h >= r)
}

/// Who approves a take-out, by the confidentiality level of what goes out. Levels not
/// named take the default for their rank: the lowest level its section manager, the
/// highest the deputy CISO, those between the department's officer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApproverRules {
    /// Confidentiality level code → role code.
    #[serde(default)]
    pub by_level: BTreeMap<String, String>,
}

impl ApproverRules {
    pub fn approver(&self, scale: &Scale, level_code: &str) -> Role {
        if let Some(r) = self
            .by_level
            .get(level_code)
            .and_then(|c| Role::from_code(c))
            .filter(|r| is_approver_role(*r))
        {
            return r;
        }
        let rank = scale.by_code(level_code).map_or(0, |l| l.rank);
        if rank >= scale.highest().rank {
            Role::DeputyCiso
        } else if rank <= scale.lowest().rank {
            Role::SectionManager
        } else {
            Role::DeptOfficer
        }
    }

    /// Checks rules as entered: every level is the scale's and every role approves.
    pub fn check(&self, scale: &Scale) -> Result<(), Problem> {
        for (level, role) in &self.by_level {
            if scale.by_code(level).is_none() {
                return Err(Problem::new(
                    format!("機密性の区分「{level}」は分類基準にありません。"),
                    format!("The confidentiality level \"{level}\" is not in the scheme."),
                ));
            }
            if !Role::from_code(role).is_some_and(is_approver_role) {
                return Err(Problem::new(
                    "承認者には情報セキュリティ管理者・情報セキュリティ責任者・統括情報セキュリティ責任者・CISO のいずれかを選んでください。",
                    "The approver is a section security manager, a department security officer, the deputy CISO or the CISO.",
                ));
            }
        }
        Ok(())
    }
}
