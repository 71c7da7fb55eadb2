//! The contractor register (外部委託): the companies that handle the organization's
//! information with their 法人番号 and certifications, the contracts under which they
//! do (the department, the period, the assets, whether personal data or 特定個人情報 is
//! entrusted, the template's security clauses ticked), the sub-contractors each
//! contract uses with the approval they need, and the periodic checks made. A lapsed
//! certification, a contract ending and an unapproved sub-contractor stand out.
//!
//! The parts, each depending only on those before it: [`row`] (stored ↔ shown and
//! audited), [`view`], [`input`] (forms, API bodies and the contract register's
//! filters), then the use cases: [`reads`], [`writes`] (contractors and their
//! certifications), [`contracts`] (contracts, sub-contractors, checks), [`people`]
//! (the staff register's contractor staff) and [`reminders`].

mod contracts;
mod input;
mod people;
mod reads;
mod reminders;
mod row;
mod view;
mod writes;

pub use input::{
    CertificationInput, CheckInput, ClauseSettingsInput, ContractInput, ContractQuery,
    ContractorInput, SubcontractApproval, SubcontractorInput,
};
pub use people::{ContractorPerson, PersonInput};
pub use reads::EXPORT_HEADERS;
pub use view::{
    CertificationView, CheckView, ClauseTick, ContractDetail, ContractView, ContractorCounts,
    ContractorDetail, ContractorView, SubcontractorView,
};
