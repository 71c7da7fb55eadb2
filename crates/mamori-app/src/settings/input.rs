//! The settings forms as typed (every field text, checkboxes `"1"` or empty), their
//! checks, and the stored fields they become. Secrets are write-only: an empty secret
//! field keeps the saved one; `clear_secret` drops it.

use mamori_domain::directory::parse_group_roles;
use mamori_domain::settings::{
    check_attribute, check_filter, check_issuer, check_present, check_server_url, parse_lock_after,
    split_list,
};
use mamori_domain::staff::parse_bool_flag;
use mamori_domain::{Invalid, Problem};
use serde::{Deserialize, Serialize};

use super::row::{DirectoryFields, MailFields, OidcFields};

fn flag(s: &str) -> bool {
    parse_bool_flag(s).unwrap_or(false)
}

fn on(b: bool) -> String {
    if b { "1".into() } else { String::new() }
}

fn optional(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The directory form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectoryInput {
    /// Server URLs, one per line, tried in order.
    pub urls: String,
    pub starttls: String,
    pub allow_plain: String,
    pub ca_file: String,
    pub bind_dn: String,
    /// Empty: keep the saved password.
    pub bind_password: String,
    pub clear_secret: String,
    pub base_dn: String,
    pub user_filter: String,
    pub sync_filter: String,
    pub employee_attr: String,
    pub name_attr: String,
    pub kana_attr: String,
    pub mail_attr: String,
    pub department_attr: String,
    /// `"1"`: find the department by the entry's OU path where the attribute gives none.
    pub department_from_ou: String,
    pub category_attr: String,
    /// `role=group DN` pairs, one per line or separated by `;`.
    pub group_roles: String,
    pub lock_after: String,
}

impl DirectoryInput {
    /// A blank form with Active Directory's usual attributes.
    pub fn active_directory() -> Self {
        Self {
            user_filter: "(sAMAccountName={login})".into(),
            sync_filter: "(&(objectCategory=person)(objectClass=user)(employeeID=*))".into(),
            employee_attr: "employeeID".into(),
            name_attr: "displayName".into(),
            mail_attr: "mail".into(),
            department_attr: "departmentNumber".into(),
            lock_after: crate::DIRECTORY_LOCK_AFTER.to_string(),
            ..Default::default()
        }
    }

    pub(crate) fn check(&self) -> Result<DirectoryFields, Invalid> {
        let mut inv = Invalid::default();
        let urls = split_list(&self.urls);
        if urls.is_empty() {
            inv.check::<()>(
                "urls",
                Err(Problem::new(
                    "サーバーの URL を入力してください。",
                    "Enter the server URL.",
                )),
            );
        }
        for u in &urls {
            inv.check("urls", check_server_url(u, &["ldap", "ldaps"]));
        }
        inv.check(
            "base_dn",
            check_present(&self.base_dn, "検索ベース", "search base"),
        );
        inv.check(
            "bind_dn",
            check_present(
                &self.bind_dn,
                "検索用アカウントの DN",
                "search account's DN",
            ),
        );
        inv.check("user_filter", check_filter(self.user_filter.trim(), true));
        inv.check("sync_filter", check_filter(self.sync_filter.trim(), false));
        for (field, value, required) in [
            ("employee_attr", &self.employee_attr, true),
            ("name_attr", &self.name_attr, true),
            ("mail_attr", &self.mail_attr, true),
            ("kana_attr", &self.kana_attr, false),
            ("department_attr", &self.department_attr, false),
            ("category_attr", &self.category_attr, false),
        ] {
            if required || !value.trim().is_empty() {
                inv.check(field, check_attribute(value.trim()));
            }
        }
        let group_roles = self
            .group_roles
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(";");
        inv.check("group_roles", parse_group_roles(&group_roles));
        let lock_after = inv.check("lock_after", parse_lock_after(&self.lock_after));
        let (starttls, allow_plain) = (flag(&self.starttls), flag(&self.allow_plain));
        if urls.iter().any(|u| u.starts_with("ldap://")) && !starttls && !allow_plain {
            inv.check::<()>(
                "urls",
                Err(Problem::new(
                    "ldap:// のサーバーには StartTLS を使ってください（暗号化しない接続は、明示的に許可した場合だけ使えます）。",
                    "Use StartTLS for ldap:// servers (an unencrypted connection is used only when explicitly allowed).",
                )),
            );
        }
        if !inv.is_empty() {
            return Err(inv);
        }
        Ok(DirectoryFields {
            urls,
            starttls,
            allow_plain,
            ca_file: optional(&self.ca_file),
            bind_dn: self.bind_dn.trim().into(),
            base_dn: self.base_dn.trim().into(),
            user_filter: self.user_filter.trim().into(),
            sync_filter: self.sync_filter.trim().into(),
            employee_attr: self.employee_attr.trim().into(),
            name_attr: self.name_attr.trim().into(),
            kana_attr: optional(&self.kana_attr),
            mail_attr: self.mail_attr.trim().into(),
            department_attr: optional(&self.department_attr),
            department_from_ou: flag(&self.department_from_ou),
            category_attr: optional(&self.category_attr),
            group_roles,
            lock_after: lock_after.unwrap_or(crate::DIRECTORY_LOCK_AFTER),
        })
    }
}

impl From<&DirectoryFields> for DirectoryInput {
    fn from(f: &DirectoryFields) -> Self {
        Self {
            urls: f.urls.join("\n"),
            starttls: on(f.starttls),
            allow_plain: on(f.allow_plain),
            ca_file: f.ca_file.clone().unwrap_or_default(),
            bind_dn: f.bind_dn.clone(),
            bind_password: String::new(),
            clear_secret: String::new(),
            base_dn: f.base_dn.clone(),
            user_filter: f.user_filter.clone(),
            sync_filter: f.sync_filter.clone(),
            employee_attr: f.employee_attr.clone(),
            name_attr: f.name_attr.clone(),
            kana_attr: f.kana_attr.clone().unwrap_or_default(),
            mail_attr: f.mail_attr.clone(),
            department_attr: f.department_attr.clone().unwrap_or_default(),
            department_from_ou: on(f.department_from_ou),
            category_attr: f.category_attr.clone().unwrap_or_default(),
            group_roles: f.group_roles.split(';').collect::<Vec<_>>().join("\n"),
            lock_after: f.lock_after.to_string(),
        }
    }
}

/// The OpenID Connect form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OidcInput {
    pub issuer: String,
    pub client_id: String,
    /// Empty: keep the saved secret.
    pub client_secret: String,
    pub clear_secret: String,
    pub employee_claim: String,
    pub mfa_by_provider: String,
    pub ca_file: String,
}

