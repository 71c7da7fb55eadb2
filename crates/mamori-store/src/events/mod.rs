//! Security events from monitoring: the events themselves (folded when repeated), their
//! sources, the rules that take them, and how long they are kept. The ingest path
//! reads the fold candidates and the rules' open drafts in one query each per batch,
//! and writes new events in multi-row statements.

mod rules;
mod sources;

pub use rules::{delete_rule, get_rule, insert_rule, lock_rules, rules, update_rule};
pub use sources::{
    get_source, get_source_any_org, insert_source, sources, syslog_sources, touch_source,
    update_source,
};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

use crate::entity::{event_setting, security_event};
use crate::{Page, PageRequest, Result};

/// The events page's filters.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub source_id: Option<Uuid>,
    /// At most this syslog number (at least this severe).
    pub max_severity: Option<i32>,
    pub host: Option<String>,
    /// Text to find in the message.
    pub text: Option<String>,
    /// Latest repeat at or after / before.
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Only events a rule took to an incident (true) or none took (false).
    pub linked: Option<bool>,
}

fn filtered(org_id: Uuid, f: &EventFilter) -> Select<security_event::Entity> {
    use security_event::Column as C;
    let mut q = security_event::Entity::find().filter(C::OrgId.eq(org_id));
    if let Some(s) = f.source_id {
        q = q.filter(C::SourceId.eq(s));
    }
    if let Some(s) = f.max_severity {
        q = q.filter(C::Severity.lte(s));
    }
    if let Some(h) = &f.host {
        q = q.filter(C::Host.eq(h.clone()));
    }
    if let Some(t) = &f.text {
        // LIKE with the wildcards of the text escaped, the same on both databases.
        let escaped = t
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        // Any ASCII case on both databases (SQLite's LIKE ignores it, PostgreSQL's not).
        let needle = format!("%{}%", escaped.to_lowercase());
        q = q.filter(
            Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(C::Message)))
                .like(sea_orm::sea_query::LikeExpr::new(needle).escape('\\')),
        );
    }
    if let Some(t) = f.from {
        q = q.filter(C::LastAt.gte(t));
    }
    if let Some(t) = f.until {
        q = q.filter(C::LastAt.lt(t));
    }
    match f.linked {
        Some(true) => q = q.filter(C::IncidentId.is_not_null()),
        Some(false) => q = q.filter(C::IncidentId.is_null()),
        None => {}
    }
    q
}

/// A page of events, latest first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &EventFilter,
    page: PageRequest,
) -> Result<Page<security_event::Model>> {
    let q = filtered(org_id, f);
    let total = q.clone().count(conn).await?;
    let items = q
        .order_by_desc(security_event::Column::LastAt)
        .order_by_desc(security_event::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(conn)
        .await?;
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<security_event::Model>> {
    Ok(security_event::Entity::find_by_id(id)
        .filter(security_event::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

/// The events that went to an incident, latest first.
pub async fn of_incident<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    incident_id: Uuid,
    limit: u64,
) -> Result<(Vec<security_event::Model>, u64)> {
    let q = security_event::Entity::find()
        .filter(security_event::Column::OrgId.eq(org_id))
        .filter(security_event::Column::IncidentId.eq(incident_id));
    let total = q.clone().count(conn).await?;
    let items = q
        .order_by_desc(security_event::Column::LastAt)
        .limit(limit)
        .all(conn)
        .await?;
    Ok((items, total))
}

/// Of `fingerprints`, the events of this source whose latest repeat is at or after
/// `since` and whose first arrived at or after `first_since`: repeats of these are
/// folded into them (so an alert that keeps repeating starts a new row each day and
/// meets the rules again).
pub async fn recent_by_fingerprint<C: ConnectionTrait>(
    conn: &C,
    source_id: Uuid,
    fingerprints: Vec<String>,
    (since, first_since): (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<security_event::Model>> {
    if fingerprints.is_empty() {
        return Ok(Vec::new());
    }
    Ok(security_event::Entity::find()
        .filter(security_event::Column::SourceId.eq(source_id))
        .filter(security_event::Column::Fingerprint.is_in(fingerprints))
        .filter(security_event::Column::LastAt.gte(since))
        .filter(security_event::Column::ReceivedAt.gte(first_since))
        .all(conn)
        .await?)
}

/// Counts `more` repeats on an event, the latest at `at`.
pub async fn add_repeats<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    more: i64,
    at: DateTime<Utc>,
) -> Result<()> {
    security_event::Entity::update_many()
        .col_expr(
            security_event::Column::Repeats,
            Expr::col(security_event::Column::Repeats).add(more),
        )
        .col_expr(security_event::Column::LastAt, Expr::value(at))
        .filter(security_event::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn insert_events<C: ConnectionTrait>(
    conn: &C,
    events: Vec<security_event::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, events).await
}

type DraftRow = (Option<Uuid>, String, Option<Uuid>, DateTime<Utc>);

/// An incident a rule took an event of a host to, and when.
#[derive(Debug, Clone)]
pub struct RecentDraft {
    pub rule_id: Uuid,
    pub host: String,
    pub incident_id: Uuid,
    pub last_at: DateTime<Utc>,
}

/// For each `(rule, host)`, the incidents the rule took events of that host to at or
/// after `since`, with when, latest first: later matches within the rule's window
/// join that incident instead of drafting another.
pub async fn recent_drafts<C: ConnectionTrait>(
    conn: &C,
    keys: &[(Uuid, String)],
    since: DateTime<Utc>,
) -> Result<Vec<RecentDraft>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    use security_event::Column as C;
    let mut any = Condition::any();
    for (rule, host) in keys {
        any = any.add(
            Condition::all()
                .add(C::RuleId.eq(*rule))
                // Hosts in any case: `keys` are lower case.
                .add(
                    Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(C::Host)))
                        .eq(host.clone()),
                ),
        );
    }
    let rows: Vec<DraftRow> = security_event::Entity::find()
        .select_only()
        .column(C::RuleId)
        .column(C::Host)
        .column(C::IncidentId)
        .column(C::LastAt)
        .filter(any)
        .filter(C::IncidentId.is_not_null())
        .filter(C::LastAt.gte(since))
        .order_by_desc(C::LastAt)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(r, h, i, at)| {
            Some(RecentDraft {
                rule_id: r?,
                host: h,
                incident_id: i?,
                last_at: at,
            })
        })
        .collect())
}

/// Deletes the organization's events whose latest repeat is before `cutoff`.
pub async fn purge_before<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    cutoff: DateTime<Utc>,
) -> Result<u64> {
    let r = security_event::Entity::delete_many()
        .filter(security_event::Column::OrgId.eq(org_id))
        .filter(security_event::Column::LastAt.lt(cutoff))
        .exec(conn)
        .await?;
    Ok(r.rows_affected)
}

/// The organization's event settings, if saved.
pub async fn settings<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Option<event_setting::Model>> {
    Ok(event_setting::Entity::find_by_id(org_id).one(conn).await?)
}

pub async fn put_settings<C: ConnectionTrait>(conn: &C, m: event_setting::Model) -> Result<()> {
    event_setting::Entity::delete_by_id(m.org_id)
        .exec(conn)
        .await?;
    event_setting::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Organizations that have any events (the purge visits these).
pub async fn orgs_with_events<C: ConnectionTrait>(conn: &C) -> Result<Vec<Uuid>> {
    Ok(security_event::Entity::find()
        .select_only()
        .column(security_event::Column::OrgId)
        .distinct()
        .into_tuple()
        .all(conn)
        .await?)
}
