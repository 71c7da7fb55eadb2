//! The iCalendar feed of what a user owes: a secret address a calendar program polls
//! without signing in. The secret is shown once and kept only as its hash; renewing
//! it replaces the old one and revoking deletes it, both audited.

use chrono::Duration;

use super::view::{DueList, DueQuery, FeedState};
use crate::auth::sha256_hex;
use crate::authz::{Actor, ActorKind};
use crate::{App, AppError, AppResult};

/// How far ahead the feed looks.
const FEED_DAYS: i64 = 366;

impl App {
    fn feed_user(actor: &Actor) -> AppResult<uuid::Uuid> {
        actor.user_id.ok_or(AppError::Forbidden)
    }

    /// Whether the reader has a feed, and since when.
    pub async fn due_feed_state(&self, actor: &Actor) -> AppResult<FeedState> {
        let user = Self::feed_user(actor)?;
        let f = mamori_store::review::feeds::feed_of(self.store.conn(), actor.org_id, user).await?;
        Ok(FeedState {
            active: f.is_some(),
            created_at: f.map(|f| f.created_at),
        })
    }

    /// Opens (or renews) the reader's feed; returns the secret, shown this once.
    pub async fn open_due_feed(&self, actor: &Actor) -> AppResult<String> {
        let user = Self::feed_user(actor)?;
        let secret = self.random_token(32);
        let m = mamori_store::entity::calendar_feed::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            user_id: user,
            token_hash: sha256_hex(&secret),
            created_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::review::feeds::replace_feed(&*tx, m.clone()).await?;
        self.audit(
            &*tx,
            actor,
            "due_feed.open",
            "user",
            &user.to_string(),
            vec![],
        )
        .await?;
        tx.commit().await?;
        Ok(secret)
    }

    /// Revokes the reader's feed: its address stops working at once.
    pub async fn revoke_due_feed(&self, actor: &Actor) -> AppResult<()> {
        let user = Self::feed_user(actor)?;
        let tx = self.store.begin_write().await?;
        if !mamori_store::review::feeds::delete_feed(&*tx, actor.org_id, user).await? {
            return Err(AppError::NotFound);
        }
        self.audit(
            &*tx,
            actor,
            "due_feed.revoke",
            "user",
            &user.to_string(),
            vec![],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The dates a feed's secret opens: what its user owes today, a year ahead, as
    /// their account stands now (a disabled account's feed is gone). Anything else is
    /// "not found", whatever the secret.
    pub async fn due_feed(&self, secret: &str, source: &str) -> AppResult<(DueList, String)> {
        let conn = self.store.conn();
        let feed = mamori_store::review::feeds::feed_by_hash(conn, &sha256_hex(secret))
            .await?
            .ok_or(AppError::NotFound)?;
        let user = mamori_store::users::get(conn, feed.org_id, feed.user_id)
            .await?
            .filter(|u| u.disabled_at.is_none())
            .ok_or(AppError::NotFound)?;
        let actor = self
            .user_actor(
                &user,
                ActorKind::Token,
                format!("feed@{}", user.login),
                source,
            )
            .await?;
        let q = DueQuery {
            until: Some((self.today() + Duration::days(FEED_DAYS)).to_string()),
            ..DueQuery::default()
        };
        Ok((self.due(&actor, &q).await?, user.locale))
    }
}
