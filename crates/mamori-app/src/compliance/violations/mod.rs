//! Violations of the policy (§11), as restricted records: only the roles the
//! organization designates (the CISO and the deputy CISO by default, never the
//! person's own department) see them; to anyone else every one of them is a 404, and
//! every read is audited. Others see counts that name nobody.
//!
//! A record is assessed on culpability and impact, which give the measures the
//! organization's guidance recommends; the decision (by the designated role or the
//! committee, with its meeting and number), the person's explanation (弁明) and the
//! measures done are recorded. Suspending access acts on the person's Mamori account
//! at once. The audit log keeps each change with the record's number and codes only
//! — never names or narrative — so the purge after the retention period leaves a
//! tombstone and no personal data.

mod input;
mod reads;
mod view;
mod writes;

pub use input::{AssessInput, DecideInput, ExplanationInput, MeasureInput, ViolationInput};
pub use reads::EXPORT_HEADERS;
pub use view::{CodeCount, DoneMeasure, ViolationCounts, ViolationView};
