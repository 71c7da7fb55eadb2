//! The risk register (リスク管理台帳): the organization's risk method, its threat and
//! vulnerability catalogs, risks with their three evaluations, treatment and formal
//! acceptance, the heat map, and assessment campaigns.
//!
//! The register is small next to the asset register (thousands of risks, not a
//! hundred thousand), so lists, counts and heat maps are answered by SQL over the
//! stored evaluations. Evaluations are computed once, on write, by the domain's method;
//! a change of method re-evaluates every stored risk in the same transaction.
//!
//! The parts, each depending only on those before it: [`row`] (the stored row and its
//! evaluation columns), [`view`] (what is shown and audited), [`query`] (the register's
//! filters), [`input`] (what a form or the API sends, and its checks), then the use
//! cases: [`method`], [`reads`] and [`writes`], with [`threats`] (the catalogs) and
//! [`campaigns`] (assessment campaigns).

pub mod campaigns;
mod input;
mod method;
mod query;
mod reads;
mod row;
mod threats;
mod view;
mod writes;

pub use input::{RiskInput, StageInput};
pub use query::RiskQuery;
pub use threats::{CatalogEntryInput, CatalogEntryView};
pub use view::{HeatMapView, RiskCounts, RiskLinks, RiskView, StageView};
