//! Signing in through the directory. The directory checks the password; Mamori finds
//! the person by their employee number, makes their staff record and account at their
//! first sign-in (so a person who exists only in Active Directory can sign in on day
//! one), and lets the directory's groups decide the roles the operator mapped.
//!
//! Failed attempts count against the same throttle as local sign-ins, and a locked
//! login is refused before the directory is asked: Mamori must not be the tool that
//! locks a person's Windows account by guessing at it.

use mamori_domain::Problem;
use mamori_domain::directory::{AuthSource, GroupRole, role_changes};
use mamori_domain::staff::StaffCategory;
use mamori_store::entity::{staff, user};

use super::{DirUser, Directory, ErrorKind};
use crate::auth::{LoginRefused, NewSession, Throttle};
use crate::authz::Actor;
use crate::departments::DeptIndex;
use crate::roles::RoleInput;
use crate::staff::{StaffInput, apply, blank, validate};
use crate::users::new_account;
use crate::{App, AppResult};

/// A person as a sign-in source (the directory, an OpenID provider) describes them.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub employee_number: String,
    pub name: String,
    pub mail: Option<String>,
    /// The department's code.
    pub department: Option<String>,
    /// The organizational units the person sits in, outermost first.
    pub ou_path: Vec<String>,
    pub category: Option<String>,
}

impl From<&DirUser> for Person {
    fn from(u: &DirUser) -> Self {
        Self {
            employee_number: u.employee_number.clone(),
            name: u.name.clone(),
            mail: u.mail.clone(),
            department: u.department.clone(),
            ou_path: u.ou_path.clone(),
            category: u.category.clone(),
        }
    }
}

impl Person {
    /// The register's department for this person, as its code: the one the
    /// department attribute names, else the one their OU path leads to — the longest
    /// tail of the path the register knows (`職員/市民部/市民課`, then `市民部/市民課`,
    /// then `市民課`), as the top OUs are often containers rather than departments.
    pub(crate) fn department_in(&self, idx: &DeptIndex) -> Option<String> {
        if let Some(code) = &self.department {
            return idx.by_code(code).map(|d| d.code.clone());
        }
        (0..self.ou_path.len())
            .find_map(|start| idx.resolve(&self.ou_path[start..].join("/")).ok())
            .map(|d| d.code.clone())
    }
}

/// The directory one organization signs in through.
#[derive(Clone)]
pub struct DirectoryLink {
    /// The organization people sign into (`None`: the only one). Looked up at each
    /// sign-in, so a server started before first-run setup works once it is done.
    pub org_code: Option<String>,
    pub directory: Directory,
    /// Groups whose members hold a role for the whole organization.
    pub group_roles: Vec<GroupRole>,
    /// Failed sign-ins after which Mamori locks the login, below the directory's own
    /// lockout threshold so that Mamori never locks a person's Windows account.
    pub lock_after: i32,
}

/// What the people's side of a sign-in says when the directory cannot answer; the
/// operator finds the cause in the server's log.
fn directory_down() -> Problem {
    Problem::new(
        "ディレクトリ（Active Directory）に接続できないため、いまはサインインできません。しばらくしてからもう一度お試しください。続く場合は情報システム担当にお知らせください。",
        "The directory (Active Directory) cannot be reached, so signing in is not possible just now. Please try again shortly, and tell the IT staff if it goes on.",
    )
}

impl App {
    /// `wanted` when no other person's account has it, else a login made from it and
    /// the employee number (a provider's name for someone may be a local login).
    pub(crate) async fn free_login(
        &self,
        org: uuid::Uuid,
        wanted: &str,
        number: &str,
    ) -> AppResult<String> {
        let conn = self.store.conn();
        let Some(holder) = mamori_store::users::by_login(conn, wanted).await? else {
            return Ok(wanted.to_owned());
        };
        let staff = mamori_store::staff::by_number(conn, org, number).await?;
        if staff.is_some_and(|s| s.id == holder.staff_id) {
            return Ok(wanted.to_owned());
        }
        let stem = wanted.split('@').next().unwrap_or(wanted);
        Ok(format!("{stem}-{number}").to_lowercase())
    }

