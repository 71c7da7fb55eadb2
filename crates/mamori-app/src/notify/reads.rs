//! Reading one's own inbox and mail choices; administrators reading the mail queue.

use uuid::Uuid;

use super::view::{InboxItem, NoticePrefsView, OutboxItem};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult, Page, PageRequest};

/// The counts of the mail queue an administrator watches.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, utoipa::ToSchema)]
pub struct OutboxCounts {
    pub pending: u64,
    pub failed: u64,
}

impl App {
    /// The actor's own account: only a signed-in person (or their token) has an inbox.
    pub(super) fn own_user(actor: &Actor) -> AppResult<Uuid> {
        actor.user_id.ok_or(AppError::Forbidden)
    }

    /// The actor's notices, newest first, written in `lang`.
    pub async fn inbox(
        &self,
        actor: &Actor,
        lang: &str,
        unread_only: bool,
        page: PageRequest,
    ) -> AppResult<Page<InboxItem>> {
        let user = Self::own_user(actor)?;
        mamori_store::notify::inbox(self.store.conn(), actor.org_id, user, unread_only, page)
            .await?
            .try_map(|n| InboxItem::new(&n, lang))
    }

    /// How many of the actor's notices are unread (the count in the page header).
    pub async fn unread_notices(&self, actor: &Actor) -> AppResult<u64> {
        let Some(user) = actor.user_id else {
            return Ok(0);
        };
        Ok(mamori_store::notify::unread_count(self.store.conn(), actor.org_id, user).await?)
    }

    /// The actor's choices about mail.
    pub async fn notice_prefs(&self, actor: &Actor) -> AppResult<NoticePrefsView> {
        let user = Self::own_user(actor)?;
        let conn = self.store.conn();
        let u = mamori_store::users::get(conn, actor.org_id, user)
            .await?
            .ok_or(AppError::NotFound)?;
        let s = mamori_store::staff::get(conn, actor.org_id, u.staff_id).await?;
        let has_address = s.and_then(|s| s.email).is_some_and(|e| !e.is_empty());
        Ok(NoticePrefsView::new(
            &super::prefs_of(&u.notify_prefs)?,
            has_address,
        ))
    }

    /// The organization's mail in one state (`pending`, `sent`, `failed`).
    pub async fn outbox(
        &self,
        actor: &Actor,
        state: &str,
        page: PageRequest,
    ) -> AppResult<Page<OutboxItem>> {
        self.authorize(actor, Capability::OperateServer).await?;
        let state = crate::error::one_of(
            "state",
            state,
            &[
                mamori_store::mail::PENDING,
                mamori_store::mail::SENT,
                mamori_store::mail::FAILED,
            ],
        )?;
        let state = if state.is_empty() {
            mamori_store::mail::FAILED
        } else {
            state
        };
        let page = mamori_store::mail::list(self.store.conn(), actor.org_id, state, page).await?;
        Ok(page.map(|m| OutboxItem::from(&m)))
    }

    pub async fn outbox_counts(&self, actor: &Actor) -> AppResult<OutboxCounts> {
        self.authorize(actor, Capability::OperateServer).await?;
        let conn = self.store.conn();
        Ok(OutboxCounts {
            pending: mamori_store::mail::count(conn, actor.org_id, mamori_store::mail::PENDING)
                .await?,
            failed: mamori_store::mail::count(conn, actor.org_id, mamori_store::mail::FAILED)
                .await?,
        })
    }
}
