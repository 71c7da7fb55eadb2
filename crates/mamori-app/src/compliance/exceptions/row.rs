//! The stored exception ↔ what is shown and audited.

use chrono::NaiveDate;
use mamori_domain::exception::{self, State};
use mamori_store::entity::exception as row;
use serde::Serialize;

use super::view::ExceptionView;
use crate::AppResult;
use crate::departments::DeptIndex;
use crate::error::stored;

pub(super) fn state_of(m: &row::Model) -> AppResult<State> {
    stored("exception state", &m.state, State::from_code(&m.state))
}

pub(super) fn view_of(
    m: &row::Model,
    idx: &DeptIndex,
    today: NaiveDate,
) -> AppResult<ExceptionView> {
    let state = state_of(m)?;
    let standing = exception::standing(state, m.valid_from, m.valid_until, today);
    Ok(ExceptionView {
        id: m.id,
        number: exception::code(m.number),
        title: m.title.clone(),
        department_id: m.department_id,
        department: m.department_id.map(|d| idx.path(d)).unwrap_or_default(),
        rule: m.rule.clone(),
        rule_kind: m.rule_kind.clone(),
        reason: m.reason.clone(),
        compensating: m.compensating.clone(),
        valid_from: m.valid_from,
        valid_until: m.valid_until,
        urgent: m.urgent,
        report_due: m.report_due,
        report_overdue: exception::report_overdue(state, m.report_due, today),
        state,
        standing,
        days_left: standing
            .in_effect()
            .then(|| (m.valid_until - today).num_days()),
        conditions: m.conditions.clone(),
        decision_ref: m.decision_ref.clone(),
        decided_by: m.decided_by.clone(),
        decided_on: m.decided_on,
        renews_id: m.renews_id,
        requested_by: m.requested_by.clone(),
        reviewed_on: m.reviewed_on,
        review_note: m.review_note.clone(),
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// What the audit log keeps of an exception.
#[derive(Serialize)]
pub(super) struct Audited<'a> {
    number: String,
    title: &'a str,
    department_id: Option<uuid::Uuid>,
    rule: &'a str,
    reason: &'a str,
    compensating: &'a str,
    assets: &'a [String],
    valid_from: NaiveDate,
    valid_until: NaiveDate,
    urgent: bool,
    report_due: Option<NaiveDate>,
    state: &'a str,
    conditions: &'a str,
    decision_ref: &'a str,
    decided_by: &'a str,
    decided_on: Option<NaiveDate>,
    renews_id: Option<uuid::Uuid>,
    reviewed_on: Option<NaiveDate>,
    review_note: &'a str,
}

/// `assets`: the numbers of the assets it covers.
pub(super) fn audited<'a>(m: &'a row::Model, assets: &'a [String]) -> Audited<'a> {
    Audited {
        number: exception::code(m.number),
        title: &m.title,
        department_id: m.department_id,
        rule: &m.rule,
        reason: &m.reason,
        compensating: &m.compensating,
        assets,
        valid_from: m.valid_from,
        valid_until: m.valid_until,
        urgent: m.urgent,
        report_due: m.report_due,
        state: &m.state,
        conditions: &m.conditions,
        decision_ref: &m.decision_ref,
        decided_by: &m.decided_by,
        decided_on: m.decided_on,
        renews_id: m.renews_id,
        reviewed_on: m.reviewed_on,
        review_note: &m.review_note,
    }
}

/// The register's search key: number, title and rule, folded.
pub(super) fn search_key(m: &row::Model) -> String {
    mamori_domain::text::search_key_fields(&[&exception::code(m.number), &m.title, &m.rule])
}
