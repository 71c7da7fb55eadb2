//! What every signed-in page needs: language, date style, CSRF token and the menu of
//! modules this user can actually use.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_app::authz::Capability;
use mamori_domain::Role;

use crate::i18n::{Lang, t};
use crate::session::SignedIn;

pub struct NavItem {
    pub href: &'static str,
    pub key: &'static str,
    pub active: bool,
}

/// Where a menu entry sits: the daily work, or the 管理 row of settings and
/// administration (which most staff never see).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Row {
    Work,
    Admin,
}

pub struct Ctx {
    pub lang: Lang,
    pub wareki: bool,
    pub csrf: String,
    pub login: String,
    pub path: String,
    pub nav: Vec<NavItem>,
    /// The 管理 row: departments, roles, accounts, the audit log, server settings.
    pub admin_nav: Vec<NavItem>,
    /// A confirmation shown once after a redirect (`?done=<message key>`).
    pub notice: Option<&'static str>,
    /// Unread notices, shown beside the inbox link in the header.
    pub unread: u64,
}

impl Ctx {
    pub fn new(user: &SignedIn) -> Self {
        Self::with_notice(user, None)
    }

    pub fn with_notice(user: &SignedIn, done: Option<&str>) -> Self {
        let a = user.actor();
        use Row::{Admin, Work};
        let items: [(&'static str, &'static str, bool, Row); 34] = [
            ("/", "nav.dashboard", true, Work),
            ("/inbox", "nav.inbox", true, Work),
            ("/due", "nav.due", true, Work),
            ("/policies", "nav.policies", true, Work),
            ("/training", "nav.training", true, Work),
            ("/assets", "nav.assets", a.can(Capability::ViewAssets), Work),
            ("/risks", "nav.risks", a.can(Capability::ViewRisks), Work),
            (
                "/controls",
                "nav.controls",
                a.can(Capability::ViewRisks),
                Work,
            ),
            (
                "/incidents",
                "nav.incidents",
                a.can(Capability::ReportIncident) || a.can(Capability::ViewIncidents),
                Work,
            ),
            ("/events", "nav.events", a.can(Capability::ViewEvents), Work),
            (
                "/exceptions",
                "nav.exceptions",
                a.can(Capability::ViewExceptions),
                Work,
            ),
            ("/violations", "nav.violations", user.violations, Work),
            ("/laws", "nav.laws", a.can(Capability::ViewLaws), Work),
            (
                "/contractors",
                "nav.contractors",
                a.can(Capability::ViewContractors),
                Work,
            ),
            (
                "/services",
                "nav.services",
                a.can(Capability::ViewContractors),
                Work,
            ),
            ("/areas", "nav.areas", a.can(Capability::ViewAreas), Work),
            ("/media", "nav.media", a.can(Capability::ViewMedia), Work),
            (
                "/inspections",
                "nav.inspections",
                a.can(Capability::ViewInspections),
                Work,
            ),
            ("/audits", "nav.audits", a.can(Capability::ViewAudits), Work),
            (
                "/committee",
                "nav.committee",
                a.can(Capability::ViewCommittee),
                Work,
            ),
            (
                "/reports/annual",
                "nav.annual",
                a.can(Capability::ViewCommittee),
                Work,
            ),
            (
                "/takeouts",
                "nav.takeouts",
                a.can(Capability::RequestTakeout),
                Work,
            ),
            ("/staff", "nav.staff", a.can(Capability::ViewRegister), Work),
            ("/account", "nav.account", true, Work),
            (
                "/departments",
                "nav.departments",
                a.can(Capability::ViewRegister),
                Admin,
            ),
            (
                "/roles",
                "nav.roles",
                a.can(Capability::ViewRegister),
                Admin,
            ),
            (
                "/import/staff",
                "nav.import",
                a.can(Capability::ImportStaff),
                Admin,
            ),
            (
                "/accounts",
                "nav.accounts",
                a.can(Capability::ManageUsers),
                Admin,
            ),
            (
                "/admin/invitations",
                "nav.invitations",
                a.can(Capability::ManageUsers)
                    || a.has_role(Role::DeptOfficer)
                    || a.has_role(Role::SectionManager),
                Admin,
            ),
            ("/audit", "nav.audit", a.can(Capability::ViewAudit), Admin),
            ("/org", "nav.org", a.can(Capability::ManageOrg), Admin),
            (
                "/admin/mail",
                "nav.mail",
                a.can(Capability::OperateServer),
                Admin,
            ),
            (
                "/admin/jobs",
                "nav.jobs",
                a.can(Capability::OperateServer),
                Admin,
            ),
            (
                "/admin/directory",
                "nav.directory",
                a.can(Capability::OperateServer),
                Admin,
            ),
        ];
        let path = user.path.clone();
        let (work, admin): (Vec<_>, Vec<_>) = items
            .into_iter()
            .filter(|(_, _, shown, _)| *shown)
            .partition(|(_, _, _, row)| *row == Work);
        let item = |(href, key, _, _): (&'static str, &'static str, bool, Row)| NavItem {
            href,
            key,
            active: if href == "/" {
                path == "/"
            } else {
                path.starts_with(href)
                    && (path.len() == href.len() || path[href.len()..].starts_with('/'))
            },
        };
        let nav = work.into_iter().map(item).collect();
        let admin_nav = admin.into_iter().map(item).collect();
        let notice = done
            // Only confirmations (keys that say what was done: `…ed`, `…_done`), so a
            // link cannot make a label or a hint pose as one.
            .filter(|k| k.ends_with("ed") || k.ends_with("done"))
            .filter(|k| crate::i18n::has(k))
            .map(|k| t(user.lang, k));
        Self {
            lang: user.lang,
            wareki: user.wareki,
            csrf: user.info.csrf_token.clone(),
            login: user.info.user.login.clone(),
            path,
            nav,
            admin_nav,
            notice,
            unread: user.unread,
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        t(self.lang, key)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Lang::Ja => "en",
            Lang::En => "ja",
        }
    }

