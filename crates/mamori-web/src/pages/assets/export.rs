//! The ledger as CSV or Excel in the importer's columns, and as a printable document;
//! each with the ledger's filters.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::import::assets::export_headers;

use super::list::ListParams;
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{csv_download, dated, render, xlsx_download};
use crate::session::SignedIn;

/// The file's and the sheet's name.
const NAME: &str = "情報資産台帳";

async fn export_rows(
    state: &WebState,
    user: &SignedIn,
    p: &ListParams,
) -> Result<Vec<Vec<String>>, WebError> {
    state
        .app
        .export_assets(user.actor(), &p.to_query())
        .await
        .lang(user.lang)
}

pub async fn export_csv(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let rows = export_rows(&state, &user, &p).await?;
    let stem = dated(NAME, state.app.today());
    Ok(csv_download(
        &export_headers(),
        &mut rows.into_iter(),
        &stem,
    ))
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
        &export_headers(),
        &mut rows.into_iter(),
        &stem,
        user.lang,
    )
}

/// The register as a printable A4-landscape document: every matching asset, the columns
/// a paper ledger keeps.
#[derive(Template)]
#[template(path = "asset_print.html")]
struct PrintPage {
    ctx: Ctx,
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    printed_on: String,
}

/// Columns of the printed register, by the importer's header names.
const PRINT_COLUMNS: [&str; 13] = [
    "管理番号",
    "資産種別",
    "情報資産名称",
    "業務分類",
    "管理部署",
    "媒体・保存先",
    "保存期限",
    "機密性",
    "完全性",
    "可用性",
    "重要度",
    "個人情報の種類",
    "次回見直し日",
];

pub async fn print(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let rows = export_rows(&state, &user, &p).await?;
    let all = export_headers();
    let picks: Vec<usize> = PRINT_COLUMNS
        .iter()
        .filter_map(|h| all.iter().position(|a| a == h))
        .collect();
    let ctx = Ctx::new(&user);
    Ok(render(&PrintPage {
        headers: picks.iter().map(|i| all[*i]).collect(),
        rows: rows
            .into_iter()
            .map(|r| {
                picks
                    .iter()
                    .map(|i| r.get(*i).cloned().unwrap_or_default())
                    .collect()
            })
            .collect(),
        printed_on: ctx.day(&state.app.today()),
        ctx,
    }))
}
