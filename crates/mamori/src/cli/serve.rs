//! `mamori serve`: the web server, with the audit chain heads signed on a timer and once
//! more at shutdown, and housekeeping between requests.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use clap::Args;

use super::directory::DirectoryArgs;
use super::oidc::OidcArgs;
use super::shared::{DbArgs, MailArgs, explain, open_with};

#[derive(Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "MAMORI_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Mark cookies Secure (set when served over TLS or behind a TLS proxy).
    #[arg(long, env = "MAMORI_SECURE_COOKIES")]
    secure_cookies: bool,
    /// The address people use to reach the server, for the printed setup link.
    #[arg(long, env = "MAMORI_PUBLIC_URL")]
    public_url: Option<String>,
    /// Seconds between signatures of the audit chain heads (also signed at shutdown).
    #[arg(long, env = "MAMORI_AUDIT_SIGN_INTERVAL", default_value_t = 300)]
    sign_interval: u64,
    /// Seconds a running job holds its lease between renewals; a server that dies
    /// mid-run hands its job to another server after at most this long.
    #[arg(long, env = "MAMORI_JOB_LEASE", default_value_t = 60)]
    job_lease: u64,
    /// Receive syslog over UDP on this address (e.g. 0.0.0.0:514) from the senders of
    /// the organization's syslog sources.
    #[arg(long, env = "MAMORI_SYSLOG_UDP")]
    syslog_udp: Option<SocketAddr>,
    /// Receive syslog over TCP (octet-counted or one line per message) on this address.
    #[arg(long, env = "MAMORI_SYSLOG_TCP")]
    syslog_tcp: Option<SocketAddr>,
    #[command(flatten)]
    mail: MailArgs,
    #[command(flatten)]
    directory: DirectoryArgs,
    #[command(flatten)]
    oidc: OidcArgs,
}

pub(crate) async fn run(db: &DbArgs, args: ServeArgs, started: Instant) -> Result<ExitCode> {
    let ServeArgs {
        listen,
        secure_cookies,
        public_url,
        sign_interval,
        job_lease,
        syslog_udp,
        syslog_tcp,
        mail,
        directory,
        oidc,
    } = args;
    let config = mamori_app::AppConfig {
        public_url: public_url.clone(),
        sign_every_secs: sign_interval.max(1),
        job_lease: chrono::Duration::seconds(job_lease.clamp(3, 3600) as i64),
        ..Default::default()
    };
    let app = directory.sign_in_through(open_with(db, config, Some(&mail)).await?)?;
    let app = oidc.sign_in_through(app, public_url.as_deref())?;
    tracing::info!(database = %app.system().database(), "database ready");
    match app.mail_server() {
        Some(server) => tracing::info!(%server, "mail configured"),
        None => tracing::info!(
            "mail is not configured (MAMORI_SMTP_URL, MAMORI_MAIL_FROM): notices stay in the inbox and the outbox"
        ),
    }
    app.prepare_jobs().await.map_err(explain)?;
    let state = mamori_web::WebState::new(app.clone(), secure_cookies);
    if app.needs_setup().await.map_err(explain)? {
        let token = state.issue_setup_token();
        let base = public_url.unwrap_or_else(|| format!("http://{listen}"));
        println!("初期設定のURL / first-run setup: {base}/setup?token={token}");
        println!("（このURLは一度だけ使えます / the link works once）");
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, startup_ms = started.elapsed().as_millis() as u64, "listening");
    println!("listening on http://{addr}");
    let _ = std::io::stdout().flush();
    let warm = tokio::spawn({
        let app = app.clone();
        async move {
            if let Err(e) = app.system().warm_up().await {
                tracing::warn!(error = %e, "warming up the register indexes failed");
            }
        }
    });
    let jobs = spawn_jobs(&app);
    let syslog = app
        .listen_syslog(&mamori_app::events::SyslogConfig {
            udp: syslog_udp,
            tcp: syslog_tcp,
        })
        .await
        .context("cannot listen for syslog")?;
    for (proto, at) in [("udp", syslog.udp), ("tcp", syslog.tcp)] {
        if let Some(at) = at {
            tracing::info!(%at, proto, "receiving syslog");
            println!("syslog ({proto}) on {at}");
        }
    }
    mamori_web::serve(listener, state, shutdown_signal()).await?;
    warm.abort();
    drop(syslog);
    for j in jobs {
        j.abort();
        let _ = j.await;
    }
    if let Err(e) = app.release_jobs().await {
        tracing::warn!(error = %e, "releasing this server's jobs failed");
    }
    tracing::info!("shutting down: signing the audit chain heads and closing the database");
    if let Err(e) = app.sign_heads().await {
        tracing::error!(error = %e, "signing the audit chain heads at shutdown failed");
    }
    app.system().close().await.map_err(|e| anyhow!("{e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// One task per job, each asking every second whether its job is due; the database's
/// lease decides which server runs it.
fn spawn_jobs(app: &mamori_app::App) -> Vec<tokio::task::JoinHandle<()>> {
    mamori_app::jobs::JOBS
        .iter()
        .map(|job| {
            let app = app.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    match app.run_job_if_due(job.name).await {
                        Ok(Some(run)) if !run.ok => {
                            tracing::warn!(job = run.name, message = %run.message, "job failed")
                        }
                        Ok(Some(run)) => {
                            tracing::debug!(job = run.name, message = %run.message, "job ran")
                        }
                        Ok(None) => {}
                        Err(e) => tracing::warn!(job = job.name, error = %e, "job not run"),
                    }
                }
            })
        })
        .collect()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("signal received; finishing in-flight requests");
}
