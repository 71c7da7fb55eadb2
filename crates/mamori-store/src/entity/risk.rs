use sea_orm::entity::prelude::*;

/// One risk of the risk register. Each evaluation stage (inherent, current, residual)
/// is its factors (`f1`..`f3`, see `mamori_domain::risk::Factors`), score, level index
/// and heat-map cell; all absent until the stage is evaluated.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "risks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub number: String,
    pub number_seq: Option<i64>,
    pub title: String,
    pub description: String,
    pub department_id: Option<Uuid>,
    pub asset_group: String,
    pub threat_id: Option<Uuid>,
    pub vulnerability_id: Option<Uuid>,
    pub inherent_f1: Option<i16>,
    pub inherent_f2: Option<i16>,
    pub inherent_f3: Option<i16>,
    pub inherent_score: Option<i16>,
    pub inherent_level: Option<i16>,
    pub inherent_x: Option<i16>,
    pub inherent_y: Option<i16>,
    pub current_f1: Option<i16>,
    pub current_f2: Option<i16>,
    pub current_f3: Option<i16>,
    pub current_score: Option<i16>,
    pub current_level: Option<i16>,
    pub current_x: Option<i16>,
    pub current_y: Option<i16>,
    pub residual_f1: Option<i16>,
    pub residual_f2: Option<i16>,
    pub residual_f3: Option<i16>,
    pub residual_score: Option<i16>,
    pub residual_level: Option<i16>,
    pub residual_x: Option<i16>,
    pub residual_y: Option<i16>,
    pub treatment: Option<String>,
    pub treatment_note: String,
    pub status: String,
    pub owner_staff_id: Option<Uuid>,
    pub due_on: Option<Date>,
    pub review_on: Option<Date>,
    pub campaign_id: Option<Uuid>,
    pub accepted_by: String,
    pub accepted_on: Option<Date>,
    pub acceptance_reason: String,
    pub acceptance_expires_on: Option<Date>,
    /// What free-text search matches (see `mamori_domain::risk::search_key`); the store
    /// sets it on every write.
    pub search_key: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
