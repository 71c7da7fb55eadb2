//! The information asset register (情報資産台帳): listing with filters, the asset page
//! with its relations, handling rules and history, create and edit — each audited.
//!
//! Restricted records (要配慮個人情報・特定個人情報) are filtered out of lists for
//! readers without need-to-know, and every read of one is itself an audit entry.

mod export;
mod form;
pub(crate) mod index;
pub mod relations;
pub mod schemes;
mod writes;

use std::collections::HashMap;

use chrono::NaiveDate;
use mamori_domain::asset::register::{
    AssetFilter, AssetSort, Visibility, review_overdue, under_protected,
};
use mamori_domain::asset::{AssetKind, AssetStatus, NetworkLayer, PersonalDataKind, Retention};
use mamori_domain::classification::{Dimension, Level, Scheme};
use mamori_store::entity::asset;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

pub use export::AssetExport;
pub use form::{AssetInput, Lookup, ValidAsset, input_of, validate};
pub(crate) use form::{apply as apply_input, blank as blank_asset, set_number};
pub use relations::RelationView;
pub use schemes::Schemes;
pub use writes::{AssetCounts, BulkAction};

use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::error::stored;
use crate::{App, AppError, AppResult, Page, PageRequest};

/// One level of one dimension as shown: its code ("3B"), rank and labels.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ToSchema)]
pub struct LevelView {
    pub code: String,
    /// 1 = lowest.
    pub rank: u8,
    pub label_ja: String,
    pub label_en: String,
}

impl LevelView {
    fn of(l: &Level) -> Self {
        Self {
            code: l.code.clone(),
            rank: l.rank,
            label_ja: l.label_ja.clone(),
            label_en: l.label_en.clone(),
        }
    }

    /// The stored code when the scheme no longer knows it (never silently relabelled).
    fn unknown(code: &str, rank: i16) -> Self {
        Self {
            code: code.to_owned(),
            rank: u8::try_from(rank).unwrap_or(0),
            label_ja: code.to_owned(),
            label_en: code.to_owned(),
        }
    }
}

/// An information asset as screens and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssetView {
    pub id: Uuid,
    pub number: String,
    /// `data_paper`, `data_electronic`, `hardware`, `software`, `network`, `facility`.
    #[schema(value_type = String)]
    pub kind: AssetKind,
    pub name: String,
    pub description: String,
    pub business_process: String,
    pub department_id: Option<Uuid>,
    pub department_path: Option<String>,
    pub owner_staff_id: Option<Uuid>,
    pub user_scope: String,
    pub medium: String,
    pub location: String,
    /// `none`, `mynumber`, `lgwan`, `internet`.
    #[schema(value_type = String)]
    pub network_layer: NetworkLayer,
    pub provider: String,
    pub contractor: String,
    /// As records write it: 5年, 永年, 常用 or a date.
    pub retention: Option<String>,
    pub registered_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    /// `in_use`, `retired`, `disposed`.
    #[schema(value_type = String)]
    pub status: AssetStatus,
    pub notes: String,
    /// Kind-specific fields that are filled in, in a fixed order: `[field, value]` pairs.
    #[schema(value_type = Vec<(String, String)>)]
    pub details: Vec<(&'static str, String)>,
    pub scheme_id: Uuid,
    pub c: LevelView,
    pub i: LevelView,
    pub a: LevelView,
    /// 1–3, derived from C/I/A by the organization's rule.
    pub importance: u8,
    /// Required protection: at least the own level, raised by dependent assets.
    pub required_c: LevelView,
    pub required_i: LevelView,
    pub required_a: LevelView,
    /// The required protection is above the asset's own level.
    pub under_protected: bool,
    /// `none`, `personal`, `sensitive`, `my_number`.
    #[schema(value_type = String)]
    pub personal_data: PersonalDataKind,
    pub ordinance_sensitive: bool,
    pub persons: Option<i64>,
    /// 要配慮 or 特定個人情報: only readers with need-to-know see it; reads are audited.
    pub restricted: bool,
    /// The review date has passed.
    pub review_overdue: bool,
}

/// Kind-specific fields, by the field names of [`AssetInput`].
pub const DETAIL_FIELDS: [&str; 10] = [
    "model",
    "serial",
    "asset_tag",
    "vendor",
    "version",
    "licence",
    "segment",
    "address_range",
    "building",
    "room",
];

fn level_view(scheme: Option<&Scheme>, dim: Dimension, code: &str, rank: i16) -> LevelView {
    scheme
        .and_then(|s| s.scale(dim).by_code(code))
        .map(LevelView::of)
        .unwrap_or_else(|| LevelView::unknown(code, rank))
}

