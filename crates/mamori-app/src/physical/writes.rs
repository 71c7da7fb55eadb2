//! Setting up places and badges, and keeping an area's authorized list and its
//! reviews. Each write is checked in full first and audited in its own transaction.

use chrono::{Duration, NaiveDate};
use mamori_domain::physical::grant::check_grant;
use mamori_domain::physical::{Hours, Level, PlaceKind, controls_code, parse_code, parse_controls};
use mamori_domain::{FieldError, Invalid, Role};
use mamori_store::entity::{area_grant, area_review, badge, place};
use uuid::Uuid;

use super::input::{
    BadgeInput, ConfirmInput, GrantInput, PlaceInput, RemoveGrantInput, ReviewInput,
};
use super::row::{Places, audited_grant, audited_place, grant_dates, review};
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

/// A review is due this many days after it opens unless told otherwise.
const REVIEW_DAYS: i64 = 14;

impl App {
    /// A staff member by employee number, or the problem under `field`.
    pub(crate) async fn staff_by_number(
        &self,
        org_id: Uuid,
        field: &str,
        raw: &str,
        inv: &mut Invalid,
    ) -> AppResult<Option<mamori_store::entity::staff::Model>> {
        let n = mamori_domain::text::fold_width(raw).trim().to_owned();
        if n.is_empty() {
            return Ok(None);
        }
        let found = mamori_store::staff::by_number(self.store.conn(), org_id, &n).await?;
        if found.is_none() {
            inv.push(FieldError::new(
                field,
                format!("職員番号「{n}」は職員台帳にありません。"),
                format!("There is no employee number \"{n}\" in the staff register."),
            ));
        }
        Ok(found)
    }

    /// Checks a place as entered and returns the row to write.
    async fn checked_place(
        &self,
        actor: &Actor,
        input: &PlaceInput,
        before: Option<&place::Model>,
    ) -> AppResult<place::Model> {
        let mut inv = Invalid::new();
        let conn = self.store.conn();
        let org = actor.org_id;
        let kind = inv.check("kind", PlaceKind::parse(&input.kind));
        let code = inv.check("code", parse_code(&input.code));
        let name = mamori_domain::text::clean(&input.name);
        if name.is_empty() {
            inv.push(FieldError::new(
                "name",
                "名称を入力してください。",
                "Give the name.",
            ));
        }
        let places = Places::new(mamori_store::physical::places(conn, org).await?);
        if let Some(c) = &code
            && places
                .all
                .iter()
                .any(|p| &p.code == c && Some(p.id) != before.map(|b| b.id))
        {
            inv.push(FieldError::new(
                "code",
                format!("コード「{c}」は既に使われています。"),
                format!("The code \"{c}\" is already used."),
            ));
        }
        let parent = match input.parent {
            Some(pid) => match places.get(pid) {
                Some(p) => Some(p),
                None => {
                    inv.push(FieldError::new(
                        "parent",
                        "選んだ上位の場所はありません。",
                        "The place chosen to contain it does not exist.",
                    ));
                    None
                }
            },
            None => None,
        };
        if let Some(k) = kind {
            let parent_kind = parent.and_then(|p| PlaceKind::from_code(&p.kind));
            if (input.parent.is_none() || parent.is_some()) && !k.fits_under(parent_kind) {
                inv.push(k.misplaced().at("parent"));
            }
        }
        if let (Some(b), Some(p)) = (before, parent)
            && places.is_within(p.id, b.id)
        {
            inv.push(FieldError::new(
                "parent",
                "場所を自分自身の下には置けません。",
                "A place cannot be placed under itself.",
            ));
        }
        let is_area = kind == Some(PlaceKind::Area);
        let level = if is_area {
            inv.check("level", Level::parse(&input.level))
                .map(|l| l.code().to_owned())
        } else {
            Some(String::new())
        };
        let controls = inv.check("controls", parse_controls(&input.controls));
        let hours = inv.check("hours", Hours::parse(&input.hours, input.weekends));
        let review_months = input.review_months.unwrap_or(6);
        if !(1..=24).contains(&review_months) {
            inv.push(FieldError::new(
                "review_months",
                "見直しの間隔は 1〜24 か月にしてください。",
                "Review the list every 1 to 24 months.",
            ));
        }
        if let Some(d) = input.department
            && self.dept_tree(org).await?.get(d).is_none()
        {
            inv.push(FieldError::new(
                "department",
                "選んだ所属はこの団体にありません。",
                "The department chosen is not this organization's.",
            ));
        }
        let manager = self
            .staff_by_number(org, "manager", &input.manager, &mut inv)
            .await?;
        let (Some(kind), Some(code), Some(level), Some(controls), Some(hours), true) =
            (kind, code, level, controls, hours, inv.is_empty())
        else {
            return Err(AppError::Invalid(inv));
        };
        let now = self.now();
        Ok(place::Model {
            id: before.map_or_else(|| self.new_id(), |b| b.id),
            org_id: org,
            parent_id: input.parent,
            kind: kind.code().to_owned(),
            code,
            name,
            level,
            department_id: input.department,
            manager_staff_id: manager.map(|m| m.id),
            controls: controls_code(&controls),
            hours: hours.span(),
            weekends: hours.weekends,
            review_months,
            log_columns: serde_json::to_string(&input.log_columns).unwrap_or_default(),
            notes: input.notes.trim().to_owned(),
            retired: input.retired,
            created_at: before.map_or(now, |b| b.created_at),
            updated_at: now,
        })
    }

