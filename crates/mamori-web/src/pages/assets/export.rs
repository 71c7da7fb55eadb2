//! The ledger as CSV or Excel in the importer's columns, and as a printable document;
//! each with the ledger's filters.

use askama::Template;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::assets::AssetExport;
use mamori_app::import::assets::export_headers;
use mamori_app::tabular::{CsvWriter, TabularError, XlsxWriter};
use tokio_stream::wrappers::ReceiverStream;

use super::list::ListParams;
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{attachment, dated, render};
use crate::session::SignedIn;

/// The file's and the sheet's name.
const NAME: &str = "情報資産台帳";

async fn start(state: &WebState, user: &SignedIn, p: &ListParams) -> Result<AssetExport, WebError> {
    state
        .app
        .export_assets(user.actor(), &p.to_query())
        .await
        .lang(user.lang)
}

/// Chunks of a download body as they are made; an error ends the body early, so the
/// browser shows the download as failed rather than as a short file.
type Chunks = tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>;

/// The body of a streamed download, and the sender its producer feeds.
fn streamed() -> (Chunks, Body) {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    (tx, Body::from_stream(ReceiverStream::new(rx)))
}

/// Logs why a download stopped, under a reference, and ends its body with an error.
async fn fail(chunks: &Chunks, e: impl std::fmt::Display) {
    let reference = uuid::Uuid::now_v7();
    tracing::error!(%reference, "asset export failed: {e}");
    let _ = chunks
        .send(Err(std::io::Error::other(format!(
            "export failed ({reference})"
        ))))
        .await;
}

/// The CSV is sent as it is read: the header at once, then a page of rows at a time.
pub async fn export_csv(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let mut export = start(&state, &user, &p).await?;
    let (chunks, body) = streamed();
    tokio::spawn(async move {
        let mut csv = CsvWriter::new(&export_headers());
        loop {
            if chunks.send(Ok(Bytes::from(csv.take()))).await.is_err() {
                return; // the client went away
            }
            match export.next_page().await {
                Ok(Some(page)) => page.iter().for_each(|row| csv.row(row)),
                Ok(None) => return,
                Err(e) => return fail(&chunks, e).await,
            }
        }
    });
    let stem = dated(NAME, state.app.today());
    Ok(attachment(
        body,
        "text/csv; charset=utf-8",
        &format!("{stem}.csv"),
    ))
}

/// The workbook is built row by row in constant memory on a blocking thread while the
/// pages are read, then sent; the response itself starts at once.
pub async fn export_xlsx(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let mut export = start(&state, &user, &p).await?;
    let (chunks, body) = streamed();
    tokio::spawn(async move {
        let (pages, mut received) = tokio::sync::mpsc::channel::<Vec<Vec<String>>>(2);
        let writer = tokio::task::spawn_blocking(move || {
            let mut sheet = XlsxWriter::new(NAME, &export_headers())?;
            while let Some(page) = received.blocking_recv() {
                for row in &page {
                    sheet.row(row)?;
                }
            }
            let mut out = std::io::Cursor::new(Vec::new());
            sheet.finish(&mut out)?;
            Ok::<_, TabularError>(out.into_inner())
        });
        loop {
            match export.next_page().await {
                Ok(Some(page)) => {
                    if pages.send(page).await.is_err() {
                        break; // the writer stopped on an error, reported below
                    }
                }
                Ok(None) => break,
                Err(e) => return fail(&chunks, e).await,
            }
        }
        drop(pages);
        let bytes = match writer.await {
            Ok(Ok(bytes)) => Bytes::from(bytes),
            Ok(Err(e)) => return fail(&chunks, e).await,
            Err(e) => return fail(&chunks, e).await,
        };
        for at in (0..bytes.len()).step_by(SEND_BYTES) {
            let end = (at + SEND_BYTES).min(bytes.len());
            if chunks.send(Ok(bytes.slice(at..end))).await.is_err() {
                return;
            }
        }
    });
    let stem = dated(NAME, state.app.today());
    Ok(attachment(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("{stem}.xlsx"),
    ))
}

/// The size of the pieces a finished workbook is sent in.
const SEND_BYTES: usize = 64 * 1024;

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
    let rows = start(&state, &user, &p)
        .await?
        .rest()
        .await
        .lang(user.lang)?;
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
