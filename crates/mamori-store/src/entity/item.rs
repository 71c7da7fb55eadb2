use sea_orm::entity::prelude::*;

/// A device or medium of the equipment and media register.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub number: String,
    pub kind: String,
    pub name: String,
    pub asset_id: Option<Uuid>,
    pub serial: String,
    pub asset_tag: String,
    pub capacity: String,
    pub encrypted: bool,
    pub max_level: String,
    pub department_id: Option<Uuid>,
    pub holder_staff_id: Option<Uuid>,
    pub area_id: Option<Uuid>,
    pub rack: String,
    pub status: String,
    pub notes: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
