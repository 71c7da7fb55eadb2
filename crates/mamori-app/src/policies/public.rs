//! The public page (`/public/{org-code}/policy`): the published documents in force,
//! for anyone, without signing in. Only documents disclosed as 公開 appear, only at
//! approved versions, and without who drafted or approved them (staff logins are not
//! public); a draft, a version in review and every other document do not exist here.

use mamori_domain::policy::{Disclosure, Status, Tier};
use mamori_store::policies::VersionHead;

use super::row::{disclosure_of, document_summary, tier_of, version_summary};
use super::view::{DocumentSummary, PublicPolicy, VersionSummary};
use crate::{App, AppError, AppResult};

fn public_summary(mut v: VersionSummary) -> VersionSummary {
    v.created_by.clear();
    v.approved_by = None;
    v
}

/// The versions that have been approved (in force, superseded, or for a later day),
/// newest first.
fn approved_history(heads: &[VersionHead], today: chrono::NaiveDate) -> Vec<VersionSummary> {
    let mut out: Vec<VersionSummary> = heads
        .iter()
        .map(|h| version_summary(h, heads, today))
        .filter(|v| {
            matches!(
                v.status,
                Status::InForce | Status::Superseded | Status::Scheduled
            )
        })
        .collect();
    out.reverse();
    out
}

fn public_document(mut d: DocumentSummary) -> DocumentSummary {
    // The document's own title follows its newest draft; the public reads the one
    // in force.
    if let Some(v) = &d.in_force {
        d.title = v.title.clone();
    }
    d.pending = None;
    d.in_force = d.in_force.map(public_summary);
    d
}

impl App {
    /// What the public page shows for the organization with local government code
    /// `org_code`: the document numbered `number` (by default its basic policy) at
    /// `version` (by default the one in force). Anything else is not found.
    pub async fn public_policy(
        &self,
        org_code: &str,
        number: Option<i32>,
        version: Option<i32>,
    ) -> AppResult<PublicPolicy> {
        let conn = self.store.conn();
        let org = mamori_store::orgs::by_code(conn, org_code.trim())
            .await?
            .ok_or(AppError::NotFound)?;
        let depts = self.dept_tree(org.id).await?;
        let today = self.today();
        let docs = mamori_store::policies::documents(conn, org.id).await?;
        let heads = mamori_store::policies::version_heads(conn, org.id, None).await?;
        let mut published = Vec::new();
        for d in docs
            .into_iter()
            .filter(|d| disclosure_of(d) == Disclosure::Public)
        {
            let own: Vec<VersionHead> = heads
                .iter()
                .filter(|h| h.document_id == d.id)
                .cloned()
                .collect();
            let summary = document_summary(&d, &own, &depts, today);
            if summary.in_force.is_some() {
                published.push((d, own, summary));
            }
        }
        let pick = match number {
            Some(n) => published.iter().find(|(d, _, _)| d.number == n),
            None => published
                .iter()
                .find(|(d, _, _)| tier_of(d) == Tier::Basic)
                .or(published.first()),
        };
        let (d, own, summary) = pick.ok_or(AppError::NotFound)?;
        let history: Vec<VersionSummary> = approved_history(own, today)
            .into_iter()
            .map(public_summary)
            .collect();
        let wanted = match version {
            Some(n) => n,
            None => summary
                .in_force
                .as_ref()
                .map(|v| v.version)
                .ok_or(AppError::NotFound)?,
        };
        if !history.iter().any(|v| v.version == wanted) {
            return Err(AppError::NotFound);
        }
        let mut shown = self.version_view(d, own, wanted, &depts).await?;
        shown.document = public_document(shown.document);
        shown.version = public_summary(shown.version);
        // Originals are for staff; the public page is the text itself.
        shown.attachments.clear();
        Ok(PublicPolicy {
            org_name: org.name.clone(),
            org_code: org.code.clone(),
            documents: published
                .into_iter()
                .map(|(_, _, s)| public_document(s))
                .collect(),
            shown,
            history,
        })
    }
}

impl App {
    /// A document as the public page would print it, for one who may read it (the
    /// command line exports documents that are not public this way): `number` at
    /// `version`, by default the version in force; with its approved versions.
    pub async fn policy_for_export(
        &self,
        actor: &crate::authz::Actor,
        number: i32,
        version: Option<i32>,
    ) -> AppResult<PublicPolicy> {
        let conn = self.store.conn();
        let reader = self.policy_reader(actor).await?;
        let d = mamori_store::policies::document_by_number(conn, actor.org_id, number)
            .await?
            .ok_or(AppError::NotFound)?;
        let (d, heads) = self.readable_document(&reader, d.id).await?;
        let org = mamori_store::orgs::get(conn, actor.org_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let today = self.today();
        let summary = document_summary(&d, &heads, &reader.depts, today);
        let history = approved_history(&heads, today);
        let wanted = version
            .or(summary.in_force.as_ref().map(|v| v.version))
            .or(history.first().map(|v| v.version))
            .ok_or(AppError::NotFound)?;
        // Only what the committee approved leaves as a document.
        if !history.iter().any(|v| v.version == wanted) {
            return Err(AppError::NotFound);
        }
        let shown = self.version_view(&d, &heads, wanted, &reader.depts).await?;
        Ok(PublicPolicy {
            org_name: org.name,
            org_code: org.code,
            documents: vec![summary],
            shown,
            history,
        })
    }
}
