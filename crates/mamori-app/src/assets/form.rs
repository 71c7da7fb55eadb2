//! Asset input as text (form, JSON body or spreadsheet cell) and its validation, so
//! that one validator serves all three.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::asset::{
    AssetKind, AssetNumber, AssetStatus, NetworkLayer, PersonalDataKind, Retention, parse_mark,
};
use mamori_domain::classification::{Dimension, Scheme};
use mamori_domain::text::{clean, fold_width, search_key};
use mamori_domain::{Invalid, Problem};
use mamori_store::entity::asset;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::departments::{DeptIndex, optional_date};

/// Raw asset input: every field is text, as in the form and the importer, and absent
/// fields are empty. Field names are the form and API names, and the keys of errors.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
#[serde(default)]
pub struct AssetInput {
    /// Empty: the next `A-000123` number is assigned.
    pub number: String,
    /// A kind code or label; empty: inferred from the medium (紙・書類・書庫 → paper,
    /// else electronic data).
    pub kind: String,
    pub name: String,
    pub description: String,
    pub business_process: String,
    /// Department id, code, unique name or path.
    pub department: String,
    /// Responsible staff member: employee number (or a unique name).
    pub owner: String,
    pub user_scope: String,
    pub medium: String,
    pub location: String,
    pub network_layer: String,
    pub provider: String,
    pub contractor: String,
    /// A date, or a period as records write it (5年, 永年, 常用).
    pub retention: String,
    pub registered_on: String,
    pub review_on: String,
    pub status: String,
    pub notes: String,
    pub model: String,
    pub serial: String,
    pub asset_tag: String,
    pub vendor: String,
    pub version: String,
    pub licence: String,
    pub segment: String,
    pub address_range: String,
    pub building: String,
    pub room: String,
    /// Level codes or labels of the scheme (3A, ３, 機密性3, 高 …), as `i` and `a`.
    pub c: String,
    pub i: String,
    pub a: String,
    pub personal_data: String,
    /// A mark (○, 1, true …) for 条例要配慮個人情報.
    pub ordinance_sensitive: String,
    /// Approximate number of persons (1,200 / 約1200人).
    pub persons: String,
}

/// The free-text fields, with their limits; named once so validation, apply and the
/// audit snapshot cannot drift apart.
pub(crate) const TEXT_FIELDS: [(&str, usize); 20] = [
    ("description", 2000),
    ("business_process", 200),
    ("user_scope", 200),
    ("medium", 200),
    ("location", 200),
    ("provider", 200),
    ("contractor", 200),
    ("notes", 2000),
    ("model", 200),
    ("serial", 200),
    ("asset_tag", 200),
    ("vendor", 200),
    ("version", 100),
    ("licence", 200),
    ("segment", 200),
    ("address_range", 200),
    ("building", 200),
    ("room", 200),
    ("name", 200),
    ("number", 40),
];

impl AssetInput {
    /// A free-text field by name (see [`TEXT_FIELDS`]).
    pub(crate) fn text(&self, field: &str) -> &str {
        match field {
            "description" => &self.description,
            "business_process" => &self.business_process,
            "user_scope" => &self.user_scope,
            "medium" => &self.medium,
            "location" => &self.location,
            "provider" => &self.provider,
            "contractor" => &self.contractor,
            "notes" => &self.notes,
            "model" => &self.model,
            "serial" => &self.serial,
            "asset_tag" => &self.asset_tag,
            "vendor" => &self.vendor,
            "version" => &self.version,
            "licence" => &self.licence,
            "segment" => &self.segment,
            "address_range" => &self.address_range,
            "building" => &self.building,
            "room" => &self.room,
            "name" => &self.name,
            _ => &self.number,
        }
    }
}

/// What validation produced: typed values ready to be applied to a row.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAsset {
    pub number: Option<AssetNumber>,
    pub kind: AssetKind,
    pub department_id: Option<Uuid>,
    pub owner_staff_id: Option<Uuid>,
    pub network_layer: NetworkLayer,
    pub retention: Option<Retention>,
    pub registered_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub status: AssetStatus,
    pub levels: [(String, u8); 3],
    pub importance: u8,
    pub personal_data: PersonalDataKind,
    pub ordinance_sensitive: bool,
    pub persons: Option<i64>,
    /// Cleaned free text by field name.
    pub texts: HashMap<&'static str, String>,
}

