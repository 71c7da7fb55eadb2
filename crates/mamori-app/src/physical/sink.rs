//! Where entries go once checked, whichever way they came in (typed at the door, a
//! door system's batch, a door log file): the people of the log named, and a sink that
//! flags each entry by its area's rules, leaves out what is already in the log, writes
//! in thousands inside the caller's transaction and audits each area once.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use mamori_store::entity::{area_entry, place};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::reconcile::Admission;
use crate::authz::Actor;
use crate::{App, AppResult};

/// What a batch of entries did.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct IngestReport {
    pub created: usize,
    /// Entries already in the log (the same area, badge or person, and time of entry).
    pub unchanged: usize,
    /// Of those created, how many were flagged.
    pub flagged: usize,
}

/// Names the people of the log: employee numbers and badges.
pub(crate) struct Who {
    staff: HashMap<String, Uuid>,
    badges: HashMap<String, Option<Uuid>>,
}

impl Who {
    pub async fn load(app: &App, org_id: Uuid) -> AppResult<Self> {
        let conn = app.store.conn();
        let staff = mamori_store::staff::all(conn, org_id, &Default::default())
            .await?
            .into_iter()
            .map(|s| (s.employee_number, s.id))
            .collect();
        let badges = mamori_store::physical::badges(conn, org_id)
            .await?
            .into_iter()
            .map(|b| (b.number, b.staff_id))
            .collect();
        Ok(Self { staff, badges })
    }

    pub fn staff(&self, number: &str) -> Option<Uuid> {
        self.staff.get(number).copied()
    }

    /// A badge's holder (`Some(None)` for a visitor card); `None` when unknown.
    pub fn badge(&self, number: &str) -> Option<Option<Uuid>> {
        self.badges.get(number).copied()
    }
}

/// Where checked entries go: buffered, flagged by their area's rules, left out when
/// already in the log, and written a few thousand at a time in the caller's
/// transaction; [`EntrySink::finish`] audits each area once.
pub(crate) struct EntrySink {
    source: &'static str,
    /// A preview's: counts and flags, writes and audits nothing.
    dry: bool,
    rules: HashMap<Uuid, (Uuid, Admission)>,
    /// Entries waiting to be written, each with the file row it came from (0: none).
    buffer: Vec<(area_entry::Model, usize)>,
    counts: HashMap<Uuid, Tally>,
    /// The file rows whose entries were new (the first thousand), for a preview.
    pub new_rows: HashSet<usize>,
}

/// What a batch did in one area.
#[derive(Default)]
struct Tally {
    created: usize,
    flagged: usize,
    unchanged: usize,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
}

/// Entries buffered before they are written.
const FLUSH_AT: usize = 5_000;

impl EntrySink {
    pub fn new(source: &'static str) -> Self {
        Self {
            source,
            dry: false,
            rules: HashMap::new(),
            buffer: Vec::new(),
            counts: HashMap::new(),
            new_rows: HashSet::new(),
        }
    }

    /// The same, writing nothing (a preview).
    pub fn dry(self) -> Self {
        Self { dry: true, ..self }
    }

    /// Takes one entry of `area`, from row `line` of a file (0 when not from one).
    pub async fn push<C: mamori_store::Conn>(
        &mut self,
        app: &App,
        conn: &C,
        area: &place::Model,
        row: area_entry::Model,
        line: usize,
    ) -> AppResult<()> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.rules.entry(area.id) {
            slot.insert((area.org_id, app.admission(conn, area).await?));
        }
        self.buffer.push((row, line));
        if self.buffer.len() >= FLUSH_AT {
            self.flush(app, conn).await?;
        }
        Ok(())
    }

    /// Writes what is buffered, leaving out entries already in the log (the same
    /// area, badge and time of entry).
    pub async fn flush<C: mamori_store::Conn>(&mut self, app: &App, conn: &C) -> AppResult<()> {
        let rows = std::mem::take(&mut self.buffer);
        if rows.is_empty() {
            return Ok(());
        }
        let mut spans: HashMap<Uuid, (DateTime<Utc>, DateTime<Utc>)> = HashMap::new();
        for (r, _) in &rows {
            let span = spans
                .entry(r.area_id)
                .or_insert((r.entered_at, r.entered_at));
            span.0 = span.0.min(r.entered_at);
            span.1 = span.1.max(r.entered_at);
        }
        let mut known: HashSet<(Uuid, String, DateTime<Utc>)> = HashSet::new();
        for (area, (from, until)) in &spans {
            let org = self.rules.get(area).map_or(Uuid::nil(), |(org, _)| *org);
            for (badge, at) in
                mamori_store::physical::entries::keys(conn, org, *area, *from, *until).await?
            {
                known.insert((*area, badge, at));
            }
        }
        let now = app.now();
        let mut keep = Vec::with_capacity(rows.len());
        for (mut r, line) in rows {
            let tally = self.counts.entry(r.area_id).or_default();
            if !r.badge.is_empty() && !known.insert((r.area_id, r.badge.clone(), r.entered_at)) {
                tally.unchanged += 1;
                continue;
            }
            if let Some((_, rules)) = self.rules.get(&r.area_id) {
                let escorted = r.escort_staff_id.is_some() || !r.escort_name.is_empty();
                let f = rules.flags(r.staff_id, escorted, r.entered_at, r.exited_at, now);
                r.flags = f.0;
                r.pending = !f.is_empty();
            }
            tally.created += 1;
            tally.flagged += usize::from(r.pending);
            tally.first = Some(tally.first.map_or(r.entered_at, |t| t.min(r.entered_at)));
            tally.last = Some(tally.last.map_or(r.entered_at, |t| t.max(r.entered_at)));
            if line > 0 && self.new_rows.len() < crate::import::LISTED_ROWS {
                self.new_rows.insert(line);
            }
            keep.push(r);
        }
        if !self.dry {
            mamori_store::physical::entries::insert(conn, keep).await?;
        }
        Ok(())
    }

    /// Writes the rest and audits each area once; returns the totals.
    pub async fn finish<C: mamori_store::Conn>(
        mut self,
        app: &App,
        conn: &C,
        actor: &Actor,
    ) -> AppResult<IngestReport> {
        self.flush(app, conn).await?;
        let mut report = IngestReport::default();
        let mut areas: Vec<_> = self.counts.into_iter().collect();
        areas.sort_by_key(|(id, _)| *id);
        for (area, t) in areas {
            report.created += t.created;
            report.flagged += t.flagged;
            report.unchanged += t.unchanged;
            if t.created == 0 || self.dry {
                continue;
            }
            app.audit(
                conn,
                actor,
                "entry.ingest",
                "place",
                &area.to_string(),
                vec![mamori_domain::audit::Change {
                    field: "entries".into(),
                    before: None,
                    after: Some(serde_json::json!({
                        "source": self.source, "created": t.created, "flagged": t.flagged,
                        "from": t.first, "until": t.last,
                    })),
                }],
            )
            .await?;
            // The area's manager hears of what awaits them, once per batch (not when
            // they typed it themselves).
            if t.flagged > 0
                && let Some(place) =
                    mamori_store::physical::get_place(conn, actor.org_id, area).await?
                && let Some(manager) = place.manager_staff_id
                && actor.staff_id != Some(manager)
            {
                let notice = mamori_domain::notify::Notice::EntriesFlagged {
                    area: format!("{} {}", place.code, place.name),
                    count: t.flagged as u64,
                    source: self.source.to_owned(),
                };
                app.notify(conn, actor.org_id, &[manager], &notice).await?;
            }
        }
        Ok(report)
    }
}
