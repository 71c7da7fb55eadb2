use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "incidents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub number_year: i32,
    pub number_seq: i64,
    /// `INC-2026-0007`.
    pub number: String,
    pub title: String,
    /// `mamori_domain::incident::Category` code.
    pub category: String,
    pub description: String,
    pub location: String,
    pub occurred_at: Option<DateTimeUtc>,
    /// When any staff member learned of it: the law's clock starts here.
    pub known_at: DateTimeUtc,
    pub reported_at: DateTimeUtc,
    pub reporter_staff_id: Option<Uuid>,
    /// Audit label of the reporter (a person, or a rule fed by monitoring).
    pub reporter: String,
    pub department_id: Option<Uuid>,
    pub personal_data: bool,
    pub persons: Option<i64>,
    /// Personal data or an insider: need-to-know only, reads audited.
    pub restricted: bool,
    /// `mamori_domain::incident::State` code.
    pub state: String,
    pub state_changed_at: DateTimeUtc,
    /// `mamori_domain::incident::Severity` code; `None` until triaged.
    pub severity: Option<String>,
    pub assignee_staff_id: Option<Uuid>,
    pub first_response_due: DateTimeUtc,
    pub first_response_at: Option<DateTimeUtc>,
    pub escalated_at: Option<DateTimeUtc>,
    pub root_cause_category: Option<String>,
    pub root_cause: String,
    pub contributing: String,
    pub lessons: String,
    /// Why it ended as a false alarm or duplicate.
    pub end_reason: String,
    pub closed_at: Option<DateTimeUtc>,
    pub closed_by: Option<String>,
    pub search_key: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When it left containment and recovery (moved to root cause or later, or
    /// closed): the end of "time to contain".
    pub contained_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
