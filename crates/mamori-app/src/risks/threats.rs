//! The organization's threat (脅威) and vulnerability (脆弱性) catalogs. Each
//! organization starts from Mamori's built-in municipal set and edits its own copy:
//! likelihoods differ between a coastal town and an inland city. An entry in use by a
//! risk is retired rather than deleted, so history keeps its meaning.

use mamori_domain::AssetKind;
use mamori_domain::catalog::{ControlCategory, ThreatCategory, builtin_threats};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{threat, vulnerability};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// A threat or a vulnerability as shown.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ToSchema)]
pub struct CatalogEntryView {
    pub id: Uuid,
    pub code: String,
    /// The category's code (threats: `human`, `physical`, `technical`, `operational`,
    /// `disaster`; vulnerabilities: a control category).
    pub category: String,
    pub category_ja: String,
    pub category_en: String,
    pub name_ja: String,
    pub name_en: String,
    pub description_ja: String,
    pub description_en: String,
    /// Threats: likelihood 1–3. Vulnerabilities: severity 1–3 when set.
    pub rating: Option<u8>,
    /// Asset kind codes the entry applies to.
    #[schema(value_type = Vec<String>)]
    pub asset_kinds: Vec<AssetKind>,
    pub builtin: bool,
    pub retired: bool,
}

/// A threat or vulnerability as a form or the API sends it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CatalogEntryInput {
    pub code: String,
    pub category: String,
    pub name_ja: String,
    pub name_en: String,
    pub description_ja: String,
    pub description_en: String,
    /// Likelihood (threats, required) or severity (vulnerabilities, optional), 1–3.
    pub rating: Option<u8>,
    pub asset_kinds: Vec<String>,
    pub retired: bool,
}

fn kinds_of(s: &str) -> Vec<AssetKind> {
    s.split(',')
        .filter_map(|k| AssetKind::parse(k.trim()).ok())
        .collect()
}

fn kinds_text(kinds: &[AssetKind]) -> String {
    kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join(",")
}

/// Threats and vulnerabilities are one kind of row with a different rating: the
/// likelihood of a threat, the severity of a vulnerability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Threat,
    Vulnerability,
}

impl Which {
    fn code(self) -> &'static str {
        match self {
            Which::Threat => "threat",
            Which::Vulnerability => "vulnerability",
        }
    }
}

/// The columns both tables have, with the rating.
#[derive(Debug, Clone)]
struct Row {
    id: Uuid,
    org_id: Uuid,
    code: String,
    category: String,
    name_ja: String,
    name_en: String,
    description_ja: String,
    description_en: String,
    asset_kinds: String,
    builtin: bool,
    retired: bool,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
    rating: Option<i16>,
}

impl From<threat::Model> for Row {
    fn from(t: threat::Model) -> Self {
        Self {
            id: t.id,
            org_id: t.org_id,
            code: t.code,
            category: t.category,
            name_ja: t.name_ja,
            name_en: t.name_en,
            description_ja: t.description_ja,
            description_en: t.description_en,
            asset_kinds: t.asset_kinds,
            builtin: t.builtin,
            retired: t.retired,
            created_at: t.created_at,
            updated_at: t.updated_at,
            rating: Some(t.likelihood),
        }
    }
}

impl From<vulnerability::Model> for Row {
    fn from(v: vulnerability::Model) -> Self {
        Self {
            id: v.id,
            org_id: v.org_id,
            code: v.code,
            category: v.category,
            name_ja: v.name_ja,
            name_en: v.name_en,
            description_ja: v.description_ja,
            description_en: v.description_en,
            asset_kinds: v.asset_kinds,
            builtin: v.builtin,
            retired: v.retired,
            created_at: v.created_at,
            updated_at: v.updated_at,
            rating: v.severity,
        }
    }
}

impl Row {
    fn threat(self) -> threat::Model {
        threat::Model {
            id: self.id,
            org_id: self.org_id,
            code: self.code,
            category: self.category,
            name_ja: self.name_ja,
            name_en: self.name_en,
            description_ja: self.description_ja,
            description_en: self.description_en,
            asset_kinds: self.asset_kinds,
            builtin: self.builtin,
            retired: self.retired,
            created_at: self.created_at,
            updated_at: self.updated_at,
            likelihood: self.rating.unwrap_or(2),
        }
    }

    fn vulnerability(self) -> vulnerability::Model {
        vulnerability::Model {
            id: self.id,
            org_id: self.org_id,
            code: self.code,
            category: self.category,
            name_ja: self.name_ja,
            name_en: self.name_en,
            description_ja: self.description_ja,
            description_en: self.description_en,
            asset_kinds: self.asset_kinds,
            builtin: self.builtin,
            retired: self.retired,
            created_at: self.created_at,
            updated_at: self.updated_at,
            severity: self.rating,
        }
    }

