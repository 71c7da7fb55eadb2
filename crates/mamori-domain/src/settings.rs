//! Connection settings an administrator keeps on the settings screens — the directory,
//! the OpenID provider and the mail server — and the checks their fields pass before
//! they are saved. Secrets (passwords, the client secret) are not checked here beyond
//! being present where needed: the app seals them before they reach the database.

use crate::Problem;

/// Which connection a stored setting describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConnectionKind {
    Directory,
    Oidc,
    Mail,
}

impl ConnectionKind {
    pub const ALL: [ConnectionKind; 3] = [Self::Directory, Self::Oidc, Self::Mail];

    pub fn code(self) -> &'static str {
        match self {
            Self::Directory => "directory",
            Self::Oidc => "oidc",
            Self::Mail => "mail",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Directory => "ディレクトリ（Active Directory / LDAP）",
            Self::Oidc => "OpenID Connect",
            Self::Mail => "メールサーバー（SMTP）",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Directory => "Directory (Active Directory / LDAP)",
            Self::Oidc => "OpenID Connect",
            Self::Mail => "Mail server (SMTP)",
        }
    }
}

/// Failed sign-ins after which a directory login is locked: the allowed range.
pub const LOCK_AFTER_RANGE: std::ops::RangeInclusive<i32> = 2..=50;

/// Splits a list typed one per line or separated by spaces.
pub fn split_list(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_owned).collect()
}

