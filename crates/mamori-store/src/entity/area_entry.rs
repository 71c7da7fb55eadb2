use sea_orm::entity::prelude::*;

/// One stay in an area: who, when in and out, its flags and how they were settled.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "area_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub area_id: Uuid,
    pub staff_id: Option<Uuid>,
    pub badge: String,
    pub visitor_name: String,
    pub company: String,
    pub purpose: String,
    pub escort_staff_id: Option<Uuid>,
    pub escort_name: String,
    pub entered_at: DateTimeUtc,
    pub exited_at: Option<DateTimeUtc>,
    pub source: String,
    pub flags: i32,
    /// Flagged and not yet settled.
    pub pending: bool,
    pub explanation: String,
    pub settled_by: String,
    pub settled_at: Option<DateTimeUtc>,
    pub incident_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
