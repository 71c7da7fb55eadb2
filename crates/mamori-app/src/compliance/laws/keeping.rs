//! Keeping a law: its obligations and what meets each, its amendments (each opens a
//! review and tells the owning department) and its reviews (each takes in the open
//! amendments and sets the next review). Each write is audited with its notices in one
//! transaction.

use mamori_domain::law::{self, RuleRef, check_amendment, check_obligation, check_review};
use mamori_domain::notify::Notice;
use mamori_domain::{FieldError, Invalid, Role};
use mamori_store::entity::{law as row, law_amendment, law_obligation, law_review};
use uuid::Uuid;

use super::input::{AmendmentInput, LawReviewInput, ObligationInput};
use super::row::AuditedObligation;
use crate::authz::Actor;
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

impl App {
    /// Checks an obligation as entered: its text, and that each policy section or
    /// control named exists. Returns the links as `(rule, kind)`, canonical and once
    /// each.
    async fn checked_obligation(
        &self,
        org_id: Uuid,
        input: &ObligationInput,
    ) -> AppResult<Vec<(String, &'static str)>> {
        let mut inv = Invalid::new();
        for (f, p) in check_obligation(&input.article, &input.duty) {
            inv.push(p.at(f));
        }
        let mut links: Vec<(String, &'static str)> = Vec::new();
        for raw in input.links.iter().filter(|l| !l.trim().is_empty()) {
            match RuleRef::parse(raw) {
                Ok(r) if self.rule_exists(org_id, &r).await? => {
                    let s = r.to_string();
                    if !links.iter().any(|(l, _)| *l == s) {
                        links.push((s, r.kind()));
                    }
                }
                Ok(r) => inv.push(FieldError::new(
                    "links",
                    format!("「{r}」が見つかりません。ポリシーの節、管理策の番号、カタログの管理策を確かめてください。"),
                    format!("There is no \"{r}\". Check the policy section, the applied control's number or the catalog control."),
                )),
                Err(p) => inv.push(p.at("links")),
            }
        }
        if inv.is_empty() {
            Ok(links)
        } else {
            Err(AppError::Invalid(inv))
        }
    }

    async fn law_obligation(
        &self,
        actor: &Actor,
        law_id: Uuid,
        id: Uuid,
    ) -> AppResult<(row::Model, law_obligation::Model)> {
        let l = self.kept_law(actor, law_id).await?;
        let o = mamori_store::compliance::laws::obligation(self.store.conn(), actor.org_id, id)
            .await?
            .filter(|o| o.law_id == law_id)
            .ok_or(AppError::NotFound)?;
        Ok((l, o))
    }

    /// Adds an obligation at the end of a law's list.
    pub async fn add_obligation(
        &self,
        actor: &Actor,
        law_id: Uuid,
        input: &ObligationInput,
    ) -> AppResult<Uuid> {
        let l = self.kept_law(actor, law_id).await?;
        let links = self.checked_obligation(actor.org_id, input).await?;
        let tx = self.store.begin_write().await?;
        let position =
            mamori_store::compliance::laws::obligations(&*tx, actor.org_id, Some(law_id))
                .await?
                .iter()
                .map(|o| o.position)
                .max()
                .unwrap_or(0)
                + 1;
        let now = self.now();
        let o = law_obligation::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            law_id,
            position,
            article: mamori_domain::text::clean(&input.article),
            duty: input.duty.trim().to_owned(),
            created_at: now,
            updated_at: now,
        };
        mamori_store::compliance::laws::insert_obligations(&*tx, vec![o.clone()]).await?;
        mamori_store::compliance::laws::set_links(&*tx, actor.org_id, o.id, &links, || {
            self.new_id()
        })
        .await?;
        let rules: Vec<String> = links.into_iter().map(|(r, _)| r).collect();
        self.audit_change(
            &*tx,
            actor,
            "law.obligation.add",
            ("law_obligation", o.id),
            None,
            Some(&AuditedObligation {
                law: law::code(l.number),
                article: &o.article,
                duty: &o.duty,
                links: &rules,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(o.id)
    }

    /// Changes an obligation and what meets it.
    pub async fn update_obligation(
        &self,
        actor: &Actor,
        law_id: Uuid,
        id: Uuid,
        input: &ObligationInput,
    ) -> AppResult<()> {
        let (l, before) = self.law_obligation(actor, law_id, id).await?;
        let links = self.checked_obligation(actor.org_id, input).await?;
        let tx = self.store.begin_write().await?;
        let old: Vec<String> =
            mamori_store::compliance::laws::links(&*tx, actor.org_id, Some(&[id]))
                .await?
                .into_iter()
                .map(|k| k.rule)
                .collect();
        let o = law_obligation::Model {
            article: mamori_domain::text::clean(&input.article),
            duty: input.duty.trim().to_owned(),
            updated_at: self.now(),
            ..before.clone()
        };
        mamori_store::compliance::laws::update_obligation(&*tx, o.clone()).await?;
        mamori_store::compliance::laws::set_links(&*tx, actor.org_id, id, &links, || self.new_id())
            .await?;
        let rules: Vec<String> = links.into_iter().map(|(r, _)| r).collect();
        let number = law::code(l.number);
        self.audit_change(
            &*tx,
            actor,
            "law.obligation.update",
            ("law_obligation", id),
            Some(&AuditedObligation {
                law: number.clone(),
                article: &before.article,
                duty: &before.duty,
                links: &old,
            }),
            Some(&AuditedObligation {
                law: number,
                article: &o.article,
                duty: &o.duty,
                links: &rules,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes an obligation (the audit log keeps what it said).
    pub async fn delete_obligation(&self, actor: &Actor, law_id: Uuid, id: Uuid) -> AppResult<()> {
        let (l, before) = self.law_obligation(actor, law_id, id).await?;
        let tx = self.store.begin_write().await?;
        let old: Vec<String> =
            mamori_store::compliance::laws::links(&*tx, actor.org_id, Some(&[id]))
                .await?
                .into_iter()
                .map(|k| k.rule)
                .collect();
        mamori_store::compliance::laws::delete_obligation(&*tx, actor.org_id, id).await?;
        self.audit_change(
            &*tx,
            actor,
            "law.obligation.delete",
            ("law_obligation", id),
            Some(&AuditedObligation {
                law: law::code(l.number),
                article: &before.article,
                duty: &before.duty,
                links: &old,
            }),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Who is told about a law: the owning department's officers and managers, or the
    /// top officers when no department owns it or none holds the role today.
    pub(super) async fn law_audience(&self, m: &row::Model) -> AppResult<Vec<Uuid>> {
        let keepers = match m.owner_department_id {
            Some(d) => {
                let roles = [Role::DeptOfficer, Role::SectionManager];
                self.holders_today(m.org_id, &roles, Some(d)).await?
            }
            None => Vec::new(),
        };
        if !keepers.is_empty() {
            return Ok(keepers);
        }
        self.holders_today(m.org_id, &[Role::Ciso, Role::DeputyCiso], None)
            .await
    }

    /// Records an amendment: the law owes a review until one is recorded, and its
    /// owners are told.
    pub async fn record_amendment(
        &self,
        actor: &Actor,
        law_id: Uuid,
        input: &AmendmentInput,
    ) -> AppResult<Uuid> {
        let l = self.kept_law(actor, law_id).await?;
        let mut inv = Invalid::new();
        let promulgated = optional_date(&mut inv, "promulgated_on", &input.promulgated_on);
        let effective = optional_date(&mut inv, "effective_on", &input.effective_on);
        for (f, p) in check_amendment(promulgated, effective, &input.summary) {
            if !inv.0.iter().any(|e| e.field == f) {
                inv.push(p.at(f));
            }
        }
        let (Some(promulgated_on), true) = (promulgated, inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let a = law_amendment::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            law_id,
            promulgated_on,
            effective_on: effective,
            reference: mamori_domain::text::clean(&input.reference),
            summary: input.summary.trim().to_owned(),
            review_id: None,
            recorded_by: actor.label.clone(),
            created_at: self.now(),
        };
        let to = self.law_audience(&l).await?;
        let tx = self.store.begin_write().await?;
        mamori_store::compliance::laws::insert_amendment(&*tx, a.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "law.amend",
            ("law", law_id),
            None,
            Some(&serde_json::json!({
                "law": law::code(l.number),
                "promulgated_on": a.promulgated_on,
                "effective_on": a.effective_on,
                "reference": a.reference,
                "summary": a.summary,
            })),
        )
        .await?;
        let notice = Notice::LawReview {
            number: law::code(l.number),
            title: l.title.clone(),
            due: String::new(),
            days_left: 0,
            overdue: false,
            amendment: Some(mamori_domain::text::excerpt(&a.summary)),
        };
        let to: Vec<Uuid> = to
            .into_iter()
            .filter(|s| Some(*s) != actor.staff_id)
            .collect();
        self.notify(&*tx, actor.org_id, &to, &notice).await?;
        tx.commit().await?;
        Ok(a.id)
    }

    /// Records a review: it takes in the open amendments, and the next review falls a
    /// cycle after it.
    pub async fn record_law_review(
        &self,
        actor: &Actor,
        law_id: Uuid,
        input: &LawReviewInput,
    ) -> AppResult<Uuid> {
        let before = self.kept_law(actor, law_id).await?;
        let today = self.today();
        let mut inv = Invalid::new();
        let on = optional_date(&mut inv, "reviewed_on", &input.reviewed_on);
        for (f, p) in check_review(on, &input.finding, today) {
            if !inv.0.iter().any(|e| e.field == f) {
                inv.push(p.at(f));
            }
        }
        let (Some(on), true) = (on, inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let next = law::next_review(on, before.review_months.max(1) as u32);
        let r = law_review::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            law_id,
            reviewed_on: on,
            reviewed_by: actor.label.clone(),
            finding: input.finding.trim().to_owned(),
            next_review: Some(next),
            created_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        // Read again inside the transaction, so a change made meanwhile is kept.
        let before = mamori_store::compliance::laws::get(&*tx, actor.org_id, law_id)
            .await?
            .ok_or(AppError::NotFound)?;
        // A review dated before the last one recorded does not move the dates back.
        let latest = before.last_reviewed.is_none_or(|l| on >= l);
        let m = row::Model {
            last_reviewed: if latest {
                Some(on)
            } else {
                before.last_reviewed
            },
            next_review: if latest {
                Some(next)
            } else {
                before.next_review
            },
            updated_at: self.now(),
            ..before.clone()
        };
        mamori_store::compliance::laws::insert_review(&*tx, r.clone()).await?;
        // Only the amendments promulgated by the review's day are taken in.
        let taken =
            mamori_store::compliance::laws::close_amendments(&*tx, actor.org_id, law_id, r.id, on)
                .await?;
        mamori_store::compliance::laws::update(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "law.review",
            ("law", law_id),
            Some(&serde_json::json!({
                "last_reviewed": before.last_reviewed,
                "next_review": before.next_review,
            })),
            Some(&serde_json::json!({
                "last_reviewed": m.last_reviewed,
                "next_review": m.next_review,
                "reviewed_on": r.reviewed_on,
                "finding": r.finding,
                "amendments_taken_in": taken,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(r.id)
    }
}
