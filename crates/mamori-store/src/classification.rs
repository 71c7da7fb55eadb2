//! Classification schemes (分類基準), stored as the JSON of the domain's `Scheme`.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::classification_scheme as scheme;

pub async fn list<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<scheme::Model>> {
    Ok(scheme::Entity::find()
        .filter(scheme::Column::OrgId.eq(org_id))
        .order_by_asc(scheme::Column::CreatedAt)
        .all(conn)
        .await?)
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<scheme::Model>> {
    crate::get_in_org::<scheme::Entity, _>(conn, org_id, id).await
}

/// The scheme new assets are classified under.
pub async fn active<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Option<scheme::Model>> {
    Ok(scheme::Entity::find()
        .filter(scheme::Column::OrgId.eq(org_id))
        .filter(scheme::Column::Active.eq(true))
        .one(conn)
        .await?)
}

pub async fn insert<C: ConnectionTrait>(conn: &C, m: scheme::Model) -> Result<()> {
    scheme::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Overwrites the scheme within its organization; false when it has no such scheme.
pub async fn update<C: ConnectionTrait>(conn: &C, m: scheme::Model) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await
}

/// Makes one scheme the active one and every other inactive.
pub async fn activate<C: ConnectionTrait>(conn: &C, org_id: Uuid, id: Uuid) -> Result<()> {
    scheme::Entity::update_many()
        .col_expr(
            scheme::Column::Active,
            sea_orm::sea_query::ExprTrait::eq(
                sea_orm::sea_query::Expr::col(scheme::Column::Id),
                id,
            ),
        )
        .filter(scheme::Column::OrgId.eq(org_id))
        .exec(conn)
        .await?;
    Ok(())
}
