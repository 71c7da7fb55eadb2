//! What the forms and the API send for sources, rules, settings and the events list,
//! and their checks (every problem by field, in Japanese and English).

use chrono::{DateTime, Utc};
use mamori_domain::event::rule::{RuleAction, check_pattern, check_window};
use mamori_domain::event::{EventSeverity, SourceKind, parse_senders};
use mamori_domain::incident::{Category, Severity};
use mamori_domain::{Invalid, Problem};
use mamori_store::events::EventFilter;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A source as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SourceInput {
    /// A name people recognize (`本庁舎ファイアウォール`); unique in the organization.
    pub name: String,
    /// `webhook` or `syslog`; fixed once the source exists.
    pub kind: String,
    /// Syslog: the sender addresses (IP addresses or CIDR blocks).
    pub senders: String,
    /// `no` stops accepting its events; blank or `yes` accepts them.
    pub enabled: String,
}

pub(crate) struct CheckedSource {
    pub name: String,
    pub kind: SourceKind,
    /// Normalized, comma-separated.
    pub senders: String,
    pub enabled: bool,
}

impl SourceInput {
    pub(crate) fn check(&self) -> Result<CheckedSource, Invalid> {
        let mut inv = Invalid::default();
        let name = self.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 100 {
            inv.check::<()>(
                "name",
                Err(Problem::new(
                    "名前を 100 文字以内で入力してください。",
                    "Enter a name of at most 100 characters.",
                )),
            );
        }
        let kind = inv.check("kind", SourceKind::parse(&self.kind));
        let mut senders = String::new();
        if kind == Some(SourceKind::Syslog)
            && let Some(nets) = inv.check("senders", parse_senders(&self.senders))
        {
            senders = nets
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ");
        }
        let enabled = inv.check("enabled", yes_no(&self.enabled)).unwrap_or(true);
        inv.into_result()?;
        Ok(CheckedSource {
            name,
            kind: kind.unwrap_or(SourceKind::Webhook),
            senders,
            enabled,
        })
    }
}

/// `yes` / `no` as forms and the API send them; blank is yes.
fn yes_no(s: &str) -> Result<bool, Problem> {
    match s.trim() {
        "" | "yes" | "true" | "1" => Ok(true),
        "no" | "false" | "0" => Ok(false),
        _ => Err(Problem::new(
            "yes か no で指定してください。",
            "Give yes or no.",
        )),
    }
}

/// A rule as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RuleInput {
    pub name: String,
    /// Rules are tried in this order (smallest first); blank puts it last.
    pub position: String,
    /// `no` keeps the rule without using it; blank or `yes` uses it.
    pub enabled: String,
    /// Only this source's events (its id); blank for every source.
    pub source: String,
    /// The least severe taken: a syslog name (`err`, `warning` …) or number.
    pub min_severity: String,
    /// Only this host; blank for any.
    pub host: String,
    /// A regular expression over the message (any case); blank for every message.
    pub pattern: String,
    /// `draft` (draft an incident) or `attach` (add to the incident named below).
    pub action: String,
    /// The drafted incident's category (`malware`, `unauthorized_access` …).
    pub category: String,
    /// The drafted incident's severity (`low` … `critical`); blank leaves it to triage.
    pub severity: String,
    /// For `attach`: the incident's number (`INC-2026-0007`).
    pub incident: String,
    /// Matches of this rule from one host within this many minutes go to one incident
    /// (default 60).
    pub window_minutes: String,
}

pub(crate) struct CheckedRule {
    pub name: String,
    pub position: Option<i32>,
    pub enabled: bool,
    pub source_id: Option<Uuid>,
    pub min_severity: EventSeverity,
    pub host: String,
    pub pattern: String,
    pub action: RuleAction,
    pub category: Category,
    pub severity: Option<Severity>,
    /// The incident number for `attach`, looked up by the caller.
    pub incident: Option<String>,
    pub window_minutes: i32,
}

