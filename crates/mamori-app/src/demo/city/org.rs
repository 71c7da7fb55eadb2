//! Who みどり市 is: its codes and mail domains, and the shapes of the data
//! [`super::generate`] returns.

/// A calendar date as `(year, month, day)`.
pub type Date = (i32, u32, u32);

/// The organisation's display name.
pub const ORG_NAME: &str = "みどり市";
/// 全国地方公共団体コード for the demo city: prefecture 08 with the unused
/// city part 998, followed by its check digit (see [`org_code_check_digit`]).
pub const ORG_CODE: &str = "089982";
/// The prefecture part of [`ORG_CODE`].
pub const PREFECTURE_CODE: u8 = 8;
/// How many staff [`super::generate`] always produces.
pub const STAFF_COUNT: usize = 300;
/// Mail domain of city employees (under the reserved `example.jp`).
pub const CITY_MAIL_DOMAIN: &str = "city.midori.example.jp";
/// Mail domain of the IT vendor's resident engineers.
pub const IT_VENDOR_MAIL_DOMAIN: &str = "mds.example.co.jp";
/// Mail domain of the counter-service (窓口業務) contractor.
pub const COUNTER_VENDOR_MAIL_DOMAIN: &str = "bpo.example.co.jp";
/// Term of the information security committee.
pub const COMMITTEE_TERM: (Date, Date) = ((2026, 4, 1), (2028, 3, 31));
/// First day of the current fiscal year (令和8年度).
pub const FISCAL_YEAR_START: Date = (2026, 4, 1);

/// The whole demo organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoCity {
    pub org_name: &'static str,
    pub org_code: &'static str,
    pub prefecture_code: u8,
    pub departments: Vec<DemoDepartment>,
    pub staff: Vec<DemoStaff>,
}

/// One node of the department tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoDepartment {
    /// Hierarchical number: `"100"` a 部, `"130"` a 課 under it, `"131"` a 係.
    pub code: String,
    pub name: String,
    /// `"bu"`, `"ka"`, `"kakari"` or `"other"`.
    pub kind: &'static str,
    pub parent_code: Option<String>,
    pub valid_from: Option<Date>,
}

/// One person on the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoStaff {
    pub employee_number: String,
    /// Family and given name separated by one half-width space.
    pub name: String,
    /// Full-width katakana reading, family and given separated the same way.
    pub kana: String,
    pub email: Option<String>,
    pub department_code: String,
    /// `"head"`, `"special_official"`, `"regular"`, `"fiscal_year_appointee"`,
    /// `"temporary"`, `"contract"` or `"contractor"`.
    pub category: &'static str,
    pub part_time: bool,
    pub start_date: Date,
    pub roles: Vec<DemoRole>,
    /// Demo account name, for the few people who get one.
    pub login: Option<String>,
}

/// One ISMS role held by a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoRole {
    /// `"ciso"`, `"deputy-ciso"`, `"department-officer"`, `"section-manager"`,
    /// `"system-admin"`, `"system-operator"`, `"committee"`, `"csirt"` or `"auditor"`.
    pub role: &'static str,
    /// The department the role is scoped to, if any.
    pub department_code: Option<String>,
    pub term: Option<(Date, Date)>,
}

/// The check digit of a 全国地方公共団体コード from its first five digits:
/// `sum = 6d1 + 5d2 + 4d3 + 3d4 + 2d5`, `check = (11 - sum % 11) % 10`.
/// `None` unless given exactly five ASCII digits.
pub fn org_code_check_digit(first_five: &str) -> Option<u32> {
    let digits = first_five
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<Vec<u32>>>()?;
    if digits.len() != 5 {
        return None;
    }
    let sum: u32 = digits.iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    Some((11 - sum % 11) % 10)
}
