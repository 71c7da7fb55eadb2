//! Connection settings saved from the screens, against a real directory (slapd over
//! LDAPS) and a real mail server (aiosmtpd), on SQLite and PostgreSQL: bad input is
//! refused field by field and saves nothing; a wrong password is named by the test
//! button; a save on one server signs people in on another without a restart; the
//! secret is sealed (not in the database, not in the audit log) and a server without
//! the key says so; configuration wins and makes the screen read-only.

use std::sync::Arc;
use std::time::Duration;

use mamori_app::clock::SeededRandom;
use mamori_app::directory::{Directory, DirectorySettings};
use mamori_app::settings::{ConnectionKind, DirectoryInput, MailInput, SettingsKey, Source};
use mamori_app::{App, AppConfig, AppError, PageRequest};
use mamori_testkit::ldap::{BASE_DN, LdapServer, SERVICE_DN, SERVICE_PASSWORD};
use mamori_testkit::smtp::SmtpServer;

use crate::common::{Env, envs};

const KEY: [u8; 32] = [42; 32];

/// Another server on the same database, with its own connections and clock.
fn second_server(e: &Env, key: Option<[u8; 32]>) -> App {
    let app = App::new(
        e.db.clone(),
        e.clock.clone(),
        Arc::new(SeededRandom::new(11)),
        AppConfig::default(),
    );
    match key {
        Some(k) => app.with_settings_key(SettingsKey::from_bytes(k)),
        None => app,
    }
}

fn form(s: &LdapServer, password: &str) -> DirectoryInput {
    DirectoryInput {
        urls: format!("{}\n", s.ldaps_url()),
        ca_file: s.ca_file().display().to_string(),
        bind_dn: SERVICE_DN.into(),
        bind_password: password.into(),
        base_dn: BASE_DN.into(),
        ..DirectoryInput::active_directory()
    }
}

