//! Syslog lines (RFC 5424 and the older BSD form, RFC 3164) read into events, and the
//! framing of a TCP stream into lines (RFC 6587: octet counting, or one line per
//! message). The parsing itself is `syslog_loose`'s; what this module adds is the
//! strictness a security log needs — a line without a valid priority is not syslog
//! and is refused — and the Japanese facts: devices write local time without a zone
//! (read as JST), and some write Shift_JIS.

use chrono::{DateTime, Datelike, Duration, FixedOffset, Utc};
use syslog_loose::Variant;

use super::{EventIn, EventSeverity, MAX_MESSAGE_CHARS, MAX_NAME_CHARS, cut};
use crate::error::Problem;

/// The longest frame read from a TCP stream or a datagram; longer is refused.
pub const MAX_FRAME_BYTES: usize = 64 * 1024;

fn not_syslog() -> Problem {
    Problem::new(
        "syslog の形式ではありません（先頭に <優先度> がありません）。",
        "Not syslog: the line does not start with a <priority>.",
    )
}

/// The priority at the start of a line: `<0>` to `<191>`, and the rest of the line.
fn priority(line: &str) -> Result<(u8, &str), Problem> {
    let rest = line.strip_prefix('<').ok_or_else(not_syslog)?;
    let end = rest.find('>').ok_or_else(not_syslog)?;
    let digits = &rest[..end];
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_syslog());
    }
    let n: u16 = digits.parse().map_err(|_| not_syslog())?;
    if n > 191 {
        return Err(not_syslog());
    }
    Ok((n as u8, &rest[end + 1..]))
}

/// Decodes a frame: UTF-8, or Shift_JIS when it is not valid UTF-8 (many Japanese
/// appliances log in it).
pub fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        // Only the last character was cut short (a device truncating at a byte limit):
        // still UTF-8.
        Err(e) if e.error_len().is_none() => String::from_utf8_lossy(bytes).into_owned(),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
            if had_errors {
                String::from_utf8_lossy(bytes).into_owned()
            } else {
                text.into_owned()
            }
        }
    }
}

/// Reads one syslog line received at `received`. A BSD timestamp has no year and no
/// zone: the year is the one that puts it nearest before `received`, the zone JST.
pub fn parse_line(line: &str, received: DateTime<Utc>) -> Result<EventIn, Problem> {
    let line = line.trim_end_matches(['\r', '\n', '\0']).trim_start();
    let (pri, rest) = priority(line)?;
    if rest.trim().is_empty() {
        return Err(Problem::new(
            "syslog の本文がありません。",
            "The syslog line has no message.",
        ));
    }
    let jst = FixedOffset::east_opt(9 * 3600).ok_or_else(not_syslog)?;
    let local = received.with_timezone(&jst);
    let (year, month) = (local.year(), local.month());
    // December's lines read in January belong to last year.
    let get_year = move |(m, _, _, _, _): (u32, u32, u32, u32, u32)| {
        if m > month + 1 { year - 1 } else { year }
    };
    let parsed =
        syslog_loose::parse_message_with_year_exact_tz(line, get_year, Some(jst), Variant::Either);
    let severity = EventSeverity::from_number(pri & 7).unwrap_or(EventSeverity::Notice);
    let (occurred_at, host, app, message) = match parsed {
        Ok(m) => (
            m.timestamp
                .map(|t| t.with_timezone(&Utc))
                .filter(|t| *t <= received + Duration::days(1)),
            m.hostname.unwrap_or_default().to_owned(),
            m.appname.unwrap_or_default().to_owned(),
            m.msg.trim().to_owned(),
        ),
        // A valid priority followed by free text is still a device's message.
        Err(_) => (None, String::new(), String::new(), rest.trim().to_owned()),
    };
    let message = if message.is_empty() {
        rest.trim().to_owned()
    } else {
        message
    };
    Ok(EventIn {
        occurred_at,
        host: cut(&host, MAX_NAME_CHARS),
        app: cut(&app, MAX_NAME_CHARS),
        severity,
        message: cut(&message, MAX_MESSAGE_CHARS),
        raw: cut(line, MAX_MESSAGE_CHARS * 2),
    })
}

/// Splits a TCP stream into frames: `123 <34>1 …` (octet counting) or lines ending in
/// a newline (non-transparent framing); a sender may mix them.
#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
    /// How far into `buf` no line end was found.
    scanned: usize,
}

/// A frame, or a problem with the stream after which the connection should close.
pub type Frame = Result<Vec<u8>, Problem>;

impl Framer {
    /// Adds bytes read from the stream; returns the frames now complete. Each byte is
    /// looked at once while waiting for a line's end, and consumed bytes are dropped
    /// once per call, so a slow or hostile sender costs linear work.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Frame> {
        self.buf.extend_from_slice(bytes);
        let mut out = Vec::new();
        let mut at = 0;
        loop {
            while at < self.buf.len() && matches!(self.buf[at], b'\n' | b'\r' | b' ' | b'\0') {
                at += 1;
                self.scanned = self.scanned.max(at);
            }
            let rest = &self.buf[at..];
            if rest.is_empty() {
                break;
            }
            if rest[0].is_ascii_digit() {
                let Some(space) = rest.iter().take(8).position(|b| *b == b' ') else {
                    if rest.len() >= 8 {
                        out.push(Err(too_long()));
                        at = self.buf.len();
                    }
                    break;
                };
                let len: Option<usize> = std::str::from_utf8(&rest[..space])
                    .ok()
                    .and_then(|s| s.parse().ok());
                let Some(len) = len.filter(|n| *n <= MAX_FRAME_BYTES) else {
                    out.push(Err(too_long()));
                    at = self.buf.len();
                    break;
                };
                if rest.len() < space + 1 + len {
                    break;
                }
                out.push(Ok(rest[space + 1..space + 1 + len].to_vec()));
                at += space + 1 + len;
                self.scanned = self.scanned.max(at);
            } else {
                // Resume the search for the line's end where the last call stopped.
                let from = self.scanned.max(at);
                match memchr::memchr(b'\n', &self.buf[from..]) {
                    Some(i) => {
                        out.push(Ok(self.buf[at..from + i].to_vec()));
                        at = from + i + 1;
                        self.scanned = at;
                    }
                    None => {
                        self.scanned = self.buf.len();
                        if self.buf.len() - at > MAX_FRAME_BYTES {
                            out.push(Err(too_long()));
                            at = self.buf.len();
                        }
                        break;
                    }
                }
            }
        }
        self.buf.drain(..at);
        self.scanned -= at.min(self.scanned);
        out
    }

    /// The last line of a stream that closed without a newline.
    pub fn finish(&mut self) -> Option<Vec<u8>> {
        self.scanned = 0;
        let rest = std::mem::take(&mut self.buf);
        (!rest.iter().all(u8::is_ascii_whitespace)).then_some(rest)
    }
}

fn too_long() -> Problem {
    Problem::new(
        format!(
            "syslog のフレームが長すぎるか、長さの表記が不正です（上限 {MAX_FRAME_BYTES} バイト）。"
        ),
        format!(
            "A syslog frame is too long or its length is malformed (limit {MAX_FRAME_BYTES} bytes)."
        ),
    )
}