    /// Adds a building, floor or area.
    pub async fn create_place(&self, actor: &Actor, input: &PlaceInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::KeepPlaces).await?;
        let m = self.checked_place(actor, input, None).await?;
        let tx = self.store.begin_write().await?;
        mamori_store::physical::insert_place(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "place.create",
            ("place", m.id),
            None,
            Some(&audited_place(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Changes a place (its manager may change its hours and log columns too).
    pub async fn update_place(&self, actor: &Actor, id: Uuid, input: &PlaceInput) -> AppResult<()> {
        let before = self.place_row(self.store.conn(), actor.org_id, id).await?;
        self.authorize(actor, Capability::KeepPlaces).await?;
        let m = self.checked_place(actor, input, Some(&before)).await?;
        let tx = self.store.begin_write().await?;
        mamori_store::physical::update_place(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "place.update",
            ("place", id),
            Some(&audited_place(&before)),
            Some(&audited_place(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// An area the actor may keep (its manager, or the system administrators).
    pub(crate) async fn managed_area(&self, actor: &Actor, id: Uuid) -> AppResult<place::Model> {
        let m = self.place_row(self.store.conn(), actor.org_id, id).await?;
        let manager = Self::manages(actor, &m);
        self.authorize(actor, Capability::ManageArea { manager })
            .await?;
        if m.kind != PlaceKind::Area.code() {
            return Err(AppError::field(
                "area",
                "入室の許可と記録は区域ごとに管理します。区域を選んでください。",
                "Grants and entries are kept per area; choose an area.",
            ));
        }
        Ok(m)
    }

    /// Grants a person or a role leave to enter an area unescorted.
    pub async fn add_grant(
        &self,
        actor: &Actor,
        area: Uuid,
        input: &GrantInput,
    ) -> AppResult<Uuid> {
        let a = self.managed_area(actor, area).await?;
        let mut inv = Invalid::new();
        let today = self.today();
        let person = self
            .staff_by_number(
                actor.org_id,
                "employee_number",
                &input.employee_number,
                &mut inv,
            )
            .await?;
        let role = match input.role.trim() {
            "" => None,
            r => inv.check("role", Role::parse(r)),
        };
        if input.employee_number.trim().is_empty() == input.role.trim().is_empty() {
            inv.push(FieldError::new(
                "employee_number",
                "職員番号か役割のどちらか一方を入力してください。",
                "Give either an employee number or a role, not both.",
            ));
        }
        let valid_from = optional_date(&mut inv, "valid_from", &input.valid_from).unwrap_or(today);
        let valid_to = optional_date(&mut inv, "valid_to", &input.valid_to);
        if valid_to.is_none() && input.valid_to.trim().is_empty() {
            inv.push(FieldError::new(
                "valid_to",
                "有効期限を入力してください（期限のない許可はできません）。",
                "Give the day the grant ends (a grant always ends).",
            ));
        }
        if let Some(to) = valid_to {
            for (f, p) in check_grant(&input.reason, valid_from, to) {
                inv.push(p.at(f));
            }
        }
        let (Some(valid_to), true) = (valid_to, inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let m = area_grant::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            area_id: a.id,
            staff_id: person.map(|p| p.id),
            role: role.map(|r| r.code().to_owned()).unwrap_or_default(),
            reason: input.reason.trim().to_owned(),
            valid_from,
            valid_to,
            granted_on: today,
            granted_by: actor.label.clone(),
            confirmed_on: None,
            removed_on: None,
            removed_reason: String::new(),
            created_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::physical::insert_grants(&*tx, vec![m.clone()]).await?;
        self.audit_change(
            &*tx,
            actor,
            "area_grant.create",
            ("area_grant", m.id),
            None,
            Some(&audited_grant(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Takes a grant away from today.
    pub async fn remove_grant(
        &self,
        actor: &Actor,
        area: Uuid,
        grant: Uuid,
        input: &RemoveGrantInput,
    ) -> AppResult<()> {
        let a = self.managed_area(actor, area).await?;
        let before = mamori_store::physical::get_grant(self.store.conn(), actor.org_id, grant)
            .await?
            .filter(|g| g.area_id == a.id)
            .ok_or(AppError::NotFound)?;
        if before.removed_on.is_some() {
            return Err(AppError::field(
                "grant",
                "この許可は既に取り消されています。",
                "This grant has already been removed.",
            ));
        }
        let m = area_grant::Model {
            removed_on: Some(self.today()),
            removed_reason: input.reason.trim().to_owned(),
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        mamori_store::physical::update_grant(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "area_grant.remove",
            ("area_grant", grant),
            Some(&audited_grant(&before)),
            Some(&audited_grant(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Opens a review of an area's list: every grant given before today must be
    /// confirmed by the due day, or it lapses.
    pub async fn open_review(
        &self,
        actor: &Actor,
        area: Uuid,
        input: &ReviewInput,
    ) -> AppResult<Uuid> {
        let a = self.managed_area(actor, area).await?;
        let today = self.today();
        let conn = self.store.conn();
        if let Some(r) = mamori_store::physical::reviews(conn, actor.org_id, Some(a.id))
            .await?
            .first()
            && !review(r).is_over(today)
        {
            return Err(AppError::field(
                "review",
                "この区域の見直しは既に実施中です。",
                "A review of this area's list is already under way.",
            ));
        }
        let mut inv = Invalid::new();
        let due = optional_date(&mut inv, "due_on", &input.due_on)
            .unwrap_or(today + Duration::days(REVIEW_DAYS));
        if due < today {
            inv.push(FieldError::new(
                "due_on",
                "見直しの期限は今日以降にしてください。",
                "The review is due today or later.",
            ));
        }
        inv.into_result()?;
        let m = area_review::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            area_id: a.id,
            opened_on: today,
            due_on: due,
            closed_on: None,
            opened_by: actor.label.clone(),
            closed_by: String::new(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::physical::insert_review(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "area_review.open",
            ("area_review", m.id),
            None,
            Some(&serde_json::json!({"area_id": a.id, "opened_on": today, "due_on": due})),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Confirms grants in the review under way.
    pub async fn confirm_grants(
        &self,
        actor: &Actor,
        area: Uuid,
        input: &ConfirmInput,
    ) -> AppResult<usize> {
        let a = self.managed_area(actor, area).await?;
        let today = self.today();
        let conn = self.store.conn();
        let current = mamori_store::physical::reviews(conn, actor.org_id, Some(a.id))
            .await?
            .into_iter()
            .next()
            .filter(|r| !review(r).is_over(today))
            .ok_or_else(|| {
                AppError::field(
                    "review",
                    "実施中の見直しがありません。先に見直しを開始してください。",
                    "No review is under way; open one first.",
                )
            })?;
        let grants = mamori_store::physical::grants(conn, actor.org_id, Some(a.id)).await?;
        let r = review(&current);
        let mut ids = Vec::new();
        for id in &input.grants {
            match grants.iter().find(|g| g.id == *id) {
                Some(g) if g.removed_on.is_none() && g.valid_to >= today => ids.push(g.id),
                _ => {
                    return Err(AppError::field(
                        "grants",
                        "確認できない許可が含まれています（取消し済み・期限切れ・別の区域）。",
                        "A grant chosen cannot be confirmed (removed, expired or of another area).",
                    ));
                }
            }
        }
        let asked: Vec<Uuid> = ids
            .into_iter()
            .filter(|id| {
                grants.iter().any(|g| {
                    g.id == *id
                        && mamori_domain::physical::grant::needs_confirming(&grant_dates(g), &r)
                })
            })
            .collect();
        let tx = self.store.begin_write().await?;
        mamori_store::physical::confirm_grants(&*tx, actor.org_id, &asked, today).await?;
        self.audit_change(
            &*tx,
            actor,
            "area_review.confirm",
            ("area_review", current.id),
            None,
            Some(&serde_json::json!({"confirmed": asked})),
        )
        .await?;
        tx.commit().await?;
        Ok(asked.len())
    }

    /// Closes the review under way: what it did not confirm lapses from today.
    pub async fn close_review(&self, actor: &Actor, area: Uuid) -> AppResult<()> {
        let a = self.managed_area(actor, area).await?;
        let today = self.today();
        let conn = self.store.conn();
        let before = mamori_store::physical::reviews(conn, actor.org_id, Some(a.id))
            .await?
            .into_iter()
            .next()
            .filter(|r| r.closed_on.is_none())
            .ok_or_else(|| {
                AppError::field(
                    "review",
                    "閉じる見直しがありません。",
                    "There is no open review to close.",
                )
            })?;
        let m = area_review::Model {
            closed_on: Some(today),
            closed_by: actor.label.clone(),
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        mamori_store::physical::update_review(&*tx, m).await?;
        self.audit_change(
            &*tx,
            actor,
            "area_review.close",
            ("area_review", before.id),
            Some(&serde_json::json!({"closed_on": null})),
            Some(&serde_json::json!({"closed_on": today})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Issues an entry badge (to a staff member, or as a visitor card).
    pub async fn add_badge(&self, actor: &Actor, input: &BadgeInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::KeepPlaces).await?;
        let mut inv = Invalid::new();
        let number = mamori_domain::text::fold_width(input.number.trim());
        if number.is_empty() || number.chars().count() > 64 {
            inv.push(FieldError::new(
                "number",
                "カード番号を 64 文字以内で入力してください。",
                "Give the badge number, at most 64 characters.",
            ));
        }
        let holder = self
            .staff_by_number(
                actor.org_id,
                "employee_number",
                &input.employee_number,
                &mut inv,
            )
            .await?;
        let taken = mamori_store::physical::badges(self.store.conn(), actor.org_id)
            .await?
            .iter()
            .any(|b| b.number == number);
        if taken {
            inv.push(FieldError::new(
                "number",
                format!("カード番号「{number}」は既に登録されています。"),
                format!("The badge number \"{number}\" is already registered."),
            ));
        }
        inv.into_result()?;
        let m = badge::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            number,
            staff_id: holder.map(|h| h.id),
            label: input.label.trim().to_owned(),
            created_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::physical::insert_badges(&*tx, vec![m.clone()]).await?;
        self.audit_change(
            &*tx,
            actor,
            "badge.create",
            ("badge", m.id),
            None,
            Some(
                &serde_json::json!({"number": m.number, "staff_id": m.staff_id, "label": m.label}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Withdraws a badge.
    pub async fn remove_badge(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        self.authorize(actor, Capability::KeepPlaces).await?;
        let tx = self.store.begin_write().await?;
        if !mamori_store::physical::delete_badge(&*tx, actor.org_id, id).await? {
            return Err(AppError::NotFound);
        }
        self.audit_change::<_, serde_json::Value>(
            &*tx,
            actor,
            "badge.delete",
            ("badge", id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The first day of the month after `d`'s.
pub(super) fn next_month(d: NaiveDate) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(1)).unwrap_or(d)
}