fn required_view(scheme: Option<&Scheme>, dim: Dimension, rank: i16) -> LevelView {
    let r = u8::try_from(rank).unwrap_or(0);
    scheme
        .and_then(|s| s.scale(dim).by_rank(r))
        .map(LevelView::of)
        .unwrap_or_else(|| LevelView::unknown(&rank.to_string(), rank))
}

impl AssetView {
    pub fn new(
        m: &asset::Model,
        idx: &DeptIndex,
        schemes: &Schemes,
        today: NaiveDate,
    ) -> AppResult<Self> {
        let scheme = schemes.get(m.scheme_id);
        let details = [
            ("model", &m.model),
            ("serial", &m.serial),
            ("asset_tag", &m.asset_tag),
            ("vendor", &m.vendor),
            ("version", &m.version),
            ("licence", &m.licence),
            ("segment", &m.segment),
            ("address_range", &m.address_range),
            ("building", &m.building),
            ("room", &m.room),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect();
        let status = stored("asset status", &m.status, AssetStatus::from_code(&m.status))?;
        Ok(Self {
            id: m.id,
            number: m.number.clone(),
            kind: stored("asset kind", &m.kind, AssetKind::from_code(&m.kind))?,
            name: m.name.clone(),
            description: m.description.clone(),
            business_process: m.business_process.clone(),
            department_id: m.department_id,
            department_path: m.department_id.map(|d| idx.path(d)),
            owner_staff_id: m.owner_staff_id,
            user_scope: m.user_scope.clone(),
            medium: m.medium.clone(),
            location: m.location.clone(),
            network_layer: stored(
                "network layer",
                &m.network_layer,
                NetworkLayer::from_code(&m.network_layer),
            )?,
            provider: m.provider.clone(),
            contractor: m.contractor.clone(),
            retention: m
                .retention
                .as_deref()
                .and_then(Retention::from_code)
                .map(|r| r.display()),
            registered_on: m.registered_on,
            review_on: m.review_on,
            status,
            notes: m.notes.clone(),
            details,
            scheme_id: m.scheme_id,
            c: level_view(scheme, Dimension::C, &m.c_level, m.c_rank),
            i: level_view(scheme, Dimension::I, &m.i_level, m.i_rank),
            a: level_view(scheme, Dimension::A, &m.a_level, m.a_rank),
            importance: u8::try_from(m.importance).unwrap_or(1),
            required_c: required_view(scheme, Dimension::C, m.req_c),
            required_i: required_view(scheme, Dimension::I, m.req_i),
            required_a: required_view(scheme, Dimension::A, m.req_a),
            under_protected: under_protected(
                [m.c_rank, m.i_rank, m.a_rank],
                [m.req_c, m.req_i, m.req_a],
            ),
            personal_data: stored(
                "personal data kind",
                &m.personal_data,
                PersonalDataKind::from_code(&m.personal_data),
            )?,
            ordinance_sensitive: m.ordinance_sensitive,
            persons: m.persons,
            restricted: m.restricted,
            review_overdue: review_overdue(status, m.review_on, today),
        })
    }
}

/// What the audit log records of an asset: values as people read them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AssetSnapshot {
    #[serde(flatten)]
    input: AssetInput,
}

pub(crate) fn snapshot(m: &asset::Model, idx: &DeptIndex, owner_number: &str) -> AssetSnapshot {
    AssetSnapshot {
        input: input_of(m, idx, owner_number),
    }
}

/// List parameters as a screen or the API gives them.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct AssetQuery {
    /// Free text over number, name, description, business process, medium (width and
    /// kana folded).
    pub q: String,
    /// An asset kind code.
    pub kind: String,
    /// Department id; its whole subtree is included.
    pub department: Option<Uuid>,
    /// Level codes of the active scheme.
    pub c: String,
    pub i: String,
    pub a: String,
    pub importance: Option<i16>,
    /// A personal-data kind code, or `any`.
    pub personal_data: String,
    /// A network layer code.
    pub network_layer: String,
    /// `in_use` (default), `retired`, `disposed` or `all`.
    pub status: String,
    /// Only assets whose review date has passed.
    pub overdue: bool,
    /// Only assets whose required protection is above their own level.
    pub under_protected: bool,
    /// `number` (default), `name`, `department`, `importance`, `review`, `updated`.
    pub sort: String,
    /// Descending order.
    pub desc: bool,
}

/// An asset with everything its page shows.
#[derive(Debug, Clone)]
pub struct AssetDetail {
    pub asset: AssetView,
    pub owner: Option<(String, String)>,
    pub relations: Vec<RelationView>,
    /// The levels (with their handling rules) that apply: the required protection.
    pub handling: Vec<(Dimension, Level)>,
    /// "Who changed what, when", from the audit log.
    pub history: Vec<crate::audit::AuditRecord>,
    pub can_edit: bool,
}

