//! Incidents: the register, each incident with its assets and members, and its
//! append-only timeline. Who may see which incident is decided in the app and handed
//! here as a [`Reach`], turned into one condition so lists, counts and exports agree.

mod breach;
mod links;
mod tasks;
mod timeline;

pub use breach::{DueReport, add_submission, breach, due_reports, put_breach, submissions};
pub use links::{add_link, links_of, links_to};
pub use tasks::{add_task, complete_task, put_settings, tasks_of};
pub use timeline::{append, timeline};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

use crate::entity::{incident, incident_asset, incident_member, incident_setting};
use crate::search::{Searchable, contains};
use crate::{Page, PageRequest, Result};

/// Which incidents a reader reaches (decided by the app from their roles).
#[derive(Debug, Clone, Default)]
pub struct Reach {
    /// Every incident (the CISO, the deputy, auditors).
    pub everything: bool,
    /// Every unrestricted incident (CSIRT members).
    pub unrestricted: bool,
    /// Restricted incidents that involve personal data but no insider (CSIRT members).
    pub personal_data: bool,
    /// Incidents of these departments, restricted ones too unless an insider is
    /// involved (department officers and section managers).
    pub departments: Vec<Uuid>,
    /// The reader's own reports, and those they are assigned to or work on.
    pub staff_id: Option<Uuid>,
}

const INSIDER: &str = "insider";

impl Reach {
    fn condition(&self) -> Condition {
        if self.everything {
            return Condition::all();
        }
        let not_insider = incident::Column::Category.ne(INSIDER);
        let mut any = Condition::any();
        if self.unrestricted {
            any = any.add(incident::Column::Restricted.eq(false));
        }
        if self.personal_data {
            any = any.add(
                Condition::all()
                    .add(incident::Column::PersonalData.eq(true))
                    .add(not_insider.clone()),
            );
        }
        if !self.departments.is_empty() {
            any = any.add(
                Condition::all()
                    .add(incident::Column::DepartmentId.is_in(self.departments.clone()))
                    .add(
                        Condition::any()
                            .add(incident::Column::Restricted.eq(false))
                            .add(not_insider),
                    ),
            );
        }
        if let Some(me) = self.staff_id {
            any = any
                .add(incident::Column::ReporterStaffId.eq(me))
                .add(incident::Column::AssigneeStaffId.eq(me))
                .add(
                    incident::Column::Id.in_subquery(
                        Query::select()
                            .column(incident_member::Column::IncidentId)
                            .from(incident_member::Entity)
                            .and_where(Expr::col(incident_member::Column::StaffId).eq(me))
                            .to_owned(),
                    ),
                );
        }
        // A reach of nothing matches nothing (an empty "any" would match everything).
        any.add(Expr::val(false).eq(true))
    }
}

/// The register's filters.
#[derive(Debug, Clone, Default)]
pub struct IncidentFilter {
    /// State codes; empty for all.
    pub states: Vec<String>,
    pub open_only: bool,
    pub severity: Option<String>,
    pub category: Option<String>,
    pub department: Option<Vec<Uuid>>,
    pub personal_data: Option<bool>,
    /// Untouched past the first-response target, as of this time.
    pub overdue_at: Option<DateTime<Utc>>,
    /// Only the reader's own reports.
    pub reported_by: Option<Uuid>,
    /// A `search_key` to find in title, description and number.
    pub search: Option<String>,
}

/// States that are still open, for the filters.
pub const OPEN_STATES: [&str; 6] = [
    "received",
    "initial_response",
    "investigating",
    "containment",
    "root_cause",
    "prevention",
];

