use sea_orm::entity::prelude::*;

/// A meeting of the security committee.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "committee_meetings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub fiscal_year: i32,
    pub seq: i32,
    pub title: String,
    pub held_on: Date,
    pub place: String,
    pub state: String,
    /// Staff ids, as a JSON array.
    pub attendees: String,
    pub guests: String,
    pub minutes: String,
    pub minutes_approved_in: Option<Uuid>,
    pub minutes_approved_on: Option<Date>,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
