//! The columns of an asset ledger: the names each field goes by in the files cities
//! keep, the order exports write them in, and the text form of relations (依存先), so
//! that an export imports back unchanged.

use mamori_domain::asset::{AssetKind, AssetNumber, AssetStatus, NetworkLayer, PersonalDataKind};
use mamori_domain::protection::RelationKind;
use mamori_domain::text::fold_width;

use crate::assets::AssetInput;
use crate::import::ColumnAliases;
/// Fields an import column can fill; the first name of each is what exports write.
pub(super) const COLUMNS: &ColumnAliases = &[
    (
        "number",
        &[
            "管理番号",
            "資産番号",
            "番号",
            "no",
            "通番",
            "asset_number",
            "number",
        ],
    ),
    (
        "kind",
        &[
            "資産種別",
            "種類",
            "資産の種類",
            "種別",
            "kind",
            "asset_kind",
            "type",
        ],
    ),
    (
        "name",
        &[
            "情報資産名称",
            "資産名",
            "名称",
            "情報資産名",
            "資産名称",
            "name",
        ],
    ),
    ("description", &["説明", "内容", "概要", "description"]),
    (
        "business_process",
        &["業務分類", "業務名", "業務", "business_process", "process"],
    ),
    (
        "department",
        &[
            "管理部署",
            "所管課",
            "所属",
            "管理部門",
            "担当課",
            "所管部署",
            "department",
        ],
    ),
    (
        "owner",
        &[
            "責任者職員番号",
            "管理責任者",
            "責任者",
            "owner",
            "responsible",
        ],
    ),
    (
        "user_scope",
        &["利用者範囲", "利用範囲", "利用者", "user_scope"],
    ),
    (
        "medium",
        &[
            "媒体・保存先",
            "保存場所",
            "媒体",
            "保存先",
            "保管場所",
            "medium",
            "storage",
        ],
    ),
    ("location", &["設置場所", "所在地", "場所", "location"]),
    (
        "network_layer",
        &[
            "ネットワーク区分",
            "系統",
            "三層区分",
            "ネットワーク",
            "network_layer",
        ],
    ),
    (
        "provider",
        &[
            "外部サービス",
            "クラウド",
            "提供事業者",
            "provider",
            "cloud",
        ],
    ),
    (
        "contractor",
        &["委託先", "委託事業者", "保守業者", "contractor"],
    ),
    ("retention", &["保存期限", "保存期間", "retention"]),
    ("registered_on", &["登録日", "registered_on", "registered"]),
    (
        "review_on",
        &[
            "次回見直し日",
            "見直し日",
            "見直し予定日",
            "review_on",
            "review",
        ],
    ),
    ("status", &["状態", "状況", "使用状況", "status"]),
    ("notes", &["備考", "notes", "remarks"]),
    ("model", &["機種", "型番", "機種名", "model"]),
    ("serial", &["製造番号", "シリアル番号", "serial"]),
    (
        "asset_tag",
        &["資産タグ", "備品番号", "物品番号", "asset_tag"],
    ),
    (
        "vendor",
        &["ベンダー", "製造元", "開発元", "メーカー", "vendor"],
    ),
    ("version", &["バージョン", "version"]),
    (
        "licence",
        &["ライセンス", "ライセンス形態", "licence", "license"],
    ),
    ("segment", &["セグメント", "segment", "vlan"]),
    (
        "address_range",
        &["アドレス範囲", "ipアドレス", "address_range"],
    ),
    ("building", &["建物", "庁舎", "building"]),
    ("room", &["部屋", "室名", "room"]),
    ("c", &["機密性", "confidentiality"]),
    ("i", &["完全性", "integrity"]),
    ("a", &["可用性", "availability"]),
    ("importance", &["重要度", "importance"]),
    (
        "personal_data",
        &["個人情報の種類", "個人情報区分", "personal_data"],
    ),
    ("personal_mark", &["個人情報", "個人情報の有無", "personal"]),
    ("sensitive_mark", &["要配慮個人情報", "要配慮", "sensitive"]),
    (
        "my_number_mark",
        &["特定個人情報", "マイナンバー", "my_number"],
    ),
    (
        "ordinance_sensitive",
        &["条例要配慮個人情報", "条例要配慮", "ordinance_sensitive"],
    ),
    ("persons", &["本人数", "人数", "対象者数", "persons"]),
    ("relations", &["依存先", "関連資産", "relations"]),
];

/// The fields an export writes, in order.
const EXPORT_FIELDS: [&str; 36] = [
    "number",
    "kind",
    "name",
    "description",
    "business_process",
    "department",
    "owner",
    "user_scope",
    "medium",
    "location",
    "network_layer",
    "provider",
    "contractor",
    "retention",
    "registered_on",
    "review_on",
    "status",
    "notes",
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
    "c",
    "i",
    "a",
    "importance",
    "personal_data",
    "ordinance_sensitive",
    "persons",
    "relations",
];

