//! Writing policy documents: starting one, its settings, drafting a version, moving it
//! through review to the committee's approval, discarding a draft, and attaching the
//! originals. A version's text changes only while it is a draft; an approved version
//! is never changed again, so what people acknowledged stays what they read.

use mamori_domain::evidence::{classify, safe_file_name, sha256_hex};
use mamori_domain::policy::{Move, VersionState, text_hash};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{policy_attachment, policy_document, policy_version};
use mamori_store::policies::VersionHead;
use uuid::Uuid;

use super::input::{DocumentInput, DraftInput, check_draft, is_applied_number};
use super::reads::{Reader, edit_capability};
use super::row::{audited_document, audited_version, head_of, section_rows, state_of};
use super::view::AttachmentView;
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

fn changed_meanwhile() -> AppError {
    AppError::Conflict(mamori_domain::Problem::new(
        "この版は、開いている間に他の人が変更しました。開き直してから操作してください。",
        "Someone else changed this version while it was open. Open it again first.",
    ))
}

/// Inside a write transaction: takes the organization's write lock (PostgreSQL; on
/// SQLite the writer is already held) and reads the version again, refusing when it
/// is no longer as it was read — a submit, an approval or another save came between.
async fn recheck_version<C: mamori_store::Conn>(
    tx: &C,
    seen: &policy_version::Model,
) -> AppResult<()> {
    mamori_store::audit::lock_org_writes(tx, seen.org_id).await?;
    let now = mamori_store::policies::get_version(tx, seen.org_id, seen.document_id, seen.version)
        .await?;
    if now.as_ref() != Some(seen) {
        return Err(changed_meanwhile());
    }
    Ok(())
}

impl App {
    /// Writes a changed version (and, with `sections`, its new text) with its audit
    /// entry, after rechecking under the lock that it is still as it was read.
    pub(super) async fn write_version(
        &self,
        actor: &Actor,
        action: &str,
        (before, after): (&policy_version::Model, &policy_version::Model),
        sections: Option<Vec<mamori_store::entity::policy_section::Model>>,
        document: Option<policy_document::Model>,
    ) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        self.write_version_in(&*tx, actor, action, (before, after), sections, document)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// [`Self::write_version`] inside a transaction another write holds (a committee
    /// decision approving the version).
    pub(crate) async fn write_version_in<C: mamori_store::Conn>(
        &self,
        tx: &C,
        actor: &Actor,
        action: &str,
        (before, after): (&policy_version::Model, &policy_version::Model),
        sections: Option<Vec<mamori_store::entity::policy_section::Model>>,
        document: Option<policy_document::Model>,
    ) -> AppResult<()> {
        recheck_version(tx, before).await?;
        mamori_store::policies::update_version(tx, after.clone(), sections).await?;
        if let Some(d) = document {
            mamori_store::policies::update_document(tx, d).await?;
        }
        self.audit_change(
            tx,
            actor,
            action,
            ("policy_document", after.document_id),
            Some(&audited_version(&head_of(before))),
            Some(&audited_version(&head_of(after))),
        )
        .await?;
        Ok(())
    }
}

impl App {
    /// Checks the governed-control references: catalog controls that exist, applied
    /// controls by their number. Returns them one per line, as stored.
    async fn check_governs(
        &self,
        org_id: Uuid,
        given: &[String],
        inv: &mut Invalid,
    ) -> AppResult<String> {
        let (applied, catalog): (Vec<String>, Vec<String>) =
            given.iter().cloned().partition(|r| is_applied_number(r));
        let mut out: Vec<String> = self
            .check_catalog_refs(org_id, "governs", &catalog, inv)
            .await
            .into_iter()
            .map(|(c, k)| format!("{c}:{k}"))
            .collect();
        for r in applied {
            let number = r.to_ascii_uppercase();
            match mamori_store::controls::applied_by_number(self.store.conn(), org_id, &number)
                .await?
            {
                Some(_) => out.push(number),
                None => inv.push(FieldError::new(
                    "governs",
                    format!("管理策 {number} はありません。"),
                    format!("There is no applied control {number}."),
                )),
            }
        }
        out.dedup();
        Ok(out.join("\n"))
    }