    fn view(self, which: Which) -> CatalogEntryView {
        let (ja, en) = match which {
            Which::Threat => ThreatCategory::parse(&self.category)
                .map(|c| (c.label_ja(), c.label_en()))
                .ok(),
            Which::Vulnerability => ControlCategory::parse(&self.category)
                .map(|c| (c.label_ja(), c.label_en()))
                .ok(),
        }
        .unwrap_or(("", ""));
        CatalogEntryView {
            id: self.id,
            category_ja: ja.to_owned(),
            category_en: en.to_owned(),
            code: self.code,
            category: self.category,
            name_ja: self.name_ja,
            name_en: self.name_en,
            description_ja: self.description_ja,
            description_en: self.description_en,
            rating: self.rating.and_then(|r| u8::try_from(r).ok()),
            asset_kinds: kinds_of(&self.asset_kinds),
            builtin: self.builtin,
            retired: self.retired,
        }
    }
}

/// The checked parts of an input: category code, rating and asset kinds.
struct Checked {
    category: String,
    rating: Option<u8>,
    kinds: String,
}

fn check(input: &CatalogEntryInput, threat: bool) -> Result<Checked, Invalid> {
    let mut inv = Invalid::new();
    let code = input.code.trim();
    if code.is_empty() || code.chars().count() > 40 || code.chars().any(char::is_whitespace) {
        inv.push(FieldError::new(
            "code",
            "コードは空白を含まない40文字以内で入力してください（例: T-MISSEND）。",
            "Give a code of at most 40 characters without spaces (e.g. T-MISSEND).",
        ));
    }
    if input.name_ja.trim().is_empty() {
        inv.push(FieldError::new(
            "name_ja",
            "名称を入力してください。",
            "Enter a name.",
        ));
    }
    let category = if threat {
        ThreatCategory::parse(&input.category).map(|c| c.code().to_owned())
    } else {
        ControlCategory::parse(&input.category).map(|c| c.code().to_owned())
    };
    let category = match category {
        Ok(c) => c,
        Err(p) => {
            inv.push(p.at("category"));
            String::new()
        }
    };
    match input.rating {
        Some(1..=3) => {}
        None if !threat => {}
        _ => inv.push(FieldError::new(
            "rating",
            if threat {
                "発生可能性は1〜3で指定してください。"
            } else {
                "深刻度は1〜3で指定してください。"
            },
            if threat {
                "Likelihood must be 1 to 3."
            } else {
                "Severity must be 1 to 3."
            },
        )),
    }
    let mut kinds = Vec::new();
    for k in input.asset_kinds.iter().filter(|k| !k.trim().is_empty()) {
        match AssetKind::parse(k) {
            Ok(k) if !kinds.contains(&k) => kinds.push(k),
            Ok(_) => {}
            Err(p) => inv.push(p.at("asset_kinds")),
        }
    }
    inv.into_result()?;
    Ok(Checked {
        category,
        rating: input.rating,
        kinds: kinds_text(&kinds),
    })
}

fn duplicate(code: &str) -> AppError {
    AppError::field(
        "code",
        format!("コード「{code}」は既に使われています。"),
        format!("The code \"{code}\" is already in use."),
    )
}

