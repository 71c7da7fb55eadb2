//! What people type: a report, a move to another state, a timeline entry, and the
//! CSIRT's triage. Every field is text as forms and the API send it; the checks name
//! the field and change nothing when they fail.

use chrono::{DateTime, Utc};
use mamori_domain::incident::{
    Category, Severity, State, check_times, parse_local_time, parse_persons,
};
use mamori_domain::staff::parse_bool_flag;
use mamori_domain::{Invalid, Problem};
use serde::{Deserialize, Serialize};

/// A report of an incident, as the short form takes it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReportInput {
    /// What happened, in a line.
    pub title: String,
    /// A category code or label (誤送信, 紛失・盗難 …).
    pub category: String,
    /// What happened, in the reporter's words.
    pub description: String,
    /// Where it happened.
    pub location: String,
    /// When it happened (Japan time, `2026-12-06T09:30`); empty when unknown.
    pub occurred_at: String,
    /// When the reporter (or any colleague) learned of it: the law's clock starts here.
    pub known_at: String,
    /// `"1"` when personal data may be involved.
    pub personal_data: String,
    /// Roughly how many persons' data (empty when unknown).
    pub persons: String,
    /// Asset numbers involved (`A-000123`), separated by spaces or commas.
    pub assets: String,
}

/// A report's checked values.
pub(crate) struct Report {
    pub title: String,
    pub category: Category,
    pub description: String,
    pub location: String,
    pub occurred_at: Option<DateTime<Utc>>,
    pub known_at: DateTime<Utc>,
    pub personal_data: bool,
    pub persons: Option<i64>,
    pub asset_numbers: Vec<String>,
}

fn required(inv: &mut Invalid, field: &str, v: &str, ja: &str, en: &str) -> Option<String> {
    let v = mamori_domain::text::clean(v);
    if v.is_empty() {
        inv.check::<()>(
            field,
            Err(Problem::new(
                format!("{ja}を入力してください。"),
                format!("Enter {en}."),
            )),
        );
        return None;
    }
    if v.chars().count() > 200 {
        inv.check::<()>(
            field,
            Err(Problem::new(
                format!("{ja}は200文字以内で入力してください。"),
                format!("Keep {en} within 200 characters."),
            )),
        );
        return None;
    }
    Some(v)
}

fn long_text(inv: &mut Invalid, field: &str, v: &str) -> String {
    if v.chars().count() > 20_000 {
        inv.check::<()>(
            field,
            Err(Problem::new(
                "20,000文字以内で入力してください。",
                "Keep it within 20,000 characters.",
            )),
        );
    }
    v.trim().replace("\r\n", "\n")
}

impl ReportInput {
    pub(crate) fn check(&self, now: DateTime<Utc>) -> Result<Report, Invalid> {
        let mut inv = Invalid::default();
        let title = required(
            &mut inv,
            "title",
            &self.title,
            "何が起きたか（件名）",
            "what happened, in a line",
        );
        let category = inv.check("category", Category::parse(&self.category));
        let description = long_text(&mut inv, "description", &self.description);
        let location = long_text(&mut inv, "location", &self.location);
        let occurred_at = if self.occurred_at.trim().is_empty() {
            Some(None)
        } else {
            inv.check("occurred_at", parse_local_time(&self.occurred_at))
                .map(Some)
        };
        let known_at = if self.known_at.trim().is_empty() {
            inv.check::<DateTime<Utc>>(
                "known_at",
                Err(Problem::new(
                    "知った日時を入力してください（報告期限はこの時点から数えます）。",
                    "Enter when it became known (deadlines are counted from it).",
                )),
            )
        } else {
            inv.check("known_at", parse_local_time(&self.known_at))
        };
        if let (Some(occurred), Some(known)) = (occurred_at, known_at) {
            for (field, p) in check_times(occurred, known, now) {
                inv.check::<()>(field, Err(p));
            }
        }
        let personal_data = inv.check("personal_data", parse_bool_flag(&self.personal_data));
        let persons = inv.check("persons", parse_persons(&self.persons));
        let asset_numbers: Vec<String> = self
            .assets
            .split([',', '、', ' ', '\n', '\t', '　'])
            .map(|s| mamori_domain::text::clean(s).to_uppercase())
            .filter(|s| !s.is_empty())
            .collect();
        if asset_numbers.len() > 50 {
            inv.check::<()>(
                "assets",
                Err(Problem::new("資産は50件までです。", "At most 50 assets.")),
            );
        }
        match (
            title,
            category,
            occurred_at,
            known_at,
            personal_data,
            persons,
        ) {
            (
                Some(title),
                Some(category),
                Some(occurred_at),
                Some(known_at),
                Some(pd),
                Some(persons),
            ) if inv.is_empty() => Ok(Report {
                title,
                category,
                description,
                location,
                occurred_at,
                known_at,
                personal_data: pd || persons.is_some(),
                persons,
                asset_numbers,
            }),
            _ => Err(inv),
        }
    }
}

