//! A real LDAP server for tests: Debian's `slapd` in a temporary directory, with the
//! Active Directory attributes Mamori reads (`sAMAccountName`, `userPrincipalName`,
//! `userAccountControl`, `accountExpires`, `memberOf`, `employeeID`) added to its
//! schema, and a generated directory of users: Japanese names, departments as nested
//! OUs, some accounts disabled and some expired. It listens for plain LDAP (for
//! StartTLS) and LDAPS, with a certificate for `127.0.0.1` from a test CA made by
//! `openssl` (so `localhost` is a name mismatch).
//!
//! Missing `slapd` skips loudly, or fails with `MAMORI_REQUIRE_LDAP=1` (CI).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;

use crate::{find_in_path, free_port, skip_or_fail, tail_file, wait_timeout};

/// The directory's base.
pub const BASE_DN: &str = "dc=city,dc=example,dc=lg,dc=jp";
/// The service account Mamori searches with.
pub const SERVICE_DN: &str = "cn=mamori-service,dc=city,dc=example,dc=lg,dc=jp";
pub const SERVICE_PASSWORD: &str = "service-secret-2026";
/// Where the people are (departments are OUs below it).
pub const PEOPLE_DN: &str = "ou=職員,dc=city,dc=example,dc=lg,dc=jp";
/// The group whose members the tests map to a Mamori role.
pub const CSIRT_GROUP_DN: &str = "cn=ISMS-CSIRT,ou=groups,dc=city,dc=example,dc=lg,dc=jp";

/// `userAccountControl` of a normal and a disabled account.
const UAC_NORMAL: u32 = 512;
const UAC_DISABLED: u32 = 514;

/// (department OU, its parent OU, department code) of the generated users.
const SECTIONS: [(&str, &str, &str); 4] = [
    ("市民課", "市民部", "310"),
    ("税務課", "市民部", "320"),
    ("情報政策課", "総務部", "110"),
    ("環境保全課", "環境部", "610"),
];
const FAMILY: [(&str, &str); 8] = [
    ("山田", "ヤマダ"),
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("中村", "ナカムラ"),
];
const GIVEN: [(&str, &str); 6] = [
    ("太郎", "タロウ"),
    ("花子", "ハナコ"),
    ("一郎", "イチロウ"),
    ("陽子", "ヨウコ"),
    ("健", "ケン"),
    ("美咲", "ミサキ"),
];

/// A user of the generated directory.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub dn: String,
    /// `sAMAccountName` (also `uid`).
    pub login: String,
    pub upn: String,
    pub password: String,
    /// `employeeNumber` and `employeeID`.
    pub employee_number: String,
    pub name: String,
    pub kana: String,
    pub mail: String,
    /// The department code (`departmentNumber`).
    pub department: String,
    /// The staff category as HR names it (`employeeType`).
    pub category: String,
    pub disabled: bool,
    pub expired: bool,
    pub csirt: bool,
}

/// A running `slapd`; stopped and removed on drop.
#[derive(Debug)]
pub struct LdapServer {
    child: Child,
    dir: tempfile::TempDir,
    port: u16,
    tls_port: u16,
    pub users: Vec<TestUser>,
}