/// A server URL with one of `schemes` and a host: `ldaps://dc1.city.local`.
pub fn check_server_url(url: &str, schemes: &[&str]) -> Result<(), Problem> {
    let ok = url
        .split_once("://")
        .filter(|(scheme, _)| schemes.contains(scheme))
        .map(|(_, rest)| rest.split(['/', '?']).next().unwrap_or(""))
        .is_some_and(|host| !host.is_empty() && !host.starts_with(':') && !host.contains('@'));
    if ok {
        return Ok(());
    }
    let forms = schemes
        .iter()
        .map(|s| format!("{s}://…"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(Problem::new(
        format!(
            "「{url}」はサーバーの URL として読めません（{forms} の形で、利用者名やパスワードは含めません）。"
        ),
        format!(
            "\"{url}\" is not a server URL (write {forms}, with no user name or password in it)."
        ),
    ))
}

/// The provider's issuer: `https://`, or `http://` only on this machine (a test or a
/// provider behind a local proxy): the client secret and tokens cross this link.
pub fn check_issuer(url: &str) -> Result<(), Problem> {
    check_server_url(url, &["https", "http"])?;
    let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"];
    if url.starts_with("http://") && !loopback.iter().any(|p| url.starts_with(p)) {
        return Err(Problem::new(
            "IdP には https:// で接続してください（http:// はこのサーバー上の IdP だけに使えます）。",
            "Reach the provider over https:// (http:// is only for a provider on this server).",
        ));
    }
    Ok(())
}

/// An LDAP attribute name (`employeeID`, `msDS-PhoneticDisplayName`) or a numeric OID.
pub fn check_attribute(name: &str) -> Result<(), Problem> {
    let descr = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let oid = !name.is_empty()
        && name
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if descr || oid {
        return Ok(());
    }
    Err(Problem::new(
        format!(
            "「{name}」は LDAP の属性名として使えません（英字で始まり、英数字とハイフンだけ）。"
        ),
        format!(
            "\"{name}\" is not an LDAP attribute name (a letter, then letters, digits and hyphens)."
        ),
    ))
}

/// An LDAP filter in parentheses, balanced; a sign-in filter must hold `{login}`.
pub fn check_filter(filter: &str, needs_login: bool) -> Result<(), Problem> {
    let mut depth = 0i32;
    let mut balanced = filter.starts_with('(') && filter.ends_with(')');
    for c in filter.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        balanced &= depth >= 0;
    }
    if !balanced || depth != 0 {
        return Err(Problem::new(
            format!("フィルター「{filter}」の括弧が対応していません。"),
            format!("The parentheses of the filter \"{filter}\" do not match."),
        ));
    }
    if needs_login && !filter.contains("{login}") {
        return Err(Problem::new(
            "利用者フィルターには入力されたログイン名の位置を {login} で書いてください（例: (sAMAccountName={login})）。",
            "Write {login} where the typed sign-in name goes in the user filter, e.g. (sAMAccountName={login}).",
        ));
    }
    Ok(())
}

/// A required text field.
pub fn check_present(value: &str, ja: &str, en: &str) -> Result<(), Problem> {
    if value.trim().is_empty() {
        return Err(Problem::new(
            format!("{ja}を入力してください。"),
            format!("Enter the {en}."),
        ));
    }
    Ok(())
}

/// Failed sign-ins before a directory login locks, typed as text.
pub fn parse_lock_after(s: &str) -> Result<i32, Problem> {
    match s.trim().parse::<i32>() {
        Ok(n) if LOCK_AFTER_RANGE.contains(&n) => Ok(n),
        _ => Err(Problem::new(
            format!(
                "ロックまでの失敗回数は {}〜{} の整数です。",
                LOCK_AFTER_RANGE.start(),
                LOCK_AFTER_RANGE.end()
            ),
            format!(
                "Failures before locking is a whole number from {} to {}.",
                LOCK_AFTER_RANGE.start(),
                LOCK_AFTER_RANGE.end()
            ),
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn server_urls_need_a_known_scheme_and_a_host_and_no_credentials() {
        let ldap = ["ldap", "ldaps"];
        assert!(check_server_url("ldaps://dc1.city.local", &ldap).is_ok());
        assert!(check_server_url("ldap://10.0.0.5:389", &ldap).is_ok());
        assert!(check_server_url("ldaps://[::1]:636", &ldap).is_ok());
        for bad in [
            "dc1.city.local",
            "http://dc1",
            "ldaps://",
            "ldaps://:636",
            "ldap://admin:pw@dc1",
        ] {
            let e = check_server_url(bad, &ldap).unwrap_err();
            assert!(e.ja.contains(bad), "{}", e.ja);
        }
        let smtp = ["smtp", "smtps"];
        assert!(check_server_url("smtp://mail:587?tls=required", &smtp).is_ok());
        assert!(check_server_url("smtp://user:pw@mail:587", &smtp).is_err());
    }

    #[test]
    fn the_issuer_is_https_except_on_this_machine() {
        assert!(check_issuer("https://login.city.lg.jp/realms/city").is_ok());
        assert!(check_issuer("http://127.0.0.1:4000").is_ok());
        assert!(check_issuer("http://localhost:8080/realms/x").is_ok());
        let e = check_issuer("http://idp.city.local").unwrap_err();
        assert!(e.en.contains("https://"));
        assert!(check_issuer("ftp://idp").is_err());
    }

    #[test]
    fn attribute_names_follow_ldap() {
        for ok in ["employeeID", "msDS-PhoneticDisplayName", "mail", "2.5.4.3"] {
            assert!(check_attribute(ok).is_ok(), "{ok}");
        }
        for bad in ["", "1abc", "employee id", "mail;binary", "2..5", "職員番号"] {
            assert!(check_attribute(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn filters_must_balance_and_a_sign_in_filter_names_the_login() {
        assert!(check_filter("(sAMAccountName={login})", true).is_ok());
        assert!(check_filter("(&(objectClass=user)(employeeID=*))", false).is_ok());
        let e = check_filter("(&(objectClass=user)", false).unwrap_err();
        assert!(e.ja.contains("括弧"));
        assert!(check_filter(")(", false).is_err());
        assert!(check_filter("uid={login}", true).is_err());
        let e = check_filter("(sAMAccountName=x)", true).unwrap_err();
        assert!(e.en.contains("{login}"));
    }

    #[test]
    fn lock_after_is_bounded() {
        assert_eq!(parse_lock_after(" 4 "), Ok(4));
        assert_eq!(parse_lock_after("50"), Ok(50));
        for bad in ["1", "51", "", "four", "-3"] {
            assert!(parse_lock_after(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn kinds_round_trip_by_code() {
        for k in ConnectionKind::ALL {
            assert_eq!(ConnectionKind::parse(k.code()), Some(k));
        }
        assert_eq!(ConnectionKind::parse("ftp"), None);
    }

    #[test]
    fn lists_split_on_lines_and_spaces() {
        assert_eq!(
            split_list(" ldaps://a\r\nldaps://b  ldap://c\n"),
            vec!["ldaps://a", "ldaps://b", "ldap://c"]
        );
    }
}