/// Moving an incident to another state.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct MoveInput {
    /// The state code (`investigating`, `closed`, `false_alarm` …).
    pub to: String,
    /// Why (needed to go back, re-open, or end as a false alarm or duplicate).
    pub reason: String,
}

impl MoveInput {
    pub(crate) fn check(&self, from: State) -> Result<State, Invalid> {
        let mut inv = Invalid::default();
        let to = inv.check("to", State::parse(&self.to));
        if let Some(to) = to {
            inv.check("reason", from.check_move(to, &self.reason));
        }
        match to {
            Some(to) if inv.is_empty() => Ok(to),
            _ => Err(inv),
        }
    }
}

/// An entry of the timeline: what happened and when.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EntryInput {
    /// When it happened (Japan time); empty for now.
    pub happened_at: String,
    /// `note`, `action` (a containment or recovery step) or `correction`.
    pub kind: String,
    pub body: String,
    /// The number (seq) of the entry this one corrects, for a correction.
    pub corrects: String,
}

pub(crate) const ENTRY_KINDS: [&str; 3] = ["note", "action", "correction"];

/// Triage: how bad, who handles it, who helps.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TriageInput {
    /// A severity code or label (低, 中, 高, 重大).
    pub severity: String,
    /// The assignee's employee number; empty for none.
    pub assignee: String,
    /// CSIRT members' employee numbers, separated by spaces or commas.
    pub members: String,
}

impl TriageInput {
    pub(crate) fn severity(&self) -> Result<Option<Severity>, Invalid> {
        if self.severity.trim().is_empty() {
            return Ok(None);
        }
        Severity::parse(&self.severity)
            .map(Some)
            .map_err(|p| Invalid::from(p.at("severity")))
    }

    pub(crate) fn member_numbers(&self) -> Vec<String> {
        self.members
            .split([',', '、', ' ', '\n', '　'])
            .map(|s| s.trim().to_uppercase())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// The analysis: the root cause, what contributed, and the lessons.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AnalysisInput {
    /// A root-cause category code or label (人為的なミス, 手順・ルールの不備 …).
    pub cause_category: String,
    /// The analysis in free text.
    pub root_cause: String,
    /// Contributing factors.
    pub contributing: String,
    /// Lessons learned.
    pub lessons: String,
}

/// The analysis's checked values.
pub(crate) struct Analysis {
    pub cause_category: mamori_domain::incident::CauseCategory,
    pub root_cause: String,
    pub contributing: String,
    pub lessons: String,
}

impl AnalysisInput {
    pub(crate) fn check(&self) -> Result<Analysis, Invalid> {
        let mut inv = Invalid::default();
        let cause_category = inv.check(
            "cause_category",
            mamori_domain::incident::CauseCategory::parse(&self.cause_category),
        );
        let root_cause = long_text(&mut inv, "root_cause", &self.root_cause);
        let contributing = long_text(&mut inv, "contributing", &self.contributing);
        let lessons = long_text(&mut inv, "lessons", &self.lessons);
        match cause_category {
            Some(cause_category) if inv.is_empty() => Ok(Analysis {
                cause_category,
                root_cause,
                contributing,
                lessons,
            }),
            _ => Err(inv),
        }
    }
}
