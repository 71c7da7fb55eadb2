//! Staff register pages: the list with search ([`list`]) and its exports ([`export`]),
//! the form to create and edit ([`form`]), a staff member's profile with retirement,
//! account and password reset ([`detail`]), and ISMS roles ([`roles`]).

mod detail;
mod export;
mod form;
mod list;
mod roles;

pub use detail::{create_account, detail, issue_reset, retire};
pub use export::{export_csv, export_xlsx};
pub use form::{create, edit_page, new_page, update};
pub use list::list;
pub use roles::{assign_role, remove_role, roles_overview};
