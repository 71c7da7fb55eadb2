//! Stored places, grants, reviews and entries ↔ what is shown and audited.

use std::collections::HashMap;

use chrono::NaiveDate;
use mamori_domain::physical::entry::Flags;
use mamori_domain::physical::grant::{GrantDates, Review, standing};
use mamori_domain::physical::{EntryControl, Level, PlaceKind, parse_controls};
use mamori_store::entity::{area_entry, area_grant, area_review, area_signoff, place, staff};
use serde::Serialize;
use uuid::Uuid;

use super::input::LogColumns;
use super::view::{EntryView, GrantView, Person, PlaceView, ReviewView, SignoffView};
use crate::AppResult;
use crate::departments::DeptIndex;
use crate::error::stored;

pub(super) fn person(s: &staff::Model) -> Person {
    Person {
        staff_id: s.id,
        employee_number: s.employee_number.clone(),
        name: s.name.clone(),
    }
}

/// Staff by id, as named on records.
pub(crate) type People = HashMap<Uuid, Person>;

/// The organization's places, loaded whole and indexed by id.
pub(super) struct Places {
    pub all: Vec<place::Model>,
    by_id: HashMap<Uuid, usize>,
}

impl Places {
    pub fn new(all: Vec<place::Model>) -> Self {
        let by_id = all.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        Self { all, by_id }
    }

    pub fn get(&self, id: Uuid) -> Option<&place::Model> {
        self.by_id.get(&id).map(|i| &self.all[*i])
    }

    /// The places from the top down to `id`.
    fn chain(&self, id: Uuid) -> Vec<&place::Model> {
        let mut out = Vec::new();
        let mut at = self.get(id);
        // The tree is kept acyclic on write; the bound guards a hand-edited database.
        while let Some(p) = at {
            out.push(p);
            if out.len() > 8 {
                break;
            }
            at = p.parent_id.and_then(|pid| self.get(pid));
        }
        out.reverse();
        out
    }

    pub fn path(&self, id: Uuid) -> String {
        self.chain(id)
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(" / ")
    }

    pub fn depth(&self, id: Uuid) -> usize {
        self.chain(id).len().saturating_sub(1)
    }

    /// Whether `id` is `ancestor` or under it.
    pub fn is_within(&self, id: Uuid, ancestor: Uuid) -> bool {
        self.chain(id).iter().any(|p| p.id == ancestor)
    }

    /// Every place in tree order: each building, then what is in it, by code.
    pub fn in_tree_order(&self) -> Vec<&place::Model> {
        let mut children: HashMap<Option<Uuid>, Vec<&place::Model>> = HashMap::new();
        for p in &self.all {
            let parent = p.parent_id.filter(|pid| self.by_id.contains_key(pid));
            children.entry(parent).or_default().push(p);
        }
        let mut out = Vec::with_capacity(self.all.len());
        let mut stack: Vec<&place::Model> = children.get(&None).cloned().unwrap_or_default();
        stack.sort_by(|a, b| b.code.cmp(&a.code));
        while let Some(p) = stack.pop() {
            out.push(p);
            if out.len() > self.all.len() {
                break;
            }
            let mut kids = children.get(&Some(p.id)).cloned().unwrap_or_default();
            kids.sort_by(|a, b| b.code.cmp(&a.code));
            stack.extend(kids);
        }
        out
    }
}

pub(super) fn kind(m: &place::Model) -> AppResult<PlaceKind> {
    stored("place kind", &m.kind, PlaceKind::from_code(&m.kind))
}

pub(super) fn controls(m: &place::Model) -> Vec<EntryControl> {
    parse_controls(&m.controls).unwrap_or_default()
}

pub(super) fn log_columns(m: &place::Model) -> LogColumns {
    serde_json::from_str(&m.log_columns).unwrap_or_default()
}

/// What a place view needs besides the row.
pub(super) struct PlaceShown<'a> {
    pub places: &'a Places,
    pub idx: &'a DeptIndex,
    pub people: &'a People,
    pub pending: u64,
    pub review_due: bool,
}

pub(super) fn place_view(m: &place::Model, s: &PlaceShown<'_>) -> AppResult<PlaceView> {
    let kind = kind(m)?;
    Ok(PlaceView {
        id: m.id,
        kind,
        code: m.code.clone(),
        name: m.name.clone(),
        parent_id: m.parent_id,
        path: s.places.path(m.id),
        depth: s.places.depth(m.id),
        level: (kind == PlaceKind::Area)
            .then(|| Level::from_code(&m.level))
            .flatten(),
        department_id: m.department_id,
        department: m.department_id.map(|d| s.idx.path(d)).unwrap_or_default(),
        manager: m.manager_staff_id.and_then(|id| s.people.get(&id).cloned()),
        controls: controls(m),
        hours: m.hours.clone(),
        weekends: m.weekends,
        review_months: m.review_months,
        log_columns: log_columns(m),
        notes: m.notes.clone(),
        retired: m.retired,
        pending: s.pending,
        review_due: s.review_due,
    })
}

