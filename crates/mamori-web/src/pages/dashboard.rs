//! The dashboard: the organization at a glance, with the register, risk and ISMS-role
//! figures this user may see.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::dashboard::Dashboard;
use mamori_domain::asset::{AssetKind, PersonalDataKind};
use uuid::Uuid;

use super::{DoneQuery, render};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::session::SignedIn;

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    assets: Option<AssetTiles>,
    risks: Option<mamori_app::risks::RiskCounts>,
    incidents: Option<mamori_app::incidents::IncidentSummary>,
    /// Open acknowledgement campaigns, for those who follow coverage.
    acks: Vec<mamori_app::policies::acks::CampaignView>,
    /// Training coverage, for those who follow it.
    training: Option<mamori_app::training::CoverageOverview>,
    /// The exception register's counts, for its readers.
    exceptions: Option<mamori_app::compliance::exceptions::ExceptionCounts>,
    /// The laws register's counts, for its readers.
    laws: Option<mamori_app::compliance::laws::LawCounts>,
    /// The contractor register's counts, for its readers.
    contractors: Option<mamori_app::compliance::contractors::ContractorCounts>,
    /// The external service register's counts, for the contractor register's readers.
    services: Option<mamori_app::compliance::services::ServiceCounts>,
    /// Physical security's figures, for the readers of the areas.
    physical: Option<mamori_app::physical::PhysicalCounts>,
    /// Self-inspection sheets waiting for the reader.
    inspections: Option<mamori_app::review::InspectionCounts>,
    /// Corrective actions owed by the reader's departments or waiting for their
    /// follow-up.
    audits: Option<mamori_app::review::audit::AuditCounts>,
    /// Equipment and media: take-outs late or awaiting the reader, missing items.
    media: mamori_app::media::MediaCounts,
    ctx: Ctx,
    org_name: String,
    dash: Option<Dashboard>,
    categories: Vec<(String, &'static str, i64)>,
    unfilled: Vec<&'static str>,
    my_staff: Option<Uuid>,
    home: mamori_app::home::MyHome,
    /// What the reader owes: overdue, and due within the week.
    due: DueTiles,
}

/// The reader's own calendar in two figures.
pub struct DueTiles {
    overdue: usize,
    this_week: usize,
}

/// The register's dashboard figures, labelled.
pub struct AssetTiles {
    total: i64,
    by_kind: Vec<(String, &'static str, i64)>,
    by_importance: Vec<(i16, i64)>,
    personal: i64,
    restricted: i64,
    overdue: u64,
    under_protected: u64,
}

fn asset_tiles(c: &mamori_app::assets::AssetCounts, lang: Lang) -> AssetTiles {
    let mut by_kind: Vec<(String, &'static str, i64)> = AssetKind::ALL
        .iter()
        .map(|k| {
            let n = c
                .by_kind
                .iter()
                .find(|(code, _)| code == k.code())
                .map(|(_, n)| *n)
                .unwrap_or(0);
            (k.code().to_owned(), k.label(lang.code()), n)
        })
        .collect();
    by_kind.retain(|(_, _, n)| *n > 0);
    let mut by_importance = c.by_importance.clone();
    by_importance.sort_by_key(|(level, _)| std::cmp::Reverse(*level));
    let count = |pred: &dyn Fn(PersonalDataKind) -> bool| {
        c.by_personal
            .iter()
            .filter(|(code, _)| PersonalDataKind::parse(code).is_ok_and(pred))
            .map(|(_, n)| *n)
            .sum()
    };
    AssetTiles {
        total: c.by_kind.iter().map(|(_, n)| n).sum(),
        by_kind,
        by_importance,
        personal: count(&|p| p != PersonalDataKind::None),
        restricted: count(&|p| p.is_restricted()),
        overdue: c.overdue,
        under_protected: c.under_protected,
    }
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let app = &state.app;
    let org = app.org(user.actor()).await.lang(lang)?;
    let dash = app.dashboard(user.actor()).await.lang(lang)?;
    let home = app.my_home(user.actor(), lang.code()).await.lang(lang)?;
    let mine = app
        .due(user.actor(), &mamori_app::review::due::DueQuery::default())
        .await
        .lang(lang)?;
    let week = mine.today + chrono::Duration::days(7);
    let due = DueTiles {
        overdue: mine.overdue,
        this_week: mine
            .items
            .iter()
            .filter(|i| i.due_on >= mine.today && i.due_on <= week)
            .count(),
    };
    let categories = dash
        .as_ref()
        .map(|d| {
            d.by_category
                .iter()
                .map(|(c, n)| {
                    let label = mamori_domain::StaffCategory::parse(c)
                        .map(|c| c.label(lang.code()))
                        .unwrap_or("?");
                    (c.clone(), label, *n)
                })
                .collect()
        })
        .unwrap_or_default();
    let unfilled = dash
        .as_ref()
        .map(|d| {
            d.roles_unfilled
                .iter()
                .filter_map(|r| mamori_domain::Role::parse(r).ok())
                .map(|r| r.label(lang.code()))
                .collect()
        })
        .unwrap_or_default();
    let assets = if user.actor().can(Capability::ViewAssets) {
        Some(asset_tiles(
            &app.asset_counts(user.actor()).await.lang(lang)?,
            lang,
        ))
    } else {
        None
    };
    let risks = if user.actor().can(Capability::ViewRisks) {
        Some(app.risk_counts(user.actor()).await.lang(lang)?)
    } else {
        None
    };
    let incidents = app.incident_summary(user.actor()).await.lang(lang)?;
    let acks = app.open_ack_campaigns(user.actor()).await.lang(lang)?;
    let training = if user.actor().can(Capability::ViewCoverage) {
        Some(app.training_coverage(user.actor()).await.lang(lang)?)
    } else {
        None
    };
    let exceptions = if user.actor().can(Capability::ViewExceptions) {
        Some(app.exception_counts(user.actor()).await.lang(lang)?)
    } else {
        None
    };
    let laws = if user.actor().can(Capability::ViewLaws) {
        Some(app.law_counts(user.actor()).await.lang(lang)?)
    } else {
        None
    };
    let (contractors, services) = if user.actor().can(Capability::ViewContractors) {
        (
            Some(app.contractor_counts(user.actor()).await.lang(lang)?),
            Some(app.service_counts(user.actor()).await.lang(lang)?),
        )
    } else {
        (None, None)
    };
    let physical = if user.actor().can(Capability::ViewAreas) {
        Some(app.physical_counts(user.actor()).await.lang(lang)?)
    } else {
        None
    };
    let media = app.media_counts(user.actor()).await.lang(lang)?;
    let inspections = if user.actor().can(Capability::ViewInspections) {
        Some(app.inspection_counts(user.actor()).await.lang(lang)?)
    } else {
        None
    };
    let audits = if user.actor().can(Capability::ViewAudits) {
        Some(app.audit_counts(user.actor()).await.lang(lang)?)
    } else {
        None
    };
    let page = DashboardPage {
        physical,
        inspections,
        audits,
        media,
        acks,
        laws,
        contractors,
        services,
        training,
        exceptions,
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        assets,
        risks,
        incidents,
        org_name: org.name,
        dash,
        categories,
        unfilled,
        my_staff: user.actor().staff_id,
        home,
        due,
    };
    Ok(render(&page))
}
