//! What a server keeps in memory about events: counters per source since it started
//! (what was accepted, folded, refused), and each organization's rules compiled once
//! and reused until a rule changes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::Duration;
use mamori_domain::event::EventSeverity;
use mamori_domain::event::rule::{Matcher, RuleAction, check_pattern};
use mamori_domain::incident::{Category, Severity};
use mamori_store::entity::event_rule;
use serde::Serialize;
use uuid::Uuid;

/// What one source sent to this server since it started.
#[derive(Debug, Clone, Copy, Default, Serialize, utoipa::ToSchema)]
pub struct SourceCounters {
    /// Events accepted (repeats included).
    pub accepted: u64,
    /// Of those, repeats counted on an earlier event instead of stored.
    pub folded: u64,
    /// Requests refused for their credentials.
    pub refused: u64,
    /// Requests or lines refused as unreadable (not JSON of the shape, not syslog, too large).
    pub unreadable: u64,
}

/// A rule ready to match.
pub(crate) struct CompiledRule {
    pub id: Uuid,
    pub name: String,
    pub matcher: Matcher,
    pub action: RuleAction,
    pub category: Category,
    pub severity: Option<Severity>,
    pub incident_id: Option<Uuid>,
    pub window: Duration,
}

pub(crate) struct Compiled {
    rows: Vec<event_rule::Model>,
    pub rules: Vec<CompiledRule>,
}

#[derive(Default)]
pub(crate) struct Runtime {
    counters: Mutex<HashMap<Uuid, SourceCounters>>,
    /// Syslog datagrams and connections from addresses no source names.
    pub unknown_senders: AtomicU64,
    /// Syslog lines dropped because the writer could not keep up.
    pub dropped: AtomicU64,
    rules: Mutex<HashMap<Uuid, Arc<Compiled>>>,
}

impl Runtime {
    pub fn count(&self, source: Uuid, f: impl FnOnce(&mut SourceCounters)) {
        if let Ok(mut m) = self.counters.lock() {
            f(m.entry(source).or_default());
        }
    }

    pub fn counters(&self, source: Uuid) -> SourceCounters {
        self.counters
            .lock()
            .ok()
            .and_then(|m| m.get(&source).copied())
            .unwrap_or_default()
    }

    pub fn unknown_senders(&self) -> u64 {
        self.unknown_senders.load(Ordering::Relaxed)
    }

    /// The organization's enabled rules compiled; the rows just read are compared with
    /// those last compiled, so a change on any server is seen at the next batch.
    pub(crate) fn compiled(&self, org_id: Uuid, rows: Vec<event_rule::Model>) -> Arc<Compiled> {
        if let Ok(m) = self.rules.lock()
            && let Some(c) = m.get(&org_id)
            && c.rows == rows
        {
            return c.clone();
        }
        let rules = rows
            .iter()
            .filter(|r| r.enabled)
            .filter_map(compile)
            .collect();
        let c = Arc::new(Compiled { rows, rules });
        if let Ok(mut m) = self.rules.lock() {
            m.insert(org_id, c.clone());
        }
        c
    }
}

/// A stored rule ready to match; one that no longer reads (a code this build does not
/// know) is skipped rather than stopping every event.
fn compile(r: &event_rule::Model) -> Option<CompiledRule> {
    Some(CompiledRule {
        id: r.id,
        name: r.name.clone(),
        matcher: Matcher {
            source_id: r.source_id,
            min_severity: EventSeverity::from_number(u8::try_from(r.min_severity).ok()?)?,
            host: r.host.clone(),
            pattern: check_pattern(&r.pattern).ok()?,
        },
        action: RuleAction::from_code(&r.action)?,
        category: Category::from_code(&r.category)?,
        severity: r.severity.as_deref().and_then(Severity::from_code),
        incident_id: r.incident_id,
        window: Duration::minutes(i64::from(r.window_minutes)),
    })
}

pub(crate) fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}
