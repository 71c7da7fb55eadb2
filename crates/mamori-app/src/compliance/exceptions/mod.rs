//! Exceptions to the standards (例外措置): a department asks to depart from one rule for
//! a period, with measures that make up for it; the designated role decides; an urgent
//! one is taken first and reported afterwards. An exception in effect shows on the
//! records it touches (the control, the asset, the SoA line, the risk), and the daily
//! job tells the department before it ends and when the rule applies again.
//!
//! The parts, each depending only on those before it: [`row`] (stored ↔ shown and
//! audited), [`view`], [`query`] (the register's filters), [`input`], then the use
//! cases: [`reads`], [`writes`], [`touching`] (the records an exception shows on) and
//! [`reminders`].

mod input;
mod query;
mod reads;
mod reminders;
mod row;
mod touching;
mod view;
mod writes;

pub use input::{DecisionInput, ExceptionInput, ExceptionSettingsInput, ReviewInput};
pub use query::ExceptionQuery;
pub use reads::EXPORT_HEADERS;
pub use view::{ExceptionCounts, ExceptionDetail, ExceptionView, Linked};
