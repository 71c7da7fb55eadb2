use sea_orm::entity::prelude::*;

/// Leave to enter an area unescorted: a staff member's, or a role's.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "area_grants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub area_id: Uuid,
    pub staff_id: Option<Uuid>,
    /// The role granted (empty for a person).
    pub role: String,
    pub reason: String,
    pub valid_from: Date,
    pub valid_to: Date,
    pub granted_on: Date,
    pub granted_by: String,
    pub confirmed_on: Option<Date>,
    pub removed_on: Option<Date>,
    pub removed_reason: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
