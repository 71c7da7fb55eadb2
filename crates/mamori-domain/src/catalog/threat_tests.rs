#![allow(clippy::unwrap_used, clippy::panic)]

use super::*;

const HEADER: &str = r#"[catalog]
id = "t"
name_ja = "脅威"
name_en = "Threats"
version = "1"
source_ja = "試験"
source_en = "Test"
"#;

fn errors(body: &str) -> Vec<FieldError> {
    ThreatCatalog::parse_toml(&format!("{HEADER}{body}"))
        .unwrap_err()
        .0
}

#[test]
fn builtin_parses() {
    let text = include_str!("../../../../catalogs/threats.toml");
    if let Err(e) = ThreatCatalog::parse_toml(text) {
        panic!("the built-in threat catalog does not parse:\n{e}");
    }
    assert!(!builtin_threats().threats.is_empty());
    assert!(!builtin_threats().vulnerabilities.is_empty());
}

#[test]
fn builtin_covers_what_municipalities_face() {
    let t = builtin_threats();
    for word in [
        "誤送信",
        "紛失",
        "盗難",
        "マルウェア",
        "ランサムウェア",
        "不正アクセス",
        "標的型",
        "内部不正",
        "委託",
        "クラウド",
        "停電",
        "地震",
        "落雷",
        "火災",
    ] {
        assert!(
            t.threats.iter().any(|x| x.name_ja.contains(word)),
            "no threat {word}"
        );
    }
    for c in ThreatCategory::ALL {
        assert!(t.threats.iter().any(|x| x.category == c), "{c:?} unused");
    }
    assert!(t.threats.iter().all(|x| (1..=3).contains(&x.likelihood)));
    assert!(t.threats.iter().all(|x| !x.asset_kinds.is_empty()));
    assert!(t.vulnerabilities.iter().all(|v| !v.asset_kinds.is_empty()));
    assert_eq!(
        t.threat("T-MISSEND").unwrap().asset_kinds,
        [AssetKind::DataElectronic, AssetKind::DataPaper]
    );
    assert!(t.vulnerability("V-TRAINING").is_some());
}

#[test]
fn severity_is_optional_but_bounded() {
    let body = r#"
[[vulnerabilities]]
id = "V-1"
category = "technical"
name_ja = "弱点"
name_en = "Weakness"
asset_kinds = ["software"]

[[vulnerabilities]]
id = "V-2"
category = "technical"
name_ja = "弱点"
name_en = "Weakness"
severity = 2
asset_kinds = ["software"]
"#;
    let c = ThreatCatalog::parse_toml(&format!("{HEADER}{body}")).unwrap();
    assert_eq!(c.vulnerabilities[0].severity, None);
    assert_eq!(c.vulnerabilities[1].severity, Some(2));
    let e = errors(&body.replace("severity = 2", "severity = 4"));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].field, "vulnerabilities[1].severity");
    assert!(e[0].ja.contains("深刻度") && e[0].en.contains("1 to 3"));
}

#[test]
fn threat_rules_are_named_by_field() {
    let body = r#"
[[threats]]
id = "T-1"
category = "human"
name_ja = "誤り"
name_en = "Error"
likelihood = 2
asset_kinds = ["data_paper"]

[[threats]]
id = "T-1"
category = "cosmic"
name_ja = "宇宙線"
name_en = ""
likelihood = 0
asset_kinds = ["data_paper", "brain"]

[[threats]]
id = "T-3"
category = "disaster"
name_ja = "地震"
name_en = "Earthquake"
asset_kinds = []

[[vulnerabilities]]
id = "T-3"
category = "disaster"
name_ja = "弱点"
name_en = "Weakness"
asset_kinds = ["facility"]
"#;
    let fields: Vec<String> = errors(body).into_iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            "threats[1].id",
            "threats[1].name_en",
            "threats[1].asset_kinds[1]",
            "threats[1].category",
            "threats[1].likelihood",
            "threats[2].asset_kinds",
            "threats[2].likelihood",
            "vulnerabilities[0].id",
            "vulnerabilities[0].category",
        ]
    );
    let e = errors(body);
    assert!(e[0].ja.starts_with("脅威 T-1 の ID"), "{}", e[0].ja);
    assert!(e[2].ja.contains("「brain」") && e[2].en.contains("\"brain\""));
}

#[test]
fn syntax_error_is_one_toml_error() {
    let e = ThreatCatalog::parse_toml("[catalog\nid = 1").unwrap_err().0;
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].field, "toml");
    assert!(e[0].en.contains("line 1"), "{}", e[0].en);
}
