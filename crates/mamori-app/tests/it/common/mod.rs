//! The environments the use-case tests run in: a fresh organization on SQLite and on
//! PostgreSQL (a throwaway cluster when none is given), with a fixed clock.

#![allow(dead_code, clippy::unwrap_used)]

use std::sync::Arc;

use mamori_app::authz::Actor;
use mamori_app::clock::SeededRandom;
use mamori_app::orgs::OrgInput;
use mamori_app::roles::RoleInput;
use mamori_app::settings::SettingsKey;
use mamori_app::setup::SetupInput;
use mamori_app::signing::AuditSigner;
use mamori_app::staff::StaffInput;
use mamori_app::{App, AppConfig, AppError, FixedClock, Store};

pub const PASSWORD: &str = "みどり市の安全を守る2026";

pub struct Env {
    pub name: &'static str,
    pub app: App,
    /// The database itself, as someone with access to it but not to Mamori sees it.
    pub db: Store,
    pub clock: Arc<FixedClock>,
    _dir: tempfile::TempDir,
}

pub async fn envs() -> Vec<Env> {
    let mut out = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let sqlite = mamori_store::sqlite_url_for_dir(dir.path()).unwrap();
    let mut urls = vec![("sqlite", sqlite)];
    if let Some(pg) = mamori_testkit::pg::fresh_database() {
        urls.push(("postgres", pg));
    }
    for (name, url) in urls {
        let store = Store::open(&url, 8).await.unwrap();
        let clock = Arc::new(FixedClock::new("2026-04-01T00:00:00Z".parse().unwrap()));
        let db = store.clone();
        let app = App::new(
            store,
            clock.clone(),
            Arc::new(SeededRandom::new(7)),
            AppConfig::default(),
        );
        let key = dir.path().join(format!("{name}.key"));
        let app = app
            .with_signer(AuditSigner::load_or_create(&key, &SeededRandom::new(99)).unwrap())
            .with_settings_key(SettingsKey::from_bytes([5; 32]));
        app.initialize(
            &SetupInput {
                org: OrgInput {
                    name: "テスト市".into(),
                    code: "131016".into(),
                    prefecture: String::new(),
                },
                login: "ciso".into(),
                name: "情報 太郎".into(),
                employee_number: String::new(),
                password: PASSWORD.into(),
                require_mfa_for_admins: Some(false),
                scheme: String::new(),
            },
            "cli:test",
            "cli",
        )
        .await
        .unwrap();
        out.push(Env {
            name,
            app,
            db,
            clock,
            _dir: tempfile::tempdir().unwrap(),
        });
    }
    // Keep the SQLite directory alive as long as the envs.
    if let Some(first) = out.first_mut() {
        first._dir = dir;
    }
    out
}

/// A staff member with an account and these roles (`(role, department code)`), signed
/// in: the actor their session carries.
pub async fn signed_in(
    app: &App,
    cli: &Actor,
    staff: StaffInput,
    login: &str,
    roles: &[(&str, &str)],
) -> Actor {
    let s = app.create_staff(cli, &staff).await.unwrap();
    for (role, department) in roles {
        app.assign_role(
            cli,
            s.id,
            &RoleInput {
                role: (*role).into(),
                department: (*department).into(),
                ..RoleInput::default()
            },
        )
        .await
        .unwrap();
    }
    app.create_account(cli, s.id, login, PASSWORD)
        .await
        .unwrap();
    let new = app.login(login, PASSWORD, "test").await.unwrap().unwrap();
    app.session(&new.cookie, "test").await.unwrap().actor
}

/// The app sending mail to the test's SMTP server.
pub fn with_mail(app: &App, smtp: &mamori_testkit::smtp::SmtpServer) -> App {
    app.clone()
        .with_mail(&mamori_app::notify::MailSettings {
            url: smtp.url(),
            from: "Mamori <isms@city.example.lg.jp>".into(),
            ca_file: None,
        })
        .unwrap()
}

/// Departments as `(code, name, parent code)`, parents first.
pub async fn departments(app: &App, cli: &Actor, rows: &[(&str, &str, &str)]) {
    for (code, name, parent) in rows {
        let d = mamori_app::departments::DepartmentInput {
            code: (*code).into(),
            name: (*name).into(),
            parent: (*parent).into(),
            ..Default::default()
        };
        app.create_department(cli, &d).await.unwrap();
    }
}

/// A staff member of `department` (by code) with a work address.
pub fn staff(number: &str, name: &str, department: &str) -> StaffInput {
    StaffInput {
        employee_number: number.into(),
        name: name.into(),
        department: department.into(),
        email: format!("{}@city.example.lg.jp", number.to_lowercase()),
        ..StaffInput::default()
    }
}

/// The fields a refusal names, in order.
pub fn fields(e: AppError) -> Vec<String> {
    match e {
        AppError::Invalid(inv) => inv.0.into_iter().map(|e| e.field).collect(),
        other => panic!("expected a refusal by field, got {other:?}"),
    }
}

/// The subjects in someone's inbox, newest first.
pub async fn subjects(app: &mamori_app::App, who: &Actor) -> Vec<String> {
    app.inbox(who, "ja", false, mamori_app::PageRequest::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|n| n.subject)
        .collect()
}
