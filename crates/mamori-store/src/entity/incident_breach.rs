use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "incident_breach")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub incident_id: Uuid,
    pub org_id: Uuid,
    /// JSON of `mamori_domain::incident::breach::Facts`.
    pub facts: String,
    /// JSON of the outcome.
    pub outcome: String,
    pub preliminary_due: Option<Date>,
    pub final_due: Option<Date>,
    pub assessed_at: DateTimeUtc,
    pub assessed_by: String,
    /// JSON: notice to the persons (required or the exception, method, date, count).
    pub notice: String,
    /// JSON: publication (date, how).
    pub publication: String,
    /// JSON: the PPC form's items as edited.
    pub report: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
