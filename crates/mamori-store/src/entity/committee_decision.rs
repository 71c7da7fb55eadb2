use sea_orm::entity::prelude::*;

/// A numbered decision (議決) of the committee on an agenda item.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "committee_decisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub meeting_id: Uuid,
    pub agenda_item_id: Uuid,
    pub fiscal_year: i32,
    pub seq: i32,
    pub number: String,
    pub outcome: String,
    pub text: String,
    pub effective_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub decided_on: Date,
    pub recorded_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
