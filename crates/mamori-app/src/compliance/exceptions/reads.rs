//! Reading the register: a filtered page, one exception's page, the counts the
//! dashboard shows, and the table an export writes.

use mamori_domain::exception::{self, RuleRef};
use mamori_store::entity::exception as row;
use uuid::Uuid;

use super::query::ExceptionQuery;
use super::row::{state_of, view_of};
use super::view::{ExceptionCounts, ExceptionDetail, ExceptionView, Linked};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult, Page};

/// The columns of an export, in order.
pub const EXPORT_HEADERS: [&str; 14] = [
    "番号",
    "件名",
    "所属",
    "対象の規定",
    "状況",
    "開始日",
    "終了日",
    "緊急実施",
    "事後報告期限",
    "理由",
    "代替の対策",
    "承認の条件・却下の理由",
    "決定番号",
    "決定日",
];

impl App {
    /// A page of the register under `q`.
    pub async fn exceptions(
        &self,
        actor: &Actor,
        q: &ExceptionQuery,
    ) -> AppResult<Page<ExceptionView>> {
        self.authorize(actor, Capability::ViewExceptions).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let today = self.today();
        let f = q.filter(&idx, today)?;
        let page = mamori_store::compliance::exceptions::list(
            self.store.conn(),
            actor.org_id,
            &f,
            q.page_request(),
        )
        .await?;
        let items = page
            .items
            .iter()
            .map(|m| view_of(m, &idx, today))
            .collect::<AppResult<Vec<_>>>()?;
        Ok(Page {
            items,
            page: page.page,
            per_page: page.per_page,
            total: page.total,
        })
    }

    /// Every exception under `q` as rows of [`EXPORT_HEADERS`].
    pub async fn exceptions_table(
        &self,
        actor: &Actor,
        q: &ExceptionQuery,
    ) -> AppResult<Vec<Vec<String>>> {
        self.authorize(actor, Capability::ViewExceptions).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let today = self.today();
        let f = q.filter(&idx, today)?;
        let rows =
            mamori_store::compliance::exceptions::all(self.store.conn(), actor.org_id, &f).await?;
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        rows.iter()
            .map(|m| {
                let v = view_of(m, &idx, today)?;
                Ok(vec![
                    v.number,
                    v.title,
                    v.department,
                    v.rule,
                    v.standing.label_ja().to_owned(),
                    v.valid_from.to_string(),
                    v.valid_until.to_string(),
                    if v.urgent { "○" } else { "" }.to_owned(),
                    day(v.report_due),
                    v.reason,
                    v.compensating,
                    v.conditions,
                    v.decision_ref,
                    day(v.decided_on),
                ])
            })
            .collect()
    }

    /// The counts the dashboard and the register's head show.
    pub async fn exception_counts(&self, actor: &Actor) -> AppResult<ExceptionCounts> {
        self.authorize(actor, Capability::ViewExceptions).await?;
        let today = self.today();
        let [
            in_effect,
            expiring,
            pending,
            awaiting_report,
            report_overdue,
        ] = mamori_store::compliance::exceptions::counts(
            self.store.conn(),
            actor.org_id,
            today,
            today + chrono::Duration::days(30),
        )
        .await?;
        Ok(ExceptionCounts {
            in_effect,
            expiring,
            pending,
            awaiting_report,
            report_overdue,
        })
    }

