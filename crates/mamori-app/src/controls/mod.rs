//! Control catalogs and the controls the organization applies (§8 of the basic
//! policy: human, physical, technical and operational measures).
//!
//! Catalogs are data: the built-in ones ship inside the binary (from `catalogs/`), and
//! an organization may import its own in the same TOML format, or a licensed version
//! of a built-in one (ISO/IEC 27001 titles), which then shadows the built-in for it.
//! Applied controls are what the city actually does, linked to catalog controls, risks
//! and assets, with evidence files (see [`evidence`]) and the Statement of
//! Applicability built from them (see [`soa`]).
//!
//! The parts: [`catalogs`] (reading, importing and exporting catalogs), [`applied`]
//! (the applied controls' input, list and writes) and [`views`] (how both are shown).

mod applied;
mod catalogs;
pub mod evidence;
pub mod soa;
mod views;

use chrono::NaiveDate;
use mamori_domain::control::evidence_stale;

pub use applied::{AppliedControlInput, ControlQuery};
pub use evidence::{EvidenceView, NewEvidence};
pub use views::{AppliedControlView, CatalogImport, CatalogSummary, CatalogView, ControlRef};

/// Whether evidence expired by `today` (re-exported for views).
pub fn stale(expires_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    evidence_stale(expires_on, today)
}
