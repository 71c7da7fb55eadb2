use sea_orm::entity::prelude::*;

/// One question's result in a submitted attempt.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quiz_marks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub attempt_id: Uuid,
    pub course_id: Uuid,
    pub question_id: Uuid,
    /// JSON array of the options chosen (indexes in the question's own order).
    pub chosen: String,
    pub right: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