fn filtered(
    backend: sea_orm::DbBackend,
    org_id: Uuid,
    f: &IncidentFilter,
    reach: &Reach,
) -> Select<incident::Entity> {
    let mut q = incident::Entity::find()
        .filter(incident::Column::OrgId.eq(org_id))
        .filter(reach.condition());
    if !f.states.is_empty() {
        q = q.filter(incident::Column::State.is_in(f.states.clone()));
    }
    if f.open_only {
        q = q.filter(incident::Column::State.is_in(OPEN_STATES));
    }
    if let Some(s) = &f.severity {
        q = q.filter(incident::Column::Severity.eq(s.clone()));
    }
    if let Some(c) = &f.category {
        q = q.filter(incident::Column::Category.eq(c.clone()));
    }
    if let Some(ds) = &f.department {
        q = q.filter(incident::Column::DepartmentId.is_in(ds.clone()));
    }
    if let Some(p) = f.personal_data {
        q = q.filter(incident::Column::PersonalData.eq(p));
    }
    if let Some(at) = f.overdue_at {
        q = q
            .filter(incident::Column::State.is_in(OPEN_STATES))
            .filter(incident::Column::FirstResponseAt.is_null())
            .filter(incident::Column::FirstResponseDue.lt(at));
    }
    if let Some(me) = f.reported_by {
        q = q.filter(incident::Column::ReporterStaffId.eq(me));
    }
    if let Some(key) = &f.search {
        q = q.filter(contains(backend, Searchable::Incidents, key));
    }
    q
}

/// A page of the register, newest known first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &IncidentFilter,
    reach: &Reach,
    page: PageRequest,
) -> Result<Page<incident::Model>> {
    let q = filtered(conn.get_database_backend(), org_id, f, reach);
    let total = q.clone().count(conn).await?;
    let items = q
        .order_by_desc(incident::Column::KnownAt)
        .order_by_desc(incident::Column::NumberSeq)
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

/// How many incidents match (dashboard tiles, counts for those without reach).
pub async fn count<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &IncidentFilter,
    reach: &Reach,
) -> Result<u64> {
    Ok(filtered(conn.get_database_backend(), org_id, f, reach)
        .count(conn)
        .await?)
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<incident::Model>> {
    Ok(incident::Entity::find_by_id(id)
        .filter(incident::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

/// Open incidents the reach covers, by severity code (`None`: not yet triaged), in one
/// pass over the open-state index instead of one count per severity.
pub async fn open_by_severity<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    reach: &Reach,
) -> Result<Vec<(Option<String>, i64)>> {
    use incident::Column as I;
    Ok(incident::Entity::find()
        .select_only()
        .column(I::Severity)
        // COUNT(*), not COUNT(id): the id is not in the covering index.
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(I::OrgId.eq(org_id))
        .filter(I::State.is_in(OPEN_STATES))
        .filter(reach.condition())
        .group_by(I::Severity)
        .into_tuple()
        .all(conn)
        .await?)
}

/// Reports that turned out not to be incidents: the statistics leave them out.
const NOT_INCIDENTS: [&str; 2] = ["false_alarm", "duplicate"];

/// What the statistics read of an incident: no title, no person.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct StatFacts {
    pub known_at: DateTime<Utc>,
    pub category: String,
    pub department_id: Option<Uuid>,
    pub contained_at: Option<DateTime<Utc>>,
    pub personal_data: bool,
    pub state: String,
}

/// The statistics' facts of the incidents that became known in `[from, to)`.
pub async fn stat_facts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<StatFacts>> {
    use incident::Column as I;
    Ok(incident::Entity::find()
        .select_only()
        .columns([
            I::KnownAt,
            I::Category,
            I::DepartmentId,
            I::ContainedAt,
            I::PersonalData,
            I::State,
        ])
        .filter(I::OrgId.eq(org_id))
        .filter(I::KnownAt.gte(from))
        .filter(I::KnownAt.lt(to))
        .filter(I::State.is_not_in(NOT_INCIDENTS))
        .into_model::<StatFacts>()
        .all(conn)
        .await?)
}

/// How many incidents became known in `[from, to)`.
pub async fn count_known<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<u64> {
    Ok(incident::Entity::find()
        .filter(incident::Column::OrgId.eq(org_id))
        .filter(incident::Column::KnownAt.gte(from))
        .filter(incident::Column::KnownAt.lt(to))
        .filter(incident::Column::State.is_not_in(NOT_INCIDENTS))
        .count(conn)
        .await?)
}

/// Of `ids`, the incidents the reach covers, with their numbers.
pub async fn numbers_reached<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: Vec<Uuid>,
    reach: &Reach,
) -> Result<Vec<(Uuid, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(incident::Entity::find()
        .select_only()
        .column(incident::Column::Id)
        .column(incident::Column::Number)
        .filter(incident::Column::OrgId.eq(org_id))
        .filter(incident::Column::Id.is_in(ids))
        .filter(reach.condition())
        .into_tuple()
        .all(conn)
        .await?)
}

/// Open incidents of every organization that nobody acted on by their first-response
/// target and that were not yet escalated.
pub async fn untouched_past_due<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
) -> Result<Vec<incident::Model>> {
    Ok(incident::Entity::find()
        .filter(incident::Column::State.is_in(OPEN_STATES))
        .filter(incident::Column::FirstResponseAt.is_null())
        .filter(incident::Column::EscalatedAt.is_null())
        .filter(incident::Column::FirstResponseDue.lt(now))
        .all(conn)
        .await?)
}