    /// A document the actor may read and edit (read first: one they may not read is
    /// not found, not forbidden).
    async fn editable_document(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> AppResult<(policy_document::Model, Vec<VersionHead>)> {
        let reader = self.policy_reader(actor).await?;
        let (d, heads) = self.readable_document(&reader, id).await?;
        self.authorize(actor, edit_capability(&d)).await?;
        Ok((d, heads))
    }

    /// Starts a document with its first draft; returns its id.
    pub async fn create_policy_document(
        &self,
        actor: &Actor,
        input: &DocumentInput,
    ) -> AppResult<Uuid> {
        self.authorize(actor, Capability::CreatePolicies).await?;
        let depts = self.dept_tree(actor.org_id).await?;
        let mut inv = Invalid::new();
        let checked = input.check(&depts, &mut inv);
        let governs = match &checked {
            Some(c) => {
                self.check_governs(actor.org_id, &c.governs, &mut inv)
                    .await?
            }
            None => String::new(),
        };
        let draft = check_draft(&input.title, &input.body, "");
        let (checked, draft) = match (checked, draft) {
            (Some(c), Ok(d)) if inv.is_empty() => (c, d),
            (_, d) => {
                if let Err(more) = d {
                    inv.0
                        .extend(more.0.into_iter().filter(|e| e.field != "title"));
                }
                return Err(AppError::Invalid(inv));
            }
        };
        let now = self.now();
        let mut doc = policy_document::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            number: 0,
            tier: checked.tier.code().into(),
            title: checked.title,
            disclosure: checked.disclosure.code().into(),
            department_id: checked.department_id,
            governs,
            created_at: now,
            updated_at: now,
        };
        if !actor.can(edit_capability(&doc)) {
            return Err(self.deny(actor, edit_capability(&doc)).await);
        }
        let v = policy_version::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            document_id: doc.id,
            version: 1,
            state: VersionState::Draft.code().into(),
            title: draft.title.clone(),
            text_hash: text_hash(&draft.title, &draft.split.canonical),
            body: draft.split.canonical.clone(),
            note: String::new(),
            meeting: String::new(),
            decided_on: None,
            decision_no: String::new(),
            effective_on: None,
            created_by: actor.label.clone(),
            approved_by: None,
            created_at: now,
            updated_at: now,
        };
        let sections = section_rows(actor.org_id, v.id, &draft.split, || self.new_id());
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        doc.number = mamori_store::policies::next_document_number(&*tx, actor.org_id).await?;
        mamori_store::policies::insert_document(&*tx, doc.clone()).await?;
        mamori_store::policies::insert_version(&*tx, v.clone(), sections).await?;
        self.audit_change(
            &*tx,
            actor,
            "policy.create",
            ("policy_document", doc.id),
            None,
            Some(&audited_document(&doc)),
        )
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "policy_version.create",
            ("policy_document", doc.id),
            None,
            Some(&audited_version(&head_of(&v))),
        )
        .await?;
        tx.commit().await?;
        Ok(doc.id)
    }

    /// Changes a document's tier, disclosure, department and governed controls (its
    /// title follows its versions).
    pub async fn update_policy_document(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &DocumentInput,
    ) -> AppResult<()> {
        let (before, _) = self.editable_document(actor, id).await?;
        let depts = self.dept_tree(actor.org_id).await?;
        let mut inv = Invalid::new();
        let given = DocumentInput {
            title: before.title.clone(),
            ..input.clone()
        };
        let checked = given.check(&depts, &mut inv);
        let governs = match &checked {
            Some(c) => {
                self.check_governs(actor.org_id, &c.governs, &mut inv)
                    .await?
            }
            None => String::new(),
        };
        let Some(c) = checked.filter(|_| inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let after = policy_document::Model {
            tier: c.tier.code().into(),
            disclosure: c.disclosure.code().into(),
            department_id: c.department_id,
            governs,
            updated_at: self.now(),
            ..before.clone()
        };
        // Moving a document must not take it out of the editor's own reach.
        if !actor.can(edit_capability(&after)) {
            return Err(self.deny(actor, edit_capability(&after)).await);
        }
        let tx = self.store.begin_write().await?;
        mamori_store::policies::update_document(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "policy.update",
            ("policy_document", id),
            Some(&audited_document(&before)),
            Some(&audited_document(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Starts the next version as a draft, from the newest version's text. Refused
    /// while a draft or a version in review is open.
    pub async fn new_policy_draft(&self, actor: &Actor, id: Uuid) -> AppResult<i32> {
        self.may_edit_policy(actor, id).await?;
        let tx = self.store.begin_write().await?;
        let n = self.new_draft_in(&*tx, actor, id, false).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Refuses (recording the refusal) an actor who may not edit the document. Called
    /// before a write that drafts in its own transaction: recording a refusal is a
    /// write of its own, which must not wait on the caller's.
    pub(crate) async fn may_edit_policy(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        self.editable_document(actor, id).await.map(|_| ())
    }

    /// Inside a write: a new draft of the document from its latest version. The caller
    /// has checked [`Self::may_edit_policy`]. With
    /// `reuse_open`, a version still open (a draft, or in review) is the one returned
    /// rather than refused (a revision joins the version being prepared). Returns the
    /// version's number.
    pub(crate) async fn new_draft_in<C: mamori_store::Conn>(
        &self,
        tx: &C,
        actor: &Actor,
        id: Uuid,
        reuse_open: bool,
    ) -> AppResult<i32> {
        let (d, heads) = self.editable_document(actor, id).await?;
        if let Some(open) = heads.iter().find(|h| state_of(h) != VersionState::Approved) {
            if reuse_open {
                return Ok(open.version);
            }
            return Err(AppError::field(
                "version",
                format!(
                    "第{}版がまだ{}です。その版を使ってください。",
                    open.version,
                    state_of(open).label_ja()
                ),
                format!(
                    "Version {} is still {}; work on that one.",
                    open.version,
                    state_of(open).label_en().to_lowercase()
                ),
            ));
        }
        let last = heads.last().ok_or(AppError::NotFound)?;
        let from =
            mamori_store::policies::get_version(self.store.conn(), actor.org_id, id, last.version)
                .await?
                .ok_or(AppError::NotFound)?;
        let draft = check_draft(&from.title, &from.body, "").map_err(AppError::Invalid)?;
        let now = self.now();
        let v = policy_version::Model {
            id: self.new_id(),
            version: last.version + 1,
            state: VersionState::Draft.code().into(),
            note: String::new(),
            meeting: String::new(),
            decided_on: None,
            decision_no: String::new(),
            effective_on: None,
            created_by: actor.label.clone(),
            approved_by: None,
            created_at: now,
            updated_at: now,
            ..from
        };
        let sections = section_rows(actor.org_id, v.id, &draft.split, || self.new_id());
        mamori_store::audit::lock_org_writes(tx, actor.org_id).await?;
        let now = mamori_store::policies::version_heads(tx, actor.org_id, Some(id)).await?;
        if now.len() != heads.len() || now.last().map(|h| h.version) != Some(last.version) {
            return Err(changed_meanwhile());
        }
        mamori_store::policies::insert_version(tx, v.clone(), sections).await?;
        self.audit_change(
            tx,
            actor,
            "policy_version.create",
            ("policy_document", d.id),
            None,
            Some(&audited_version(&head_of(&v))),
        )
        .await?;
        Ok(v.version)
    }

    /// A version of a document the actor may edit, in `state`.
    async fn version_in(
        &self,
        actor: &Actor,
        id: Uuid,
        version: i32,
    ) -> AppResult<(
        policy_document::Model,
        Vec<VersionHead>,
        policy_version::Model,
    )> {
        let (d, heads) = self.editable_document(actor, id).await?;
        let v = mamori_store::policies::get_version(self.store.conn(), actor.org_id, id, version)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((d, heads, v))
    }

    /// Saves a draft's title, text and note.
    pub async fn save_policy_draft(
        &self,
        actor: &Actor,
        id: Uuid,
        version: i32,
        input: &DraftInput,
    ) -> AppResult<()> {
        let (mut d, _, before) = self.version_in(actor, id, version).await?;
        if before.state != VersionState::Draft.code() {
            return Err(AppError::field(
                "body",
                "起案中の版だけが編集できます。",
                "Only a draft can be edited.",
            ));
        }
        let draft =
            check_draft(&input.title, &input.body, &input.note).map_err(AppError::Invalid)?;
        let after = policy_version::Model {
            title: draft.title.clone(),
            text_hash: text_hash(&draft.title, &draft.split.canonical),
            body: draft.split.canonical.clone(),
            note: draft.note.clone(),
            updated_at: self.now(),
            ..before.clone()
        };
        let sections = section_rows(actor.org_id, after.id, &draft.split, || self.new_id());
        // The document's own title follows its newest draft.
        let retitled = (d.title != after.title).then(|| {
            d.title = after.title.clone();
            d.updated_at = after.updated_at;
            d.clone()
        });
        self.write_version(
            actor,
            "policy_version.edit",
            (&before, &after),
            Some(sections),
            retitled,
        )
        .await
    }

    /// Submits a draft for review, or returns a version in review to draft (the
    /// secretariat records what the committee sent back). Approval has its own call,
    /// which takes the decision.
    pub async fn move_policy_version(
        &self,
        actor: &Actor,
        id: Uuid,
        version: i32,
        step: Option<Move>,
    ) -> AppResult<()> {
        let reader: Reader = self.policy_reader(actor).await?;
        let (d, _) = self.readable_document(&reader, id).await?;
        self.authorize(actor, edit_capability(&d)).await?;
        let Some(step) = step.filter(|s| *s != Move::Approve) else {
            return Err(AppError::field(
                "step",
                "「審議に付す」か「差し戻す」を選んでください。",
                "Choose to submit for review or to return to draft.",
            ));
        };
        let before =
            mamori_store::policies::get_version(self.store.conn(), actor.org_id, id, version)
                .await?
                .ok_or(AppError::NotFound)?;
        let from = VersionState::from_code(&before.state).unwrap_or(VersionState::Approved);
        let to = step.apply(from).map_err(|p| p.at("state"))?;
        if step == Move::Submit && before.body.trim().is_empty() {
            return Err(AppError::field(
                "body",
                "本文が空の版は審議に付せません。",
                "An empty version cannot be submitted for review.",
            ));
        }
        let after = policy_version::Model {
            state: to.code().into(),
            updated_at: self.now(),
            ..before.clone()
        };
        self.write_version(
            actor,
            &format!("policy_version.{}", step.code()),
            (&before, &after),
            None,
            None,
        )
        .await
    }

    /// Discards a draft that is not the document's only version.
    pub async fn discard_policy_draft(
        &self,
        actor: &Actor,
        id: Uuid,
        version: i32,
    ) -> AppResult<()> {
        let (_, heads, v) = self.version_in(actor, id, version).await?;
        if v.state != VersionState::Draft.code() || heads.len() < 2 {
            return Err(AppError::field(
                "version",
                "破棄できるのは、二つ目以降の版の起案中のものだけです。",
                "Only a draft that is not the document's first version can be discarded.",
            ));
        }
        let tx = self.store.begin_write().await?;
        recheck_version(&*tx, &v).await?;
        mamori_store::policies::delete_version(&*tx, actor.org_id, v.id).await?;
        self.audit_change(
            &*tx,
            actor,
            "policy_version.discard",
            ("policy_document", id),
            Some(&audited_version(&head_of(&v))),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Attaches an original (the signed PDF, the Word file) to a version that is not
    /// approved yet; checked by its content, kept with its SHA-256.
    pub async fn attach_policy_file(
        &self,
        actor: &Actor,
        id: Uuid,
        version: i32,
        file_name: &str,
        body: Vec<u8>,
    ) -> AppResult<AttachmentView> {
        let (_, _, v) = self.version_in(actor, id, version).await?;
        if v.state == VersionState::Approved.code() {
            return Err(AppError::field(
                "file",
                "承認済みの版には添付できません。",
                "An approved version takes no more attachments.",
            ));
        }
        let kind = classify(file_name, &body).map_err(|p| p.at("file"))?;
        let m = policy_attachment::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            version_id: v.id,
            file_name: safe_file_name(file_name),
            file_type: kind.code().into(),
            size: i64::try_from(body.len()).unwrap_or(i64::MAX),
            sha256: sha256_hex(&body),
            body,
            uploaded_by: actor.label.clone(),
            uploaded_at: self.now(),
        };
        let audited = serde_json::json!({
            "version": version,
            "file_name": m.file_name,
            "size": m.size,
            "sha256": m.sha256,
        });
        let tx = self.store.begin_write().await?;
        recheck_version(&*tx, &v).await?;
        mamori_store::policies::insert_attachment(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "policy_attachment.add",
            ("policy_document", id),
            None,
            Some(&audited),
        )
        .await?;
        tx.commit().await?;
        Ok(AttachmentView {
            id: m.id,
            file_name: m.file_name,
            file_type: m.file_type,
            size: m.size,
            sha256: m.sha256,
            uploaded_by: m.uploaded_by,
            uploaded_at: m.uploaded_at,
        })
    }
}
