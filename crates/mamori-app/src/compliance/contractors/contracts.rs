//! Recording and changing contracts, proposing and approving their sub-contractors,
//! and recording the periodic checks. Each write is checked in full before anything is
//! written and is audited in its own transaction.

use mamori_domain::contractor::{self, CheckKind, check_contract};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{contract, contract_check, contract_subcontractor};
use uuid::Uuid;

use super::input::{CheckInput, ContractInput, SubcontractApproval, SubcontractorInput};
use super::row::{audited_contract, contract_key};
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

/// A contract checked in full: the row to write, the assets it handles (id and
/// number), and its contractor's name.
struct Checked {
    m: contract::Model,
    assets: Vec<(Uuid, String)>,
    contractor: String,
}

/// A refusal of a day after today.
fn not_ahead(
    inv: &mut Invalid,
    field: &str,
    day: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) {
    if day.is_some_and(|d| d > today) {
        inv.push(FieldError::new(
            field,
            "未来の日付は入力できません。",
            "The day cannot be in the future.",
        ));
    }
}

impl App {
    /// Checks a contract as entered: the contractor, its subject and period, the
    /// department, the clauses (the template's), and that the assets exist.
    async fn checked_contract(
        &self,
        actor: &Actor,
        input: &ContractInput,
        before: Option<&contract::Model>,
    ) -> AppResult<Checked> {
        let mut inv = Invalid::new();
        let from = optional_date(&mut inv, "starts_on", &input.starts_on);
        let until = optional_date(&mut inv, "ends_on", &input.ends_on);
        for (f, p) in check_contract(&input.subject, from, until) {
            if !inv.0.iter().any(|e| e.field == f) {
                inv.push(p.at(f));
            }
        }
        let conn = self.store.conn();
        let company = match input.contractor {
            Some(c) => mamori_store::compliance::contractors::get(conn, actor.org_id, c).await?,
            None => None,
        };
        if company.is_none() {
            inv.push(FieldError::new(
                "contractor",
                "委託先を登録済みの委託先から選んでください。",
                "Choose the contractor from the register.",
            ));
        }
        let idx = self.dept_tree(actor.org_id).await?;
        match input.department {
            None => inv.push(FieldError::new(
                "department",
                "契約する所属を選んでください。",
                "Choose the department that lets the contract.",
            )),
            Some(d) if idx.get(d).is_none() => inv.push(FieldError::new(
                "department",
                "選んだ所属はこの団体にありません。",
                "The department chosen is not this organization's.",
            )),
            Some(_) => {}
        }
        let template = self.compliance_settings_of(actor.org_id).await?.contractors;
        let mut clauses: Vec<String> = Vec::new();
        for c in input
            .clauses
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
        {
            if !template.clauses.iter().any(|t| t.code == c) {
                inv.push(FieldError::new(
                    "clauses",
                    format!("条項「{c}」は契約のひな形にありません。"),
                    format!("\"{c}\" is not a clause of the contract template."),
                ));
            } else if !clauses.iter().any(|k| k == c) {
                clauses.push(c.to_owned());
            }
        }
        let assets = self
            .covered_assets(actor.org_id, &input.assets, &mut inv)
            .await?;
        let (Some(company), Some(from), Some(until), true) = (company, from, until, inv.is_empty())
        else {
            return Err(AppError::Invalid(inv));
        };
        let now = self.now();
        let mut m = contract::Model {
            id: before.map_or_else(|| self.new_id(), |b| b.id),
            org_id: actor.org_id,
            contractor_id: company.id,
            number: before.map_or(0, |b| b.number),
            subject: mamori_domain::text::clean(&input.subject),
            department_id: input.department,
            starts_on: from,
            ends_on: until,
            personal_data: input.personal_data || input.my_number,
            my_number: input.my_number,
            clauses: clauses.join(","),
            notes: input.notes.trim().to_owned(),
            search_key: String::new(),
            created_by: before.map_or_else(|| actor.label.clone(), |b| b.created_by.clone()),
            created_at: before.map_or(now, |b| b.created_at),
            updated_at: now,
        };
        m.search_key = contract_key(&m, &company.name);
        Ok(Checked {
            m,
            assets,
            contractor: company.name,
        })
    }

