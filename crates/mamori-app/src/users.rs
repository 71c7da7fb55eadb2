//! Sign-in accounts of staff members: creation, password changes, preferences.

use mamori_domain::Problem;
use mamori_store::entity::user;
use serde::Serialize;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult, passwords};

/// A sign-in account as lists and forms show it: never its password hash, second
/// factor or recovery codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountView {
    pub id: Uuid,
    pub staff_id: Uuid,
    pub login: String,
    pub locale: String,
    pub date_style: String,
    /// A second factor (TOTP) is set up.
    pub mfa_enabled: bool,
    pub recovery_codes_left: usize,
    pub must_change_password: bool,
    /// The directory checks this account's password (none is kept here).
    pub directory: bool,
    pub disabled: bool,
    pub last_login_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl AccountView {
    pub(crate) fn of(u: &user::Model) -> Self {
        Self {
            id: u.id,
            staff_id: u.staff_id,
            login: u.login.clone(),
            locale: u.locale.clone(),
            date_style: u.date_style.clone(),
            mfa_enabled: u.totp_secret.is_some(),
            recovery_codes_left: App::recovery_codes_left(u),
            must_change_password: u.must_change_password,
            directory: mamori_domain::directory::AuthSource::parse(&u.auth_source)
                != mamori_domain::directory::AuthSource::Local,
            disabled: u.disabled_at.is_some(),
            last_login_at: u.last_login_at,
        }
    }
}

/// Display preferences kept per account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferences {
    /// `ja` or `en`.
    pub locale: String,
    /// `wareki` (令和7年4月1日) or `western` (2025-04-01).
    pub date_style: String,
}

/// Checks a login name: 3–64 of a-z 0-9 . _ - (stored lower-case).
pub fn parse_login(raw: &str) -> Result<String, Problem> {
    let l = mamori_domain::text::clean(raw).to_lowercase();
    let ok = (3..=64).contains(&l.len())
        && l.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if ok {
        Ok(l)
    } else {
        Err(Problem::new(
            "ログインIDは半角英数字と . _ - で3〜64文字にしてください。",
            "A login must be 3–64 characters of letters, digits, '.', '_' or '-'.",
        ))
    }
}

#[derive(Debug, Clone, Serialize)]
struct UserSnapshot {
    login: String,
    staff_id: Uuid,
    locale: String,
    date_style: String,
    disabled: bool,
}

fn snapshot(u: &user::Model) -> UserSnapshot {
    UserSnapshot {
        login: u.login.clone(),
        staff_id: u.staff_id,
        locale: u.locale.clone(),
        date_style: u.date_style.clone(),
        disabled: u.disabled_at.is_some(),
    }
}

/// A new account as every way of making one starts it: Japanese, 和暦 dates, no second
/// factor, mail as the defaults say. `password_hash` is empty for a directory account.
pub(crate) fn new_account(
    id: Uuid,
    org_id: Uuid,
    staff_id: Uuid,
    login: String,
    password_hash: String,
    source: mamori_domain::directory::AuthSource,
    now: chrono::DateTime<chrono::Utc>,
) -> user::Model {
    user::Model {
        id,
        org_id,
        staff_id,
        login,
        password_hash,
        locale: "ja".into(),
        date_style: "wareki".into(),
        totp_secret: None,
        recovery_codes: None,
        totp_last_step: None,
        must_change_password: false,
        disabled_at: None,
        last_login_at: None,
        password_changed_at: now,
        notify_prefs: "{}".into(),
        auth_source: source.code().into(),
        external_subject: None,
        created_at: now,
        updated_at: now,
    }
}

/// A directory account's password lives in the directory: Mamori can neither change
/// nor reset it.
fn local_password_only(u: &user::Model) -> AppResult<()> {
    if mamori_domain::directory::AuthSource::parse(&u.auth_source)
        == mamori_domain::directory::AuthSource::Local
    {
        return Ok(());
    }
    Err(AppError::Conflict(Problem::new(
        "このアカウントのパスワードはディレクトリ（Active Directory）で管理されています。Windows のパスワード変更の手順で変更してください。",
        "This account's password is kept by the directory (Active Directory): change it the way you change your Windows password.",
    )))
}

