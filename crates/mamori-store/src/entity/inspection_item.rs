use sea_orm::entity::prelude::*;

/// One question of a campaign's checklist; `department_id` set when only that
/// department is asked (an item from its applied control).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub inspection_id: Uuid,
    pub position: i32,
    pub area_code: String,
    pub area: String,
    pub question: String,
    pub guidance: String,
    pub control_ref: String,
    pub applied_control_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
