//! A law as it is shown: the views the register, a law's page, the compliance view,
//! the dashboard and the API serve.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::law::{Kind, Review};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One law as the register, its page and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LawView {
    pub id: Uuid,
    /// `LAW-0001`
    pub number: String,
    pub title: String,
    /// `law`, `cabinet_order`, `ministerial_ordinance`, `ordinance`, `regulation`,
    /// `internal_rule` or `guideline`.
    #[schema(value_type = String)]
    pub kind: Kind,
    /// 法令番号, e.g. 平成15年法律第57号.
    pub reference: String,
    /// The department that owns it (所管).
    pub owner_department_id: Option<Uuid>,
    pub owner_department: String,
    /// Applies to every department; otherwise to `departments`.
    pub applies_all: bool,
    pub departments: Vec<DepartmentRef>,
    pub review_months: i32,
    pub last_reviewed: Option<NaiveDate>,
    pub next_review: Option<NaiveDate>,
    /// Where it stands today: `current`, `due_soon`, `overdue`, `amended`,
    /// `unscheduled` or `repealed`.
    #[schema(value_type = String)]
    pub review: Review,
    pub repealed: bool,
    pub notes: String,
    /// Seeded from the standard set.
    pub standard: bool,
    pub obligations: usize,
    /// Obligations that no policy section or control meets.
    pub unlinked: usize,
    /// Amendments not yet taken in by a review.
    pub open_amendments: usize,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A department named by id and path.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DepartmentRef {
    pub id: Uuid,
    pub name: String,
}

/// One obligation and what meets it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObligationView {
    pub id: Uuid,
    pub law_id: Uuid,
    /// The law's number and title, for lists that mix laws.
    pub law_number: String,
    pub law_title: String,
    pub article: String,
    pub duty: String,
    /// The policy sections and controls that meet it.
    pub links: Vec<RuleLink>,
}

/// A policy section or control named by an obligation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RuleLink {
    /// Canonical: `POL-002 §3.2`, `AC-0001` or `catalog:control`.
    pub rule: String,
    /// With its heading or name where the reader may see it (on a law's page).
    pub label: String,
    /// Its page, where it has one (on a law's page).
    pub href: Option<String>,
}

/// An amendment of a law.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AmendmentView {
    pub id: Uuid,
    pub promulgated_on: NaiveDate,
    pub effective_on: Option<NaiveDate>,
    /// The amending law's number.
    pub reference: String,
    pub summary: String,
    /// Not yet taken in by a review: the law owes one.
    pub open: bool,
    pub recorded_by: String,
}

/// A review done of a law.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LawReviewView {
    pub id: Uuid,
    pub reviewed_on: NaiveDate,
    pub reviewed_by: String,
    pub finding: String,
    pub next_review: Option<NaiveDate>,
    /// Amendments this review took in.
    pub amendments: usize,
}

/// A law's page: the law, its obligations, amendments and reviews.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LawDetail {
    pub law: LawView,
    pub obligations: Vec<ObligationView>,
    pub amendments: Vec<AmendmentView>,
    pub reviews: Vec<LawReviewView>,
    /// The reader may keep it (obligations, amendments, reviews).
    pub can_edit: bool,
    /// The reader may repeal it or change its owner.
    pub can_manage: bool,
}

/// What the compliance view shows: obligations nothing meets, and laws owed a review.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LawsCompliance {
    pub unlinked: Vec<ObligationView>,
    /// Laws overdue for review, amended and not reviewed since, or with no review date.
    pub due: Vec<LawView>,
}

/// The register's figures for the dashboard (laws in force only).
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct LawCounts {
    pub laws: usize,
    pub obligations: usize,
    pub unlinked: usize,
    /// Laws owed a review: overdue, amended or unscheduled.
    pub wants_review: usize,
    pub overdue: usize,
    pub amended: usize,
}
