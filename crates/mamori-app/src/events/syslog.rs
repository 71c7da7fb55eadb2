//! The syslog listener: UDP datagrams and TCP streams (octet-counted or one line per
//! message) from the addresses a syslog source names. Receiving never waits on the
//! database: lines go through a bounded queue to one writer task, which takes them in
//! batches (up to a thousand, or what arrived within a few milliseconds) and ingests
//! each source's share in one transaction. When the queue is full, lines are dropped
//! and counted rather than slowing the senders or the server.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
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
/// How often the sources are reread (a new one is heard within this time).
const REFRESH: Duration = Duration::from_secs(2);
/// A frame is cut to this before it is queued (an event keeps less anyway).
const MAX_LINE_BYTES: usize = 16 * 1024;
/// Bytes waiting for the writer, at most; beyond, lines are dropped and counted.
const MAX_QUEUED_BYTES: usize = 32 * 1024 * 1024;

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
        if cfg.udp.is_none() && cfg.tcp.is_none() {
            return Ok(out);
        }
        let shared = Shared::default();
        shared.refresh(self).await;
        out.tasks
            .push(tokio::spawn(refresh_senders(self.clone(), shared.clone())));
        if let Some(addr) = cfg.udp {
            let sock = UdpSocket::bind(addr).await?;
            out.udp = Some(sock.local_addr()?);
            out.tasks.push(tokio::spawn(receive_udp(
                self.clone(),
                shared.clone(),
                sock,
                tx.clone(),
            )));
        }
        if let Some(addr) = cfg.tcp {
            let listener = TcpListener::bind(addr).await?;
            out.tcp = Some(listener.local_addr()?);
            out.tasks.push(tokio::spawn(accept_tcp(
                self.clone(),
                shared.clone(),
                listener,
                tx.clone(),
            )));
        }
        drop(tx);
        out.tasks
            .push(tokio::spawn(write_batches(self.clone(), shared, rx)));
        Ok(out)
    }
}

/// Queues a line for the writer, cut to size; drops and counts it when the queue is
/// full or holds too many bytes.
fn offer(app: &App, shared: &Shared, tx: &mpsc::Sender<Line>, mut line: Line) {
    if let Some(f) = line.frame.as_mut() {
        f.truncate(MAX_LINE_BYTES);
    }
    let size = line.frame.as_ref().map_or(0, Vec::len);
    if shared.queued.fetch_add(size, Ordering::Relaxed) + size > MAX_QUEUED_BYTES {
        shared.queued.fetch_sub(size, Ordering::Relaxed);
        bump(&app.events.dropped);
        return;
    }
    if tx.try_send(line).is_err() {
        shared.queued.fetch_sub(size, Ordering::Relaxed);
        bump(&app.events.dropped);
    }
}

