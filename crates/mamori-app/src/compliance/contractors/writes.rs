//! Adding and changing contractors and their certifications, and the contract
//! template's clauses. Each write is checked in full before anything is written and is
//! audited in its own transaction.

use mamori_domain::contractor::{self, CertKind, Clause, check_certification, corporate_number};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{contractor as row, contractor_certification};
use uuid::Uuid;

use super::input::{CertificationInput, ClauseSettingsInput, ContractorInput};
use super::row::{audited_contractor, contractor_key};
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

impl App {
    /// Checks a contractor as entered: a name, and a 法人番号 with its check digit that
    /// no other contractor of the organization has.
    async fn checked_contractor(
        &self,
        actor: &Actor,
        input: &ContractorInput,
        before: Option<&row::Model>,
    ) -> AppResult<row::Model> {
        let mut inv = Invalid::new();
        if input.name.trim().is_empty() {
            inv.push(FieldError::new(
                "name",
                "委託先の名称を入力してください。",
                "Give the contractor's name.",
            ));
        }
        let number = inv
            .check(
                "corporate_number",
                corporate_number(&input.corporate_number),
            )
            .flatten()
            .unwrap_or_default();
        if !number.is_empty() {
            let all =
                mamori_store::compliance::contractors::all(self.store.conn(), actor.org_id).await?;
            if let Some(other) = all
                .iter()
                .find(|c| c.corporate_number == number && Some(c.id) != before.map(|b| b.id))
            {
                let code = contractor::code(other.number);
                inv.push(FieldError::new(
                    "corporate_number",
                    format!(
                        "この法人番号は既に {code}「{}」として登録されています。",
                        other.name
                    ),
                    format!(
                        "This corporate number is already registered as {code} \"{}\".",
                        other.name
                    ),
                ));
            }
        }
        if !inv.is_empty() {
            return Err(AppError::Invalid(inv));
        }
        let now = self.now();
        let mut m = row::Model {
            id: before.map_or_else(|| self.new_id(), |b| b.id),
            org_id: actor.org_id,
            number: before.map_or(0, |b| b.number),
            name: mamori_domain::text::clean(&input.name),
            kana: mamori_domain::text::clean(&input.kana),
            corporate_number: number,
            address: input.address.trim().to_owned(),
            contact: input.contact.trim().to_owned(),
            notes: input.notes.trim().to_owned(),
            search_key: String::new(),
            created_by: before.map_or_else(|| actor.label.clone(), |b| b.created_by.clone()),
            created_at: before.map_or(now, |b| b.created_at),
            updated_at: now,
        };
        m.search_key = contractor_key(&m);
        Ok(m)
    }

