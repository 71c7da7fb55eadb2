use sea_orm::entity::prelude::*;

/// A session of a course: a day in a room, an e-learning window, a drill.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub course_id: Uuid,
    pub number: i32,
    pub held_on: Date,
    /// The last day of an e-learning window.
    pub until: Option<Date>,
    /// `mamori_domain::training::SessionMode` code.
    pub mode: String,
    pub place: String,
    pub trainer: String,
    pub materials: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
