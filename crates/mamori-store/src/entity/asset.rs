use sea_orm::entity::prelude::*;

/// One row of the information asset register. Free-text fields are never null: absent
/// is the empty string.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub number: String,
    /// The n of a generated `A-00000n` number, so the next one is found by index.
    pub number_seq: Option<i64>,
    pub kind: String,
    pub name: String,
    pub description: String,
    pub business_process: String,
    pub department_id: Option<Uuid>,
    pub owner_staff_id: Option<Uuid>,
    pub user_scope: String,
    pub medium: String,
    pub location: String,
    pub network_layer: String,
    pub provider: String,
    pub contractor: String,
    /// `mamori_domain::asset::Retention::code()`.
    pub retention: Option<String>,
    pub registered_on: Option<Date>,
    pub review_on: Option<Date>,
    pub status: String,
    pub notes: String,
    pub model: String,
    pub serial: String,
    pub asset_tag: String,
    pub vendor: String,
    pub version: String,
    pub licence: String,
    pub segment: String,
    pub address_range: String,
    pub building: String,
    pub room: String,
    pub scheme_id: Uuid,
    pub c_level: String,
    pub i_level: String,
    pub a_level: String,
    pub c_rank: i16,
    pub i_rank: i16,
    pub a_rank: i16,
    pub importance: i16,
    /// Required protection (ranks): at least the asset's own, raised by what depends on it.
    pub req_c: i16,
    pub req_i: i16,
    pub req_a: i16,
    pub personal_data: String,
    pub ordinance_sensitive: bool,
    pub persons: Option<i64>,
    /// 要配慮 or 特定個人情報: need-to-know, reads audited.
    pub restricted: bool,
    pub search_key: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The register revision of the last write (set by the store on every write).
    pub rev: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
