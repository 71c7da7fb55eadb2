//! Reading the register: the filtered list, a law's page, the compliance view, the
//! dashboard's counts, the obligations a control meets, and the table an export
//! writes.

use mamori_domain::law::{Kind, Review};
use uuid::Uuid;

use super::input::LawQuery;
use super::row::{Register, amendment_view};
use super::view::{LawCounts, LawDetail, LawReviewView, LawView, LawsCompliance, ObligationView};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// The columns of an export (one row per obligation; a law without any has one row).
pub const EXPORT_HEADERS: [&str; 12] = [
    "番号",
    "名称",
    "種別",
    "法令番号",
    "所管",
    "適用範囲",
    "見直しの状況",
    "前回見直し",
    "次回見直し",
    "条項",
    "義務の内容",
    "対応するポリシー・管理策",
];

impl App {
    /// The organization's register, read whole.
    pub(super) async fn law_register(&self, org_id: Uuid) -> AppResult<Register> {
        use mamori_store::compliance::laws as s;
        let conn = self.store.conn();
        Ok(Register::new(
            s::all(conn, org_id).await?,
            s::departments(conn, org_id, None).await?,
            s::obligations(conn, org_id, None).await?,
            s::links(conn, org_id, None).await?,
            &s::amendments(conn, org_id, None).await?,
        ))
    }

    /// The register under `q`, by number.
    pub async fn laws(&self, actor: &Actor, q: &LawQuery) -> AppResult<Vec<LawView>> {
        self.authorize(actor, Capability::ViewLaws).await?;
        let reg = self.law_register(actor.org_id).await?;
        self.filtered_laws(actor, &reg, q).await
    }

