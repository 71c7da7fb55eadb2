//! Reconciliation: who an area admitted on a day (its grants to people and to roles,
//! as the latest review left them) and the flags that follow for each entry.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::Role;
use mamori_domain::japan_time;
use mamori_domain::physical::Hours;
use mamori_domain::physical::entry::{Facts, Flags, flags};
use mamori_domain::physical::grant::{GrantDates, Review, admitted_on};
use mamori_store::entity::place;
use uuid::Uuid;

use super::row::{grant_dates, review};
use crate::{App, AppResult};

/// A staff member's terms in a role: the role, from and until.
type Term = (Role, Option<NaiveDate>, Option<NaiveDate>);

/// Who may enter an area unescorted, and when it may be entered.
pub(super) struct Admission {
    people: HashMap<Uuid, Vec<GrantDates>>,
    roles: Vec<(Role, GrantDates)>,
    /// Each staff member's terms in the roles granted.
    holders: HashMap<Uuid, Vec<Term>>,
    review: Option<Review>,
    hours: Hours,
}

impl Admission {
    /// Whether `staff` was on the list on `day`.
    pub fn authorized(&self, staff: Option<Uuid>, day: NaiveDate) -> bool {
        let Some(s) = staff else {
            return false;
        };
        let r = self.review.as_ref();
        if self
            .people
            .get(&s)
            .is_some_and(|gs| gs.iter().any(|g| admitted_on(g, r, day)))
        {
            return true;
        }
        self.holders.get(&s).is_some_and(|terms| {
            terms.iter().any(|(role, from, to)| {
                mamori_domain::role::is_active_on(*from, *to, day)
                    && self
                        .roles
                        .iter()
                        .any(|(granted, g)| granted == role && admitted_on(g, r, day))
            })
        })
    }

    /// The flags of one entry, read at `now`.
    pub fn flags(
        &self,
        staff: Option<Uuid>,
        escorted: bool,
        entered_at: DateTime<Utc>,
        exited_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Flags {
        let facts = Facts {
            authorized: self.authorized(staff, japan_time::date(entered_at)),
            escorted,
            entered_at,
            exited_at,
        };
        flags(&facts, &self.hours, now)
    }
}

impl App {
    /// The admission rules of an area as they stand now.
    pub(super) async fn admission<C: mamori_store::Conn>(
        &self,
        conn: &C,
        area: &place::Model,
    ) -> AppResult<Admission> {
        let org = area.org_id;
        let grants = mamori_store::physical::grants(conn, org, Some(area.id)).await?;
        let latest = mamori_store::physical::reviews(conn, org, Some(area.id))
            .await?
            .first()
            .map(review);
        let mut people: HashMap<Uuid, Vec<GrantDates>> = HashMap::new();
        let mut roles = Vec::new();
        for g in &grants {
            match (g.staff_id, Role::from_code(&g.role)) {
                (Some(s), _) => people.entry(s).or_default().push(grant_dates(g)),
                (None, Some(r)) => roles.push((r, grant_dates(g))),
                (None, None) => {}
            }
        }
        let mut holders: HashMap<Uuid, Vec<Term>> = HashMap::new();
        if !roles.is_empty() {
            for a in mamori_store::roles::all(conn, org, None).await? {
                if let Some(r) = Role::from_code(&a.role)
                    && roles.iter().any(|(g, _)| *g == r)
                {
                    holders
                        .entry(a.staff_id)
                        .or_default()
                        .push((r, a.term_from, a.term_to));
                }
            }
        }
        Ok(Admission {
            people,
            roles,
            holders,
            review: latest,
            hours: Hours::parse(&area.hours, area.weekends).unwrap_or(Hours::ALWAYS),
        })
    }

    /// Works the flags of an area's entries that began in `[from, until)` out again
    /// and writes those that changed; returns how many changed.
    pub(super) async fn reconcile_range<C: mamori_store::Conn>(
        &self,
        conn: &C,
        area: &place::Model,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> AppResult<usize> {
        let rules = self.admission(conn, area).await?;
        let now = self.now();
        let facts =
            mamori_store::physical::entries::facts(conn, area.org_id, area.id, from, until).await?;
        let mut changes = Vec::new();
        for f in facts {
            let escorted = f.escort_staff_id.is_some() || !f.escort_name.trim().is_empty();
            let fresh = rules.flags(f.staff_id, escorted, f.entered_at, f.exited_at, now);
            if fresh.0 != f.flags {
                changes.push((f.id, fresh.0, f.settled_at.is_some()));
            }
        }
        mamori_store::physical::entries::set_flags(conn, area.org_id, &changes).await?;
        Ok(changes.len())
    }
}

/// How far back the daily job looks: entries still open this long after they began
/// are flagged, and the job runs daily.
const RECENT: chrono::Duration = chrono::Duration::days(3);

impl App {
    /// The daily job `areas.reconcile`: the last days of every area's log worked out
    /// again, so an entry that never got its exit is flagged for the manager. One audit
    /// entry per organization whose flags changed.
    pub(crate) async fn reconcile_recent_entries(&self) -> AppResult<String> {
        let now = self.now();
        let (mut orgs, mut changed) = (0, 0);
        for org in mamori_store::orgs::all(self.store.conn()).await? {
            let areas: Vec<place::Model> =
                mamori_store::physical::places(self.store.conn(), org.id)
                    .await?
                    .into_iter()
                    .filter(|p| {
                        p.kind == mamori_domain::physical::PlaceKind::Area.code() && !p.retired
                    })
                    .collect();
            if areas.is_empty() {
                continue;
            }
            let tx = self.store.begin_write().await?;
            let mut here = 0;
            for a in &areas {
                here += self.reconcile_range(&*tx, a, now - RECENT, now).await?;
            }
            if here > 0 {
                self.audit(
                    &*tx,
                    &crate::authz::Actor::system(org.id),
                    "entry.reconcile",
                    "org",
                    &org.id.to_string(),
                    vec![mamori_domain::audit::Change {
                        field: "reconciled".into(),
                        before: None,
                        after: Some(serde_json::json!({"areas": areas.len(), "changed": here})),
                    }],
                )
                .await?;
                orgs += 1;
                changed += here;
            }
            tx.commit().await?;
        }
        Ok(format!(
            "{orgs} organization(s): {changed} entr(ies) reflagged"
        ))
    }
}
