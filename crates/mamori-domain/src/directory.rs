//! Rules for accounts read from a directory (Active Directory or another LDAP server):
//! whether an account may sign in at all, read from Active Directory's
//! `userAccountControl` flags and `accountExpires` time, and how a typed sign-in name
//! is made safe to put into a search filter.

use chrono::{DateTime, TimeZone, Utc};

use crate::error::Problem;
use crate::role::Role;

/// `userAccountControl`: the account is disabled.
pub const UAC_ACCOUNTDISABLE: u32 = 0x0002;
/// `userAccountControl`: the account is locked out.
pub const UAC_LOCKOUT: u32 = 0x0010;

/// Seconds between 1601-01-01 (the Windows FILETIME epoch) and 1970-01-01.
const FILETIME_UNIX_OFFSET_SECS: i64 = 11_644_473_600;

/// Active Directory's `accountExpires`: 100-nanosecond intervals since 1601-01-01 UTC,
/// where 0 and 0x7FFFFFFFFFFFFFFF both mean "never". `None` for never (or a value no
/// calendar can hold, which only "never" produces in practice).
pub fn account_expires(raw: i64) -> Option<DateTime<Utc>> {
    if raw <= 0 || raw == i64::MAX {
        return None;
    }
    let secs = raw / 10_000_000 - FILETIME_UNIX_OFFSET_SECS;
    Utc.timestamp_opt(secs, 0).single()
}

/// The FILETIME of a moment (for test directories and round trips).
pub fn to_filetime(t: DateTime<Utc>) -> i64 {
    (t.timestamp() + FILETIME_UNIX_OFFSET_SECS) * 10_000_000
}

/// Why a directory account may not sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Disabled,
    LockedOut,
    Expired,
}

impl Refusal {
    /// What the person is told (no more than they need: not whether the password
    /// was right).
    pub fn problem(self) -> Problem {
        match self {
            Refusal::Disabled => Problem::new(
                "ディレクトリ（Active Directory）でこのアカウントは無効になっています。情報システム担当に確認してください。",
                "This account is disabled in the directory (Active Directory). Ask your IT staff.",
            ),
            Refusal::LockedOut => Problem::new(
                "ディレクトリ（Active Directory）でこのアカウントはロックされています。情報システム担当に確認してください。",
                "This account is locked in the directory (Active Directory). Ask your IT staff.",
            ),
            Refusal::Expired => Problem::new(
                "ディレクトリ（Active Directory）でこのアカウントの有効期限が切れています。情報システム担当に確認してください。",
                "This account has expired in the directory (Active Directory). Ask your IT staff.",
            ),
        }
    }

    /// The audit log's word for it.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Disabled => "disabled",
            Refusal::LockedOut => "locked_out",
            Refusal::Expired => "expired",
        }
    }
}

/// Whether an account read from the directory may sign in `now`. Attributes a plain
/// LDAP server lacks (`None`) do not refuse.
pub fn check_account(
    user_account_control: Option<u32>,
    account_expires_raw: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let uac = user_account_control.unwrap_or(0);
    if uac & UAC_ACCOUNTDISABLE != 0 {
        return Err(Refusal::Disabled);
    }
    if uac & UAC_LOCKOUT != 0 {
        return Err(Refusal::LockedOut);
    }
    if account_expires_raw
        .and_then(account_expires)
        .is_some_and(|at| at <= now)
    {
        return Err(Refusal::Expired);
    }
    Ok(())
}

/// A value made safe inside an LDAP search filter (RFC 4515): `*`, `(`, `)`, `\` and
/// NUL escaped as `\XX`, so a typed sign-in name cannot widen the search. Multi-byte
/// UTF-8 (Japanese logins) passes as it is.
pub fn escape_filter_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '*' => out.push_str("\\2a"),
            '(' => out.push_str("\\28"),
            ')' => out.push_str("\\29"),
            '\\' => out.push_str("\\5c"),
            '\0' => out.push_str("\\00"),
            c => out.push(c),
        }
    }
    out
}

/// The search filter for a sign-in name: `template` with every `{login}` replaced by
/// the escaped name, e.g. `(&(objectClass=user)(sAMAccountName={login}))`.
pub fn user_filter(template: &str, login: &str) -> Result<String, Problem> {
    if !template.contains("{login}") {
        return Err(Problem::new(
            "ユーザー検索フィルタに {login} が含まれていません。例: (sAMAccountName={login})",
            "The user filter does not contain {login}. For example: (sAMAccountName={login})",
        ));
    }
    let balanced = template.chars().try_fold(0u32, |depth, c| match c {
        '(' => Some(depth + 1),
        ')' => depth.checked_sub(1),
        _ => Some(depth),
    }) == Some(0);
    if !balanced || !template.trim_start().starts_with('(') {
        return Err(Problem::new(
            format!("ユーザー検索フィルタ「{template}」の括弧が対応していません。"),
            format!("The user filter \"{template}\" has unbalanced parentheses."),
        ));
    }
    Ok(template.replace("{login}", &escape_filter_value(login.trim())))
}

