//! The staff list as CSV or Excel, with the list's filters, in the importer's columns.

use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::import::staff::{EXPORT_HEADERS, export_row};

use super::list::ListParams;
use crate::WebState;
use crate::error::{InLang, WebError};
use crate::pages::{csv_download, dated, xlsx_download};
use crate::session::SignedIn;

/// The file's and the sheet's name.
const NAME: &str = "職員一覧";

async fn export_rows(
    state: &WebState,
    user: &SignedIn,
    p: &ListParams,
) -> Result<Vec<Vec<String>>, WebError> {
    let (rows, _) = state
        .app
        .export_staff_rows(user.actor(), &p.q.to_query())
        .await
        .lang(user.lang)?;
    Ok(rows.iter().map(export_row).collect())
}

pub async fn export_csv(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let rows = export_rows(&state, &user, &p).await?;
    let stem = dated(NAME, state.app.today());
    Ok(csv_download(&EXPORT_HEADERS, &mut rows.into_iter(), &stem))
}

pub async fn export_xlsx(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let rows = export_rows(&state, &user, &p).await?;
    let stem = dated(NAME, state.app.today());
    xlsx_download(
        NAME,
        &EXPORT_HEADERS,
        &mut rows.into_iter(),
        &stem,
        user.lang,
    )
}