/// What validation looks things up in.
pub struct Lookup<'a> {
    pub scheme: &'a Scheme,
    pub departments: &'a DeptIndex,
    /// Current staff by employee number and by name (names only when unique).
    pub staff: &'a HashMap<String, Uuid>,
}

fn parse_persons(s: &str) -> Result<Option<i64>, Problem> {
    let folded = fold_width(s.trim());
    let digits: String = folded
        .trim_start_matches(['約', '概', '~'])
        .trim_end_matches(['人', '名', '件', '程', '度'])
        .chars()
        .filter(|c| *c != ',' && *c != '、')
        .collect();
    if digits.is_empty() {
        return Ok(None);
    }
    match digits.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(Some(n)),
        _ => Err(Problem::new(
            "本人数は数字で入力してください（例: 1200、約1,200人）。",
            "Enter the number of persons as a number (e.g. 1200, about 1,200).",
        )),
    }
}

fn blank_or<T>(s: &str, default: T, parse: fn(&str) -> Result<T, Problem>) -> Result<T, Problem> {
    if s.trim().is_empty() {
        Ok(default)
    } else {
        parse(s)
    }
}

/// Validates asset input; problems are keyed by the field names of [`AssetInput`].
pub fn validate(input: &AssetInput, lookup: &Lookup<'_>) -> Result<ValidAsset, Invalid> {
    let mut inv = Invalid::new();
    let mut texts = HashMap::new();
    for (field, limit) in TEXT_FIELDS {
        let v = clean(input.text(field));
        if v.chars().count() > limit {
            inv.push(
                Problem::new(
                    format!("{limit}文字以内で入力してください。"),
                    format!("Use at most {limit} characters."),
                )
                .at(field),
            );
        }
        texts.insert(field, v);
    }
    if texts.get("name").is_none_or(|n| n.is_empty()) {
        inv.push(Problem::new("名称を入力してください。", "Enter the asset's name.").at("name"));
    }
    let number = if input.number.trim().is_empty() {
        None
    } else {
        inv.check("number", AssetNumber::parse(&input.number))
    };
    let kind = if input.kind.trim().is_empty() {
        Some(AssetKind::infer_from_medium(&input.medium))
    } else {
        inv.check("kind", AssetKind::parse(&input.kind))
    };
    let department_id = if input.department.trim().is_empty() {
        None
    } else {
        inv.check(
            "department",
            lookup.departments.resolve(&input.department).map(|d| d.id),
        )
    };
    let owner_staff_id = match clean(&input.owner) {
        o if o.is_empty() => None,
        o => inv.check(
            "owner",
            lookup
                .staff
                .get(&o)
                .or_else(|| lookup.staff.get(&fold_width(&o)))
                .copied()
                .ok_or_else(|| {
                    Problem::new(
                        format!("職員「{o}」が見つかりません。職員番号で指定してください。"),
                        format!("No staff member \"{o}\"; give the employee number."),
                    )
                }),
        ),
    };
    let network_layer = inv.check(
        "network_layer",
        blank_or(
            &input.network_layer,
            NetworkLayer::None,
            NetworkLayer::parse,
        ),
    );
    let retention = if input.retention.trim().is_empty() {
        Some(None)
    } else {
        inv.check("retention", Retention::parse(&input.retention).map(Some))
    };
    let registered_on = optional_date(&mut inv, "registered_on", &input.registered_on);
    let review_on = optional_date(&mut inv, "review_on", &input.review_on);
    let status = inv.check(
        "status",
        blank_or(&input.status, AssetStatus::InUse, AssetStatus::parse),
    );
    let mut levels = Vec::new();
    for (field, dim, raw) in [
        ("c", Dimension::C, &input.c),
        ("i", Dimension::I, &input.i),
        ("a", Dimension::A, &input.a),
    ] {
        let scale = lookup.scheme.scale(dim);
        let level = if raw.trim().is_empty() {
            Err(Problem::new(
                format!("{}を選んでください。", dim.label("ja")),
                format!("Choose the {} level.", dim.label("en")),
            ))
        } else {
            scale.parse_level(dim, raw)
        };
        levels.push(inv.check(field, level));
    }
    let personal_data = inv.check(
        "personal_data",
        blank_or(
            &input.personal_data,
            PersonalDataKind::None,
            PersonalDataKind::parse,
        ),
    );
    let ordinance_sensitive = inv.check(
        "ordinance_sensitive",
        blank_or(&input.ordinance_sensitive, false, parse_mark),
    );
    let persons = inv.check("persons", parse_persons(&input.persons));
    if let (Some(k), Some(p)) = (kind, personal_data)
        && !k.is_data()
        && p != PersonalDataKind::None
    {
        inv.push(
            Problem::new(
                "個人情報の種類は、紙または電子データの資産にだけ設定できます。",
                "Personal data applies only to paper or electronic data assets.",
            )
            .at("personal_data"),
        );
    }
    let (
        Some(kind),
        Some(network_layer),
        Some(retention),
        Some(status),
        Some(personal_data),
        Some(ordinance_sensitive),
        Some(persons),
        [Some(c), Some(i), Some(a)],
    ) = (
        kind,
        network_layer,
        retention,
        status,
        personal_data,
        ordinance_sensitive,
        persons,
        [levels[0], levels[1], levels[2]],
    )
    else {
        return Err(inv);
    };
    inv.into_result()?;
    let importance = lookup.scheme.importance(c, i, a);
    Ok(ValidAsset {
        number,
        kind,
        department_id,
        owner_staff_id,
        network_layer,
        retention,
        registered_on,
        review_on,
        status,
        levels: [
            (c.code.clone(), c.rank),
            (i.code.clone(), i.rank),
            (a.code.clone(), a.rank),
        ],
        importance,
        personal_data,
        ordinance_sensitive,
        persons,
        texts,
    })
}