/// Where an account's password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthSource {
    /// Mamori keeps the password's hash.
    Local,
    /// The directory checks the password at every sign-in; Mamori keeps none, and the
    /// password can be neither changed nor reset here.
    Directory,
    /// The organization's OpenID provider (Entra ID, Keycloak …) signs the person in.
    Oidc,
}

impl AuthSource {
    pub fn code(self) -> &'static str {
        match self {
            AuthSource::Local => "local",
            AuthSource::Directory => "directory",
            AuthSource::Oidc => "oidc",
        }
    }

    /// An unknown code is a directory account: never one whose password Mamori checks
    /// against a hash it does not have.
    pub fn parse(s: &str) -> Self {
        match s {
            "local" => AuthSource::Local,
            "oidc" => AuthSource::Oidc,
            _ => AuthSource::Directory,
        }
    }
}

/// A directory group whose members hold a Mamori role for the whole organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRole {
    pub role: Role,
    pub group_dn: String,
}

/// Reads the mapping as operators write it, `role=group DN` pairs separated by `;`:
/// `csirt=CN=CSIRT,OU=Groups,DC=city,DC=lg,DC=jp;auditor=CN=監査,OU=Groups,…`. A role
/// that answers for one department cannot come from a group (the group names none).
pub fn parse_group_roles(s: &str) -> Result<Vec<GroupRole>, Problem> {
    let mut out = Vec::new();
    for pair in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((role, dn)) = pair.split_once('=') else {
            return Err(Problem::new(
                format!("「{pair}」は「役割=グループのDN」の形ではありません。"),
                format!("\"{pair}\" is not of the form role=group DN."),
            ));
        };
        let role = Role::parse(role)?;
        if role.requires_department() {
            return Err(Problem::new(
                format!(
                    "「{}」は所属ごとの役割なので、グループからは割り当てられません。",
                    role.label_ja()
                ),
                format!(
                    "\"{}\" is held for one department, so a group cannot grant it.",
                    role.label_en()
                ),
            ));
        }
        let group_dn = dn.trim().to_owned();
        if group_dn.is_empty() {
            return Err(Problem::new(
                format!("「{}」のグループのDNが空です。", role.label_ja()),
                format!("The group DN for \"{}\" is empty.", role.label_en()),
            ));
        }
        out.push(GroupRole { role, group_dn });
    }
    Ok(out)
}

/// DNs compare without case and without the spaces people put after commas.
fn same_dn(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split(',')
            .map(|p| p.trim().to_lowercase())
            .collect::<Vec<_>>()
    };
    norm(a) == norm(b)
}

/// What a directory sign-in changes in a person's organization-wide roles. For every
/// role the mapping names, the directory decides: membership grants it, and its absence
/// removes it. Roles the mapping does not name are left as administrators set them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleChanges {
    pub grant: Vec<Role>,
    pub remove: Vec<Role>,
}

pub fn role_changes(mapping: &[GroupRole], member_of: &[String], held: &[Role]) -> RoleChanges {
    let mut out = RoleChanges::default();
    let mut seen: Vec<Role> = Vec::new();
    for m in mapping {
        if seen.contains(&m.role) {
            continue;
        }
        seen.push(m.role);
        // A role may be mapped from several groups: any one of them grants it.
        let member = mapping
            .iter()
            .filter(|g| g.role == m.role)
            .any(|g| member_of.iter().any(|d| same_dn(d, &g.group_dn)));
        match (member, held.contains(&m.role)) {
            (true, false) => out.grant.push(m.role),
            (false, true) => out.remove.push(m.role),
            _ => {}
        }
    }
    out
}

/// Share of the register a sync may retire without being told to, by default: a
/// broken filter or a wrong search base looks like everyone left.
pub const DEFAULT_MAX_RETIRE_PERCENT: u32 = 10;

