//! Organizations (団体).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::org;

pub async fn insert<C: ConnectionTrait>(conn: &C, m: org::Model) -> Result<()> {
    org::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn get<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<org::Model>> {
    Ok(org::Entity::find_by_id(id).one(conn).await?)
}

/// An organization by its local government code (the public pages name it so).
pub async fn by_code<C: ConnectionTrait>(conn: &C, code: &str) -> Result<Option<org::Model>> {
    Ok(org::Entity::find()
        .filter(org::Column::Code.eq(code))
        .one(conn)
        .await?)
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: org::Model) -> Result<()> {
    let am = m.into_active_model().reset_all();
    org::Entity::update(am).exec(conn).await?;
    Ok(())
}

pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<org::Model>> {
    Ok(org::Entity::find()
        .order_by_asc(org::Column::Code)
        .all(conn)
        .await?)
}
