//! The LDAP client (ldap3 over rustls).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use ldap3::adapters::{Adapter, EntriesOnly, PagedResults};
use ldap3::{Ldap, LdapConnAsync, LdapConnSettings, LdapError, Scope, SearchEntry};
use mamori_domain::Problem;
use mamori_domain::directory::{Refusal, check_account, ou_path, user_filter};

use super::DirectorySettings;

/// How long a directory may take to connect or answer before it counts as down.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Entries per page of a listing: under Active Directory's usual limit of 1,000.
const PAGE: i32 = 500;

/// What kind of failure, for what the caller does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The settings cannot work (plain LDAP not allowed, unreadable CA, bad filter).
    Settings,
    /// No server could be reached (DNS, refused, timeout).
    Unreachable,
    /// TLS failed: certificate, CA or name.
    Tls,
    /// The service account's bind was refused.
    ServiceBind,
    /// No such user, or the password is wrong (not told apart to the person).
    BadCredentials,
    /// The account may not sign in (disabled, locked, expired).
    Refused(Refusal),
    /// The filter matched several entries.
    Ambiguous,
    /// The user has no value for a required attribute.
    MissingAttribute,
}

/// A failure, with what to tell a person or an operator.
#[derive(Debug, Clone)]
pub struct DirectoryError {
    pub kind: ErrorKind,
    pub problem: Problem,
}

impl std::fmt::Display for DirectoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.problem.en)
    }
}

fn err(kind: ErrorKind, ja: impl Into<String>, en: impl Into<String>) -> DirectoryError {
    DirectoryError {
        kind,
        problem: Problem::new(ja, en),
    }
}

/// A person as the directory describes them.
#[derive(Debug, Clone)]
pub struct DirUser {
    pub dn: String,
    pub employee_number: String,
    pub name: String,
    pub kana: Option<String>,
    pub mail: Option<String>,
    pub department: Option<String>,
    /// The organizational units the entry sits in, outermost first (when the settings
    /// find departments by them).
    pub ou_path: Vec<String>,
    pub category: Option<String>,
    pub groups: Vec<String>,
    user_account_control: Option<u32>,
    account_expires: Option<i64>,
}

impl DirUser {
    /// Whether the account may sign in `now`.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), Refusal> {
        check_account(self.user_account_control, self.account_expires, now)
    }
}

/// A configured directory.
#[derive(Clone)]
pub struct Directory {
    settings: DirectorySettings,
    tls: Arc<rustls::ClientConfig>,
}

impl std::fmt::Debug for Directory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Directory")
            .field("urls", &self.settings.urls)
            .finish()
    }
}

impl Directory {
    /// Checks the settings and reads the CA file.
    pub fn new(settings: DirectorySettings) -> Result<Self, DirectoryError> {
        if settings.urls.is_empty() {
            return Err(err(
                ErrorKind::Settings,
                "ディレクトリサーバーの URL がありません。",
                "No directory server URL is given.",
            ));
        }
        for u in &settings.urls {
            let plain = u.starts_with("ldap://");
            if !plain && !u.starts_with("ldaps://") {
                return Err(err(
                    ErrorKind::Settings,
                    format!("「{u}」は ldaps:// か ldap:// で始まる URL ではありません。"),
                    format!("\"{u}\" is not an ldaps:// or ldap:// URL."),
                ));
            }
            if plain && !settings.starttls && !settings.allow_plain {
                return Err(err(
                    ErrorKind::Settings,
                    format!(
                        "「{u}」は暗号化されません。ldaps:// を使うか StartTLS を有効にしてください（平文を許す設定は明示が必要です）。"
                    ),
                    format!(
                        "\"{u}\" is not encrypted. Use ldaps:// or turn on StartTLS (plain text must be allowed explicitly)."
                    ),
                ));
            }
        }
        user_filter(&settings.user_filter, "x").map_err(|p| DirectoryError {
            kind: ErrorKind::Settings,
            problem: p,
        })?;
        let tls = tls_config(settings.ca_file.as_deref())?;
        Ok(Self { settings, tls })
    }

    pub fn settings(&self) -> &DirectorySettings {
        &self.settings
    }

