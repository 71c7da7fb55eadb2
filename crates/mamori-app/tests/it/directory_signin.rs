//! Signing in through a real directory (slapd over LDAPS), on SQLite and PostgreSQL: a
//! person who exists only in the directory signs in with their directory password and
//! gets a staff record and an account; the directory's groups decide the roles mapped to
//! them; a disabled account, a wrong password and a local account of the same person
//! are refused with their own words; the local administrator signs in when the
//! directory is down; a directory account's password cannot be changed here.

use mamori_app::authz::Actor;
use mamori_app::departments::DepartmentInput;
use mamori_app::directory::{Directory, DirectorySettings};
use mamori_app::staff::{StaffInput, StaffQuery};
use mamori_app::{App, PageRequest};
use mamori_domain::directory::parse_group_roles;
use mamori_testkit::free_port;
use mamori_testkit::ldap::{BASE_DN, CSIRT_GROUP_DN, LdapServer, SERVICE_DN, SERVICE_PASSWORD};

use crate::common::{PASSWORD, envs};

fn directory(s: &LdapServer, url: String) -> Directory {
    let mut d =
        DirectorySettings::active_directory(vec![url], BASE_DN, SERVICE_DN, SERVICE_PASSWORD);
    d.ca_file = Some(s.ca_file());
    Directory::new(d).unwrap()
}