    /// Signs a person in through the directory: `found` is the account with this login,
    /// if any (never a local one).
    pub(crate) async fn directory_login(
        &self,
        link: &DirectoryLink,
        login: &str,
        password: &str,
        source: &str,
        found: Option<user::Model>,
        mut throttle: Throttle,
    ) -> AppResult<Result<NewSession, LoginRefused>> {
        throttle.lock_after = link.lock_after;
        let now = self.now();
        if throttle.locked(now) {
            let r = self
                .refuse(throttle, found.as_ref(), "auth.login_failed", None)
                .await?;
            return Ok(Err(r));
        }
        let org = match self.cli_actor(link.org_code.as_deref(), "directory").await {
            Ok(a) => a.org_id,
            Err(e) => {
                tracing::error!(error = %e, "the directory's organization is not found");
                return Ok(Err(LoginRefused {
                    delay: std::time::Duration::ZERO,
                    problem: Some(directory_down()),
                }));
            }
        };
        let person = match link.directory.authenticate(login, password, now).await {
            Ok(p) => p,
            Err(e) => {
                let (action, problem) = match e.kind {
                    ErrorKind::BadCredentials => ("auth.login_failed", None),
                    ErrorKind::Refused(_) => ("auth.directory_refused", Some(e.problem)),
                    // Found before any password is checked: the detail (the entry's
                    // DN) goes to the log, the person gets the usual words.
                    ErrorKind::Ambiguous | ErrorKind::MissingAttribute => {
                        tracing::warn!(login, error = %e, "directory entry unusable for sign-in");
                        ("auth.directory_refused", None)
                    }
                    ErrorKind::Unreachable
                    | ErrorKind::Tls
                    | ErrorKind::ServiceBind
                    | ErrorKind::Settings => {
                        // Not the person's failure: nothing is counted against them.
                        tracing::error!(error = %e, "directory sign-in impossible");
                        return Ok(Err(LoginRefused {
                            delay: std::time::Duration::ZERO,
                            problem: Some(directory_down()),
                        }));
                    }
                };
                let r = self
                    .refuse(throttle, found.as_ref(), action, problem)
                    .await?;
                return Ok(Err(r));
            }
        };
        let actor = Actor::directory(org);
        let vouched = (&Person::from(&person), AuthSource::Directory);
        let account = match self.vouched_account(&actor, login, vouched, found).await? {
            Ok(u) => u,
            Err((u, problem)) => {
                let r = self
                    .refuse(
                        throttle,
                        u.as_ref(),
                        "auth.directory_refused",
                        Some(problem),
                    )
                    .await?;
                return Ok(Err(r));
            }
        };
        self.apply_group_roles(
            org,
            &link.group_roles,
            &[(account.staff_id, person.groups.as_slice())],
        )
        .await?;
        let tx = self.store.begin_write().await?;
        throttle.clear(&*tx).await?;
        let pending = account.totp_secret.is_some();
        let session = self.open_session(&*tx, &account, source, pending).await?;
        tx.commit().await?;
        Ok(Ok(session))
    }

    /// The account of the person a sign-in source (`actor`: the directory, an OpenID
    /// provider) vouched for: found by their employee number, renamed when their login
    /// there changed, or made with their staff record at their first sign-in. Refused
    /// (with the account, when there is one, for the audit entry) when the register
    /// says the person may not sign in this way.
    pub(crate) async fn vouched_account(
        &self,
        actor: &Actor,
        login: &str,
        (person, source): (&Person, AuthSource),
        found: Option<user::Model>,
    ) -> AppResult<Result<user::Model, (Option<user::Model>, Problem)>> {
        let org = actor.org_id;
        let conn = self.store.conn();
        let login = login.trim().to_lowercase();
        let number = person.employee_number.trim();
        let staff = mamori_store::staff::by_number(conn, org, number).await?;
        let account = match (&found, &staff) {
            (Some(u), _) => Some(u.clone()),
            (None, Some(s)) => mamori_store::users::by_staff(conn, org, s.id).await?,
            (None, None) => None,
        };
        if let Some(u) = &account {
            let refused = |ja: String, en: String| Ok(Err((Some(u.clone()), Problem::new(ja, en))));
            if AuthSource::parse(&u.auth_source) == AuthSource::Local {
                return refused(
                    format!(
                        "この職員には Mamori のアカウント（ログインID「{}」）があります。そのログインIDとパスワードでサインインしてください。",
                        u.login
                    ),
                    format!(
                        "This staff member has a Mamori account (login \"{}\"): sign in with that login and its password.",
                        u.login
                    ),
                );
            }
            if staff.as_ref().is_none_or(|s| s.id != u.staff_id) {
                return refused(
                    format!(
                        "サインイン先が示す職員番号「{number}」が、このアカウントの職員と一致しません。情報システム担当にお知らせください。"
                    ),
                    format!(
                        "The employee number \"{number}\" given at sign-in does not match this account's staff member. Please tell the IT staff."
                    ),
                );
            }
            if u.disabled_at.is_some() {
                return refused(
                    "このアカウントは Mamori で停止されています。".into(),
                    "This account is suspended in Mamori.".into(),
                );
            }
        }
        if let Some(s) = staff.as_ref().filter(|s| s.retired) {
            return Ok(Err((
                account,
                Problem::new(
                    format!(
                        "社員番号「{}」の職員は職員台帳で退職となっています。",
                        s.employee_number
                    ),
                    format!(
                        "Staff member \"{}\" is recorded as retired in the staff register.",
                        s.employee_number
                    ),
                ),
            )));
        }
        // A new login another account already has is not taken: the account keeps its
        // old one.
        let taken = match &account {
            Some(u) if u.login != login => mamori_store::users::by_login(conn, &login)
                .await?
                .is_some_and(|other| other.id != u.id),
            _ => false,
        };
        match account {
            Some(u) if u.login == login || taken => Ok(Ok(u)),
            Some(u) => Ok(Ok(self.rename_directory_account(actor, u, &login).await?)),
            None => {
                self.first_directory_sign_in(actor, &login, (person, source), staff)
                    .await
            }
        }
    }