    /// Records a contract of a department.
    pub async fn create_contract(&self, actor: &Actor, input: &ContractInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::KeepContractors).await?;
        if input.department.is_some() {
            self.authorize(
                actor,
                Capability::EditContract {
                    department: input.department,
                },
            )
            .await?;
        }
        let Checked {
            mut m,
            assets,
            contractor,
        } = self.checked_contract(actor, input, None).await?;
        let numbers: Vec<String> = assets.iter().map(|(_, n)| n.clone()).collect();
        let ids: Vec<Uuid> = assets.iter().map(|(id, _)| *id).collect();
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        m.number =
            mamori_store::compliance::contractors::next_contract_number(&*tx, actor.org_id).await?;
        m.search_key = contract_key(&m, &contractor);
        mamori_store::compliance::contractors::insert_contracts(&*tx, vec![m.clone()]).await?;
        mamori_store::compliance::contractors::set_contract_assets(
            &*tx,
            actor.org_id,
            m.id,
            &ids,
            || self.new_id(),
        )
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "contract.create",
            ("contract", m.id),
            None,
            Some(&audited_contract(&m, &numbers)),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Loads a contract and checks the actor may act for its department (read first).
    pub(super) async fn kept_contract(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> AppResult<contract::Model> {
        self.authorize(actor, Capability::ViewContractors).await?;
        let m =
            mamori_store::compliance::contractors::contract(self.store.conn(), actor.org_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
        self.authorize(
            actor,
            Capability::EditContract {
                department: m.department_id,
            },
        )
        .await?;
        Ok(m)
    }

    /// Changes a contract (moving it to another department takes the right there too).
    pub async fn update_contract(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ContractInput,
    ) -> AppResult<()> {
        let before = self.kept_contract(actor, id).await?;
        if input.department != before.department_id {
            self.authorize(
                actor,
                Capability::EditContract {
                    department: input.department,
                },
            )
            .await?;
        }
        let Checked { m, assets, .. } = self.checked_contract(actor, input, Some(&before)).await?;
        let numbers: Vec<String> = assets.iter().map(|(_, n)| n.clone()).collect();
        let ids: Vec<Uuid> = assets.iter().map(|(id, _)| *id).collect();
        let tx = self.store.begin_write().await?;
        let old_ids =
            mamori_store::compliance::contractors::contract_assets(&*tx, actor.org_id, id).await?;
        let old: Vec<String> = mamori_store::assets::by_ids(&*tx, actor.org_id, &old_ids)
            .await?
            .into_iter()
            .map(|a| a.number)
            .collect();
        mamori_store::compliance::contractors::update_contract(&*tx, m.clone()).await?;
        mamori_store::compliance::contractors::set_contract_assets(
            &*tx,
            actor.org_id,
            id,
            &ids,
            || self.new_id(),
        )
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "contract.update",
            ("contract", id),
            Some(&audited_contract(&before, &old)),
            Some(&audited_contract(&m, &numbers)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Proposes a sub-contractor (再委託先) for a contract; it stands out until the
    /// department's officer approves it.
    pub async fn add_subcontractor(
        &self,
        actor: &Actor,
        contract_id: Uuid,
        input: &SubcontractorInput,
    ) -> AppResult<Uuid> {
        let c = self.kept_contract(actor, contract_id).await?;
        let mut inv = Invalid::new();
        let sub = match input.contractor {
            Some(s) => {
                mamori_store::compliance::contractors::get(self.store.conn(), actor.org_id, s)
                    .await?
            }
            None => None,
        };
        match &sub {
            None => inv.push(FieldError::new(
                "contractor",
                "再委託先を登録済みの委託先から選んでください。",
                "Choose the sub-contractor from the register.",
            )),
            Some(s) if s.id == c.contractor_id => inv.push(FieldError::new(
                "contractor",
                "契約の相手方自身は再委託先になりません。",
                "The contractor itself cannot be its own sub-contractor.",
            )),
            Some(_) => {}
        }
        if input.scope.trim().is_empty() {
            inv.push(FieldError::new(
                "scope",
                "再委託する業務の範囲を入力してください。",
                "Say what is sub-contracted.",
            ));
        }
        let (Some(sub), true) = (sub, inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let m = contract_subcontractor::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            contract_id,
            contractor_id: sub.id,
            scope: input.scope.trim().to_owned(),
            approved_on: None,
            approved_by: String::new(),
            approval_ref: String::new(),
            created_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::compliance::contractors::insert_subcontractor(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "contract.subcontractor.add",
            ("contract", contract_id),
            None,
            Some(&serde_json::json!({
                "subcontractor": contractor::code(sub.number), "scope": m.scope,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Approves a sub-contractor: the contract's department officer (or the top
    /// officers), once.
    pub async fn approve_subcontractor(
        &self,
        actor: &Actor,
        contract_id: Uuid,
        id: Uuid,
        input: &SubcontractApproval,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ViewContractors).await?;
        let conn = self.store.conn();
        let c = mamori_store::compliance::contractors::contract(conn, actor.org_id, contract_id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.authorize(
            actor,
            Capability::ApproveSubcontract {
                department: c.department_id,
            },
        )
        .await?;
        let before = mamori_store::compliance::contractors::subcontractor(conn, actor.org_id, id)
            .await?
            .filter(|s| s.contract_id == contract_id)
            .ok_or(AppError::NotFound)?;
        if before.approved_on.is_some() {
            return Err(AppError::Conflict(mamori_domain::Problem::new(
                "この再委託は既に承認されています。",
                "This sub-contractor is already approved.",
            )));
        }
        let mut inv = Invalid::new();
        let on = optional_date(&mut inv, "approved_on", &input.approved_on);
        not_ahead(&mut inv, "approved_on", on, self.today());
        if on.is_none() && inv.is_empty() {
            inv.push(FieldError::new(
                "approved_on",
                "承認した日を入力してください。",
                "Give the day of the approval.",
            ));
        }
        if !inv.is_empty() {
            return Err(AppError::Invalid(inv));
        }
        let m = contract_subcontractor::Model {
            approved_on: on,
            approved_by: actor.label.clone(),
            approval_ref: mamori_domain::text::clean(&input.approval_ref),
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        // Checked again inside the transaction: of two approvals at once, one stands.
        let current =
            mamori_store::compliance::contractors::subcontractor(&*tx, actor.org_id, id).await?;
        if current.is_some_and(|c| c.approved_on.is_some()) {
            return Err(AppError::Conflict(mamori_domain::Problem::new(
                "この再委託は既に承認されています。",
                "This sub-contractor is already approved.",
            )));
        }
        mamori_store::compliance::contractors::update_subcontractor(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "contract.subcontractor.approve",
            ("contract", contract_id),
            None,
            Some(&serde_json::json!({
                "subcontractor_id": m.contractor_id, "approved_on": m.approved_on,
                "approval_ref": m.approval_ref,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a periodic check of a contract's work.
    pub async fn record_contract_check(
        &self,
        actor: &Actor,
        contract_id: Uuid,
        input: &CheckInput,
    ) -> AppResult<Uuid> {
        self.kept_contract(actor, contract_id).await?;
        let mut inv = Invalid::new();
        let on = optional_date(&mut inv, "checked_on", &input.checked_on);
        not_ahead(&mut inv, "checked_on", on, self.today());
        if on.is_none() && !inv.0.iter().any(|e| e.field == "checked_on") {
            inv.push(FieldError::new(
                "checked_on",
                "確認した日を入力してください。",
                "Give the day of the check.",
            ));
        }
        let kind = inv.check("kind", CheckKind::parse(&input.kind));
        if input.findings.trim().is_empty() {
            inv.push(FieldError::new(
                "findings",
                "確認の結果を入力してください（指摘なしの場合もその旨）。",
                "Say what the check found (or that it found nothing).",
            ));
        }
        let (Some(on), Some(kind), true) = (on, kind, inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let m = contract_check::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            contract_id,
            checked_on: on,
            kind: kind.code().to_owned(),
            findings: input.findings.trim().to_owned(),
            issues: input.issues,
            checked_by: actor.label.clone(),
            created_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::compliance::contractors::insert_check(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "contract.check",
            ("contract", contract_id),
            None,
            Some(&serde_json::json!({
                "checked_on": m.checked_on, "kind": m.kind, "issues": m.issues,
                "findings": m.findings,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }
}