impl OidcInput {
    pub fn blank() -> Self {
        Self {
            employee_claim: "employee_number".into(),
            ..Default::default()
        }
    }

    pub(crate) fn check(&self) -> Result<OidcFields, Invalid> {
        let mut inv = Invalid::default();
        inv.check("issuer", check_issuer(self.issuer.trim()));
        inv.check(
            "client_id",
            check_present(&self.client_id, "クライアント ID", "client id"),
        );
        inv.check(
            "employee_claim",
            check_present(
                &self.employee_claim,
                "職員番号のクレーム名",
                "claim holding the employee number",
            ),
        );
        if !inv.is_empty() {
            return Err(inv);
        }
        Ok(OidcFields {
            issuer: self.issuer.trim().trim_end_matches('/').into(),
            client_id: self.client_id.trim().into(),
            employee_claim: self.employee_claim.trim().into(),
            mfa_by_provider: flag(&self.mfa_by_provider),
            ca_file: optional(&self.ca_file),
        })
    }
}

impl From<&OidcFields> for OidcInput {
    fn from(f: &OidcFields) -> Self {
        Self {
            issuer: f.issuer.clone(),
            client_id: f.client_id.clone(),
            client_secret: String::new(),
            clear_secret: String::new(),
            employee_claim: f.employee_claim.clone(),
            mfa_by_provider: on(f.mfa_by_provider),
            ca_file: f.ca_file.clone().unwrap_or_default(),
        }
    }
}

/// The mail server form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MailInput {
    /// `smtp://host:25`, `smtp://host:587?tls=required`, `smtps://host:465`.
    pub url: String,
    pub user: String,
    /// Empty: keep the saved password.
    pub password: String,
    pub clear_secret: String,
    pub from: String,
    pub ca_file: String,
}

impl MailInput {
    pub(crate) fn check(&self) -> Result<MailFields, Invalid> {
        let mut inv = Invalid::default();
        inv.check("url", check_server_url(self.url.trim(), &["smtp", "smtps"]));
        inv.check("from", check_present(&self.from, "差出人", "sender"));
        if !self.from.trim().is_empty() {
            inv.check(
                "from",
                self.from
                    .trim()
                    .parse::<lettre::message::Mailbox>()
                    .map(drop)
                    .map_err(|_| {
                        Problem::new(
                            format!("差出人「{}」はメールアドレスとして読めません（例: Mamori <isms@city.example.lg.jp>）。", self.from.trim()),
                            format!("The sender \"{}\" is not a mail address (e.g. Mamori <isms@city.example.lg.jp>).", self.from.trim()),
                        )
                    }),
            );
        }
        if !inv.is_empty() {
            return Err(inv);
        }
        Ok(MailFields {
            url: self.url.trim().into(),
            user: optional(&self.user),
            from: self.from.trim().into(),
            ca_file: optional(&self.ca_file),
        })
    }
}

impl From<&MailFields> for MailInput {
    fn from(f: &MailFields) -> Self {
        Self {
            url: f.url.clone(),
            user: f.user.clone().unwrap_or_default(),
            password: String::new(),
            clear_secret: String::new(),
            from: f.from.clone(),
            ca_file: f.ca_file.clone().unwrap_or_default(),
        }
    }
}
