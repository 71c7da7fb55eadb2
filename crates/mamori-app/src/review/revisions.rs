//! Review (見直し): an audit's finding, an incident's lessons or a law's amendment opens
//! a revision of a policy document. The revision joins the version being prepared, or
//! opens the next draft, in the same write; the policy's page shows what led to it and
//! the finding's, incident's or law's page shows the revision, so the loop evaluation
//! → review → approval can be followed from either end.

use chrono::{DateTime, Utc};
use mamori_domain::review::revision::{self as rules, Trigger};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::policy_revision;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::media::Named;
use crate::{App, AppError, AppResult};

/// A revision to open, from a form or the API.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct RevisionInput {
    /// The policy document to revise.
    pub document: Option<Uuid>,
    /// The section concerned (`第5章 物理的セキュリティ`); empty for the whole.
    pub section: String,
    /// `finding`, `incident` or `law_amendment`.
    pub trigger: String,
    /// The finding, incident or amendment.
    pub source: Option<Uuid>,
    /// What should change, and why.
    pub reason: String,
}

/// A revision and what led to it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevisionView {
    pub id: Uuid,
    /// The document (its title as `name`).
    pub document: Named,
    /// The version it joined or opened.
    pub version: i32,
    pub section: String,
    #[schema(value_type = String)]
    pub trigger: Trigger,
    pub source_id: Uuid,
    /// The record's number and name as they stood.
    pub source_label: String,
    /// Where the record is shown.
    pub source_href: String,
    pub reason: String,
    pub opened_by: String,
    pub opened_at: DateTime<Utc>,
}

fn view(m: policy_revision::Model, title: String) -> RevisionView {
    let trigger = Trigger::from_code(&m.trigger).unwrap_or(Trigger::Finding);
    RevisionView {
        document: Named {
            id: m.document_id,
            code: String::new(),
            name: title,
        },
        source_href: match (trigger, m.source_parent) {
            (Trigger::Finding, Some(audit)) => format!("/audits/{audit}"),
            (Trigger::LawAmendment, Some(law)) => format!("/laws/{law}"),
            _ => format!("/incidents/{}", m.source_id),
        },
        id: m.id,
        version: m.version,
        section: m.section,
        trigger,
        source_id: m.source_id,
        source_label: m.source_label,
        reason: m.reason,
        opened_by: m.opened_by,
        opened_at: m.opened_at,
    }
}

fn no_source(trigger: Trigger) -> AppError {
    AppError::field(
        "source",
        format!("見直しの契機となる{}が見つかりません。", trigger.label_ja()),
        format!("There is no such {}.", trigger.label_en().to_lowercase()),
    )
}

impl App {
    /// The record that leads to a revision, as the actor may read it: its name, and
    /// the record it sits in (a finding's audit, an amendment's law).
    async fn revision_source(
        &self,
        actor: &Actor,
        trigger: Trigger,
        id: Uuid,
    ) -> AppResult<(String, Option<Uuid>)> {
        let conn = self.store.conn();
        let org = actor.org_id;
        match trigger {
            Trigger::Finding => {
                self.authorize(actor, Capability::ViewAudits).await?;
                let f = mamori_store::review::audits::get_finding(conn, org, id)
                    .await?
                    .ok_or_else(|| no_source(trigger))?;
                let a = mamori_store::review::audits::get(conn, org, f.audit_id)
                    .await?
                    .ok_or_else(|| no_source(trigger))?;
                Ok((
                    format!("{}-{:02} {}", a.number, f.seq, f.criterion),
                    Some(a.id),
                ))
            }
            Trigger::Incident => {
                let i = self
                    .readable_incident(actor, id)
                    .await
                    .map_err(|e| match e {
                        AppError::NotFound => no_source(trigger),
                        e => e,
                    })?;
                Ok((format!("{} {}", i.number, i.title), None))
            }
            Trigger::LawAmendment => {
                self.authorize(actor, Capability::ViewLaws).await?;
                let a = mamori_store::compliance::laws::amendments(conn, org, None)
                    .await?
                    .into_iter()
                    .find(|a| a.id == id)
                    .ok_or_else(|| no_source(trigger))?;
                let law = mamori_store::compliance::laws::get(conn, org, a.law_id)
                    .await?
                    .map(|l| l.title)
                    .unwrap_or_default();
                Ok((
                    format!("{law} {}（{}）", a.reference, a.promulgated_on),
                    Some(a.law_id),
                ))
            }
        }
    }