/// Signs in and returns the session's actor, or the refusal's Japanese words.
async fn sign_in(app: &App, login: &str, password: &str) -> Result<Actor, Option<String>> {
    match app.login(login, password, "192.0.2.7").await.unwrap() {
        Ok(s) => Ok(app.session(&s.cookie, "192.0.2.7").await.unwrap().actor),
        Err(r) => Err(r.problem.map(|p| p.ja)),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_only_in_the_directory_signs_in_and_the_directory_decides_mapped_roles() {
    let Some(s) = LdapServer::start(40) else {
        return;
    };
    let csirt = s
        .users
        .iter()
        .find(|u| u.csirt && !u.disabled && !u.expired)
        .unwrap()
        .clone();
    let plain = s
        .users
        .iter()
        .find(|u| !u.csirt && !u.disabled && !u.expired && u.login.is_ascii())
        .unwrap()
        .clone();
    let disabled = s.users.iter().find(|u| u.disabled).unwrap().clone();
    let japanese = s.users[1].clone();
    for e in envs().await {
        let name = e.name;
        let cli = e.app.cli_actor(None, "test").await.unwrap();
        // The register knows the csirt member's department; not the others'.
        let dept = e
            .app
            .create_department(
                &cli,
                &DepartmentInput {
                    code: csirt.department.clone(),
                    name: "情報政策課".into(),
                    ..DepartmentInput::default()
                },
            )
            .await
            .unwrap();
        let roles = parse_group_roles(&format!("csirt={CSIRT_GROUP_DN}")).unwrap();
        let app = e
            .app
            .clone()
            .with_directory(None, directory(&s, s.ldaps_url()), roles);

        // First sign-in: a staff record and an account, made by the directory.
        let me = sign_in(&app, &csirt.login.to_uppercase(), &csirt.password)
            .await
            .unwrap();
        let detail = app.staff_detail(&cli, me.staff_id.unwrap()).await.unwrap();
        assert_eq!(
            detail.staff.employee_number, csirt.employee_number,
            "[{name}]"
        );
        assert_eq!(detail.staff.name, csirt.name, "[{name}]");
        assert_eq!(
            detail.staff.email.as_deref(),
            Some(csirt.mail.as_str()),
            "[{name}]"
        );
        assert_eq!(detail.staff.department_id, Some(dept.id), "[{name}]");
        let account = detail.account.unwrap();
        assert!(account.directory, "[{name}]");
        assert_eq!(account.login, csirt.login.to_lowercase(), "[{name}]");
        assert_eq!(
            detail
                .roles
                .iter()
                .map(|r| r.role.as_str())
                .collect::<Vec<_>>(),
            ["csirt"],
            "[{name}] the CSIRT group grants the role"
        );
        let history = app.history(&cli, "user", account.id).await.unwrap();
        assert!(
            history
                .iter()
                .any(|h| h.action == "user.create" && h.actor == "directory"),
            "[{name}] {history:?}"
        );
        // Their own home page shows the role the group gave.
        let home = app.my_home(&me, "ja").await.unwrap();
        assert_eq!(home.roles.len(), 1, "[{name}]");

        // The second sign-in finds the same person; out of the group, out of the role.
        s.replace_attribute(&csirt.dn, "memberOf", "cn=other,ou=groups,dc=city");
        let again = sign_in(&app, &csirt.login, &csirt.password).await.unwrap();
        assert_eq!(again.staff_id, me.staff_id, "[{name}]");
        let detail = app.staff_detail(&cli, me.staff_id.unwrap()).await.unwrap();
        assert!(detail.roles.is_empty(), "[{name}] {:?}", detail.roles);
        s.replace_attribute(&csirt.dn, "memberOf", CSIRT_GROUP_DN);

        // A Japanese login; a department the register does not know leaves none.
        let jp = sign_in(&app, &japanese.login, &japanese.password)
            .await
            .unwrap();
        let detail = app.staff_detail(&cli, jp.staff_id.unwrap()).await.unwrap();
        assert_eq!(detail.staff.name, japanese.name, "[{name}]");
        assert_eq!(detail.staff.department_id, None, "[{name}]");

        // Guessing is stopped before the directory's own lockout: after 3 failures
        // (as set here) even the right password is refused until the lock passes.
        let strict = app.clone().with_directory_lockout(3);
        for _ in 0..3 {
            assert!(sign_in(&strict, &japanese.login, "guess").await.is_err());
        }
        assert!(
            sign_in(&strict, &japanese.login, &japanese.password)
                .await
                .is_err(),
            "[{name}] a locked directory login signed in"
        );
        e.clock.advance(chrono::Duration::minutes(16));
        assert!(
            sign_in(&strict, &japanese.login, &japanese.password)
                .await
                .is_ok(),
            "[{name}] the lock did not pass"
        );

        // The password lives in the directory: Mamori neither changes nor resets it.
        let changed = app
            .change_password(&me, &csirt.password, "新しいパスワード2026年")
            .await;
        assert!(
            format!("{:?}", changed.unwrap_err()).contains("ディレクトリ"),
            "[{name}]"
        );
        assert!(
            app.issue_password_reset(&cli, me.staff_id.unwrap())
                .await
                .is_err(),
            "[{name}]"
        );

        // Wrong password: the usual words; disabled: said, and no record is made.
        assert_eq!(
            sign_in(&app, &plain.login, "wrong").await.unwrap_err(),
            None,
            "[{name}]"
        );
        let refused = sign_in(&app, &disabled.login, &disabled.password)
            .await
            .unwrap_err()
            .unwrap();
        assert!(refused.contains("無効"), "[{name}] {refused}");
        let q = StaffQuery {
            q: disabled.employee_number.clone(),
            status: "all".into(),
            ..StaffQuery::default()
        };
        let (found, _) = app
            .list_staff(&cli, &q, PageRequest::new(None, None))
            .await
            .unwrap();
        assert_eq!(
            found.total, 0,
            "[{name}] a refused account made a staff record"
        );

        // A person who already has a local account is told to use it.
        let s_local = app
            .create_staff(
                &cli,
                &StaffInput {
                    employee_number: plain.employee_number.clone(),
                    name: plain.name.clone(),
                    ..StaffInput::default()
                },
            )
            .await
            .unwrap();
        app.create_account(&cli, s_local.id, "local.person", PASSWORD)
            .await
            .unwrap();
        let refused = sign_in(&app, &plain.login, &plain.password)
            .await
            .unwrap_err()
            .unwrap();
        assert!(refused.contains("local.person"), "[{name}] {refused}");

        // The directory is down: people are told so; the local administrator gets in.
        let down = e.app.clone().with_directory(
            None,
            directory(&s, format!("ldaps://127.0.0.1:{}", free_port())),
            Vec::new(),
        );
        let refused = sign_in(&down, &csirt.login, &csirt.password)
            .await
            .unwrap_err()
            .unwrap();
        assert!(refused.contains("接続できない"), "[{name}] {refused}");
        assert!(sign_in(&down, "ciso", PASSWORD).await.is_ok(), "[{name}]");
    }
}
