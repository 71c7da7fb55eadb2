//! Assessment campaigns (リスクアセスメント): the list with the form that opens one, and
//! a campaign's page with progress per department, drafting, completion and closing.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::risks::campaigns::{CampaignInput, CampaignView};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::t;
use crate::pages::{DeptOption, DoneQuery, FormState, dept_options, done, render, reshow};
use crate::pages::{Pairs, all, get, state_of};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "risk_campaigns.html")]
struct CampaignsPage {
    ctx: Ctx,
    campaigns: Vec<CampaignView>,
    form: FormState,
    departments: Vec<DeptOption>,
    can_manage: bool,
}

async fn campaigns_view(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
    done_key: Option<&str>,
) -> Result<CampaignsPage, WebError> {
    let lang = user.lang;
    let a = user.actor();
    let campaigns = state.app.campaigns(a).await.lang(lang)?;
    let idx = state.app.departments(a).await.lang(lang)?;
    Ok(CampaignsPage {
        ctx: Ctx::with_notice(user, done_key),
        campaigns,
        form,
        departments: dept_options(&idx, state.app.today(), lang),
        can_manage: a.can(Capability::ManageRiskMethod),
    })
}

pub async fn campaigns_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(d): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let form = FormState::new(user.lang).with(
        "fiscal_year",
        mamori_domain::wareki::fiscal_year(state.app.today()).to_string(),
    );
    Ok(render(
        &campaigns_view(&state, &user, form, d.done.as_deref()).await?,
    ))
}

pub async fn campaign_create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    let input = CampaignInput {
        name: get(&f.form, "name").into(),
        kind: get(&f.form, "kind").into(),
        fiscal_year: match get(&f.form, "fiscal_year").trim() {
            "" => None,
            y => Some(y.parse().unwrap_or(0)),
        },
        departments: all(&f.form, "departments")
            .filter_map(|d| Uuid::parse_str(d).ok())
            .collect(),
    };
    match state.app.create_campaign(f.user.actor(), &input).await {
        Ok(id) => Ok(done(
            &format!("/risks/campaigns/{id}"),
            "risk.campaign_created",
        )),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = state_of(&f.form, lang).with_errors(inv);
                campaigns_view(&state, &f.user, form, None).await
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "risk_campaign.html")]
struct CampaignPage {
    ctx: Ctx,
    c: CampaignView,
    can_manage: bool,
    open: bool,
    snapshot: Vec<(String, Vec<(String, u64)>)>,
}

pub async fn campaign_page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(d): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let a = user.actor();
    let c = state.app.campaign(a, id).await.lang(lang)?;
    let method = state.app.risk_method(a).await.lang(lang)?;
    let snapshot = c
        .snapshot
        .as_ref()
        .map(|s| {
            mamori_domain::risk::Stage::ALL
                .iter()
                .map(|stage| {
                    let counts = s.levels.get(stage.code()).cloned().unwrap_or_default();
                    let cells = method
                        .levels
                        .iter()
                        .map(|l| {
                            (
                                super::level_label(l, lang).to_owned(),
                                counts.get(&l.code).copied().unwrap_or(0),
                            )
                        })
                        .chain([(
                            t(lang, "risk.campaign_not_evaluated").to_owned(),
                            counts.get("").copied().unwrap_or(0),
                        )])
                        .collect();
                    (stage.label(lang.code()).to_owned(), cells)
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(render(&CampaignPage {
        ctx: Ctx::with_notice(&user, d.done.as_deref()),
        open: c.status == "open",
        can_manage: a.can(Capability::ManageRiskMethod),
        snapshot,
        c,
    }))
}

#[derive(serde::Deserialize)]
pub struct DepartmentForm {
    pub department: Uuid,
}

pub async fn campaign_draft(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<DepartmentForm>,
) -> Result<Response, WebError> {
    state
        .app
        .draft_campaign_risks(f.user.actor(), id, f.form.department)
        .await
        .lang(f.user.lang)?;
    Ok(done(&format!("/risks/campaigns/{id}"), "risk.drafted_done"))
}

pub async fn campaign_complete(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<DepartmentForm>,
) -> Result<Response, WebError> {
    state
        .app
        .complete_campaign_department(f.user.actor(), id, f.form.department)
        .await
        .lang(f.user.lang)?;
    Ok(done(
        &format!("/risks/campaigns/{id}"),
        "risk.completed_done",
    ))
}

pub async fn campaign_close(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    state
        .app
        .close_campaign(f.user.actor(), id)
        .await
        .lang(f.user.lang)?;
    Ok(done(
        &format!("/risks/campaigns/{id}"),
        "risk.campaign_closed_done",
    ))
}