/// Refuses a sync that would retire more than `max_percent` of the `active` staff.
pub fn check_leaver_share(retiring: usize, active: usize, max_percent: u32) -> Result<(), Problem> {
    // Whole numbers, so 10% of 50 is 5 and not a float's 4.999….
    if retiring == 0 || retiring * 100 <= active * max_percent as usize {
        return Ok(());
    }
    Err(Problem::new(
        format!(
            "この同期は在職者 {active} 人のうち {retiring} 人を退職にします（上限 {max_percent}%）。検索ベースや同期フィルタの誤りでないか確かめてから、上限を指定して実行してください。何も変更していません。"
        ),
        format!(
            "This sync would retire {retiring} of {active} current staff (the limit is {max_percent}%). Check the search base and the sync filter, then run it again with a higher limit if this is right. Nothing was changed."
        ),
    ))
}

/// The organizational units a directory entry sits in, outermost first and below the
/// search base: `uid=y,OU=市民課,OU=市民部,OU=職員,DC=city` under `DC=city` gives
/// `[職員, 市民部, 市民課]`. Escaped characters (`\,`, and `\e5\b8\82` as Active
/// Directory writes non-ASCII) are read back; other parts (CN, DC) are left out.
pub fn ou_path(dn: &str, base_dn: &str) -> Vec<String> {
    let rdns = split_dn(dn);
    let base = split_dn(base_dn);
    let fold = |v: &[(String, String)]| {
        v.iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_lowercase()))
            .collect::<Vec<_>>()
    };
    let (all, base) = (fold(&rdns), fold(&base));
    let keep = if !base.is_empty() && all.ends_with(&base) {
        all.len() - base.len()
    } else {
        all.len()
    };
    rdns[..keep]
        .iter()
        .rev()
        .filter(|(k, _)| k.eq_ignore_ascii_case("ou"))
        .map(|(_, v)| v.clone())
        .collect()
}

