use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "incident_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: Uuid,
    /// The role that signs off a closure (`mamori_domain::Role` code).
    pub closer_role: String,
    /// The organization's target for the 速報, in days counting the day of knowing.
    pub preliminary_days: i32,
    /// Days before a report's due date on which reminders go out, e.g. `7,3,1`.
    pub reminder_days: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