    /// Takes the value or a reference, as templates pass either.
    pub fn date<D: std::borrow::Borrow<Option<NaiveDate>>>(&self, d: D) -> String {
        match *d.borrow() {
            Some(d) => format_date(d, self.wareki),
            None => String::new(),
        }
    }

    pub fn day(&self, d: &NaiveDate) -> String {
        format_date(*d, self.wareki)
    }

    /// A moment in Japan time.
    pub fn time(&self, t: &DateTime<Utc>) -> String {
        let jst = *t + chrono::Duration::hours(9);
        format!(
            "{} {}",
            format_date(jst.date_naive(), self.wareki),
            jst.format("%H:%M")
        )
    }

    pub fn opt_time(&self, t: &Option<DateTime<Utc>>) -> String {
        t.as_ref().map(|t| self.time(t)).unwrap_or_default()
    }

    pub fn is_en(&self) -> bool {
        self.lang == Lang::En
    }

    /// A fiscal year as people name it: 令和8年度, FY2026.
    pub fn fy(&self, year: &i32) -> String {
        match self.lang {
            Lang::Ja => mamori_domain::wareki::fiscal_year_label(*year),
            Lang::En => format!("FY{year}"),
        }
    }

    /// A version as people name it: 第2版, v2.
    pub fn ver<N: std::fmt::Display>(&self, n: N) -> String {
        version_name(self.lang, n)
    }
}

/// A version as people name it in `lang`: 第2版, v2.
pub fn version_name<N: std::fmt::Display>(lang: Lang, n: N) -> String {
    match lang {
        Lang::Ja => format!("第{n}版"),
        Lang::En => format!("v{n}"),
    }
}

pub fn format_date(d: NaiveDate, wareki: bool) -> String {
    if wareki {
        mamori_domain::wareki::format_wareki(d)
    } else {
        mamori_domain::wareki::format_western(d)
    }
}

/// An ISO date for `<input type="date">`-style text fields.
pub fn iso(d: &Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}
