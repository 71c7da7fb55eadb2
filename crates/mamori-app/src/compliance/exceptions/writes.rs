//! Asking for, changing, withdrawing, deciding, reviewing and renewing exceptions.
//! Each write is checked in full before anything is written, and is audited in its
//! own transaction with the notices it sends.

use mamori_domain::exception::{self, RuleRef, State, check_request};
use mamori_domain::notify::Notice;
use mamori_domain::{FieldError, Invalid, Role};
use mamori_store::entity::exception as row;
use uuid::Uuid;

use super::input::{DecisionInput, ExceptionInput, ExceptionSettingsInput, ReviewInput, approves};
use super::row::{audited, search_key, state_of};
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

/// A request checked in full: the row to write (number and id to be set) and the
/// assets it covers, by id and number.
struct Checked {
    m: row::Model,
    assets: Vec<(Uuid, String)>,
}

fn conflict(ja: &str, en: &str) -> AppError {
    AppError::Conflict(mamori_domain::Problem::new(ja, en))
}

impl App {
    /// Checks a request: its text and period, the department, that the rule and the
    /// assets exist. Every problem is reported by field.
    async fn checked_request(
        &self,
        actor: &Actor,
        input: &ExceptionInput,
        before: Option<&row::Model>,
    ) -> AppResult<Checked> {
        let mut inv = Invalid::new();
        let from = optional_date(&mut inv, "valid_from", &input.valid_from);
        let until = optional_date(&mut inv, "valid_until", &input.valid_until);
        for (f, p) in check_request(
            &input.title,
            &input.reason,
            &input.compensating,
            from,
            until,
        ) {
            if !inv.0.iter().any(|e| e.field == f) {
                inv.push(p.at(f));
            }
        }
        let idx = self.dept_tree(actor.org_id).await?;
        match input.department {
            None => inv.push(FieldError::new(
                "department",
                "例外措置を申請する所属を選んでください。",
                "Choose the department asking for the exception.",
            )),
            Some(d) if idx.get(d).is_none() => inv.push(FieldError::new(
                "department",
                "選んだ所属はこの団体にありません。",
                "The department chosen is not this organization's.",
            )),
            Some(_) => {}
        }
        let rule = match RuleRef::parse(&input.rule) {
            Ok(r) => {
                if !self.rule_exists(actor.org_id, &r).await? {
                    inv.push(FieldError::new(
                        "rule",
                        format!("規定「{r}」が見つかりません。ポリシーの節、管理策の番号、カタログの管理策を確かめてください。"),
                        format!("There is no rule \"{r}\". Check the policy section, the applied control's number or the catalog control."),
                    ));
                }
                Some(r)
            }
            Err(p) => {
                inv.push(p.at("rule"));
                None
            }
        };
        let assets = self
            .covered_assets(actor.org_id, &input.assets, &mut inv)
            .await?;
        let (Some(rule), Some(from), Some(until), true) = (rule, from, until, inv.is_empty())
        else {
            return Err(AppError::Invalid(inv));
        };
        let settings = self.compliance_settings_of(actor.org_id).await?.exceptions;
        let urgent = before.map_or(input.urgent, |b| b.urgent);
        let now = self.now();
        let mut m = row::Model {
            id: before.map_or_else(|| self.new_id(), |b| b.id),
            org_id: actor.org_id,
            number: before.map_or(0, |b| b.number),
            title: mamori_domain::text::clean(&input.title),
            department_id: input.department,
            rule: rule.to_string(),
            rule_kind: rule.kind().to_owned(),
            reason: input.reason.trim().to_owned(),
            compensating: input.compensating.trim().to_owned(),
            valid_from: from,
            valid_until: until,
            urgent,
            report_due: urgent.then(|| exception::report_due(from, &settings)),
            state: before.map_or(
                if urgent {
                    State::Urgent
                } else {
                    State::Requested
                }
                .code()
                .to_owned(),
                |b| b.state.clone(),
            ),
            conditions: String::new(),
            decision_ref: String::new(),
            decided_by: String::new(),
            decided_on: None,
            renews_id: before.and_then(|b| b.renews_id),
            requested_by: before.map_or_else(|| actor.label.clone(), |b| b.requested_by.clone()),
            requester_staff_id: before.map_or(actor.staff_id, |b| b.requester_staff_id),
            reviewed_on: None,
            review_note: String::new(),
            search_key: String::new(),
            created_at: before.map_or(now, |b| b.created_at),
            updated_at: now,
        };
        m.search_key = search_key(&m);
        Ok(Checked { m, assets })
    }

