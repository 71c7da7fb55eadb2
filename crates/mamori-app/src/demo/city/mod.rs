//! みどり市 (Midori City): the fictional 中核市-sized city hall behind `mamori demo`.
//!
//! [`generate`] returns pure data: the organisation, a tree of 26 departments
//! and exactly 300 staff with their ISMS roles and a handful of demo logins.
//! All variation (names, hire dates, where part-timers sit) comes from a small
//! SplitMix64 generator seeded by the caller, so the same seed always yields
//! the same city.
//!
//! The structure is fixed by the tables in [`units`] and [`roles`]:
//!
//! * every 部 (and the 議会事務局) has a director who is its
//!   `department-officer` and sits on the security committee;
//! * every 課 (and the 会計課) has a manager who is its `section-manager`;
//! * the 副市長 is the CISO, the 総務部長 the deputy CISO;
//! * 情報政策課 and its システム係 hold the system administrators and
//!   operators, and two 会計課 staff are the internal auditors.
//!
//! The parts, each read on its own: [`org`] (the city's codes and the data's
//! shapes), [`units`] (departments and where non-regular staff work), [`roles`]
//! (roles and logins), [`roster`] (hiring the 300 people) and [`rng`].

mod org;
mod rng;
mod roles;
mod roster;
#[cfg(test)]
mod tests;
mod units;

pub use org::{
    CITY_MAIL_DOMAIN, COMMITTEE_TERM, COUNTER_VENDOR_MAIL_DOMAIN, Date, DemoCity, DemoDepartment,
    DemoRole, DemoStaff, FISCAL_YEAR_START, IT_VENDOR_MAIL_DOMAIN, ORG_CODE, ORG_NAME,
    PREFECTURE_CODE, STAFF_COUNT, org_code_check_digit,
};
pub(in crate::demo) use rng::SplitMix64;

/// Builds みどり市 from `seed`. Deterministic: equal seeds give equal cities.
pub fn generate(seed: u64) -> DemoCity {
    DemoCity {
        org_name: ORG_NAME,
        org_code: ORG_CODE,
        prefecture_code: PREFECTURE_CODE,
        departments: units::departments(),
        staff: roster::roster(seed),
    }
}
