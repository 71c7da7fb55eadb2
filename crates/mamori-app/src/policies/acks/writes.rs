//! Starting and closing campaigns, a person's acknowledgement, and a paper form
//! recorded for someone without a terminal. Each is audited; an acknowledgement
//! records the fingerprint of the text the person was shown.

use mamori_domain::evidence::{EvidenceType, classify, safe_file_name, sha256_hex};
use mamori_domain::policy::Status;
use mamori_domain::policy::ack::check_campaign;
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{ack_campaign, ack_scan, acknowledgement};
use uuid::Uuid;

use super::input::{AckInput, CampaignInput, PaperAckInput};
use super::reads::Loaded;
use super::row::audited_campaign;
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::policies::row::status_of;
use crate::{App, AppError, AppResult};

fn superseded() -> AppError {
    AppError::field(
        "version",
        "この版はすでに改定されています。施行中の新しい版を確認してください。",
        "This version has been superseded. Acknowledge the version now in force.",
    )
}

fn already() -> AppError {
    AppError::field("campaign", "すでに確認済みです。", "Already acknowledged.")
}

/// Refuses a campaign that no longer takes acknowledgements.
fn check_open(l: &Loaded, today: chrono::NaiveDate) -> AppResult<()> {
    if l.head()
        .ok()
        .is_none_or(|h| status_of(h, &l.heads, today) == Status::Superseded)
    {
        return Err(superseded());
    }
    if l.campaign.closed_at.is_some() {
        return Err(AppError::field(
            "campaign",
            "この確認の受付は終了しています。",
            "This campaign has been closed.",
        ));
    }
    Ok(())
}

/// Refuses an audience that names departments the organization does not have, that
/// reaches beyond the owning department for a document kept for those concerned, or
/// that binds contractors' staff to a document they may not read.
fn check_audience(
    a: &mamori_domain::policy::ack::Audience,
    d: &mamori_store::entity::policy_document::Model,
    depts: &crate::departments::DeptIndex,
) -> AppResult<()> {
    if a.departments.iter().any(|id| depts.get(*id).is_none()) {
        return Err(AppError::field(
            "departments",
            "選んだ所属の中に、この団体にないものがあります。",
            "One of the departments chosen is not this organization's.",
        ));
    }
    let disclosure = crate::policies::row::disclosure_of(d);
    if a.contractors && disclosure != mamori_domain::policy::Disclosure::Public {
        return Err(AppError::field(
            "contractors",
            "委託事業者が閲覧できるのは公開の文書だけです。",
            "Contractors' staff read public documents only.",
        ));
    }
    if disclosure == mamori_domain::policy::Disclosure::Restricted {
        let inside = d
            .department_id
            .map(|o| depts.subtree(o))
            .unwrap_or_default();
        if a.departments.is_empty() || a.departments.iter().any(|x| !inside.contains(x)) {
            return Err(AppError::field(
                "departments",
                "関係者限定の文書は、所管の所属（とその下の所属）の中でだけ確認を求められます。",
                "A document for those concerned can be acknowledged only within its own department and those under it.",
            ));
        }
    }
    Ok(())
}