impl App {
    /// Creates an account for a staff member. The caller checks the password policy
    /// result is shown against the `password` field.
    pub async fn create_account(
        &self,
        actor: &Actor,
        staff_id: Uuid,
        login: &str,
        password: &str,
    ) -> AppResult<AccountView> {
        self.authorize(actor, Capability::ManageUsers).await?;
        let conn = self.store.conn();
        let mut inv = mamori_domain::Invalid::new();
        let login = inv.check("login", parse_login(login));
        if let Some(l) = &login {
            inv.check("password", passwords::check_policy(password, l));
            if mamori_store::users::by_login(conn, l).await?.is_some() {
                inv.push(
                    Problem::new(
                        format!("ログインID「{l}」は既に使われています。"),
                        format!("The login \"{l}\" is already taken."),
                    )
                    .at("login"),
                );
            }
        }
        let s = mamori_store::staff::get(conn, actor.org_id, staff_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if mamori_store::users::by_staff(conn, actor.org_id, staff_id)
            .await?
            .is_some()
        {
            inv.push(mamori_domain::FieldError::new(
                "login",
                "この職員には既にアカウントがあります。",
                "This staff member already has an account.",
            ));
        }
        inv.clone().into_result()?;
        let Some(login) = login else {
            return Err(inv.into());
        };
        let hash = self.hash_password(password).await?;
        let now = self.now();
        let u = crate::users::new_account(
            self.new_id(),
            actor.org_id,
            s.id,
            login,
            hash,
            mamori_domain::directory::AuthSource::Local,
            now,
        );
        let tx = self.store.begin_write().await?;
        self.insert_account(&*tx, actor, &u).await?;
        tx.commit().await?;
        Ok(AccountView::of(&u))
    }

    /// Writes a new account, audited.
    pub(crate) async fn insert_account<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        u: &user::Model,
    ) -> AppResult<()> {
        mamori_store::users::insert(conn, u.clone()).await?;
        self.audit_change(
            conn,
            actor,
            "user.create",
            ("user", u.id),
            None,
            Some(&snapshot(u)),
        )
        .await?;
        Ok(())
    }

    /// The account with a new password that passed the policy (reported under `field`).
    async fn with_new_password(
        &self,
        u: user::Model,
        new: &str,
        field: &str,
    ) -> AppResult<user::Model> {
        local_password_only(&u)?;
        passwords::check_policy(new, &u.login).map_err(|p| AppError::from(p.at(field)))?;
        let now = self.now();
        Ok(user::Model {
            password_hash: self.hash_password(new).await?,
            password_changed_at: now,
            must_change_password: false,
            updated_at: now,
            ..u
        })
    }

    pub(crate) async fn hash_password(&self, password: &str) -> AppResult<String> {
        let pw = password.to_owned();
        let random = self.random.clone();
        tokio::task::spawn_blocking(move || passwords::hash(&pw, random.as_ref()))
            .await
            .map_err(|e| AppError::Internal(format!("password hash task: {e}")))?
    }

