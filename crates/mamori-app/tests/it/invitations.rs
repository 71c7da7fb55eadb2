//! Local accounts by invitation, on SQLite and PostgreSQL: a department officer
//! invites their department's staff without an account (sub-departments included,
//! nobody else's); the link opens the person's activation, refuses a weak password
//! without spending the link, makes the account once and then no more; a new
//! invitation replaces the unused one; links expire; by mail, only people with an
//! address are sent one.

use chrono::Duration;
use mamori_app::authz::Actor;
use mamori_app::departments::DepartmentInput;
use mamori_app::invitations::InviteInput;
use mamori_app::roles::RoleInput;
use mamori_app::staff::StaffInput;
use mamori_app::{App, AppError, PageRequest};

use crate::common::{PASSWORD, envs};

const BASE: &str = "https://mamori.city.example.lg.jp";

async fn department(app: &App, cli: &Actor, code: &str, name: &str, parent: &str) {
    app.create_department(
        cli,
        &DepartmentInput {
            code: code.into(),
            name: name.into(),
            parent: parent.into(),
            ..DepartmentInput::default()
        },
    )
    .await
    .unwrap();
}

async fn staff(
    app: &App,
    cli: &Actor,
    number: &str,
    name: &str,
    dept: &str,
    email: &str,
) -> uuid::Uuid {
    app.create_staff(
        cli,
        &StaffInput {
            employee_number: number.into(),
            name: name.into(),
            department: dept.into(),
            email: email.into(),
            ..StaffInput::default()
        },
    )
    .await
    .unwrap()
    .id
}

fn token(link: &str) -> String {
    link.split("token=").nth(1).unwrap().to_owned()
}