impl App {
    /// Starts a campaign for an approved version (in force, or approved for a later
    /// date); one open campaign per version.
    pub async fn start_ack_campaign(
        &self,
        actor: &Actor,
        document_id: Uuid,
        version: i32,
        input: &CampaignInput,
    ) -> AppResult<Uuid> {
        let reader = self.policy_reader(actor).await?;
        let (d, heads) = self.readable_document(&reader, document_id).await?;
        self.authorize(actor, Capability::ManageAcknowledgements)
            .await?;
        let today = self.today();
        let head = heads
            .iter()
            .find(|h| h.version == version)
            .ok_or(AppError::NotFound)?;
        match status_of(head, &heads, today) {
            Status::InForce | Status::Scheduled => {}
            Status::Superseded => return Err(superseded()),
            _ => {
                return Err(AppError::field(
                    "version",
                    "委員会の承認を記録した版だけ、確認を求められます。",
                    "Only a version the committee has approved can be acknowledged.",
                ));
            }
        }
        let mut inv = Invalid::new();
        let audience = input.audience(&mut inv);
        let due = optional_date(&mut inv, "due_on", &input.due_on);
        let checked = check_campaign(due, input.remind_every_days(), input.new_hire_days(), today);
        let due_on = match checked {
            Ok(d) if inv.is_empty() => d,
            Ok(_) => return Err(AppError::Invalid(inv)),
            Err(errs) => {
                for (f, p) in errs {
                    if !inv.0.iter().any(|e| e.field == f) {
                        inv.push(p.at(f));
                    }
                }
                return Err(AppError::Invalid(inv));
            }
        };
        check_audience(&audience, &d, &reader.depts)?;
        let m = ack_campaign::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            document_id: d.id,
            version_id: head.id,
            version,
            audience: serde_json::to_string(&audience).unwrap_or_default(),
            starts_on: Some(today),
            due_on: Some(due_on),
            remind_every_days: input.remind_every_days(),
            new_hire_days: input.new_hire_days(),
            last_reminded_on: None,
            closed_at: None,
            created_by: actor.label.clone(),
            created_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let open = mamori_store::policies::campaigns(&*tx, actor.org_id, Some(d.id)).await?;
        if open
            .iter()
            .any(|c| c.version_id == head.id && c.closed_at.is_none())
        {
            return Err(AppError::field(
                "version",
                "この版の確認はすでに実施中です。",
                "A campaign for this version is already open.",
            ));
        }
        mamori_store::policies::insert_campaign(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "policy_ack.campaign",
            ("policy_document", d.id),
            None,
            Some(&audited_campaign(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Closes a campaign: no more acknowledgements, no more reminders.
    pub async fn close_ack_campaign(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        self.authorize(actor, Capability::ManageAcknowledgements)
            .await?;
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let before = mamori_store::policies::get_campaign(&*tx, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if before.closed_at.is_some() {
            return Ok(());
        }
        let after = ack_campaign::Model {
            closed_at: Some(self.now()),
            ..before.clone()
        };
        mamori_store::policies::update_campaign(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "policy_ack.close",
            ("policy_document", after.document_id),
            Some(&audited_campaign(&before)),
            Some(&audited_campaign(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The actor confirms they have read the version shown (its fingerprint must be
    /// the version's) and will comply.
    pub async fn acknowledge(&self, actor: &Actor, id: Uuid, input: &AckInput) -> AppResult<()> {
        let me = actor.staff_id.ok_or(AppError::NotFound)?;
        let l = self.load_campaign_for(actor, id).await?;
        let today = self.today();
        if !l.bound(today).iter().any(|b| b.person.id == me) {
            return Err(AppError::NotFound);
        }
        check_open(&l, today)?;
        input.check().map_err(AppError::Invalid)?;
        let head = l.head()?;
        if input.text_hash.trim() != head.text_hash {
            return Err(AppError::field(
                "text_hash",
                "表示した本文が、確認を求める版と一致しません。ページを開き直してください。",
                "The text shown is not the version being acknowledged. Open the page again.",
            ));
        }
        self.record_ack(actor, &l, me, &head.text_hash, None, None)
            .await
    }

    /// Records a signed paper form for someone of a department the actor answers for,
    /// with the scan (PDF or image) attached.
    pub async fn record_paper_ack(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &PaperAckInput,
        scan: (String, Vec<u8>),
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ViewCoverage).await?;
        let l = self.load_campaign_for(actor, id).await?;
        let today = self.today();
        let number = mamori_domain::text::clean(&input.employee_number);
        let person = l
            .people
            .iter()
            .find(|p| p.employee_number == number)
            .ok_or_else(|| {
                AppError::field(
                    "employee_number",
                    format!("職員番号「{number}」の職員はいません。"),
                    format!("No staff member has the employee number \"{number}\"."),
                )
            })?;
        self.authorize(
            actor,
            Capability::RecordPaperAck {
                department: person.department_id,
            },
        )
        .await?;
        check_open(&l, today)?;
        if !l.bound(today).iter().any(|b| b.person.id == person.id) {
            return Err(AppError::field(
                "employee_number",
                format!("{} さんはこの確認の対象ではありません。", person.name),
                format!("{} is not bound by this campaign.", person.name),
            ));
        }
        let mut inv = Invalid::new();
        let signed_on = optional_date(&mut inv, "signed_on", &input.signed_on);
        match signed_on {
            None if inv.is_empty() => inv.push(FieldError::new(
                "signed_on",
                "署名した日を入力してください。",
                "Enter the day it was signed.",
            )),
            Some(d) if d > today => inv.push(FieldError::new(
                "signed_on",
                "署名日が未来の日付です。",
                "The day of signature is in the future.",
            )),
            _ => {}
        }
        let (name, bytes) = scan;
        let kind = if bytes.is_empty() {
            inv.push(FieldError::new(
                "file",
                "署名した用紙のスキャン（PDF または画像）を添付してください。",
                "Attach the scan of the signed form (PDF or image).",
            ));
            None
        } else {
            match classify(&name, &bytes) {
                Ok(k @ (EvidenceType::Pdf | EvidenceType::Png | EvidenceType::Jpeg)) => Some(k),
                Ok(_) => {
                    inv.push(FieldError::new(
                        "file",
                        "スキャンは PDF、PNG、JPEG のいずれかにしてください。",
                        "The scan must be a PDF, PNG or JPEG.",
                    ));
                    None
                }
                Err(p) => {
                    inv.push(p.at("file"));
                    None
                }
            }
        };
        let (Some(signed_on), Some(kind)) = (signed_on, kind) else {
            return Err(AppError::Invalid(inv));
        };
        if !inv.is_empty() {
            return Err(AppError::Invalid(inv));
        }
        let head = l.head()?;
        let scan = ack_scan::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            ack_id: Uuid::nil(),
            file_name: safe_file_name(&name),
            file_type: kind.code().into(),
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            sha256: sha256_hex(&bytes),
            body: bytes,
        };
        self.record_ack(
            actor,
            &l,
            person.id,
            &head.text_hash,
            Some(signed_on),
            Some(scan),
        )
        .await
    }

    /// Writes an acknowledgement (and a paper form's scan) with its audit entry;
    /// refused when the person has already acknowledged.
    async fn record_ack(
        &self,
        actor: &Actor,
        l: &Loaded,
        staff_id: Uuid,
        text_hash: &str,
        signed_on: Option<chrono::NaiveDate>,
        scan: Option<ack_scan::Model>,
    ) -> AppResult<()> {
        if l.acks.iter().any(|a| a.staff_id == staff_id) {
            return Err(already());
        }
        let m = acknowledgement::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            campaign_id: l.campaign.id,
            staff_id,
            version_id: l.campaign.version_id,
            text_hash: text_hash.to_owned(),
            method: if scan.is_some() { "paper" } else { "online" }.into(),
            signed_on,
            acknowledged_at: self.now(),
            recorded_by: actor.label.clone(),
        };
        let audited = serde_json::json!({
            "campaign": m.campaign_id,
            "staff": m.staff_id,
            "version": l.campaign.version,
            "text_hash": m.text_hash,
            "method": m.method,
            "signed_on": m.signed_on,
            "scan_sha256": scan.as_ref().map(|s| s.sha256.clone()),
        });
        let tx = self.store.begin_write().await?;
        // A second confirmation made at the same moment (a double click) finds the
        // first here, under the organization's write lock.
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let given = mamori_store::policies::acks_of(&*tx, actor.org_id, l.campaign.id).await?;
        if given.iter().any(|a| a.staff_id == staff_id) {
            return Err(already());
        }
        mamori_store::policies::insert_ack(&*tx, m.clone()).await?;
        if let Some(s) = scan {
            mamori_store::policies::insert_scan(&*tx, ack_scan::Model { ack_id: m.id, ..s })
                .await?;
        }
        self.audit_change(
            &*tx,
            actor,
            "policy_ack.give",
            ("policy_document", l.document.id),
            None,
            Some(&audited),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl App {
    /// Who a campaign binds today, with their departments (for loaders that record a
    /// season of acknowledgements at once, as the demo does).
    pub(crate) async fn ack_bound(
        &self,
        org_id: Uuid,
        id: Uuid,
    ) -> AppResult<Vec<(Uuid, Option<Uuid>)>> {
        let l = self.load_campaign(org_id, id).await?;
        Ok(l.bound(self.today())
            .iter()
            .map(|b| (b.person.id, b.person.department_id))
            .collect())
    }

    /// Records acknowledgements given on screen at the moments listed, in one
    /// transaction with one audit entry that counts them.
    pub(crate) async fn record_acks_at_once(
        &self,
        actor: &Actor,
        id: Uuid,
        given: &[(Uuid, chrono::DateTime<chrono::Utc>)],
    ) -> AppResult<()> {
        let l = self.load_campaign(actor.org_id, id).await?;
        let head = l.head()?;
        let rows: Vec<acknowledgement::Model> = given
            .iter()
            .filter(|(s, _)| !l.acks.iter().any(|a| a.staff_id == *s))
            .map(|(staff_id, at)| acknowledgement::Model {
                id: self.new_id(),
                org_id: actor.org_id,
                campaign_id: id,
                staff_id: *staff_id,
                version_id: head.id,
                text_hash: head.text_hash.clone(),
                method: "online".into(),
                signed_on: None,
                acknowledged_at: *at,
                recorded_by: actor.label.clone(),
            })
            .collect();
        let audited = serde_json::json!({
            "campaign": id,
            "version": l.campaign.version,
            "text_hash": head.text_hash,
            "acknowledgements": rows.len(),
        });
        let tx = self.store.begin_write().await?;
        mamori_store::policies::insert_acks(&*tx, rows).await?;
        self.audit_change(
            &*tx,
            actor,
            "policy_ack.load",
            ("policy_document", l.document.id),
            None,
            Some(&audited),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