    /// An exception of the actor's organization, or not found.
    pub(super) async fn exception_row(&self, org_id: Uuid, id: Uuid) -> AppResult<row::Model> {
        mamori_store::compliance::exceptions::get(self.store.conn(), org_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// One exception's page, with what the reader may do with it.
    pub async fn exception(&self, actor: &Actor, id: Uuid) -> AppResult<ExceptionDetail> {
        self.authorize(actor, Capability::ViewExceptions).await?;
        let m = self.exception_row(actor.org_id, id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let today = self.today();
        let view = view_of(&m, &idx, today)?;
        let conn = self.store.conn();
        let asset_ids =
            mamori_store::compliance::exceptions::assets(conn, actor.org_id, id).await?;
        let mut assets: Vec<Linked> = mamori_store::assets::by_ids(conn, actor.org_id, &asset_ids)
            .await?
            .into_iter()
            .map(|a| Linked {
                id: a.id,
                label: format!("{} {}", a.number, a.name),
            })
            .collect();
        assets.sort_by(|a, b| a.label.cmp(&b.label));
        let link = |m: &row::Model| Linked {
            id: m.id,
            label: format!("{} {}", exception::code(m.number), m.title),
        };
        let renews = match m.renews_id {
            Some(r) => mamori_store::compliance::exceptions::get(conn, actor.org_id, r)
                .await?
                .map(|r| link(&r)),
            None => None,
        };
        let renewed_by = mamori_store::compliance::exceptions::renewals(conn, actor.org_id, id)
            .await?
            .iter()
            .map(link)
            .collect();
        let (rule_label, rule_link) = self.rule_label(actor.org_id, &m.rule).await?;
        let approver = self
            .compliance_settings_of(actor.org_id)
            .await?
            .exceptions
            .approver;
        let state = state_of(&m)?;
        let open = matches!(
            state,
            exception::State::Requested | exception::State::Urgent
        );
        let department = Capability::RequestException {
            department: m.department_id,
        };
        Ok(ExceptionDetail {
            rule_label,
            rule_link,
            assets,
            renews,
            renewed_by,
            approver,
            may_decide: open && actor.can(Capability::DecideException { approver }),
            may_change: state == exception::State::Requested && actor.can(department),
            may_review: matches!(state, exception::State::Approved | exception::State::Urgent)
                && actor.can(department),
            exception: view,
        })
    }

    /// The rule with its name as the organization has it now, and where it is shown.
    /// A section of a restricted document keeps its heading to itself.
    pub(in crate::compliance) async fn rule_label(
        &self,
        org_id: Uuid,
        rule: &str,
    ) -> AppResult<(String, Option<String>)> {
        let conn = self.store.conn();
        Ok(match RuleRef::parse(rule) {
            Ok(RuleRef::Applied { .. }) => {
                match mamori_store::controls::applied_by_number(conn, org_id, rule).await? {
                    Some(c) => (
                        format!("{rule} {}", c.name),
                        Some(format!("/controls/{}", c.id)),
                    ),
                    None => (rule.to_owned(), None),
                }
            }
            Ok(RuleRef::Catalog { catalog, control }) => {
                let title = self
                    .catalog(org_id, &catalog)
                    .await
                    .ok()
                    .and_then(|c| c.control(&control).map(|k| k.title_ja.clone()));
                match title {
                    Some(t) => (format!("{rule} {t}"), Some(format!("/catalogs/{catalog}"))),
                    None => (rule.to_owned(), None),
                }
            }
            Ok(RuleRef::Section { document, section }) => {
                match self.section_heading(org_id, document, &section).await? {
                    Some((doc, heading)) => (
                        match heading {
                            Some(h) => format!("{rule} {h}"),
                            None => rule.to_owned(),
                        },
                        Some(format!("/policies/{doc}")),
                    ),
                    None => (rule.to_owned(), None),
                }
            }
            Err(_) => (rule.to_owned(), None),
        })
    }

    /// The document's id and the section's heading in its newest version that has the
    /// section (`None` heading for a restricted document), or `None` when no version has
    /// it.
    pub(super) async fn section_heading(
        &self,
        org_id: Uuid,
        document: i32,
        section: &str,
    ) -> AppResult<Option<(Uuid, Option<String>)>> {
        let conn = self.store.conn();
        let Some(doc) = mamori_store::policies::document_by_number(conn, org_id, document).await?
        else {
            return Ok(None);
        };
        let mut heads = mamori_store::policies::version_heads(conn, org_id, Some(doc.id)).await?;
        heads.sort_by_key(|h| std::cmp::Reverse(h.version));
        for h in heads {
            let sections = mamori_store::policies::sections(conn, org_id, h.id).await?;
            if let Some(s) = sections.iter().find(|s| s.number == section) {
                let heading = (doc.disclosure != "restricted").then(|| s.heading.clone());
                return Ok(Some((doc.id, heading)));
            }
        }
        Ok(None)
    }
}
