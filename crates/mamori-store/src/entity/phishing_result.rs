use sea_orm::entity::prelude::*;

/// What one recipient did with a drill's mail.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "phishing_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub drill_id: Uuid,
    pub staff_id: Uuid,
    pub opened: bool,
    pub clicked: bool,
    pub reported: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
