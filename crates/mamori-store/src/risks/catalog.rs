//! The organization's threat and vulnerability catalogs, and its risk method.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::{risk_setting, threat, vulnerability};

pub async fn threats<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<threat::Model>> {
    Ok(threat::Entity::find()
        .filter(threat::Column::OrgId.eq(org_id))
        .order_by_asc(threat::Column::Code)
        .all(conn)
        .await?)
}

pub async fn threat<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<threat::Model>> {
    crate::get_in_org::<threat::Entity, _>(conn, org_id, id).await
}

/// Names (Japanese) of these threats, for a page of risks.
pub async fn threat_names<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, String)>> {
    crate::in_chunks(ids, |chunk| {
        threat::Entity::find()
            .select_only()
            .column(threat::Column::Id)
            .column(threat::Column::NameJa)
            .filter(threat::Column::OrgId.eq(org_id))
            .filter(threat::Column::Id.is_in(chunk))
            .into_tuple()
            .all(conn)
    })
    .await
}

/// Names (Japanese) of these vulnerabilities, for a page of risks.
pub async fn vulnerability_names<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, String)>> {
    crate::in_chunks(ids, |chunk| {
        vulnerability::Entity::find()
            .select_only()
            .column(vulnerability::Column::Id)
            .column(vulnerability::Column::NameJa)
            .filter(vulnerability::Column::OrgId.eq(org_id))
            .filter(vulnerability::Column::Id.is_in(chunk))
            .into_tuple()
            .all(conn)
    })
    .await
}

pub async fn insert_threats<C: ConnectionTrait>(conn: &C, ms: Vec<threat::Model>) -> Result<()> {
    crate::bulk::insert_rows(conn, ms).await
}

pub async fn update_threat<C: ConnectionTrait>(conn: &C, m: threat::Model) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await
}

pub async fn vulnerabilities<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<vulnerability::Model>> {
    Ok(vulnerability::Entity::find()
        .filter(vulnerability::Column::OrgId.eq(org_id))
        .order_by_asc(vulnerability::Column::Code)
        .all(conn)
        .await?)
}

pub async fn vulnerability<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<vulnerability::Model>> {
    crate::get_in_org::<vulnerability::Entity, _>(conn, org_id, id).await
}

pub async fn insert_vulnerabilities<C: ConnectionTrait>(
    conn: &C,
    ms: Vec<vulnerability::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, ms).await
}

pub async fn update_vulnerability<C: ConnectionTrait>(
    conn: &C,
    m: vulnerability::Model,
) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await
}

pub async fn settings<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Option<risk_setting::Model>> {
    Ok(risk_setting::Entity::find_by_id(org_id).one(conn).await?)
}

pub async fn save_settings<C: ConnectionTrait>(conn: &C, m: risk_setting::Model) -> Result<()> {
    let exists = risk_setting::Entity::find_by_id(m.org_id)
        .one(conn)
        .await?
        .is_some();
    let am = m.into_active_model().reset_all();
    if exists {
        risk_setting::Entity::update(am).exec(conn).await?;
    } else {
        risk_setting::Entity::insert(am)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}