    /// Whether the rule exists in the organization: the applied control, the catalog
    /// control, or the section in some version of the document.
    pub(in crate::compliance) async fn rule_exists(
        &self,
        org_id: Uuid,
        rule: &RuleRef,
    ) -> AppResult<bool> {
        Ok(match rule {
            RuleRef::Applied { .. } => mamori_store::controls::applied_by_number(
                self.store.conn(),
                org_id,
                &rule.to_string(),
            )
            .await?
            .is_some(),
            RuleRef::Catalog { catalog, control } => self
                .catalog(org_id, catalog)
                .await
                .is_ok_and(|c| c.control(control).is_some()),
            RuleRef::Section { document, section } => self
                .section_heading(org_id, *document, section)
                .await?
                .is_some(),
        })
    }

    /// The assets named by number, each unknown one reported under `assets`.
    pub(in crate::compliance) async fn covered_assets(
        &self,
        org_id: Uuid,
        numbers: &[String],
        inv: &mut Invalid,
    ) -> AppResult<Vec<(Uuid, String)>> {
        let mut wanted: Vec<String> = numbers
            .iter()
            .map(|n| {
                mamori_domain::text::fold_width(n)
                    .trim()
                    .to_ascii_uppercase()
            })
            .filter(|n| !n.is_empty())
            .collect();
        wanted.sort();
        wanted.dedup();
        let found = mamori_store::assets::by_numbers(self.store.conn(), org_id, &wanted).await?;
        for n in wanted
            .iter()
            .filter(|n| !found.iter().any(|a| &a.number == *n))
        {
            inv.push(FieldError::new(
                "assets",
                format!("資産「{n}」は台帳にありません。"),
                format!("There is no asset \"{n}\" in the register."),
            ));
        }
        Ok(found.into_iter().map(|a| (a.id, a.number)).collect())
    }

