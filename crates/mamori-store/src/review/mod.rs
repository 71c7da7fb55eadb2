//! Evaluation and review (§12): self-inspection campaigns ([`inspections`]) and
//! internal audits with their findings and corrective actions ([`audits`]), and the
//! security committee's meetings and decisions ([`committee`]); every date something
//! is due by ([`due`]) and each user's calendar feed ([`feeds`]); revisions of the
//! policy opened by evaluation ([`revisions`]); the annual report ([`annual`]).

pub mod annual;
pub mod audits;
pub mod committee;
pub mod due;
pub mod feeds;
pub mod inspections;
pub mod revisions;