impl App {
    /// Which restricted records this actor may see in lists.
    pub(crate) fn visibility(&self, actor: &Actor) -> Visibility {
        match actor.restricted_scope() {
            None => Visibility::All,
            Some(departments) => Visibility::NeedToKnow {
                departments,
                staff_id: actor.staff_id,
            },
        }
    }

    /// Assets named by number that the actor may read, in the order named and each
    /// once. A number that is no asset, or names one the actor may not read, is
    /// refused on `field` by name (a restricted asset is "not found", as anywhere).
    pub(crate) async fn assets_named(
        &self,
        actor: &Actor,
        numbers: &[String],
        field: &str,
        inv: &mut mamori_domain::Invalid,
    ) -> AppResult<Vec<asset::Model>> {
        let numbers: Vec<String> = numbers
            .iter()
            .map(|n| mamori_domain::text::clean(n))
            .filter(|n| !n.is_empty())
            .collect();
        if numbers.is_empty() {
            return Ok(Vec::new());
        }
        let sight = self.visibility(actor);
        let found: HashMap<String, asset::Model> =
            mamori_store::assets::by_numbers(self.store.conn(), actor.org_id, &numbers)
                .await?
                .into_iter()
                .filter(|a| sight.shows(a.restricted, a.department_id, a.owner_staff_id))
                .map(|a| (a.number.clone(), a))
                .collect();
        let mut out: Vec<asset::Model> = Vec::new();
        for n in &numbers {
            match found.get(n) {
                Some(a) if out.iter().any(|x| x.id == a.id) => {}
                Some(a) => out.push(a.clone()),
                None => inv.push(mamori_domain::FieldError::new(
                    field,
                    format!("資産番号「{n}」の情報資産はありません。"),
                    format!("There is no asset numbered \"{n}\"."),
                )),
            }
        }
        Ok(out)
    }

    pub(crate) fn asset_filter(
        &self,
        actor: &Actor,
        q: &AssetQuery,
        idx: &DeptIndex,
        schemes: &Schemes,
    ) -> AppResult<AssetFilter> {
        let scheme = schemes.active();
        let rank = |dim: Dimension, code: &str| -> Option<i16> {
            if code.is_empty() {
                return None;
            }
            // An unknown code matches nothing rather than everything.
            Some(
                scheme
                    .scale(dim)
                    .by_code(code)
                    .map(|l| i16::from(l.rank))
                    .unwrap_or(-1),
            )
        };
        let nonempty = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
        // Parameters with a fixed set of values: an unknown one is a 422 naming it.
        use crate::error::{code_of, one_of};
        code_of(
            "kind",
            &q.kind,
            AssetKind::from_code,
            &AssetKind::ALL.map(AssetKind::code),
        )?;
        let personal: Vec<&str> = std::iter::once("any")
            .chain(PersonalDataKind::ALL.map(PersonalDataKind::code))
            .collect();
        one_of("personal_data", &q.personal_data, &personal)?;
        code_of(
            "network_layer",
            &q.network_layer,
            NetworkLayer::from_code,
            &NetworkLayer::ALL.map(NetworkLayer::code),
        )?;
        let statuses: Vec<&str> = std::iter::once("all")
            .chain(AssetStatus::ALL.map(AssetStatus::code))
            .collect();
        one_of("status", &q.status, &statuses)?;
        one_of(
            "sort",
            &q.sort,
            &[
                "number",
                "name",
                "department",
                "importance",
                "review",
                "updated",
            ],
        )?;
        Ok(AssetFilter {
            search_key: crate::error::search_text(&q.q)?,
            kind: nonempty(&q.kind),
            departments: q.department.map(|d| idx.subtree(d).into_iter().collect()),
            c_rank: rank(Dimension::C, &q.c),
            i_rank: rank(Dimension::I, &q.i),
            a_rank: rank(Dimension::A, &q.a),
            importance: q.importance,
            personal_data: nonempty(&q.personal_data).filter(|p| p != "any"),
            has_personal_data: q.personal_data == "any",
            network_layer: nonempty(&q.network_layer),
            status: match q.status.as_str() {
                "" => Some(AssetStatus::InUse.code().to_owned()),
                "all" => None,
                s => Some(s.to_owned()),
            },
            scheme_id: None,
            review_before: q.overdue.then(|| self.today()),
            under_protected: q.under_protected,
            visibility: self.visibility(actor),
            sort: match q.sort.as_str() {
                "name" => AssetSort::Name,
                "department" => AssetSort::Department,
                "importance" => AssetSort::Importance,
                "review" => AssetSort::Review,
                "updated" => AssetSort::Updated,
                _ => AssetSort::Number,
            },
            descending: q.desc,
        })
    }

