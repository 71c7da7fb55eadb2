use sea_orm::entity::prelude::*;

/// A campaign asking people to acknowledge a policy version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ack_campaigns")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub document_id: Uuid,
    pub version_id: Uuid,
    pub version: i32,
    /// JSON of `mamori_domain::policy::ack::Audience`.
    pub audience: String,
    pub starts_on: Option<Date>,
    pub due_on: Option<Date>,
    /// 0: no reminders.
    pub remind_every_days: i32,
    pub new_hire_days: i32,
    pub last_reminded_on: Option<Date>,
    pub closed_at: Option<DateTimeUtc>,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
