//! What the inbox, the preferences screen and the mail queue show, and what the
//! preferences form sends.

use chrono::{DateTime, Utc};
use mamori_domain::notify::{Notice, NoticeKind, NoticePrefs};
use mamori_store::entity::{mail_outbox, notification};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppResult;
use crate::error::stored;

/// One notice in a person's inbox, written in the reader's language.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxItem {
    pub id: Uuid,
    /// The kind's code (`role.granted`, `account.security`, …).
    pub kind: String,
    pub kind_label: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

impl InboxItem {
    pub(crate) fn new(n: &notification::Model, lang: &str) -> AppResult<Self> {
        let kind = stored("notice kind", &n.kind, NoticeKind::from_code(&n.kind))?;
        let notice: Notice = serde_json::from_str(&n.data).map_err(|e| {
            crate::AppError::Internal(format!("stored notice {} unreadable: {e}", n.id))
        })?;
        let text = notice.text(lang);
        Ok(Self {
            id: n.id,
            kind: kind.code().into(),
            kind_label: kind.label(lang).into(),
            subject: text.subject,
            body: text.body,
            created_at: n.created_at,
            read: n.read_at.is_some(),
        })
    }
}

/// One kind of notice and whether it also comes by mail.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KindPref {
    pub kind: String,
    pub label_ja: String,
    pub label_en: String,
    pub mail: bool,
    /// Security notices always come by mail; the choice is shown but cannot be changed.
    pub required: bool,
}

/// A person's choices about mail.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoticePrefsView {
    /// Collect mail into one message each morning (08:00 Japan time).
    pub digest: bool,
    pub kinds: Vec<KindPref>,
    /// Whether the person has an e-mail address in the staff register at all.
    pub has_address: bool,
}

impl NoticePrefsView {
    pub(crate) fn new(p: &NoticePrefs, has_address: bool) -> Self {
        Self {
            digest: p.digest,
            kinds: NoticeKind::ALL
                .into_iter()
                .map(|k| KindPref {
                    kind: k.code().into(),
                    label_ja: k.label_ja().into(),
                    label_en: k.label_en().into(),
                    mail: k.mail_required() || !p.mail_off.contains(&k),
                    required: k.mail_required(),
                })
                .collect(),
            has_address,
        }
    }
}

/// The preferences form: the kinds that should come by mail (codes), and the digest.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct NoticePrefsInput {
    #[serde(default)]
    pub mail: Vec<String>,
    #[serde(default)]
    pub digest: bool,
}

/// A mail in the outbox, for administrators.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutboxItem {
    pub id: Uuid,
    pub to: String,
    pub subject: String,
    pub kind: String,
    /// `pending`, `sent` or `failed`.
    pub state: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// The mail server's last answer, or why it could not be reached.
    pub last_error: Option<String>,
}

impl From<&mail_outbox::Model> for OutboxItem {
    fn from(m: &mail_outbox::Model) -> Self {
        Self {
            id: m.id,
            to: m.to_addr.clone(),
            subject: m.subject.clone(),
            kind: m.kind.clone(),
            state: m.state.clone(),
            attempts: m.attempts,
            created_at: m.created_at,
            next_attempt_at: m.next_attempt_at,
            sent_at: m.sent_at,
            last_error: m.last_error.clone(),
        }
    }
}
