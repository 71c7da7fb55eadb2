//! What a risk concerns and what treats it: its assets and its applied controls.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::Result;
use crate::entity::{risk_asset, risk_control};

/// The assets of a risk.
pub async fn asset_ids<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    risk_id: Uuid,
) -> Result<Vec<Uuid>> {
    Ok(risk_asset::Entity::find()
        .select_only()
        .column(risk_asset::Column::AssetId)
        .filter(risk_asset::Column::OrgId.eq(org_id))
        .filter(risk_asset::Column::RiskId.eq(risk_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// How many assets each of these risks concerns.
pub async fn asset_counts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    risk_ids: &[Uuid],
) -> Result<HashMap<Uuid, u64>> {
    let rows: Vec<(Uuid, i64)> = crate::in_chunks(risk_ids, |chunk| {
        risk_asset::Entity::find()
            .select_only()
            .column(risk_asset::Column::RiskId)
            .expr(Func::count(Expr::col(risk_asset::Column::AssetId)))
            .filter(risk_asset::Column::OrgId.eq(org_id))
            .filter(risk_asset::Column::RiskId.is_in(chunk))
            .group_by(risk_asset::Column::RiskId)
            .into_tuple()
            .all(conn)
    })
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}

pub async fn insert_asset_links<C: ConnectionTrait>(
    conn: &C,
    links: Vec<risk_asset::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, links).await
}

/// Replaces the assets of a risk.
pub async fn set_assets<C: ConnectionTrait>(
    conn: &C,
    links: Vec<risk_asset::Model>,
    org_id: Uuid,
    risk_id: Uuid,
) -> Result<()> {
    risk_asset::Entity::delete_many()
        .filter(risk_asset::Column::OrgId.eq(org_id))
        .filter(risk_asset::Column::RiskId.eq(risk_id))
        .exec(conn)
        .await?;
    insert_asset_links(conn, links).await
}

/// The applied controls linked to a risk.
pub async fn control_ids<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    risk_id: Uuid,
) -> Result<Vec<Uuid>> {
    Ok(risk_control::Entity::find()
        .select_only()
        .column(risk_control::Column::AppliedControlId)
        .filter(risk_control::Column::OrgId.eq(org_id))
        .filter(risk_control::Column::RiskId.eq(risk_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Replaces the applied controls of a risk.
pub async fn set_controls<C: ConnectionTrait>(
    conn: &C,
    links: Vec<risk_control::Model>,
    org_id: Uuid,
    risk_id: Uuid,
) -> Result<()> {
    risk_control::Entity::delete_many()
        .filter(risk_control::Column::OrgId.eq(org_id))
        .filter(risk_control::Column::RiskId.eq(risk_id))
        .exec(conn)
        .await?;
    crate::bulk::insert_rows(conn, links).await
}

/// Every (risk, applied control) link of the organization (treatment plans).
pub async fn all_control_links<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<(Uuid, Uuid)>> {
    Ok(risk_control::Entity::find()
        .select_only()
        .column(risk_control::Column::RiskId)
        .column(risk_control::Column::AppliedControlId)
        .filter(risk_control::Column::OrgId.eq(org_id))
        .into_tuple()
        .all(conn)
        .await?)
}
