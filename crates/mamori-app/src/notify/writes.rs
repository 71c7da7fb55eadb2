//! Marking notices read, choosing what comes by mail, test notices, and resending
//! mail that failed.
//!
//! Marking read is the reader's own bookkeeping, like a session's last use: it is not
//! an audit event. Everything else here is audited.

use std::collections::BTreeSet;

use mamori_domain::notify::{Notice, NoticeKind, NoticePrefs};
use uuid::Uuid;

use super::view::{NoticePrefsInput, NoticePrefsView};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

impl App {
    /// Marks one of the actor's notices read; someone else's is not found.
    pub async fn mark_notice_read(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        let user = Self::own_user(actor)?;
        let tx = self.store.begin_write().await?;
        let found =
            mamori_store::notify::mark_read(&*tx, actor.org_id, user, id, self.now()).await?;
        tx.commit().await?;
        if found {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Marks all the actor's notices read; returns how many were unread.
    pub async fn mark_all_notices_read(&self, actor: &Actor) -> AppResult<u64> {
        let user = Self::own_user(actor)?;
        let tx = self.store.begin_write().await?;
        let n = mamori_store::notify::mark_all_read(&*tx, actor.org_id, user, self.now()).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Saves which kinds come by mail and whether mail waits for the daily digest.
    pub async fn set_notice_prefs(
        &self,
        actor: &Actor,
        input: &NoticePrefsInput,
    ) -> AppResult<NoticePrefsView> {
        let user = Self::own_user(actor)?;
        let mut wanted = BTreeSet::new();
        for code in &input.mail {
            let kind = NoticeKind::parse(code).map_err(|p| AppError::field("mail", p.ja, p.en))?;
            wanted.insert(kind);
        }
        let prefs = NoticePrefs {
            mail_off: NoticeKind::ALL
                .into_iter()
                .filter(|k| !k.mail_required() && !wanted.contains(k))
                .collect(),
            digest: input.digest,
        };
        let json = serde_json::to_string(&prefs)
            .map_err(|e| AppError::Internal(format!("preferences not serializable: {e}")))?;
        let tx = self.store.begin_write().await?;
        let mut u = mamori_store::users::get(&*tx, actor.org_id, user)
            .await?
            .ok_or(AppError::NotFound)?;
        let before = super::prefs_of(&u.notify_prefs)?;
        u.notify_prefs = json;
        u.updated_at = self.now();
        mamori_store::users::update(&*tx, u).await?;
        self.audit_change(
            &*tx,
            actor,
            "account.notice_prefs",
            ("user", user),
            Some(&before),
            Some(&prefs),
        )
        .await?;
        tx.commit().await?;
        self.notice_prefs(actor).await
    }

    /// Sends the actor a test notice, by the way they chose (inbox, and mail if so).
    pub async fn send_test_notice(&self, actor: &Actor) -> AppResult<usize> {
        Self::own_user(actor)?;
        let staff = actor.staff_id.ok_or(AppError::Forbidden)?;
        let notice = Notice::Test {
            by: actor.label.trim_start_matches("user:").to_owned(),
        };
        let tx = self.store.begin_write().await?;
        let reached = self.notify(&*tx, actor.org_id, &[staff], &notice).await?;
        self.audit_change(
            &*tx,
            actor,
            "notice.test",
            ("staff", staff),
            None,
            Some(&notice),
        )
        .await?;
        tx.commit().await?;
        Ok(reached)
    }

    /// Puts failed mail back in the queue with fresh tries: one, or (`None`) every
    /// failed mail of the organization. Returns how many.
    pub async fn resend_mail(&self, actor: &Actor, id: Option<Uuid>) -> AppResult<u64> {
        self.authorize(actor, Capability::OperateServer).await?;
        let tx = self.store.begin_write().await?;
        if let Some(id) = id {
            mamori_store::mail::get(&*tx, actor.org_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
        }
        let n = mamori_store::mail::resend(&*tx, actor.org_id, id, self.now()).await?;
        let object = id.unwrap_or(actor.org_id);
        self.audit_change(
            &*tx,
            actor,
            "mail.resend",
            ("mail", object),
            None,
            Some(&serde_json::json!({ "requeued": n })),
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }
}
