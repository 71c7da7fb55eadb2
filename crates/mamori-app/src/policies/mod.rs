//! Policy documents (the policy's §3): the basic policy, the standards and the
//! procedures, each with versions that are drafted, reviewed, approved by the
//! committee and put in force on a date; the difference between any two versions;
//! the originals they came from; and the public page of what is published.
//!
//! Who may read a document depends on its disclosure (公開 / 庁内限定 / 関係者限定);
//! a document someone may not read is not found, in lists as on its own page. The
//! version in force is worked out from the approved versions' dates, never stored, so
//! it changes on the day without a job (decision 030).

pub mod acks;
mod approval;
mod input;
mod public;
mod reads;
mod row;
mod view;
mod writes;

pub use input::{ApprovalInput, DocumentInput, DraftInput, StepInput, text_from_file};
pub use view::{
    AttachmentView, DiffView, DocumentSummary, DocumentView, PublicPolicy, SectionView,
    VersionSummary, VersionView,
};
