//! The annual report: its row per fiscal year (the committee's sections, and the
//! figures frozen when issued), the risk posture taken at each year's start, and the
//! counts the figures are made of ([`figures`]).

pub mod figures;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::Result;
use crate::entity::{annual_report, risk_posture};
use crate::tenancy::update_in_org;

/// A year's report row, if its sections were ever written.
pub async fn report<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    year: i32,
) -> Result<Option<annual_report::Model>> {
    use annual_report::Column as Col;
    Ok(annual_report::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::FiscalYear.eq(year))
        .one(conn)
        .await?)
}

/// Every year's report row, the latest first.
pub async fn reports<C: ConnectionTrait>(conn: &C, org: Uuid) -> Result<Vec<annual_report::Model>> {
    use annual_report::Column as Col;
    Ok(annual_report::Entity::find()
        .filter(Col::OrgId.eq(org))
        .order_by_desc(Col::FiscalYear)
        .all(conn)
        .await?)
}

pub async fn insert_report<C: ConnectionTrait>(conn: &C, m: annual_report::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn update_report<C: ConnectionTrait>(conn: &C, m: annual_report::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// The posture taken at the start of a fiscal year, if one was.
pub async fn posture<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    year: i32,
) -> Result<Option<risk_posture::Model>> {
    use risk_posture::Column as Col;
    Ok(risk_posture::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::FiscalYear.eq(year))
        .one(conn)
        .await?)
}

pub async fn insert_posture<C: ConnectionTrait>(conn: &C, m: risk_posture::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}
