//! The entry log. It grows by a door system's swipes — millions of rows a year — so
//! every read is by an area's or a person's time range or by what awaits settling,
//! each served by an index, and reconciliation rewrites only the flags that changed.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::area_entry::{self, Column as Col};
use crate::page::{Page, PageRequest};
use crate::tenancy::{get_in_org, update_in_org};

/// Which entries a list shows.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    /// The areas to show (empty: all of the organization's).
    pub areas: Vec<Uuid>,
    pub staff_id: Option<Uuid>,
    /// A visitor's name or company, or a badge number, as a substring.
    pub visitor: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Only flagged entries; with `pending`, only those not yet settled.
    pub flagged: bool,
    pub pending: bool,
}

fn filtered(org_id: Uuid, f: &EntryFilter) -> sea_orm::Select<area_entry::Entity> {
    let mut q = area_entry::Entity::find().filter(Col::OrgId.eq(org_id));
    match f.areas.as_slice() {
        [] => {}
        [one] => q = q.filter(Col::AreaId.eq(*one)),
        many => q = q.filter(Col::AreaId.is_in(many.to_vec())),
    }
    if let Some(s) = f.staff_id {
        q = q.filter(Col::StaffId.eq(s));
    }
    if let Some(v) = f.visitor.as_deref().filter(|v| !v.is_empty()) {
        let like = format!(
            "%{}%",
            v.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let like = |c: Col| {
            Expr::col(c).like(sea_orm::sea_query::LikeExpr::new(like.clone()).escape('\\'))
        };
        q = q.filter(
            Condition::any()
                .add(like(Col::VisitorName))
                .add(like(Col::Company))
                .add(like(Col::Badge)),
        );
    }
    if let Some(t) = f.from {
        q = q.filter(Col::EnteredAt.gte(t));
    }
    if let Some(t) = f.until {
        q = q.filter(Col::EnteredAt.lt(t));
    }
    if f.pending {
        q = q.filter(Col::Pending.eq(true));
    } else if f.flagged {
        q = q.filter(Col::Flags.ne(0));
    }
    q
}

/// A page of entries, latest first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &EntryFilter,
    page: PageRequest,
) -> Result<Page<area_entry::Model>> {
    crate::page::fetch(
        conn,
        filtered(org_id, f),
        |q| q.order_by_desc(Col::EnteredAt).order_by_desc(Col::Id),
        page,
    )
    .await
}

/// Up to `limit` entries of a filter, in time order (for an export).
pub async fn export<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &EntryFilter,
    limit: u64,
) -> Result<Vec<area_entry::Model>> {
    Ok(filtered(org_id, f)
        .order_by_asc(Col::EnteredAt)
        .order_by_asc(Col::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

pub async fn insert<C: ConnectionTrait>(conn: &C, rows: Vec<area_entry::Model>) -> Result<()> {
    crate::bulk::insert_rows(conn, rows).await
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<area_entry::Model>> {
    get_in_org::<area_entry::Entity, C>(conn, org_id, id).await
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: area_entry::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// What reconciliation reads of an entry.
#[derive(Debug, Clone, FromQueryResult)]
pub struct EntryFacts {
    pub id: Uuid,
    pub area_id: Uuid,
    pub staff_id: Option<Uuid>,
    pub escort_staff_id: Option<Uuid>,
    pub escort_name: String,
    pub entered_at: DateTime<Utc>,
    pub exited_at: Option<DateTime<Utc>>,
    pub flags: i32,
    pub settled_at: Option<DateTime<Utc>>,
}

/// The facts of an area's entries that began in `[from, until)`.
pub async fn facts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    area_id: Uuid,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<EntryFacts>> {
    Ok(area_entry::Entity::find()
        .select_only()
        .columns([
            Col::Id,
            Col::AreaId,
            Col::StaffId,
            Col::EscortStaffId,
            Col::EscortName,
            Col::EnteredAt,
            Col::ExitedAt,
            Col::Flags,
            Col::SettledAt,
        ])
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::AreaId.eq(area_id))
        .filter(Col::EnteredAt.gte(from))
        .filter(Col::EnteredAt.lt(until))
        .into_model::<EntryFacts>()
        .all(conn)
        .await?)
}

/// Writes new flags: `changes` maps each entry to its flags and whether it is settled.
/// Entries sharing a value are written by one statement per thousand.
pub async fn set_flags<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    changes: &[(Uuid, i32, bool)],
) -> Result<()> {
    let mut by_value: BTreeMap<(i32, bool), Vec<Uuid>> = BTreeMap::new();
    for (id, flags, settled) in changes {
        by_value.entry((*flags, *settled)).or_default().push(*id);
    }
    for ((flags, settled), ids) in by_value {
        for chunk in ids.chunks(1_000) {
            area_entry::Entity::update_many()
                .col_expr(Col::Flags, Expr::value(flags))
                .col_expr(Col::Pending, Expr::value(flags != 0 && !settled))
                .filter(Col::OrgId.eq(org_id))
                .filter(Col::Id.is_in(chunk.to_vec()))
                .exec(conn)
                .await?;
        }
    }
    Ok(())
}

/// The badge and time of entry of an area's entries in `[from, until]`: what a door
/// log import has already written (so a log imported twice adds nothing).
pub async fn keys<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    area_id: Uuid,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<(String, DateTime<Utc>)>> {
    Ok(area_entry::Entity::find()
        .select_only()
        .columns([Col::Badge, Col::EnteredAt])
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::AreaId.eq(area_id))
        .filter(Col::EnteredAt.gte(from))
        .filter(Col::EnteredAt.lte(until))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Entries awaiting settling, per area.
pub async fn pending_by_area<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<(Uuid, i64)>> {
    Ok(area_entry::Entity::find()
        .select_only()
        .column(Col::AreaId)
        .column_as(Col::Id.count(), "n")
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::Pending.eq(true))
        .group_by(Col::AreaId)
        .into_tuple()
        .all(conn)
        .await?)
}

/// How many entries of an area began in `[from, until)`, and how many were flagged.
pub async fn month_counts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    area_id: Uuid,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<(u64, u64, u64)> {
    let q = area_entry::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::AreaId.eq(area_id))
        .filter(Col::EnteredAt.gte(from))
        .filter(Col::EnteredAt.lt(until));
    let all = q.clone().count(conn).await?;
    let flagged = q.clone().filter(Col::Flags.ne(0)).count(conn).await?;
    let pending = q.filter(Col::Pending.eq(true)).count(conn).await?;
    Ok((all, flagged, pending))
}
