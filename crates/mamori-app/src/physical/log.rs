//! Writing the entry log: an entry typed at the door, a batch sent by a door system,
//! settling a flag, reconciling a month and signing it off. Every entry is flagged as
//! it is written; a batch is all or nothing and audited once per area.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::incident::parse_local_time;
use mamori_domain::japan_time;
use mamori_domain::physical::entry::{check_person, check_times};
use mamori_domain::physical::{PlaceKind, parse_code};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{area_entry, area_signoff, place};
use uuid::Uuid;

use super::input::{AreaEntryInput, SettleInput, SignoffInput};
use super::sink::{EntrySink, IngestReport, Who};
use super::writes::next_month;
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// Reads a time as typed in Japan or as RFC 3339.
pub(super) fn parse_time(s: &str) -> Result<DateTime<Utc>, mamori_domain::Problem> {
    match DateTime::parse_from_rfc3339(s.trim()) {
        Ok(t) => Ok(t.with_timezone(&Utc)),
        Err(_) => parse_local_time(s),
    }
}

impl App {
    /// Checks one entry as typed or sent and returns the row (flags not yet set).
    /// `names_person`: whether it must say who came in (a swipe out need not).
    pub(crate) fn checked_entry(
        &self,
        area: &place::Model,
        input: &AreaEntryInput,
        who: &Who,
        source: &str,
        inv: &mut Invalid,
        names_person: bool,
    ) -> Option<area_entry::Model> {
        let before = inv.0.len();
        let number = mamori_domain::text::fold_width(input.employee_number.trim());
        let badge = mamori_domain::text::fold_width(input.badge.trim());
        let mut staff_id = None;
        if !number.is_empty() {
            staff_id = who.staff(&number);
            if staff_id.is_none() {
                inv.push(FieldError::new(
                    "employee_number",
                    format!("職員番号「{number}」は職員台帳にありません。"),
                    format!("There is no employee number \"{number}\" in the staff register."),
                ));
            }
        }
        if !badge.is_empty() {
            match who.badge(&badge) {
                Some(holder) => staff_id = staff_id.or(holder),
                None => inv.push(FieldError::new(
                    "badge",
                    format!("カード番号「{badge}」は登録されていません。"),
                    format!("The badge \"{badge}\" is not registered."),
                )),
            }
        }
        let visitor = mamori_domain::text::clean(&input.visitor_name);
        if inv.0.len() == before
            && names_person
            && let Some((f, p)) = check_person(staff_id.is_some(), &visitor)
        {
            // A visitor card alone names nobody; the visitor's name is then required.
            inv.push(p.at(f));
        }
        let escort_raw = mamori_domain::text::clean(&input.escort);
        let escort_staff = who.staff(&mamori_domain::text::fold_width(&escort_raw));
        let entered = inv.check("entered_at", parse_time(&input.entered_at));
        let exited = match input.exited_at.trim() {
            "" => Some(None),
            raw => inv.check("exited_at", parse_time(raw)).map(Some),
        };
        let (Some(entered), Some(exited)) = (entered, exited) else {
            return None;
        };
        for (f, p) in check_times(entered, exited, self.now()) {
            inv.push(p.at(f));
        }
        if inv.0.len() > before {
            return None;
        }
        Some(area_entry::Model {
            id: self.new_id(),
            org_id: area.org_id,
            area_id: area.id,
            staff_id,
            badge,
            visitor_name: visitor,
            company: mamori_domain::text::clean(&input.company),
            purpose: input.purpose.trim().to_owned(),
            escort_staff_id: escort_staff,
            escort_name: if escort_staff.is_some() {
                String::new()
            } else {
                escort_raw
            },
            entered_at: entered,
            exited_at: exited,
            source: source.to_owned(),
            flags: 0,
            pending: false,
            explanation: String::new(),
            settled_by: String::new(),
            settled_at: None,
            incident_id: None,
            created_at: self.now(),
        })
    }

