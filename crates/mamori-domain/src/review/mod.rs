//! Evaluation and review (policy §12): self-inspection (自己点検) and internal audits
//! (監査) with their findings and corrective actions; the committee's decisions and the
//! annual report build on them.

pub mod audit;
pub mod committee;
pub mod inspection;

#[cfg(test)]
mod tests;
