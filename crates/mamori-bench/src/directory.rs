//! `mamori-bench directory`: sign-in through a real directory (slapd over LDAPS, on
//! the same cores) beside one raw bind from the same process, and the staff sync of a
//! directory of several thousand people — the first run, which adds everyone, and a
//! run with nothing to change — beside reading the same entries page by page.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use mamori_app::directory::{Directory, DirectorySettings};
use mamori_app::{App, AppConfig, FixedClock, OsRandom, Store};
use mamori_testkit::ldap::{BASE_DN, LdapServer, SERVICE_DN, SERVICE_PASSWORD};

use crate::assets::scratch::Scratch;
use crate::procs::cpu_model;
use crate::stats::thousands;

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub people: usize,
    pub sign_ins: usize,
    pub pg_url: Option<String>,
}

fn settings(s: &LdapServer) -> DirectorySettings {
    let mut d = DirectorySettings::active_directory(
        vec![s.ldaps_url()],
        BASE_DN,
        SERVICE_DN,
        SERVICE_PASSWORD,
    );
    d.ca_file = Some(s.ca_file());
    d.kana_attr = Some("msDS-PhoneticDisplayName".into());
    d.sync_filter = "(objectClass=inetOrgPerson)".into();
    d
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub async fn run(opts: &Options) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("== mamori-bench directory ==");
    println!("machine:     {cores} core(s), {}", cpu_model());
    println!(
        "directory:   slapd over LDAPS with {} generated people, on the same cores",
        thousands(opts.people as f64)
    );
    let s = LdapServer::start(opts.people)
        .ok_or_else(|| anyhow!("no slapd (apt-get install slapd ldap-utils)"))?;
    let dir = Directory::new(settings(&s)).map_err(|e| anyhow!("{e}"))?;
    let people: Vec<_> = s
        .users
        .iter()
        .filter(|u| !u.disabled && !u.expired)
        .take(opts.sign_ins)
        .cloned()
        .collect();

    // Raw: one LDAPS connection and one bind as the person, nothing else.
    let mut raw = Vec::new();
    for u in &people {
        let t = Instant::now();
        dir.bind_as(&u.dn, &u.password)
            .await
            .map_err(|e| anyhow!("{e}"))?;
        raw.push(t.elapsed());
    }
    let raw_ms = ms(median(raw));
    println!();
    println!(
        "sign-in, median of {}: raw bind {:.2} ms",
        people.len(),
        raw_ms
    );

    let dir_tmp = tempfile::tempdir()?;
    let mut dbs = vec![(
        "SQLite",
        mamori_store::sqlite_url_for_dir(dir_tmp.path())?,
        None,
    )];
    if let Some(pg) = &opts.pg_url {
        let scratch = Scratch::create(pg, "directory").await?;
        dbs.push(("PostgreSQL", scratch.url.clone(), Some(scratch)));
    }
    // Reading everyone, page by page: what any sync costs before it compares.
    let t = Instant::now();
    let read = dir.people().await.map_err(|e| anyhow!("{e}"))?;
    let read_time = t.elapsed();
    println!(
        "reading the directory: {} entries in {:.2} s (paged, 500 a page)",
        thousands(read.len() as f64),
        read_time.as_secs_f64()
    );
    for (label, url, scratch) in dbs {
        let store = Store::open(&url, 8).await.map_err(|e| anyhow!("{e}"))?;
        let app = App::new(
            store.clone(),
            Arc::new(FixedClock::new(chrono::Utc::now())),
            Arc::new(OsRandom),
            AppConfig::default(),
        );
        crate::data::set_up_city(&app, "ciso").await?;
        let cli = app
            .cli_actor(None, "bench")
            .await
            .map_err(|e| anyhow!("{e}"))?;
        for code in ["310", "320", "110", "610"] {
            app.create_department(
                &cli,
                &mamori_app::departments::DepartmentInput {
                    code: code.into(),
                    name: format!("課{code}"),
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| anyhow!("{e}"))?;
        }
        let app = app.with_directory(None, dir.clone(), Vec::new());
        println!();
        println!("{label}:");
        for run in ["first sync", "no-change sync"] {
            let t = Instant::now();
            let r = app
                .sync_staff(&cli, &dir, false, 10)
                .await
                .map_err(|e| anyhow!("{e}"))?;
            let took = t.elapsed();
            if !r.is_ok() {
                return Err(anyhow!("the sync stopped: {:?}", r.problems.first()));
            }
            println!(
                "  {run:<15} {:>6.2} s  ({:.2}× reading the directory): {} new, {} changed, {} retired, {} unchanged",
                took.as_secs_f64(),
                took.as_secs_f64() / read_time.as_secs_f64(),
                thousands(r.created.len() as f64),
                r.updated.len(),
                r.retired.len(),
                thousands(r.unchanged as f64)
            );
        }
        // A first sign-in makes the account (the sync made the staff record); later ones
        // find it.
        let mut first = Vec::new();
        let mut later = Vec::new();
        for u in &people {
            for times in [&mut first, &mut later] {
                let t = Instant::now();
                app.login(&u.login, &u.password, "192.0.2.1")
                    .await
                    .map_err(|e| anyhow!("{e}"))?
                    .map_err(|r| anyhow!("sign-in of {} refused: {:?}", u.login, r.problem))?;
                times.push(t.elapsed());
            }
        }
        let (first, later) = (ms(median(first)), ms(median(later)));
        println!(
            "  sign-in, first (makes the account): {:>7.2} ms  ({:.2}× raw bind)",
            first,
            first / raw_ms
        );
        println!(
            "  sign-in, later:                     {:>7.2} ms  ({:.2}× raw bind)",
            later,
            later / raw_ms
        );
        app.system().close().await.map_err(|e| anyhow!("{e}"))?;
        if let Some(s) = scratch {
            s.drop_database().await?;
        }
    }
    Ok(())
}
