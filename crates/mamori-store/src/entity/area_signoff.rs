use sea_orm::entity::prelude::*;

/// The manager's sign-off of an area's log for a month.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "area_signoffs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub area_id: Uuid,
    /// The first day of the month signed off.
    pub month: Date,
    pub entries: i32,
    pub flagged: i32,
    pub note: String,
    pub signed_by: String,
    pub signed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
