//! Telling people things. A module calls [`App::notify`] inside its write transaction
//! with the staff members to tell and a [`Notice`]; each who has an account gets it in
//! their inbox, and each with an e-mail address gets mail as they chose (now, in the
//! morning digest, or not for that kind). Mail is written to the outbox in that same
//! transaction, so a notice exists exactly when its change does, and the scheduler's
//! mail job sends it later: a mail server that is down delays mail, never loses it.

mod mail;
mod reads;
mod view;
mod writes;

use mamori_domain::notify::{Delivery, Notice, NoticePrefs};
use mamori_store::entity::{mail_outbox, notification};
use uuid::Uuid;

pub use mail::{MailSettings, Mailer};
pub use view::{InboxItem, KindPref, NoticePrefsInput, NoticePrefsView, OutboxItem};

use crate::{App, AppError, AppResult};

/// A person's mail choices as stored with their account.
pub(crate) fn prefs_of(stored: &str) -> AppResult<NoticePrefs> {
    serde_json::from_str(stored)
        .map_err(|e| AppError::Internal(format!("stored notice preferences unreadable: {e}")))
}

impl App {
    /// Tells these staff members of the organization `notice`, on `conn` (the caller's
    /// write transaction). Retired staff and disabled accounts are left out; a staff
    /// member without an account but with an address gets mail only. Returns how many
    /// people it reached.
    pub(crate) async fn notify<C: mamori_store::Conn>(
        &self,
        conn: &C,
        org_id: Uuid,
        staff_ids: &[Uuid],
        notice: &Notice,
    ) -> AppResult<usize> {
        let staff = mamori_store::staff::by_ids(conn, org_id, staff_ids).await?;
        let users = mamori_store::users::by_staff_ids(conn, org_id, staff_ids).await?;
        let data = serde_json::to_string(notice)
            .map_err(|e| AppError::Internal(format!("notice not serializable: {e}")))?;
        let kind = notice.kind();
        let now = self.now();
        let (mut inbox, mut mails, mut reached) = (Vec::new(), Vec::new(), 0);
        for s in staff.iter().filter(|s| !s.retired) {
            let user = users.iter().find(|u| u.staff_id == s.id);
            if user.is_some_and(|u| u.disabled_at.is_some()) {
                continue;
            }
            let (delivery, lang) = match user {
                Some(u) => (prefs_of(&u.notify_prefs)?.delivery(kind), u.locale.as_str()),
                None => (Delivery::MailNow, "ja"),
            };
            let address = s.email.as_deref().filter(|a| !a.is_empty());
            if let Some(u) = user {
                inbox.push(notification::Model {
                    id: self.new_id(),
                    org_id,
                    user_id: u.id,
                    kind: kind.code().into(),
                    data: data.clone(),
                    created_at: now,
                    read_at: None,
                    digest_pending: delivery == Delivery::Digest && address.is_some(),
                });
            }
            if let (Delivery::MailNow, Some(to)) = (delivery, address) {
                let text = notice.text(lang);
                mails.push(self.outgoing(org_id, to, kind.code(), &text.subject, &text.body, lang));
            }
            if user.is_some() || address.is_some() {
                reached += 1;
            }
        }
        mamori_store::notify::insert_many(conn, inbox).await?;
        mamori_store::mail::enqueue(conn, mails).await?;
        Ok(reached)
    }

    /// A mail for the outbox, due now, with Mamori's footer.
    pub(crate) fn outgoing(
        &self,
        org_id: Uuid,
        to: &str,
        kind: &str,
        subject: &str,
        body: &str,
        lang: &str,
    ) -> mail_outbox::Model {
        let now = self.now();
        mail_outbox::Model {
            id: self.new_id(),
            org_id,
            to_addr: to.to_owned(),
            subject: format!("[Mamori] {subject}"),
            body: format!("{body}\n\n{}", self.footer(lang)),
            kind: kind.to_owned(),
            state: mamori_store::mail::PENDING.into(),
            attempts: 0,
            created_at: now,
            next_attempt_at: now,
            sent_at: None,
            last_error: None,
        }
    }

    /// Where to read and where to change what comes by mail.
    fn footer(&self, lang: &str) -> String {
        let base = self
            .config
            .public_url
            .as_deref()
            .unwrap_or("")
            .trim_end_matches('/');
        let (inbox, prefs) = if base.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!(" {base}/inbox"),
                format!(" {base}/account/notifications"),
            )
        };
        if lang == "en" {
            format!(
                "--\nSent by Mamori, the information security management system. Your notices:{inbox}\nChoose what comes by mail:{prefs}"
            )
        } else {
            format!(
                "--\n情報セキュリティ管理システム Mamori から自動で送信しています。通知の一覧:{inbox}\nメールで受け取る通知の設定:{prefs}"
            )
        }
    }
}
