use sea_orm::entity::prelude::*;

/// A fiscal year's annual report: the committee's sections, and once issued the
/// figures as they were heard.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "annual_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub fiscal_year: i32,
    pub overview: String,
    pub evaluation: String,
    pub next_year: String,
    pub updated_by: String,
    pub updated_at: DateTimeUtc,
    /// JSON of the report frozen when issued.
    pub figures: Option<String>,
    pub issued_on: Option<Date>,
    pub issued_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
