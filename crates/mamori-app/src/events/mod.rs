//! Security events in from monitoring (the policy's §8 運用監視): sources that send
//! them (a webhook with its own secret, or syslog from known addresses), the events
//! kept (identical repeats folded), the rules that draft incidents from them or add
//! them to an open one, and how long they are kept.
//!
//! Events are machine data: a batch is written in one transaction without an audit
//! entry of its own (a flood must not flood the audit log); what people do — sources,
//! rules, settings — is audited, so is every incident a rule drafts, and the purge is
//! one audit entry per organization and run.

mod ingest;
mod input;
mod reads;
mod retention;
mod row;
mod runtime;
mod syslog;
mod view;
mod webhook;
mod writes;

pub use input::{EventQuery, EventSettingsInput, RuleInput, SourceInput};
pub(crate) use runtime::Runtime;
pub use runtime::SourceCounters;
pub use syslog::{SyslogConfig, SyslogListeners};
pub use view::{EventSettingsView, EventView, IngestReceipt, RuleView, SourceCreated, SourceView};
pub use webhook::WebhookRefusal;

/// How long events are kept unless the organization says otherwise.
pub const DEFAULT_RETENTION_DAYS: i32 = 365;

/// Where a webhook source posts, under the API prefix.
pub fn webhook_path(source_id: uuid::Uuid) -> String {
    format!("/api/v1/events/ingest/{source_id}")
}
