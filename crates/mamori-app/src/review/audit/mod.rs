//! Internal audits: programmes of several years, audits planned by fiscal year with
//! their scope, criteria, schedule and auditors (none auditing their own department
//! without a recorded reason), the findings and the audited department's answers, and
//! corrective actions followed up to their verification.

mod counts;
mod findings;
mod input;
mod plans;
mod rows;
mod view;

pub use counts::AuditCounts;
pub use input::{
    ActionReport, ActionVerification, AuditInput, AuditorInput, CorrectiveActionInput,
    FindingResponse, NewFinding, ProgrammeInput,
};
pub use view::{
    ActionView, AuditDetail, AuditView, AuditorView, FindingCounts, FindingView, ProgrammeView,
};