/// Applies validated input to a stored row (or a blank one). The number is set by the
/// caller, which alone knows the next free one.
pub(crate) fn apply(
    base: asset::Model,
    v: &ValidAsset,
    scheme_id: Uuid,
    now: DateTime<Utc>,
) -> asset::Model {
    let t = |f: &str| v.texts.get(f).cloned().unwrap_or_default();
    let [(c, cr), (i, ir), (a, ar)] = v.levels.clone();
    let own = [i16::from(cr), i16::from(ir), i16::from(ar)];
    let number = v
        .number
        .as_ref()
        .map(|n| n.as_str().to_owned())
        .unwrap_or(base.number.clone());
    let mut m = asset::Model {
        kind: v.kind.code().to_owned(),
        name: t("name"),
        description: t("description"),
        business_process: t("business_process"),
        department_id: v.department_id,
        owner_staff_id: v.owner_staff_id,
        user_scope: t("user_scope"),
        medium: t("medium"),
        location: t("location"),
        network_layer: v.network_layer.code().to_owned(),
        provider: t("provider"),
        contractor: t("contractor"),
        retention: v.retention.map(|r| r.code()),
        registered_on: v.registered_on,
        review_on: v.review_on,
        status: v.status.code().to_owned(),
        notes: t("notes"),
        model: t("model"),
        serial: t("serial"),
        asset_tag: t("asset_tag"),
        vendor: t("vendor"),
        version: t("version"),
        licence: t("licence"),
        segment: t("segment"),
        address_range: t("address_range"),
        building: t("building"),
        room: t("room"),
        scheme_id,
        c_level: c,
        i_level: i,
        a_level: a,
        c_rank: own[0],
        i_rank: own[1],
        a_rank: own[2],
        importance: i16::from(v.importance),
        // Never below the asset's own; propagation raises it from what depends on it.
        req_c: base.req_c.max(own[0]),
        req_i: base.req_i.max(own[1]),
        req_a: base.req_a.max(own[2]),
        personal_data: v.personal_data.code().to_owned(),
        ordinance_sensitive: v.ordinance_sensitive,
        persons: v.persons,
        restricted: v.personal_data.is_restricted(),
        updated_at: now,
        ..base
    };
    set_number(&mut m, number);
    m
}

/// Gives a row its number, with the sequence and the search key that follow from it.
pub(crate) fn set_number(m: &mut asset::Model, number: String) {
    m.number_seq = seq_of(&number);
    m.number = number;
    m.search_key = search_key_of(m);
}

