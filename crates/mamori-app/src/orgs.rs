//! The organization itself and its settings.

use mamori_domain::Invalid;
use mamori_domain::org::{LocalGovCode, OrgName, parse_prefecture};
use mamori_store::entity::org;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// The organization as pages and the API show it; pages also read its settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OrgView {
    pub id: uuid::Uuid,
    pub name: String,
    /// 全国地方公共団体コード (six digits, the last a check digit).
    pub code: String,
    pub prefecture_code: i32,
    // Not in the API: settings are changed on the settings page only, and `PUT /org`
    // keeps them as they are.
    #[serde(skip)]
    pub settings: OrgSettings,
}

impl OrgView {
    pub(crate) fn of(o: &org::Model) -> Self {
        Self {
            id: o.id,
            name: o.name.clone(),
            code: o.code.clone(),
            prefecture_code: o.prefecture_code,
            settings: OrgSettings::parse(&o.settings),
        }
    }
}

/// Settings stored as JSON on the organization, with defaults for anything missing so
/// that new settings never need a data migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrgSettings {
    /// Require a second factor for the CISO, deputy CISO and system administrators.
    pub require_mfa_for_admins: bool,
}

impl Default for OrgSettings {
    fn default() -> Self {
        Self {
            require_mfa_for_admins: true,
        }
    }
}

impl OrgSettings {
    pub fn parse(json: &str) -> Self {
        serde_json::from_str(json).unwrap_or_default()
    }
}

/// The organization's name and code, as its form or the API sends them.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct OrgInput {
    pub name: String,
    pub code: String,
    /// Prefecture name or two-digit code; defaults to the code's first two digits.
    #[serde(default)]
    pub prefecture: String,
}

/// Validated organization fields.
pub struct ValidOrg {
    pub name: String,
    pub code: String,
    pub prefecture_code: i32,
}

pub fn validate(input: &OrgInput) -> Result<ValidOrg, Invalid> {
    let mut inv = Invalid::new();
    let name = inv.check("name", OrgName::parse(&input.name));
    let code = inv.check("code", LocalGovCode::parse(&input.code));
    let pref = if input.prefecture.trim().is_empty() {
        code.as_ref().map(|c| i32::from(c.prefecture().code))
    } else {
        inv.check(
            "prefecture",
            parse_prefecture(&input.prefecture).map(|p| i32::from(p.code)),
        )
    };
    if let (Some(c), Some(p)) = (&code, pref)
        && i32::from(c.prefecture().code) != p
    {
        inv.push(mamori_domain::FieldError::new(
            "prefecture",
            format!(
                "団体コード {} は{}の団体です。",
                c.as_str(),
                c.prefecture().ja
            ),
            format!("Code {} belongs to {}.", c.as_str(), c.prefecture().en),
        ));
    }
    match (name, code, pref) {
        (Some(n), Some(c), Some(p)) if inv.is_empty() => Ok(ValidOrg {
            name: n.as_str().to_owned(),
            code: c.as_str().to_owned(),
            prefecture_code: p,
        }),
        _ => Err(inv),
    }
}

impl App {
    /// The actor's own organization: every member may see its name and code.
    pub async fn org(&self, actor: &Actor) -> AppResult<OrgView> {
        Ok(OrgView::of(&self.org_row(actor.org_id).await?))
    }

    /// The organization for its settings form, for those who may change it.
    pub async fn org_for_edit(&self, actor: &Actor) -> AppResult<OrgView> {
        self.authorize(actor, Capability::ManageOrg).await?;
        self.org(actor).await
    }

    pub(crate) async fn org_row(&self, org_id: uuid::Uuid) -> AppResult<org::Model> {
        mamori_store::orgs::get(self.store.conn(), org_id)
            .await?
            .ok_or(AppError::NotFound)
    }

    pub async fn update_org(
        &self,
        actor: &Actor,
        input: &OrgInput,
        settings: OrgSettings,
    ) -> AppResult<OrgView> {
        self.authorize(actor, Capability::ManageOrg).await?;
        let v = validate(input)?;
        let before = self.org_row(actor.org_id).await?;
        let clash = mamori_store::orgs::all(self.store.conn())
            .await?
            .into_iter()
            .any(|o| o.code == v.code && o.id != before.id);
        if clash {
            return Err(AppError::field(
                "code",
                "この団体コードは既に登録されています。",
                "This organization code is already registered.",
            ));
        }
        let after = org::Model {
            name: v.name,
            code: v.code,
            prefecture_code: v.prefecture_code,
            settings: serde_json::to_string(&settings).unwrap_or_else(|_| "{}".into()),
            updated_at: self.now(),
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        mamori_store::orgs::update(&*tx, after.clone()).await?;
        let snap = |o: &org::Model| serde_json::json!({"name": o.name, "code": o.code, "prefecture_code": o.prefecture_code, "settings": o.settings});
        self.audit_change(
            &*tx,
            actor,
            "org.update",
            ("org", after.id),
            Some(&snap(&before)),
            Some(&snap(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(OrgView::of(&after))
    }
}
