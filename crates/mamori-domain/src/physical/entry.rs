//! Entry and exit records and their reconciliation: an entry is flagged when someone
//! not on the authorized list came in without an escort, when it has no exit long
//! after it began, or when it fell outside the area's hours. Flags are worked out
//! when an entry is written and again when the area's log is reconciled; the area's
//! manager settles each (an explanation, or an incident opened from it).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::Hours;
use crate::error::Problem;
use crate::japan_time;

/// An entry still open this long after it began is flagged as having no exit.
pub const NO_EXIT_AFTER: Duration = Duration::hours(12);

/// A typed time may run ahead of the server's clock by this much.
const SKEW: Duration = Duration::minutes(5);

/// Why an entry stands out, as a set (stored as its bits).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Flags(pub i32);

/// One reason an entry stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    /// Not on the authorized list, and no escort recorded.
    Unauthorized,
    NoExit,
    OutsideHours,
}

impl Flag {
    pub const ALL: [Flag; 3] = [Flag::Unauthorized, Flag::NoExit, Flag::OutsideHours];

    const fn bit(self) -> i32 {
        match self {
            Flag::Unauthorized => 1,
            Flag::NoExit => 2,
            Flag::OutsideHours => 4,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Flag::Unauthorized => "unauthorized",
            Flag::NoExit => "no_exit",
            Flag::OutsideHours => "outside_hours",
        }
    }

    pub fn parse(s: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.code() == s)
    }

    pub fn label(self, lang: &str) -> &'static str {
        let (ja, en) = match self {
            Flag::Unauthorized => ("許可なし・同行者なし", "Not authorized, no escort"),
            Flag::NoExit => ("退室記録なし", "No exit"),
            Flag::OutsideHours => ("時間外の入室", "Outside hours"),
        };
        if lang == "en" { en } else { ja }
    }
}

impl Flags {
    pub const NONE: Flags = Flags(0);

    pub fn has(self, f: Flag) -> bool {
        self.0 & f.bit() != 0
    }

    pub fn with(self, f: Flag) -> Flags {
        Flags(self.0 | f.bit())
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn list(self) -> Vec<Flag> {
        Flag::ALL.into_iter().filter(|f| self.has(*f)).collect()
    }

    /// The labels joined for a list or an export ("退室記録なし、時間外の入室").
    pub fn labels(self, lang: &str) -> String {
        let sep = if lang == "en" { ", " } else { "、" };
        self.list()
            .into_iter()
            .map(|f| f.label(lang))
            .collect::<Vec<_>>()
            .join(sep)
    }
}

/// What reconciliation looks at in one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// On the area's authorized list on the day of the entry.
    pub authorized: bool,
    pub escorted: bool,
    pub entered_at: DateTime<Utc>,
    pub exited_at: Option<DateTime<Utc>>,
}

/// The flags of an entry, read at `now`.
pub fn flags(f: &Facts, hours: &Hours, now: DateTime<Utc>) -> Flags {
    let mut out = Flags::NONE;
    if !f.authorized && !f.escorted {
        out = out.with(Flag::Unauthorized);
    }
    if f.exited_at.is_none() && now - f.entered_at > NO_EXIT_AFTER {
        out = out.with(Flag::NoExit);
    }
    if !hours.allows(japan_time::local(f.entered_at)) {
        out = out.with(Flag::OutsideHours);
    }
    out
}

/// Checks an entry's times against each other and the clock: `(field, problem)` for
/// each that is wrong.
pub fn check_times(
    entered_at: DateTime<Utc>,
    exited_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    if entered_at > now + SKEW {
        out.push((
            "entered_at",
            Problem::new(
                "入室日時が未来になっています。",
                "The time of entry is in the future.",
            ),
        ));
    }
    if let Some(x) = exited_at {
        if x < entered_at {
            out.push((
                "exited_at",
                Problem::new(
                    "退室日時が入室日時より前になっています。",
                    "The exit is before the entry.",
                ),
            ));
        } else if x > now + SKEW {
            out.push((
                "exited_at",
                Problem::new(
                    "退室日時が未来になっています。",
                    "The time of exit is in the future.",
                ),
            ));
        }
    }
    out
}

/// Checks who came in: a staff member, or a visitor with a name.
pub fn check_person(staff: bool, visitor_name: &str) -> Option<(&'static str, Problem)> {
    (!staff && visitor_name.trim().is_empty()).then(|| {
        (
            "person",
            Problem::new(
                "入室した職員の職員番号か、来訪者の氏名を入力してください。",
                "Give the employee number of the staff member who entered, or the visitor's name.",
            ),
        )
    })
}
