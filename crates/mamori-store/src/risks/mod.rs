//! The risk register (リスク管理台帳), its threat and vulnerability catalogs, the
//! organization's risk method and assessment campaigns.
//!
//! A register of 10,000 risks is small enough to filter in SQL: every list and heat
//! map is one indexed pass over the organization's rows. Evaluations are stored with
//! their heat-map cell, so a cell's link is an equality filter and the map is a
//! `GROUP BY`.

mod campaigns;
mod catalog;
mod filter;
mod links;

use std::collections::HashMap;

use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

pub use campaigns::*;
pub use catalog::*;
use filter::filtered;
pub use filter::{RiskFilter, RiskSort, StageCols, StandingFilter};
pub use links::*;

use crate::entity::risk;
use crate::{Page, PageRequest, Result};

/// A page of the register under `f`, with the total matched.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &RiskFilter,
    page: PageRequest,
) -> Result<Page<risk::Model>> {
    let q = filtered(conn.get_database_backend(), org_id, f);
    let total = q.clone().count(conn).await?;
    let (score, ..) = f.stage.cols();
    let q = match f.sort {
        RiskSort::Number => q.order_by_asc(risk::Column::Number),
        // NULLS LAST rather than an `IS NULL` key, so the score index gives the order.
        RiskSort::Score => q
            .order_by_with_nulls(
                score,
                sea_orm::Order::Desc,
                sea_orm::sea_query::NullOrdering::Last,
            )
            .order_by_asc(risk::Column::Number),
        RiskSort::Due => q
            .order_by(
                Expr::col(risk::Column::DueOn).is_null(),
                sea_orm::Order::Asc,
            )
            .order_by_asc(risk::Column::DueOn)
            .order_by_asc(risk::Column::Number),
    };
    let items = q
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

/// How many risks match `f` (dashboard tiles): the count alone, no rows.
pub async fn count<C: ConnectionTrait>(conn: &C, org_id: Uuid, f: &RiskFilter) -> Result<u64> {
    Ok(filtered(conn.get_database_backend(), org_id, f)
        .count(conn)
        .await?)
}

/// These risks of the organization, by number.
pub async fn by_ids<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<risk::Model>> {
    let mut rows = crate::by_ids_in_org::<risk::Entity, _>(conn, org_id, ids).await?;
    rows.sort_by(|a, b| a.number.cmp(&b.number));
    Ok(rows)
}

/// Every risk under `f`, in the filter's order (exports).
pub async fn all<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &RiskFilter,
) -> Result<Vec<risk::Model>> {
    Ok(filtered(conn.get_database_backend(), org_id, f)
        .order_by_asc(risk::Column::Number)
        .all(conn)
        .await?)
}

/// How many risks under `f` sit in each heat-map cell of `f.stage` (cells as stored).
pub async fn cell_counts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &RiskFilter,
) -> Result<HashMap<(i16, i16), u64>> {
    let (_, _, x, y) = f.stage.cols();
    let rows: Vec<(Option<i16>, Option<i16>, i64)> =
        filtered(conn.get_database_backend(), org_id, f)
            .select_only()
            .column(x)
            .column(y)
            .expr(Func::count(Expr::col(Asterisk)))
            .group_by(x)
            .group_by(y)
            .into_tuple()
            .all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(x, y, n)| Some(((x?, y?), u64::try_from(n).unwrap_or(0))))
        .collect())
}

/// How many risks under `f` are at each level of `f.stage` (None: not evaluated).
pub async fn level_counts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &RiskFilter,
) -> Result<HashMap<Option<i16>, u64>> {
    let (_, level, ..) = f.stage.cols();
    let rows: Vec<(Option<i16>, i64)> = filtered(conn.get_database_backend(), org_id, f)
        .select_only()
        .column(level)
        .expr(Func::count(Expr::col(Asterisk)))
        .group_by(level)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(l, n)| (l, u64::try_from(n).unwrap_or(0)))
        .collect())
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<risk::Model>> {
    crate::get_in_org::<risk::Entity, _>(conn, org_id, id).await
}

pub async fn by_number<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    number: &str,
) -> Result<Option<risk::Model>> {
    Ok(risk::Entity::find()
        .filter(risk::Column::OrgId.eq(org_id))
        .filter(risk::Column::Number.eq(number))
        .one(conn)
        .await?)
}

/// The highest generated sequence number in use (0 when none).
pub async fn max_seq<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i64> {
    let n: Option<Option<i64>> = risk::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(risk::Column::NumberSeq)))
        .filter(risk::Column::OrgId.eq(org_id))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(n.flatten().unwrap_or(0))
}

/// Inserts risks, each with the search key of its text.
pub async fn insert_many<C: ConnectionTrait>(conn: &C, mut ms: Vec<risk::Model>) -> Result<()> {
    for m in &mut ms {
        m.search_key = search_key_of(m);
    }
    crate::bulk::insert_rows(conn, ms).await
}

/// Overwrites the row within its organization (its search key made anew); false when
/// it does not exist there.
pub async fn update<C: ConnectionTrait>(conn: &C, mut m: risk::Model) -> Result<bool> {
    m.search_key = search_key_of(&m);
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await
}

/// What free-text search matches of a risk: kept by the store on every write, so no
/// caller can store a risk its search would miss.
pub(crate) fn search_key_of(m: &risk::Model) -> String {
    mamori_domain::risk::search_key(&m.number, &m.title, &m.description, &m.asset_group)
}

pub async fn delete<C: ConnectionTrait>(conn: &C, org_id: Uuid, id: Uuid) -> Result<bool> {
    let r = risk::Entity::delete_many()
        .filter(risk::Column::Id.eq(id))
        .filter(risk::Column::OrgId.eq(org_id))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}