    /// Asks for an exception (or, `urgent`, records one taken at once); the designated
    /// approvers are told. `renews`: the approved exception this one would continue.
    pub async fn request_exception(
        &self,
        actor: &Actor,
        input: &ExceptionInput,
        renews: Option<Uuid>,
    ) -> AppResult<Uuid> {
        self.authorize(actor, Capability::CreateExceptions).await?;
        if let Some(d) = input.department {
            self.authorize(
                actor,
                Capability::RequestException {
                    department: Some(d),
                },
            )
            .await?;
        }
        if let Some(r) = renews {
            let old = self.exception_row(actor.org_id, r).await?;
            self.authorize(
                actor,
                Capability::RequestException {
                    department: old.department_id,
                },
            )
            .await?;
            if state_of(&old)? != State::Approved {
                return Err(conflict(
                    "承認された例外措置だけが更新できます。",
                    "Only an approved exception can be renewed.",
                ));
            }
        }
        let Checked { mut m, assets } = self.checked_request(actor, input, None).await?;
        m.renews_id = renews;
        let numbers: Vec<String> = assets.iter().map(|(_, n)| n.clone()).collect();
        let settings = self.compliance_settings_of(actor.org_id).await?.exceptions;
        let approvers = self
            .holders_today(actor.org_id, &[settings.approver], None)
            .await?;
        let department = self.department_name(actor.org_id, m.department_id).await?;
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        m.number = mamori_store::compliance::exceptions::next_number(&*tx, actor.org_id).await?;
        m.search_key = search_key(&m);
        mamori_store::compliance::exceptions::insert(&*tx, m.clone()).await?;
        let ids: Vec<Uuid> = assets.iter().map(|(id, _)| *id).collect();
        mamori_store::compliance::exceptions::set_assets(&*tx, actor.org_id, m.id, &ids, || {
            self.new_id()
        })
        .await?;
        self.audit_change(
            &*tx,
            actor,
            if renews.is_some() {
                "exception.renew"
            } else {
                "exception.request"
            },
            ("exception", m.id),
            None,
            Some(&audited(&m, &numbers)),
        )
        .await?;
        let notice = Notice::ExceptionRequested {
            number: exception::code(m.number),
            title: m.title.clone(),
            department,
            urgent: m.urgent,
            late: false,
        };
        let to: Vec<Uuid> = approvers
            .into_iter()
            .filter(|s| Some(*s) != actor.staff_id)
            .collect();
        self.notify(&*tx, actor.org_id, &to, &notice).await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Loads an exception and checks the actor may act for its department (read
    /// first: a reader without the right gets 403, someone who cannot read 404).
    async fn own_exception(&self, actor: &Actor, id: Uuid) -> AppResult<row::Model> {
        self.authorize(actor, Capability::ViewExceptions).await?;
        let m = self.exception_row(actor.org_id, id).await?;
        self.authorize(
            actor,
            Capability::RequestException {
                department: m.department_id,
            },
        )
        .await?;
        Ok(m)
    }

    /// Changes an exception before its decision.
    pub async fn update_exception(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ExceptionInput,
    ) -> AppResult<()> {
        let before = self.own_exception(actor, id).await?;
        if let Some(d) = input.department {
            self.authorize(
                actor,
                Capability::RequestException {
                    department: Some(d),
                },
            )
            .await?;
        }
        if !matches!(state_of(&before)?, State::Requested | State::Urgent) {
            return Err(conflict(
                "決定済みの例外措置は変更できません。更新を申請してください。",
                "A decided exception cannot be changed; ask for a renewal instead.",
            ));
        }
        let Checked { m, assets } = self.checked_request(actor, input, Some(&before)).await?;
        let numbers: Vec<String> = assets.iter().map(|(_, n)| n.clone()).collect();
        let tx = self.store.begin_write().await?;
        let old_ids = mamori_store::compliance::exceptions::assets(&*tx, actor.org_id, id).await?;
        let old_numbers: Vec<String> = mamori_store::assets::by_ids(&*tx, actor.org_id, &old_ids)
            .await?
            .into_iter()
            .map(|a| a.number)
            .collect();
        mamori_store::compliance::exceptions::update(&*tx, m.clone()).await?;
        let ids: Vec<Uuid> = assets.iter().map(|(id, _)| *id).collect();
        mamori_store::compliance::exceptions::set_assets(&*tx, actor.org_id, id, &ids, || {
            self.new_id()
        })
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "exception.update",
            ("exception", id),
            Some(&audited(&before, &old_numbers)),
            Some(&audited(&m, &numbers)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes a change of state (or review) made by `change`, audited as `action`.
    async fn change_exception(
        &self,
        actor: &Actor,
        before: row::Model,
        action: &str,
        change: impl FnOnce(&mut row::Model),
        notice: Option<(Vec<Uuid>, Notice)>,
    ) -> AppResult<()> {
        let mut after = before.clone();
        change(&mut after);
        after.updated_at = self.now();
        let tx = self.store.begin_write().await?;
        // Decided by someone else since it was read: the first decision stands.
        let fresh = mamori_store::compliance::exceptions::get(&*tx, actor.org_id, before.id)
            .await?
            .ok_or(AppError::NotFound)?;
        if fresh.state != before.state {
            return Err(conflict(
                "この例外措置は、ほかの人が先に更新しました。画面を開き直してください。",
                "Someone else changed this exception first. Open it again.",
            ));
        }
        mamori_store::compliance::exceptions::update(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            action,
            ("exception", after.id),
            Some(&audited(&before, &[])),
            Some(&audited(&after, &[])),
        )
        .await?;
        if let Some((to, n)) = notice {
            self.notify(&*tx, actor.org_id, &to, &n).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Those told of a decision or an ending: who asked, and the department's officers.
    pub(super) async fn exception_audience(&self, m: &row::Model) -> AppResult<Vec<Uuid>> {
        let mut to = self
            .holders_today(
                m.org_id,
                &[Role::DeptOfficer, Role::SectionManager],
                m.department_id,
            )
            .await?;
        to.extend(m.requester_staff_id);
        to.sort();
        to.dedup();
        Ok(to)
    }

    /// Withdraws a request before its decision.
    pub async fn withdraw_exception(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        let before = self.own_exception(actor, id).await?;
        if state_of(&before)? != State::Requested {
            return Err(conflict(
                "取り下げられるのは申請中の例外措置だけです。",
                "Only a request waiting for its decision can be withdrawn.",
            ));
        }
        self.change_exception(
            actor,
            before,
            "exception.withdraw",
            |m| m.state = State::Withdrawn.code().into(),
            None,
        )
        .await
    }

    /// Approves or refuses an exception: the designated role alone. A refusal says why.
    pub async fn decide_exception(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &DecisionInput,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ViewExceptions).await?;
        let settings = self.compliance_settings_of(actor.org_id).await?.exceptions;
        self.authorize(
            actor,
            Capability::DecideException {
                approver: settings.approver,
            },
        )
        .await?;
        let before = self.exception_row(actor.org_id, id).await?;
        let approve = approves(input)?;
        if !approve && input.conditions.trim().is_empty() {
            return Err(AppError::field(
                "conditions",
                "却下する理由を入力してください。",
                "Say why the exception is refused.",
            ));
        }
        if !matches!(state_of(&before)?, State::Requested | State::Urgent) {
            return Err(conflict(
                "この例外措置は決定済みです。",
                "This exception has already been decided.",
            ));
        }
        let to = self.exception_audience(&before).await?;
        let notice = Notice::ExceptionDecided {
            number: exception::code(before.number),
            title: before.title.clone(),
            approved: approve,
        };
        let today = self.today();
        let by = actor.label.clone();
        self.change_exception(
            actor,
            before,
            if approve {
                "exception.approve"
            } else {
                "exception.refuse"
            },
            |m| {
                m.state = if approve {
                    State::Approved
                } else {
                    State::Refused
                }
                .code()
                .into();
                m.conditions = input.conditions.trim().to_owned();
                m.decision_ref = mamori_domain::text::clean(&input.decision_ref);
                m.decided_by = by;
                m.decided_on = Some(today);
            },
            Some((to, notice)),
        )
        .await
    }

    /// Records a review of an exception in effect; `end` ends it today.
    pub async fn review_exception(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ReviewInput,
    ) -> AppResult<()> {
        let before = self.own_exception(actor, id).await?;
        if input.note.trim().is_empty() {
            return Err(AppError::field(
                "note",
                "見直しの結果を入力してください。",
                "Say what the review found.",
            ));
        }
        if !matches!(state_of(&before)?, State::Approved | State::Urgent) {
            return Err(conflict(
                "見直せるのは承認済み・緊急実施中の例外措置だけです。",
                "Only an approved or urgent exception can be reviewed.",
            ));
        }
        let today = self.today();
        let end = input.end;
        self.change_exception(
            actor,
            before,
            if end {
                "exception.end"
            } else {
                "exception.review"
            },
            |m| {
                m.reviewed_on = Some(today);
                m.review_note = input.note.trim().to_owned();
                if end {
                    m.state = State::Ended.code().into();
                }
            },
            None,
        )
        .await
    }

    /// Saves how exceptions are run: who decides, the report window and reminder days.
    pub async fn save_exception_settings(
        &self,
        actor: &Actor,
        input: &ExceptionSettingsInput,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ManageCompliance).await?;
        let parsed = input.parse()?;
        self.save_compliance_exceptions(actor, parsed).await
    }
}
