//! Keeping an upload between its preview and its commit, so the preview's "commit"
//! button can finish it on any app server; and the one entry point that plans or
//! commits an import of any kind.

use mamori_domain::audit::Change;
use uuid::Uuid;

use super::{ImportKind, ImportOptions, ImportPlan};
use crate::authz::Actor;
use crate::{App, AppError, AppResult};

/// An uploaded file waiting between its preview and its commit.
pub struct StagedImport {
    pub id: Uuid,
    pub kind: ImportKind,
    pub filename: String,
    pub bytes: Vec<u8>,
    pub options: ImportOptions,
}

/// Uploads older than this are discarded.
const STAGED_FOR: chrono::Duration = chrono::Duration::hours(2);

impl App {
    /// Plans (and with `commit`, writes) an import of either register.
    pub async fn import(
        &self,
        actor: &Actor,
        kind: ImportKind,
        bytes: &[u8],
        opts: &ImportOptions,
        commit: bool,
    ) -> AppResult<ImportPlan> {
        match kind {
            ImportKind::Staff => self.import_staff(actor, bytes, opts, commit).await,
            ImportKind::Assets => self.import_assets(actor, bytes, opts, commit).await,
            ImportKind::Attendance => self.import_attendance(actor, bytes, opts, commit).await,
            ImportKind::Phishing => self.import_phishing(actor, bytes, opts, commit).await,
            ImportKind::Entries => self.import_entries(actor, bytes, opts, commit).await,
            ImportKind::Media => self.import_media(actor, bytes, opts, commit).await,
        }
    }

    /// Keeps an upload so that the preview's "commit" button can finish it, on any app server.
    pub async fn stage_import(
        &self,
        actor: &Actor,
        kind: ImportKind,
        filename: &str,
        bytes: Vec<u8>,
        options: &ImportOptions,
    ) -> AppResult<Uuid> {
        self.authorize(actor, kind.capability()).await?;
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        let id = self.new_id();
        let now = self.now();
        let tx = self.store.begin_write().await?;
        mamori_store::pending_imports::purge_older_than(&*tx, now - STAGED_FOR).await?;
        mamori_store::pending_imports::insert(
            &*tx,
            mamori_store::entity::pending_import::Model {
                id,
                org_id: actor.org_id,
                user_id,
                kind: kind.code().into(),
                filename: filename.to_owned(),
                content: bytes,
                options: serde_json::to_string(options).unwrap_or_else(|_| "{}".into()),
                created_at: now,
            },
        )
        .await?;
        self.audit(
            &*tx,
            actor,
            &format!("{}.import_upload", kind.code()),
            "pending_import",
            &id.to_string(),
            vec![Change {
                field: "filename".into(),
                before: None,
                after: Some(serde_json::json!(filename)),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A staged upload of this user into `kind`'s register, if it is still fresh.
    pub async fn staged_import(
        &self,
        actor: &Actor,
        kind: ImportKind,
        id: Uuid,
    ) -> AppResult<StagedImport> {
        self.authorize(actor, kind.capability()).await?;
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        let m = mamori_store::pending_imports::get(self.store.conn(), actor.org_id, user_id, id)
            .await?
            .filter(|m| self.now() - m.created_at < STAGED_FOR)
            .filter(|m| m.kind == kind.code())
            .ok_or(AppError::NotFound)?;
        Ok(StagedImport {
            id: m.id,
            kind,
            filename: m.filename,
            bytes: m.content,
            options: serde_json::from_str(&m.options).unwrap_or_default(),
        })
    }

    /// Commits a staged upload and removes it once it is written.
    pub async fn commit_staged_import(
        &self,
        actor: &Actor,
        kind: ImportKind,
        id: Uuid,
    ) -> AppResult<(StagedImport, ImportPlan)> {
        let staged = self.staged_import(actor, kind, id).await?;
        let plan = self
            .import(actor, staged.kind, &staged.bytes, &staged.options, true)
            .await?;
        if plan.committed {
            let tx = self.store.begin_write().await?;
            mamori_store::pending_imports::delete(&*tx, actor.org_id, id).await?;
            tx.commit().await?;
        }
        Ok((staged, plan))
    }
}
