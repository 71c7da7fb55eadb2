//! Statistics for the committee: a fiscal year's incidents by month, category and
//! department, time to contain, and the last five years. Counts and durations only,
//! over every incident of the organization (restricted ones are counted, never shown).

use mamori_domain::incident::Category;
use mamori_domain::incident::stats::{StatRow, fiscal_range, fiscal_year, summarize};
use serde::Serialize;

use crate::authz::{Actor, Capability};
use crate::{App, AppResult};

/// A count under a label.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Count {
    pub label_ja: String,
    pub label_en: String,
    pub count: u64,
}

/// Time to contain for a category.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ContainRow {
    #[schema(value_type = String)]
    pub category: Category,
    pub contained: u64,
    pub median_hours: f64,
    pub longest_hours: f64,
}

/// A fiscal year's figures.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IncidentStats {
    /// 年度: 2026 is April 2026 to March 2027.
    pub fiscal_year: i32,
    pub total: u64,
    pub open: u64,
    pub personal_data: u64,
    /// April to March.
    pub months: Vec<Count>,
    pub by_category: Vec<Count>,
    pub by_department: Vec<Count>,
    pub contain: Vec<ContainRow>,
    pub median_contain_hours: Option<f64>,
    /// This year and the four before, oldest first.
    pub years: Vec<Count>,
}

const MONTHS_EN: [&str; 12] = [
    "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
];

/// The committee's figures: the top officers, the committee, the CSIRT and auditors.
/// Counts by department and category can point at a restricted case, so department
/// officers and section managers, who read only their own departments' incidents, do
/// not get them.
pub fn may_see_statistics(actor: &Actor) -> bool {
    use mamori_domain::Role;
    actor.is_top()
        || [Role::Committee, Role::Csirt, Role::Auditor]
            .into_iter()
            .any(|r| actor.has_role(r))
}

impl App {
    /// The statistics of a fiscal year (this one when none is asked for).
    pub async fn incident_statistics(
        &self,
        actor: &Actor,
        year: Option<i32>,
    ) -> AppResult<IncidentStats> {
        if !may_see_statistics(actor) {
            return Err(self.deny(actor, Capability::ViewIncidents).await);
        }
        let this_year = fiscal_year(self.now());
        let year = year.unwrap_or(this_year).clamp(2000, this_year + 1);
        let conn = self.store.conn();
        let (from, to) = fiscal_range(year);
        let rows: Vec<StatRow> = mamori_store::incidents::stat_facts(conn, actor.org_id, from, to)
            .await?
            .into_iter()
            .filter_map(|f| {
                Some(StatRow {
                    known_at: f.known_at,
                    category: Category::from_code(&f.category)?,
                    department: f.department_id,
                    contained_at: f.contained_at,
                    personal_data: f.personal_data,
                    open: mamori_store::incidents::OPEN_STATES.contains(&f.state.as_str()),
                })
            })
            .collect();
        let s = summarize(&rows);
        let idx = self.dept_tree(actor.org_id).await?;
        let months = s
            .months
            .iter()
            .enumerate()
            .map(|(i, n)| Count {
                label_ja: format!("{}月", (i + 3) % 12 + 1),
                label_en: MONTHS_EN[i].to_owned(),
                count: *n,
            })
            .collect();
        let by_category = s
            .by_category
            .iter()
            .map(|(c, n)| Count {
                label_ja: c.label_ja().to_owned(),
                label_en: c.label_en().to_owned(),
                count: *n,
            })
            .collect();
        let by_department = s
            .by_department
            .iter()
            .map(|(d, n)| {
                let name = d.and_then(|d| idx.get(d)).map(|d| d.name.clone());
                Count {
                    label_ja: name
                        .clone()
                        .unwrap_or_else(|| "所属なし（監視など）".into()),
                    label_en: name.unwrap_or_else(|| "No department (monitoring …)".into()),
                    count: *n,
                }
            })
            .collect();
        let mut years = Vec::new();
        for y in year - 4..=year {
            let (f, t) = fiscal_range(y);
            years.push(Count {
                label_ja: format!("{y}年度"),
                label_en: format!("FY{y}"),
                count: mamori_store::incidents::count_known(conn, actor.org_id, f, t).await?,
            });
        }
        Ok(IncidentStats {
            fiscal_year: year,
            total: s.total,
            open: s.open,
            personal_data: s.personal_data,
            months,
            by_category,
            by_department,
            contain: s
                .contain
                .into_iter()
                .map(|c| ContainRow {
                    category: c.category,
                    contained: c.contained,
                    median_hours: c.median_hours,
                    longest_hours: c.longest_hours,
                })
                .collect(),
            median_contain_hours: s.median_contain_hours,
            years,
        })
    }
}
