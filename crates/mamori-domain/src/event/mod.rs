//! Security events from monitoring (the policy's §8 運用監視): what a firewall, an EDR
//! or a server sends, read from a webhook's JSON ([`parse_webhook`]) or a syslog line
//! ([`syslog`]) into one shape, [`EventIn`]; the rules that turn events into incident
//! drafts ([`rule`]); and the signature a webhook body carries ([`signature`]).

pub mod rule;
pub mod signature;
pub mod syslog;

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
pub use ipnet::IpNet;
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::Problem;
use crate::labelled::labelled_enum;

labelled_enum! {
    /// How severe a device says an event is: the eight syslog severities, in their
    /// order (0 is the most severe). Webhook senders may also say high / medium / low
    /// as EDR products do.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum EventSeverity {
        Emergency => ("emerg", "緊急 (emerg)", "Emergency", ["emergency", "panic", "0"]),
        Alert => ("alert", "警報 (alert)", "Alert", ["1"]),
        Critical => ("crit", "危機的 (crit)", "Critical", ["critical", "2"]),
        Error => ("err", "エラー (err)", "Error", ["error", "high", "3"]),
        Warning => ("warning", "警告 (warning)", "Warning", ["warn", "medium", "4"]),
        Notice => ("notice", "通知 (notice)", "Notice", ["low", "5"]),
        Info => ("info", "情報 (info)", "Informational", ["informational", "6"]),
        Debug => ("debug", "デバッグ (debug)", "Debug", ["7"]),
    }

    fn parse {
        empty: ("重大度を指定してください。", "Give a severity."),
        unknown: choices("重大度", "a severity"),
    }
}

impl EventSeverity {
    /// The syslog number, 0 (emergency) to 7 (debug).
    pub fn number(self) -> u8 {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(7) as u8
    }

    pub fn from_number(n: u8) -> Option<Self> {
        Self::ALL.get(usize::from(n)).copied()
    }

    /// Whether this is at least as severe as `min`.
    pub fn at_least(self, min: EventSeverity) -> bool {
        self.number() <= min.number()
    }
}

labelled_enum! {
    /// How a source sends its events.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum SourceKind {
        Webhook => ("webhook", "Webhook（HTTP）", "Webhook (HTTP)"),
        Syslog => ("syslog", "syslog", "Syslog"),
    }

    fn parse {
        empty: ("送信方法を選んでください。", "Choose how the source sends."),
        unknown: choices("送信方法", "a source kind"),
    }
}

/// The sender addresses of a syslog source as typed: IP addresses or CIDR blocks,
/// separated by commas, spaces or lines; at least one.
pub fn parse_senders(s: &str) -> Result<Vec<IpNet>, Problem> {
    let mut out = Vec::new();
    for part in s
        .split([',', ' ', '\n', '\r', '、'])
        .filter(|p| !p.trim().is_empty())
    {
        let p = part.trim();
        let net = p
            .parse::<IpNet>()
            .or_else(|_| p.parse::<IpAddr>().map(IpNet::from))
            .map_err(|_| {
                Problem::new(
                    format!("「{}」は IP アドレスでも CIDR でもありません。", cut(p, 60)),
                    format!(
                        "\"{}\" is neither an IP address nor a CIDR block.",
                        cut(p, 60)
                    ),
                )
            })?;
        out.push(net.trunc());
    }
    if out.is_empty() {
        return Err(Problem::new(
            "送信元の IP アドレスを 1 つ以上入力してください（例: 192.0.2.10, 10.1.0.0/24）。",
            "Enter at least one sender address (e.g. 192.0.2.10, 10.1.0.0/24).",
        ));
    }
    Ok(out)
}

/// Whether two sender blocks share an address (one contains the other's network).
pub fn senders_overlap(a: &IpNet, b: &IpNet) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// Whether `addr` is one of the senders; an IPv4 address arriving on an IPv6 socket
/// (`::ffff:192.0.2.10`) counts as itself.
pub fn sender_matches(senders: &[IpNet], addr: IpAddr) -> bool {
    let addr = match addr {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(addr, IpAddr::V4),
        v4 => v4,
    };
    senders.iter().any(|n| n.contains(&addr))
}

/// The longest message kept; a longer one is cut (devices send what they send, and a
/// security event must not be lost for its length).
pub const MAX_MESSAGE_CHARS: usize = 4000;
/// The longest host or application name kept.
pub const MAX_NAME_CHARS: usize = 255;
/// The most events one webhook request may carry.
pub const MAX_BATCH: usize = 1000;
/// The largest webhook body accepted.
pub const MAX_WEBHOOK_BYTES: usize = 1024 * 1024;
/// Identical events from one source within this time of the last are counted on the
/// first instead of stored again, so a flood costs one row.
pub const FOLD_WINDOW: Duration = Duration::minutes(10);
/// How far ahead of the server's clock an event's own time may be.
const CLOCK_AHEAD: Duration = Duration::hours(1);

/// One event as received, checked and cut to size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventIn {
    /// When the device says it happened.
    pub occurred_at: Option<DateTime<Utc>>,
    pub host: String,
    pub app: String,
    pub severity: EventSeverity,
    pub message: String,
    /// What arrived, as it arrived (cut to size).
    pub raw: String,
}

impl EventIn {
    /// What makes two events "the same" for folding: source, host, application,
    /// severity and message (not the time, which differs in every repeat).
    pub fn fingerprint(&self, source: Uuid) -> String {
        let mut h = Sha256::new();
        for part in [
            source.to_string().as_str(),
            &self.host,
            &self.app,
            self.severity.code(),
            &self.message,
        ] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        hex::encode(&h.finalize()[..16])
    }
}

