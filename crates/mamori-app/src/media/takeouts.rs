//! Taking things out (持ち出し): a request names what goes, which data and its
//! confidentiality, why, where and until when, and how it is protected; the role the
//! rules name for that confidentiality (or a more senior one) approves it, never the
//! one who asked; going out and coming back are recorded with their times; a late one
//! is reminded by the daily job, and one that does not come back can open an incident.

use mamori_domain::Role;
use mamori_domain::incident::Category;
use mamori_domain::media::takeout::{
    Measure, State, check_request, is_approver_role, may_approve, measures_code, parse_measures,
};
use mamori_domain::media::{ItemStatus, parse_number};
use mamori_domain::notify::Notice;
use mamori_domain::{Dimension, FieldError, Invalid};
use mamori_store::entity::{item, takeout};
use mamori_store::media::takeouts::TakeoutFilter;
use uuid::Uuid;

use super::input::{ReturnInput, TakeoutDecision, TakeoutInput};
use super::row::{audited_item, audited_takeout, state_of, takeout_number};
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

fn conflict(ja: &str, en: &str) -> AppError {
    AppError::field("state", ja, en)
}

impl App {
    /// The item a request names, checked: in the register, in use, not already out
    /// or asked for.
    async fn takeout_item(
        &self,
        org_id: Uuid,
        raw: &str,
        inv: &mut Invalid,
    ) -> AppResult<Option<item::Model>> {
        if raw.trim().is_empty() {
            return Ok(None);
        }
        let Some(number) = inv.check("item", parse_number(raw)) else {
            return Ok(None);
        };
        let conn = self.store.conn();
        let Some(m) = mamori_store::media::by_number(conn, org_id, &number).await? else {
            inv.push(FieldError::new(
                "item",
                format!("管理番号「{number}」は機器・媒体台帳にありません。"),
                format!("There is no \"{number}\" in the equipment and media register."),
            ));
            return Ok(None);
        };
        if m.status != ItemStatus::InUse.code() {
            inv.push(FieldError::new(
                "item",
                format!("「{number}」は使用中ではありません（所在不明・廃棄済）。"),
                format!("\"{number}\" is not in use (missing or disposed)."),
            ));
        }
        let open = mamori_store::media::takeouts::all(
            conn,
            org_id,
            &TakeoutFilter {
                open: true,
                item: Some(m.id),
                ..TakeoutFilter::default()
            },
        )
        .await?;
        if let Some(o) = open.first() {
            let n = takeout_number(o.number);
            inv.push(FieldError::new(
                "item",
                format!("「{number}」には手続き中の持ち出し {n} があります。"),
                format!("\"{number}\" already has take-out {n} under way."),
            ));
        }
        Ok(Some(m))
    }