    async fn filtered_laws(
        &self,
        actor: &Actor,
        reg: &Register,
        q: &LawQuery,
    ) -> AppResult<Vec<LawView>> {
        let kind = match q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            Some(k) => Some(Kind::parse(k).map_err(|p| p.at("kind"))?),
            None => None,
        };
        let review = q.review.as_deref().map(str::trim).filter(|r| !r.is_empty());
        let review = match review {
            None => None,
            Some("wants_review") => Some(None),
            Some(r) => Some(Some(Review::parse(r).map_err(|p| p.at("review"))?)),
        };
        let text = match q.q.as_deref() {
            Some(t) => crate::error::search_text(t)?,
            None => None,
        };
        let idx = self.dept_tree(actor.org_id).await?;
        if q.department.is_some_and(|d| idx.get(d).is_none()) {
            return Err(AppError::field(
                "department",
                "選んだ所属はこの団体にありません。",
                "The department chosen is not this organization's.",
            ));
        }
        let today = self.today();
        let mut out = Vec::new();
        for m in &reg.laws {
            if kind.is_some_and(|k| k.code() != m.kind)
                || q.department.is_some_and(|d| !reg.concerns(m, &idx, d))
                || text
                    .as_ref()
                    .is_some_and(|t| !m.search_key.contains(t.as_str()))
            {
                continue;
            }
            let v = reg.view(m, &idx, today)?;
            let keep = match review {
                Some(Some(r)) => v.review == r,
                Some(None) => v.review.wants_review(),
                None => !v.repealed || q.repealed == Some(true),
            };
            if keep && (q.unlinked != Some(true) || v.unlinked > 0) {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// A law's page. A law of another organization is not found.
    pub async fn law(&self, actor: &Actor, id: Uuid) -> AppResult<LawDetail> {
        self.authorize(actor, Capability::ViewLaws).await?;
        let reg = self.law_register(actor.org_id).await?;
        let m = reg.law(id).ok_or(AppError::NotFound)?;
        let idx = self.dept_tree(actor.org_id).await?;
        let conn = self.store.conn();
        let amendments =
            mamori_store::compliance::laws::amendments(conn, actor.org_id, Some(id)).await?;
        let reviews = mamori_store::compliance::laws::reviews(conn, actor.org_id, id)
            .await?
            .into_iter()
            .map(|r| LawReviewView {
                id: r.id,
                reviewed_on: r.reviewed_on,
                reviewed_by: r.reviewed_by,
                finding: r.finding,
                next_review: r.next_review,
                amendments: amendments
                    .iter()
                    .filter(|a| a.review_id == Some(r.id))
                    .count(),
            })
            .collect();
        let mut obligations: Vec<ObligationView> = reg
            .obligations_of(id)
            .map(|o| reg.obligation_view(o))
            .collect();
        for link in obligations.iter_mut().flat_map(|o| o.links.iter_mut()) {
            (link.label, link.href) = self.rule_label(actor.org_id, &link.rule).await?;
        }
        Ok(LawDetail {
            law: reg.view(m, &idx, self.today())?,
            obligations,
            amendments: amendments.iter().map(amendment_view).collect(),
            reviews,
            can_edit: actor.can(Capability::EditLaw {
                department: m.owner_department_id,
            }),
            can_manage: actor.can(Capability::ManageCompliance),
        })
    }

    /// What an auditor asks about first: obligations of laws in force that nothing
    /// meets, and laws owed a review.
    pub async fn laws_compliance(&self, actor: &Actor) -> AppResult<LawsCompliance> {
        self.authorize(actor, Capability::ViewLaws).await?;
        let reg = self.law_register(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let today = self.today();
        let mut due = Vec::new();
        for m in &reg.laws {
            let v = reg.view(m, &idx, today)?;
            if v.review.wants_review() {
                due.push(v);
            }
        }
        let unlinked = reg
            .obligations
            .iter()
            .filter(|o| reg.links_of(o.id).is_empty())
            .filter(|o| reg.law(o.law_id).is_some_and(|l| !l.repealed))
            .map(|o| reg.obligation_view(o))
            .collect();
        Ok(LawsCompliance { unlinked, due })
    }

    /// The register's figures (laws in force), for those who read it.
    pub async fn law_counts(&self, actor: &Actor) -> AppResult<LawCounts> {
        self.authorize(actor, Capability::ViewLaws).await?;
        let reg = self.law_register(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let today = self.today();
        let mut c = LawCounts::default();
        for m in reg.laws.iter().filter(|m| !m.repealed) {
            let v = reg.view(m, &idx, today)?;
            c.laws += 1;
            c.obligations += v.obligations;
            c.unlinked += v.unlinked;
            c.wants_review += usize::from(v.review.wants_review());
            c.overdue += usize::from(v.review == Review::Overdue);
            c.amended += usize::from(v.review == Review::Amended);
        }
        Ok(c)
    }

    /// The obligations of laws in force that one of `rules` (canonical) meets, for the
    /// pages of the controls and sections they name; empty for those who do not read
    /// the register.
    pub async fn obligations_met_by(
        &self,
        actor: &Actor,
        rules: &[String],
    ) -> AppResult<Vec<ObligationView>> {
        if !actor.can(Capability::ViewLaws) || rules.is_empty() {
            return Ok(Vec::new());
        }
        let conn = self.store.conn();
        let links = mamori_store::compliance::laws::links_to(conn, actor.org_id, rules).await?;
        if links.is_empty() {
            return Ok(Vec::new());
        }
        let reg = self.law_register(actor.org_id).await?;
        Ok(reg
            .obligations
            .iter()
            .filter(|o| links.iter().any(|l| l.obligation_id == o.id))
            .filter(|o| reg.law(o.law_id).is_some_and(|l| !l.repealed))
            .map(|o| reg.obligation_view(o))
            .collect())
    }

    /// The obligations an applied control meets (by its number or a catalog control it
    /// implements), for its page.
    pub async fn obligations_for_control(
        &self,
        actor: &Actor,
        applied: Uuid,
    ) -> AppResult<Vec<ObligationView>> {
        if !actor.can(Capability::ViewLaws) {
            return Ok(Vec::new());
        }
        let rules = self.control_rules(actor, applied).await?;
        self.obligations_met_by(actor, &rules).await
    }

    /// The register under `q` as rows of [`EXPORT_HEADERS`].
    pub async fn laws_table(&self, actor: &Actor, q: &LawQuery) -> AppResult<Vec<Vec<String>>> {
        self.authorize(actor, Capability::ViewLaws).await?;
        let reg = self.law_register(actor.org_id).await?;
        let laws = self.filtered_laws(actor, &reg, q).await?;
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let mut rows = Vec::new();
        for v in laws {
            let scope = if v.applies_all {
                "全庁".to_owned()
            } else {
                v.departments
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            };
            let head = [
                v.number.clone(),
                v.title.clone(),
                v.kind.label_ja().to_owned(),
                v.reference.clone(),
                v.owner_department.clone(),
                scope,
                v.review.label_ja().to_owned(),
                day(v.last_reviewed),
                day(v.next_review),
            ];
            let mut any = false;
            for o in reg.obligations_of(v.id) {
                any = true;
                let mut r = head.to_vec();
                r.extend([
                    o.article.clone(),
                    o.duty.clone(),
                    reg.links_of(o.id).join("、"),
                ]);
                rows.push(r);
            }
            if !any {
                let mut r = head.to_vec();
                r.extend([String::new(), String::new(), String::new()]);
                rows.push(r);
            }
        }
        Ok(rows)
    }
}
