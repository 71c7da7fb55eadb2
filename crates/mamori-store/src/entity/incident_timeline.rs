use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "incident_timeline")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub incident_id: Uuid,
    /// Order of recording within the incident (1, 2, …).
    pub seq: i64,
    /// When the event itself happened.
    pub happened_at: DateTimeUtc,
    pub recorded_at: DateTimeUtc,
    /// Audit label of who recorded it.
    pub actor: String,
    /// `report`, `state`, `note`, `action`, `assign`, `task`, `assessment`,
    /// `submission`, `correction` ….
    pub kind: String,
    pub body: String,
    /// The entry this one corrects.
    pub corrects: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