    /// Records an entry typed at the area's door.
    pub async fn add_entry(
        &self,
        actor: &Actor,
        area: Uuid,
        input: &AreaEntryInput,
    ) -> AppResult<Uuid> {
        let a = self.managed_area(actor, area).await?;
        let who = Who::load(self, actor.org_id).await?;
        let mut inv = Invalid::new();
        let row = self.checked_entry(&a, input, &who, "manual", &mut inv, true);
        let (Some(row), true) = (row, inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let id = row.id;
        let tx = self.store.begin_write().await?;
        let mut sink = EntrySink::new("manual");
        sink.push(self, &*tx, &a, row, 0).await?;
        let report = sink.finish(self, &*tx, actor).await?;
        if report.created == 0 {
            return Err(AppError::field(
                "entered_at",
                "同じカードで同じ入室日時の記録が既にあります。",
                "An entry with the same badge and time of entry is already in the log.",
            ));
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Takes a batch of entries from a door system, each naming its area by code:
    /// all or nothing, every problem named by its position (`entries[3].badge`).
    pub async fn ingest_entries(
        &self,
        actor: &Actor,
        inputs: &[AreaEntryInput],
    ) -> AppResult<IngestReport> {
        let conn = self.store.conn();
        let places = mamori_store::physical::places(conn, actor.org_id).await?;
        // Refused before the batch is read unless the caller keeps some area.
        let manages_any = places.iter().any(|p| Self::manages(actor, p));
        self.authorize(
            actor,
            Capability::ManageArea {
                manager: manages_any,
            },
        )
        .await?;
        let who = Who::load(self, actor.org_id).await?;
        let mut inv = Invalid::new();
        let mut by_area: HashMap<Uuid, (place::Model, Vec<area_entry::Model>)> = HashMap::new();
        for (i, input) in inputs.iter().enumerate() {
            let at = |f: &str| format!("entries[{i}].{f}");
            let code = parse_code(&input.area).unwrap_or_default();
            let Some(area) = places
                .iter()
                .find(|p| p.code == code && p.kind == PlaceKind::Area.code())
            else {
                inv.push(FieldError::new(
                    at("area"),
                    format!("区域コード「{}」はありません。", input.area.trim()),
                    format!("There is no area with the code \"{}\".", input.area.trim()),
                ));
                continue;
            };
            if !actor.can(Capability::ManageArea {
                manager: Self::manages(actor, area),
            }) {
                return Err(self
                    .deny(actor, Capability::ManageArea { manager: false })
                    .await);
            }
            let mut own = Invalid::new();
            if let Some(row) = self.checked_entry(area, input, &who, "api", &mut own, true) {
                by_area
                    .entry(area.id)
                    .or_insert_with(|| (area.clone(), Vec::new()))
                    .1
                    .push(row);
            }
            for e in own.0 {
                inv.push(FieldError {
                    field: at(&e.field),
                    ..e
                });
            }
        }
        if inputs.is_empty() {
            inv.push(FieldError::new(
                "entries",
                "入退室記録が 1 件もありません。",
                "There are no entries.",
            ));
        }
        inv.into_result()?;
        let tx = self.store.begin_write().await?;
        let mut sink = EntrySink::new("api");
        for (_, (area, rows)) in by_area {
            for row in rows {
                sink.push(self, &*tx, &area, row, 0).await?;
            }
        }
        let report = sink.finish(self, &*tx, actor).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Settles a flagged entry with the manager's explanation.
    pub async fn settle_entry(
        &self,
        actor: &Actor,
        area: Uuid,
        entry: Uuid,
        input: &SettleInput,
    ) -> AppResult<()> {
        let a = self.managed_area(actor, area).await?;
        let before = mamori_store::physical::entries::get(self.store.conn(), actor.org_id, entry)
            .await?
            .filter(|e| e.area_id == a.id)
            .ok_or(AppError::NotFound)?;
        let explanation = input.explanation.trim();
        if explanation.is_empty() {
            return Err(AppError::field(
                "explanation",
                "確認した内容（理由）を入力してください。",
                "Write what was found (the explanation).",
            ));
        }
        if before.flags == 0 || before.settled_at.is_some() {
            return Err(AppError::field(
                "entry",
                "この記録には対応の必要なフラグがありません。",
                "This entry has no flag awaiting settling.",
            ));
        }
        let m = area_entry::Model {
            explanation: explanation.to_owned(),
            settled_by: actor.label.clone(),
            settled_at: Some(self.now()),
            pending: false,
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        mamori_store::physical::entries::update(&*tx, m).await?;
        self.audit_change(
            &*tx,
            actor,
            "entry.settle",
            ("area_entry", entry),
            Some(&serde_json::json!({"explanation": ""})),
            Some(&serde_json::json!({"explanation": explanation})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Works an area's flags for a month out again (after its list changed, or as
    /// exits fail to come); returns how many changed.
    pub async fn reconcile_month(
        &self,
        actor: &Actor,
        area: Uuid,
        month: &str,
    ) -> AppResult<usize> {
        let a = self.managed_area(actor, area).await?;
        let first = parse_month(month)?;
        let (from, until) = month_span(first);
        let tx = self.store.begin_write().await?;
        let changed = self.reconcile_range(&*tx, &a, from, until).await?;
        self.audit(
            &*tx,
            actor,
            "entry.reconcile",
            "place",
            &a.id.to_string(),
            vec![mamori_domain::audit::Change {
                field: "reconciled".into(),
                before: None,
                after: Some(serde_json::json!({"month": month, "changed": changed})),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Signs off a month of an area's log: the month is over, reconciled, and every
    /// flag settled.
    pub async fn sign_off(&self, actor: &Actor, area: Uuid, input: &SignoffInput) -> AppResult<()> {
        let a = self.managed_area(actor, area).await?;
        let first = parse_month(&input.month)?;
        if next_month(first) > self.today() {
            return Err(AppError::field(
                "month",
                "終わっていない月は確認できません。",
                "A month is signed off once it is over.",
            ));
        }
        let (from, until) = month_span(first);
        let tx = self.store.begin_write().await?;
        if mamori_store::physical::signoffs(&*tx, actor.org_id, a.id)
            .await?
            .iter()
            .any(|s| s.month == first)
        {
            return Err(AppError::field(
                "month",
                "この月は既に確認済みです。",
                "This month has already been signed off.",
            ));
        }
        self.reconcile_range(&*tx, &a, from, until).await?;
        let (entries, flagged, pending) =
            mamori_store::physical::entries::month_counts(&*tx, actor.org_id, a.id, from, until)
                .await?;
        if pending > 0 {
            return Err(AppError::field(
                "month",
                format!(
                    "未対応のフラグが {pending} 件あります。すべて対応してから確認してください。"
                ),
                format!("{pending} flagged entries await settling; settle them first."),
            ));
        }
        let m = area_signoff::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            area_id: a.id,
            month: first,
            entries: i32::try_from(entries).unwrap_or(i32::MAX),
            flagged: i32::try_from(flagged).unwrap_or(i32::MAX),
            note: input.note.trim().to_owned(),
            signed_by: actor.label.clone(),
            signed_at: self.now(),
        };
        mamori_store::physical::insert_signoff(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "area.signoff",
            ("place", a.id),
            None,
            Some(&serde_json::json!({
                "month": input.month.trim(), "entries": entries, "flagged": flagged, "note": m.note,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Reads `2026-11` as that month's first day.
pub(super) fn parse_month(s: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(
        &format!("{}-01", mamori_domain::text::fold_width(s.trim())),
        "%Y-%m-%d",
    )
    .map_err(|_| {
        AppError::field(
            "month",
            format!("「{s}」は年月として読めません（例: 2026-11）。"),
            format!("\"{s}\" is not a month (e.g. 2026-11)."),
        )
    })
}

/// The instants a month in Japan runs between.
pub(super) fn month_span(first: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let at = |d: NaiveDate| japan_time::instant(d.and_time(chrono::NaiveTime::MIN));
    (at(first), at(next_month(first)))
}

impl App {
    /// Opens an incident from a flagged entry and settles the flag with it: the
    /// incident names the area, who came in and why it stood out, and goes to the
    /// reporting line like any report.
    pub async fn incident_from_entry(
        &self,
        actor: &Actor,
        area: Uuid,
        entry: Uuid,
    ) -> AppResult<Uuid> {
        use mamori_domain::incident::Category;
        use mamori_domain::physical::entry::{Flag, Flags};
        let a = self.managed_area(actor, area).await?;
        let conn = self.store.conn();
        let before = mamori_store::physical::entries::get(conn, actor.org_id, entry)
            .await?
            .filter(|e| e.area_id == a.id)
            .ok_or(AppError::NotFound)?;
        if !before.pending {
            return Err(AppError::field(
                "entry",
                "この記録には対応の必要なフラグがありません。",
                "This entry has no flag awaiting settling.",
            ));
        }
        let flags = Flags(before.flags);
        let who = match before.staff_id {
            Some(s) => mamori_store::staff::get(conn, actor.org_id, s)
                .await?
                .map(|s| format!("{}（{}）", s.name, s.employee_number))
                .unwrap_or_default(),
            None => format!("{} {}", before.visitor_name, before.company)
                .trim()
                .to_owned(),
        };
        let when = japan_time::local(before.entered_at).format("%Y-%m-%d %H:%M");
        let filing = crate::incidents::Filing {
            title: format!("管理区域「{}」への入室（{}）", a.name, flags.labels("ja")),
            category: if flags.has(Flag::Unauthorized) {
                Category::UnauthorizedAccess
            } else {
                Category::Other
            },
            description: format!(
                "入退室記録の照合で確認が必要とされた入室です。\n区域: {} {}\n入室: {when}\n入室者: {who}\nカード: {}\n確認事項: {}",
                a.code,
                a.name,
                before.badge,
                flags.labels("ja"),
            ),
            location: a.name.clone(),
            occurred_at: Some(before.entered_at),
            known_at: self.now(),
            reporter_staff_id: actor.staff_id,
            department_id: a.department_id,
            personal_data: false,
            persons: None,
            severity: None,
            assets: Vec::new(),
            asset_numbers: Vec::new(),
        };
        let tx = self.store.begin_write().await?;
        let incident = self.file_incident(&*tx, actor, filing).await?;
        let explanation = format!("インシデント {} を起票", incident.number);
        let m = area_entry::Model {
            explanation: explanation.clone(),
            settled_by: actor.label.clone(),
            settled_at: Some(self.now()),
            pending: false,
            incident_id: Some(incident.id),
            ..before
        };
        mamori_store::physical::entries::update(&*tx, m).await?;
        self.audit_change(
            &*tx,
            actor,
            "entry.settle",
            ("area_entry", entry),
            Some(&serde_json::json!({"explanation": "", "incident": null})),
            Some(&serde_json::json!({"explanation": explanation, "incident": incident.number})),
        )
        .await?;
        tx.commit().await?;
        Ok(incident.id)
    }
}
