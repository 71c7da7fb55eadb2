//! Sending mail over SMTP (lettre): the transport made from the operator's settings,
//! the scheduler's job that empties the outbox, the morning digest, and the test mail
//! an administrator sends to check the settings.
//!
//! When the server cannot be reached, the mail that was tried counts a try and the
//! others wait untouched until the server is tried again, with the same growing waits;
//! an outage delays mail and loses none. A recipient the server refuses for good
//! (a 5xx answer) fails that mail at once, shown to administrators with the answer.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use mamori_domain::Problem;
use mamori_domain::notify::{MAIL_ATTEMPTS, retry_delay};

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// Mail the operator configured (`MAMORI_SMTP_URL`, `MAMORI_MAIL_FROM`).
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `smtp://host:25` (plain relay), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS), `smtps://host:465` (implicit TLS).
    pub url: String,
    /// The sender, `Mamori <isms@city.example.lg.jp>` or a bare address.
    pub from: String,
    /// A CA certificate (PEM) to trust for the server's certificate, beside the
    /// system's.
    pub ca_file: Option<PathBuf>,
}

/// Mail sent in one run of the job at most, so other jobs get their turn.
const RUN_LIMIT: usize = 5_000;
const BATCH: u64 = 200;
/// Mails in flight at once, each on a connection of lettre's pool. Each SMTP exchange
/// mostly waits (on the server, and on lettre 0.11.23's ~40 ms Nagle stall before the
/// final `.`: it sets no TCP_NODELAY), so a few connections multiply the rate; mail
/// servers accept this many from one client by default.
const PARALLEL: usize = 8;

/// The SMTP transport, and when the server may next be tried after it could not be
/// reached.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The server, without credentials, for messages.
    server: String,
    outage: Mutex<Option<(DateTime<Utc>, u32)>>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .finish()
    }
}

/// Why one mail was not sent.
struct SendFailure {
    /// The server answered about this mail (so others may still go).
    answered: bool,
    permanent: bool,
    problem: Problem,
}

impl Mailer {
    pub fn new(s: &MailSettings) -> Result<Self, Problem> {
        let bad_url = |why: String| {
            Problem::new(
                format!("メールサーバーの URL が読み取れません: {why}"),
                format!("The mail server URL cannot be read: {why}"),
            )
        };
        let url = url::Url::parse(&s.url).map_err(|e| bad_url(e.to_string()))?;
        let host = url
            .host_str()
            .ok_or_else(|| bad_url("no host".into()))?
            .to_owned();
        let server = format!("{}://{}:{}", url.scheme(), host, url.port().unwrap_or(0));
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(&s.url)
            .map_err(|e| bad_url(e.to_string()))?
            .timeout(Some(StdDuration::from_secs(20)));
        if let Some(ca) = &s.ca_file {
            let pem = std::fs::read(ca).map_err(|e| {
                Problem::new(
                    format!("CA 証明書 {} を読めません: {e}", ca.display()),
                    format!("Cannot read the CA certificate {}: {e}", ca.display()),
                )
            })?;
            let cert = Certificate::from_pem(&pem).map_err(|e| {
                Problem::new(
                    format!("CA 証明書 {} は PEM として読めません: {e}", ca.display()),
                    format!(
                        "The CA certificate {} is not readable PEM: {e}",
                        ca.display()
                    ),
                )
            })?;
            let params = TlsParameters::builder(host.clone())
                .add_root_certificate(cert)
                .build()
                .map_err(|e| bad_url(e.to_string()))?;
            let tls = url
                .query_pairs()
                .find(|(k, _)| k == "tls")
                .map(|(_, v)| v.to_string());
            builder = match (url.scheme(), tls.as_deref()) {
                ("smtps", _) => builder.tls(Tls::Wrapper(params)),
                (_, Some("required")) => builder.tls(Tls::Required(params)),
                (_, Some("opportunistic")) => builder.tls(Tls::Opportunistic(params)),
                _ => builder,
            };
        }
        let from: Mailbox = s.from.parse().map_err(|e| {
            Problem::new(
                format!(
                    "差出人「{}」はメールアドレスとして読み取れません: {e}",
                    s.from
                ),
                format!("The sender \"{}\" is not a mail address: {e}", s.from),
            )
        })?;
        Ok(Self {
            transport: builder.build(),
            from,
            server,
            outage: Mutex::new(None),
        })
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    /// The sender, as mail shows it.
    pub fn sender(&self) -> String {
        self.from.to_string()
    }

    /// Sends one mail now; the server's answer on success.
    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<String, SendFailure> {
        let to: Mailbox = to.parse().map_err(|e| SendFailure {
            answered: true,
            permanent: true,
            problem: Problem::new(
                format!("宛先「{to}」はメールアドレスとして読み取れません: {e}"),
                format!("The recipient \"{to}\" is not a mail address: {e}"),
            ),
        })?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| SendFailure {
                answered: true,
                permanent: true,
                problem: Problem::new(
                    format!("メールを組み立てられません: {e}"),
                    format!("The mail cannot be composed: {e}"),
                ),
            })?;
        match self.transport.send(message).await {
            Ok(r) => Ok(format!(
                "{} {}",
                r.code(),
                r.message().collect::<Vec<_>>().join(" ")
            )),
            Err(e) => Err(self.failure(&e)),
        }
    }

