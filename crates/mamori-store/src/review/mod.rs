//! Evaluation and review (§12): self-inspection campaigns ([`inspections`]) and
//! internal audits with their findings and corrective actions ([`audits`]).

pub mod audits;
pub mod inspections;
