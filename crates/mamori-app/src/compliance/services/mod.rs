//! External services (外部サービス): the SaaS, cloud platforms, LGWAN-ASP and public web
//! services the organization puts information into — each with its provider from the
//! contractor register, the department that keeps it, the ceiling of what may go on it,
//! its ISMAP listing, where it keeps the data, the terms accepted, its administrators,
//! and the deletion of the data when its use ends. An asset placed on a service above
//! that ceiling is flagged on the service and on the asset.
//!
//! The parts, each depending only on those before it: [`row`] (stored ↔ shown and
//! audited), [`view`], [`input`], then the use cases [`reads`] and [`writes`].

mod input;
mod reads;
mod row;
mod view;
mod writes;

pub use input::{ServiceInput, ServiceQuery};
pub use reads::EXPORT_HEADERS;
pub(crate) use row::service_key as search_key;
pub use view::{
    AssetService, PlacedAsset, ServiceAdmin, ServiceCounts, ServiceDetail, ServiceView,
};
