//! The calendar of what is due: the reader's own, a department's or the CISO's, as a
//! list (overdue first) or a month grid; the reader's iCalendar feed (opened, renewed,
//! revoked) and the feed itself, read by calendar programs without signing in.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Duration, NaiveDate};
use mamori_app::review::due::{DueItemView, DueList, DueQuery, FeedState};
use mamori_domain::review::due::{DueKind, Standing};
use serde::Deserialize;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{Pairs, render};
use crate::session::{CsrfForm, SignedIn};

/// The page's query: the calendar's own, and how to show it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    pub scope: Option<String>,
    pub department: Option<String>,
    pub kind: Option<String>,
    /// `list` (the default) or `month`.
    pub view: Option<String>,
    /// The month shown as a grid, `2026-12`.
    pub month: Option<String>,
}

/// A day of the month grid.
pub struct Cell {
    pub day: NaiveDate,
    pub today: bool,
    pub items: Vec<DueItemView>,
}

#[derive(Template)]
#[template(path = "due.html")]
struct DuePage {
    ctx: Ctx,
    list: DueList,
    q: PageQuery,
    /// The grid's weeks (Monday first), when the month is shown.
    weeks: Vec<Vec<Option<Cell>>>,
    month: Option<NaiveDate>,
    feed: FeedState,
    /// The feed's address, shown once after it is opened.
    feed_url: Option<String>,
}

impl DuePage {
    fn kinds(&self) -> &'static [DueKind] {
        &DueKind::ALL
    }

    fn overdue(&self, i: &DueItemView) -> bool {
        i.standing == Standing::Overdue
    }

    /// The link to another view of the same calendar.
    fn link(&self, view: &str, month: Option<NaiveDate>) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("scope", self.q.scope.as_deref()),
            ("department", self.q.department.as_deref()),
            ("kind", self.q.kind.as_deref()),
        ] {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                s.append_pair(k, v);
            }
        }
        s.append_pair("view", view);
        if let Some(m) = month {
            s.append_pair("month", &m.format("%Y-%m").to_string());
        }
        format!("/due?{}", s.finish())
    }

    /// The month shown, `2026-12`.
    fn month_code(&self) -> String {
        self.month
            .map(|m| m.format("%Y-%m").to_string())
            .unwrap_or_default()
    }

    fn list_link(&self) -> String {
        self.link("list", None)
    }

    fn month_link(&self) -> String {
        self.link("month", self.month)
    }

    /// The grid of the month before or after the one shown.
    fn step_link(&self, forward: bool) -> Option<String> {
        let one = chrono::Months::new(1);
        let m = self.month?;
        let to = if forward {
            m.checked_add_months(one)
        } else {
            m.checked_sub_months(one)
        };
        to.map(|t| self.link("month", Some(t)))
    }
}

/// The first day of the month asked for, or of this month.
fn month_of(raw: Option<&str>, today: NaiveDate) -> NaiveDate {
    raw.and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
        .unwrap_or_else(|| today.with_day(1).unwrap_or(today))
}

/// The weeks of a month, Monday first, each day with the items due on it.
fn grid(first: NaiveDate, today: NaiveDate, items: &[DueItemView]) -> Vec<Vec<Option<Cell>>> {
    let mut weeks = Vec::new();
    let mut week: Vec<Option<Cell>> = (0..first.weekday().num_days_from_monday())
        .map(|_| None)
        .collect();
    let mut day = first;
    while day.month() == first.month() {
        week.push(Some(Cell {
            day,
            today: day == today,
            items: items.iter().filter(|i| i.due_on == day).cloned().collect(),
        }));
        if week.len() == 7 {
            weeks.push(std::mem::take(&mut week));
        }
        day += Duration::days(1);
    }
    if !week.is_empty() {
        week.resize_with(7, || None);
        weeks.push(week);
    }
    weeks
}

async fn due_page(
    state: &WebState,
    user: &SignedIn,
    q: PageQuery,
    feed_url: Option<String>,
) -> Result<DuePage, WebError> {
    let a = user.actor();
    let today = state.app.today();
    let month = (q.view.as_deref() == Some("month")).then(|| month_of(q.month.as_deref(), today));
    // A month's grid reads up to its last day (what is overdue shows however late).
    let until = month.map(|m| {
        let last = m
            .checked_add_months(chrono::Months::new(1))
            .map_or(m, |n| n - Duration::days(1));
        last.max(today).to_string()
    });
    let query = DueQuery {
        scope: q.scope.clone(),
        department: q.department.clone(),
        kind: q.kind.clone().filter(|k| !k.is_empty()),
        until,
    };
    let list = state.app.due(a, &query).await.lang(user.lang)?;
    let weeks = month.map_or_else(Vec::new, |m| grid(m, today, &list.items));
    Ok(DuePage {
        ctx: Ctx::new(user),
        feed: state.app.due_feed_state(a).await.lang(user.lang)?,
        list,
        q,
        weeks,
        month,
        feed_url,
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    Ok(render(&due_page(&state, &user, q, None).await?))
}

/// Opens or renews the reader's feed and shows its address, this once.
pub async fn open_feed(
    State(state): State<WebState>,
    headers: HeaderMap,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let secret = state
        .app
        .open_due_feed(f.user.actor())
        .await
        .lang(f.user.lang)?;
    // The configured public address, else the one the browser used.
    let base = match state.app.config.public_url.as_deref() {
        Some(u) => u.trim_end_matches('/').to_owned(),
        None => format!(
            "http://{}",
            headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost")
        ),
    };
    let url = format!("{base}/calendar/{secret}.ics");
    Ok(render(
        &due_page(&state, &f.user, PageQuery::default(), Some(url)).await?,
    ))
}

pub async fn revoke_feed(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    state
        .app
        .revoke_due_feed(f.user.actor())
        .await
        .lang(f.user.lang)?;
    Ok(crate::pages::done("/due", "due.feed_revoked"))
}

/// The feed: `/calendar/{secret}.ics`, as iCalendar. Any other secret is "not found".
pub async fn feed(
    State(state): State<WebState>,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let Some(secret) = file.strip_suffix(".ics") else {
        return Ok(StatusCode::NOT_FOUND.into_response());
    };
    match state.app.due_feed(secret, "feed").await {
        Ok((list, lang)) => Ok((
            [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
            crate::ical::calendar(&list, &lang),
        )
            .into_response()),
        Err(mamori_app::AppError::NotFound) => Ok(StatusCode::NOT_FOUND.into_response()),
        Err(e) => Err::<Response, _>(e).lang(crate::i18n::Lang::Ja),
    }
}
