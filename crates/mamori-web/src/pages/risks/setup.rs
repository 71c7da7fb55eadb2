//! What the CISO's office keeps for the register: the risk method, the threat and
//! vulnerability catalogs, and assessment campaigns.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::AppError;
use mamori_app::authz::Capability;
use mamori_app::risks::{CatalogEntryInput, CatalogEntryView};
use mamori_domain::catalog::{ControlCategory, ThreatCategory};
use mamori_domain::risk::{ACCEPTOR_ROLES, Method, RiskLevel, RiskMethod};
use mamori_domain::{AssetKind, Invalid, Role};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::pages::{
    Choice, DoneQuery, FormState, Pairs, all, choices, done, get, problem, render, reshow, state_of,
};
use crate::session::{CsrfForm, SignedIn};

// --- risk method -------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "risk_method.html")]
struct MethodPage {
    ctx: Ctx,
    form: FormState,
    can_manage: bool,
    levels: Vec<RiskLevel>,
    roles: Vec<Choice>,
    grid: Vec<Vec<String>>,
}

fn method_form(m: &RiskMethod, lang: Lang) -> FormState {
    let (kind, thresholds, cells) = match &m.method {
        Method::Ipa { thresholds } => (
            "ipa",
            thresholds
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(","),
            String::new(),
        ),
        Method::Matrix { cells } => (
            "matrix",
            String::new(),
            cells
                .iter()
                .rev()
                .map(|row| {
                    row.iter()
                        .map(|c| (c + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    };
    FormState::new(lang)
        .with("kind", kind)
        .with("thresholds", thresholds)
        .with("cells", cells)
        .with(
            "levels",
            m.levels
                .iter()
                .map(|l| format!("{},{},{},{}", l.code, l.label_ja, l.label_en, l.colour))
                .collect::<Vec<_>>()
                .join("\n"),
        )
        .with(
            "tolerance",
            m.levels
                .get(m.tolerance)
                .map(|l| l.code.clone())
                .unwrap_or_default(),
        )
        .with("acceptor", m.acceptor.code())
}

/// Reads the method form. Shapes the text cannot have are named by field; the rules
/// of a method (ranges, counts) are the domain's, checked when saving.
fn parse_method(p: &Pairs, current: &RiskMethod) -> Result<RiskMethod, Invalid> {
    let mut inv = Invalid::new();
    let mut levels = Vec::new();
    for (i, line) in get(p, "levels")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let parts: Vec<&str> = line.split([',', '，']).map(str::trim).collect();
        match parts.as_slice() {
            [code, ja, en, colour] => levels.push(RiskLevel {
                code: (*code).into(),
                label_ja: (*ja).into(),
                label_en: (*en).into(),
                colour: (*colour).into(),
            }),
            _ => {
                inv.push(problem("risk.method_bad_level_line", &[("line", &(i + 1))]).at("levels"))
            }
        }
    }
    let method = match get(p, "kind") {
        "matrix" => {
            let mut rows: Vec<Vec<usize>> = Vec::new();
            for (i, line) in get(p, "cells")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .enumerate()
            {
                let row: Result<Vec<usize>, _> = line
                    .split_whitespace()
                    .map(|c| c.parse::<usize>().map(|n| n.saturating_sub(1)))
                    .collect();
                match row {
                    Ok(r) => rows.push(r),
                    Err(_) => inv.push(
                        problem("risk.method_bad_matrix_row", &[("row", &(i + 1))]).at("cells"),
                    ),
                }
            }
            // The form lists the highest likelihood first, as the heat map shows it.
            rows.reverse();
            Method::Matrix { cells: rows }
        }
        _ => {
            let t: Result<Vec<u8>, _> = get(p, "thresholds")
                .split([',', '，', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::parse)
                .collect();
            match t {
                Ok(t) => Method::Ipa { thresholds: t },
                Err(_) => {
                    inv.push(problem("risk.method_bad_thresholds", &[]).at("thresholds"));
                    Method::Ipa {
                        thresholds: Vec::new(),
                    }
                }
            }
        }
    };
    let tolerance = levels
        .iter()
        .position(|l| l.code == get(p, "tolerance"))
        .unwrap_or(usize::MAX);
    let acceptor = mamori_domain::Role::parse(get(p, "acceptor")).unwrap_or(current.acceptor);
    inv.into_result()?;
    Ok(RiskMethod {
        method,
        levels,
        tolerance,
        acceptor,
    })
}

async fn method_view(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
) -> Result<MethodPage, WebError> {
    let lang = user.lang;
    let m = state.app.risk_method(user.actor()).await.lang(lang)?;
    let grid = match &m.method {
        Method::Matrix { cells } => cells
            .iter()
            .rev()
            .map(|row| {
                row.iter()
                    .map(|c| {
                        m.levels
                            .get(*c)
                            .map(|l| super::level_label(l, lang).to_owned())
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect(),
        Method::Ipa { .. } => Vec::new(),
    };
    Ok(MethodPage {
        ctx: Ctx::new(user),
        form,
        can_manage: user.actor().can(Capability::ManageRiskMethod),
        levels: m.levels.clone(),
        roles: choices(&ACCEPTOR_ROLES, Role::code, Role::label, lang),
        grid,
    })
}

pub async fn method_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(d): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let m = state.app.risk_method(user.actor()).await.lang(lang)?;
    let mut page = method_view(&state, &user, method_form(&m, lang)).await?;
    page.ctx = Ctx::with_notice(&user, d.done.as_deref());
    Ok(render(&page))
}

pub async fn method_submit(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    let current = state.app.risk_method(f.user.actor()).await.lang(lang)?;
    // A preset replaces the whole method.
    let chosen = match get(&f.form, "preset") {
        "ipa" => Ok(RiskMethod::ipa_preset()),
        p @ ("matrix3" | "matrix4" | "matrix5") => {
            RiskMethod::matrix_preset(usize::from(p.as_bytes()[6] - b'0'))
                .map_err(|e| Invalid::from(e.at("preset")))
        }
        _ => parse_method(&f.form, &current),
    };
    let r = match chosen {
        Ok(m) => state.app.save_risk_method(f.user.actor(), m).await,
        Err(inv) => Err(AppError::Invalid(inv)),
    };
    match r {
        Ok(()) => Ok(done("/risks/method", "risk.method_saved")),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = state_of(&f.form, lang).with_errors(inv);
                method_view(&state, &f.user, form).await
            })
            .await
        }
    }
}

// --- threats and vulnerabilities ---------------------------------------------------------

/// A catalog entry as the table shows it.
pub struct EntryRow {
    pub e: CatalogEntryView,
    pub kinds: String,
}

#[derive(Template)]
#[template(path = "risk_threats.html")]
struct ThreatsPage {
    ctx: Ctx,
    threats: Vec<EntryRow>,
    vulnerabilities: Vec<EntryRow>,
    can_manage: bool,
}

fn rows(v: Vec<CatalogEntryView>, lang: Lang) -> Vec<EntryRow> {
    v.into_iter()
        .map(|e| EntryRow {
            kinds: e
                .asset_kinds
                .iter()
                .map(|k| k.label(lang.code()))
                .collect::<Vec<_>>()
                .join("・"),
            e,
        })
        .collect()
}

pub async fn threats_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(d): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let a = user.actor();
    let threats = state.app.threats(a).await.lang(lang)?;
    let vulnerabilities = state.app.vulnerabilities(a).await.lang(lang)?;
    Ok(render(&ThreatsPage {
        ctx: Ctx::with_notice(&user, d.done.as_deref()),
        threats: rows(threats, lang),
        vulnerabilities: rows(vulnerabilities, lang),
        can_manage: a.can(Capability::ManageRiskMethod),
    }))
}

#[derive(Template)]
#[template(path = "risk_entry_form.html")]
struct EntryForm {
    ctx: Ctx,
    form: FormState,
    threat: bool,
    action: String,
    categories: Vec<Choice>,
    kinds: Vec<(Choice, bool)>,
}

fn entry_form(
    user: &SignedIn,
    form: FormState,
    threat: bool,
    action: String,
    checked: &[String],
) -> EntryForm {
    let lang = user.lang;
    let categories = if threat {
        choices(
            &ThreatCategory::ALL,
            ThreatCategory::code,
            ThreatCategory::label,
            lang,
        )
    } else {
        choices(
            &ControlCategory::ALL,
            ControlCategory::code,
            ControlCategory::label,
            lang,
        )
    };
    EntryForm {
        ctx: Ctx::new(user),
        form,
        threat,
        action,
        categories,
        kinds: choices(&AssetKind::ALL, AssetKind::code, AssetKind::label, lang)
            .into_iter()
            .map(|c| {
                let on = checked.contains(&c.value);
                (c, on)
            })
            .collect(),
    }
}

fn entry_input(p: &Pairs) -> CatalogEntryInput {
    CatalogEntryInput {
        code: get(p, "code").into(),
        category: get(p, "category").into(),
        name_ja: get(p, "name_ja").into(),
        name_en: get(p, "name_en").into(),
        description_ja: get(p, "description_ja").into(),
        description_en: get(p, "description_en").into(),
        rating: match get(p, "rating").trim() {
            "" => None,
            r => Some(r.parse().unwrap_or(0)),
        },
        asset_kinds: all(p, "asset_kinds").map(str::to_owned).collect(),
        retired: get(p, "retired") == "1",
    }
}

fn entry_state(e: &CatalogEntryView, lang: Lang) -> FormState {
    FormState::new(lang)
        .with("code", e.code.clone())
        .with("category", e.category.clone())
        .with("name_ja", e.name_ja.clone())
        .with("name_en", e.name_en.clone())
        .with("description_ja", e.description_ja.clone())
        .with("description_en", e.description_en.clone())
        .with(
            "rating",
            e.rating.map(|r| r.to_string()).unwrap_or_default(),
        )
        .with("retired", if e.retired { "1" } else { "" })
}

async fn entry_page(
    state: &WebState,
    user: &SignedIn,
    threat: bool,
    id: Option<Uuid>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let a = user.actor();
    state
        .app
        .authorize(a, Capability::ManageRiskMethod)
        .await
        .lang(lang)?;
    let kind = if threat { "threats" } else { "vulnerabilities" };
    let (form, kinds) = match id {
        None => (
            FormState::new(lang).with("rating", if threat { "2" } else { "" }),
            Vec::new(),
        ),
        Some(id) => {
            let list = if threat {
                state.app.threats(a).await
            } else {
                state.app.vulnerabilities(a).await
            }
            .lang(lang)?;
            let e = list
                .into_iter()
                .find(|e| e.id == id)
                .ok_or_else(|| WebError::not_found(lang))?;
            (
                entry_state(&e, lang),
                e.asset_kinds.iter().map(|k| k.code().to_owned()).collect(),
            )
        }
    };
    let action = id.map_or(format!("/risks/{kind}/new"), |id| {
        format!("/risks/{kind}/{id}/edit")
    });
    Ok(render(&entry_form(user, form, threat, action, &kinds)))
}

async fn entry_submit(
    state: &WebState,
    f: CsrfForm<Pairs>,
    threat: bool,
    id: Option<Uuid>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    let input = entry_input(&f.form);
    let r = if threat {
        state.app.save_threat(f.user.actor(), id, &input).await
    } else {
        state
            .app
            .save_vulnerability(f.user.actor(), id, &input)
            .await
    };
    match r {
        Ok(_) => Ok(done("/risks/threats", "risk.catalog_saved")),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let kind = if threat { "threats" } else { "vulnerabilities" };
                let action = id.map_or(format!("/risks/{kind}/new"), |id| {
                    format!("/risks/{kind}/{id}/edit")
                });
                let form = state_of(&f.form, lang).with_errors(inv);
                Ok(entry_form(
                    &f.user,
                    form,
                    threat,
                    action,
                    &input.asset_kinds,
                ))
            })
            .await
        }
    }
}

pub async fn threat_new(
    State(state): State<WebState>,
    user: SignedIn,
) -> Result<Response, WebError> {
    entry_page(&state, &user, true, None).await
}

pub async fn threat_create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    entry_submit(&state, f, true, None).await
}

pub async fn threat_edit(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    entry_page(&state, &user, true, Some(id)).await
}

pub async fn threat_update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    entry_submit(&state, f, true, Some(id)).await
}

pub async fn vulnerability_new(
    State(state): State<WebState>,
    user: SignedIn,
) -> Result<Response, WebError> {
    entry_page(&state, &user, false, None).await
}

pub async fn vulnerability_create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    entry_submit(&state, f, false, None).await
}

pub async fn vulnerability_edit(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    entry_page(&state, &user, false, Some(id)).await
}

pub async fn vulnerability_update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    entry_submit(&state, f, false, Some(id)).await
}