async fn signs_in(app: &App, login: &str, password: &str) -> bool {
    app.login(login, password, "192.0.2.9")
        .await
        .unwrap()
        .is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn directory_settings_saved_on_one_server_sign_people_in_on_another() {
    let Some(s) = LdapServer::start(12) else {
        return;
    };
    let person = s.active_user().clone();
    for e in envs().await {
        let name = e.name;
        let a = e
            .app
            .clone()
            .with_settings_key(SettingsKey::from_bytes(KEY));
        let b = second_server(&e, Some(KEY));
        let admin = a.cli_actor(None, "test").await.unwrap();
        assert!(
            !signs_in(&b, &person.login, &person.password).await,
            "[{name}] no directory yet"
        );

        // Bad input: every problem by field, and nothing saved.
        let bad = DirectoryInput {
            urls: "http://dc1.city.local".into(),
            user_filter: "(sAMAccountName=fixed)".into(),
            lock_after: "1".into(),
            group_roles: "csirt".into(),
            ..form(&s, SERVICE_PASSWORD)
        };
        let Err(AppError::Invalid(inv)) = a.save_directory_settings(&admin, &bad).await else {
            panic!("[{name}] bad settings must be refused");
        };
        let fields: Vec<&str> = inv.0.iter().map(|f| f.field.as_str()).collect();
        for f in ["urls", "user_filter", "lock_after", "group_roles"] {
            assert!(fields.contains(&f), "[{name}] {f} in {fields:?}");
        }
        let view = a.directory_settings(&admin).await.unwrap();
        assert_eq!(view.source, Source::Unset, "[{name}]");
        assert!(view.overview.is_none(), "[{name}]");

        // The test button uses the typed values and names the refusal; saves nothing.
        let Err(AppError::Unavailable(p)) = a
            .test_directory_settings(&admin, &form(&s, "wrong-password"), None)
            .await
        else {
            panic!("[{name}] a wrong bind password must fail the test");
        };
        assert!(p.ja.contains("バインドが拒否"), "[{name}] {}", p.ja);
        let steps = a
            .test_directory_settings(&admin, &form(&s, SERVICE_PASSWORD), Some(&person.login))
            .await
            .unwrap();
        assert!(
            steps.last().unwrap().contains(&person.name),
            "[{name}] {steps:?}"
        );
        assert!(a.directory_settings(&admin).await.unwrap().saved.is_none());

        // Saved on A: B signs the person in at once.
        a.save_directory_settings(&admin, &form(&s, SERVICE_PASSWORD))
            .await
            .unwrap();
        assert!(
            signs_in(&b, &person.login, &person.password).await,
            "[{name}] the other server uses the saved directory"
        );
        let view = b.directory_settings(&admin).await.unwrap();
        assert_eq!(view.source, Source::Screen, "[{name}]");
        assert!(view.secret_set && view.problem.is_none(), "[{name}]");
        assert!(view.form.bind_password.is_empty(), "[{name}] never shown");
        assert_eq!(view.overview.unwrap().bind_dn, SERVICE_DN);

        // The password is in neither the database nor the audit log, in any form.
        let raw = mamori_store::settings::get(e.db.conn(), "directory")
            .await
            .unwrap()
            .unwrap();
        let sealed = raw.secret.clone().unwrap();
        for text in [&raw.fields, &sealed] {
            assert!(!text.contains(SERVICE_PASSWORD), "[{name}]");
            assert!(!text.contains(&hex::encode(SERVICE_PASSWORD)), "[{name}]");
        }
        let audit = a
            .audit_list(&admin, &Default::default(), PageRequest::default())
            .await
            .unwrap();
        let entry = audit
            .items
            .iter()
            .find(|r| r.action == "settings.directory")
            .expect("the save is audited");
        let logged = serde_json::to_string(&entry.changes).unwrap();
        assert!(logged.contains(SERVICE_DN), "[{name}] {logged}");
        assert!(!logged.contains(SERVICE_PASSWORD), "[{name}] {logged}");

        // Saved again with the password left empty: it is kept.
        let relock = DirectoryInput {
            lock_after: "6".into(),
            ..form(&s, "")
        };
        a.save_directory_settings(&admin, &relock).await.unwrap();
        assert_eq!(
            mamori_store::settings::get(e.db.conn(), "directory")
                .await
                .unwrap()
                .unwrap()
                .secret,
            Some(sealed),
            "[{name}] the sealed password is kept as it was"
        );
        let view = b.directory_settings(&admin).await.unwrap();
        assert_eq!(view.overview.unwrap().lock_after, 6, "[{name}]");

        // A server without the key cannot open it, and says so.
        let keyless = second_server(&e, None);
        let view = keyless.directory_settings(&admin).await.unwrap();
        assert!(!view.key_ready, "[{name}]");
        let problem = view.problem.expect("a saved secret it cannot open");
        assert!(
            problem.en.contains("settings key"),
            "[{name}] {}",
            problem.en
        );
        assert!(!signs_in(&keyless, &person.login, &person.password).await);
        let wrong_key = second_server(&e, Some([1; 32]));
        let view = wrong_key.directory_settings(&admin).await.unwrap();
        assert!(view.problem.unwrap().en.contains("cannot be opened"));

        // Cleared: the other server stops signing people in through it.
        a.clear_connection_settings(&admin, ConnectionKind::Directory)
            .await
            .unwrap();
        assert!(
            !signs_in(&b, &person.login, &person.password).await,
            "[{name}] cleared everywhere"
        );
        assert_eq!(
            b.directory_settings(&admin).await.unwrap().source,
            Source::Unset
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_configuration_wins_and_the_screen_cannot_change_it() {
    let Some(s) = LdapServer::start(4) else {
        return;
    };
    for e in envs().await {
        let mut d =
            DirectorySettings::active_directory(vec![s.ldaps_url()], BASE_DN, SERVICE_DN, "x");
        d.ca_file = Some(s.ca_file());
        let app = e
            .app
            .clone()
            .with_settings_key(SettingsKey::from_bytes(KEY))
            .with_directory(None, Directory::new(d).unwrap(), Vec::new());
        let admin = app.cli_actor(None, "test").await.unwrap();
        let view = app.directory_settings(&admin).await.unwrap();
        assert_eq!(view.source, Source::Configuration, "[{}]", e.name);
        assert!(!view.editable());
        let Err(AppError::Conflict(p)) = app
            .save_directory_settings(&admin, &form(&s, SERVICE_PASSWORD))
            .await
        else {
            panic!(
                "[{}] the screen must not override the configuration",
                e.name
            );
        };
        assert!(p.en.contains("configuration"), "{}", p.en);
        assert_eq!(
            mamori_store::settings::revision(e.db.conn()).await.unwrap(),
            0
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_settings_saved_on_the_screen_send_the_test_mail_and_the_outbox() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    for e in envs().await {
        let name = e.name;
        let app = e
            .app
            .clone()
            .with_settings_key(SettingsKey::from_bytes(KEY));
        let admin = app.cli_actor(None, "test").await.unwrap();
        assert!(!app.mail_ready().await, "[{name}]");
        let input = MailInput {
            url: smtp.url(),
            from: "情報セキュリティ <isms@city.example.lg.jp>".into(),
            ..Default::default()
        };

        let Err(AppError::Invalid(inv)) = app
            .save_mail_settings(
                &admin,
                &MailInput {
                    url: "smtp://user:pw@mail".into(),
                    from: "not an address".into(),
                    ..Default::default()
                },
            )
            .await
        else {
            panic!("[{name}] bad mail settings must be refused");
        };
        let fields: Vec<&str> = inv.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["url", "from"], "[{name}]");
        let Err(AppError::Invalid(inv)) = app
            .save_mail_settings(
                &admin,
                &MailInput {
                    user: "mamori".into(),
                    ..input.clone()
                },
            )
            .await
        else {
            panic!("[{name}] a user name without a password must be refused");
        };
        assert!(inv.0[0].en.contains("password"), "[{name}]");

        let before = smtp.messages().len();
        let answer = app
            .test_mail_settings(&admin, &input, "ciso@city.example.lg.jp")
            .await
            .unwrap();
        assert!(!answer.is_empty(), "[{name}]");
        let got = smtp.wait_for(before + 1, Duration::from_secs(5));
        assert!(got[before].contains("ciso@city.example.lg.jp"), "[{name}]");
        assert!(!app.mail_ready().await, "[{name}] trying saves nothing");

        app.save_mail_settings(&admin, &input).await.unwrap();
        assert!(app.mail_ready().await, "[{name}]");
        let view = app.mail_settings(&admin).await.unwrap();
        assert_eq!(view.source, Source::Screen);
        assert_eq!(
            view.overview.unwrap().from,
            "情報セキュリティ <isms@city.example.lg.jp>"
        );
        app.send_test_mail(&admin, "deputy@city.example.lg.jp")
            .await
            .unwrap();
        let got = smtp.wait_for(before + 2, Duration::from_secs(5));
        assert!(got[before + 1].contains("deputy@city.example.lg.jp"));
    }
}
