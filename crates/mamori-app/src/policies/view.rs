//! What pages, the API and the audit log show of policy documents.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::policy::diff::SectionDiff;
use mamori_domain::policy::{Disclosure, Status, Tier};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A version as lists show it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ToSchema)]
pub struct VersionSummary {
    pub version: i32,
    /// Where it stands today.
    #[schema(value_type = String)]
    pub status: Status,
    pub title: String,
    /// What changed, in the author's words.
    pub note: String,
    /// SHA-256 of title and text.
    pub text_hash: String,
    /// The committee meeting that approved it.
    pub meeting: String,
    pub decided_on: Option<NaiveDate>,
    pub decision_no: String,
    /// The day it takes (or took) effect.
    pub effective_on: Option<NaiveDate>,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// A document as the register lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentSummary {
    pub id: Uuid,
    /// `POL-001`.
    pub code: String,
    pub number: i32,
    #[schema(value_type = String)]
    pub tier: Tier,
    pub title: String,
    #[schema(value_type = String)]
    pub disclosure: Disclosure,
    pub department_id: Option<Uuid>,
    /// The owning department's path (`総務部/情報政策課`).
    pub department: Option<String>,
    /// The version in force today.
    pub in_force: Option<VersionSummary>,
    /// The newest version not yet in force (a draft, one in review, or one approved
    /// for a later date).
    pub pending: Option<VersionSummary>,
}

/// A document with its versions, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentView {
    #[serde(flatten)]
    pub summary: DocumentSummary,
    /// The controls it governs: `catalog:control` or an applied control's number.
    pub governs: Vec<String>,
    pub versions: Vec<VersionSummary>,
    /// The reader may edit the document and its drafts.
    pub may_edit: bool,
    /// The reader may record the committee's approval.
    pub may_approve: bool,
}

/// One numbered section, rendered.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SectionView {
    pub number: String,
    pub depth: i32,
    pub heading: String,
    /// The page anchor (`s-3-2`).
    pub anchor: String,
    /// The body as sanitized HTML.
    pub html: String,
}

/// An original attached to a version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: Uuid,
    pub file_name: String,
    pub file_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

/// A version with its text.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionView {
    pub document: DocumentSummary,
    pub version: VersionSummary,
    /// Text before the first heading, as sanitized HTML.
    pub preamble_html: String,
    pub sections: Vec<SectionView>,
    /// The Markdown, headings numbered.
    pub body: String,
    pub attachments: Vec<AttachmentView>,
    /// The reader may edit the document: submit, return, attach originals.
    pub editor: bool,
    /// A draft the reader may edit.
    pub may_edit: bool,
    /// In review, and the reader may record the committee's approval.
    pub may_approve: bool,
}

/// The difference between two versions of a document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DiffView {
    pub document: DocumentSummary,
    pub from: VersionSummary,
    pub to: VersionSummary,
    #[schema(value_type = Vec<Object>)]
    pub sections: Vec<SectionDiff>,
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
}

/// What the public page of an organization shows: its published documents in force,
/// the one asked for in full, and that document's approved versions.
#[derive(Debug, Clone, Serialize)]
pub struct PublicPolicy {
    pub org_name: String,
    pub org_code: String,
    /// Every published document in force (for the page's list of documents).
    pub documents: Vec<DocumentSummary>,
    /// The document shown, at the version asked for (the one in force by default).
    pub shown: VersionView,
    /// Its versions that have been in force or are approved, newest first.
    pub history: Vec<VersionSummary>,
}
