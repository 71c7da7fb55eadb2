//! Adding, changing and repealing laws. Each write is checked in full before anything
//! is written and is audited in its own transaction.

use mamori_domain::law::{self, Kind, check_law};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::law as row;
use uuid::Uuid;

use super::input::LawInput;
use super::row::{audited, search_key};
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

impl App {
    /// Checks a law as entered; `before` keeps what the form does not carry.
    async fn checked_law(
        &self,
        actor: &Actor,
        input: &LawInput,
        before: Option<&row::Model>,
    ) -> AppResult<(row::Model, Vec<Uuid>)> {
        let mut inv = Invalid::new();
        for (f, p) in check_law(&input.title, input.review_months) {
            inv.push(p.at(f));
        }
        let kind = inv.check("kind", Kind::parse(&input.kind));
        let next = optional_date(&mut inv, "next_review", &input.next_review);
        let idx = self.dept_tree(actor.org_id).await?;
        let foreign = |d: &Uuid| idx.get(*d).is_none();
        if input.owner_department.as_ref().is_some_and(foreign) {
            inv.push(FieldError::new(
                "owner_department",
                "選んだ所管の所属はこの団体にありません。",
                "The owning department chosen is not this organization's.",
            ));
        }
        let mut departments = if input.applies_all {
            Vec::new()
        } else {
            input.departments.clone()
        };
        departments.sort();
        departments.dedup();
        if departments.iter().any(foreign) {
            inv.push(FieldError::new(
                "departments",
                "適用する所属に、この団体にない所属が含まれています。",
                "A department it applies to is not this organization's.",
            ));
        }
        if !input.applies_all && departments.is_empty() {
            inv.push(FieldError::new(
                "departments",
                "適用する所属を選ぶか、全庁に適用してください。",
                "Choose the departments it applies to, or apply it to all.",
            ));
        }
        let (Some(kind), true) = (kind, inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let months = input.review_months as i32;
        let last = before.and_then(|b| b.last_reviewed);
        let now = self.now();
        let mut m = row::Model {
            id: before.map_or_else(|| self.new_id(), |b| b.id),
            org_id: actor.org_id,
            number: before.map_or(0, |b| b.number),
            title: mamori_domain::text::clean(&input.title),
            kind: kind.code().to_owned(),
            reference: mamori_domain::text::clean(&input.reference),
            owner_department_id: input.owner_department,
            applies_all: input.applies_all,
            review_months: months,
            last_reviewed: last,
            next_review: next.or_else(|| last.map(|l| law::next_review(l, input.review_months))),
            repealed: before.is_some_and(|b| b.repealed),
            notes: input.notes.trim().to_owned(),
            standard_key: before.map(|b| b.standard_key.clone()).unwrap_or_default(),
            search_key: String::new(),
            created_by: before.map_or_else(|| actor.label.clone(), |b| b.created_by.clone()),
            created_at: before.map_or(now, |b| b.created_at),
            updated_at: now,
        };
        m.search_key = search_key(&m);
        Ok((m, departments))
    }

    /// Adds a law to the register (the top officers).
    pub async fn create_law(&self, actor: &Actor, input: &LawInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::ManageCompliance).await?;
        let (mut m, departments) = self.checked_law(actor, input, None).await?;
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        m.number = mamori_store::compliance::laws::next_number(&*tx, actor.org_id).await?;
        m.search_key = search_key(&m);
        mamori_store::compliance::laws::insert(&*tx, vec![m.clone()]).await?;
        mamori_store::compliance::laws::set_departments(
            &*tx,
            actor.org_id,
            m.id,
            &departments,
            || self.new_id(),
        )
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "law.create",
            ("law", m.id),
            None,
            Some(&audited(&m, &departments)),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Loads a law and checks the actor keeps it: its owning department's officers, or
    /// the top officers (read first: a reader without the right gets 403, someone who
    /// cannot read 404).
    pub(super) async fn kept_law(&self, actor: &Actor, id: Uuid) -> AppResult<row::Model> {
        self.authorize(actor, Capability::ViewLaws).await?;
        let m = mamori_store::compliance::laws::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.authorize(
            actor,
            Capability::EditLaw {
                department: m.owner_department_id,
            },
        )
        .await?;
        Ok(m)
    }

    /// Changes a law. Handing it to another department takes the right to keep laws of
    /// that department too.
    pub async fn update_law(&self, actor: &Actor, id: Uuid, input: &LawInput) -> AppResult<()> {
        let before = self.kept_law(actor, id).await?;
        if input.owner_department != before.owner_department_id {
            self.authorize(
                actor,
                Capability::EditLaw {
                    department: input.owner_department,
                },
            )
            .await?;
        }
        let (m, departments) = self.checked_law(actor, input, Some(&before)).await?;
        let tx = self.store.begin_write().await?;
        let old: Vec<Uuid> =
            mamori_store::compliance::laws::departments(&*tx, actor.org_id, Some(id))
                .await?
                .into_iter()
                .map(|(_, d)| d)
                .collect();
        mamori_store::compliance::laws::update(&*tx, m.clone()).await?;
        mamori_store::compliance::laws::set_departments(
            &*tx,
            actor.org_id,
            id,
            &departments,
            || self.new_id(),
        )
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "law.update",
            ("law", id),
            Some(&audited(&before, &old)),
            Some(&audited(&m, &departments)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks a law repealed (or in force again). It stays in the register for the
    /// record, out of the compliance view and the counts.
    pub async fn set_law_repealed(&self, actor: &Actor, id: Uuid, repealed: bool) -> AppResult<()> {
        self.authorize(actor, Capability::ManageCompliance).await?;
        let tx = self.store.begin_write().await?;
        let before = mamori_store::compliance::laws::get(&*tx, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let m = row::Model {
            repealed,
            updated_at: self.now(),
            ..before.clone()
        };
        let departments: Vec<Uuid> =
            mamori_store::compliance::laws::departments(&*tx, actor.org_id, Some(id))
                .await?
                .into_iter()
                .map(|(_, d)| d)
                .collect();
        mamori_store::compliance::laws::update(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            if repealed {
                "law.repeal"
            } else {
                "law.restore"
            },
            ("law", id),
            Some(&audited(&before, &departments)),
            Some(&audited(&m, &departments)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