    /// Asks to take something out; the approvers are told.
    pub async fn request_takeout(&self, actor: &Actor, input: &TakeoutInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::RequestTakeout).await?;
        let org = actor.org_id;
        let today = self.today();
        let mut inv = Invalid::new();
        let item = self.takeout_item(org, &input.item, &mut inv).await?;
        let what = mamori_domain::text::clean(&input.what);
        let what = match (&item, what.is_empty()) {
            (Some(i), true) => format!("{} {}", i.number, i.name),
            (_, false) => what,
            // An item named but not found is refused under `item` alone.
            (None, true) if !input.item.trim().is_empty() => String::new(),
            (None, true) => {
                inv.push(FieldError::new(
                    "what",
                    "持ち出す物（台帳の管理番号か、その内容）を入力してください。",
                    "Say what goes out: its number in the register, or what it is.",
                ));
                String::new()
            }
        };
        let data = mamori_domain::text::clean(&input.data);
        if data.is_empty() {
            inv.push(FieldError::new(
                "data",
                "持ち出す情報を入力してください。",
                "Say which information goes out.",
            ));
        }
        let schemes = self.schemes_or_seed(org).await?;
        let scale = schemes.active().scale(Dimension::C);
        let level = inv.check("level", scale.parse_level(Dimension::C, &input.level));
        if let (Some(l), Some(i)) = (level, &item)
            && let Some(max) = scale.by_code(&i.max_level)
            && l.rank > max.rank
        {
            inv.push(FieldError::new(
                "level",
                format!(
                    "「{}」で持ち出せるのは機密性{}までです。",
                    i.number, max.code
                ),
                format!(
                    "\"{}\" may carry confidentiality {} at most.",
                    i.number, max.code
                ),
            ));
        }
        let measures = inv
            .check("measures", parse_measures(&input.measures))
            .unwrap_or_default();
        if let Some(l) = level {
            let electronic = item.as_ref().is_none_or(|i| {
                mamori_domain::media::ItemKind::from_code(&i.kind)
                    .is_some_and(|k| k.is_electronic())
            });
            if l.rank > scale.lowest().rank && measures.is_empty() {
                inv.push(FieldError::new(
                    "measures",
                    "公開できない情報を持ち出すときは、持ち出し中の対策を選んでください。",
                    "Information that is not public goes out with a protective measure; choose it.",
                ));
            } else if l.rank >= scale.highest().rank
                && electronic
                && item.is_some()
                && !measures.contains(&Measure::Encrypted)
            {
                inv.push(FieldError::new(
                    "measures",
                    "最も機密性の高い情報を電子媒体で持ち出すときは暗号化が必要です。",
                    "The most confidential information leaves on an electronic medium only encrypted.",
                ));
            }
        }
        let out_on = optional_date(&mut inv, "out_on", &input.out_on);
        let due_on = optional_date(&mut inv, "due_on", &input.due_on);
        for (f, raw) in [("out_on", &input.out_on), ("due_on", &input.due_on)] {
            if raw.trim().is_empty() {
                inv.push(FieldError::new(
                    f,
                    "日付を入力してください。",
                    "Give the date.",
                ));
            }
        }
        if let (Some(o), Some(d)) = (out_on, due_on) {
            for (f, p) in check_request(o, d, today, &input.purpose, &input.destination) {
                inv.push(p.at(f));
            }
        }
        let requester = match actor.staff_id {
            Some(s) => mamori_store::staff::get(self.store.conn(), org, s).await?,
            None => None,
        };
        let (Some(level), Some(out_on), Some(due_on), true) =
            (level, out_on, due_on, inv.is_empty())
        else {
            return Err(AppError::Invalid(inv));
        };
        let required = self
            .media_rules(org)
            .await?
            .approvers
            .approver(scale, &level.code);
        let department = item
            .as_ref()
            .and_then(|i| i.department_id)
            .or(requester.as_ref().and_then(|r| r.department_id));
        let tx = self.store.begin_write().await?;
        let number = mamori_store::media::takeouts::next_number(&*tx, org).await?;
        let m = takeout::Model {
            id: self.new_id(),
            org_id: org,
            number,
            item_id: item.as_ref().map(|i| i.id),
            what,
            data,
            level: level.code.clone(),
            purpose: mamori_domain::text::clean(&input.purpose),
            destination: mamori_domain::text::clean(&input.destination),
            measures: measures_code(&measures),
            out_on,
            due_on,
            department_id: department,
            requester_staff_id: actor.staff_id,
            requested_by: actor.label.clone(),
            requested_at: self.now(),
            approver_role: required.code().to_owned(),
            decision: String::new(),
            decided_by: String::new(),
            decided_at: None,
            decision_note: String::new(),
            cancelled: false,
            checked_out_at: None,
            returned_at: None,
            return_note: String::new(),
            reminded_on: None,
            escalated_on: None,
            incident_id: None,
        };
        mamori_store::media::takeouts::insert(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "takeout.request",
            ("takeout", m.id),
            None,
            Some(&audited_takeout(&m)),
        )
        .await?;
        let roles: Vec<Role> = [
            Role::SectionManager,
            Role::DeptOfficer,
            Role::DeputyCiso,
            Role::Ciso,
        ]
        .into_iter()
        .filter(|r| is_approver_role(*r) && may_approve(*r, required))
        .collect();
        let approvers: Vec<Uuid> = self
            .holders_today(org, &roles, department)
            .await?
            .into_iter()
            .filter(|s| Some(*s) != actor.staff_id)
            .collect();
        let notice = Notice::TakeoutRequested {
            number: takeout_number(m.number),
            what: m.what.clone(),
            level: m.level.clone(),
            requester: requester
                .map(|r| r.name)
                .unwrap_or_else(|| actor.label.clone()),
            due: m.due_on.to_string(),
        };
        self.notify(&*tx, org, &approvers, &notice).await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Writes a changed take-out with its audit entry (and any notice) in one
    /// transaction.
    async fn save_takeout(
        &self,
        actor: &Actor,
        before: &takeout::Model,
        after: takeout::Model,
        action: &str,
        notice: Option<(Vec<Uuid>, Notice)>,
    ) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        mamori_store::media::takeouts::update(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            action,
            ("takeout", after.id),
            Some(&audited_takeout(before)),
            Some(&audited_takeout(&after)),
        )
        .await?;
        if let Some((to, n)) = notice {
            self.notify(&*tx, actor.org_id, &to, &n).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Approves or refuses a take-out; the one who asked is told.
    pub async fn decide_takeout(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &TakeoutDecision,
    ) -> AppResult<()> {
        let before = self.visible_takeout(actor, id).await?;
        let required = Role::from_code(&before.approver_role).unwrap_or(Role::Ciso);
        self.authorize(
            actor,
            Capability::ApproveTakeout {
                required,
                department: before.department_id,
            },
        )
        .await?;
        if state_of(&before) != State::Requested {
            return Err(conflict(
                "承認・不承認できるのは承認待ちの持ち出しだけです。",
                "Only a take-out awaiting approval can be decided.",
            ));
        }
        if actor.staff_id.is_some() && actor.staff_id == before.requester_staff_id {
            return Err(AppError::field(
                "approve",
                "自分の持ち出しは承認できません。",
                "You cannot approve your own take-out.",
            ));
        }
        let note = mamori_domain::text::clean(&input.note);
        if !input.approve && note.is_empty() {
            return Err(AppError::field(
                "note",
                "承認しない理由を入力してください。",
                "Give the reason for refusing.",
            ));
        }
        let after = takeout::Model {
            decision: if input.approve { "approved" } else { "refused" }.into(),
            decided_by: actor.label.clone(),
            decided_at: Some(self.now()),
            decision_note: note.clone(),
            ..before.clone()
        };
        let notice = Notice::TakeoutDecided {
            number: takeout_number(after.number),
            what: after.what.clone(),
            approved: input.approve,
            note,
        };
        let to = before.requester_staff_id.into_iter().collect();
        self.save_takeout(actor, &before, after, "takeout.decide", Some((to, notice)))
            .await
    }

    /// Records that an approved take-out went out, now.
    pub async fn check_out(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        let before = self.visible_takeout(actor, id).await?;
        self.authorize(actor, Self::handle_cap(actor, &before))
            .await?;
        if state_of(&before) != State::Approved {
            return Err(conflict(
                "持ち出しを記録できるのは承認済みで未持出のものだけです。",
                "Only an approved take-out that has not gone out can be checked out.",
            ));
        }
        if before.out_on > self.today() {
            return Err(conflict(
                &format!("持ち出し日（{}）より前です。", before.out_on),
                &format!("It is before the take-out date ({}).", before.out_on),
            ));
        }
        let after = takeout::Model {
            checked_out_at: Some(self.now()),
            ..before.clone()
        };
        self.save_takeout(actor, &before, after, "takeout.check_out", None)
            .await
    }

    /// Records that a take-out came back, now.
    pub async fn return_takeout(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ReturnInput,
    ) -> AppResult<()> {
        let before = self.visible_takeout(actor, id).await?;
        self.authorize(actor, Self::handle_cap(actor, &before))
            .await?;
        if state_of(&before) != State::Out {
            return Err(conflict(
                "返却を記録できるのは持ち出し中のものだけです。",
                "Only a take-out that is out can be returned.",
            ));
        }
        let after = takeout::Model {
            returned_at: Some(self.now()),
            return_note: mamori_domain::text::clean(&input.note),
            ..before.clone()
        };
        self.save_takeout(actor, &before, after, "takeout.return", None)
            .await
    }

    /// Withdraws a request (its own asker) before it goes out.
    pub async fn cancel_takeout(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        let before = self.visible_takeout(actor, id).await?;
        self.authorize(actor, Self::handle_cap(actor, &before))
            .await?;
        if !matches!(state_of(&before), State::Requested | State::Approved) {
            return Err(conflict(
                "取り下げられるのは持ち出し前の申請だけです。",
                "Only a request that has not gone out can be withdrawn.",
            ));
        }
        let after = takeout::Model {
            cancelled: true,
            ..before.clone()
        };
        self.save_takeout(actor, &before, after, "takeout.cancel", None)
            .await
    }

    /// Opens a loss incident for a take-out that did not come back, in one step: the
    /// item is marked missing and the incident is linked on the take-out.
    pub async fn takeout_incident(&self, actor: &Actor, id: Uuid) -> AppResult<Uuid> {
        let before = self.visible_takeout(actor, id).await?;
        self.authorize(actor, Self::handle_cap(actor, &before))
            .await?;
        if state_of(&before) != State::Out || before.incident_id.is_some() {
            return Err(conflict(
                "インシデントを起票できるのは持ち出し中で未起票のものだけです。",
                "An incident is opened only for a take-out that is out and has none yet.",
            ));
        }
        let conn = self.store.conn();
        let item = match before.item_id {
            Some(i) => mamori_store::media::get(conn, actor.org_id, i).await?,
            None => None,
        };
        let number = takeout_number(before.number);
        let filing = crate::incidents::Filing {
            title: format!("持ち出し {number} の未返却（{}）", before.what),
            category: Category::LossTheft,
            description: format!(
                "持ち出した物が返却されていません。\n持ち出し: {number}\n物: {}\n情報: {}（機密性{}）\n持ち出し先: {}\n返却予定日: {}\n対策: {}",
                before.what,
                before.data,
                before.level,
                before.destination,
                before.due_on,
                parse_measures(&before.measures)
                    .unwrap_or_default()
                    .iter()
                    .map(|m| m.label("ja"))
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
            location: before.destination.clone(),
            occurred_at: before.checked_out_at,
            known_at: self.now(),
            reporter_staff_id: actor.staff_id,
            department_id: before.department_id,
            personal_data: false,
            persons: None,
            severity: None,
            assets: item.as_ref().and_then(|i| i.asset_id).into_iter().collect(),
            asset_numbers: Vec::new(),
        };
        let tx = self.store.begin_write().await?;
        let incident = self.file_incident(&*tx, actor, filing).await?;
        let after = takeout::Model {
            incident_id: Some(incident.id),
            ..before.clone()
        };
        mamori_store::media::takeouts::update(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "takeout.incident",
            ("takeout", id),
            Some(&audited_takeout(&before)),
            Some(&audited_takeout(&after)),
        )
        .await?;
        if let Some(i) = item {
            self.mark_missing(&*tx, actor, &i).await?;
        }
        tx.commit().await?;
        Ok(incident.id)
    }

    /// Marks an item missing, audited, inside the caller's transaction.
    pub(super) async fn mark_missing<C: mamori_store::Conn>(
        &self,
        tx: &C,
        actor: &Actor,
        before: &item::Model,
    ) -> AppResult<()> {
        let after = item::Model {
            status: ItemStatus::Lost.code().to_owned(),
            updated_at: self.now(),
            ..before.clone()
        };
        mamori_store::media::update(tx, after.clone()).await?;
        self.audit_change(
            tx,
            actor,
            "item.missing",
            ("item", before.id),
            Some(&audited_item(before)),
            Some(&audited_item(&after)),
        )
        .await?;
        Ok(())
    }
}
