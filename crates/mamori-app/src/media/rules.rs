//! The organization's rules for equipment and media: who approves a take-out of each
//! confidentiality level, and how data of each level is disposed of (the methods
//! allowed, and whether a staff member must witness it). Both are kept in one row and
//! changed by the top officers; a level the organization did not name takes the
//! default for its rank.

use std::collections::BTreeMap;

use mamori_domain::Dimension;
use mamori_domain::media::disposal::{DisposalRules, LevelRule, Method};
use mamori_domain::media::takeout::ApproverRules;
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::media_setting;
use uuid::Uuid;

use super::input::{DisposalRulesInput, TakeoutRulesInput};
use super::view::{ApproverLine, DisposalRuleLine, DisposalRulesView, TakeoutRulesView};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// Both sets of rules as stored.
pub(super) struct Rules {
    pub approvers: ApproverRules,
    pub disposal: DisposalRules,
}

fn unreadable(e: serde_json::Error) -> AppError {
    AppError::Internal(format!("stored media rules unreadable: {e}"))
}

impl App {
    /// The organization's rules as stored, or the defaults.
    pub(super) async fn media_rules(&self, org_id: Uuid) -> AppResult<Rules> {
        Ok(
            match mamori_store::media::settings(self.store.conn(), org_id).await? {
                Some(s) => Rules {
                    approvers: serde_json::from_str(&s.approvers).map_err(unreadable)?,
                    disposal: if s.disposal_rules.is_empty() {
                        DisposalRules::default()
                    } else {
                        serde_json::from_str(&s.disposal_rules).map_err(unreadable)?
                    },
                },
                None => Rules {
                    approvers: ApproverRules::default(),
                    disposal: DisposalRules::default(),
                },
            },
        )
    }

    /// Stores both sets of rules, audited as `action` with what changed.
    async fn save_media_rules<T: serde::Serialize>(
        &self,
        actor: &Actor,
        rules: &Rules,
        action: &str,
        (before, after): (&T, &T),
    ) -> AppResult<()> {
        let json = |r: serde_json::Result<String>| {
            r.map_err(|e| AppError::Internal(format!("media rules not serializable: {e}")))
        };
        let m = media_setting::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            approvers: json(serde_json::to_string(&rules.approvers))?,
            disposal_rules: json(serde_json::to_string(&rules.disposal))?,
            updated_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::media::save_settings(&*tx, m).await?;
        self.audit_change(
            &*tx,
            actor,
            action,
            ("org", actor.org_id),
            Some(before),
            Some(after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Who approves take-outs, per confidentiality level of the active scheme: what
    /// everyone asking needs to know.
    pub async fn takeout_rules(&self, actor: &Actor) -> AppResult<TakeoutRulesView> {
        self.authorize(actor, Capability::RequestTakeout).await?;
        let rules = self.media_rules(actor.org_id).await?.approvers;
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let scale = schemes.active().scale(Dimension::C);
        Ok(TakeoutRulesView {
            levels: scale
                .levels
                .iter()
                .rev()
                .map(|l| ApproverLine {
                    level: l.code.clone(),
                    label_ja: l.label_ja.clone(),
                    label_en: l.label_en.clone(),
                    approver: rules.approver(scale, &l.code),
                    custom: rules.by_level.contains_key(&l.code),
                })
                .collect(),
        })
    }

    /// Sets who approves take-outs of each confidentiality level.
    pub async fn set_takeout_rules(
        &self,
        actor: &Actor,
        input: &TakeoutRulesInput,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::SetTakeoutRules).await?;
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let scale = schemes.active().scale(Dimension::C);
        let approvers = ApproverRules {
            by_level: input
                .approvers
                .iter()
                .filter(|(_, r)| !r.trim().is_empty())
                .map(|(l, r)| (l.trim().to_owned(), r.trim().to_owned()))
                .collect(),
        };
        approvers
            .check(scale)
            .map_err(|p| AppError::Invalid(p.at("approvers").into()))?;
        let mut rules = self.media_rules(actor.org_id).await?;
        let before = std::mem::replace(&mut rules.approvers, approvers.clone());
        self.save_media_rules(actor, &rules, "takeout_rules.update", (&before, &approvers))
            .await
    }

    /// How data of each confidentiality level of the active scheme is disposed of.
    pub async fn disposal_rules(&self, actor: &Actor) -> AppResult<DisposalRulesView> {
        self.authorize(actor, Capability::ViewMedia).await?;
        let rules = self.media_rules(actor.org_id).await?.disposal;
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let scale = schemes.active().scale(Dimension::C);
        Ok(DisposalRulesView {
            levels: scale
                .levels
                .iter()
                .rev()
                .map(|l| {
                    let r = rules.rule(scale, &l.code);
                    DisposalRuleLine {
                        level: l.code.clone(),
                        label_ja: l.label_ja.clone(),
                        label_en: l.label_en.clone(),
                        methods: r.methods,
                        witness: r.witness,
                        custom: rules.by_level.contains_key(&l.code),
                    }
                })
                .collect(),
        })
    }

    /// Sets the methods and witnesses of each confidentiality level.
    pub async fn set_disposal_rules(
        &self,
        actor: &Actor,
        input: &DisposalRulesInput,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::SetTakeoutRules).await?;
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let scale = schemes.active().scale(Dimension::C);
        let mut inv = Invalid::new();
        let mut by_level = BTreeMap::new();
        for (level, rule) in &input.levels {
            let field = format!("levels.{level}");
            if scale.by_code(level).is_none() {
                inv.push(FieldError::new(
                    &field,
                    format!("機密性の区分「{level}」は分類基準にありません。"),
                    format!("The confidentiality level \"{level}\" is not in the scheme."),
                ));
                continue;
            }
            let mut methods = Vec::new();
            for code in rule
                .methods
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
            {
                match Method::parse(code) {
                    Ok(m) if !methods.contains(&m) => methods.push(m),
                    Ok(_) => {}
                    Err(p) => inv.push(p.at(&field)),
                }
            }
            if methods.is_empty() {
                inv.push(FieldError::new(
                    &field,
                    "廃棄の方法を一つ以上選んでください。",
                    "Allow at least one method.",
                ));
            }
            methods.sort();
            by_level.insert(
                level.clone(),
                LevelRule {
                    methods,
                    witness: rule.witness,
                },
            );
        }
        inv.into_result()?;
        let disposal = DisposalRules { by_level };
        let mut rules = self.media_rules(actor.org_id).await?;
        let before = std::mem::replace(&mut rules.disposal, disposal.clone());
        self.save_media_rules(actor, &rules, "disposal_rules.update", (&before, &disposal))
            .await
    }
}