    pub async fn list_assets(
        &self,
        actor: &Actor,
        q: &AssetQuery,
        page: PageRequest,
    ) -> AppResult<(Page<AssetView>, DeptIndex, Schemes)> {
        self.authorize(actor, Capability::ViewAssets).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let filter = self.asset_filter(actor, q, &idx, &schemes)?;
        let register = self.register(actor.org_id).await?;
        let matches = {
            let rank = index::department_order(filter.sort, &idx);
            let offset = usize::try_from(page.offset()).unwrap_or(usize::MAX);
            let limit = usize::try_from(page.per_page).unwrap_or(50);
            register.read().query(&filter, &rank, offset, limit)
        };
        let today = self.today();
        let mut rows: HashMap<Uuid, asset::Model> =
            mamori_store::assets::by_ids(self.store.conn(), actor.org_id, &matches.ids)
                .await?
                .into_iter()
                .map(|m| (m.id, m))
                .collect();
        let items = matches
            .ids
            .iter()
            .filter_map(|id| rows.remove(id))
            .map(|m| AssetView::new(&m, &idx, &schemes, today))
            .collect::<AppResult<_>>()?;
        let page = Page {
            items,
            page: page.page,
            per_page: page.per_page,
            total: u64::try_from(matches.total).unwrap_or(u64::MAX),
        };
        Ok((page, idx, schemes))
    }

    /// Loads an asset the actor may read; a restricted one needs need-to-know and its
    /// read is recorded. A restricted asset outside the actor's need-to-know is "not
    /// found", so its existence is not told either.
    pub(crate) async fn readable_asset(&self, actor: &Actor, id: Uuid) -> AppResult<asset::Model> {
        self.authorize(actor, Capability::ViewAssets).await?;
        let m = mamori_store::assets::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if m.restricted {
            // Without need-to-know the record is not there at all (404, not 403), and
            // the refusal is recorded.
            let need = Capability::ViewRestricted {
                department: m.department_id,
                owner: m.owner_staff_id,
            };
            if !actor.can(need) {
                self.record_denial(actor, need).await;
                return Err(AppError::NotFound);
            }
            let tx = self.store.begin_write().await?;
            self.audit(&*tx, actor, "asset.read", "asset", &id.to_string(), vec![])
                .await?;
            tx.commit().await?;
        }
        Ok(m)
    }

    pub async fn asset_detail(&self, actor: &Actor, id: Uuid) -> AppResult<AssetDetail> {
        let m = self.readable_asset(actor, id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let view = AssetView::new(&m, &idx, &schemes, self.today())?;
        let owner = match m.owner_staff_id {
            Some(s) => mamori_store::staff::get(self.store.conn(), actor.org_id, s)
                .await?
                .map(|s| (s.employee_number, s.name)),
            None => None,
        };
        let handling = schemes
            .get(m.scheme_id)
            .map(|s| {
                [
                    (Dimension::C, m.req_c),
                    (Dimension::I, m.req_i),
                    (Dimension::A, m.req_a),
                ]
                .into_iter()
                .filter_map(|(d, r)| {
                    let level = s.scale(d).by_rank(u8::try_from(r).ok()?)?;
                    Some((d, level.clone()))
                })
                .collect()
            })
            .unwrap_or_default();
        let relations = self.relation_views(actor, &m).await?;
        let can_edit = actor.can(edit_capability(&m));
        let history = self.history(actor, "asset", m.id).await?;
        Ok(AssetDetail {
            asset: view,
            owner,
            relations,
            handling,
            history,
            can_edit,
        })
    }

    /// The form values of a stored asset, for its edit page.
    pub async fn asset_input(&self, actor: &Actor, id: Uuid) -> AppResult<AssetInput> {
        let m = self.readable_asset(actor, id).await?;
        self.authorize(actor, edit_capability(&m)).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let owner = self.owner_numbers(actor.org_id, &[&m]).await?;
        Ok(input_of(
            &m,
            &idx,
            owner.get(&m.id).map(String::as_str).unwrap_or(""),
        ))
    }

    /// Employee numbers of the responsible staff of these assets, by asset id.
    pub(crate) async fn owner_numbers(
        &self,
        org_id: Uuid,
        assets: &[&asset::Model],
    ) -> AppResult<HashMap<Uuid, String>> {
        let ids: Vec<Uuid> = assets.iter().filter_map(|a| a.owner_staff_id).collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let staff: HashMap<Uuid, String> =
            mamori_store::staff::by_ids(self.store.conn(), org_id, &ids)
                .await?
                .into_iter()
                .map(|s| (s.id, s.employee_number))
                .collect();
        Ok(assets
            .iter()
            .filter_map(|a| Some((a.id, staff.get(&a.owner_staff_id?)?.clone())))
            .collect())
    }
}

/// What editing this asset requires.
pub(crate) fn edit_capability(m: &asset::Model) -> Capability {
    Capability::EditAsset {
        department: m.department_id,
        technical: AssetKind::parse(&m.kind).is_ok_and(|k| !k.is_data()),
    }
}
