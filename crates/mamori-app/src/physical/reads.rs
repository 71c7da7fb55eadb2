//! Reading places, an area's page, badges and the entry log. The tree and its lists
//! are read whole; the log by range, through its indexes.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use mamori_domain::japan_time;
use mamori_domain::physical::PlaceKind;
use mamori_domain::physical::grant::review_due;
use mamori_store::entity::{place, staff};
use mamori_store::page::{Page, PageRequest};
use mamori_store::physical::entries::EntryFilter;
use uuid::Uuid;

use super::input::EntryQuery;
use super::row::{
    People, PlaceShown, Places, entry_view, grant_view, person, place_view, review, review_view,
    signoff_view,
};
use super::view::{AreaDetail, BadgeView, EntryView, PhysicalCounts, PlaceView};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// The most rows an entry export carries.
pub const EXPORT_LIMIT: u64 = 200_000;

/// The columns of an entry log export (Japanese / English).
pub const EXPORT_HEADERS: [(&str, &str); 14] = [
    ("区域コード", "Area code"),
    ("区域", "Area"),
    ("入室日時", "Entered"),
    ("退室日時", "Exited"),
    ("職員番号", "Employee number"),
    ("氏名", "Name"),
    ("カード番号", "Badge"),
    ("来訪者", "Visitor"),
    ("会社名", "Company"),
    ("目的", "Purpose"),
    ("同行者", "Escort"),
    ("フラグ", "Flags"),
    ("対応", "Settled"),
    ("記録元", "Source"),
];

impl App {
    /// Whether the actor is the manager of `m`.
    pub(crate) fn manages(actor: &Actor, m: &place::Model) -> bool {
        actor.staff_id.is_some() && actor.staff_id == m.manager_staff_id
    }

    /// Staff by id, named.
    pub(crate) async fn people_of<C: mamori_store::Conn>(
        &self,
        conn: &C,
        org_id: Uuid,
        ids: impl IntoIterator<Item = Uuid>,
    ) -> AppResult<People> {
        let ids: Vec<Uuid> = ids
            .into_iter()
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        Ok(mamori_store::staff::by_ids(conn, org_id, &ids)
            .await?
            .iter()
            .map(|s: &staff::Model| (s.id, person(s)))
            .collect())
    }

