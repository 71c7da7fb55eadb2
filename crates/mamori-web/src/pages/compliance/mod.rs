//! The compliance registers on the screens: the exception register with its filters
//! and exports, asking for an exception, its page (decision, review, renewal), and how
//! exceptions are run; violation records for the designated roles; the laws and
//! obligations register; the contractor register and its contracts; external services.

/// A register list's two downloads (`export.csv`, `export.xlsx`), each calling the
/// module's `download(state, user, params, format)` with its list's `ListParams`.
macro_rules! register_exports {
    () => {
        pub async fn export_csv(
            axum::extract::State(state): axum::extract::State<crate::WebState>,
            user: crate::session::SignedIn,
            axum::extract::Query(p): axum::extract::Query<ListParams>,
        ) -> Result<axum::response::Response, crate::error::WebError> {
            download(&state, &user, &p, crate::pages::Download::Csv).await
        }

        pub async fn export_xlsx(
            axum::extract::State(state): axum::extract::State<crate::WebState>,
            user: crate::session::SignedIn,
            axum::extract::Query(p): axum::extract::Query<ListParams>,
        ) -> Result<axum::response::Response, crate::error::WebError> {
            download(&state, &user, &p, crate::pages::Download::Xlsx).await
        }
    };
}
pub(crate) use register_exports;

mod contractors;
mod contracts;
mod exception;
mod exceptions;
mod law;
mod laws;
mod services;
mod violations;

pub(crate) use services::over_text;

use mamori_app::compliance::exceptions::ExceptionInput;
use uuid::Uuid;

use crate::pages::{Pairs, get};
use crate::route_table::route_table;

route_table! {
    pub const ROUTES = {
        "/exceptions" => get(exceptions::list),
        "/exceptions/new" => get(exceptions::new_page).post(exceptions::create),
        "/exceptions/export.csv" => get(exceptions::export_csv),
        "/exceptions/export.xlsx" => get(exceptions::export_xlsx),
        "/exceptions/settings" => get(exceptions::settings_page).post(exceptions::save_settings),
        "/exceptions/{id}" => get(exception::page),
        "/exceptions/{id}/edit" => get(exception::edit_page).post(exception::update),
        "/exceptions/{id}/decide" => post(exception::decide),
        "/exceptions/{id}/review" => post(exception::review),
        "/exceptions/{id}/withdraw" => post(exception::withdraw),
        "/exceptions/{id}/renew" => get(exception::renew_page).post(exception::renew),
        "/laws" => get(laws::list),
        "/laws/new" => get(laws::new_page).post(laws::create),
        "/laws/compliance" => get(laws::compliance),
        "/laws/export.csv" => get(laws::export_csv),
        "/laws/export.xlsx" => get(laws::export_xlsx),
        "/laws/seed" => post(laws::seed),
        "/laws/{id}" => get(law::page),
        "/laws/{id}/edit" => get(law::edit_page).post(law::update),
        "/laws/{id}/repeal" => post(law::repeal),
        "/laws/{id}/obligations" => post(law::add_obligation),
        "/laws/{id}/obligations/{oid}/edit" => get(law::obligation_edit).post(law::obligation_update),
        "/laws/{id}/obligations/{oid}/delete" => post(law::obligation_delete),
        "/laws/{id}/amendments" => post(law::amend),
        "/laws/{id}/reviews" => post(law::review),
        "/contractors" => get(contractors::list),
        "/contractors/new" => get(contractors::new_page).post(contractors::create),
        "/contractors/settings" => get(contractors::settings_page).post(contractors::save_settings),
        "/contractors/{id}" => get(contractors::page),
        "/contractors/{id}/edit" => get(contractors::edit_page).post(contractors::update),
        "/contractors/{id}/certifications" => post(contractors::add_certification),
        "/contractors/{id}/certifications/{cid}/delete" => post(contractors::remove_certification),
        "/contractors/{id}/people" => post(contractors::link_person),
        "/contractors/{id}/people/{pid}/delete" => post(contractors::unlink_person),
        "/contracts" => get(contracts::list),
        "/contracts/new" => get(contracts::new_page).post(contracts::create),
        "/contracts/export.csv" => get(contracts::export_csv),
        "/contracts/export.xlsx" => get(contracts::export_xlsx),
        "/contracts/{id}" => get(contracts::page),
        "/contracts/{id}/edit" => get(contracts::edit_page).post(contracts::update),
        "/contracts/{id}/subcontractors" => post(contracts::add_subcontractor),
        "/contracts/{id}/subcontractors/{sid}/approve" => post(contracts::approve),
        "/contracts/{id}/checks" => post(contracts::add_check),
        "/services" => get(services::list),
        "/services/new" => get(services::new_page).post(services::create),
        "/services/export.csv" => get(services::export_csv),
        "/services/export.xlsx" => get(services::export_xlsx),
        "/services/{id}" => get(services::page),
        "/services/{id}/edit" => get(services::edit_page).post(services::update),
        "/violations" => get(violations::list),
        "/violations/new" => get(violations::new_page).post(violations::create),
        "/violations/export.csv" => get(violations::export_csv),
        "/violations/export.xlsx" => get(violations::export_xlsx),
        "/violations/settings" => get(violations::settings_page).post(violations::save_settings),
        "/violations/{id}" => get(violations::page),
        "/violations/{id}/assess" => post(violations::assess),
        "/violations/{id}/decide" => post(violations::decide),
        "/violations/{id}/explanation" => post(violations::explain),
        "/violations/{id}/measure" => post(violations::measure),
        "/violations/{id}/close" => post(violations::close),
    }
}

/// An exception form as sent (assets one per line).
fn exception_input(f: &Pairs) -> ExceptionInput {
    ExceptionInput {
        title: get(f, "title").into(),
        department: Uuid::parse_str(get(f, "department").trim()).ok(),
        rule: get(f, "rule").into(),
        reason: get(f, "reason").into(),
        compensating: get(f, "compensating").into(),
        assets: get(f, "assets")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        valid_from: get(f, "valid_from").into(),
        valid_until: get(f, "valid_until").into(),
        urgent: get(f, "urgent") == "1",
    }
}
