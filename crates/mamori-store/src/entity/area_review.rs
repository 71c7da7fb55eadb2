use sea_orm::entity::prelude::*;

/// A review of an area's authorized list.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "area_reviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub area_id: Uuid,
    pub opened_on: Date,
    pub due_on: Date,
    pub closed_on: Option<Date>,
    pub opened_by: String,
    pub closed_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