    fn failure(&self, e: &lettre::transport::smtp::Error) -> SendFailure {
        let detail = crate::error::error_chain(e);
        let server = &self.server;
        let (answered, permanent, ja, en) = if e.is_permanent() {
            (
                true,
                true,
                format!("メールサーバー {server} が拒否しました: {detail}"),
                format!("The mail server {server} refused it: {detail}"),
            )
        } else if e.is_transient() {
            (
                true,
                false,
                format!("メールサーバー {server} が一時的に受け付けませんでした: {detail}"),
                format!("The mail server {server} refused it for now: {detail}"),
            )
        } else if e.is_tls() {
            (
                false,
                false,
                format!(
                    "メールサーバー {server} と TLS で接続できません（証明書、CA、サーバー名を確認してください）: {detail}"
                ),
                format!(
                    "No TLS connection to the mail server {server} (check its certificate, the CA and the host name): {detail}"
                ),
            )
        } else if e.is_timeout() {
            (
                false,
                false,
                format!("メールサーバー {server} が時間内に応答しません: {detail}"),
                format!("The mail server {server} did not answer in time: {detail}"),
            )
        } else {
            (
                false,
                false,
                format!("メールサーバー {server} に接続できません: {detail}"),
                format!("Cannot connect to the mail server {server}: {detail}"),
            )
        };
        SendFailure {
            answered,
            permanent,
            problem: Problem::new(ja, en),
        }
    }

    /// Whether the server is to be left alone until later (it could not be reached).
    fn resting(&self, now: DateTime<Utc>) -> bool {
        self.outage
            .lock()
            .map(|o| o.is_some_and(|(until, _)| now < until))
            .unwrap_or(false)
    }

    fn record_outage(&self, now: DateTime<Utc>) {
        if let Ok(mut o) = self.outage.lock() {
            let n = o.map_or(1, |(_, n)| n + 1);
            let wait = retry_delay(n.min(MAIL_ATTEMPTS - 1)).unwrap_or_default();
            *o = Some((now + wait, n));
        }
    }

    fn record_reached(&self) {
        if let Ok(mut o) = self.outage.lock() {
            *o = None;
        }
    }
}

fn unreachable_summary(sent: usize, failed: usize, mailer: &Mailer) -> String {
    format!(
        "sent {sent}, failed {failed}; the mail server {} could not be reached, waiting before the next try",
        mailer.server()
    )
}

