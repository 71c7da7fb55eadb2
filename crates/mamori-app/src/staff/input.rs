//! Staff input as it arrives (a form, a JSON body, a spreadsheet row), its one
//! validator, and how valid input is written onto a stored row.

use chrono::{DateTime, Utc};
use mamori_domain::Invalid;
use mamori_domain::period::Period;
use mamori_domain::staff::{
    EmployeeNumber, PersonName, StaffCategory, StaffEmail, parse_bool_flag, parse_kana,
};
use mamori_store::entity::staff;
use serde::Deserialize;
use uuid::Uuid;

use crate::departments::{DeptIndex, optional_date};

/// Raw staff input. Every field is text, as it arrives from a form, a JSON body or a
/// spreadsheet cell, so that one validator serves all three.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StaffInput {
    pub employee_number: String,
    pub name: String,
    #[serde(default)]
    pub kana: String,
    #[serde(default)]
    pub email: String,
    /// Department id, code, unique name or path; empty for none.
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub category: String,
    /// A flag as people write it: ○, 1, true, 非常勤, … (empty = no).
    #[serde(default)]
    pub part_time: String,
    #[serde(default)]
    pub start_date: String,
    #[serde(default)]
    pub end_date: String,
}

/// Input that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidStaff {
    pub employee_number: String,
    pub name: String,
    pub kana: String,
    pub email: Option<String>,
    pub department_id: Option<Uuid>,
    pub category: StaffCategory,
    pub part_time: bool,
    pub period: Period,
}

/// Validates staff input; problems are keyed by the field names of [`StaffInput`].
pub fn validate(input: &StaffInput, idx: &DeptIndex) -> Result<ValidStaff, Invalid> {
    let mut inv = Invalid::new();
    let number = inv.check(
        "employee_number",
        EmployeeNumber::parse(&input.employee_number),
    );
    let name = inv.check("name", PersonName::parse(&input.name));
    let kana = if input.kana.trim().is_empty() {
        Some(String::new())
    } else {
        inv.check("kana", parse_kana(&input.kana))
    };
    let email = if input.email.trim().is_empty() {
        Some(None)
    } else {
        inv.check(
            "email",
            StaffEmail::parse(&input.email).map(|e| Some(e.to_string())),
        )
    };
    let department = if input.department.trim().is_empty() {
        Some(None)
    } else {
        inv.check(
            "department",
            idx.resolve(&input.department).map(|d| Some(d.id)),
        )
    };
    let category = if input.category.trim().is_empty() {
        Some(StaffCategory::Regular)
    } else {
        inv.check("category", StaffCategory::parse(&input.category))
    };
    let part_time = inv.check("part_time", parse_bool_flag(&input.part_time));
    let start = optional_date(&mut inv, "start_date", &input.start_date);
    let end = optional_date(&mut inv, "end_date", &input.end_date);
    let period = inv.check("end_date", Period::new(start, end));
    match (
        number, name, kana, email, department, category, part_time, period,
    ) {
        (Some(n), Some(nm), Some(k), Some(e), Some(d), Some(c), Some(p), Some(per))
            if inv.is_empty() =>
        {
            Ok(ValidStaff {
                employee_number: n.as_str().to_owned(),
                name: nm.as_str().to_owned(),
                kana: k,
                email: e,
                department_id: d,
                category: c,
                part_time: p,
                period: per,
            })
        }
        _ => Err(inv),
    }
}

/// Applies validated input to a stored row (or a new one).
pub(crate) fn apply(base: staff::Model, v: &ValidStaff, now: DateTime<Utc>) -> staff::Model {
    staff::Model {
        employee_number: v.employee_number.clone(),
        name: v.name.clone(),
        kana: v.kana.clone(),
        email: v.email.clone(),
        department_id: v.department_id,
        category: v.category.code().to_owned(),
        part_time: v.part_time,
        start_date: v.period.from,
        end_date: v.period.to,
        search_key: mamori_domain::staff::search_key(v.employee_number.as_str(), &v.name, &v.kana),
        updated_at: now,
        ..base
    }
}

pub(crate) fn blank(id: Uuid, org_id: Uuid, now: DateTime<Utc>) -> staff::Model {
    staff::Model {
        id,
        org_id,
        employee_number: String::new(),
        name: String::new(),
        kana: String::new(),
        email: None,
        department_id: None,
        category: StaffCategory::Regular.code().to_owned(),
        part_time: false,
        start_date: None,
        end_date: None,
        retired: false,
        search_key: String::new(),
        created_at: now,
        updated_at: now,
    }
}
