//! Evaluation and review (§12): self-inspection campaigns ([`inspections`]).

pub mod inspections;