impl App {
    /// Copies the built-in threats and vulnerabilities into an organization that has
    /// none yet (at first use), as one audited write. Reads of the catalog call it, so
    /// those reads may write once.
    pub(crate) async fn seed_threat_catalog_once(&self, org_id: Uuid) -> AppResult<()> {
        if !mamori_store::risks::threats(self.store.conn(), org_id)
            .await?
            .is_empty()
        {
            return Ok(());
        }
        let tx = self.store.begin_write().await?;
        // Another request may have seeded it while this one waited for the writer (on
        // PostgreSQL, for the organization's lock).
        mamori_store::audit::lock_org_writes(&*tx, org_id).await?;
        if !mamori_store::risks::threats(&*tx, org_id).await?.is_empty() {
            return Ok(());
        }
        let now = self.now();
        let cat = builtin_threats();
        let threats: Vec<threat::Model> = cat
            .threats
            .iter()
            .map(|t| threat::Model {
                id: self.new_id(),
                org_id,
                code: t.id.clone(),
                category: t.category.code().to_owned(),
                name_ja: t.name_ja.clone(),
                name_en: t.name_en.clone(),
                description_ja: t.description_ja.clone(),
                description_en: t.description_en.clone(),
                asset_kinds: kinds_text(&t.asset_kinds),
                builtin: true,
                retired: false,
                created_at: now,
                updated_at: now,
                likelihood: i16::from(t.likelihood),
            })
            .collect();
        let vulns: Vec<vulnerability::Model> = cat
            .vulnerabilities
            .iter()
            .map(|v| vulnerability::Model {
                id: self.new_id(),
                org_id,
                code: v.id.clone(),
                category: v.category.code().to_owned(),
                name_ja: v.name_ja.clone(),
                name_en: v.name_en.clone(),
                description_ja: v.description_ja.clone(),
                description_en: v.description_en.clone(),
                asset_kinds: kinds_text(&v.asset_kinds),
                builtin: true,
                retired: false,
                created_at: now,
                updated_at: now,
                severity: v.severity.map(i16::from),
            })
            .collect();
        let summary = vec![mamori_domain::audit::Change {
            field: "seeded".into(),
            before: None,
            after: Some(serde_json::json!({
                "catalog": cat.meta.id,
                "version": cat.meta.version,
                "threats": threats.len(),
                "vulnerabilities": vulns.len(),
            })),
        }];
        mamori_store::risks::insert_threats(&*tx, threats).await?;
        mamori_store::risks::insert_vulnerabilities(&*tx, vulns).await?;
        self.audit(
            &*tx,
            &Actor::system(org_id),
            "threat_catalog.seed",
            "threat_catalog",
            &org_id.to_string(),
            summary,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn threats(&self, actor: &Actor) -> AppResult<Vec<CatalogEntryView>> {
        self.catalog_entries(actor, Which::Threat).await
    }

    pub async fn vulnerabilities(&self, actor: &Actor) -> AppResult<Vec<CatalogEntryView>> {
        self.catalog_entries(actor, Which::Vulnerability).await
    }

    async fn catalog_entries(
        &self,
        actor: &Actor,
        which: Which,
    ) -> AppResult<Vec<CatalogEntryView>> {
        self.authorize(actor, Capability::ViewRisks).await?;
        self.seed_threat_catalog_once(actor.org_id).await?;
        Ok(self
            .rows(self.store.conn(), actor.org_id, which)
            .await?
            .into_iter()
            .map(|r| r.view(which))
            .collect())
    }

    async fn rows<C: mamori_store::Conn>(
        &self,
        conn: &C,
        org_id: Uuid,
        which: Which,
    ) -> AppResult<Vec<Row>> {
        Ok(match which {
            Which::Threat => mamori_store::risks::threats(conn, org_id)
                .await?
                .into_iter()
                .map(Row::from)
                .collect(),
            Which::Vulnerability => mamori_store::risks::vulnerabilities(conn, org_id)
                .await?
                .into_iter()
                .map(Row::from)
                .collect(),
        })
    }

    /// Adds a threat (`id` None) or edits one.
    pub async fn save_threat(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &CatalogEntryInput,
    ) -> AppResult<CatalogEntryView> {
        self.save_entry(actor, Which::Threat, id, input).await
    }

    /// Adds a vulnerability (`id` None) or edits one.
    pub async fn save_vulnerability(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &CatalogEntryInput,
    ) -> AppResult<CatalogEntryView> {
        self.save_entry(actor, Which::Vulnerability, id, input)
            .await
    }

    async fn save_entry(
        &self,
        actor: &Actor,
        which: Which,
        id: Option<Uuid>,
        input: &CatalogEntryInput,
    ) -> AppResult<CatalogEntryView> {
        self.authorize(actor, Capability::ManageRiskMethod).await?;
        self.seed_threat_catalog_once(actor.org_id).await?;
        let c = check(input, which == Which::Threat)?;
        let tx = self.store.begin_write().await?;
        let all = self.rows(&*tx, actor.org_id, which).await?;
        let code = input.code.trim().to_owned();
        if all.iter().any(|t| t.code == code && Some(t.id) != id) {
            return Err(duplicate(&code));
        }
        let before = match id {
            Some(id) => Some(
                all.into_iter()
                    .find(|t| t.id == id)
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        let now = self.now();
        let row = Row {
            id: before.as_ref().map_or_else(|| self.new_id(), |b| b.id),
            org_id: actor.org_id,
            code,
            category: c.category,
            name_ja: input.name_ja.trim().to_owned(),
            name_en: input.name_en.trim().to_owned(),
            description_ja: input.description_ja.trim().to_owned(),
            description_en: input.description_en.trim().to_owned(),
            asset_kinds: c.kinds,
            builtin: before.as_ref().is_some_and(|b| b.builtin),
            retired: input.retired,
            created_at: before.as_ref().map_or(now, |b| b.created_at),
            updated_at: now,
            rating: c.rating.map(i16::from),
        };
        let (b, a) = (
            before.clone().map(|b| b.view(which)),
            row.clone().view(which),
        );
        match (which, before.is_some()) {
            (Which::Threat, true) => {
                mamori_store::risks::update_threat(&*tx, row.threat()).await?;
            }
            (Which::Threat, false) => {
                mamori_store::risks::insert_threats(&*tx, vec![row.threat()]).await?
            }
            (Which::Vulnerability, true) => {
                mamori_store::risks::update_vulnerability(&*tx, row.vulnerability()).await?;
            }
            (Which::Vulnerability, false) => {
                mamori_store::risks::insert_vulnerabilities(&*tx, vec![row.vulnerability()]).await?
            }
        }
        let action = format!(
            "{}.{}",
            which.code(),
            if b.is_some() { "update" } else { "create" }
        );
        self.audit_change(
            &*tx,
            actor,
            &action,
            (which.code(), a.id),
            b.as_ref(),
            Some(&a),
        )
        .await?;
        tx.commit().await?;
        Ok(a)
    }
}
