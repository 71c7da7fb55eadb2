//! Reading policy documents: the register, a document with its versions, a version's
//! text, the difference between two versions, an attached original. A document the
//! reader may not read is not found.

use mamori_domain::evidence::EvidenceType;
use mamori_domain::policy::diff::{Change, diff_sections};
use mamori_domain::policy::sections::Section;
use mamori_domain::policy::{Disclosure, VersionState};
use mamori_store::entity::{policy_document, policy_section};
use mamori_store::policies::VersionHead;
use uuid::Uuid;

use super::row::{
    attachment_view, disclosure_of, document_summary, head_of, section_view, state_of, tier_of,
    version_summary,
};
use super::view::{DiffView, DocumentSummary, DocumentView, VersionView};
use crate::authz::{Actor, Capability};
use crate::controls::evidence::EvidenceFile;
use crate::departments::DeptIndex;
use crate::{App, AppError, AppResult};

/// Who is reading: the actor, and the department tree with their own department (for
/// documents kept for those concerned).
pub(super) struct Reader<'a> {
    pub actor: &'a Actor,
    pub depts: DeptIndex,
    pub own_department: Option<Uuid>,
}

impl Reader<'_> {
    pub fn may_read(&self, d: &policy_document::Model) -> bool {
        // Contractors' staff are bound by what is published and what their contract
        // hands them, not by the city's internal rules.
        if self.actor.is_contractor && disclosure_of(d) != Disclosure::Public {
            return false;
        }
        let restricted = disclosure_of(d) == Disclosure::Restricted;
        let member = restricted
            && match (d.department_id, self.own_department) {
                (Some(doc), Some(own)) => own == doc || self.depts.subtree(doc).contains(&own),
                _ => false,
            };
        self.actor.can(Capability::ReadPolicy {
            restricted,
            department: d.department_id,
            member,
        })
    }

    pub fn may_edit(&self, d: &policy_document::Model) -> bool {
        self.actor.can(edit_capability(d))
    }

    /// Drafts and versions in review are for those who write, approve or audit the
    /// document; everyone else reads what the committee approved.
    pub fn may_see_drafts(&self, d: &policy_document::Model) -> bool {
        self.may_edit(d)
            || self.actor.can(Capability::ApprovePolicy)
            || self.actor.has_role(mamori_domain::Role::Auditor)
    }

    /// The versions of `d` this reader sees, of `heads` (its own).
    pub fn visible(&self, d: &policy_document::Model, heads: Vec<VersionHead>) -> Vec<VersionHead> {
        if self.may_see_drafts(d) {
            return heads;
        }
        heads
            .into_iter()
            .filter(|h| state_of(h) == VersionState::Approved)
            .collect()
    }
}

/// What editing a document takes: a procedure may be edited by its own department.
pub(super) fn edit_capability(d: &policy_document::Model) -> Capability {
    Capability::EditPolicy {
        procedure: tier_of(d) == mamori_domain::policy::Tier::Procedure,
        department: d.department_id,
    }
}

/// The number the diff gives the text before the first heading (no section has it:
/// numbers start at 1).
const PREAMBLE: &str = "0";

fn to_sections(rows: Vec<policy_section::Model>) -> Vec<Section> {
    rows.into_iter()
        .map(|r| Section {
            number: r.number,
            depth: u8::try_from(r.depth).unwrap_or(1),
            heading: r.heading,
            body: r.body,
        })
        .collect()
}