/// An incident, if the reach covers it.
pub async fn get_reached<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
    reach: &Reach,
) -> Result<Option<incident::Model>> {
    Ok(incident::Entity::find_by_id(id)
        .filter(incident::Column::OrgId.eq(org_id))
        .filter(reach.condition())
        .one(conn)
        .await?)
}

/// The organization's incident settings, if it set any.
pub async fn settings<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Option<incident_setting::Model>> {
    Ok(incident_setting::Entity::find_by_id(org_id)
        .one(conn)
        .await?)
}

pub async fn by_number<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    number: &str,
) -> Result<Option<incident::Model>> {
    Ok(incident::Entity::find()
        .filter(incident::Column::OrgId.eq(org_id))
        .filter(incident::Column::Number.eq(number))
        .one(conn)
        .await?)
}

/// The next sequence number of the year, inside the caller's write transaction (the
/// unique index on the number stops two writers from taking the same one).
pub async fn next_seq<C: ConnectionTrait>(conn: &C, org_id: Uuid, year: i32) -> Result<i64> {
    let n: Option<Option<i64>> = incident::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(incident::Column::NumberSeq)))
        .filter(incident::Column::OrgId.eq(org_id))
        .filter(incident::Column::NumberYear.eq(year))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(n.flatten().unwrap_or(0) + 1)
}

pub async fn insert<C: ConnectionTrait>(conn: &C, m: incident::Model) -> Result<()> {
    incident::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Writes every column of `m` (the app changed what it meant to).
pub async fn update<C: ConnectionTrait>(conn: &C, m: incident::Model) -> Result<()> {
    let mut am = m.into_active_model();
    am = am.reset_all();
    am.update(conn).await?;
    Ok(())
}

/// Links the assets involved (ids of the same organization, checked by the caller).
pub async fn add_assets<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    incident_id: Uuid,
    assets: &[Uuid],
) -> Result<()> {
    let rows: Vec<incident_asset::Model> = assets
        .iter()
        .map(|a| incident_asset::Model {
            incident_id,
            asset_id: *a,
            org_id,
        })
        .collect();
    crate::insert_chunked::<_, _, incident_asset::ActiveModel>(conn, rows).await
}

pub async fn assets_of<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    incident_id: Uuid,
) -> Result<Vec<Uuid>> {
    Ok(incident_asset::Entity::find()
        .filter(incident_asset::Column::OrgId.eq(org_id))
        .filter(incident_asset::Column::IncidentId.eq(incident_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.asset_id)
        .collect())
}

pub async fn members_of<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    incident_id: Uuid,
) -> Result<Vec<Uuid>> {
    Ok(incident_member::Entity::find()
        .filter(incident_member::Column::OrgId.eq(org_id))
        .filter(incident_member::Column::IncidentId.eq(incident_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.staff_id)
        .collect())
}

/// Replaces the CSIRT members working on an incident.
pub async fn set_members<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    incident_id: Uuid,
    staff: &[Uuid],
) -> Result<()> {
    incident_member::Entity::delete_many()
        .filter(incident_member::Column::OrgId.eq(org_id))
        .filter(incident_member::Column::IncidentId.eq(incident_id))
        .exec(conn)
        .await?;
    let rows: Vec<incident_member::Model> = staff
        .iter()
        .map(|s| incident_member::Model {
            incident_id,
            staff_id: *s,
            org_id,
        })
        .collect();
    crate::insert_chunked::<_, _, incident_member::ActiveModel>(conn, rows).await
}
