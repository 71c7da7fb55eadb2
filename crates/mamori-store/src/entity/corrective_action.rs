use sea_orm::entity::prelude::*;

/// A corrective action (是正処置) against a finding.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "corrective_actions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub finding_id: Uuid,
    pub cause: String,
    pub action: String,
    pub owner_staff_id: Option<Uuid>,
    pub due_on: Date,
    pub state: String,
    pub done_note: String,
    pub done_on: Option<Date>,
    pub reported_by: String,
    pub verify_note: String,
    pub verified_on: Option<Date>,
    pub verified_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