/// Sends a handful of mails at once; the results in their order.
async fn send_all(
    mailer: &Arc<Mailer>,
    mails: &[mamori_store::entity::mail_outbox::Model],
) -> Vec<Result<String, SendFailure>> {
    let mut tasks = tokio::task::JoinSet::new();
    for (i, m) in mails.iter().enumerate() {
        let (mailer, m) = (mailer.clone(), m.clone());
        tasks.spawn(async move { (i, mailer.send(&m.to_addr, &m.subject, &m.body).await) });
    }
    let mut out: Vec<Option<Result<String, SendFailure>>> = mails.iter().map(|_| None).collect();
    while let Some(joined) = tasks.join_next().await {
        if let Ok((i, r)) = joined {
            out[i] = Some(r);
        }
    }
    out.into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                Err(SendFailure {
                    answered: false,
                    permanent: false,
                    problem: Problem::new(
                        "送信処理が中断されました。",
                        "The sending task was interrupted.",
                    ),
                })
            })
        })
        .collect()
}

/// What happened to one mail in a run.
enum Sent {
    Ok,
    Retry(i32, Option<DateTime<Utc>>, String),
}

impl App {
    /// The scheduler's mail job: sends what is due from the outbox. Returns a summary.
    pub async fn send_due_mail(&self) -> AppResult<String> {
        let Some(mailer) = self.mailer().await? else {
            let waiting = mamori_store::mail::due(self.store.conn(), self.now(), 1).await?;
            return Ok(if waiting.is_empty() {
                "mail is not configured".into()
            } else {
                "mail is not configured; mail is waiting in the outbox".into()
            });
        };
        let (mut sent, mut failed, mut deferred) = (0usize, 0usize, 0usize);
        while sent + failed + deferred < RUN_LIMIT {
            let now = self.now();
            if mailer.resting(now) {
                return Ok(unreachable_summary(sent, failed, &mailer));
            }
            let batch = mamori_store::mail::due(self.store.conn(), now, BATCH).await?;
            if batch.is_empty() {
                break;
            }
            let mut outcomes = Vec::with_capacity(batch.len());
            let mut unreachable = false;
            for chunk in batch.chunks(PARALLEL) {
                for (m, result) in chunk.iter().zip(send_all(&mailer, chunk).await) {
                    match result {
                        Ok(_) => {
                            mailer.record_reached();
                            sent += 1;
                            outcomes.push((m.id, Sent::Ok));
                        }
                        Err(f) => {
                            let attempts = m.attempts + 1;
                            let next = if f.permanent {
                                None
                            } else {
                                retry_delay(attempts as u32).map(|d| self.now() + d)
                            };
                            if next.is_none() {
                                failed += 1;
                            } else {
                                deferred += 1;
                            }
                            outcomes
                                .push((m.id, Sent::Retry(attempts, next, f.problem.en.clone())));
                            if f.answered {
                                tracing::warn!(mail = %m.id, error = %f.problem.en, "mail not accepted");
                            } else {
                                unreachable = true;
                                tracing::warn!(error = %f.problem.en, "mail server unreachable");
                            }
                        }
                    }
                }
                if unreachable {
                    mailer.record_outage(self.now());
                    break;
                }
            }
            self.record_sends(outcomes).await?;
            if unreachable {
                return Ok(unreachable_summary(sent, failed, &mailer));
            }
            if (batch.len() as u64) < BATCH {
                break;
            }
        }
        Ok(format!("sent {sent}, failed {failed}, to retry {deferred}"))
    }

