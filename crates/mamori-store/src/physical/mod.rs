//! Physical security: places and their authorized lists, read whole (a city has tens
//! of areas and a few hundred grants), badges, sign-offs, and the entry log
//! ([`entries`]), which is large and read by range.

pub mod entries;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::Result;
use crate::entity::{area_grant, area_review, area_signoff, badge, place};
use crate::tenancy::{get_in_org, update_in_org};

pub async fn insert_place<C: ConnectionTrait>(conn: &C, m: place::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn update_place<C: ConnectionTrait>(conn: &C, m: place::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn get_place<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<place::Model>> {
    get_in_org::<place::Entity, C>(conn, org_id, id).await
}

/// Every place of the organization, by code.
pub async fn places<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<place::Model>> {
    Ok(place::Entity::find()
        .filter(place::Column::OrgId.eq(org_id))
        .order_by_asc(place::Column::Code)
        .all(conn)
        .await?)
}

pub async fn place_by_code<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    code: &str,
) -> Result<Option<place::Model>> {
    Ok(place::Entity::find()
        .filter(place::Column::OrgId.eq(org_id))
        .filter(place::Column::Code.eq(code))
        .one(conn)
        .await?)
}

pub async fn insert_grants<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<area_grant::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, rows).await
}

pub async fn update_grant<C: ConnectionTrait>(conn: &C, m: area_grant::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn get_grant<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<area_grant::Model>> {
    get_in_org::<area_grant::Entity, C>(conn, org_id, id).await
}

/// The grants of one area, or (`None`) of every area, oldest first.
pub async fn grants<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    area_id: Option<Uuid>,
) -> Result<Vec<area_grant::Model>> {
    use area_grant::Column as Col;
    let mut q = area_grant::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(a) = area_id {
        q = q.filter(Col::AreaId.eq(a));
    }
    Ok(q.order_by_asc(Col::GrantedOn)
        .order_by_asc(Col::Id)
        .all(conn)
        .await?)
}

/// Confirms grants in a review: their last confirmation is `on`.
pub async fn confirm_grants<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
    on: NaiveDate,
) -> Result<()> {
    use area_grant::Column as Col;
    use sea_orm::sea_query::Expr;
    if ids.is_empty() {
        return Ok(());
    }
    area_grant::Entity::update_many()
        .col_expr(Col::ConfirmedOn, Expr::value(on))
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::Id.is_in(ids.to_vec()))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn insert_review<C: ConnectionTrait>(conn: &C, m: area_review::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn update_review<C: ConnectionTrait>(conn: &C, m: area_review::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// Every review of the organization's areas, latest first.
pub async fn reviews<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    area_id: Option<Uuid>,
) -> Result<Vec<area_review::Model>> {
    use area_review::Column as Col;
    let mut q = area_review::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(a) = area_id {
        q = q.filter(Col::AreaId.eq(a));
    }
    Ok(q.order_by_desc(Col::OpenedOn)
        .order_by_desc(Col::Id)
        .all(conn)
        .await?)
}

pub async fn insert_badges<C: ConnectionTrait>(conn: &C, rows: Vec<badge::Model>) -> Result<()> {
    crate::bulk::insert_rows(conn, rows).await
}

pub async fn delete_badge<C: ConnectionTrait>(conn: &C, org_id: Uuid, id: Uuid) -> Result<bool> {
    let r = badge::Entity::delete_many()
        .filter(badge::Column::OrgId.eq(org_id))
        .filter(badge::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(r.rows_affected > 0)
}

/// Every badge of the organization, by number.
pub async fn badges<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<badge::Model>> {
    Ok(badge::Entity::find()
        .filter(badge::Column::OrgId.eq(org_id))
        .order_by_asc(badge::Column::Number)
        .all(conn)
        .await?)
}

pub async fn insert_signoff<C: ConnectionTrait>(conn: &C, m: area_signoff::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

/// An area's sign-offs, latest month first.
pub async fn signoffs<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    area_id: Uuid,
) -> Result<Vec<area_signoff::Model>> {
    use area_signoff::Column as Col;
    Ok(area_signoff::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::AreaId.eq(area_id))
        .order_by_desc(Col::Month)
        .all(conn)
        .await?)
}
