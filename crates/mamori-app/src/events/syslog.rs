//! The syslog listener: UDP datagrams and TCP streams (octet-counted or one line per
//! message) from the addresses a syslog source names. Receiving never waits on the
//! database: lines go through a bounded queue to one writer task, which takes them in
//! batches (up to a thousand, or what arrived within a few milliseconds) and ingests
//! each source's share in one transaction. When the queue is full, lines are dropped
//! and counted rather than slowing the senders or the server.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use mamori_domain::event::syslog::{Framer, decode, parse_line};
use mamori_domain::event::{EventIn, IpNet, parse_senders, sender_matches};
use mamori_store::entity::event_source;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinHandle;
use tokio::time::Instant;
use uuid::Uuid;

use super::runtime::bump;
use crate::App;

/// Where to listen; either may be off.
#[derive(Debug, Clone, Default)]
pub struct SyslogConfig {
    pub udp: Option<SocketAddr>,
    pub tcp: Option<SocketAddr>,
}

/// The running listeners (stopped when dropped) and the addresses they are bound to.
pub struct SyslogListeners {
    pub udp: Option<SocketAddr>,
    pub tcp: Option<SocketAddr>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for SyslogListeners {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Lines waiting for the writer.
const QUEUE: usize = 50_000;
/// The most lines ingested in one batch.
const BATCH: usize = 1_000;
/// How long the writer waits for more lines before writing what it has.
const LINGER: Duration = Duration::from_millis(20);
/// Open TCP connections at most; more are closed at once.
const MAX_CONNECTIONS: usize = 256;
/// A TCP connection silent this long is closed.
const IDLE: Duration = Duration::from_secs(600);
/// How often the writer rereads the sources (a new one is seen within this time, or
/// at once when an unknown address sends and the list is older than a second).
const REFRESH: Duration = Duration::from_secs(5);

struct Line {
    peer: IpAddr,
    /// The frame, or none when the stream's framing was broken.
    frame: Option<Vec<u8>>,
    at: DateTime<Utc>,
}

impl App {
    /// Starts the listeners configured.
    pub async fn listen_syslog(&self, cfg: &SyslogConfig) -> std::io::Result<SyslogListeners> {
        let (tx, rx) = mpsc::channel(QUEUE);
        let mut out = SyslogListeners {
            udp: None,
            tcp: None,
            tasks: Vec::new(),
        };
        if let Some(addr) = cfg.udp {
            let sock = UdpSocket::bind(addr).await?;
            out.udp = Some(sock.local_addr()?);
            out.tasks
                .push(tokio::spawn(receive_udp(self.clone(), sock, tx.clone())));
        }
        if let Some(addr) = cfg.tcp {
            let listener = TcpListener::bind(addr).await?;
            out.tcp = Some(listener.local_addr()?);
            out.tasks
                .push(tokio::spawn(accept_tcp(self.clone(), listener, tx.clone())));
        }
        drop(tx);
        out.tasks
            .push(tokio::spawn(write_batches(self.clone(), rx)));
        Ok(out)
    }
}

fn offer(app: &App, tx: &mpsc::Sender<Line>, line: Line) {
    if tx.try_send(line).is_err() {
        bump(&app.events.dropped);
    }
}

async fn receive_udp(app: App, sock: UdpSocket, tx: mpsc::Sender<Line>) {
    let mut buf = vec![0u8; 65_536];
    loop {
        match sock.recv_from(&mut buf).await {
            Ok((n, peer)) => {
                let frame = buf[..n].to_vec();
                offer(
                    &app,
                    &tx,
                    Line {
                        peer: peer.ip(),
                        frame: Some(frame),
                        at: app.now(),
                    },
                );
            }
            Err(e) => {
                tracing::warn!(error = %e, "syslog: UDP receive failed");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    }
}

async fn accept_tcp(app: App, listener: TcpListener, tx: mpsc::Sender<Line>) {
    let limit = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(x) => x,
            Err(e) => {
                tracing::warn!(error = %e, "syslog: TCP accept failed");
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let Ok(permit) = limit.clone().try_acquire_owned() else {
            bump(&app.events.dropped);
            continue;
        };
        let (app, tx) = (app.clone(), tx.clone());
        tokio::spawn(async move {
            read_stream(&app, stream, peer.ip(), &tx).await;
            drop(permit);
        });
    }
}

async fn read_stream(app: &App, mut stream: TcpStream, peer: IpAddr, tx: &mpsc::Sender<Line>) {
    let mut framer = Framer::default();
    let mut buf = vec![0u8; 16_384];
    loop {
        let n = match tokio::time::timeout(IDLE, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
            Ok(Ok(n)) => n,
        };
        for frame in framer.push(&buf[..n]) {
            let broken = frame.is_err();
            let at = app.now();
            offer(
                app,
                tx,
                Line {
                    peer,
                    frame: frame.ok(),
                    at,
                },
            );
            if broken {
                // The stream's framing is lost; what follows cannot be trusted.
                return;
            }
        }
    }
    if let Some(rest) = framer.finish() {
        let at = app.now();
        offer(
            app,
            tx,
            Line {
                peer,
                frame: Some(rest),
                at,
            },
        );
    }
}

/// The enabled syslog sources and their sender addresses.
#[derive(Default)]
struct Senders {
    loaded: Option<Instant>,
    list: Vec<(Vec<IpNet>, event_source::Model)>,
}

impl Senders {
    async fn refresh(&mut self, app: &App, unknown_seen: bool) {
        let age = self.loaded.map(|t| t.elapsed());
        let stale = age.is_none_or(|a| a > REFRESH || (unknown_seen && a > Duration::from_secs(1)));
        if !stale {
            return;
        }
        match mamori_store::events::syslog_sources(app.store.conn()).await {
            Ok(rows) => {
                self.list = rows
                    .into_iter()
                    .filter_map(|s| parse_senders(&s.senders).ok().map(|n| (n, s)))
                    .collect();
                self.loaded = Some(Instant::now());
            }
            Err(e) => tracing::warn!(error = %e, "syslog: reading the sources failed"),
        }
    }

    fn find(&self, peer: IpAddr) -> Option<&event_source::Model> {
        self.list
            .iter()
            .find(|(nets, _)| sender_matches(nets, peer))
            .map(|(_, s)| s)
    }
}

async fn write_batches(app: App, mut rx: mpsc::Receiver<Line>) {
    let mut senders = Senders::default();
    while let Some(first) = rx.recv().await {
        let mut lines = vec![first];
        let until = Instant::now() + LINGER;
        while lines.len() < BATCH {
            match tokio::time::timeout_at(until, rx.recv()).await {
                Ok(Some(l)) => lines.push(l),
                _ => break,
            }
        }
        senders.refresh(&app, false).await;
        if lines.iter().any(|l| senders.find(l.peer).is_none()) {
            senders.refresh(&app, true).await;
        }
        let mut by_source: HashMap<Uuid, Vec<EventIn>> = HashMap::new();
        for l in lines {
            let Some(source) = senders.find(l.peer) else {
                bump(&app.events.unknown_senders);
                continue;
            };
            let parsed = l.frame.and_then(|b| parse_line(&decode(&b), l.at).ok());
            match parsed {
                Some(mut e) => {
                    if e.host.is_empty() {
                        e.host = l.peer.to_string();
                    }
                    by_source.entry(source.id).or_default().push(e);
                }
                None => app.events.count(source.id, |c| c.unreadable += 1),
            }
        }
        for (id, events) in by_source {
            let Some((_, source)) = senders.list.iter().find(|(_, s)| s.id == id) else {
                continue;
            };
            if let Err(e) = app.ingest(source, events).await {
                tracing::error!(error = %e, source = %source.name, "syslog: storing events failed");
            }
        }
    }
}
