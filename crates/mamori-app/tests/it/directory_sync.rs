//! The staff sync against a real directory (slapd), on SQLite and PostgreSQL: a dry run
//! changes nothing; the first run adds everyone active; a run with no change changes
//! nothing; a move is kept in the department history, and a disabled or deleted
//! account retires the person; an entry without an employee number, one number on two
//! entries, and a filter that matches nobody each stop the sync with nothing changed.

use std::collections::BTreeSet;

use mamori_app::App;
use mamori_app::authz::Actor;
use mamori_app::departments::DepartmentInput;
use mamori_app::directory::{Directory, DirectorySettings, SyncReport};
use mamori_app::staff::StaffQuery;
use mamori_app::{AppError, PageRequest};
use mamori_domain::directory::parse_group_roles;
use mamori_testkit::ldap::{BASE_DN, CSIRT_GROUP_DN, LdapServer, SERVICE_DN, SERVICE_PASSWORD};

use crate::common::envs;

fn directory(s: &LdapServer, filter: &str) -> Directory {
    let mut d = DirectorySettings::active_directory(
        vec![s.ldaps_url()],
        BASE_DN,
        SERVICE_DN,
        SERVICE_PASSWORD,
    );
    d.ca_file = Some(s.ca_file());
    d.kana_attr = Some("msDS-PhoneticDisplayName".into());
    d.sync_filter = filter.into();
    Directory::new(d).unwrap()
}

const PEOPLE: &str = "(objectClass=inetOrgPerson)";

async fn current_staff(app: &App, cli: &Actor) -> u64 {
    let (page, _) = app
        .list_staff(cli, &StaffQuery::default(), PageRequest::new(None, None))
        .await
        .unwrap();
    page.total
}

async fn sync(app: &App, cli: &Actor, dir: &Directory, dry_run: bool) -> SyncReport {
    app.sync_staff(cli, dir, dry_run, 10).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_register_follows_the_directory_with_a_preview_and_stops_on_bad_entries() {
    for e in envs().await {
        // A directory of its own per database, since the test changes it.
        let Some(s) = LdapServer::start(60) else {
            return;
        };
        let active: Vec<_> = s
            .users
            .iter()
            .filter(|u| !u.disabled && !u.expired)
            .collect();
        let codes: BTreeSet<&str> = s.users.iter().map(|u| u.department.as_str()).collect();
        let name = e.name;
        let app = &e.app;
        let cli = app.cli_actor(None, "test").await.unwrap();
        for (i, code) in codes.iter().enumerate() {
            app.create_department(
                &cli,
                &DepartmentInput {
                    code: (*code).into(),
                    name: format!("課{i}"),
                    ..DepartmentInput::default()
                },
            )
            .await
            .unwrap();
        }
        let dir = directory(&s, PEOPLE);
        // Only the local administrator so far.
        assert_eq!(current_staff(app, &cli).await, 1, "[{name}]");

        let preview = sync(app, &cli, &dir, true).await;
        assert!(preview.is_ok(), "[{name}] {:?}", preview.problems);
        assert_eq!(preview.created.len(), active.len(), "[{name}]");
        assert!(preview.retired.is_empty(), "[{name}]");
        assert_eq!(
            preview.kept.len(),
            1,
            "[{name}] the local administrator is kept"
        );
        assert!(!preview.applied);
        assert_eq!(
            current_staff(app, &cli).await,
            1,
            "[{name}] a dry run changed the register"
        );

        let first = sync(app, &cli, &dir, false).await;
        assert!(first.applied, "[{name}]");
        assert_eq!(
            current_staff(app, &cli).await,
            1 + active.len() as u64,
            "[{name}]"
        );
        let again = sync(app, &cli, &dir, false).await;
        assert_eq!(
            (
                again.created.len(),
                again.updated.len(),
                again.retired.len(),
                again.unchanged
            ),
            (0, 0, 0, active.len()),
            "[{name}] a sync with nothing new changed something"
        );

        // A move, a disabled account and a deleted one.
        let (mover, disabled, deleted) = (active[0], active[1], active[2]);
        let other = codes.iter().find(|c| **c != mover.department).unwrap();
        s.replace_attribute(&mover.dn, "departmentNumber", other);
        s.replace_attribute(&disabled.dn, "userAccountControl", "514");
        s.delete_entry(&deleted.dn);
        let r = sync(app, &cli, &dir, false).await;
        assert!(r.is_ok(), "[{name}] {:?}", r.problems);
        assert_eq!(r.updated.len(), 1, "[{name}]");
        assert_eq!(r.updated[0].employee_number, mover.employee_number);
        let retired: BTreeSet<_> = r
            .retired
            .iter()
            .map(|l| l.employee_number.as_str())
            .collect();
        assert_eq!(
            retired,
            [
                disabled.employee_number.as_str(),
                deleted.employee_number.as_str()
            ]
            .into(),
            "[{name}]"
        );
        let q = StaffQuery {
            q: mover.employee_number.clone(),
            ..StaffQuery::default()
        };
        let (page, _) = app
            .list_staff(&cli, &q, PageRequest::new(None, None))
            .await
            .unwrap();
        let detail = app.staff_detail(&cli, page.items[0].id).await.unwrap();
        assert_eq!(detail.moves.len(), 2, "[{name}] the move is in the history");
        assert_eq!(
            detail.staff.department_code.as_deref(),
            Some(*other),
            "[{name}]"
        );
        s.replace_attribute(&mover.dn, "departmentNumber", &mover.department);
        s.replace_attribute(&disabled.dn, "userAccountControl", "512");

        // Bad entries stop it all, each named.
        let before = current_staff(app, &cli).await;
        let missing = active[3];
        s.delete_attribute(&missing.dn, "employeeID");
        let twin = active[4];
        s.replace_attribute(&twin.dn, "employeeID", &active[5].employee_number);
        let r = sync(app, &cli, &dir, false).await;
        assert!(!r.applied, "[{name}]");
        let text: Vec<&str> = r.problems.iter().map(|p| p.en.as_str()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains(&missing.dn) && t.contains("no employee number")),
            "[{name}] {text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("two entries") && t.contains(&twin.dn)),
            "[{name}] {text:?}"
        );
        assert_eq!(current_staff(app, &cli).await, before, "[{name}]");

        // A filter that matches nobody looks like everyone left: stopped.
        let nobody = directory(&s, "(objectClass=nobodyHere)");
        let r = sync(app, &cli, &nobody, false).await;
        assert!(!r.applied, "[{name}]");
        assert!(
            r.problems[0].ja.contains("退職にします"),
            "[{name}] {:?}",
            r.problems
        );
        assert_eq!(current_staff(app, &cli).await, before, "[{name}]");

        // Through the configured directory, its groups decide the mapped roles of
        // everyone present, signed in or not: the CSIRT group's members get the role.
        let csirt_members = active.iter().filter(|u| u.csirt).count();
        let linked = app.clone().with_directory(
            None,
            dir.clone(),
            parse_group_roles(&format!("csirt={CSIRT_GROUP_DN}")).unwrap(),
        );
        s.replace_attribute(&missing.dn, "employeeID", &missing.employee_number);
        s.replace_attribute(&twin.dn, "employeeID", &twin.employee_number);
        let r = linked
            .sync_staff_from_directory(&cli, false, 10)
            .await
            .unwrap();
        assert!(r.applied, "[{name}] {:?}", r.problems);
        assert_eq!(r.roles_changed, csirt_members, "[{name}]");
        let again = linked
            .sync_staff_from_directory(&cli, false, 10)
            .await
            .unwrap();
        assert_eq!(again.roles_changed, 0, "[{name}]");

        // A directory that cannot be reached is said so, not an empty directory.
        let mut down = DirectorySettings::active_directory(
            vec![format!("ldaps://127.0.0.1:{}", mamori_testkit::free_port())],
            BASE_DN,
            SERVICE_DN,
            SERVICE_PASSWORD,
        );
        down.ca_file = Some(s.ca_file());
        let err = app
            .sync_staff(&cli, &Directory::new(down).unwrap(), false, 10)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Unavailable(_)), "[{name}] {err:?}");
    }
}