    /// Adds a contractor to the register.
    pub async fn create_contractor(
        &self,
        actor: &Actor,
        input: &ContractorInput,
    ) -> AppResult<Uuid> {
        self.authorize(actor, Capability::KeepContractors).await?;
        let mut m = self.checked_contractor(actor, input, None).await?;
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        m.number = mamori_store::compliance::contractors::next_number(&*tx, actor.org_id).await?;
        m.search_key = contractor_key(&m);
        mamori_store::compliance::contractors::insert(&*tx, vec![m.clone()]).await?;
        self.audit_change(
            &*tx,
            actor,
            "contractor.create",
            ("contractor", m.id),
            None,
            Some(&audited_contractor(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Loads a contractor for someone who keeps the register (read first: a reader
    /// without the right gets 403, someone who cannot read 404).
    pub(super) async fn kept_contractor(&self, actor: &Actor, id: Uuid) -> AppResult<row::Model> {
        self.authorize(actor, Capability::ViewContractors).await?;
        let m = mamori_store::compliance::contractors::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.authorize(actor, Capability::KeepContractors).await?;
        Ok(m)
    }

    /// Changes a contractor.
    pub async fn update_contractor(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ContractorInput,
    ) -> AppResult<()> {
        let before = self.kept_contractor(actor, id).await?;
        let m = self.checked_contractor(actor, input, Some(&before)).await?;
        let tx = self.store.begin_write().await?;
        mamori_store::compliance::contractors::update(&*tx, m.clone()).await?;
        if m.name != before.name {
            self.refresh_provider_keys(&*tx, &m).await?;
        }
        self.audit_change(
            &*tx,
            actor,
            "contractor.update",
            ("contractor", id),
            Some(&audited_contractor(&before)),
            Some(&audited_contractor(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Contracts and services are found by their contractor's name: a renamed
    /// contractor's are found by the new one.
    async fn refresh_provider_keys<C: mamori_store::Conn>(
        &self,
        conn: &C,
        m: &row::Model,
    ) -> AppResult<()> {
        let f = mamori_store::compliance::contractors::ContractFilter {
            contractor: Some(m.id),
            ..Default::default()
        };
        for c in mamori_store::compliance::contractors::all_contracts(conn, m.org_id, &f).await? {
            let key = super::row::contract_key(&c, &m.name);
            if key != c.search_key {
                let c = mamori_store::entity::contract::Model {
                    search_key: key,
                    ..c
                };
                mamori_store::compliance::contractors::update_contract(conn, c).await?;
            }
        }
        for s in mamori_store::compliance::services::all(conn, m.org_id).await? {
            if s.contractor_id == m.id {
                let key = crate::compliance::services::search_key(&s, &m.name);
                if key != s.search_key {
                    let s = mamori_store::entity::service::Model {
                        search_key: key,
                        ..s
                    };
                    mamori_store::compliance::services::update(conn, s).await?;
                }
            }
        }
        Ok(())
    }

    /// Records a certification a contractor holds.
    pub async fn add_certification(
        &self,
        actor: &Actor,
        contractor_id: Uuid,
        input: &CertificationInput,
    ) -> AppResult<Uuid> {
        self.kept_contractor(actor, contractor_id).await?;
        let mut inv = Invalid::new();
        let kind = inv.check("kind", CertKind::parse(&input.kind));
        let registered = optional_date(&mut inv, "registered_on", &input.registered_on);
        let expires = optional_date(&mut inv, "expires_on", &input.expires_on);
        for (f, p) in check_certification(&input.number, registered, expires) {
            inv.push(p.at(f));
        }
        let (Some(kind), true) = (kind, inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let c = contractor_certification::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            contractor_id,
            kind: kind.code().to_owned(),
            number: mamori_domain::text::clean(&input.number),
            scope: input.scope.trim().to_owned(),
            registered_on: registered,
            expires_on: expires,
            created_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::compliance::contractors::insert_certifications(&*tx, vec![c.clone()]).await?;
        self.audit_change(
            &*tx,
            actor,
            "contractor.certification.add",
            ("contractor", contractor_id),
            None,
            Some(&serde_json::json!({
                "kind": c.kind, "number": c.number, "registered_on": c.registered_on,
                "expires_on": c.expires_on,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(c.id)
    }

    /// Removes a certification recorded in error or superseded.
    pub async fn remove_certification(
        &self,
        actor: &Actor,
        contractor_id: Uuid,
        id: Uuid,
    ) -> AppResult<()> {
        self.kept_contractor(actor, contractor_id).await?;
        let tx = self.store.begin_write().await?;
        let certs = mamori_store::compliance::contractors::certifications(
            &*tx,
            actor.org_id,
            Some(contractor_id),
        )
        .await?;
        let c = certs
            .iter()
            .find(|c| c.id == id)
            .ok_or(AppError::NotFound)?;
        mamori_store::compliance::contractors::delete_certification(
            &*tx,
            actor.org_id,
            contractor_id,
            id,
        )
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "contractor.certification.remove",
            ("contractor", contractor_id),
            Some(&serde_json::json!({
                "kind": c.kind, "number": c.number, "expires_on": c.expires_on,
            })),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Saves the contract template's clauses (the top officers): one per line,
    /// `code|日本語|English`.
    pub async fn save_contract_clauses(
        &self,
        actor: &Actor,
        input: &ClauseSettingsInput,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ManageCompliance).await?;
        let clauses: Vec<Clause> = input
            .clauses
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let mut parts = l.split('|').map(str::trim);
                let code = parts.next().unwrap_or_default().to_owned();
                let ja = parts.next().unwrap_or_default().to_owned();
                let en = parts
                    .next()
                    .filter(|e| !e.is_empty())
                    .unwrap_or(&ja)
                    .to_owned();
                Clause { code, ja, en }
            })
            .collect();
        let settings = contractor::Settings { clauses };
        let problems = settings.check();
        if !problems.is_empty() {
            return Err(AppError::Invalid(Invalid(
                problems.into_iter().map(|(f, p)| p.at(f)).collect(),
            )));
        }
        self.save_compliance_part(actor, |s| s.contractors = settings)
            .await
    }
}
