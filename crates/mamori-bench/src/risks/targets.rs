//! What the load generator requests: the register's filters and the heat map, as JSON
//! with a bearer token and as the signed-in CISO's pages, after the axum baseline.

use std::net::SocketAddr;

use anyhow::{Context, Result};
use uuid::Uuid;

use super::seed;
use crate::binary;
use crate::load::Target;

pub const PER_PAGE: usize = 50;

/// Whether a target is the register (list) or the heat map.
pub fn is_heatmap(t: &Target) -> bool {
    t.url.path().ends_with("/heatmap")
}

/// The baseline's constant handler first: the report divides by its figures.
pub(super) fn targets(
    base: SocketAddr,
    addr: SocketAddr,
    token: &str,
    cookie: &str,
    bu: Uuid,
) -> Result<Vec<Target>> {
    let api = binary::api_headers(token)?;
    let page = binary::page_headers(cookie)?;
    let per_page = PER_PAGE.to_string();
    let bu = bu.to_string();
    let mut out = vec![Target {
        name: "baseline: constant JSON (axum)".into(),
        url: reqwest::Url::parse(&format!("http://{base}/"))?,
        headers: reqwest::header::HeaderMap::new(),
    }];
    let mut add = |name: &str,
                   path: &str,
                   params: &[(&str, &str)],
                   headers: &reqwest::header::HeaderMap|
     -> Result<()> {
        out.push(Target {
            name: name.to_owned(),
            url: reqwest::Url::parse_with_params(&format!("http://{addr}{path}"), params)
                .context("a target URL")?,
            headers: headers.clone(),
        });
        Ok(())
    };
    let list = "/api/v1/risks";
    let pp = ("per_page", per_page.as_str());
    add("API no filter, page 1", list, &[pp], &api)?;
    add(
        "API standing=active",
        list,
        &[("standing", "active"), pp],
        &api,
    )?;
    add(
        "API department=部01 (subtree)",
        list,
        &[("department", &bu), pp],
        &api,
    )?;
    add(
        "API residual level=high",
        list,
        &[("stage", "residual"), ("level", "high"), pp],
        &api,
    )?;
    add(
        "API residual cell x=3 y=6",
        list,
        &[("stage", "residual"), ("x", "3"), ("y", "6"), pp],
        &api,
    )?;
    add(
        &format!("API q={}", seed::SEARCH),
        list,
        &[("q", seed::SEARCH), pp],
        &api,
    )?;
    add(
        "API above=true sort=score",
        list,
        &[("above", "true"), ("sort", "score"), pp],
        &api,
    )?;
    add(
        "API heatmap residual",
        "/api/v1/risks/heatmap",
        &[("stage", "residual")],
        &api,
    )?;
    add(
        "API heatmap inherent, 部01",
        "/api/v1/risks/heatmap",
        &[("stage", "inherent"), ("department", &bu)],
        &api,
    )?;
    add("HTML /risks, page 1", "/risks", &[pp], &page)?;
    add("HTML /risks/heatmap", "/risks/heatmap", &[], &page)?;
    Ok(out)
}
