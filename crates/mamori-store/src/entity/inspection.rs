use sea_orm::entity::prelude::*;

/// A self-inspection campaign (自己点検).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspections")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub name: String,
    pub fiscal_year: i32,
    /// `catalog:<id>` or `own`.
    pub source: String,
    /// `departments` or `systems`: whom the campaign asks.
    pub scope: String,
    pub opened_on: Date,
    pub due_on: Date,
    pub closed_on: Option<Date>,
    pub opened_by: String,
    pub closed_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