/// A DN's parts as (type, value), unescaped, in the DN's order (innermost first).
fn split_dn(dn: &str) -> Vec<(String, String)> {
    let mut parts = Vec::new();
    let mut bytes: Vec<u8> = Vec::new();
    let mut raw = dn.as_bytes().iter().copied().peekable();
    let hex = |b: u8| (b as char).to_digit(16);
    let flush = |bytes: &mut Vec<u8>, parts: &mut Vec<(String, String)>| {
        let text = String::from_utf8_lossy(bytes).into_owned();
        bytes.clear();
        if let Some((k, v)) = text.split_once('=') {
            parts.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    };
    while let Some(b) = raw.next() {
        match b {
            b'\\' => match raw.next() {
                Some(h) if hex(h).is_some() && raw.peek().and_then(|l| hex(*l)).is_some() => {
                    let l = raw.next().and_then(hex).unwrap_or(0);
                    bytes.push((hex(h).unwrap_or(0) * 16 + l) as u8);
                }
                Some(c) => bytes.push(c),
                None => {}
            },
            b',' => flush(&mut bytes, &mut parts),
            _ => bytes.push(b),
        }
    }
    flush(&mut bytes, &mut parts);
    parts
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    #[test]
    fn ou_paths_read_outermost_first_below_the_base() {
        let base = "dc=city,dc=example,dc=lg,dc=jp";
        assert_eq!(
            ou_path(
                "uid=user0001,ou=市民課,ou=市民部,ou=職員,dc=city,dc=example,dc=lg,dc=jp",
                base
            ),
            vec!["職員", "市民部", "市民課"]
        );
        // Active Directory's capitals, CN, and a base written differently.
        assert_eq!(
            ou_path(
                "CN=山田 太郎,OU=税務課,OU=総務部,DC=City,DC=Example,DC=LG,DC=JP",
                "DC=city, DC=example, DC=lg, DC=jp"
            ),
            vec!["総務部", "税務課"]
        );
        // Escapes: a comma in a name, and UTF-8 written as hex pairs.
        assert_eq!(
            ou_path("cn=x,ou=企画\\,調整課,ou=\\e5\\b8\\82,dc=a", "dc=a"),
            vec!["市", "企画,調整課"]
        );
        // Outside the base: every OU, as far as the DN goes.
        assert_eq!(ou_path("cn=x,ou=a,dc=b", "dc=other"), vec!["a"]);
        assert!(ou_path("cn=x,dc=b", "dc=b").is_empty());
    }

    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn account_expires_reads_filetime_and_its_two_nevers() {
        assert_eq!(account_expires(0), None);
        assert_eq!(account_expires(i64::MAX), None);
        // 2027-03-31T15:00:00Z as AD stores it.
        let t = utc("2027-03-31T15:00:00Z");
        assert_eq!(account_expires(to_filetime(t)), Some(t));
        assert_eq!(
            to_filetime(utc("1970-01-01T00:00:00Z")),
            116_444_736_000_000_000
        );
    }

    #[test]
    fn disabled_locked_and_expired_accounts_are_refused() {
        let now = utc("2026-12-06T00:00:00Z");
        assert_eq!(check_account(Some(512), None, now), Ok(()));
        assert_eq!(check_account(None, None, now), Ok(()));
        assert_eq!(check_account(Some(514), None, now), Err(Refusal::Disabled));
        assert_eq!(
            check_account(Some(512 | 0x10), None, now),
            Err(Refusal::LockedOut)
        );
        let yesterday = to_filetime(utc("2026-12-05T00:00:00Z"));
        let tomorrow = to_filetime(utc("2026-12-07T00:00:00Z"));
        assert_eq!(
            check_account(Some(512), Some(yesterday), now),
            Err(Refusal::Expired)
        );
        assert_eq!(check_account(Some(512), Some(tomorrow), now), Ok(()));
        assert_eq!(check_account(Some(512), Some(0), now), Ok(()));
        assert!(Refusal::Expired.problem().ja.contains("有効期限"));
    }

    #[test]
    fn a_typed_name_cannot_widen_the_search() {
        assert_eq!(escape_filter_value("*)(uid=*"), "\\2a\\29\\28uid=\\2a");
        assert_eq!(escape_filter_value("山田\\太郎"), "山田\\5c太郎");
        assert_eq!(
            user_filter("(&(objectClass=user)(sAMAccountName={login}))", " yamada* ").unwrap(),
            "(&(objectClass=user)(sAMAccountName=yamada\\2a))"
        );
        assert_eq!(
            user_filter("(userPrincipalName={login})", "やまだ@city.example.lg.jp").unwrap(),
            "(userPrincipalName=やまだ@city.example.lg.jp)"
        );
        assert!(user_filter("(sAMAccountName=x)", "a").is_err());
        assert!(user_filter("(&(sAMAccountName={login})", "a").is_err());
        assert!(user_filter("sAMAccountName={login}", "a").is_err());
    }

    #[test]
    fn group_roles_are_read_and_department_roles_refused() {
        let m = parse_group_roles(
            "csirt=CN=CSIRT,OU=Groups,DC=city ; 監査人=CN=監査,OU=Groups,DC=city;",
        )
        .unwrap();
        assert_eq!(
            m,
            vec![
                GroupRole {
                    role: Role::Csirt,
                    group_dn: "CN=CSIRT,OU=Groups,DC=city".into()
                },
                GroupRole {
                    role: Role::Auditor,
                    group_dn: "CN=監査,OU=Groups,DC=city".into()
                },
            ]
        );
        assert!(parse_group_roles("").unwrap().is_empty());
        let e = parse_group_roles("department-officer=CN=x").unwrap_err();
        assert!(e.ja.contains("所属ごとの役割"), "{}", e.ja);
        assert!(parse_group_roles("CN=x").is_err());
        assert!(parse_group_roles("chef=CN=x").is_err());
        assert!(parse_group_roles("csirt=").is_err());
    }

    #[test]
    fn the_directory_decides_only_the_roles_it_maps() {
        let m = parse_group_roles("csirt=CN=CSIRT,DC=city;auditor=CN=Audit,DC=city").unwrap();
        // Membership written differently (case, spaces) still counts.
        let groups = vec!["cn=csirt, dc=CITY".to_owned()];
        assert_eq!(
            role_changes(&m, &groups, &[Role::Ciso, Role::Auditor]),
            RoleChanges {
                grant: vec![Role::Csirt],
                remove: vec![Role::Auditor]
            }
        );
        assert_eq!(
            role_changes(&m, &groups, &[Role::Csirt]),
            RoleChanges::default()
        );
        assert_eq!(
            role_changes(&[], &groups, &[Role::Csirt]),
            RoleChanges::default()
        );
    }

    #[test]
    fn an_unknown_auth_source_is_never_local() {
        assert_eq!(AuthSource::parse("local"), AuthSource::Local);
        assert_eq!(AuthSource::parse("directory"), AuthSource::Directory);
        assert_eq!(AuthSource::parse("oidc"), AuthSource::Oidc);
        assert_eq!(AuthSource::parse("saml?"), AuthSource::Directory);
    }

    #[test]
    fn a_sync_retiring_too_many_stops() {
        assert!(check_leaver_share(5, 50, 10).is_ok());
        assert!(check_leaver_share(6, 50, 10).is_err());
        assert!(check_leaver_share(0, 0, 10).is_ok());
        // Everyone gone from an empty filter: stopped, and it says how many.
        let e = check_leaver_share(1200, 1200, 10).unwrap_err();
        assert!(e.ja.contains("1200 人のうち 1200 人"), "{}", e.ja);
        assert!(check_leaver_share(1200, 1200, 100).is_ok());
    }
}