/// `s` cut to `max` characters (an ellipsis marks the cut), with any NUL character
/// replaced: PostgreSQL's text cannot hold one, and one odd byte must not cost a batch.
pub fn cut(s: &str, max: usize) -> String {
    let s: std::borrow::Cow<'_, str> = if s.contains('\0') {
        s.replace('\0', "\u{FFFD}").into()
    } else {
        s.into()
    };
    match s.char_indices().nth(max) {
        None => s.into_owned(),
        Some((i, _)) => format!("{}…", &s[..i]),
    }
}

/// Reads a webhook body: one event object, an array of them, or `{"events": [...]}`.
/// Each event has `message` (required), and may have `time` (RFC 3339), `host`, `app`
/// and `severity` (0–7, a syslog name, or high / medium / low; default notice). Every
/// problem is named by its place (`events[3].severity`), and one bad event refuses the
/// whole body, so a sender never has to guess what was kept.
pub fn parse_webhook(body: &[u8], now: DateTime<Utc>) -> Result<Vec<EventIn>, Problem> {
    let v: Value = serde_json::from_slice(body).map_err(|e| {
        Problem::new(
            format!(
                "本文が JSON として読めません（{} 行 {} 列）。",
                e.line(),
                e.column()
            ),
            format!(
                "The body is not JSON (line {}, column {}).",
                e.line(),
                e.column()
            ),
        )
    })?;
    let items = match v {
        Value::Array(a) => a,
        Value::Object(mut o) => match o.remove("events") {
            Some(Value::Array(a)) => a,
            Some(_) => {
                return Err(Problem::new(
                    "events は配列で指定してください。",
                    "events must be an array.",
                ));
            }
            None => vec![Value::Object(o)],
        },
        _ => {
            return Err(Problem::new(
                "本文はイベントのオブジェクトか、その配列にしてください。",
                "The body must be an event object or an array of them.",
            ));
        }
    };
    if items.is_empty() {
        return Err(Problem::new("イベントがありません。", "No events."));
    }
    if items.len() > MAX_BATCH {
        return Err(Problem::new(
            format!(
                "一度に送れるイベントは {MAX_BATCH} 件までです（{} 件）。",
                items.len()
            ),
            format!(
                "At most {MAX_BATCH} events per request ({} sent).",
                items.len()
            ),
        ));
    }
    let mut out = Vec::with_capacity(items.len());
    let mut problems: Vec<Problem> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match webhook_event(item, now) {
            Ok(e) => out.push(e),
            Err((field, p)) => problems.push(Problem::new(
                format!("events[{i}].{field}: {}", p.ja),
                format!("events[{i}].{field}: {}", p.en),
            )),
        }
        if problems.len() == 5 {
            break;
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Problem::new(
            problems
                .iter()
                .map(|p| p.ja.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            problems
                .iter()
                .map(|p| p.en.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        ))
    }
}

fn webhook_event(item: &Value, now: DateTime<Utc>) -> Result<EventIn, (&'static str, Problem)> {
    let Value::Object(o) = item else {
        return Err((
            "",
            Problem::new(
                "イベントはオブジェクトにしてください。",
                "An event must be an object.",
            ),
        ));
    };
    let text = |field: &'static str| -> Result<String, (&'static str, Problem)> {
        match o.get(field) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.trim().to_owned()),
            Some(_) => Err((
                field,
                Problem::new("文字列で指定してください。", "Must be a string."),
            )),
        }
    };
    let message = text("message")?;
    if message.is_empty() {
        return Err((
            "message",
            Problem::new("本文（message）は必須です。", "message is required."),
        ));
    }
    let severity = match o.get("severity") {
        None | Some(Value::Null) => EventSeverity::Notice,
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|n| u8::try_from(n).ok())
            .and_then(EventSeverity::from_number)
            .ok_or_else(|| {
                (
                    "severity",
                    Problem::new(
                        "重大度の数値は 0〜7 です。",
                        "A numeric severity is 0 to 7.",
                    ),
                )
            })?,
        Some(Value::String(s)) => EventSeverity::parse(s).map_err(|p| ("severity", p))?,
        Some(_) => {
            return Err((
                "severity",
                Problem::new(
                    "重大度は数値か名前で指定してください。",
                    "severity must be a number or a name.",
                ),
            ));
        }
    };
    let time = text("time")?;
    let occurred_at = if time.is_empty() {
        None
    } else {
        let t = DateTime::parse_from_rfc3339(&time)
            .map_err(|_| {
                (
                    "time",
                    Problem::new(
                        "日時は RFC 3339 で指定してください（例: 2026-12-06T09:30:00+09:00）。",
                        "time must be RFC 3339 (e.g. 2026-12-06T09:30:00+09:00).",
                    ),
                )
            })?
            .with_timezone(&Utc);
        if t > now + CLOCK_AHEAD {
            return Err((
                "time",
                Problem::new(
                    "日時が未来です。送信元の時計を確認してください。",
                    "time is in the future; check the sender's clock.",
                ),
            ));
        }
        Some(t)
    };
    Ok(EventIn {
        occurred_at,
        host: cut(&text("host")?, MAX_NAME_CHARS),
        app: cut(&text("app")?, MAX_NAME_CHARS),
        severity,
        message: cut(&message, MAX_MESSAGE_CHARS),
        raw: cut(&item.to_string(), MAX_MESSAGE_CHARS * 2),
    })
}

#[cfg(test)]
mod tests;