    /// Opens a revision of a policy document from what led to it: it joins the version
    /// being prepared (a draft, or in review), or opens the next draft from the latest
    /// version, in the same write. The actor edits the document and reads the record.
    pub async fn open_policy_revision(
        &self,
        actor: &Actor,
        input: &RevisionInput,
    ) -> AppResult<RevisionView> {
        let mut inv = Invalid::new();
        let trigger = inv.check("trigger", Trigger::parse(&input.trigger));
        let reason = inv.check("reason", rules::check_reason(&input.reason));
        let section = inv.check("section", rules::check_section(&input.section));
        if input.document.is_none() {
            inv.push(FieldError::new(
                "document",
                "見直す規程を選んでください。",
                "Choose the policy document to revise.",
            ));
        }
        if input.source.is_none() {
            inv.push(FieldError::new(
                "source",
                "見直しの契機となった記録を選んでください。",
                "Choose the record that led to the review.",
            ));
        }
        inv.into_result()?;
        let (Some(trigger), Some(reason), Some(section), Some(document), Some(source)) =
            (trigger, reason, section, input.document, input.source)
        else {
            return Err(AppError::Internal("checked above".into()));
        };
        let (label, parent) = self.revision_source(actor, trigger, source).await?;
        let title = self
            .policy_document(actor, document)
            .await
            .map_err(|e| match e {
                AppError::NotFound => AppError::field(
                    "document",
                    "見直す規程が見つかりません。",
                    "There is no such policy document.",
                ),
                e => e,
            })?
            .summary
            .title;
        self.may_edit_policy(actor, document).await?;
        let tx = self.store.begin_write().await?;
        let version = self.new_draft_in(&*tx, actor, document, true).await?;
        let m = policy_revision::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            document_id: document,
            version,
            section,
            trigger: trigger.code().into(),
            source_id: source,
            source_parent: parent,
            source_label: label,
            reason,
            opened_by: actor.label.clone(),
            opened_at: self.now(),
        };
        mamori_store::review::revisions::insert(&*tx, m.clone()).await?;
        let after = serde_json::json!({
            "version": m.version, "section": m.section, "trigger": m.trigger,
            "source": m.source_id, "source_label": m.source_label, "reason": m.reason,
        });
        self.audit_change(
            &*tx,
            actor,
            "policy_revision.open",
            ("policy_document", document),
            None,
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(view(m, title))
    }

    /// A document's revisions, to those who read the document.
    pub async fn policy_revisions(
        &self,
        actor: &Actor,
        document: Uuid,
    ) -> AppResult<Vec<RevisionView>> {
        let title = self.policy_document(actor, document).await?.summary.title;
        Ok(
            mamori_store::review::revisions::of_document(self.store.conn(), actor.org_id, document)
                .await?
                .into_iter()
                .map(|m| view(m, title.clone()))
                .collect(),
        )
    }

    /// The revisions a finding, incident or amendment led to, of the documents the
    /// actor may read.
    pub async fn revisions_from(
        &self,
        actor: &Actor,
        source: Uuid,
    ) -> AppResult<Vec<RevisionView>> {
        let rows =
            mamori_store::review::revisions::of_source(self.store.conn(), actor.org_id, source)
                .await?;
        let mut out = Vec::new();
        for m in rows {
            match self.policy_document(actor, m.document_id).await {
                Ok(d) => out.push(view(m, d.summary.title)),
                Err(AppError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }
}
