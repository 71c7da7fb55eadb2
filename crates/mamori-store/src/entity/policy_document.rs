use sea_orm::entity::prelude::*;

/// A document of the information security policy.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    /// Shown as `POL-001`.
    pub number: i32,
    /// `basic`, `standards` or `procedure`.
    pub tier: String,
    /// The title of the newest version (each version keeps its own).
    pub title: String,
    /// `public`, `internal` or `restricted`.
    pub disclosure: String,
    /// The department that owns it (a procedure's department).
    pub department_id: Option<Uuid>,
    /// The controls it governs, one reference per line (`catalog:control` or `AC-0001`).
    pub governs: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
