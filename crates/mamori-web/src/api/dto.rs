//! The API's own request and response shapes: only those that differ from the
//! application's inputs and views on purpose. Everything else is (de)serialized as the
//! application's own type, whose schema is derived on it in `mamori-app`.

use mamori_app::staff::StaffInput;
use mamori_app::{Page, PageRequest};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiResult;

/// One page of a list.
// The store's `Page` serializes the same but carries no schema, and the store stays
// free of OpenAPI.
#[derive(Serialize, ToSchema)]
pub struct ListPage<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

impl<T> From<Page<T>> for ListPage<T> {
    fn from(p: Page<T>) -> Self {
        Self {
            items: p.items,
            page: p.page,
            per_page: p.per_page,
            total: p.total,
        }
    }
}

/// The page a list asks for, beside its filters (the staff and asset queries of the
/// application carry no page; the risk query does).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// 1-based page number.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

impl PageParams {
    /// Out-of-range numbers get a 422 naming them.
    pub fn request(&self) -> ApiResult<PageRequest> {
        super::page_request(self.page, self.per_page)
    }
}

/// A staff member as written; on `PUT`, `moved_on` dates a change of department.
// Not `StaffInput`: the API takes `part_time` as a JSON boolean (the form's field is a
// mark as people write it), and a move's date, which the application takes apart.
#[derive(Deserialize, ToSchema)]
pub struct StaffWrite {
    pub employee_number: String,
    pub name: String,
    pub kana: Option<String>,
    pub email: Option<String>,
    /// Department by id, code, unique name or path.
    pub department: Option<String>,
    /// A staff category code or label.
    pub category: Option<String>,
    pub part_time: Option<bool>,
    /// A date (ISO or 和暦).
    pub start_date: Option<String>,
    /// A date (ISO or 和暦).
    pub end_date: Option<String>,
    /// When the department changes: the date of the move (default today).
    pub moved_on: Option<String>,
}

impl StaffWrite {
    pub fn input(&self) -> StaffInput {
        StaffInput {
            employee_number: self.employee_number.clone(),
            name: self.name.clone(),
            kana: self.kana.clone().unwrap_or_default(),
            email: self.email.clone().unwrap_or_default(),
            department: self.department.clone().unwrap_or_default(),
            category: self.category.clone().unwrap_or_default(),
            part_time: if self.part_time.unwrap_or(false) {
                "1".into()
            } else {
                String::new()
            },
            start_date: self.start_date.clone().unwrap_or_default(),
            end_date: self.end_date.clone().unwrap_or_default(),
        }
    }
}

/// Retiring a staff member.
// The application takes the date as an argument, parsed here.
#[derive(Deserialize, ToSchema)]
pub struct RetireWrite {
    /// Retirement date (default today).
    pub on: Option<String>,
}
