//! The raw baseline: an axum server with one constant JSON response and nothing else
//! (no middleware, no database). Whatever Mamori costs on top of it is the figure.

use std::net::SocketAddr;
use std::thread::JoinHandle;

use anyhow::{Context, Result, anyhow};
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::sync::oneshot;

/// The constant body of the baseline handler.
pub const BODY: &str = r#"{"status":"ok","service":"baseline"}"#;

async fn constant() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], BODY)
}

/// What a webhook receiver does at the least: read the JSON body, answer 202.
async fn ingest(body: axum::body::Bytes) -> impl IntoResponse {
    match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(_) => (axum::http::StatusCode::ACCEPTED, BODY),
        Err(_) => (axum::http::StatusCode::UNPROCESSABLE_ENTITY, BODY),
    }
}

async fn ready() -> &'static str {
    "ready"
}

/// The baseline router: `/` answers [`BODY`], `POST /ingest` parses a JSON body and
/// answers 202, `/readyz` answers `ready`.
pub fn router() -> Router {
    Router::new()
        .route("/", get(constant))
        .route("/ingest", axum::routing::post(ingest))
        .route("/readyz", get(ready))
}

/// Serves the baseline on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    axum::serve(listener, router())
        .with_graceful_shutdown(shutdown)
        .await
        .context("baseline server")
}

/// A baseline server inside the bench process, on its own runtime and threads (as
/// many as a server process would have), so it does not share the load generator's
/// scheduler.
pub struct InProcess {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<Result<()>>>,
}

impl InProcess {
    pub fn start(worker_threads: usize) -> Result<Self> {
        let std_listener =
            std::net::TcpListener::bind("127.0.0.1:0").context("binding the baseline port")?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("baseline".into())
            .spawn(move || -> Result<()> {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(worker_threads.max(1))
                    .thread_name("baseline-worker")
                    .enable_all()
                    .build()
                    .context("baseline runtime")?;
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(std_listener)?;
                    serve(listener, async move {
                        let _ = stopped.await;
                    })
                    .await
                })
            })
            .context("starting the baseline thread")?;
        Ok(Self {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    pub fn stop(mut self) -> Result<()> {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        match self.thread.take() {
            Some(t) => t
                .join()
                .map_err(|_| anyhow!("the baseline thread panicked"))?,
            None => Ok(()),
        }
    }
}
