use sea_orm::entity::prelude::*;

/// A course of training (研修) and whom it binds.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_courses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub number: i32,
    /// `mamori_domain::training::CourseKind` code.
    pub kind: String,
    pub title: String,
    pub description: String,
    /// `mamori_domain::training::Frequency` code.
    pub frequency: String,
    /// JSON of `mamori_domain::training::Audience`.
    pub audience: String,
    pub grace_days: i32,
    pub applies_from: Date,
    /// The quiz's pass mark in percent; 0 with no questions: no quiz.
    pub pass_percent: i32,
    /// 0: no limit.
    pub max_attempts: i32,
    pub retired: bool,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
