use sea_orm::entity::prelude::*;

/// One item an inventory asks about, and what its department found (empty: not yet).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inventory_checks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub inventory_id: Uuid,
    pub item_id: Uuid,
    pub department_id: Option<Uuid>,
    pub finding: String,
    pub checked_by: String,
    pub checked_at: Option<DateTimeUtc>,
    pub note: String,
    pub incident_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
