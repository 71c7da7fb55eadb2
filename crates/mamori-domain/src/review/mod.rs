//! Evaluation and review (policy §12): self-inspection (自己点検), internal audits
//! (監査) with their findings and corrective actions, the committee's meetings and
//! decisions, the calendar of what is due, and the revisions (見直し) of the policy
//! that evaluation opens, and the annual report that sums the year up.

pub mod annual;
pub mod audit;
pub mod committee;
pub mod due;
pub mod inspection;
pub mod revision;

#[cfg(test)]
mod tests;
