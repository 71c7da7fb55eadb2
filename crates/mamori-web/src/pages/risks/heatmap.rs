//! Heat maps and trends, drawn as SVG on the server: no charting library, nothing to
//! run in the browser, and they print as sharply as the text around them.
//!
//! Each cell is a link to the register filtered to exactly the risks it counts (the
//! same filters plus the stage and the cell), so the map and the list cannot disagree.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::risks::HeatMapView;
use mamori_app::risks::campaigns::CampaignView;
use mamori_domain::risk::{RiskLevel, Stage};

use super::{Filters, ListParams, filters, level_label, render};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::{Lang, t, tf};
use crate::session::SignedIn;

/// Escapes text for SVG/HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const CELL: u32 = 64;
const LEFT: u32 = 56;
const TOP: u32 = 28;

/// The map as SVG. `base` is the register's query string the cells add to.
pub fn heat_svg(v: &HeatMapView, base: &str, lang: Lang) -> String {
    let map = &v.map;
    let cols = u32::try_from(map.columns.len()).unwrap_or(3);
    let rows = u32::try_from(map.rows.len()).unwrap_or(3);
    let (w, h) = (LEFT + cols * CELL + 8, TOP + rows * CELL + 44);
    let en = lang == Lang::En;
    let (xl, yl) = if en {
        (map.x_label_en, map.y_label_en)
    } else {
        (map.x_label_ja, map.y_label_ja)
    };
    let stage = v.stage.label(lang.code());
    let mut s = format!(
        r#"<svg class="heatmap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="hm-{code}-t"><title id="hm-{code}-t">{title}</title>"#,
        code = v.stage.code(),
        title = esc(&format!("{stage}: {}", map.total())),
    );
    s.push_str(&format!(
        r#"<text x="{}" y="16" class="hm-title" text-anchor="middle">{}</text>"#,
        LEFT + cols * CELL / 2,
        esc(stage)
    ));
    for (r, row) in map.rows.iter().enumerate() {
        let y = TOP + u32::try_from(r).unwrap_or(0) * CELL;
        if let Some(first) = row.first() {
            s.push_str(&format!(
                r#"<text x="{}" y="{}" text-anchor="end" class="hm-axis">{}</text>"#,
                LEFT - 6,
                y + CELL / 2 + 4,
                first.y
            ));
        }
        for (c, cell) in row.iter().enumerate() {
            let x = LEFT + u32::try_from(c).unwrap_or(0) * CELL;
            let colour = v
                .levels
                .get(cell.level)
                .map_or("#999999", |l| l.colour.as_str());
            let level = v
                .levels
                .get(cell.level)
                .map(|l| level_label(l, lang))
                .unwrap_or("");
            let href = format!(
                "/risks?{base}{}stage={}&x={}&y={}",
                if base.is_empty() { "" } else { "&" },
                v.stage.code(),
                cell.x,
                cell.y
            );
            let label = tf(
                lang,
                "risk.heatmap_cell",
                &[
                    ("count", &cell.count),
                    ("score", &cell.score),
                    ("level", &level),
                ],
            );
            // Empty cells are paler, so the eye goes to where risks are.
            let opacity = if cell.count == 0 { "0.25" } else { "0.9" };
            s.push_str(&format!(
                r##"<a href="{href}" aria-label="{label}"><rect x="{x}" y="{y}" width="{cw}" height="{cw}" fill="{colour}" fill-opacity="{opacity}" stroke="#ffffff" stroke-width="2"/><text x="{tx}" y="{ty}" text-anchor="middle" class="hm-count">{count}</text></a>"##,
                href = esc(&href),
                label = esc(&label),
                cw = CELL,
                colour = esc(colour),
                tx = x + CELL / 2,
                ty = y + CELL / 2 + 6,
                count = cell.count,
            ));
        }
    }
    let bottom = TOP + rows * CELL;
    for (c, x) in map.columns.iter().enumerate() {
        s.push_str(&format!(
            r#"<text x="{}" y="{}" text-anchor="middle" class="hm-axis">{x}</text>"#,
            LEFT + u32::try_from(c).unwrap_or(0) * CELL + CELL / 2,
            bottom + 16
        ));
    }
    s.push_str(&format!(
        r#"<text x="{}" y="{}" text-anchor="middle" class="hm-axis-label">{}</text>"#,
        LEFT + cols * CELL / 2,
        bottom + 36,
        esc(xl)
    ));
    s.push_str(&format!(r#"<text x="12" y="{}" text-anchor="middle" class="hm-axis-label" transform="rotate(-90 12 {})">{}</text>"#, TOP + rows * CELL / 2, TOP + rows * CELL / 2, esc(yl)));
    s.push_str("</svg>");
    s
}

/// One closed campaign's residual levels as a stacked bar.
pub struct TrendBar {
    pub name: String,
    pub total: u64,
    pub parts: Vec<(String, u64)>,
}

/// Residual levels across closed campaigns, as stacked horizontal bars.
pub fn trend_svg(
    campaigns: &[CampaignView],
    levels: &[RiskLevel],
    lang: Lang,
) -> (String, Vec<TrendBar>) {
    let bars: Vec<TrendBar> = campaigns
        .iter()
        .filter_map(|c| {
            let snap = c.snapshot.as_ref()?;
            let residual = snap.levels.get(Stage::Residual.code())?;
            Some(TrendBar {
                name: c.name.clone(),
                total: snap.total,
                parts: levels
                    .iter()
                    .map(|l| (l.code.clone(), residual.get(&l.code).copied().unwrap_or(0)))
                    .collect(),
            })
        })
        .collect();
    let max = bars
        .iter()
        .map(|b| b.parts.iter().map(|p| p.1).sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let (label_w, bar_w, row_h) = (220u32, 360u32, 28u32);
    let h = 20 + row_h * u32::try_from(bars.len()).unwrap_or(0);
    let mut s = format!(
        r#"<svg class="trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{a}">"#,
        w = label_w + bar_w + 60,
        a = esc(t(lang, "risk.trend_label"))
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 10 + u32::try_from(i).unwrap_or(0) * row_h;
        s.push_str(&format!(
            r#"<text x="0" y="{}" class="hm-axis">{}</text>"#,
            y + 16,
            esc(&b.name)
        ));
        let mut x = label_w;
        for (code, n) in &b.parts {
            let width = u32::try_from(u64::from(bar_w) * n / max).unwrap_or(0);
            let colour = levels
                .iter()
                .find(|l| &l.code == code)
                .map_or("#999999", |l| l.colour.as_str());
            if width > 0 {
                s.push_str(&format!(r#"<rect x="{x}" y="{y}" width="{width}" height="{}" fill="{}"><title>{}</title></rect>"#, row_h - 8, esc(colour), esc(&format!("{code}: {n}"))));
            }
            x += width;
        }
        s.push_str(&format!(
            r#"<text x="{}" y="{}" class="hm-axis">{}</text>"#,
            x + 6,
            y + 16,
            b.parts.iter().map(|p| p.1).sum::<u64>()
        ));
    }
    s.push_str("</svg>");
    (s, bars)
}

#[derive(Template)]
#[template(path = "risk_heatmap.html")]
struct HeatPage {
    ctx: Ctx,
    p: ListParams,
    f: Filters,
    inherent: String,
    residual: String,
    inherent_total: u64,
    residual_total: u64,
    legend: Vec<(String, String, bool)>,
    trend: String,
    bars: Vec<TrendBar>,
    campaigns: Vec<(String, String)>,
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let app = &state.app;
    let a = user.actor();
    let mut p = p;
    // The map chooses its own stage and cells.
    p.stage.clear();
    p.x.clear();
    p.y.clear();
    p.level.clear();
    let q = p.to_query();
    let base = p.encode();
    let inherent = app.risk_heatmap(a, &q, Stage::Inherent).await.lang(lang)?;
    let residual = app.risk_heatmap(a, &q, Stage::Residual).await.lang(lang)?;
    let method = app.risk_method(a).await.lang(lang)?;
    let campaigns = app.campaigns(a).await.lang(lang)?;
    let trend_src = app.campaign_trend(a).await.lang(lang)?;
    let (trend, bars) = trend_svg(&trend_src, &method.levels, lang);
    Ok(render(&HeatPage {
        ctx: Ctx::new(&user),
        f: filters(&state, &user, &method).await?,
        inherent: heat_svg(&inherent, &base, lang),
        residual: heat_svg(&residual, &base, lang),
        inherent_total: inherent.map.total(),
        residual_total: residual.map.total(),
        legend: method
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                (
                    level_label(l, lang).to_owned(),
                    l.colour.clone(),
                    method.above_tolerance(i),
                )
            })
            .collect(),
        trend,
        bars,
        campaigns: campaigns
            .into_iter()
            .map(|c| (c.id.to_string(), c.name))
            .collect(),
        p,
    }))
}