    /// Changes the signed-in user's own password (current one required); other sessions end.
    pub async fn change_password(&self, actor: &Actor, current: &str, new: &str) -> AppResult<()> {
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        let u = mamori_store::users::get(self.store.conn(), actor.org_id, user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        local_password_only(&u)?;
        if !passwords::verify(current, &u.password_hash) {
            return Err(AppError::field(
                "current_password",
                "現在のパスワードが正しくありません。",
                "The current password is not correct.",
            ));
        }
        let after = self.with_new_password(u, new, "new_password").await?;
        let tx = self.store.begin_write().await?;
        mamori_store::users::update(&*tx, after.clone()).await?;
        mamori_store::sessions::delete_for_user(&*tx, after.id).await?;
        self.audit(
            &*tx,
            actor,
            "user.password_change",
            "user",
            &after.id.to_string(),
            vec![mamori_domain::audit::Change {
                field: "password".into(),
                before: Some(serde_json::json!("***")),
                after: Some(serde_json::json!("***")),
            }],
        )
        .await?;
        let notice = mamori_domain::notify::Notice::PasswordChanged;
        self.notify(&*tx, actor.org_id, &[after.staff_id], &notice)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_preferences(
        &self,
        actor: &Actor,
        prefs: &Preferences,
    ) -> AppResult<AccountView> {
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        if !matches!(prefs.locale.as_str(), "ja" | "en") {
            return Err(AppError::field(
                "locale",
                "言語は日本語か英語を選んでください。",
                "Choose Japanese or English.",
            ));
        }
        if !matches!(prefs.date_style.as_str(), "wareki" | "western") {
            return Err(AppError::field(
                "date_style",
                "日付の表示形式を選んでください。",
                "Choose a date style.",
            ));
        }
        let before = mamori_store::users::get(self.store.conn(), actor.org_id, user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let after = user::Model {
            locale: prefs.locale.clone(),
            date_style: prefs.date_style.clone(),
            updated_at: self.now(),
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        mamori_store::users::update(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "user.preferences",
            ("user", user_id),
            Some(&snapshot(&before)),
            Some(&snapshot(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(AccountView::of(&after))
    }

    pub async fn accounts(&self, actor: &Actor) -> AppResult<Vec<AccountView>> {
        self.authorize(actor, Capability::ManageUsers).await?;
        let all = mamori_store::users::all(self.store.conn(), actor.org_id).await?;
        Ok(all.iter().map(AccountView::of).collect())
    }

    /// The id of the account signing in as `login` in the actor's organization, for
    /// those who manage accounts.
    pub async fn account_id_by_login(&self, actor: &Actor, login: &str) -> AppResult<Uuid> {
        self.authorize(actor, Capability::ManageUsers).await?;
        mamori_store::users::by_login(self.store.conn(), &login.trim().to_lowercase())
            .await?
            .filter(|u| u.org_id == actor.org_id)
            .map(|u| u.id)
            .ok_or(AppError::NotFound)
    }
}

impl App {
    /// `mamori admin create-user`: a staff member (created when the employee number is
    /// new), their account, and an ISMS role (`staff` for none), in one go.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_user_with_role(
        &self,
        actor: &Actor,
        login: &str,
        name: &str,
        employee_number: Option<&str>,
        role: &str,
        department: Option<&str>,
        password: &str,
    ) -> AppResult<AccountView> {
        let login_v = parse_login(login).map_err(|p| AppError::from(p.at("login")))?;
        let role_v = if role.trim() == "staff" {
            None
        } else {
            Some(mamori_domain::Role::parse(role).map_err(|p| AppError::from(p.at("role")))?)
        };
        passwords::check_policy(password, &login_v)
            .map_err(|p| AppError::from(p.at("password")))?;
        let number = employee_number
            .map(str::to_owned)
            .unwrap_or_else(|| login_v.clone());
        let existing = mamori_store::staff::by_number(
            self.store.conn(),
            actor.org_id,
            mamori_domain::EmployeeNumber::parse(&number)
                .map_err(|p| AppError::from(p.at("employee_number")))?
                .as_str(),
        )
        .await?;
        let staff_id = match existing {
            Some(s) => s.id,
            None => {
                let input = crate::staff::StaffInput {
                    employee_number: number,
                    name: name.to_owned(),
                    department: department.unwrap_or_default().to_owned(),
                    ..Default::default()
                };
                self.create_staff(actor, &input).await?.id
            }
        };
        let u = self
            .create_account(actor, staff_id, &login_v, password)
            .await?;
        if let Some(r) = role_v {
            let input = crate::roles::RoleInput {
                role: r.code().to_owned(),
                department: department.unwrap_or_default().to_owned(),
                ..Default::default()
            };
            self.assign_role(actor, staff_id, &input).await?;
        }
        Ok(u)
    }
}

/// How long an administrator-issued reset link stays valid.
const RESET_VALID_FOR: chrono::Duration = chrono::Duration::hours(24);

impl App {
    /// Issues a one-time link for a user to set a new password (no e-mail needed: the
    /// administrator hands it over). Returns the token for the link, shown once.
    pub async fn issue_password_reset(
        &self,
        actor: &Actor,
        staff_id: Uuid,
    ) -> AppResult<(user::Model, String)> {
        self.authorize(actor, Capability::ManageUsers).await?;
        let u = mamori_store::users::by_staff(self.store.conn(), actor.org_id, staff_id)
            .await?
            .ok_or(AppError::NotFound)?;
        local_password_only(&u)?;
        let token = self.random_token(32);
        let now = self.now();
        let tx = self.store.begin_write().await?;
        mamori_store::password_resets::replace(
            &*tx,
            mamori_store::entity::password_reset::Model {
                id_hash: crate::auth::sha256_hex(&token),
                org_id: actor.org_id,
                user_id: u.id,
                issued_by: actor.label.clone(),
                created_at: now,
                expires_at: now + RESET_VALID_FOR,
                used_at: None,
            },
        )
        .await?;
        self.audit(
            &*tx,
            actor,
            "user.password_reset_issued",
            "user",
            &u.id.to_string(),
            vec![],
        )
        .await?;
        let notice = mamori_domain::notify::Notice::PasswordResetIssued {
            by: actor.label.clone(),
        };
        self.notify(&*tx, actor.org_id, &[u.staff_id], &notice)
            .await?;
        tx.commit().await?;
        Ok((u, token))
    }

    /// The account a reset token opens, while it is valid.
    pub async fn password_reset_login(&self, token: &str) -> AppResult<String> {
        let conn = self.store.conn();
        let r = mamori_store::password_resets::get(conn, &crate::auth::sha256_hex(token))
            .await?
            .filter(|r| r.used_at.is_none() && r.expires_at > self.now())
            .ok_or(AppError::NotFound)?;
        let u = mamori_store::users::get(conn, r.org_id, r.user_id)
            .await?
            .filter(|u| u.disabled_at.is_none())
            .ok_or(AppError::NotFound)?;
        Ok(u.login)
    }

    /// Sets a new password through a reset link; the link is spent and every session of
    /// the account ends.
    pub async fn complete_password_reset(
        &self,
        token: &str,
        new_password: &str,
        source: &str,
    ) -> AppResult<()> {
        let conn = self.store.conn();
        let id_hash = crate::auth::sha256_hex(token);
        let r = mamori_store::password_resets::get(conn, &id_hash)
            .await?
            .filter(|r| r.used_at.is_none() && r.expires_at > self.now())
            .ok_or(AppError::NotFound)?;
        let u = mamori_store::users::get(conn, r.org_id, r.user_id)
            .await?
            .filter(|u| u.disabled_at.is_none())
            .ok_or(AppError::NotFound)?;
        let after = self.with_new_password(u, new_password, "password").await?;
        let now = after.password_changed_at;
        let tx = self.store.begin_write().await?;
        if !mamori_store::password_resets::mark_used(&*tx, &id_hash, now).await? {
            return Err(AppError::NotFound);
        }
        mamori_store::users::update(&*tx, after.clone()).await?;
        mamori_store::sessions::delete_for_user(&*tx, after.id).await?;
        mamori_store::throttle::clear(&*tx, &format!("login:{}", after.login)).await?;
        let actor = Actor {
            org_id: after.org_id,
            kind: crate::authz::ActorKind::User,
            user_id: Some(after.id),
            staff_id: Some(after.staff_id),
            label: format!("user:{}", after.login),
            source: source.to_owned(),
            grants: vec![],
            is_contractor: false,
        };
        self.audit(
            &*tx,
            &actor,
            "user.password_reset",
            "user",
            &after.id.to_string(),
            vec![],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
