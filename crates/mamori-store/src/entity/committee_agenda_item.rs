use sea_orm::entity::prelude::*;

/// An item on a committee meeting's agenda and the record it brings.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "committee_agenda_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub meeting_id: Uuid,
    pub seq: i32,
    pub kind: String,
    pub record_id: Option<Uuid>,
    pub record_version: Option<i32>,
    pub title: String,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
