//! Evaluation and review (§12): self-inspection campaigns ([`inspections`]) and
//! internal audits with their findings and corrective actions ([`audits`]), and the
//! security committee's meetings and decisions ([`committee`]).

pub mod audits;
pub mod committee;
pub mod inspections;
