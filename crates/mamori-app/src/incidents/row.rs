//! Stored incident rows ↔ what the domain and the views use.

use chrono::{DateTime, Utc};
use mamori_domain::incident::{Category, Severity, State};
use mamori_store::entity::{incident, incident_timeline};
use uuid::Uuid;

use super::view::TimelineEntry;

pub(super) fn category(m: &incident::Model) -> Category {
    Category::from_code(&m.category).unwrap_or(Category::Other)
}

pub(super) fn state(m: &incident::Model) -> State {
    State::from_code(&m.state).unwrap_or(State::Received)
}

pub(super) fn severity(m: &incident::Model) -> Option<Severity> {
    m.severity.as_deref().and_then(Severity::from_code)
}

/// Untouched past the first-response target.
pub(super) fn overdue(m: &incident::Model, now: DateTime<Utc>) -> bool {
    state(m).is_open() && m.first_response_at.is_none() && m.first_response_due < now
}

/// What free text is matched against: the number, the title and the description.
pub(super) fn search_key(m: &incident::Model) -> String {
    mamori_domain::text::search_key(&format!("{} {} {}", m.number, m.title, m.description))
}

/// A timeline entry to append (its number is given by the store).
pub(crate) fn entry(
    m: &incident::Model,
    id: Uuid,
    (happened_at, recorded_at): (DateTime<Utc>, DateTime<Utc>),
    actor: &str,
    (kind, body): (&str, String),
    corrects: Option<Uuid>,
) -> incident_timeline::Model {
    incident_timeline::Model {
        id,
        org_id: m.org_id,
        incident_id: m.id,
        seq: 0,
        happened_at,
        recorded_at,
        actor: actor.to_owned(),
        kind: kind.to_owned(),
        body,
        corrects,
    }
}

/// The timeline as shown: corrections point at the entry they correct by its number.
pub(super) fn timeline(rows: Vec<incident_timeline::Model>) -> Vec<TimelineEntry> {
    let seq_of: std::collections::HashMap<Uuid, i64> = rows.iter().map(|r| (r.id, r.seq)).collect();
    let corrected: std::collections::HashSet<Uuid> =
        rows.iter().filter_map(|r| r.corrects).collect();
    rows.into_iter()
        .map(|r| TimelineEntry {
            seq: r.seq,
            happened_at: r.happened_at,
            recorded_at: r.recorded_at,
            corrected: corrected.contains(&r.id),
            corrects: r.corrects.and_then(|c| seq_of.get(&c).copied()),
            actor: r.actor,
            kind: r.kind,
            body: r.body,
        })
        .collect()
}

/// What the audit log keeps of an incident's state.
pub(super) fn audited(m: &incident::Model, assets: &[String]) -> serde_json::Value {
    serde_json::json!({
        "number": m.number,
        "title": m.title,
        "category": m.category,
        "state": m.state,
        "severity": m.severity,
        "known_at": m.known_at,
        "occurred_at": m.occurred_at,
        "personal_data": m.personal_data,
        "persons": m.persons,
        "restricted": m.restricted,
        "assignee": m.assignee_staff_id,
        "end_reason": m.end_reason,
        "assets": assets,
    })
}