/// The headers an export writes (and an import reads back).
pub fn export_headers() -> Vec<&'static str> {
    EXPORT_FIELDS
        .iter()
        .filter_map(|f| {
            COLUMNS
                .iter()
                .find(|(field, _)| field == f)
                .map(|(_, a)| a[0])
        })
        .collect()
}

/// One export row in the order of [`export_headers`]: labels in Japanese, as a ledger
/// keeps them, and every one readable by the importer.
pub fn export_row(input: &AssetInput, importance: u8, relations: &str) -> Vec<String> {
    let label = |r: Option<&'static str>, raw: &str| r.map(str::to_owned).unwrap_or(raw.to_owned());
    EXPORT_FIELDS
        .iter()
        .map(|f| match *f {
            "kind" => label(
                AssetKind::parse(&input.kind).ok().map(|k| k.label("ja")),
                &input.kind,
            ),
            "network_layer" => label(
                NetworkLayer::parse(&input.network_layer)
                    .ok()
                    .filter(|l| *l != NetworkLayer::None)
                    .map(|l| l.label("ja")),
                "",
            ),
            "status" => label(
                AssetStatus::parse(&input.status)
                    .ok()
                    .map(|s| s.label("ja")),
                &input.status,
            ),
            "personal_data" => label(
                PersonalDataKind::parse(&input.personal_data)
                    .ok()
                    .filter(|p| *p != PersonalDataKind::None)
                    .map(|p| p.label("ja")),
                "",
            ),
            "importance" => importance.to_string(),
            "relations" => relations.to_owned(),
            f => input_field(input, f).to_owned(),
        })
        .collect()
}

fn input_field<'a>(input: &'a AssetInput, field: &str) -> &'a str {
    match field {
        "department" => &input.department,
        "owner" => &input.owner,
        "retention" => &input.retention,
        "registered_on" => &input.registered_on,
        "review_on" => &input.review_on,
        "c" => &input.c,
        "i" => &input.i,
        "a" => &input.a,
        "ordinance_sensitive" => &input.ordinance_sensitive,
        "persons" => &input.persons,
        f => input.text(f),
    }
}

/// "保存先:A-000123; 設置場所:F-01" for a row's outgoing relations.
pub fn format_relations(rels: &[(RelationKind, String)]) -> String {
    let mut parts: Vec<String> = rels
        .iter()
        .map(|(k, n)| format!("{}:{}", k.label("ja"), n))
        .collect();
    parts.sort();
    parts.join("; ")
}

pub(super) fn parse_relations(
    s: &str,
) -> Result<Vec<(RelationKind, String)>, mamori_domain::Problem> {
    let folded = fold_width(s);
    let mut out = Vec::new();
    for part in folded
        .split([';', '、', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (kind, number) = match part.split_once(':') {
            Some((k, n)) => (RelationKind::parse(k.trim())?, n.trim()),
            None => (RelationKind::DependsOn, part),
        };
        let number = AssetNumber::parse(number)?;
        out.push((kind, number.as_str().to_owned()));
    }
    Ok(out)
}

pub(super) fn input_slot<'a>(input: &'a mut AssetInput, field: &str) -> Option<&'a mut String> {
    Some(match field {
        "number" => &mut input.number,
        "kind" => &mut input.kind,
        "name" => &mut input.name,
        "description" => &mut input.description,
        "business_process" => &mut input.business_process,
        "department" => &mut input.department,
        "owner" => &mut input.owner,
        "user_scope" => &mut input.user_scope,
        "medium" => &mut input.medium,
        "location" => &mut input.location,
        "network_layer" => &mut input.network_layer,
        "provider" => &mut input.provider,
        "contractor" => &mut input.contractor,
        "retention" => &mut input.retention,
        "registered_on" => &mut input.registered_on,
        "review_on" => &mut input.review_on,
        "status" => &mut input.status,
        "notes" => &mut input.notes,
        "model" => &mut input.model,
        "serial" => &mut input.serial,
        "asset_tag" => &mut input.asset_tag,
        "vendor" => &mut input.vendor,
        "version" => &mut input.version,
        "licence" => &mut input.licence,
        "segment" => &mut input.segment,
        "address_range" => &mut input.address_range,
        "building" => &mut input.building,
        "room" => &mut input.room,
        "c" => &mut input.c,
        "i" => &mut input.i,
        "a" => &mut input.a,
        "ordinance_sensitive" => &mut input.ordinance_sensitive,
        "persons" => &mut input.persons,
        _ => return None,
    })
}