    /// A connection to the first server that answers, bound as the service account.
    async fn service(&self) -> Result<(Ldap, String), DirectoryError> {
        let mut last = None;
        for url in &self.settings.urls {
            match self.connect(url).await {
                Ok(mut ldap) => {
                    let bound = ldap
                        .simple_bind(&self.settings.bind_dn, &self.settings.bind_password)
                        .await
                        .and_then(|r| r.success());
                    return match bound {
                        Ok(_) => Ok((ldap, url.clone())),
                        Err(e) => Err(err(
                            ErrorKind::ServiceBind,
                            format!(
                                "{url}: 検索用アカウントでのバインドが拒否されました（{}）。DN とパスワードを確認してください。",
                                describe(&e)
                            ),
                            format!(
                                "{url}: the search account's bind was refused ({}). Check its DN and password.",
                                describe(&e)
                            ),
                        )),
                    };
                }
                Err(e) => {
                    tracing::warn!(%url, error = %e.problem.en, "directory server not reached");
                    last = Some(e);
                }
            }
        }
        Err(last.unwrap_or_else(|| {
            err(
                ErrorKind::Unreachable,
                "ディレクトリサーバーに接続できません。",
                "No directory server could be reached.",
            )
        }))
    }

    async fn connect(&self, url: &str) -> Result<Ldap, DirectoryError> {
        let settings = LdapConnSettings::new()
            .set_conn_timeout(TIMEOUT)
            .set_config(self.tls.clone())
            .set_starttls(url.starts_with("ldap://") && self.settings.starttls);
        let (conn, mut ldap) = LdapConnAsync::with_settings(settings, url)
            .await
            .map_err(|e| connect_error(url, &e))?;
        ldap3::drive!(conn);
        ldap.with_timeout(TIMEOUT);
        Ok(ldap)
    }

    /// One bind as `dn` on the first server, nothing else: what a sign-in costs at
    /// least (the bench's baseline; an operator's check of one account).
    pub async fn bind_as(&self, dn: &str, password: &str) -> Result<(), DirectoryError> {
        let url = self.settings.urls.first().cloned().unwrap_or_default();
        let mut ldap = self.connect(&url).await?;
        let bound = ldap
            .simple_bind(dn, password)
            .await
            .and_then(|r| r.success());
        let _ = ldap.unbind().await;
        bound.map(|_| ()).map_err(|e| {
            err(
                ErrorKind::BadCredentials,
                format!("{url}: {dn} としてバインドできません（{}）。", describe(&e)),
                format!("{url}: cannot bind as {dn} ({}).", describe(&e)),
            )
        })
    }

    /// The person whose sign-in name is `login`; `None` when nobody matches.
    pub async fn find(&self, login: &str) -> Result<Option<DirUser>, DirectoryError> {
        let (mut ldap, url) = self.service().await?;
        let found = self.search(&mut ldap, &url, login).await;
        let _ = ldap.unbind().await;
        found
    }

    async fn search(
        &self,
        ldap: &mut Ldap,
        url: &str,
        login: &str,
    ) -> Result<Option<DirUser>, DirectoryError> {
        let s = &self.settings;
        let filter = user_filter(&s.user_filter, login).map_err(|p| DirectoryError {
            kind: ErrorKind::Settings,
            problem: p,
        })?;
        let (entries, _) = ldap
            .search(&s.base_dn, Scope::Subtree, &filter, self.attributes())
            .await
            .and_then(|r| r.success())
            .map_err(|e| {
                err(
                    ErrorKind::Unreachable,
                    format!(
                        "{url}: 検索に失敗しました（{}）。検索ベースとフィルタを確認してください。",
                        describe(&e)
                    ),
                    format!(
                        "{url}: the search failed ({}). Check the search base and the filter.",
                        describe(&e)
                    ),
                )
            })?;
        let mut entries = entries.into_iter().map(SearchEntry::construct);
        let Some(e) = entries.next() else {
            return Ok(None);
        };
        if entries.next().is_some() {
            return Err(err(
                ErrorKind::Ambiguous,
                format!(
                    "「{login}」に当てはまる利用者がディレクトリに複数います。フィルタを確認してください。"
                ),
                format!("Several directory entries match \"{login}\". Check the filter."),
            ));
        }
        self.person(e, Some(login)).map(Some)
    }

