//! Incident statistics for the committee, by fiscal year (年度, April to March, as a
//! municipality budgets and reports): how many became known each month, by category
//! and by department, and how long containment took. Only counts and durations: no
//! title or person leaves the register this way, so restricted incidents count too.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use uuid::Uuid;

use super::Category;
use crate::japan_time;

/// What the statistics need of one incident.
#[derive(Debug, Clone)]
pub struct StatRow {
    pub known_at: DateTime<Utc>,
    pub category: Category,
    pub department: Option<Uuid>,
    pub contained_at: Option<DateTime<Utc>>,
    pub personal_data: bool,
    pub open: bool,
}

/// The fiscal year (年度) an instant falls in, in Japan.
pub fn fiscal_year(t: DateTime<Utc>) -> i32 {
    let d = japan_time::date(t);
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// The fiscal year's first instant and the next one's (JST midnight, 1 April).
pub fn fiscal_range(year: i32) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = |y: i32| {
        let d = NaiveDate::from_ymd_opt(y, 4, 1).unwrap_or(NaiveDate::MIN);
        japan_time::instant(d.and_hms_opt(0, 0, 0).unwrap_or_default())
    };
    (start(year), start(year + 1))
}

/// Time to contain for one category.
#[derive(Debug, Clone, PartialEq)]
pub struct ContainStat {
    pub category: Category,
    /// Incidents of the category that were contained.
    pub contained: u64,
    pub median_hours: f64,
    pub longest_hours: f64,
}

/// A fiscal year's figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub total: u64,
    pub open: u64,
    pub personal_data: u64,
    /// April first, March last.
    pub months: [u64; 12],
    /// Largest first; categories without incidents left out.
    pub by_category: Vec<(Category, u64)>,
    /// Largest first; `None` is an incident without a department (e.g. a monitoring
    /// draft).
    pub by_department: Vec<(Option<Uuid>, u64)>,
    /// Categories with at least one contained incident, in catalog order.
    pub contain: Vec<ContainStat>,
    /// Median time to contain over all categories.
    pub median_contain_hours: Option<f64>,
}

/// The month's place in the fiscal year: April 0 … March 11.
fn fiscal_month(t: DateTime<Utc>) -> usize {
    let m = japan_time::date(t).month() as usize;
    (m + 8) % 12
}

/// The median of `v` (sorted here).
pub fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The figures of rows already limited to one fiscal year.
pub fn summarize(rows: &[StatRow]) -> Summary {
    let mut s = Summary {
        total: rows.len() as u64,
        ..Summary::default()
    };
    let mut categories: Vec<(Category, u64)> = Vec::new();
    let mut departments: Vec<(Option<Uuid>, u64)> = Vec::new();
    let mut hours: Vec<(Category, f64)> = Vec::new();
    for r in rows {
        s.months[fiscal_month(r.known_at)] += 1;
        s.open += u64::from(r.open);
        s.personal_data += u64::from(r.personal_data);
        match categories.iter_mut().find(|(c, _)| *c == r.category) {
            Some((_, n)) => *n += 1,
            None => categories.push((r.category, 1)),
        }
        match departments.iter_mut().find(|(d, _)| *d == r.department) {
            Some((_, n)) => *n += 1,
            None => departments.push((r.department, 1)),
        }
        if let Some(c) = r.contained_at {
            let h = (c - r.known_at).num_minutes().max(0) as f64 / 60.0;
            hours.push((r.category, h));
        }
    }
    // Largest first; ties in catalog order, so the page does not reorder by chance.
    let rank = |c: Category| Category::ALL.iter().position(|x| *x == c).unwrap_or(0);
    categories.sort_by(|a, b| b.1.cmp(&a.1).then(rank(a.0).cmp(&rank(b.0))));
    departments.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    s.by_category = categories;
    s.by_department = departments;
    for c in Category::ALL {
        let mut v: Vec<f64> = hours
            .iter()
            .filter(|(k, _)| *k == c)
            .map(|(_, h)| *h)
            .collect();
        if let Some(m) = median(&mut v) {
            s.contain.push(ContainStat {
                category: c,
                contained: v.len() as u64,
                median_hours: m,
                longest_hours: v.last().copied().unwrap_or(m),
            });
        }
    }
    let mut all: Vec<f64> = hours.into_iter().map(|(_, h)| h).collect();
    s.median_contain_hours = median(&mut all);
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn fiscal_years_run_april_to_march_in_japan_time() {
        assert_eq!(
            fiscal_year(at("2026-03-31T14:59:00Z")),
            2025,
            "23:59 JST on 31 March"
        );
        assert_eq!(
            fiscal_year(at("2026-03-31T15:00:00Z")),
            2026,
            "00:00 JST on 1 April"
        );
        let (from, to) = fiscal_range(2026);
        assert_eq!(from, Utc.with_ymd_and_hms(2026, 3, 31, 15, 0, 0).unwrap());
        assert_eq!(to, Utc.with_ymd_and_hms(2027, 3, 31, 15, 0, 0).unwrap());
    }

    #[test]
    fn a_year_is_counted_by_month_category_department_and_time_to_contain() {
        let d = Uuid::from_u128(1);
        let row = |known: &str, c: Category, contained: Option<&str>, open: bool| StatRow {
            known_at: at(known),
            category: c,
            department: if c == Category::Malware {
                None
            } else {
                Some(d)
            },
            contained_at: contained.map(at),
            personal_data: c == Category::Misdelivery,
            open,
        };
        let s = summarize(&[
            row(
                "2026-04-10T00:00:00Z",
                Category::Misdelivery,
                Some("2026-04-10T02:00:00Z"),
                false,
            ),
            row(
                "2026-04-20T00:00:00Z",
                Category::Misdelivery,
                Some("2026-04-10T00:00:00Z"),
                false,
            ),
            row(
                "2027-03-01T00:00:00Z",
                Category::Malware,
                Some("2027-03-01T06:00:00Z"),
                false,
            ),
            row("2026-12-01T00:00:00Z", Category::Malware, None, true),
            row(
                "2026-12-02T00:00:00Z",
                Category::Malware,
                Some("2026-12-03T00:00:00Z"),
                false,
            ),
        ]);
        assert_eq!(s.total, 5);
        assert_eq!(s.open, 1);
        assert_eq!(s.personal_data, 2);
        assert_eq!(s.months[0], 2, "April");
        assert_eq!(s.months[8], 2, "December");
        assert_eq!(s.months[11], 1, "March");
        assert_eq!(
            s.by_category,
            vec![(Category::Malware, 3), (Category::Misdelivery, 2)]
        );
        assert_eq!(s.by_department, vec![(None, 3), (Some(d), 2)]);
        let mis = &s.contain[0];
        assert_eq!(mis.category, Category::Misdelivery);
        // A containment recorded before the incident was known counts as zero.
        assert_eq!(
            (mis.contained, mis.median_hours, mis.longest_hours),
            (2, 1.0, 2.0)
        );
        let mal = s
            .contain
            .iter()
            .find(|c| c.category == Category::Malware)
            .unwrap();
        assert_eq!((mal.median_hours, mal.longest_hours), (15.0, 24.0));
        assert_eq!(s.median_contain_hours, Some(4.0), "0, 2, 6 and 24 hours");
        assert_eq!(summarize(&[]).median_contain_hours, None);
    }
}