impl App {
    pub(super) async fn policy_reader<'a>(&self, actor: &'a Actor) -> AppResult<Reader<'a>> {
        let depts = self.dept_tree(actor.org_id).await?;
        let own_department = match actor.staff_id {
            Some(id) => mamori_store::staff::get(self.store.conn(), actor.org_id, id)
                .await?
                .and_then(|s| s.department_id),
            None => None,
        };
        Ok(Reader {
            actor,
            depts,
            own_department,
        })
    }

    /// A document the reader may read, with its versions' heads; otherwise not found.
    pub(super) async fn readable_document(
        &self,
        reader: &Reader<'_>,
        id: Uuid,
    ) -> AppResult<(policy_document::Model, Vec<VersionHead>)> {
        let conn = self.store.conn();
        let d = mamori_store::policies::get_document(conn, reader.actor.org_id, id)
            .await?
            .filter(|d| reader.may_read(d))
            .ok_or(AppError::NotFound)?;
        let all =
            mamori_store::policies::version_heads(conn, reader.actor.org_id, Some(id)).await?;
        let heads = reader.visible(&d, all);
        // A document still in its first drafting is not there yet for its readers.
        if heads.is_empty() {
            return Err(AppError::NotFound);
        }
        Ok((d, heads))
    }

    /// The documents the reader may read, by number.
    pub async fn policy_documents(&self, actor: &Actor) -> AppResult<Vec<DocumentSummary>> {
        let reader = self.policy_reader(actor).await?;
        let conn = self.store.conn();
        let docs = mamori_store::policies::documents(conn, actor.org_id).await?;
        let heads = mamori_store::policies::version_heads(conn, actor.org_id, None).await?;
        let today = self.today();
        Ok(docs
            .iter()
            .filter(|d| reader.may_read(d))
            .filter_map(|d| {
                let own: Vec<VersionHead> = heads
                    .iter()
                    .filter(|h| h.document_id == d.id)
                    .cloned()
                    .collect();
                let own = reader.visible(d, own);
                (!own.is_empty()).then(|| document_summary(d, &own, &reader.depts, today))
            })
            .collect())
    }

    /// Whether the "new document" form is offered.
    pub fn may_create_policies(&self, actor: &Actor) -> bool {
        actor.can(Capability::CreatePolicies)
    }

    /// A document with its versions, newest first.
    pub async fn policy_document(&self, actor: &Actor, id: Uuid) -> AppResult<DocumentView> {
        let reader = self.policy_reader(actor).await?;
        let (d, heads) = self.readable_document(&reader, id).await?;
        let today = self.today();
        let mut versions: Vec<_> = heads
            .iter()
            .map(|h| version_summary(h, &heads, today))
            .collect();
        versions.reverse();
        Ok(DocumentView {
            summary: document_summary(&d, &heads, &reader.depts, today),
            governs: super::input::governed(&d.governs),
            versions,
            may_edit: reader.may_edit(&d),
            may_approve: actor.can(Capability::ApprovePolicy),
        })
    }

    /// One version of a document with its text, sections and originals.
    pub async fn policy_version(
        &self,
        actor: &Actor,
        id: Uuid,
        version: i32,
    ) -> AppResult<VersionView> {
        let reader = self.policy_reader(actor).await?;
        let (d, heads) = self.readable_document(&reader, id).await?;
        let may_edit = reader.may_edit(&d);
        let mut view = self
            .version_view(&d, &heads, version, &reader.depts)
            .await?;
        let state = heads
            .iter()
            .find(|h| h.version == version)
            .map(state_of)
            .unwrap_or(VersionState::Approved);
        view.editor = may_edit;
        view.may_edit = may_edit && state == VersionState::Draft;
        view.may_approve = state == VersionState::Review && actor.can(Capability::ApprovePolicy);
        Ok(view)
    }

    /// A draft to edit: refused to those who may not edit the document, and for a
    /// version that is no longer a draft.
    pub async fn policy_draft(
        &self,
        actor: &Actor,
        id: Uuid,
        version: i32,
    ) -> AppResult<VersionView> {
        let reader = self.policy_reader(actor).await?;
        let (d, heads) = self.readable_document(&reader, id).await?;
        self.authorize(actor, edit_capability(&d)).await?;
        let view = self
            .version_view(&d, &heads, version, &reader.depts)
            .await?;
        if view.version.status != mamori_domain::policy::Status::Draft {
            return Err(AppError::field(
                "body",
                "起案中の版だけが編集できます。",
                "Only a draft can be edited.",
            ));
        }
        Ok(VersionView {
            editor: true,
            may_edit: true,
            ..view
        })
    }

    /// A version's page as anyone may see it (no edit rights): shared with the
    /// public page.
    pub(super) async fn version_view(
        &self,
        d: &policy_document::Model,
        heads: &[VersionHead],
        version: i32,
        depts: &DeptIndex,
    ) -> AppResult<VersionView> {
        if !heads.iter().any(|h| h.version == version) {
            return Err(AppError::NotFound);
        }
        let conn = self.store.conn();
        let v = mamori_store::policies::get_version(conn, d.org_id, d.id, version)
            .await?
            .ok_or(AppError::NotFound)?;
        let sections = mamori_store::policies::sections(conn, d.org_id, v.id).await?;
        let attachments = mamori_store::policies::attachments(conn, d.org_id, v.id).await?;
        let today = self.today();
        let preamble = mamori_domain::policy::sections::split(&v.body)
            .map(|s| s.preamble)
            .unwrap_or_default();
        Ok(VersionView {
            document: document_summary(d, heads, depts, today),
            version: version_summary(&head_of(&v), heads, today),
            preamble_html: mamori_domain::policy::markdown::render(&preamble),
            sections: sections.iter().map(section_view).collect(),
            body: v.body,
            attachments: attachments.iter().map(attachment_view).collect(),
            editor: false,
            may_edit: false,
            may_approve: false,
        })
    }

    /// The difference between two versions of a document, section by section.
    pub async fn policy_diff(
        &self,
        actor: &Actor,
        id: Uuid,
        from: i32,
        to: i32,
    ) -> AppResult<DiffView> {
        let reader = self.policy_reader(actor).await?;
        let (d, heads) = self.readable_document(&reader, id).await?;
        let conn = self.store.conn();
        let mut sides = Vec::with_capacity(2);
        for n in [from, to] {
            let head = heads
                .iter()
                .find(|h| h.version == n)
                .ok_or(AppError::NotFound)?;
            let rows = mamori_store::policies::sections(conn, actor.org_id, head.id).await?;
            let body = mamori_store::policies::get_version(conn, actor.org_id, id, n)
                .await?
                .map(|v| v.body)
                .unwrap_or_default();
            let preamble = mamori_domain::policy::sections::split(&body)
                .map(|s| s.preamble)
                .unwrap_or_default();
            sides.push((head, preamble, to_sections(rows)));
        }
        // The text before the first heading (a preface, the dates of enactment) is
        // compared too, as a section "0" ahead of the others, when either has one.
        if sides.iter().any(|(_, p, _)| !p.is_empty()) {
            for (_, preamble, sections) in &mut sides {
                sections.insert(
                    0,
                    Section {
                        number: PREAMBLE.into(),
                        depth: 1,
                        heading: String::new(),
                        body: std::mem::take(preamble),
                    },
                );
            }
        }
        let today = self.today();
        // Two very different texts must still answer promptly: past the deadline the
        // rest is shown as replaced.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
        let sections = diff_sections(&sides[0].2, &sides[1].2, Some(deadline));
        let count = |c: Change| sections.iter().filter(|s| s.change == c).count();
        Ok(DiffView {
            document: document_summary(&d, &heads, &reader.depts, today),
            from: version_summary(sides[0].0, &heads, today),
            to: version_summary(sides[1].0, &heads, today),
            changed: count(Change::Changed),
            added: count(Change::Added),
            removed: count(Change::Removed),
            sections,
        })
    }

    /// An original attached to a version of a document the reader may read.
    pub async fn policy_attachment(
        &self,
        actor: &Actor,
        id: Uuid,
        attachment: Uuid,
    ) -> AppResult<EvidenceFile> {
        let reader = self.policy_reader(actor).await?;
        let (_, heads) = self.readable_document(&reader, id).await?;
        let a = mamori_store::policies::attachment(self.store.conn(), actor.org_id, attachment)
            .await?
            .filter(|a| heads.iter().any(|h| h.id == a.version_id))
            .ok_or(AppError::NotFound)?;
        let file_type = EvidenceType::from_code(&a.file_type).ok_or(AppError::NotFound)?;
        Ok(EvidenceFile {
            file_name: a.file_name,
            file_type,
            sha256: a.sha256,
            body: a.body,
        })
    }
}
