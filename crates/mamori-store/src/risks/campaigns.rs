//! Risk assessment campaigns and their departments' progress.

use sea_orm::sea_query::{Asterisk, Expr, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::{campaign, campaign_department, risk};

pub async fn campaigns<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<campaign::Model>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::OrgId.eq(org_id))
        .order_by_desc(campaign::Column::FiscalYear)
        .order_by_desc(campaign::Column::CreatedAt)
        .all(conn)
        .await?)
}

pub async fn campaign<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<campaign::Model>> {
    crate::get_in_org::<campaign::Entity, _>(conn, org_id, id).await
}

pub async fn insert_campaign<C: ConnectionTrait>(conn: &C, m: campaign::Model) -> Result<()> {
    campaign::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn update_campaign<C: ConnectionTrait>(conn: &C, m: campaign::Model) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await
}

pub async fn campaign_departments<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    campaign_id: Uuid,
) -> Result<Vec<campaign_department::Model>> {
    Ok(campaign_department::Entity::find()
        .filter(campaign_department::Column::OrgId.eq(org_id))
        .filter(campaign_department::Column::CampaignId.eq(campaign_id))
        .all(conn)
        .await?)
}

pub async fn insert_campaign_department<C: ConnectionTrait>(
    conn: &C,
    m: campaign_department::Model,
) -> Result<()> {
    campaign_department::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn update_campaign_department<C: ConnectionTrait>(
    conn: &C,
    m: campaign_department::Model,
) -> Result<()> {
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await?;
    Ok(())
}

/// Risks per (department, status) of a campaign: completion tracking.
pub async fn campaign_progress<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    campaign_id: Uuid,
) -> Result<Vec<(Option<Uuid>, String, u64)>> {
    let rows: Vec<(Option<Uuid>, String, i64)> = risk::Entity::find()
        .select_only()
        .column(risk::Column::DepartmentId)
        .column(risk::Column::Status)
        .expr(Func::count(Expr::col(Asterisk)))
        .filter(risk::Column::OrgId.eq(org_id))
        .filter(risk::Column::CampaignId.eq(campaign_id))
        .group_by(risk::Column::DepartmentId)
        .group_by(risk::Column::Status)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(d, s, n)| (d, s, u64::try_from(n).unwrap_or(0)))
        .collect())
}
