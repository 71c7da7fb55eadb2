//! Stored rows of policy documents ↔ what the app shows.

use chrono::NaiveDate;
use mamori_domain::policy::sections::Split;
use mamori_domain::policy::{Dated, Disclosure, Status, Tier, VersionState, document_code, status};
use mamori_store::entity::{policy_document, policy_section, policy_version};
use mamori_store::policies::{AttachmentInfo, VersionHead};
use uuid::Uuid;

use super::view::{AttachmentView, DocumentSummary, SectionView, VersionSummary};
use crate::departments::DeptIndex;

pub(super) fn head_of(m: &policy_version::Model) -> VersionHead {
    VersionHead {
        id: m.id,
        document_id: m.document_id,
        version: m.version,
        state: m.state.clone(),
        title: m.title.clone(),
        text_hash: m.text_hash.clone(),
        note: m.note.clone(),
        meeting: m.meeting.clone(),
        decided_on: m.decided_on,
        decision_no: m.decision_no.clone(),
        effective_on: m.effective_on,
        created_by: m.created_by.clone(),
        approved_by: m.approved_by.clone(),
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

pub(super) fn state_of(h: &VersionHead) -> VersionState {
    VersionState::from_code(&h.state).unwrap_or(VersionState::Draft)
}

fn dated(h: &VersionHead) -> Dated {
    Dated {
        version: h.version,
        state: state_of(h),
        effective_on: h.effective_on,
    }
}

/// The status of `h` among the versions of its document, on `today`.
pub(super) fn status_of(h: &VersionHead, all: &[VersionHead], today: NaiveDate) -> Status {
    let ds: Vec<Dated> = all.iter().map(dated).collect();
    status(&dated(h), &ds, today)
}

pub(super) fn version_summary(
    h: &VersionHead,
    all: &[VersionHead],
    today: NaiveDate,
) -> VersionSummary {
    VersionSummary {
        version: h.version,
        status: status_of(h, all, today),
        title: h.title.clone(),
        note: h.note.clone(),
        text_hash: h.text_hash.clone(),
        meeting: h.meeting.clone(),
        decided_on: h.decided_on,
        decision_no: h.decision_no.clone(),
        effective_on: h.effective_on,
        created_by: h.created_by.clone(),
        approved_by: h.approved_by.clone(),
        updated_at: h.updated_at,
    }
}

pub(super) fn tier_of(m: &policy_document::Model) -> Tier {
    Tier::from_code(&m.tier).unwrap_or(Tier::Standards)
}

pub(super) fn disclosure_of(m: &policy_document::Model) -> Disclosure {
    // An unreadable value is treated as the most restricted, never as public.
    Disclosure::from_code(&m.disclosure).unwrap_or(Disclosure::Restricted)
}

/// A document with what its versions say today; `heads` are its own versions.
pub(super) fn document_summary(
    m: &policy_document::Model,
    heads: &[VersionHead],
    depts: &DeptIndex,
    today: NaiveDate,
) -> DocumentSummary {
    let summaries: Vec<VersionSummary> = heads
        .iter()
        .map(|h| version_summary(h, heads, today))
        .collect();
    let in_force = summaries
        .iter()
        .find(|v| v.status == Status::InForce)
        .cloned();
    let pending = summaries
        .iter()
        .rev()
        .find(|v| matches!(v.status, Status::Draft | Status::Review | Status::Scheduled))
        .cloned();
    DocumentSummary {
        id: m.id,
        code: document_code(m.number),
        number: m.number,
        tier: tier_of(m),
        title: m.title.clone(),
        disclosure: disclosure_of(m),
        department_id: m.department_id,
        department: m
            .department_id
            .map(|d| depts.path(d))
            .filter(|p| !p.is_empty()),
        in_force,
        pending,
    }
}

/// The anchor of a section on its page (`3.2` → `s-3-2`).
pub(super) fn anchor(number: &str) -> String {
    format!("s-{}", number.replace('.', "-"))
}

pub(super) fn section_view(m: &policy_section::Model) -> SectionView {
    SectionView {
        number: m.number.clone(),
        depth: m.depth,
        heading: m.heading.clone(),
        anchor: anchor(&m.number),
        html: mamori_domain::policy::markdown::render(&m.body),
    }
}

/// The stored sections of a version's text.
pub(super) fn section_rows(
    org_id: Uuid,
    version_id: Uuid,
    split: &Split,
    mut new_id: impl FnMut() -> Uuid,
) -> Vec<policy_section::Model> {
    split
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| policy_section::Model {
            id: new_id(),
            org_id,
            version_id,
            position: i32::try_from(i).unwrap_or(i32::MAX),
            number: s.number.clone(),
            depth: i32::from(s.depth),
            heading: s.heading.clone(),
            body: s.body.clone(),
        })
        .collect()
}

pub(super) fn attachment_view(a: &AttachmentInfo) -> AttachmentView {
    AttachmentView {
        id: a.id,
        file_name: a.file_name.clone(),
        file_type: a.file_type.clone(),
        size: a.size,
        sha256: a.sha256.clone(),
        uploaded_by: a.uploaded_by.clone(),
        uploaded_at: a.uploaded_at,
    }
}

/// A document as its audit entries record it.
pub(super) fn audited_document(m: &policy_document::Model) -> serde_json::Value {
    serde_json::json!({
        "number": document_code(m.number),
        "tier": m.tier,
        "title": m.title,
        "disclosure": m.disclosure,
        "department": m.department_id,
        "governs": m.governs,
    })
}

/// A version as its audit entries record it: its fingerprint, not its text (the text
/// is kept in the version itself, which is never changed once approved).
pub(super) fn audited_version(h: &VersionHead) -> serde_json::Value {
    serde_json::json!({
        "version": h.version,
        "state": h.state,
        "title": h.title,
        "text_hash": h.text_hash,
        "note": h.note,
        "meeting": h.meeting,
        "decided_on": h.decided_on,
        "decision_no": h.decision_no,
        "effective_on": h.effective_on,
    })
}
