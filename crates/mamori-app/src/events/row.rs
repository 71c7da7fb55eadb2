//! Stored rows of sources, rules and events into views.

use mamori_domain::event::EventSeverity;
use mamori_store::entity::{event_rule, event_source, security_event};

use super::runtime::Runtime;
use super::view::{EventView, RuleView, SourceView};
use super::webhook_path;

pub(super) fn source_view(m: &event_source::Model, runtime: &Runtime) -> SourceView {
    SourceView {
        id: m.id,
        name: m.name.clone(),
        kind: m.kind.clone(),
        senders: m.senders.clone(),
        enabled: m.enabled,
        last_event_at: m.last_event_at,
        webhook_path: (m.kind == "webhook").then(|| webhook_path(m.id)),
        counters: runtime.counters(m.id),
    }
}

fn severity(n: i32) -> EventSeverity {
    u8::try_from(n)
        .ok()
        .and_then(EventSeverity::from_number)
        .unwrap_or(EventSeverity::Debug)
}

pub(super) fn rule_view(
    m: &event_rule::Model,
    sources: &[event_source::Model],
    incident: Option<String>,
) -> RuleView {
    let level = severity(m.min_severity);
    RuleView {
        id: m.id,
        name: m.name.clone(),
        position: m.position,
        enabled: m.enabled,
        source_id: m.source_id,
        source_name: m
            .source_id
            .and_then(|s| sources.iter().find(|x| x.id == s))
            .map(|s| s.name.clone()),
        min_severity: level.code().into(),
        min_severity_level: level,
        host: m.host.clone(),
        pattern: m.pattern.clone(),
        action: m.action.clone(),
        category: m.category.clone(),
        severity: m.severity.clone(),
        incident,
        window_minutes: m.window_minutes,
    }
}

pub(super) fn event_view(
    m: security_event::Model,
    source_name: String,
    rule: Option<String>,
    incident_number: Option<String>,
) -> EventView {
    let level = severity(m.severity);
    EventView {
        id: m.id,
        source_id: m.source_id,
        source_name,
        received_at: m.received_at,
        last_at: m.last_at,
        occurred_at: m.occurred_at,
        host: m.host,
        app: m.app,
        severity: level.code().into(),
        severity_level: level,
        message: m.message,
        raw: m.raw,
        repeats: m.repeats,
        rule,
        incident_id: incident_number.as_ref().and(m.incident_id),
        incident_number,
    }
}