impl RuleInput {
    pub(crate) fn check(&self) -> Result<CheckedRule, Invalid> {
        let mut inv = Invalid::default();
        let name = self.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 100 {
            inv.check::<()>(
                "name",
                Err(Problem::new(
                    "ルール名を 100 文字以内で入力してください。",
                    "Enter a rule name of at most 100 characters.",
                )),
            );
        }
        let position = match self.position.trim() {
            "" => None,
            p => inv.check(
                "position",
                p.parse::<i32>()
                    .ok()
                    .filter(|n| (0..=100_000).contains(n))
                    .ok_or_else(|| {
                        Problem::new(
                            "順番は 0〜100000 の整数です。",
                            "The position is a whole number from 0 to 100000.",
                        )
                    }),
            ),
        };
        let source_id = match self.source.trim() {
            "" => None,
            s => inv.check(
                "source",
                s.parse::<Uuid>().map_err(|_| {
                    Problem::new("送信元を選び直してください。", "Choose the source again.")
                }),
            ),
        };
        let min_severity = if self.min_severity.trim().is_empty() {
            Some(EventSeverity::Warning)
        } else {
            inv.check("min_severity", EventSeverity::parse(&self.min_severity))
        };
        let pattern = self.pattern.trim().to_owned();
        inv.check("pattern", check_pattern(&pattern));
        let action = inv.check("action", RuleAction::parse(&self.action));
        let category = if self.category.trim().is_empty() {
            Some(Category::Other)
        } else {
            inv.check("category", Category::parse(&self.category))
        };
        let severity = match self.severity.trim() {
            "" => None,
            s => inv.check("severity", Severity::parse(s)),
        };
        let incident = self.incident.trim().to_owned();
        if action == Some(RuleAction::Attach) && incident.is_empty() {
            inv.check::<()>(
                "incident",
                Err(Problem::new(
                    "追加先のインシデント番号を入力してください（例: INC-2026-0007）。",
                    "Enter the number of the incident to attach to (e.g. INC-2026-0007).",
                )),
            );
        }
        let window = inv.check("window_minutes", check_window(&self.window_minutes));
        let enabled = inv.check("enabled", yes_no(&self.enabled)).unwrap_or(true);
        if self.host.trim().chars().count() > 255 {
            inv.check::<()>(
                "host",
                Err(Problem::new(
                    "ホスト名は 255 文字以内です。",
                    "A host name has at most 255 characters.",
                )),
            );
        }
        inv.into_result()?;
        Ok(CheckedRule {
            name,
            position,
            enabled,
            source_id,
            min_severity: min_severity.unwrap_or(EventSeverity::Warning),
            host: self.host.trim().to_owned(),
            pattern,
            action: action.unwrap_or(RuleAction::Draft),
            category: category.unwrap_or(Category::Other),
            severity,
            incident: (action == Some(RuleAction::Attach)).then_some(incident),
            window_minutes: window.unwrap_or(60) as i32,
        })
    }
}

/// How long events are kept.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EventSettingsInput {
    /// Days, 7–3650 (default 365).
    pub retention_days: String,
}

impl EventSettingsInput {
    pub(crate) fn check(&self) -> Result<i32, Invalid> {
        match self.retention_days.trim().parse::<i32>() {
            Ok(n) if (7..=3650).contains(&n) => Ok(n),
            _ => Err(Invalid::from(mamori_domain::FieldError::new(
                "retention_days",
                "保存期間は 7〜3650 日で指定してください。",
                "Keep events for 7 to 3650 days.",
            ))),
        }
    }
}

/// The events list's filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct EventQuery {
    /// A source id.
    pub source: Option<Uuid>,
    /// At least this severe (`err`, `warning` …).
    pub severity: String,
    /// Exactly this host.
    pub host: String,
    /// Text in the message.
    pub q: String,
    /// Latest repeat on or after this date (`YYYY-MM-DD`, JST).
    pub from: String,
    /// Latest repeat on or before this date (`YYYY-MM-DD`, JST).
    pub until: String,
    /// `yes`: only those a rule took to an incident; `no`: only the others.
    pub linked: String,
}

impl EventQuery {
    /// The store's filter; a severity that does not read matches nothing.
    pub(crate) fn filter(&self) -> EventFilter {
        let day = |s: &str, next: bool| -> Option<DateTime<Utc>> {
            let d = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()?;
            let d = if next { d.succ_opt()? } else { d };
            Some(mamori_domain::japan_time::instant(d.and_hms_opt(0, 0, 0)?))
        };
        EventFilter {
            source_id: self.source,
            max_severity: match self.severity.trim() {
                "" => None,
                s => Some(EventSeverity::parse(s).map_or(-1, |v| i32::from(v.number()))),
            },
            host: Some(self.host.trim().to_owned()).filter(|h| !h.is_empty()),
            text: Some(self.q.trim().to_owned()).filter(|q| !q.is_empty()),
            from: day(&self.from, false),
            until: day(&self.until, true),
            linked: match self.linked.trim() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
        }
    }
}