/// The stored sequence of a number: the `n` of one Mamori generated (so the next can
/// follow the highest), `None` for a city's own numbering.
pub(crate) fn seq_of(number: &str) -> Option<i64> {
    AssetNumber::sequence_of(number).and_then(|s| i64::try_from(s).ok())
}

/// What free-text search matches: number, name, description, business process, medium
/// and location, folded so that width and kana differences do not matter.
pub(crate) fn search_key_of(m: &asset::Model) -> String {
    search_key(&format!(
        "{} {} {} {} {} {}",
        m.number, m.name, m.description, m.business_process, m.medium, m.location
    ))
}

/// An empty row for a new asset.
pub(crate) fn blank(id: Uuid, org_id: Uuid, scheme_id: Uuid, now: DateTime<Utc>) -> asset::Model {
    asset::Model {
        id,
        org_id,
        number: String::new(),
        number_seq: None,
        kind: AssetKind::DataElectronic.code().to_owned(),
        name: String::new(),
        description: String::new(),
        business_process: String::new(),
        department_id: None,
        owner_staff_id: None,
        user_scope: String::new(),
        medium: String::new(),
        location: String::new(),
        network_layer: NetworkLayer::None.code().to_owned(),
        provider: String::new(),
        contractor: String::new(),
        retention: None,
        registered_on: None,
        review_on: None,
        status: AssetStatus::InUse.code().to_owned(),
        notes: String::new(),
        model: String::new(),
        serial: String::new(),
        asset_tag: String::new(),
        vendor: String::new(),
        version: String::new(),
        licence: String::new(),
        segment: String::new(),
        address_range: String::new(),
        building: String::new(),
        room: String::new(),
        scheme_id,
        c_level: String::new(),
        i_level: String::new(),
        a_level: String::new(),
        c_rank: 1,
        i_rank: 1,
        a_rank: 1,
        importance: 1,
        req_c: 1,
        req_i: 1,
        req_a: 1,
        personal_data: PersonalDataKind::None.code().to_owned(),
        ordinance_sensitive: false,
        persons: None,
        restricted: false,
        search_key: String::new(),
        created_at: now,
        updated_at: now,
        rev: 0,
    }
}

/// The form's input for a stored asset (edit pages, exports).
pub fn input_of(m: &asset::Model, departments: &DeptIndex, owner_number: &str) -> AssetInput {
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    AssetInput {
        number: m.number.clone(),
        kind: m.kind.clone(),
        name: m.name.clone(),
        description: m.description.clone(),
        business_process: m.business_process.clone(),
        department: m
            .department_id
            .map(|d| departments.path(d))
            .unwrap_or_default(),
        owner: owner_number.to_owned(),
        user_scope: m.user_scope.clone(),
        medium: m.medium.clone(),
        location: m.location.clone(),
        network_layer: m.network_layer.clone(),
        provider: m.provider.clone(),
        contractor: m.contractor.clone(),
        retention: m
            .retention
            .as_deref()
            .and_then(Retention::from_code)
            .map(|r| r.display())
            .unwrap_or_default(),
        registered_on: date(m.registered_on).unwrap_or_default(),
        review_on: date(m.review_on).unwrap_or_default(),
        status: m.status.clone(),
        notes: m.notes.clone(),
        model: m.model.clone(),
        serial: m.serial.clone(),
        asset_tag: m.asset_tag.clone(),
        vendor: m.vendor.clone(),
        version: m.version.clone(),
        licence: m.licence.clone(),
        segment: m.segment.clone(),
        address_range: m.address_range.clone(),
        building: m.building.clone(),
        room: m.room.clone(),
        c: m.c_level.clone(),
        i: m.i_level.clone(),
        a: m.a_level.clone(),
        personal_data: m.personal_data.clone(),
        ordinance_sensitive: if m.ordinance_sensitive { "○" } else { "" }.to_owned(),
        persons: m.persons.map(|p| p.to_string()).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persons_accept_how_ledgers_write_counts() {
        assert_eq!(parse_persons("1,200").ok(), Some(Some(1200)));
        assert_eq!(parse_persons("約１２００人").ok(), Some(Some(1200)));
        assert_eq!(parse_persons("").ok(), Some(None));
        assert!(parse_persons("多数").is_err());
        assert!(parse_persons("-5").is_err());
    }
}
