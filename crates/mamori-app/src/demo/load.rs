//! Loading the demo city into an empty database.
//!
//! The data goes through the same store functions and audit chain as real work, so the
//! demo also shows what the audit log looks like. Demo accounts get random passwords
//! (printed once by the CLI) unless the operator supplies one: no fixed password ships.

use std::collections::HashMap;

use chrono::NaiveDate;
use mamori_domain::audit::{diff, encode_changes};
use mamori_store::audit::NewEntry;
use mamori_store::entity::{department, role_assignment, staff};
use uuid::Uuid;

use crate::authz::Actor;
use crate::orgs::{OrgInput, OrgSettings};
use crate::setup::SetupInput;
use crate::{App, AppError, AppResult};

/// A demo account and its password.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub login: String,
    pub name: String,
    pub roles: Vec<String>,
    pub password: String,
}

fn ymd((y, m, d): (i32, u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

impl App {
    /// Loads みどり市. Refuses a database that already holds an organization.
    pub async fn load_demo(
        &self,
        seed: u64,
        password: Option<&str>,
        actor_label: &str,
    ) -> AppResult<Vec<DemoLogin>> {
        if !self.needs_setup().await? {
            return Err(AppError::Conflict(mamori_domain::Problem::new(
                "データベースが空ではありません。デモは空のデータベースにだけ読み込めます。",
                "The database is not empty; the demo loads only into an empty database.",
            )));
        }
        let city = super::generate(seed);
        // Random unless the operator chose one; never derived from the login, which the
        // password policy refuses.
        let pw = || match password {
            Some(p) => p.to_owned(),
            None => self.random_token(12),
        };
        if let Some(p) = password {
            crate::passwords::check_policy(p, "").map_err(|e| AppError::from(e.at("password")))?;
        }
        // The CISO is created by the regular setup path, then everything else is added.
        let ciso = city
            .staff
            .iter()
            .find(|s| s.roles.iter().any(|r| r.role == "ciso"))
            .ok_or_else(|| AppError::Internal("demo city has no CISO".into()))?;
        let ciso_login = ciso.login.clone().unwrap_or_else(|| "ciso".into());
        let ciso_pw = pw();
        let done = self
            .initialize(
                &SetupInput {
                    org: OrgInput {
                        name: city.org_name.to_owned(),
                        code: city.org_code.to_owned(),
                        prefecture: city.prefecture_code.to_string(),
                    },
                    login: ciso_login.clone(),
                    name: ciso.name.clone(),
                    employee_number: ciso.employee_number.clone(),
                    password: ciso_pw.clone(),
                    // A demo is for looking around: no authenticator app needed. A real
                    // organization keeps the default (required).
                    require_mfa_for_admins: Some(false),
                    scheme: String::new(),
                },
                actor_label,
                "cli",
            )
            .await?;
        let org_id = done.org.id;
        let actor = Actor::cli(org_id, actor_label.trim_start_matches("cli:"));
        let now = self.now();
        let _ = OrgSettings::default();

        let mut dept_ids: HashMap<String, Uuid> = HashMap::new();
        let mut depts = Vec::new();
        for (i, d) in city.departments.iter().enumerate() {
            let id = self.new_id();
            dept_ids.insert(d.code.clone(), id);
            depts.push(department::Model {
                id,
                org_id,
                code: d.code.clone(),
                name: d.name.clone(),
                kind: d.kind.to_owned(),
                parent_id: d
                    .parent_code
                    .as_ref()
                    .and_then(|p| dept_ids.get(p).copied()),
                valid_from: d.valid_from.and_then(ymd),
                valid_to: None,
                sort_order: i32::try_from(i).unwrap_or(0),
                created_at: now,
                updated_at: now,
            });
        }
        let ciso_staff_id = done.user.staff_id;
        let mut staff_rows = Vec::new();
        let mut roles = Vec::new();
        let mut users = Vec::new();
        let mut logins = vec![DemoLogin {
            login: ciso_login.clone(),
            name: ciso.name.clone(),
            roles: vec!["ciso".into()],
            password: ciso_pw,
        }];
        for s in &city.staff {
            let is_ciso = s.employee_number == ciso.employee_number;
            let staff_id = if is_ciso {
                ciso_staff_id
            } else {
                self.new_id()
            };
            let mut m = crate::staff::blank(staff_id, org_id, now);
            m.employee_number = s.employee_number.clone();
            m.name = s.name.clone();
            m.kana = s.kana.clone();
            m.email = s.email.clone();
            m.department_id = dept_ids.get(&s.department_code).copied();
            m.category = s.category.to_owned();
            m.part_time = s.part_time;
            m.start_date = ymd(s.start_date);
            m.search_key = mamori_domain::staff::search_key(&m.employee_number, &m.name, &m.kana);
            for r in &s.roles {
                if is_ciso && r.role == "ciso" {
                    continue; // created by setup
                }
                roles.push(role_assignment::Model {
                    id: self.new_id(),
                    org_id,
                    staff_id,
                    role: r.role.to_owned(),
                    department_id: r
                        .department_code
                        .as_ref()
                        .and_then(|c| dept_ids.get(c).copied()),
                    term_from: r.term.and_then(|(f, _)| ymd(f)),
                    term_to: r.term.and_then(|(_, t)| ymd(t)),
                    created_at: now,
                });
            }
            if let (Some(login), false) = (&s.login, is_ciso) {
                let password = pw();
                users.push(crate::users::new_account(
                    self.new_id(),
                    org_id,
                    staff_id,
                    login.clone(),
                    self.hash_password(&password).await?,
                    mamori_domain::directory::AuthSource::Local,
                    now,
                ));
                logins.push(DemoLogin {
                    login: login.clone(),
                    name: s.name.clone(),
                    roles: s.roles.iter().map(|r| r.role.to_owned()).collect(),
                    password,
                });
            }
            if is_ciso {
                // Complete the CISO's record created by setup with the demo's details.
                staff_rows.push((true, m));
            } else {
                staff_rows.push((false, m));
            }
        }

        let tx = self.store.begin_write().await?;
        let mut entries = Vec::new();
        let mut entry = |action: &str, object_type: &str, id: Uuid, after: serde_json::Value| {
            entries.push(NewEntry {
                entry_id: self.new_id(),
                at: now,
                actor: actor.label.clone(),
                source: actor.source.clone(),
                action: action.to_owned(),
                object_type: object_type.to_owned(),
                object_id: id.to_string(),
                changes: encode_changes(&diff(None, Some(&after))),
            });
        };
        for d in &depts {
            mamori_store::departments::insert(&*tx, d.clone()).await?;
            entry(
                "department.create",
                "department",
                d.id,
                serde_json::json!({"code": d.code, "name": d.name, "kind": d.kind}),
            );
        }
        let mut inserts: Vec<staff::Model> = Vec::new();
        let mut moves = Vec::new();
        for (is_ciso, m) in staff_rows {
            if is_ciso {
                mamori_store::staff::update(&*tx, m.clone()).await?;
            } else {
                inserts.push(m.clone());
            }
            moves.push(mamori_store::staff::new_move(
                self.new_id(),
                org_id,
                m.id,
                m.department_id,
                m.start_date,
                now,
            ));
            entry(
                "staff.create",
                "staff",
                m.id,
                serde_json::json!({"employee_number": m.employee_number, "name": m.name, "category": m.category}),
            );
        }
        mamori_store::staff::insert_many(&*tx, inserts).await?;
        mamori_store::staff::record_moves(&*tx, moves).await?;
        for r in &roles {
            mamori_store::roles::insert(&*tx, r.clone()).await?;
            entry(
                "role.assign",
                "role_assignment",
                r.id,
                serde_json::json!({"role": r.role}),
            );
        }
        for u in &users {
            mamori_store::users::insert(&*tx, u.clone()).await?;
            entry(
                "user.create",
                "user",
                u.id,
                serde_json::json!({"login": u.login}),
            );
        }
        mamori_store::audit::append_many(&*tx, org_id, entries).await?;
        tx.commit().await?;
        // The register needs the departments and staff above, and goes through the
        // importer as a city's own ledger would.
        self.load_demo_assets(&actor, &city, seed).await?;
        self.load_demo_risks(&actor, seed).await?;
        self.load_demo_incidents(&actor).await?;
        self.load_demo_policies(&actor).await?;
        self.load_demo_training(&actor).await?;
        self.load_demo_exceptions(&actor).await?;
        self.load_demo_violations(&actor).await?;
        self.load_demo_laws(&actor).await?;
        self.load_demo_contractors(&actor).await?;
        self.load_demo_services(&actor).await?;
        self.load_demo_physical(&actor).await?;
        self.load_demo_media(&actor).await?;
        self.load_demo_review(&actor).await?;
        self.load_demo_audits(&actor).await?;
        self.load_demo_committee(&actor).await?;
        self.load_demo_annual(&actor).await?;
        Ok(logins)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use crate::clock::SeededRandom;
    use crate::import::ImportOptions;
    use crate::{Actor, App, AppConfig, FixedClock, Store};

    #[tokio::test]
    async fn the_demo_loads_its_asset_register_through_the_importer() {
        let dir = tempfile::tempdir().unwrap();
        let url = mamori_store::sqlite_url_for_dir(dir.path()).unwrap();
        let store = Store::open(&url, 4).await.unwrap();
        let clock = Arc::new(FixedClock::new("2026-10-01T00:00:00Z".parse().unwrap()));
        let random = Arc::new(SeededRandom::new(7));
        let app = App::new(store, clock, random, AppConfig::default());
        app.load_demo(42, None, "cli:test").await.unwrap();

        let conn = app.store.conn();
        let org = mamori_store::orgs::all(conn).await.unwrap().remove(0);
        let stored = mamori_store::assets::all(conn, org.id, None).await.unwrap();
        let city = super::super::generate(42);
        let generated = super::super::assets::generate_assets(&city, 42, app.today());
        assert_eq!(stored.len(), generated.len());
        let relations: usize = generated.iter().map(|a| a.relations.len()).sum();
        let edges = mamori_store::assets::all_edges(conn, org.id).await.unwrap();
        assert_eq!(edges.len(), relations);

        let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
        let mut raised: BTreeMap<&str, usize> = BTreeMap::new();
        let mut by_other: BTreeMap<String, usize> = BTreeMap::new();
        for a in &stored {
            *by_kind.entry(a.kind.as_str()).or_default() += 1;
            for k in [&a.personal_data, &a.status, &format!("c{}", a.c_level)] {
                *by_other.entry(k.clone()).or_default() += 1;
            }
            if a.req_c > a.c_rank || a.req_i > a.i_rank || a.req_a > a.a_rank {
                *raised.entry(a.kind.as_str()).or_default() += 1;
            }
        }
        let restricted = stored.iter().filter(|a| a.restricted).count();
        // Every supporting kind holds data rated above its own levels somewhere.
        for kind in ["hardware", "software", "network", "facility"] {
            assert!(
                raised.get(kind).is_some_and(|n| *n > 0),
                "{kind}: {raised:?}"
            );
        }
        assert!(restricted > 50, "{restricted}");
        let actor = Actor::cli(org.id, "test");
        // Importing the same register again finds nothing to change or warn about.
        let bytes = super::super::assets::register_file(&generated);
        let again = app
            .import_assets(&actor, &bytes, &ImportOptions::default(), false)
            .await
            .unwrap();
        assert!(
            again.errors.is_empty() && again.warnings.is_empty(),
            "{again:?}"
        );
        // One asset changed after the import: the document server, disposed of with
        // its disks (the demo's equipment and media).
        assert_eq!(
            (again.unchanged, again.updates, again.creates),
            (stored.len() - 1, 1, 0)
        );
        let counts = app.asset_counts(&actor).await.unwrap();
        assert!(counts.overdue > 0 && counts.under_protected > 0);
        // The figures, for whoever wants to know what the demo shows (--nocapture).
        println!(
            "assets {} by kind {by_kind:?}; relations {relations}; restricted {restricted}; \
             raised {raised:?}; {by_other:?}; in use: overdue {} under-protected {}",
            stored.len(),
            counts.overdue,
            counts.under_protected
        );
    }
}
