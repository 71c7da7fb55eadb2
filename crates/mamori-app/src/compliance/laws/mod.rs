//! The laws and obligations register (法令等の遵守, policy §10): the laws, ordinances
//! and rules that bind the organization's information handling, their obligations and
//! the policy sections and controls that meet each, amendments (each opens a review of
//! its law) and reviews. The compliance view lists what an auditor asks about first:
//! obligations nothing meets, and laws owed a review.
//!
//! The parts, each depending only on those before it: [`row`] (stored ↔ shown and
//! audited), [`view`], [`input`] (forms, API bodies and the register's filters), then
//! the use cases: [`reads`], [`writes`] (laws), [`keeping`] (obligations, amendments,
//! reviews), [`standard`] (seeding the usual set) and
//! [`reminders`].

mod input;
mod keeping;
mod reads;
mod reminders;
mod row;
mod standard;
mod view;
mod writes;

pub use input::{AmendmentInput, LawInput, LawQuery, LawReviewInput, ObligationInput};
pub use reads::EXPORT_HEADERS;
pub use view::{
    AmendmentView, LawCounts, LawDetail, LawReviewView, LawView, LawsCompliance, ObligationView,
    RuleLink,
};