    /// The person's directory login changed (a new surname, say): the account follows.
    async fn rename_directory_account(
        &self,
        actor: &Actor,
        u: user::Model,
        login: &str,
    ) -> AppResult<user::Model> {
        let after = user::Model {
            login: login.to_owned(),
            updated_at: self.now(),
            ..u.clone()
        };
        let tx = self.store.begin_write().await?;
        mamori_store::users::update(&*tx, after.clone()).await?;
        self.audit(
            &*tx,
            actor,
            "user.login_change",
            "user",
            &after.id.to_string(),
            vec![mamori_domain::audit::Change {
                field: "login".into(),
                before: Some(serde_json::json!(u.login)),
                after: Some(serde_json::json!(after.login)),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Makes the account (and, for a person not yet in the register, the staff record)
    /// at a person's first sign-in, from what the directory says of them.
    async fn first_directory_sign_in(
        &self,
        actor: &Actor,
        login: &str,
        (person, source): (&Person, AuthSource),
        staff: Option<staff::Model>,
    ) -> AppResult<Result<user::Model, (Option<user::Model>, Problem)>> {
        let org = actor.org_id;
        let now = self.now();
        let tx = self.store.begin_write().await?;
        let staff_id = match staff {
            Some(s) => s.id,
            None => {
                let idx = self.dept_tree(org).await?;
                // A department or category the register does not know leaves the
                // person without one (an officer places them) rather than locked out.
                let input = StaffInput {
                    employee_number: person.employee_number.trim().to_owned(),
                    name: person.name.clone(),
                    email: person.mail.clone().unwrap_or_default(),
                    department: person.department_in(&idx).unwrap_or_default(),
                    category: person
                        .category
                        .as_deref()
                        .and_then(|c| StaffCategory::parse(c).ok())
                        .map(|c| c.code().to_owned())
                        .unwrap_or_default(),
                    ..StaffInput::default()
                };
                let v = match validate(&input, &idx) {
                    Ok(v) => v,
                    Err(inv) => {
                        // Says which of the directory's values the register refused.
                        let (ja, en): (Vec<_>, Vec<_>) =
                            inv.0.iter().map(|f| (f.ja.as_str(), f.en.as_str())).unzip();
                        return Ok(Err((
                            None,
                            Problem::new(
                                format!(
                                    "ディレクトリの職員情報を職員台帳に登録できません：{}",
                                    ja.join(" ")
                                ),
                                format!(
                                    "The directory's record of this person cannot enter the staff register: {}",
                                    en.join(" ")
                                ),
                            ),
                        )));
                    }
                };
                let m = apply(blank(self.new_id(), org, now), &v, now);
                self.insert_staff(&*tx, actor, &m, &idx).await?;
                m.id
            }
        };
        // No hash: the directory checks the password.
        let u = new_account(
            self.new_id(),
            org,
            staff_id,
            login.to_owned(),
            String::new(),
            source,
            now,
        );
        self.insert_account(&*tx, actor, &u).await?;
        tx.commit().await?;
        Ok(Ok(u))
    }

    /// Grants and removes the roles the directory's groups decide (only the mapped
    /// ones) for each (staff member, their groups), each as its own audited change made
    /// by the directory. Returns how many roles changed.
    pub(crate) async fn apply_group_roles(
        &self,
        org: uuid::Uuid,
        group_roles: &[GroupRole],
        people: &[(uuid::Uuid, &[String])],
    ) -> AppResult<usize> {
        if group_roles.is_empty() || people.is_empty() {
            return Ok(0);
        }
        let mut held: std::collections::HashMap<uuid::Uuid, Vec<_>> = Default::default();
        for r in mamori_store::roles::all(self.store.conn(), org, None).await? {
            if r.department_id.is_none() {
                held.entry(r.staff_id).or_default().push(r);
            }
        }
        let actor = Actor::directory(org);
        let mut changed = 0;
        for (staff_id, groups) in people {
            let mine = held.get(staff_id).map(Vec::as_slice).unwrap_or(&[]);
            let roles: Vec<_> = mine
                .iter()
                .filter_map(|r| mamori_domain::Role::from_code(&r.role))
                .collect();
            let changes = role_changes(group_roles, groups, &roles);
            for role in changes.grant {
                let input = RoleInput {
                    role: role.code().into(),
                    ..RoleInput::default()
                };
                self.assign_role(&actor, *staff_id, &input).await?;
                changed += 1;
            }
            for role in changes.remove {
                for r in mine.iter().filter(|r| r.role == role.code()) {
                    self.remove_role(&actor, r.id).await?;
                    changed += 1;
                }
            }
        }
        Ok(changed)
    }
}
