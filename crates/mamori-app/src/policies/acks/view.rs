//! What pages, the API and exports show of acknowledgement campaigns.

pub use crate::coverage::CoverageRow;
use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::StaffCategory;
use mamori_domain::policy::Status;
use mamori_domain::policy::ack::Tally;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::policies::VersionView;

/// A campaign with its overall counts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampaignView {
    pub id: Uuid,
    pub document_id: Uuid,
    /// `POL-001`.
    pub document_code: String,
    pub title: String,
    pub version: i32,
    /// Where the version stands today; a superseded version takes no more
    /// acknowledgements.
    #[schema(value_type = String)]
    pub version_status: Status,
    /// Who must acknowledge, in words (`全職員`, `会計年度任用職員・福祉部`).
    pub audience_ja: String,
    pub audience_en: String,
    pub starts_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub remind_every_days: i32,
    pub new_hire_days: i32,
    pub last_reminded_on: Option<NaiveDate>,
    /// Taking acknowledgements: not closed, and the version not superseded.
    pub open: bool,
    #[schema(value_type = Object)]
    pub total: Tally,
    pub percent: u32,
    pub created_by: String,
}

/// Someone who has not acknowledged yet.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PendingPerson {
    pub staff_id: Uuid,
    pub employee_number: String,
    pub name: String,
    pub department: String,
    #[schema(value_type = String)]
    pub category: StaffCategory,
    /// Their own due date (later for someone hired after the campaign began).
    pub due_on: NaiveDate,
    pub overdue: bool,
}

/// Someone who has acknowledged.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AckedPerson {
    pub ack_id: Uuid,
    pub employee_number: String,
    pub name: String,
    pub department: String,
    /// `online` or `paper`.
    pub method: String,
    pub acknowledged_at: DateTime<Utc>,
    /// A paper form's date of signature.
    pub signed_on: Option<NaiveDate>,
}

/// A campaign's coverage as the reader may see it: counts for all, names only of the
/// departments the reader answers for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoverageView {
    pub campaign: CampaignView,
    pub by_department: Vec<CoverageRow>,
    pub by_category: Vec<CoverageRow>,
    /// The department the names are of (the one asked for), if any.
    pub department: Option<Uuid>,
    pub pending: Vec<PendingPerson>,
    pub acked: Vec<AckedPerson>,
    /// The reader may see the names of the department asked for.
    pub names_shown: bool,
    pub may_manage: bool,
    pub may_record_paper: bool,
}

/// A campaign as the person it binds sees it on their home page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyAck {
    pub campaign_id: Uuid,
    pub title: String,
    pub version: i32,
    pub due_on: NaiveDate,
    pub overdue: bool,
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// The page on which a person reads a version and confirms it.
#[derive(Debug, Clone, Serialize)]
pub struct AckPage {
    pub campaign: CampaignView,
    pub text: VersionView,
    pub due_on: NaiveDate,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub method: Option<String>,
}
