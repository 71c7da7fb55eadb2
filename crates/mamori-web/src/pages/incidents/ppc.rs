//! The report to the PPC: the form's items drafted from the incident and editable,
//! printable on A4 and downloadable as xlsx to copy into the Commission's form.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::incidents::{PpcReport, REPORT_ITEMS, ReportView};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{DoneQuery, FormState, done, render, reshow, xlsx_download};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "incident_ppc.html")]
struct ReportPage {
    ctx: Ctx,
    r: ReportView,
    form: FormState,
    items: &'static [(&'static str, &'static str)],
}

#[derive(Template)]
#[template(path = "incident_ppc_print.html")]
struct PrintPage {
    ctx: Ctx,
    r: ReportView,
    rows: Vec<(&'static str, String)>,
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .ppc_report(user.actor(), id)
        .await
        .lang(user.lang)?;
    let form = FormState::of(&r.report, user.lang);
    Ok(render(&ReportPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        r,
        form,
        items: &REPORT_ITEMS,
    }))
}

pub async fn save(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<PpcReport>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state.app.save_ppc_report(user.actor(), id, &f.form).await {
        Ok(()) => Ok(done(
            &format!("/incidents/{id}/ppc-report"),
            "incident.ppc_saved",
        )),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let r = state
                    .app
                    .ppc_report(user.actor(), id)
                    .await
                    .lang(user.lang)?;
                Ok(ReportPage {
                    ctx: Ctx::new(user),
                    r,
                    form: FormState::of(&f.form, user.lang).with_errors(inv),
                    items: &REPORT_ITEMS,
                })
            })
            .await
        }
    }
}

pub async fn print(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .ppc_report(user.actor(), id)
        .await
        .lang(user.lang)?;
    let rows = r.report.rows();
    Ok(render(&PrintPage {
        ctx: Ctx::new(&user),
        r,
        rows,
    }))
}

pub async fn xlsx(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .ppc_report(user.actor(), id)
        .await
        .lang(user.lang)?;
    let mut rows = r
        .report
        .rows()
        .into_iter()
        .map(|(label, text)| vec![label.to_owned(), text]);
    xlsx_download(
        "報告書",
        &["項目", "内容"],
        &mut rows,
        &format!("個人情報保護委員会への報告_{}", r.number),
        user.lang,
    )
}
