//! Rules that turn events into incidents: which events (a source, a least severity, a
//! host, a pattern over the message) and what to do with them — draft an incident for
//! the CSIRT to triage, or add them to an incident already open. Matches of one rule
//! from one host within its window belong together: they go to the incident the first
//! one drafted instead of drafting another.

use regex::{Regex, RegexBuilder};
use uuid::Uuid;

use super::{EventIn, EventSeverity, cut};
use crate::error::Problem;
use crate::labelled::labelled_enum;

labelled_enum! {
    /// What a rule does with a matching event.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum RuleAction {
        Draft => ("draft", "インシデントを起票する", "Draft an incident"),
        Attach => ("attach", "対応中のインシデントに追加する", "Attach to an open incident"),
    }

    fn parse {
        empty: ("処理を選んでください。", "Choose an action."),
        unknown: choices("ルールの処理", "a rule action"),
    }
}

/// The default window within which matches belong together, in minutes.
pub const DEFAULT_WINDOW_MINUTES: i64 = 60;
/// The longest window: a week.
pub const MAX_WINDOW_MINUTES: i64 = 7 * 24 * 60;
/// The largest compiled pattern; a pattern is the organization's, but a typo must not
/// cost the ingest path memory.
const PATTERN_LIMIT: usize = 256 * 1024;

/// Which events a rule takes.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Only this source's events; any source when none.
    pub source_id: Option<Uuid>,
    /// At least this severe.
    pub min_severity: EventSeverity,
    /// Only this host (exact, any case); any host when empty.
    pub host: String,
    /// Matched against the message (any case); every message when none.
    pub pattern: Option<Regex>,
}

impl Matcher {
    pub fn matches(&self, source: Uuid, e: &EventIn) -> bool {
        self.source_id.is_none_or(|s| s == source)
            && e.severity.at_least(self.min_severity)
            && (self.host.is_empty() || self.host.eq_ignore_ascii_case(&e.host))
            && self.pattern.as_ref().is_none_or(|p| p.is_match(&e.message))
    }
}

/// A pattern as typed: blank means every message; otherwise a regular expression
/// (matched anywhere, any case), refused with the reason when it does not compile.
pub fn check_pattern(s: &str) -> Result<Option<Regex>, Problem> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    RegexBuilder::new(s)
        .case_insensitive(true)
        .size_limit(PATTERN_LIMIT)
        .build()
        .map(Some)
        .map_err(|e| {
            let why = cut(&e.to_string().replace('\n', " "), 200);
            Problem::new(
                format!("パターンが正規表現として読めません: {why}"),
                format!("The pattern is not a valid regular expression: {why}"),
            )
        })
}

/// The window as typed, in minutes: blank is the default.
pub fn check_window(s: &str) -> Result<i64, Problem> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(DEFAULT_WINDOW_MINUTES);
    }
    match s.parse::<i64>() {
        Ok(n) if (1..=MAX_WINDOW_MINUTES).contains(&n) => Ok(n),
        _ => Err(Problem::new(
            format!("まとめる時間は 1〜{MAX_WINDOW_MINUTES} 分で指定してください。"),
            format!("The window is 1 to {MAX_WINDOW_MINUTES} minutes."),
        )),
    }
}

/// The title of an incident drafted from an event: where, and what it said.
pub fn draft_title(rule_name: &str, e: &EventIn) -> String {
    let host = if e.host.is_empty() { "-" } else { &e.host };
    cut(&format!("[{rule_name}] {host}: {}", e.message), 100)
}