/// A directory whose people carry no department code: the sync finds each person's
/// department by their OU path in the register (the top OU, a container, skipped) and
/// their category from `employeeType`; an OU the register does not know leaves the
/// person without a department rather than stopping the sync.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn departments_come_from_the_ou_path_and_categories_from_an_attribute() {
    let Some(s) = LdapServer::start(20) else {
        return;
    };
    for e in envs().await {
        let name = e.name;
        let cli = e.app.cli_actor(None, "test").await.unwrap();
        // The register knows 市民部 with its two sections, not 総務部 or 環境部.
        for (code, dept, parent) in [
            ("300", "市民部", ""),
            ("310", "市民課", "市民部"),
            ("320", "税務課", "市民部"),
        ] {
            e.app
                .create_department(
                    &cli,
                    &DepartmentInput {
                        code: code.into(),
                        name: dept.into(),
                        parent: parent.into(),
                        ..DepartmentInput::default()
                    },
                )
                .await
                .unwrap();
        }
        let mut d = DirectorySettings::active_directory(
            vec![s.ldaps_url()],
            BASE_DN,
            SERVICE_DN,
            SERVICE_PASSWORD,
        );
        d.ca_file = Some(s.ca_file());
        d.sync_filter = PEOPLE.into();
        d.department_attr = None;
        d.department_from_ou = true;
        d.category_attr = Some("employeeType".into());
        let dir = Directory::new(d).unwrap();
        let report = sync(&e.app, &cli, &dir, false).await;
        assert!(report.is_ok(), "[{name}] {:?}", report.problems);

        let (page, _) = e
            .app
            .list_staff(
                &cli,
                &StaffQuery::default(),
                PageRequest::new(None, Some(200)),
            )
            .await
            .unwrap();
        for u in s.users.iter().filter(|u| !u.disabled && !u.expired) {
            let row = page
                .items
                .iter()
                .find(|r| r.employee_number == u.employee_number)
                .unwrap_or_else(|| panic!("[{name}] {} synced", u.employee_number));
            let detail = e.app.staff_detail(&cli, row.id).await.unwrap();
            let expected = match u.department.as_str() {
                "310" => Some("310"),
                "320" => Some("320"),
                _ => None,
            };
            assert_eq!(
                detail.staff.department_code.as_deref(),
                expected,
                "[{name}] {} in {}",
                u.name,
                u.dn
            );
            let category = if u.category == "会計年度任用職員" {
                "fiscal_year_appointee"
            } else {
                "regular"
            };
            assert_eq!(detail.staff.category.code(), category, "[{name}] {}", u.dn);
        }
    }
}
