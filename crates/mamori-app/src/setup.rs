//! First run: creating the organization and its first administrator (the CISO).
//!
//! Used by `mamori admin init` and by the one-time setup page. There is no default
//! password anywhere; the person setting up chooses one, checked by the policy.

use mamori_domain::classification::Preset;
use mamori_domain::staff::{EmployeeNumber, PersonName, StaffCategory};
use mamori_domain::{Invalid, Role};
use mamori_store::entity::{org, role_assignment};

use crate::authz::{Actor, ActorKind};
use crate::orgs::{OrgInput, OrgSettings};
use crate::{App, AppError, AppResult, passwords};

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SetupInput {
    pub org: OrgInput,
    pub login: String,
    pub name: String,
    #[serde(default)]
    pub employee_number: String,
    pub password: String,
    /// Require a second factor of the CISO, deputy CISO and system administrators
    /// (default: yes).
    #[serde(default)]
    pub require_mfa_for_admins: Option<bool>,
    /// The classification preset the organization starts with (a code or label of
    /// `Preset`); empty for the default, MIC 2024.
    #[serde(default)]
    pub scheme: String,
}

/// What setup created.
#[derive(Debug, Clone)]
pub struct SetupDone {
    pub org: crate::orgs::OrgView,
    pub user: crate::users::AccountView,
}

impl App {
    /// Whether the installation has no organization yet.
    pub async fn needs_setup(&self) -> AppResult<bool> {
        Ok(mamori_store::migrations::is_empty(&self.store).await?)
    }

    /// Creates an organization with its first CISO. `actor_label` names who did it in
    /// the audit log (`cli:<user>` or `setup:<address>`).
    pub async fn initialize(
        &self,
        input: &SetupInput,
        actor_label: &str,
        source: &str,
    ) -> AppResult<SetupDone> {
        let mut inv = Invalid::new();
        let org_v = match crate::orgs::validate(&input.org) {
            Ok(v) => Some(v),
            Err(e) => {
                inv.0.extend(e.0);
                None
            }
        };
        let login = inv.check("login", crate::users::parse_login(&input.login));
        let name = inv.check("admin_name", PersonName::parse(&input.name));
        let number_raw = if input.employee_number.trim().is_empty() {
            login.clone().unwrap_or_default()
        } else {
            input.employee_number.clone()
        };
        let number = inv.check("employee_number", EmployeeNumber::parse(&number_raw));
        let scheme = if input.scheme.trim().is_empty() {
            Some(Preset::Mic2024)
        } else {
            inv.check("scheme", Preset::parse(&input.scheme))
        };
        if let Some(l) = &login {
            inv.check("password", passwords::check_policy(&input.password, l));
            if mamori_store::users::by_login(self.store.conn(), l)
                .await?
                .is_some()
            {
                inv.push(mamori_domain::FieldError::new(
                    "login",
                    "このログインIDは既に使われています。",
                    "This login is already taken.",
                ));
            }
        }
        if let Some(v) = &org_v {
            let clash = mamori_store::orgs::all(self.store.conn())
                .await?
                .iter()
                .any(|o| o.code == v.code);
            if clash {
                inv.push(mamori_domain::FieldError::new(
                    "code",
                    "この団体コードは既に登録されています。",
                    "This organization code is already registered.",
                ));
            }
        }
        inv.clone().into_result()?;
        let (Some(v), Some(login), Some(name), Some(number), Some(scheme)) =
            (org_v, login, name, number, scheme)
        else {
            return Err(AppError::Invalid(inv));
        };
        let hash = self.hash_password(&input.password).await?;
        let now = self.now();
        let o = org::Model {
            id: self.new_id(),
            name: v.name,
            code: v.code,
            prefecture_code: v.prefecture_code,
            settings: serde_json::to_string(&OrgSettings {
                require_mfa_for_admins: input.require_mfa_for_admins.unwrap_or(true),
            })
            .unwrap_or_else(|_| "{}".into()),
            created_at: now,
            updated_at: now,
        };
        let mut s = crate::staff::blank(self.new_id(), o.id, now);
        s.employee_number = number.as_str().to_owned();
        s.name = name.as_str().to_owned();
        s.category = StaffCategory::SpecialOfficial.code().to_owned();
        s.search_key = mamori_domain::staff::search_key(&s.employee_number, &s.name, &s.kana);
        let u = crate::users::new_account(
            self.new_id(),
            o.id,
            s.id,
            login,
            hash,
            mamori_domain::directory::AuthSource::Local,
            now,
        );
        let role = role_assignment::Model {
            id: self.new_id(),
            org_id: o.id,
            staff_id: s.id,
            role: Role::Ciso.code().to_owned(),
            department_id: None,
            term_from: None,
            term_to: None,
            created_at: now,
        };
        let actor = Actor {
            org_id: o.id,
            kind: ActorKind::Cli,
            user_id: None,
            staff_id: None,
            label: actor_label.to_owned(),
            source: source.to_owned(),
            grants: vec![],
            is_contractor: false,
        };
        let tx = self.store.begin_write().await?;
        mamori_store::orgs::insert(&*tx, o.clone()).await?;
        mamori_store::audit::init_chain(&*tx, o.id).await?;
        mamori_store::staff::insert(&*tx, s.clone()).await?;
        mamori_store::users::insert(&*tx, u.clone()).await?;
        mamori_store::roles::insert(&*tx, role.clone()).await?;
        let org_snap = serde_json::json!({"name": o.name, "code": o.code, "prefecture_code": o.prefecture_code});
        self.audit_change(
            &*tx,
            &actor,
            "org.create",
            ("org", o.id),
            None,
            Some(&org_snap),
        )
        .await?;
        let staff_snap = serde_json::json!({"employee_number": s.employee_number, "name": s.name, "category": s.category});
        self.audit_change(
            &*tx,
            &actor,
            "staff.create",
            ("staff", s.id),
            None,
            Some(&staff_snap),
        )
        .await?;
        let user_snap = serde_json::json!({"login": u.login, "role": role.role});
        self.audit_change(
            &*tx,
            &actor,
            "user.create",
            ("user", u.id),
            None,
            Some(&user_snap),
        )
        .await?;
        let scheme_id = self.new_id();
        self.insert_preset(&*tx, &actor, scheme_id, scheme, true)
            .await?;
        self.seed_laws(&*tx, &actor).await?;
        tx.commit().await?;
        Ok(SetupDone {
            org: crate::orgs::OrgView::of(&o),
            user: crate::users::AccountView::of(&u),
        })
    }

    /// The command line acting on the installation's organization (the first, or the
    /// one with `code`).
    pub async fn cli_actor(&self, org_code: Option<&str>, os_user: &str) -> AppResult<Actor> {
        let orgs = mamori_store::orgs::all(self.store.conn()).await?;
        let org = match org_code {
            Some(c) => orgs.into_iter().find(|o| o.code == c),
            None if orgs.len() == 1 => orgs.into_iter().next(),
            None if orgs.is_empty() => None,
            None => {
                return Err(AppError::field(
                    "org",
                    "団体が複数あります。--org で団体コードを指定してください。",
                    "There are several organizations; choose one with --org CODE.",
                ));
            }
        };
        let org = org.ok_or_else(|| {
            AppError::field(
                "org",
                "団体が登録されていません。先に `mamori admin init` を実行してください。",
                "No organization exists yet; run `mamori admin init` first.",
            )
        })?;
        Ok(Actor::cli(org.id, os_user))
    }
}