fn invite(department: &str, channel: &str) -> InviteInput {
    InviteInput {
        department: department.into(),
        channel: channel.into(),
        days: String::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officers_invite_their_staff_and_each_link_makes_one_account_once() {
    for e in envs().await {
        let name = e.name;
        let app = &e.app;
        let cli = app.cli_actor(None, "test").await.unwrap();
        department(app, &cli, "300", "福祉部", "").await;
        department(app, &cli, "310", "福祉課", "300").await;
        department(app, &cli, "600", "環境部", "").await;
        let officer_staff = staff(app, &cli, "9001", "福祉 部長", "300", "").await;
        // Holds a role: an officer's slip would hand it to whoever activates it.
        let auditor = staff(app, &cli, "3009", "福祉 監査", "310", "").await;
        app.assign_role(
            &cli,
            auditor,
            &RoleInput {
                role: "auditor".into(),
                ..RoleInput::default()
            },
        )
        .await
        .unwrap();
        staff(
            app,
            &cli,
            "3001",
            "福祉 一郎",
            "310",
            "ichiro@city.example.lg.jp",
        )
        .await;
        staff(app, &cli, "3002", "福祉 二郎", "300", "").await;
        staff(
            app,
            &cli,
            "6001",
            "環境 三郎",
            "600",
            "saburo@city.example.lg.jp",
        )
        .await;
        app.create_account(&cli, officer_staff, "fukushi.bucho", PASSWORD)
            .await
            .unwrap();
        app.assign_role(
            &cli,
            officer_staff,
            &RoleInput {
                role: "department-officer".into(),
                department: "300".into(),
                ..RoleInput::default()
            },
        )
        .await
        .unwrap();
        let s = app
            .login("fukushi.bucho", PASSWORD, "test")
            .await
            .unwrap()
            .unwrap();
        let officer = app.session(&s.cookie, "test").await.unwrap().actor;

        // Their departments only, and not everyone.
        let scope = app.invitation_scope(&officer).await.unwrap();
        assert!(!scope.everyone, "[{name}]");
        let codes: Vec<&str> = scope.departments.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes.len(), 2, "[{name}] {codes:?}");
        assert!(codes.contains(&"300") && codes.contains(&"310"), "[{name}]");
        for other in [invite("600", "paper"), invite("", "paper")] {
            let err = app.invite_staff(&officer, &other, BASE).await.unwrap_err();
            assert!(matches!(err, AppError::Forbidden), "[{name}] {err:?}");
        }

        // 福祉部 with 福祉課: the two without an account, not the officer.
        let sheet = app
            .invite_staff(&officer, &invite("300", "paper"), BASE)
            .await
            .unwrap();
        let mut names: Vec<&str> = sheet.slips.iter().map(|s| s.name.as_str()).collect();
        names.sort();
        assert_eq!(names, ["福祉 一郎", "福祉 二郎"], "[{name}]");
        assert_eq!(sheet.held_back, ["福祉 監査"], "[{name}]");
        let slip = sheet.slips.iter().find(|s| s.name == "福祉 一郎").unwrap();
        assert!(
            slip.link.starts_with(&format!("{BASE}/activate?token=")),
            "[{name}]"
        );
        assert!(slip.qr_svg.contains("<svg"), "[{name}]");
        assert_eq!(sheet.expires_at - app.now(), Duration::days(14), "[{name}]");
        let ichiro = token(&slip.link);
        let jiro_old = token(
            &sheet
                .slips
                .iter()
                .find(|s| s.name == "福祉 二郎")
                .unwrap()
                .link,
        );

        // The page knows the person; a weak password is refused and spends nothing.
        let view = app.invitation(&ichiro).await.unwrap();
        assert_eq!(view.name, "福祉 一郎", "[{name}]");
        assert_eq!(view.suggested_login, "ichiro", "[{name}]");
        let weak = app
            .accept_invitation(&ichiro, "ichiro", "ichiro", "test")
            .await;
        assert!(
            matches!(weak, Err(AppError::Invalid(_))),
            "[{name}] {weak:?}"
        );
        let taken = app
            .accept_invitation(&ichiro, "fukushi.bucho", PASSWORD, "test")
            .await;
        assert!(
            matches!(taken, Err(AppError::Invalid(_))),
            "[{name}] {taken:?}"
        );
        let login = app
            .accept_invitation(&ichiro, "ichiro", PASSWORD, "test")
            .await
            .unwrap();
        assert_eq!(login, "ichiro");
        assert!(
            app.login("ichiro", PASSWORD, "test").await.unwrap().is_ok(),
            "[{name}]"
        );
        // Once only.
        assert!(
            matches!(app.invitation(&ichiro).await, Err(AppError::NotFound)),
            "[{name}]"
        );
        let again = app
            .accept_invitation(&ichiro, "ichiro2", PASSWORD, "test")
            .await;
        assert!(matches!(again, Err(AppError::NotFound)), "[{name}]");

        // Invited again: only 二郎 now, and his first link no longer works.
        let sheet = app
            .invite_staff(&officer, &invite("300", "paper"), BASE)
            .await
            .unwrap();
        assert_eq!(sheet.slips.len(), 1, "[{name}]");
        assert!(
            matches!(app.invitation(&jiro_old).await, Err(AppError::NotFound)),
            "[{name}]"
        );
        let jiro = token(&sheet.slips[0].link);
        // Links expire.
        e.clock.advance(Duration::days(15));
        assert!(
            matches!(app.invitation(&jiro).await, Err(AppError::NotFound)),
            "[{name}]"
        );
        let late = app.accept_invitation(&jiro, "jiro", PASSWORD, "test").await;
        assert!(matches!(late, Err(AppError::NotFound)), "[{name}]");

        // Bad input names its field and issues nothing.
        let bad = InviteInput {
            days: "90".into(),
            ..invite("300", "fax")
        };
        match app.invite_staff(&officer, &bad, BASE).await {
            Err(AppError::Invalid(inv)) => {
                let fields: Vec<&str> = inv.0.iter().map(|f| f.field.as_str()).collect();
                assert_eq!(fields, ["channel", "days"], "[{name}]");
            }
            other => panic!("[{name}] {other:?}"),
        }

        // Everyone by mail: those with an address get one, the rest are named.
        let sheet = app
            .invite_staff(&cli, &invite("", "mail"), BASE)
            .await
            .unwrap();
        assert_eq!(sheet.mailed, 1, "[{name}] 環境 三郎 only");
        assert!(
            sheet.without_address.contains(&"福祉 二郎".to_owned()),
            "[{name}]"
        );
        let mails = app
            .outbox(&cli, "pending", PageRequest::new(None, None))
            .await
            .unwrap();
        let mail = mails
            .items
            .iter()
            .find(|m| m.to == "saburo@city.example.lg.jp")
            .unwrap();
        assert!(
            mail.subject.contains("アカウント"),
            "[{name}] {}",
            mail.subject
        );

        // Every issue is in the audit log of the person.
        let (page, _) = app
            .list_staff(
                &cli,
                &mamori_app::staff::StaffQuery {
                    q: "3002".into(),
                    ..Default::default()
                },
                PageRequest::new(None, None),
            )
            .await
            .unwrap();
        let history = app.history(&cli, "staff", page.items[0].id).await.unwrap();
        let issued = history
            .iter()
            .filter(|h| h.action == "invitation.issue")
            .count();
        assert_eq!(issued, 2, "[{name}]");
    }
}
