//! Asset register pages: the ledger with filters and bulk actions ([`list`]), its
//! exports and printable form ([`export`]), the asset page with relations, handling
//! rules and history ([`detail`]), and the form to create and edit ([`form`]). What a
//! filter bar and the form offer is in [`options`].

mod detail;
mod export;
mod form;
mod list;
mod options;

pub use detail::{detail, relate, unrelate};
pub use export::{export_csv, export_xlsx, print};
pub use form::{create, edit_page, new_page, update};
pub use list::{bulk, list};
