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
use mamori_store::entity::{staff, user};
use uuid::Uuid;

use super::{DirUser, Directory, ErrorKind};
use crate::auth::{LoginRefused, NewSession, Throttle};
use crate::authz::Actor;
use crate::roles::RoleInput;
use crate::staff::{StaffInput, apply, blank, validate};
use crate::users::new_account;
use crate::{App, AppResult};

/// The directory one organization signs in through.
pub struct DirectoryLink {
    /// The organization people sign into (`None`: the only one). Looked up at each
    /// sign-in, so a server started before first-run setup works once it is done.
    pub org_code: Option<String>,
    pub directory: Directory,
    /// Groups whose members hold a role for the whole organization.
    pub group_roles: Vec<GroupRole>,
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
    /// Signs a person in through the directory: `found` is the account with this login,
    /// if any (never a local one).
    pub(crate) async fn directory_login(
        &self,
        link: &DirectoryLink,
        login: &str,
        password: &str,
        source: &str,
        found: Option<user::Model>,
        throttle: Throttle,
    ) -> AppResult<Result<NewSession, LoginRefused>> {
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
                    ErrorKind::Ambiguous | ErrorKind::MissingAttribute => {
                        tracing::warn!(login, error = %e, "directory entry unusable for sign-in");
                        ("auth.directory_refused", Some(e.problem))
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
        let account = match self.directory_account(org, login, &person, found).await? {
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
        self.follow_directory_groups(&link.group_roles, &account, &person)
            .await?;
        let tx = self.store.begin_write().await?;
        throttle.clear(&*tx).await?;
        let pending = account.totp_secret.is_some();
        let session = self.open_session(&*tx, &account, source, pending).await?;
        tx.commit().await?;
        Ok(Ok(session))
    }

    /// The account of the person the directory vouched for: found by their employee
    /// number, renamed when their directory login changed, or made with their staff
    /// record at their first sign-in. Refused (with the account, when there is one, for
    /// the audit entry) when the register says the person may not sign in here.
    async fn directory_account(
        &self,
        org: Uuid,
        login: &str,
        person: &DirUser,
        found: Option<user::Model>,
    ) -> AppResult<Result<user::Model, (Option<user::Model>, Problem)>> {
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
                        "ディレクトリの社員番号「{number}」が、このアカウントの職員と一致しません。情報システム担当にお知らせください。"
                    ),
                    format!(
                        "The directory's employee number \"{number}\" does not match this account's staff member. Please tell the IT staff."
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
        let actor = Actor::directory(org);
        match account {
            Some(u) if u.login == login => Ok(Ok(u)),
            Some(u) => Ok(Ok(self.rename_directory_account(&actor, u, &login).await?)),
            None => {
                self.first_directory_sign_in(&actor, &login, person, staff)
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
        person: &DirUser,
        staff: Option<staff::Model>,
    ) -> AppResult<Result<user::Model, (Option<user::Model>, Problem)>> {
        let org = actor.org_id;
        let now = self.now();
        let tx = self.store.begin_write().await?;
        let staff_id = match staff {
            Some(s) => s.id,
            None => {
                let idx = self.dept_tree(org).await?;
                let mut input = StaffInput {
                    employee_number: person.employee_number.trim().to_owned(),
                    name: person.name.clone(),
                    email: person.mail.clone().unwrap_or_default(),
                    department: person.department.clone().unwrap_or_default(),
                    ..StaffInput::default()
                };
                // A department code the register does not know leaves the person
                // without one (an officer places them) rather than locked out.
                if !input.department.is_empty() && idx.by_code(&input.department).is_none() {
                    input.department.clear();
                }
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
            AuthSource::Directory,
            now,
        );
        self.insert_account(&*tx, actor, &u).await?;
        tx.commit().await?;
        Ok(Ok(u))
    }

    /// Grants and removes the roles the directory's groups decide (only the mapped
    /// ones), each as its own audited change made by the directory.
    async fn follow_directory_groups(
        &self,
        group_roles: &[GroupRole],
        u: &user::Model,
        person: &DirUser,
    ) -> AppResult<()> {
        if group_roles.is_empty() {
            return Ok(());
        }
        let held = mamori_store::roles::for_staff(self.store.conn(), u.org_id, u.staff_id).await?;
        let org_wide: Vec<_> = held.iter().filter(|r| r.department_id.is_none()).collect();
        let roles: Vec<_> = org_wide
            .iter()
            .filter_map(|r| mamori_domain::Role::from_code(&r.role))
            .collect();
        let changes = role_changes(group_roles, &person.groups, &roles);
        let actor = Actor::directory(u.org_id);
        for role in changes.grant {
            let input = RoleInput {
                role: role.code().into(),
                ..RoleInput::default()
            };
            self.assign_role(&actor, u.staff_id, &input).await?;
        }
        for role in changes.remove {
            for r in org_wide.iter().filter(|r| r.role == role.code()) {
                self.remove_role(&actor, r.id).await?;
            }
        }
        Ok(())
    }
}
