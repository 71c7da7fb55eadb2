use sea_orm::entity::prelude::*;

/// A question of a course's quiz.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quiz_questions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub course_id: Uuid,
    pub number: i32,
    pub text: String,
    /// JSON array of the options' texts.
    pub options: String,
    /// JSON array of the correct options' indexes.
    pub correct: String,
    pub multiple: bool,
    /// Kept for the results of earlier attempts, no longer asked.
    pub retired: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
