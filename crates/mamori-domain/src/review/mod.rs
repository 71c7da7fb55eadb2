//! Evaluation and review (policy §12): self-inspection (自己点検) first; internal
//! audits, the committee's decisions and the annual report build on it.

pub mod inspection;

#[cfg(test)]
mod tests;