fn slapd() -> Option<PathBuf> {
    ["/usr/sbin/slapd", "/usr/local/sbin/slapd"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .or_else(|| find_in_path("slapd"))
}

impl LdapServer {
    /// Starts a directory of `n` generated users (at least 20), or reports the skip.
    #[track_caller]
    pub fn start(n: usize) -> Option<Self> {
        let Some(slapd) = slapd() else {
            skip_or_fail(
                "LDAP server",
                "no slapd (apt-get install slapd ldap-utils)",
                "MAMORI_REQUIRE_LDAP",
            );
            return None;
        };
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        make_certificates(dir.path());
        std::fs::write(dir.path().join("ad.schema"), AD_SCHEMA)
            .unwrap_or_else(|e| panic!("writing the schema: {e}"));
        std::fs::write(dir.path().join("slapd.conf"), config(dir.path()))
            .unwrap_or_else(|e| panic!("writing slapd.conf: {e}"));
        std::fs::create_dir_all(dir.path().join("data"))
            .unwrap_or_else(|e| panic!("creating the data directory: {e}"));
        let users = generate(n.max(20));
        std::fs::write(dir.path().join("data.ldif"), ldif(&users))
            .unwrap_or_else(|e| panic!("writing the LDIF: {e}"));
        let out = Command::new(slapd.with_file_name("slapadd"))
            .arg("-f")
            .arg(dir.path().join("slapd.conf"))
            .arg("-l")
            .arg(dir.path().join("data.ldif"))
            .output()
            .unwrap_or_else(|e| panic!("cannot run slapadd: {e}"));
        assert!(
            out.status.success(),
            "slapadd failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut last = String::new();
        for _ in 0..5 {
            let (port, tls_port) = (free_port(), free_port());
            let log = dir.path().join("slapd.log");
            let log_file = std::fs::File::create(&log).unwrap_or_else(|e| panic!("slapd log: {e}"));
            let mut child = Command::new(&slapd)
                .arg("-f")
                .arg(dir.path().join("slapd.conf"))
                .arg("-h")
                .arg(format!(
                    "ldap://127.0.0.1:{port}/ ldaps://127.0.0.1:{tls_port}/"
                ))
                // In the foreground with a little logging, so it dies with its handle.
                .args(["-d", "0"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(log_file)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot run slapd: {e}"));
            if wait_listening(port, &mut child) {
                return Some(Self {
                    child,
                    dir,
                    port,
                    tls_port,
                    users,
                });
            }
            let _ = child.kill();
            let _ = child.wait();
            last = tail_file(&log, 20);
        }
        panic!("slapd would not start: {last}");
    }

    /// `ldap://127.0.0.1:PORT` (plain; StartTLS upgrades it).
    pub fn ldap_url(&self) -> String {
        format!("ldap://127.0.0.1:{}", self.port)
    }

    /// `ldaps://127.0.0.1:PORT`.
    pub fn ldaps_url(&self) -> String {
        format!("ldaps://127.0.0.1:{}", self.tls_port)
    }

    /// The LDAPS port by a name its certificate does not carry (`localhost`).
    pub fn ldaps_url_wrong_name(&self) -> String {
        format!("ldaps://localhost:{}", self.tls_port)
    }

    /// The test CA's certificate (PEM).
    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// The first user that is neither disabled nor expired.
    pub fn active_user(&self) -> &TestUser {
        self.users
            .iter()
            .find(|u| !u.disabled && !u.expired)
            .unwrap_or_else(|| panic!("no active user"))
    }

    /// Replaces one attribute of an entry, as the service account (values and DNs in
    /// Japanese are written as LDIF wants them).
    pub fn replace_attribute(&self, dn: &str, name: &str, value: &str) {
        let mut change = String::new();
        attr(&mut change, "dn", dn);
        change.push_str(&format!("changetype: modify\nreplace: {name}\n"));
        attr(&mut change, name, value);
        self.modify(&change);
    }

    /// Removes every value of an attribute from an entry.
    pub fn delete_attribute(&self, dn: &str, name: &str) {
        let mut change = String::new();
        attr(&mut change, "dn", dn);
        change.push_str(&format!("changetype: modify\ndelete: {name}\n"));
        self.modify(&change);
    }

    /// Removes an entry (a person who left).
    pub fn delete_entry(&self, dn: &str) {
        let mut change = String::new();
        attr(&mut change, "dn", dn);
        change.push_str("changetype: delete\n");
        self.modify(&change);
    }

    /// Applies an LDIF change as the service account.
    fn modify(&self, change: &str) {
        let path = self.dir.path().join("change.ldif");
        std::fs::write(&path, change).unwrap_or_else(|e| panic!("writing the change: {e}"));
        let out = Command::new("ldapmodify")
            .args([
                "-x",
                "-H",
                &self.ldap_url(),
                "-D",
                SERVICE_DN,
                "-w",
                SERVICE_PASSWORD,
                "-f",
            ])
            .arg(&path)
            .output()
            .unwrap_or_else(|e| panic!("cannot run ldapmodify (apt-get install ldap-utils): {e}"));
        assert!(
            out.status.success(),
            "ldapmodify failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for LdapServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = wait_timeout(&mut self.child, Duration::from_secs(5));
    }
}

fn wait_listening(port: u16, child: &mut Child) -> bool {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// A test CA, and a server certificate for 127.0.0.1 signed by it (EC P-256).
fn make_certificates(dir: &Path) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap_or_else(|e| panic!("cannot run openssl: {e}"));
        assert!(
            out.status.success(),
            "openssl {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    let mut ca = vec!["req", "-x509"];
    ca.extend(ec);
    ca.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "3",
        "-subj",
        "/CN=Mamori Test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    run(&ca);
    let mut csr = vec!["req"];
    csr.extend(ec);
    csr.extend([
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    run(&csr);
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap_or_else(|e| panic!("writing ext.cnf: {e}"));
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "3",
        "-extfile",
        "ext.cnf",
    ]);
}

const AD_SCHEMA: &str = "\
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.656 NAME 'userPrincipalName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.159 NAME 'accountExpires' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.35 NAME 'employeeID' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.2.102 NAME 'memberOf' EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )
attributetype ( 1.2.840.113556.1.4.1942 NAME 'msDS-PhoneticDisplayName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.1.1 NAME 'mamoriTestADUser' SUP top AUXILIARY MAY ( sAMAccountName $ userPrincipalName $ userAccountControl $ accountExpires $ employeeID $ memberOf $ msDS-PhoneticDisplayName ) )
";

fn config(dir: &Path) -> String {
    let d = dir.display();
    format!(
        "include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include {d}/ad.schema
pidfile {d}/slapd.pid
argsfile {d}/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
TLSCACertificateFile {d}/ca.pem
TLSCertificateFile {d}/server.pem
TLSCertificateKeyFile {d}/server.key
database mdb
maxsize 104857600
suffix \"{BASE_DN}\"
rootdn \"{SERVICE_DN}\"
rootpw {SERVICE_PASSWORD}
directory {d}/data
access to attrs=userPassword by self read by anonymous auth by * none
access to * by * read
"
    )
}

fn generate(n: usize) -> Vec<TestUser> {
    (0..n)
        .map(|i| {
            let (family, family_kana) = FAMILY[i % FAMILY.len()];
            let (given, given_kana) = GIVEN[(i / FAMILY.len()) % GIVEN.len()];
            let (ou, parent, code) = SECTIONS[i % SECTIONS.len()];
            // One login in Japanese: Active Directory allows it, and so must Mamori.
            let login = if i == 1 {
                "やまだはなこ".to_owned()
            } else {
                format!("user{i:04}")
            };
            TestUser {
                dn: format!("uid={login},ou={ou},ou={parent},{PEOPLE_DN}"),
                upn: format!("{login}@city.example.lg.jp"),
                password: format!("パスワード-{i:04}-Secret"),
                employee_number: format!("{:06}", 100_000 + i),
                name: format!("{family} {given}"),
                kana: format!("{family_kana} {given_kana}"),
                mail: format!("user{i:04}@city.example.lg.jp"),
                department: code.to_owned(),
                category: if i % 5 == 4 {
                    "会計年度任用職員"
                } else {
                    "一般職員"
                }
                .to_owned(),
                disabled: i % 10 == 7,
                expired: i % 17 == 11,
                csirt: i % 25 == 3,
                login,
            }
        })
        .collect()
}

/// One attribute line, base64 when the value is not plain ASCII (RFC 2849).
fn attr(out: &mut String, name: &str, value: &str) {
    let safe = value.is_ascii()
        && !value.starts_with([' ', ':', '<'])
        && !value.contains(['\n', '\r', '\0']);
    if safe {
        out.push_str(&format!("{name}: {value}\n"));
    } else {
        let b = base64::engine::general_purpose::STANDARD.encode(value.as_bytes());
        out.push_str(&format!("{name}:: {b}\n"));
    }
}

fn entry(out: &mut String, dn: &str, attrs: &[(&str, &str)]) {
    attr(out, "dn", dn);
    for (k, v) in attrs {
        attr(out, k, v);
    }
    out.push('\n');
}

fn ldif(users: &[TestUser]) -> String {
    let mut s = String::new();
    entry(
        &mut s,
        BASE_DN,
        &[
            ("objectClass", "dcObject"),
            ("objectClass", "organization"),
            ("dc", "city"),
            ("o", "テスト市"),
        ],
    );
    for ou in ["職員", "groups"] {
        entry(
            &mut s,
            &format!("ou={ou},{BASE_DN}"),
            &[("objectClass", "organizationalUnit"), ("ou", ou)],
        );
    }
    let mut parents: Vec<&str> = SECTIONS.iter().map(|(_, p, _)| *p).collect();
    parents.dedup();
    for p in parents {
        entry(
            &mut s,
            &format!("ou={p},{PEOPLE_DN}"),
            &[("objectClass", "organizationalUnit"), ("ou", p)],
        );
    }
    for (ou, p, _) in SECTIONS {
        entry(
            &mut s,
            &format!("ou={ou},ou={p},{PEOPLE_DN}"),
            &[("objectClass", "organizationalUnit"), ("ou", ou)],
        );
    }
    let past = past_filetime();
    for u in users {
        let (sn, given) = u.name.split_once(' ').unwrap_or((&u.name, ""));
        let uac = if u.disabled { UAC_DISABLED } else { UAC_NORMAL }.to_string();
        let expires = if u.expired {
            past.clone()
        } else {
            "0".to_owned()
        };
        let mut attrs = vec![
            ("objectClass", "inetOrgPerson"),
            ("objectClass", "mamoriTestADUser"),
            ("uid", u.login.as_str()),
            ("cn", u.name.as_str()),
            ("sn", sn),
            ("givenName", given),
            ("displayName", u.name.as_str()),
            ("msDS-PhoneticDisplayName", u.kana.as_str()),
            ("employeeNumber", u.employee_number.as_str()),
            ("employeeID", u.employee_number.as_str()),
            ("sAMAccountName", u.login.as_str()),
            ("userPrincipalName", u.upn.as_str()),
            ("mail", u.mail.as_str()),
            ("departmentNumber", u.department.as_str()),
            ("employeeType", u.category.as_str()),
            ("userPassword", u.password.as_str()),
            ("userAccountControl", uac.as_str()),
            ("accountExpires", expires.as_str()),
        ];
        if u.csirt {
            attrs.push(("memberOf", CSIRT_GROUP_DN));
        }
        entry(&mut s, &u.dn, &attrs);
    }
    s
}

/// `accountExpires` of 2020-01-01 (FILETIME), long past.
fn past_filetime() -> String {
    // Seconds from 1601 to 2020-01-01, in 100 ns units.
    ((1_577_836_800i64 + 11_644_473_600) * 10_000_000).to_string()
}