    /// A place of the organization, or not found.
    pub(super) async fn place_row<C: mamori_store::Conn>(
        &self,
        conn: &C,
        org_id: Uuid,
        id: Uuid,
    ) -> AppResult<place::Model> {
        mamori_store::physical::get_place(conn, org_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Every place in tree order, with each area's unsettled flags and whether its
    /// list is due for review.
    pub async fn places(&self, actor: &Actor) -> AppResult<Vec<PlaceView>> {
        self.authorize(actor, Capability::ViewAreas).await?;
        let conn = self.store.conn();
        let org = actor.org_id;
        let places = Places::new(mamori_store::physical::places(conn, org).await?);
        let idx = self.dept_tree(org).await?;
        let people = self
            .people_of(
                conn,
                org,
                places.all.iter().filter_map(|p| p.manager_staff_id),
            )
            .await?;
        let pending: HashMap<Uuid, i64> =
            mamori_store::physical::entries::pending_by_area(conn, org)
                .await?
                .into_iter()
                .collect();
        let mut last_review: HashMap<Uuid, (NaiveDate, bool)> = HashMap::new();
        let today = self.today();
        for r in mamori_store::physical::reviews(conn, org, None).await? {
            last_review
                .entry(r.area_id)
                .or_insert((r.opened_on, !review(&r).is_over(today)));
        }
        places
            .in_tree_order()
            .into_iter()
            .map(|p| {
                let shown = PlaceShown {
                    places: &places,
                    idx: &idx,
                    people: &people,
                    pending: pending
                        .get(&p.id)
                        .map_or(0, |n| u64::try_from(*n).unwrap_or(0)),
                    review_due: self.list_review_due(p, last_review.get(&p.id).copied()),
                };
                place_view(p, &shown)
            })
            .collect()
    }

    /// The figures the dashboard shows: areas, entries awaiting their managers, lists
    /// due for review.
    pub async fn physical_counts(&self, actor: &Actor) -> AppResult<PhysicalCounts> {
        let places = self.places(actor).await?;
        let areas = places
            .iter()
            .filter(|p| p.kind == PlaceKind::Area && !p.retired);
        Ok(PhysicalCounts {
            areas: areas.clone().count(),
            pending: areas.clone().map(|p| p.pending).sum(),
            reviews_due: areas.filter(|p| p.review_due).count(),
        })
    }

    /// Whether an area's list is due for a review: none is under way and the last
    /// opened more than its cadence ago.
    fn list_review_due(&self, p: &place::Model, last: Option<(NaiveDate, bool)>) -> bool {
        if p.kind != PlaceKind::Area.code() || p.retired {
            return false;
        }
        match last {
            Some((_, true)) => false,
            other => review_due(
                other.map(|(d, _)| d),
                japan_time::date(p.created_at),
                u32::try_from(p.review_months).unwrap_or(6),
                self.today(),
            ),
        }
    }

    /// A place's page: its list, its latest review, today's entries and open flags
    /// (for those who may read its log), and its sign-offs.
    pub async fn area(&self, actor: &Actor, id: Uuid) -> AppResult<AreaDetail> {
        let conn = self.store.conn();
        let org = actor.org_id;
        let m = self.place_row(conn, org, id).await?;
        let manager = Self::manages(actor, &m);
        if !manager {
            self.authorize(actor, Capability::ViewAreas).await?;
        }
        let can_manage = actor.can(Capability::ManageArea { manager });
        let can_read_log = actor.can(Capability::ViewEntries { manager });
        let places = Places::new(mamori_store::physical::places(conn, org).await?);
        let grants = mamori_store::physical::grants(conn, org, Some(id)).await?;
        let reviews = mamori_store::physical::reviews(conn, org, Some(id)).await?;
        let latest = reviews.first();
        let today = self.today();
        let (today_entries, open_flags) = if can_read_log {
            let start = japan_time::instant(today.and_time(chrono::NaiveTime::MIN));
            let todays = EntryFilter {
                areas: vec![id],
                from: Some(start),
                until: Some(start + Duration::days(1)),
                ..EntryFilter::default()
            };
            let open = EntryFilter {
                areas: vec![id],
                pending: true,
                ..EntryFilter::default()
            };
            let page = PageRequest::new(Some(1), Some(200));
            (
                mamori_store::physical::entries::list(conn, org, &todays, page)
                    .await?
                    .items,
                mamori_store::physical::entries::list(conn, org, &open, page)
                    .await?
                    .items,
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let mut ids: Vec<Uuid> = grants.iter().filter_map(|g| g.staff_id).collect();
        ids.extend(places.all.iter().filter_map(|p| p.manager_staff_id));
        for e in today_entries.iter().chain(&open_flags) {
            ids.extend(e.staff_id);
            ids.extend(e.escort_staff_id);
        }
        let people = self.people_of(conn, org, ids).await?;
        let idx = self.dept_tree(org).await?;
        let pending = mamori_store::physical::entries::pending_by_area(conn, org)
            .await?
            .into_iter()
            .find(|(a, _)| *a == id)
            .map_or(0, |(_, n)| u64::try_from(n).unwrap_or(0));
        let last = latest.map(|r| (r.opened_on, !review(r).is_over(today)));
        let shown = |p: &place::Model, pending: u64| PlaceShown {
            places: &places,
            idx: &idx,
            people: &people,
            pending,
            review_due: self.list_review_due(p, if p.id == id { last } else { None }),
        };
        let place = place_view(&m, &shown(&m, pending))?;
        let children = places
            .all
            .iter()
            .filter(|p| p.parent_id == Some(id))
            .map(|p| place_view(p, &shown(p, 0)))
            .collect::<AppResult<Vec<_>>>()?;
        let latest_review = latest.map(review);
        let signoffs = mamori_store::physical::signoffs(conn, org, id)
            .await?
            .iter()
            .map(signoff_view)
            .collect();
        Ok(AreaDetail {
            place,
            children,
            grants: grants
                .iter()
                .map(|g| grant_view(g, latest_review.as_ref(), &people, today))
                .collect(),
            review: latest.map(|r| review_view(r, &grants, today)),
            today: today_entries
                .iter()
                .map(|e| entry_view(e, Some(&m), &people))
                .collect(),
            open_flags: open_flags
                .iter()
                .map(|e| entry_view(e, Some(&m), &people))
                .collect(),
            signoffs,
            can_manage,
            can_read_log,
        })
    }

    /// The areas whose log the actor may read.
    async fn readable_areas(&self, actor: &Actor) -> AppResult<Vec<place::Model>> {
        Ok(
            mamori_store::physical::places(self.store.conn(), actor.org_id)
                .await?
                .into_iter()
                .filter(|p| {
                    actor.can(Capability::ViewEntries {
                        manager: Self::manages(actor, p),
                    })
                })
                .collect(),
        )
    }

    /// The areas whose log the actor may read, as (code, name) by code: the log's
    /// choice of area, without the counts the register works out.
    pub async fn log_areas(&self, actor: &Actor) -> AppResult<Vec<(String, String)>> {
        Ok(self
            .readable_areas(actor)
            .await?
            .into_iter()
            .filter(|p| p.kind == PlaceKind::Area.code())
            .map(|p| (p.code, p.name))
            .collect())
    }

    /// The filter a log query asks for, over the areas the actor may read; `None`
    /// when it can show nothing.
    async fn entry_filter(
        &self,
        actor: &Actor,
        q: &EntryQuery,
    ) -> AppResult<(EntryFilter, Vec<place::Model>)> {
        let readable = self.readable_areas(actor).await?;
        if readable.is_empty() {
            self.authorize(actor, Capability::ViewEntries { manager: false })
                .await?;
        }
        let mut inv = mamori_domain::Invalid::new();
        let code = q.area.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let areas: Vec<Uuid> = match code {
            Some(c) => {
                let c = c.to_ascii_uppercase();
                match readable.iter().find(|p| p.code == c) {
                    // Areas under a building or floor count as it.
                    Some(p) => {
                        let places = Places::new(
                            mamori_store::physical::places(self.store.conn(), actor.org_id).await?,
                        );
                        readable
                            .iter()
                            .filter(|r| places.is_within(r.id, p.id))
                            .map(|r| r.id)
                            .collect()
                    }
                    None => {
                        inv.push(mamori_domain::FieldError::new(
                            "area",
                            format!("区域「{c}」はありません。"),
                            format!("There is no area \"{c}\"."),
                        ));
                        Vec::new()
                    }
                }
            }
            None => readable.iter().map(|p| p.id).collect(),
        };
        let staff_id = match q.person.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            Some(n) => {
                match mamori_store::staff::by_number(self.store.conn(), actor.org_id, n).await? {
                    Some(s) => Some(s.id),
                    None => {
                        inv.push(mamori_domain::FieldError::new(
                            "person",
                            format!("職員番号「{n}」は職員台帳にありません。"),
                            format!("There is no employee number \"{n}\" in the staff register."),
                        ));
                        None
                    }
                }
            }
            None => None,
        };
        let day = |inv: &mut mamori_domain::Invalid, f: &str, v: &Option<String>| {
            crate::departments::optional_date(inv, f, v.as_deref().unwrap_or(""))
        };
        let from = day(&mut inv, "from", &q.from);
        let until = day(&mut inv, "until", &q.until);
        let flags = q.flags.as_deref().unwrap_or("");
        if !matches!(flags, "" | "flagged" | "pending") {
            inv.push(mamori_domain::FieldError::new(
                "flags",
                "flags は flagged か pending です。",
                "flags is flagged or pending.",
            ));
        }
        if !inv.is_empty() {
            return Err(AppError::Invalid(inv));
        }
        let start = |d: NaiveDate| japan_time::instant(d.and_time(chrono::NaiveTime::MIN));
        let filter = EntryFilter {
            areas: if areas.is_empty() {
                vec![Uuid::nil()]
            } else {
                areas
            },
            staff_id,
            visitor: q
                .visitor
                .as_deref()
                .map(mamori_domain::text::clean)
                .filter(|v| !v.is_empty()),
            from: from.map(start),
            until: until.map(|d| start(d) + Duration::days(1)),
            flagged: flags == "flagged",
            pending: flags == "pending",
        };
        Ok((filter, readable))
    }

    /// A page of the entry log, latest first, over the areas the actor may read.
    pub async fn entries(
        &self,
        actor: &Actor,
        q: &EntryQuery,
        page: PageRequest,
    ) -> AppResult<Page<EntryView>> {
        let (filter, areas) = self.entry_filter(actor, q).await?;
        let conn = self.store.conn();
        let page = mamori_store::physical::entries::list(conn, actor.org_id, &filter, page).await?;
        let mut ids = Vec::new();
        for e in &page.items {
            ids.extend(e.staff_id);
            ids.extend(e.escort_staff_id);
        }
        let people = self.people_of(conn, actor.org_id, ids).await?;
        let by_id: HashMap<Uuid, &place::Model> = areas.iter().map(|a| (a.id, a)).collect();
        Ok(page.map(|e| entry_view(&e, by_id.get(&e.area_id).copied(), &people)))
    }

    /// The entry log as rows of text in time order (at most [`EXPORT_LIMIT`]), for a
    /// CSV or Excel download; audited with the number of rows.
    pub async fn entries_table(
        &self,
        actor: &Actor,
        q: &EntryQuery,
        lang: &str,
    ) -> AppResult<Vec<Vec<String>>> {
        let (filter, areas) = self.entry_filter(actor, q).await?;
        let conn = self.store.conn();
        let rows =
            mamori_store::physical::entries::export(conn, actor.org_id, &filter, EXPORT_LIMIT)
                .await?;
        let mut ids = Vec::new();
        for e in &rows {
            ids.extend(e.staff_id);
            ids.extend(e.escort_staff_id);
        }
        let people = self.people_of(conn, actor.org_id, ids).await?;
        let by_id: HashMap<Uuid, &place::Model> = areas.iter().map(|a| (a.id, a)).collect();
        let time = |t: chrono::DateTime<chrono::Utc>| {
            japan_time::local(t).format("%Y-%m-%d %H:%M:%S").to_string()
        };
        let out: Vec<Vec<String>> = rows
            .iter()
            .map(|e| {
                let v = entry_view(e, by_id.get(&e.area_id).copied(), &people);
                let flags = mamori_domain::physical::entry::Flags(e.flags).labels(lang);
                vec![
                    v.area_code,
                    v.area_name,
                    time(v.entered_at),
                    v.exited_at.map(time).unwrap_or_default(),
                    v.person
                        .as_ref()
                        .map(|p| p.employee_number.clone())
                        .unwrap_or_default(),
                    v.person.map(|p| p.name).unwrap_or_default(),
                    v.badge,
                    v.visitor_name,
                    v.company,
                    v.purpose,
                    v.escort,
                    flags,
                    v.explanation,
                    v.source,
                ]
            })
            .collect();
        let tx = self.store.begin_write().await?;
        self.audit(
            &*tx,
            actor,
            "entry.export",
            "entries",
            "",
            vec![mamori_domain::audit::Change {
                field: "rows".into(),
                before: None,
                after: Some(serde_json::json!(out.len())),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }

    /// The id of the area with `code` (the command line names areas by code).
    pub async fn area_by_code(&self, actor: &Actor, code: &str) -> AppResult<Uuid> {
        let code =
            mamori_domain::physical::parse_code(code).map_err(|p| AppError::from(p.at("area")))?;
        let m = mamori_store::physical::place_by_code(self.store.conn(), actor.org_id, &code)
            .await?
            .filter(|p| p.kind == PlaceKind::Area.code())
            .ok_or_else(|| {
                AppError::field(
                    "area",
                    format!("区域コード「{code}」はありません。"),
                    format!("There is no area with the code \"{code}\"."),
                )
            })?;
        Ok(m.id)
    }

    /// Every badge and its holder.
    pub async fn badges(&self, actor: &Actor) -> AppResult<Vec<BadgeView>> {
        self.authorize(actor, Capability::ViewEntries { manager: false })
            .await?;
        let conn = self.store.conn();
        let badges = mamori_store::physical::badges(conn, actor.org_id).await?;
        let people = self
            .people_of(conn, actor.org_id, badges.iter().filter_map(|b| b.staff_id))
            .await?;
        Ok(badges
            .into_iter()
            .map(|b| BadgeView {
                id: b.id,
                number: b.number,
                holder: b.staff_id.and_then(|id| people.get(&id).cloned()),
                label: b.label,
            })
            .collect())
    }
}
