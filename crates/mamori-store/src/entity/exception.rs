use sea_orm::entity::prelude::*;

/// An exception to the standards (例外措置).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "exceptions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    /// Shown as `EXC-0001`.
    pub number: i32,
    pub title: String,
    pub department_id: Option<Uuid>,
    /// The rule departed from, canonical (`mamori_domain::exception::RuleRef`).
    pub rule: String,
    /// `section`, `catalog` or `applied`.
    pub rule_kind: String,
    pub reason: String,
    pub compensating: String,
    pub valid_from: Date,
    pub valid_until: Date,
    pub urgent: bool,
    /// For an urgent exception: the day it must be reported for approval by.
    pub report_due: Option<Date>,
    /// `mamori_domain::exception::State` code.
    pub state: String,
    /// The decision's conditions, or why it was refused.
    pub conditions: String,
    /// The committee's or the approver's decision number, if any.
    pub decision_ref: String,
    pub decided_by: String,
    pub decided_on: Option<Date>,
    /// The exception this one renews.
    pub renews_id: Option<Uuid>,
    pub requested_by: String,
    pub requester_staff_id: Option<Uuid>,
    pub reviewed_on: Option<Date>,
    pub review_note: String,
    /// Folded number, title and rule, for the register's search (`mamori_domain::text::search_key_fields`).
    pub search_key: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