    /// What Mamori reads of a person.
    fn attributes(&self) -> Vec<&str> {
        let s = &self.settings;
        let mut attrs = vec![
            s.employee_attr.as_str(),
            s.name_attr.as_str(),
            s.mail_attr.as_str(),
            "userAccountControl",
            "accountExpires",
            "memberOf",
        ];
        attrs.extend(s.kana_attr.as_deref());
        attrs.extend(s.department_attr.as_deref());
        attrs.extend(s.category_attr.as_deref());
        attrs
    }

    /// A directory entry as a person; refused when it has no employee number.
    fn person(&self, e: SearchEntry, login: Option<&str>) -> Result<DirUser, DirectoryError> {
        let s = &self.settings;
        let first = |a: &str| {
            e.attrs
                .get(a)
                .and_then(|v| v.first())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let employee_number = first(&s.employee_attr).ok_or_else(|| {
            err(
                ErrorKind::MissingAttribute,
                format!(
                    "ディレクトリの利用者 {} に職員番号（{}）がありません。",
                    e.dn, s.employee_attr
                ),
                format!(
                    "The directory entry {} has no employee number ({}).",
                    e.dn, s.employee_attr
                ),
            )
        })?;
        Ok(DirUser {
            employee_number,
            name: first(&s.name_attr)
                .or_else(|| login.map(str::to_owned))
                .unwrap_or_default(),
            kana: s.kana_attr.as_deref().and_then(first),
            mail: first(&s.mail_attr),
            department: s.department_attr.as_deref().and_then(first),
            ou_path: if s.department_from_ou {
                ou_path(&e.dn, &s.base_dn)
            } else {
                Vec::new()
            },
            category: s.category_attr.as_deref().and_then(first),
            groups: e.attrs.get("memberOf").cloned().unwrap_or_default(),
            user_account_control: first("userAccountControl").and_then(|v| v.parse().ok()),
            account_expires: first("accountExpires").and_then(|v| v.parse().ok()),
            dn: e.dn,
        })
    }

    /// Everyone the sync filter matches, read page by page (Active Directory answers
    /// at most 1,000 entries to one plain search). An entry Mamori cannot use comes
    /// back as its problem, for the sync to report.
    pub async fn people(&self) -> Result<Vec<Result<DirUser, DirectoryError>>, DirectoryError> {
        let s = &self.settings;
        let (mut ldap, url) = self.service().await?;
        let failed = |e: LdapError| {
            err(
                ErrorKind::Unreachable,
                format!(
                    "{url}: 職員の一覧を読めませんでした（{}）。検索ベースと同期フィルタを確認してください。",
                    describe(&e)
                ),
                format!(
                    "{url}: reading the people failed ({}). Check the search base and the sync filter.",
                    describe(&e)
                ),
            )
        };
        let adapters: Vec<Box<dyn Adapter<_, _>>> = vec![
            Box::new(EntriesOnly::new()),
            Box::new(PagedResults::new(PAGE)),
        ];
        let mut search = ldap
            .streaming_search_with(
                adapters,
                &s.base_dn,
                Scope::Subtree,
                &s.sync_filter,
                self.attributes(),
            )
            .await
            .map_err(failed)?;
        let mut out = Vec::new();
        while let Some(entry) = search.next().await.map_err(failed)? {
            out.push(self.person(SearchEntry::construct(entry), None));
        }
        search.finish().await.success().map_err(failed)?;
        let _ = ldap.unbind().await;
        Ok(out)
    }

    /// Checks `password` for `login`: finds the person, binds as them, then checks
    /// their account may sign in `now`. An empty password is refused before any bind (an
    /// LDAP bind without a password "succeeds" as anonymous).
    pub async fn authenticate(
        &self,
        login: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<DirUser, DirectoryError> {
        let bad = || {
            err(
                ErrorKind::BadCredentials,
                "ログイン名またはパスワードが正しくありません。",
                "The login or the password is not correct.",
            )
        };
        if password.is_empty() || login.trim().is_empty() {
            return Err(bad());
        }
        let (mut ldap, url) = self.service().await?;
        let found = self.search(&mut ldap, &url, login).await;
        let user = match found {
            Ok(Some(u)) => u,
            other => {
                let _ = ldap.unbind().await;
                return Err(other.err().unwrap_or_else(bad));
            }
        };
        // The same connection binds again as the person: one TLS handshake per
        // sign-in rather than two. It is closed after, never reused as the service.
        let bound = ldap
            .simple_bind(&user.dn, password)
            .await
            .and_then(|r| r.success());
        let _ = ldap.unbind().await;
        match bound {
            Ok(_) => {}
            Err(LdapError::LdapResult { result }) if result.rc == 49 => return Err(bad()),
            Err(e) => {
                return Err(err(
                    ErrorKind::Unreachable,
                    format!(
                        "{url}: パスワードの確認に失敗しました（{}）。",
                        describe(&e)
                    ),
                    format!("{url}: checking the password failed ({}).", describe(&e)),
                ));
            }
        }
        // Only someone who knows the password learns that the account is disabled.
        user.check(now).map_err(|r| DirectoryError {
            kind: ErrorKind::Refused(r),
            problem: r.problem(),
        })?;
        Ok(user)
    }

    /// The operator's check: reaches a server, binds as the service account, and, given
    /// a sign-in name, finds that person. Returns what it found, step by step.
    pub async fn test(&self, login: Option<&str>) -> Result<Vec<String>, DirectoryError> {
        let (mut ldap, url) = self.service().await?;
        let mut steps = vec![format!("connected and bound as the search account: {url}")];
        if let Some(login) = login {
            let found = self.search(&mut ldap, &url, login).await;
            let _ = ldap.unbind().await;
            match found? {
                None => {
                    return Err(err(
                        ErrorKind::BadCredentials,
                        format!(
                            "フィルタ {} に当てはまる利用者はいません（0 件）。",
                            user_filter(&self.settings.user_filter, login).unwrap_or_default()
                        ),
                        format!(
                            "The filter {} matches no user (0 entries).",
                            user_filter(&self.settings.user_filter, login).unwrap_or_default()
                        ),
                    ));
                }
                Some(u) => steps.push(format!(
                    "found {} (employee number {}, {})",
                    u.dn, u.employee_number, u.name
                )),
            }
        } else {
            let _ = ldap.unbind().await;
        }
        Ok(steps)
    }
}

/// The system's roots and the configured CA, for rustls with aws-lc-rs.
pub(crate) fn tls_config(
    ca_file: Option<&std::path::Path>,
) -> Result<Arc<rustls::ClientConfig>, DirectoryError> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(path) = ca_file {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .and_then(|it| it.collect::<Result<_, _>>())
            .map_err(|e| {
                err(
                    ErrorKind::Settings,
                    format!("CA 証明書 {} を読めません: {e}", path.display()),
                    format!("Cannot read the CA certificate {}: {e}", path.display()),
                )
            })?;
        for c in certs {
            roots.add(c).map_err(|e| {
                err(
                    ErrorKind::Settings,
                    format!("CA 証明書 {} を使えません: {e}", path.display()),
                    format!("The CA certificate {} cannot be used: {e}", path.display()),
                )
            })?;
        }
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| {
            err(
                ErrorKind::Settings,
                format!("TLS の設定: {e}"),
                format!("TLS settings: {e}"),
            )
        })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// An ldap3 error with its causes, one line.
fn describe(e: &LdapError) -> String {
    crate::error::error_chain(e)
}

fn connect_error(url: &str, e: &LdapError) -> DirectoryError {
    let detail = describe(e);
    let lower = detail.to_lowercase();
    if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        err(
            ErrorKind::Tls,
            format!(
                "{url}: TLS で接続できません（証明書、CA、サーバー名を確認してください）: {detail}"
            ),
            format!(
                "{url}: no TLS connection (check the certificate, the CA and the server name): {detail}"
            ),
        )
    } else {
        err(
            ErrorKind::Unreachable,
            format!("{url}: ディレクトリサーバーに接続できません: {detail}"),
            format!("{url}: cannot connect to the directory server: {detail}"),
        )
    }
}
