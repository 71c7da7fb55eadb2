//! The stored laws ↔ what is shown and audited. A register is read whole
//! ([`Register`]): its laws, the departments they apply to, their obligations and
//! links, and the amendments; every view is built from that one read.

use std::collections::HashMap;

use chrono::NaiveDate;
use mamori_domain::law::{self, Kind};
use mamori_store::entity::{law as row, law_amendment, law_obligation, law_obligation_link};
use serde::Serialize;
use uuid::Uuid;

use super::view::{AmendmentView, DepartmentRef, LawView, ObligationView, RuleLink};
use crate::AppResult;
use crate::departments::DeptIndex;
use crate::error::stored;

/// An organization's register as read from the store.
pub(super) struct Register {
    pub laws: Vec<row::Model>,
    /// law → the departments it applies to (when not all).
    pub departments: HashMap<Uuid, Vec<Uuid>>,
    pub obligations: Vec<law_obligation::Model>,
    /// obligation → what meets it.
    pub links: HashMap<Uuid, Vec<String>>,
    /// law → its open amendments.
    pub open_amendments: HashMap<Uuid, usize>,
}

impl Register {
    pub fn new(
        laws: Vec<row::Model>,
        departments: Vec<(Uuid, Uuid)>,
        obligations: Vec<law_obligation::Model>,
        links: Vec<law_obligation_link::Model>,
        amendments: &[law_amendment::Model],
    ) -> Self {
        let mut by_law: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (l, d) in departments {
            by_law.entry(l).or_default().push(d);
        }
        let mut by_obligation: HashMap<Uuid, Vec<String>> = HashMap::new();
        for l in links {
            by_obligation
                .entry(l.obligation_id)
                .or_default()
                .push(l.rule);
        }
        let mut open: HashMap<Uuid, usize> = HashMap::new();
        for a in amendments.iter().filter(|a| a.review_id.is_none()) {
            *open.entry(a.law_id).or_default() += 1;
        }
        Self {
            laws,
            departments: by_law,
            obligations,
            links: by_obligation,
            open_amendments: open,
        }
    }

    pub fn law(&self, id: Uuid) -> Option<&row::Model> {
        self.laws.iter().find(|l| l.id == id)
    }

    pub fn obligations_of(&self, law_id: Uuid) -> impl Iterator<Item = &law_obligation::Model> {
        self.obligations.iter().filter(move |o| o.law_id == law_id)
    }

    pub fn links_of(&self, obligation: Uuid) -> &[String] {
        self.links.get(&obligation).map_or(&[], Vec::as_slice)
    }

    /// The law as shown on `today`.
    pub fn view(&self, m: &row::Model, idx: &DeptIndex, today: NaiveDate) -> AppResult<LawView> {
        let kind = kind_of(m)?;
        let open = self.open_amendments.get(&m.id).copied().unwrap_or(0);
        let (mut obligations, mut unlinked) = (0, 0);
        for o in self.obligations_of(m.id) {
            obligations += 1;
            if self.links_of(o.id).is_empty() {
                unlinked += 1;
            }
        }
        let departments = self
            .departments
            .get(&m.id)
            .map(|ds| {
                ds.iter()
                    .map(|&id| DepartmentRef {
                        id,
                        name: idx.path(id),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(LawView {
            id: m.id,
            number: law::code(m.number),
            title: m.title.clone(),
            kind,
            reference: m.reference.clone(),
            owner_department_id: m.owner_department_id,
            owner_department: m
                .owner_department_id
                .map(|d| idx.path(d))
                .unwrap_or_default(),
            applies_all: m.applies_all,
            departments,
            review_months: m.review_months,
            last_reviewed: m.last_reviewed,
            next_review: m.next_review,
            review: law::review_status(m.repealed, open > 0, m.next_review, today),
            repealed: m.repealed,
            notes: m.notes.clone(),
            standard: !m.standard_key.is_empty(),
            obligations,
            unlinked,
            open_amendments: open,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }

    pub fn obligation_view(&self, o: &law_obligation::Model) -> ObligationView {
        let (number, title) = self
            .law(o.law_id)
            .map(|l| (law::code(l.number), l.title.clone()))
            .unwrap_or_default();
        ObligationView {
            id: o.id,
            law_id: o.law_id,
            law_number: number,
            law_title: title,
            article: o.article.clone(),
            duty: o.duty.clone(),
            links: self
                .links_of(o.id)
                .iter()
                .map(|r| RuleLink {
                    rule: r.clone(),
                    label: r.clone(),
                    href: None,
                })
                .collect(),
        }
    }

    /// Whether a law concerns `department`'s subtree: it owns it, applies to all, or
    /// applies to a department above, in or below it.
    pub fn concerns(&self, m: &row::Model, idx: &DeptIndex, department: Uuid) -> bool {
        let below = idx.subtree(department);
        m.applies_all
            || m.owner_department_id.is_some_and(|d| below.contains(&d))
            || self.departments.get(&m.id).is_some_and(|ds| {
                ds.iter()
                    .any(|&d| below.contains(&d) || idx.subtree(d).contains(&department))
            })
    }
}

pub(super) fn kind_of(m: &row::Model) -> AppResult<Kind> {
    stored("law kind", &m.kind, Kind::from_code(&m.kind))
}

pub(super) fn amendment_view(a: &law_amendment::Model) -> AmendmentView {
    AmendmentView {
        id: a.id,
        promulgated_on: a.promulgated_on,
        effective_on: a.effective_on,
        reference: a.reference.clone(),
        summary: a.summary.clone(),
        open: a.review_id.is_none(),
        recorded_by: a.recorded_by.clone(),
    }
}

/// The folded text the register's search matches.
pub(super) fn search_key(m: &row::Model) -> String {
    mamori_domain::text::search_key_fields(&[&law::code(m.number), &m.title, &m.reference])
}

/// What the audit log keeps of a law.
#[derive(Serialize)]
pub(super) struct Audited<'a> {
    number: String,
    title: &'a str,
    kind: &'a str,
    reference: &'a str,
    owner_department_id: Option<Uuid>,
    applies_all: bool,
    departments: &'a [Uuid],
    review_months: i32,
    last_reviewed: Option<NaiveDate>,
    next_review: Option<NaiveDate>,
    repealed: bool,
    notes: &'a str,
}

pub(super) fn audited<'a>(m: &'a row::Model, departments: &'a [Uuid]) -> Audited<'a> {
    Audited {
        number: law::code(m.number),
        title: &m.title,
        kind: &m.kind,
        reference: &m.reference,
        owner_department_id: m.owner_department_id,
        applies_all: m.applies_all,
        departments,
        review_months: m.review_months,
        last_reviewed: m.last_reviewed,
        next_review: m.next_review,
        repealed: m.repealed,
        notes: &m.notes,
    }
}

/// What the audit log keeps of an obligation.
#[derive(Serialize)]
pub(super) struct AuditedObligation<'a> {
    pub law: String,
    pub article: &'a str,
    pub duty: &'a str,
    pub links: &'a [String],
}