async fn receive_udp(app: App, shared: Shared, sock: UdpSocket, tx: mpsc::Sender<Line>) {
    let mut buf = vec![0u8; 65_536];
    loop {
        match sock.recv_from(&mut buf).await {
            Ok((n, peer)) => {
                // Only the senders a source names: a stranger costs a counter, no queue.
                if !shared.knows(peer.ip()) {
                    bump(&app.events.unknown_senders);
                    continue;
                }
                let frame = buf[..n].to_vec();
                offer(
                    &app,
                    &shared,
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

async fn accept_tcp(app: App, shared: Shared, listener: TcpListener, tx: mpsc::Sender<Line>) {
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
        // A stranger is hung up on at once and holds no slot.
        if !shared.knows(peer.ip()) {
            bump(&app.events.unknown_senders);
            continue;
        }
        let Ok(permit) = limit.clone().try_acquire_owned() else {
            bump(&app.events.dropped);
            continue;
        };
        let (app, shared, tx) = (app.clone(), shared.clone(), tx.clone());
        tokio::spawn(async move {
            read_stream(&app, &shared, stream, peer.ip(), &tx).await;
            drop(permit);
        });
    }
}

async fn read_stream(
    app: &App,
    shared: &Shared,
    mut stream: TcpStream,
    peer: IpAddr,
    tx: &mpsc::Sender<Line>,
) {
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
                shared,
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
            shared,
            tx,
            Line {
                peer,
                frame: Some(rest),
                at,
            },
        );
    }
}

/// A source and the sender blocks that name it.
type Known = (Vec<IpNet>, event_source::Model);

/// The enabled syslog sources and their sender addresses, shared by the receivers
/// (which refuse strangers at once) and the writer (which maps lines to sources); and
/// the bytes queued between them.
#[derive(Clone, Default)]
struct Shared {
    senders: Arc<RwLock<Vec<Known>>>,
    queued: Arc<AtomicUsize>,
}

impl Shared {
    /// Rereads the sources; the most specific block first, so a host named on its own
    /// wins over a network that contains it.
    async fn refresh(&self, app: &App) {
        match mamori_store::events::syslog_sources(app.store.conn(), true).await {
            Ok(rows) => {
                let mut list: Vec<_> = rows
                    .into_iter()
                    .filter_map(|s| parse_senders(&s.senders).ok().map(|n| (n, s)))
                    .collect();
                let widest = |nets: &Vec<IpNet>| {
                    nets.iter()
                        .map(|n| 128 - u32::from(n.prefix_len()))
                        .max()
                        .unwrap_or(0)
                };
                list.sort_by(|a, b| widest(&a.0).cmp(&widest(&b.0)).then(a.1.id.cmp(&b.1.id)));
                if let Ok(mut w) = self.senders.write() {
                    *w = list;
                }
            }
            Err(e) => tracing::warn!(error = %e, "syslog: reading the sources failed"),
        }
    }

    fn find(&self, peer: IpAddr) -> Option<event_source::Model> {
        let list = self.senders.read().ok()?;
        list.iter()
            .find(|(nets, _)| sender_matches(nets, peer))
            .map(|(_, s)| s.clone())
    }

    fn knows(&self, peer: IpAddr) -> bool {
        self.senders
            .read()
            .is_ok_and(|l| l.iter().any(|(nets, _)| sender_matches(nets, peer)))
    }
}

async fn refresh_senders(app: App, shared: Shared) {
    loop {
        tokio::time::sleep(REFRESH).await;
        shared.refresh(&app).await;
    }
}

async fn write_batches(app: App, shared: Shared, mut rx: mpsc::Receiver<Line>) {
    while let Some(first) = rx.recv().await {
        let mut lines = vec![first];
        let until = Instant::now() + LINGER;
        while lines.len() < BATCH {
            match tokio::time::timeout_at(until, rx.recv()).await {
                Ok(Some(l)) => lines.push(l),
                _ => break,
            }
        }
        let mut by_source: HashMap<Uuid, (event_source::Model, Vec<EventIn>)> = HashMap::new();
        for l in lines {
            let size = l.frame.as_ref().map_or(0, Vec::len);
            shared.queued.fetch_sub(size, Ordering::Relaxed);
            let Some(source) = shared.find(l.peer) else {
                bump(&app.events.unknown_senders);
                continue;
            };
            let parsed = l.frame.and_then(|b| parse_line(&decode(&b), l.at).ok());
            match parsed {
                Some(mut e) => {
                    if e.host.is_empty() {
                        e.host = l.peer.to_string();
                    }
                    by_source
                        .entry(source.id)
                        .or_insert_with(|| (source, Vec::new()))
                        .1
                        .push(e);
                }
                None => app.events.count(source.id, |c| c.unreadable += 1),
            }
        }
        for (source, events) in by_source.into_values() {
            if let Err(e) = app.ingest(&source, events).await {
                tracing::error!(error = %e, source = %source.name, "syslog: storing events failed");
            }
        }
    }
}
