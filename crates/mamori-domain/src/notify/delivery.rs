//! Delivering notices by mail: what a person may turn off, when a daily digest waits,
//! and how long a mail the server refused is retried.

use std::collections::BTreeSet;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::NoticeKind;

/// How one notice reaches one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// In the inbox only.
    InboxOnly,
    /// In the inbox and by mail now.
    MailNow,
    /// In the inbox, and by mail in the next daily digest.
    Digest,
}

/// A person's choices about mail. Stored as JSON with the account; kinds not named get
/// mail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticePrefs {
    /// Kinds that stay in the inbox only.
    #[serde(default)]
    pub mail_off: BTreeSet<NoticeKind>,
    /// Collect the mail of a day into one message (sent each morning).
    #[serde(default)]
    pub digest: bool,
}

impl NoticePrefs {
    pub fn delivery(&self, kind: NoticeKind) -> Delivery {
        if kind.mail_required() {
            Delivery::MailNow
        } else if self.mail_off.contains(&kind) {
            Delivery::InboxOnly
        } else if self.digest {
            Delivery::Digest
        } else {
            Delivery::MailNow
        }
    }
}

/// Mail tries before a message is marked failed and shown to administrators.
pub const MAIL_ATTEMPTS: u32 = 8;

/// How long to wait after the `attempts`-th failed try of a mail, or `None` when it
/// has had all its tries. The waits grow from a minute to twelve hours, so an outage
/// of the mail server of up to a day loses nothing, and a restarted server is not
/// flooded by every message at once.
pub fn retry_delay(attempts: u32) -> Option<Duration> {
    let minutes = match attempts {
        0 | 1 => 1,
        2 => 5,
        3 => 15,
        4 => 60,
        5 => 180,
        6 => 360,
        7 => 720,
        _ => return None,
    };
    Some(Duration::minutes(minutes))
}
