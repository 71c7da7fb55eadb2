//! The exceptions a record shows: an asset's, an applied control's (its own number and
//! the catalog controls it implements), a risk's (through its assets and controls),
//! and the SoA's lines. Only exceptions not yet over are shown: waiting for a decision,
//! awaiting their report, approved and not past their last day.

use std::collections::{BTreeMap, HashSet};

use mamori_store::compliance::exceptions::{ExceptionFilter, StandingFilter};
use uuid::Uuid;

use super::row::view_of;
use super::view::ExceptionView;
use crate::authz::{Actor, Capability};
use crate::{App, AppResult};

impl App {
    /// Live exceptions under `f` (its standing is set here), by number.
    async fn live_exceptions(
        &self,
        actor: &Actor,
        mut f: ExceptionFilter,
    ) -> AppResult<Vec<ExceptionView>> {
        f.standing = Some(StandingFilter::Live);
        let idx = self.dept_tree(actor.org_id).await?;
        mamori_store::compliance::exceptions::all(self.store.conn(), actor.org_id, &f)
            .await?
            .iter()
            .map(|m| view_of(m, &idx, f.today))
            .collect()
    }

    /// Exceptions covering an asset (empty for a reader without the register).
    pub async fn exceptions_for_asset(
        &self,
        actor: &Actor,
        asset: Uuid,
    ) -> AppResult<Vec<ExceptionView>> {
        if !actor.can(Capability::ViewExceptions) {
            return Ok(Vec::new());
        }
        let f = ExceptionFilter {
            asset: Some(asset),
            ..ExceptionFilter::new(self.today())
        };
        self.live_exceptions(actor, f).await
    }

    /// Exceptions to an applied control, by its number or a catalog control it
    /// implements.
    pub async fn exceptions_for_control(
        &self,
        actor: &Actor,
        applied: Uuid,
    ) -> AppResult<Vec<ExceptionView>> {
        if !actor.can(Capability::ViewExceptions) {
            return Ok(Vec::new());
        }
        let f = ExceptionFilter {
            rules: Some(self.control_rules(actor, applied).await?),
            ..ExceptionFilter::new(self.today())
        };
        self.live_exceptions(actor, f).await
    }

    /// Exceptions touching a risk: covering one of its assets, or departing from one of
    /// its controls.
    pub async fn exceptions_for_risk(
        &self,
        actor: &Actor,
        risk: Uuid,
    ) -> AppResult<Vec<ExceptionView>> {
        if !actor.can(Capability::ViewExceptions) {
            return Ok(Vec::new());
        }
        let links = self.risk_links(actor, risk).await?;
        let mut out: Vec<ExceptionView> = Vec::new();
        let mut seen = HashSet::new();
        for (asset, _) in &links.assets {
            for e in self.exceptions_for_asset(actor, *asset).await? {
                if seen.insert(e.id) {
                    out.push(e);
                }
            }
        }
        for (control, _) in &links.controls {
            for e in self.exceptions_for_control(actor, *control).await? {
                if seen.insert(e.id) {
                    out.push(e);
                }
            }
        }
        out.sort_by(|a, b| a.number.cmp(&b.number));
        Ok(out)
    }

    /// For the SoA of `catalog`: each catalog control's exceptions in effect, by the
    /// control itself or through an applied control implementing it (numbers only).
    pub async fn exceptions_by_catalog_control(
        &self,
        actor: &Actor,
        catalog: &str,
    ) -> AppResult<BTreeMap<String, Vec<String>>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        if !actor.can(Capability::ViewExceptions) {
            return Ok(out);
        }
        let f = ExceptionFilter {
            standing: Some(StandingFilter::InEffect),
            ..ExceptionFilter::new(self.today())
        };
        let conn = self.store.conn();
        let live = mamori_store::compliance::exceptions::all(conn, actor.org_id, &f).await?;
        let prefix = format!("{catalog}:");
        for m in &live {
            let number = mamori_domain::exception::code(m.number);
            if let Some(control) = m.rule.strip_prefix(&prefix) {
                out.entry(control.to_owned()).or_default().push(number);
            } else if m.rule_kind == "applied"
                && let Some(c) =
                    mamori_store::controls::applied_by_number(conn, actor.org_id, &m.rule).await?
            {
                let refs = mamori_store::controls::refs(conn, actor.org_id, &[c.id]).await?;
                for (cat, control) in refs.get(&c.id).into_iter().flatten() {
                    if cat == catalog {
                        out.entry(control.clone()).or_default().push(number.clone());
                    }
                }
            }
        }
        Ok(out)
    }

    /// The rules an applied control answers to: its number and the catalog controls it
    /// implements (canonical), as exceptions depart from them and obligations name them.
    pub(in crate::compliance) async fn control_rules(
        &self,
        actor: &Actor,
        applied: Uuid,
    ) -> AppResult<Vec<String>> {
        let c = self.applied_control(actor, applied).await?;
        let mut rules = vec![c.number.clone()];
        rules.extend(
            c.implements
                .iter()
                .map(|r| format!("{}:{}", r.catalog, r.control)),
        );
        Ok(rules)
    }
}