/// What the audit log keeps of a place.
#[derive(Serialize)]
pub(super) struct AuditedPlace<'a> {
    kind: &'a str,
    code: &'a str,
    name: &'a str,
    parent_id: Option<Uuid>,
    level: &'a str,
    department_id: Option<Uuid>,
    manager_staff_id: Option<Uuid>,
    controls: &'a str,
    hours: &'a str,
    weekends: bool,
    review_months: i32,
    log_columns: &'a str,
    notes: &'a str,
    retired: bool,
}

pub(super) fn audited_place(m: &place::Model) -> AuditedPlace<'_> {
    AuditedPlace {
        kind: &m.kind,
        code: &m.code,
        name: &m.name,
        parent_id: m.parent_id,
        level: &m.level,
        department_id: m.department_id,
        manager_staff_id: m.manager_staff_id,
        controls: &m.controls,
        hours: &m.hours,
        weekends: m.weekends,
        review_months: m.review_months,
        log_columns: &m.log_columns,
        notes: &m.notes,
        retired: m.retired,
    }
}

pub(super) fn grant_dates(m: &area_grant::Model) -> GrantDates {
    GrantDates {
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        granted_on: m.granted_on,
        confirmed_on: m.confirmed_on,
        removed_on: m.removed_on,
    }
}

pub(super) fn review(m: &area_review::Model) -> Review {
    Review {
        opened_on: m.opened_on,
        due_on: m.due_on,
        closed_on: m.closed_on,
    }
}

pub(super) fn grant_view(
    m: &area_grant::Model,
    latest: Option<&Review>,
    people: &People,
    today: NaiveDate,
) -> GrantView {
    GrantView {
        id: m.id,
        area_id: m.area_id,
        person: m.staff_id.and_then(|id| people.get(&id).cloned()),
        role: (!m.role.is_empty()).then(|| m.role.clone()),
        reason: m.reason.clone(),
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        granted_on: m.granted_on,
        granted_by: m.granted_by.clone(),
        confirmed_on: m.confirmed_on,
        removed_on: m.removed_on,
        removed_reason: m.removed_reason.clone(),
        standing: standing(&grant_dates(m), latest, today),
    }
}

/// What the audit log keeps of a grant.
#[derive(Serialize)]
pub(super) struct AuditedGrant<'a> {
    area_id: Uuid,
    staff_id: Option<Uuid>,
    role: &'a str,
    reason: &'a str,
    valid_from: NaiveDate,
    valid_to: NaiveDate,
    confirmed_on: Option<NaiveDate>,
    removed_on: Option<NaiveDate>,
    removed_reason: &'a str,
}

pub(super) fn audited_grant(m: &area_grant::Model) -> AuditedGrant<'_> {
    AuditedGrant {
        area_id: m.area_id,
        staff_id: m.staff_id,
        role: &m.role,
        reason: &m.reason,
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        confirmed_on: m.confirmed_on,
        removed_on: m.removed_on,
        removed_reason: &m.removed_reason,
    }
}

pub(super) fn review_view(
    m: &area_review::Model,
    grants: &[area_grant::Model],
    today: NaiveDate,
) -> ReviewView {
    let r = review(m);
    ReviewView {
        id: m.id,
        opened_on: m.opened_on,
        due_on: m.due_on,
        closed_on: m.closed_on,
        opened_by: m.opened_by.clone(),
        closed_by: m.closed_by.clone(),
        over: r.is_over(today),
        unconfirmed: grants
            .iter()
            .filter(|g| {
                let d = grant_dates(g);
                d.removed_on.is_none()
                    && d.valid_to >= r.opened_on
                    && mamori_domain::physical::grant::needs_confirming(&d, &r)
            })
            .count(),
    }
}

pub(super) fn entry_view(
    m: &area_entry::Model,
    area: Option<&place::Model>,
    people: &People,
) -> EntryView {
    let escort = match m.escort_staff_id.and_then(|id| people.get(&id)) {
        Some(p) => p.name.clone(),
        None => m.escort_name.clone(),
    };
    EntryView {
        id: m.id,
        area_id: m.area_id,
        area_code: area.map(|a| a.code.clone()).unwrap_or_default(),
        area_name: area.map(|a| a.name.clone()).unwrap_or_default(),
        person: m.staff_id.and_then(|id| people.get(&id).cloned()),
        badge: m.badge.clone(),
        visitor_name: m.visitor_name.clone(),
        company: m.company.clone(),
        purpose: m.purpose.clone(),
        escort,
        entered_at: m.entered_at,
        exited_at: m.exited_at,
        source: m.source.clone(),
        flags: Flags(m.flags)
            .list()
            .into_iter()
            .map(|f| f.code().to_owned())
            .collect(),
        pending: m.pending,
        explanation: m.explanation.clone(),
        settled_by: m.settled_by.clone(),
        settled_at: m.settled_at,
        incident_id: m.incident_id,
    }
}

pub(super) fn signoff_view(m: &area_signoff::Model) -> SignoffView {
    SignoffView {
        month: m.month.format("%Y-%m").to_string(),
        entries: m.entries,
        flagged: m.flagged,
        note: m.note.clone(),
        signed_by: m.signed_by.clone(),
        signed_at: m.signed_at,
    }
}
