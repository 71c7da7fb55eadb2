//! The stored contractor register ↔ what is shown and audited.

use chrono::NaiveDate;
use mamori_domain::contractor::{self, CertKind, CheckKind, cert_status, contract_standing};
use mamori_store::entity::{contract, contract_check, contractor as row, contractor_certification};
use serde::Serialize;
use uuid::Uuid;

use super::view::{CertificationView, CheckView, ContractView, ContractorView};
use crate::AppResult;
use crate::departments::DeptIndex;
use crate::error::stored;

pub(super) fn cert_view(
    c: &contractor_certification::Model,
    today: NaiveDate,
) -> AppResult<CertificationView> {
    Ok(CertificationView {
        id: c.id,
        kind: stored("certification kind", &c.kind, CertKind::from_code(&c.kind))?,
        number: c.number.clone(),
        scope: c.scope.clone(),
        registered_on: c.registered_on,
        expires_on: c.expires_on,
        status: cert_status(c.expires_on, today),
    })
}

/// A contractor with its certifications (any order) and its live contracts.
pub(super) fn contractor_view(
    m: &row::Model,
    certs: &[contractor_certification::Model],
    live_contracts: i64,
    today: NaiveDate,
) -> AppResult<ContractorView> {
    let certifications = certs
        .iter()
        .filter(|c| c.contractor_id == m.id)
        .map(|c| cert_view(c, today))
        .collect::<AppResult<Vec<_>>>()?;
    use mamori_domain::contractor::CertStatus::{self, Expired, Expiring, Open, Valid};
    // A renewal is recorded as a new certification: one of the same kind that holds
    // past an old one answers for it.
    let renewed = |c: &CertificationView, holding: &[CertStatus]| {
        certifications.iter().any(|o| {
            o.id != c.id
                && o.kind == c.kind
                && holding.contains(&o.status)
                && (o.expires_on.is_none() || o.expires_on > c.expires_on)
        })
    };
    Ok(ContractorView {
        id: m.id,
        number: contractor::code(m.number),
        name: m.name.clone(),
        kana: m.kana.clone(),
        corporate_number: m.corporate_number.clone(),
        address: m.address.clone(),
        contact: m.contact.clone(),
        notes: m.notes.clone(),
        lapsed: certifications
            .iter()
            .any(|c| c.status == Expired && !renewed(c, &[Valid, Expiring, Open])),
        expiring: certifications
            .iter()
            .any(|c| c.status == Expiring && !renewed(c, &[Valid, Open])),
        certifications,
        live_contracts,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The clause codes a contract stores.
pub(super) fn clause_codes(m: &contract::Model) -> Vec<String> {
    m.clauses
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A contract as shown on `today`, against the template's clause codes.
pub(super) fn contract_view(
    m: &contract::Model,
    contractor_name: &str,
    idx: &DeptIndex,
    template: &[String],
    today: NaiveDate,
) -> ContractView {
    let clauses = clause_codes(m);
    ContractView {
        id: m.id,
        number: contractor::contract_code(m.number),
        contractor_id: m.contractor_id,
        contractor: contractor_name.to_owned(),
        subject: m.subject.clone(),
        department_id: m.department_id,
        department: m.department_id.map(|d| idx.path(d)).unwrap_or_default(),
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        standing: contract_standing(m.starts_on, m.ends_on, today),
        personal_data: m.personal_data,
        my_number: m.my_number,
        missing_clauses: template.iter().filter(|c| !clauses.contains(c)).count(),
        clauses,
        notes: m.notes.clone(),
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

pub(super) fn check_view(c: &contract_check::Model) -> AppResult<CheckView> {
    Ok(CheckView {
        id: c.id,
        checked_on: c.checked_on,
        kind: stored("check kind", &c.kind, CheckKind::from_code(&c.kind))?,
        findings: c.findings.clone(),
        issues: c.issues,
        checked_by: c.checked_by.clone(),
    })
}

pub(super) fn contractor_key(m: &row::Model) -> String {
    mamori_domain::text::search_key_fields(&[
        &contractor::code(m.number),
        &m.name,
        &m.kana,
        &m.corporate_number,
    ])
}

pub(super) fn contract_key(m: &contract::Model, contractor_name: &str) -> String {
    mamori_domain::text::search_key_fields(&[
        &contractor::contract_code(m.number),
        &m.subject,
        contractor_name,
    ])
}

/// What the audit log keeps of a contractor.
#[derive(Serialize)]
pub(super) struct AuditedContractor<'a> {
    number: String,
    name: &'a str,
    corporate_number: &'a str,
    address: &'a str,
    contact: &'a str,
}

pub(super) fn audited_contractor(m: &row::Model) -> AuditedContractor<'_> {
    AuditedContractor {
        number: contractor::code(m.number),
        name: &m.name,
        corporate_number: &m.corporate_number,
        address: &m.address,
        contact: &m.contact,
    }
}

/// What the audit log keeps of a contract.
#[derive(Serialize)]
pub(super) struct AuditedContract<'a> {
    number: String,
    contractor_id: Uuid,
    subject: &'a str,
    department_id: Option<Uuid>,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    personal_data: bool,
    my_number: bool,
    clauses: &'a str,
    assets: &'a [String],
}

pub(super) fn audited_contract<'a>(
    m: &'a contract::Model,
    assets: &'a [String],
) -> AuditedContract<'a> {
    AuditedContract {
        number: contractor::contract_code(m.number),
        contractor_id: m.contractor_id,
        subject: &m.subject,
        department_id: m.department_id,
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        personal_data: m.personal_data,
        my_number: m.my_number,
        clauses: &m.clauses,
        assets,
    }
}
