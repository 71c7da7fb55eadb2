//! Counts of who is done, pending and overdue, by department and by category of staff:
//! how far an acknowledgement campaign or a course has come. Both are read the same
//! way, so they share the grouping here.

use std::collections::BTreeMap;

use mamori_domain::StaffCategory;
use mamori_domain::policy::ack::Tally;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::departments::DeptIndex;

/// Counts of one department, category or role.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoverageRow {
    /// The department's id, or the category's or role's code.
    pub key: String,
    pub label: String,
    pub label_en: String,
    #[schema(value_type = Object)]
    pub tally: Tally,
    pub percent: u32,
}

/// One person counted: where they sit, what they are, and how they stand.
pub(crate) struct Counted<'a> {
    pub chain: &'a [Uuid],
    pub category: StaffCategory,
    /// Roles held (a course's coverage counts by role; a campaign's does not).
    pub roles: Vec<mamori_domain::Role>,
    pub done: bool,
    pub overdue: bool,
}

/// Rows of counts grouped by `key`, labelled by `label`, in key order.
pub(crate) fn grouped<K: Ord + Clone>(
    people: &[Counted<'_>],
    key: impl Fn(&Counted<'_>) -> Vec<K>,
    label: impl Fn(&K) -> (String, String, String),
) -> Vec<CoverageRow> {
    let mut groups: BTreeMap<K, Tally> = BTreeMap::new();
    for p in people {
        for k in key(p) {
            groups.entry(k).or_default().add(p.done, p.overdue);
        }
    }
    groups
        .into_iter()
        .map(|(k, t)| {
            let (key, label, label_en) = label(&k);
            CoverageRow {
                key,
                label,
                label_en,
                percent: t.percent(),
                tally: t,
            }
        })
        .collect()
}

/// By department: the register's top level (部), or with `within`, the departments
/// directly under it (and those placed in it directly), in the register's own order.
pub(crate) fn by_department(
    people: &[Counted<'_>],
    within: Option<Uuid>,
    depts: &DeptIndex,
) -> Vec<CoverageRow> {
    let level_of = |p: &Counted<'_>| -> Vec<Uuid> {
        let at = match within {
            Some(d) => p
                .chain
                .iter()
                .position(|x| *x == d)
                .and_then(|i| p.chain.get(i + 1).or(p.chain.get(i))),
            None => p.chain.first(),
        };
        at.copied().into_iter().collect()
    };
    let mut rows = grouped(people, level_of, |d| {
        let name = depts.get(*d).map(|m| m.name.clone()).unwrap_or_default();
        (d.to_string(), name.clone(), name)
    });
    let order = |key: &str| depts.all().iter().position(|d| d.id.to_string() == key);
    rows.sort_by_key(|r| order(&r.key));
    rows
}

/// By category of staff.
pub(crate) fn by_category(people: &[Counted<'_>]) -> Vec<CoverageRow> {
    grouped(
        people,
        |p| vec![p.category.code()],
        |c| {
            let cat = StaffCategory::from_code(c);
            let (ja, en) = cat.map_or(("", ""), |c| (c.label_ja(), c.label_en()));
            ((*c).to_string(), ja.to_string(), en.to_string())
        },
    )
}

/// By role held: someone holding two roles counts under both.
pub(crate) fn by_role(people: &[Counted<'_>]) -> Vec<CoverageRow> {
    grouped(
        people,
        |p| p.roles.clone(),
        |r| (r.code().into(), r.label_ja().into(), r.label_en().into()),
    )
}