    async fn record_sends(&self, outcomes: Vec<(uuid::Uuid, Sent)>) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        let now = self.now();
        for (id, o) in outcomes {
            match o {
                Sent::Ok => mamori_store::mail::mark_sent(&*tx, id, now).await?,
                Sent::Retry(attempts, next, error) => {
                    mamori_store::mail::mark_failed_try(&*tx, id, attempts, next, &error).await?
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// The scheduler's digest job: one mail per person gathering the notices that
    /// waited for it. Returns a summary.
    pub async fn send_digests(&self) -> AppResult<String> {
        let tx = self.store.begin_write().await?;
        let pending = mamori_store::notify::digest_pending(&*tx, 20_000).await?;
        let mut by_user: BTreeMap<(uuid::Uuid, uuid::Uuid), Vec<_>> = BTreeMap::new();
        for n in pending {
            by_user.entry((n.org_id, n.user_id)).or_default().push(n);
        }
        let (mut mails, mut cleared) = (Vec::new(), Vec::new());
        for ((org_id, user_id), notes) in &by_user {
            cleared.extend(notes.iter().map(|n| n.id));
            let Some(u) = mamori_store::users::get(&*tx, *org_id, *user_id).await? else {
                continue;
            };
            let address = mamori_store::staff::get(&*tx, *org_id, u.staff_id)
                .await?
                .and_then(|s| s.email)
                .filter(|e| !e.is_empty());
            let (Some(to), None) = (address, u.disabled_at) else {
                continue;
            };
            let lang = u.locale.as_str();
            let items = notes
                .iter()
                .map(|n| super::view::InboxItem::new(n, lang))
                .collect::<AppResult<Vec<_>>>()?;
            let (subject, intro) = if lang == "en" {
                (
                    format!("Your notices ({} new)", items.len()),
                    "Notices since the last digest:",
                )
            } else {
                (
                    format!("本日の通知（{} 件）", items.len()),
                    "前回のまとめ以降の通知です。",
                )
            };
            let body = items.iter().fold(intro.to_owned(), |mut b, i| {
                b.push_str(&format!("\n\n■ {}\n{}", i.subject, i.body));
                b
            });
            mails.push(self.outgoing(*org_id, &to, "digest", &subject, &body, lang));
        }
        let count = mails.len();
        mamori_store::mail::enqueue(&*tx, mails).await?;
        mamori_store::notify::clear_digest(&*tx, &cleared).await?;
        tx.commit().await?;
        Ok(format!("{count} digests queued"))
    }

    /// Sends a test mail at once (not through the outbox) and returns the server's
    /// answer, or what failed, in both languages.
    pub async fn send_test_mail(&self, actor: &Actor, to: &str) -> AppResult<String> {
        self.authorize(actor, Capability::OperateServer).await?;
        let to =
            mamori_domain::StaffEmail::parse(to).map_err(|p| AppError::field("to", p.ja, p.en))?;
        let mailer = self.mailer().await?.ok_or_else(|| {
            AppError::Unavailable(Problem::new(
                "メール送信が設定されていません（メールサーバーの設定画面、または MAMORI_SMTP_URL と MAMORI_MAIL_FROM）。",
                "Mail is not configured (the mail server settings screen, or MAMORI_SMTP_URL and MAMORI_MAIL_FROM).",
            ))
        })?;
        self.send_test_with(actor, &mailer, to.as_str()).await
    }

    /// Sends the test mail through `mailer` and audits what the server answered.
    pub(crate) async fn send_test_with(
        &self,
        actor: &Actor,
        mailer: &Mailer,
        to: &str,
    ) -> AppResult<String> {
        let to =
            mamori_domain::StaffEmail::parse(to).map_err(|p| AppError::field("to", p.ja, p.en))?;
        let (subject, body) = (
            "[Mamori] テストメール / Test mail",
            "Mamori のメール送信の設定を確かめるテストメールです。\nThis mail checks Mamori's mail settings.",
        );
        let result = mailer.send(to.as_str(), subject, body).await;
        let outcome = match &result {
            Ok(answer) => serde_json::json!({ "to": to.as_str(), "answer": answer }),
            Err(f) => serde_json::json!({ "to": to.as_str(), "error": f.problem.en }),
        };
        let tx = self.store.begin_write().await?;
        self.audit_change(
            &*tx,
            actor,
            "mail.test",
            ("org", actor.org_id),
            None,
            Some(&outcome),
        )
        .await?;
        tx.commit().await?;
        result.map_err(|f| AppError::Unavailable(f.problem))
    }
}
