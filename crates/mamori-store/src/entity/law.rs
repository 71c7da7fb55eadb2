use sea_orm::entity::prelude::*;

/// A law, ordinance or rule of the register (policy §10).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "laws")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    /// Shown as `LAW-0001`.
    pub number: i32,
    pub title: String,
    /// `mamori_domain::law::Kind` code.
    pub kind: String,
    /// 法令番号, e.g. 平成15年法律第57号.
    pub reference: String,
    /// The department that owns it (所管).
    pub owner_department_id: Option<Uuid>,
    /// Applies to every department; otherwise to those in `law_departments`.
    pub applies_all: bool,
    pub review_months: i32,
    pub last_reviewed: Option<Date>,
    pub next_review: Option<Date>,
    pub repealed: bool,
    pub notes: String,
    /// The standard entry it was seeded from (`mamori_domain::law::standard`), or empty.
    pub standard_key: String,
    /// Folded number, title and reference, for the register's search.
    pub search_key: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
