//! API request and response shapes, described for OpenAPI.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_app::departments::DeptNode;
use mamori_app::orgs::OrgView;
use mamori_app::roles::RoleHolder;
use mamori_app::staff::{StaffInput, StaffView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct OrgDto {
    pub id: Uuid,
    pub name: String,
    /// 地方公共団体コード (6 digits with check digit).
    pub code: String,
    pub prefecture_code: i32,
}

impl From<OrgView> for OrgDto {
    fn from(o: OrgView) -> Self {
        Self {
            id: o.id,
            name: o.name,
            code: o.code,
            prefecture_code: o.prefecture_code,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct OrgWrite {
    pub name: String,
    pub code: String,
    /// Prefecture name or code; defaults to the code's prefecture.
    pub prefecture: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DepartmentDto {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    /// `bu` (部), `ka` (課), `kakari` (係) or `other`.
    pub kind: String,
    pub parent_id: Option<Uuid>,
    /// Names from the top, joined by `/`.
    pub path: String,
    pub depth: usize,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// Valid today.
    pub active: bool,
}

impl From<DeptNode> for DepartmentDto {
    fn from(n: DeptNode) -> Self {
        Self {
            id: n.id,
            code: n.code,
            name: n.name,
            kind: n.kind,
            parent_id: n.parent_id,
            path: n.path,
            depth: n.depth,
            valid_from: n.valid_from,
            valid_to: n.valid_to,
            active: n.active,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct DepartmentWrite {
    pub code: String,
    pub name: String,
    /// `bu`, `ka`, `kakari`, `other`; inferred from the name when absent.
    pub kind: Option<String>,
    /// Parent by id, code, unique name or path.
    pub parent: Option<String>,
    /// A date (ISO or 和暦).
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct StaffDto {
    pub id: Uuid,
    pub employee_number: String,
    pub name: String,
    pub kana: String,
    pub email: Option<String>,
    pub department_id: Option<Uuid>,
    pub department_code: Option<String>,
    pub department_path: Option<String>,
    /// `head`, `special_official`, `regular`, `fiscal_year_appointee`, `temporary`, `contract`, `contractor`.
    pub category: String,
    pub part_time: bool,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub retired: bool,
    pub updated_at: DateTime<Utc>,
}

impl From<StaffView> for StaffDto {
    fn from(s: StaffView) -> Self {
        Self {
            id: s.id,
            employee_number: s.employee_number,
            name: s.name,
            kana: s.kana,
            email: s.email,
            department_id: s.department_id,
            department_code: s.department_code,
            department_path: s.department_path,
            category: s.category.code().to_owned(),
            part_time: s.part_time,
            start_date: s.start_date,
            end_date: s.end_date,
            retired: s.retired,
            updated_at: s.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct StaffPage {
    pub items: Vec<StaffDto>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

impl From<mamori_app::Page<StaffView>> for StaffPage {
    fn from(p: mamori_app::Page<StaffView>) -> Self {
        Self {
            page: p.page,
            per_page: p.per_page,
            total: p.total,
            items: p.items.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StaffListParams {
    /// Free text over name, kana and employee number (width and kana folded).
    pub q: Option<String>,
    /// Department id; its whole subtree is included.
    pub department: Option<Uuid>,
    pub category: Option<String>,
    /// `current` (default), `retired` or `all`.
    pub status: Option<String>,
    /// `number` (default), `kana`, `department`, `updated`.
    pub sort: Option<String>,
    pub desc: Option<bool>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

#[derive(Deserialize, ToSchema)]
pub struct StaffWrite {
    pub employee_number: String,
    pub name: String,
    pub kana: Option<String>,
    pub email: Option<String>,
    /// Department by id, code, unique name or path.
    pub department: Option<String>,
    pub category: Option<String>,
    pub part_time: Option<bool>,
    pub start_date: Option<String>,
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

#[derive(Deserialize, ToSchema)]
pub struct RetireWrite {
    /// Retirement date (default today).
    pub on: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RoleDto {
    pub id: Uuid,
    pub staff_id: Uuid,
    /// `ciso`, `deputy-ciso`, `department-officer`, `section-manager`, `system-admin`, `system-operator`, `committee`, `csirt`, `auditor`.
    pub role: String,
    pub department_id: Option<Uuid>,
    pub term_from: Option<NaiveDate>,
    pub term_to: Option<NaiveDate>,
}

impl From<RoleHolder> for RoleDto {
    fn from(r: RoleHolder) -> Self {
        Self {
            id: r.id,
            staff_id: r.staff_id,
            role: r.role,
            department_id: r.department_id,
            term_from: r.term_from,
            term_to: r.term_to,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct RoleWrite {
    pub role: String,
    pub department: Option<String>,
    pub term_from: Option<String>,
    pub term_to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiErrorDto {
    pub error: ApiErrorBody,
}

#[derive(Serialize, ToSchema)]
pub struct ApiErrorBody {
    /// `invalid`, `not_found`, `forbidden`, `unauthenticated`, `conflict`, `internal`.
    pub code: String,
    pub message_ja: String,
    pub message_en: String,
    pub fields: Vec<FieldErrorDto>,
    /// Reference id of a server error, for the administrator's log.
    pub reference: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FieldErrorDto {
    pub field: String,
    pub ja: String,
    pub en: String,
}
