//! What a form or the API sends to start a campaign, to acknowledge, and to record a
//! paper form.

use mamori_domain::policy::ack::{Audience, DEFAULT_NEW_HIRE_DAYS, DEFAULT_REMIND_DAYS};
use mamori_domain::{FieldError, Invalid, StaffCategory};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A new acknowledgement campaign for an approved version.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct CampaignInput {
    /// The day everyone must have acknowledged by (`2026-12-25` or 和暦).
    pub due_on: String,
    /// Categories of staff (codes or labels); empty: every category.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Departments (ids), each with the departments under it; empty: every department.
    #[serde(default)]
    pub departments: Vec<Uuid>,
    /// Contractors' staff who handle the organization's assets are bound too.
    #[serde(default)]
    pub contractors: bool,
    /// Days between reminders to those who have not acknowledged; 0: none. Default 7.
    #[serde(default)]
    pub remind_every_days: Option<i32>,
    /// Days a person hired after the campaign began has. Default 30.
    #[serde(default)]
    pub new_hire_days: Option<i32>,
}

impl CampaignInput {
    pub(super) fn audience(&self, inv: &mut Invalid) -> Audience {
        staff_audience(&self.categories, &self.departments, self.contractors, inv)
    }

    pub(super) fn remind_every_days(&self) -> i32 {
        self.remind_every_days.unwrap_or(DEFAULT_REMIND_DAYS)
    }

    pub(super) fn new_hire_days(&self) -> i32 {
        self.new_hire_days.unwrap_or(DEFAULT_NEW_HIRE_DAYS)
    }
}

/// An audience as a form or the API names it: categories by code or label (problems
/// under `categories`), departments by id; each list sorted and without repeats.
pub(crate) fn staff_audience(
    categories: &[String],
    departments: &[Uuid],
    contractors: bool,
    inv: &mut Invalid,
) -> Audience {
    let mut cats = Vec::new();
    for c in categories.iter().filter(|c| !c.trim().is_empty()) {
        if let Some(c) = inv.check("categories", StaffCategory::parse(c)) {
            cats.push(c);
        }
    }
    cats.sort_by_key(|c| c.code());
    cats.dedup();
    let mut depts = departments.to_vec();
    depts.sort();
    depts.dedup();
    Audience {
        categories: cats,
        departments: depts,
        contractors,
    }
}

/// A person's confirmation that they have read the version shown.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct AckInput {
    /// The fingerprint of the text shown (`text_hash` of the version).
    pub text_hash: String,
    /// Must be true: "I have read it and will comply".
    #[serde(default)]
    pub confirm: bool,
}

impl AckInput {
    pub(super) fn check(&self) -> Result<(), Invalid> {
        if self.confirm {
            return Ok(());
        }
        Err(Invalid::from(FieldError::new(
            "confirm",
            "内容を読み、遵守することを確認する欄にチェックしてください。",
            "Tick the box to confirm you have read it and will comply.",
        )))
    }
}

/// A signed paper form, recorded by a department officer for someone without a
/// terminal.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct PaperAckInput {
    /// The person's employee number.
    pub employee_number: String,
    /// The day they signed.
    pub signed_on: String,
}
