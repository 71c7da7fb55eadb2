#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

fn nist() -> &'static Catalog {
    builtin_catalog("nist-csf-2.0").unwrap()
}

fn iso() -> &'static Catalog {
    builtin_catalog("iso27001-2022").unwrap()
}

/// A small valid catalog with the given `[[controls]]` tables appended.
fn file(controls: &str) -> String {
    format!(
        r#"[catalog]
id = "test"
name_ja = "試験"
name_en = "Test"
version = "1"
source_ja = "試験用"
source_en = "For tests"

[[controls]]
id = "A"
parent = ""
level = "area"
title_ja = "区分A"
title_en = "Area A"
category = "human"
refs = []
{controls}"#
    )
}

fn control(id: &str, parent: &str, refs: &str) -> String {
    format!(
        r#"
[[controls]]
id = "{id}"
parent = "{parent}"
level = "control"
title_ja = "管理策{id}"
title_en = "Control {id}"
category = "technical"
refs = [{refs}]
"#
    )
}

fn errors(text: &str) -> Vec<FieldError> {
    Catalog::parse_toml(text).unwrap_err().0
}

use crate::error::FieldError;

#[test]
fn every_builtin_parses_in_order() {
    for text in BUILTIN_FILES {
        if let Err(e) = Catalog::parse_toml(text) {
            panic!("a built-in catalog does not parse:\n{e}");
        }
    }
    let ids: Vec<&str> = builtin_catalogs()
        .iter()
        .map(|c| c.meta.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "basic-policy",
            "mic-guideline",
            "nist-csf-2.0",
            "iso27001-2022"
        ]
    );
    assert!(builtin_catalog("cobit").is_none());
}

#[test]
fn nist_csf_has_the_published_shape() {
    let n = nist().count_by_level();
    assert_eq!(n.get("function"), Some(&6));
    assert_eq!(n.get("category"), Some(&22));
    assert_eq!(n.get("subcategory"), Some(&106));
    assert_eq!(n.len(), 3);
    let c = nist().control("GV.OC-01").unwrap();
    assert_eq!(c.parent, "GV.OC");
    assert_eq!(nist().depth("GV.OC-01"), 2);
    assert_eq!(nist().depth("GV"), 0);
    assert_eq!(nist().depth("no such id"), 0);
    assert_eq!(nist().leaves().count(), 106);
    assert!(nist().leaves().all(|c| c.level == "subcategory"));
}

#[test]
fn iso_lists_numbers_only() {
    let n = iso().count_by_level();
    assert_eq!(n.get("control"), Some(&93));
    assert_eq!(n.get("theme"), Some(&4));
    for c in iso().controls.iter().filter(|c| c.level == "control") {
        assert_eq!(c.title_ja, c.id);
        assert_eq!(c.title_en, c.id);
        assert!(c.description_ja.is_empty() && c.description_en.is_empty());
    }
    // Why the titles are missing is said up front.
    assert!(!iso().meta.note_ja.is_empty() && !iso().meta.note_en.is_empty());
    assert_eq!(iso().leaves().count(), 93);
}

#[test]
fn mic_has_the_guideline_chapters() {
    let mic = builtin_catalog("mic-guideline").unwrap();
    let chapters: Vec<&Control> = mic
        .controls
        .iter()
        .filter(|c| c.level == "chapter")
        .collect();
    for title in [
        "組織体制",
        "物理的セキュリティ",
        "人的セキュリティ",
        "技術的セキュリティ",
        "運用",
        "業務委託と外部サービスの利用",
        "評価・見直し",
    ] {
        assert!(
            chapters.iter().any(|c| c.title_ja.contains(title)),
            "no chapter {title}"
        );
    }
    assert!(mic.controls.iter().all(|c| !c.chapter.is_empty()));
}

#[test]
fn basic_policy_has_the_four_measure_areas() {
    let bp = builtin_catalog("basic-policy").unwrap();
    let areas: Vec<ControlCategory> = bp
        .controls
        .iter()
        .filter(|c| c.parent.is_empty())
        .map(|c| c.category)
        .collect();
    for cat in [
        ControlCategory::Human,
        ControlCategory::Physical,
        ControlCategory::Technical,
        ControlCategory::Operational,
    ] {
        assert!(areas.contains(&cat), "{cat:?}");
    }
    assert_eq!(areas.len(), 4);
}

#[test]
fn every_builtin_ref_resolves() {
    let all: Vec<&Catalog> = builtin_catalogs().iter().collect();
    let mut refs = 0;
    for c in &all {
        assert_eq!(c.unresolved_refs(&all), [], "{}", c.meta.id);
        refs += c.controls.iter().map(|x| x.refs.len()).sum::<usize>();
        // Every ref names a catalog we ship.
        for r in c.controls.iter().flat_map(|x| &x.refs) {
            let (cat, _) = r.split_once(':').unwrap();
            assert!(builtin_catalog(cat).is_some(), "{r}");
        }
    }
    assert!(refs > 0);
}

#[test]
fn unresolved_refs_only_for_known_catalogs() {
    let text = file(&control(
        "A-1",
        "A",
        r#""test:A", "test:Z", "nist-csf-2.0:GV.OC-01", "nist-csf-2.0:GV.XX-99", "cobit:APO01""#,
    ));
    let c = Catalog::parse_toml(&text).unwrap();
    assert_eq!(
        c.unresolved_refs(&[nist()]),
        [("A-1", "test:Z"), ("A-1", "nist-csf-2.0:GV.XX-99")]
    );
    // Without NIST at hand, its refs are not judged.
    assert_eq!(c.unresolved_refs(&[]), [("A-1", "test:Z")]);
}

#[test]
fn round_trip_through_to_toml() {
    for c in builtin_catalogs() {
        let text = c.to_toml();
        let back = Catalog::parse_toml(&text).unwrap();
        assert_eq!(&back, c, "{}", c.meta.id);
    }
    let mut odd = Catalog::parse_toml(&file("")).unwrap();
    odd.meta.note_ja = "注記".into();
    odd.controls[0].title_en = "Quote \" backslash \\ tab\t newline\n".into();
    odd.controls[0].chapter = "1.2".into();
    assert_eq!(Catalog::parse_toml(&odd.to_toml()).unwrap(), odd);
}

#[test]
fn ordered_puts_parents_before_children() {
    // The child is listed before its parent and a second top-level entry in between.
    let text = file(&format!(
        "{}{}{}",
        control("B-1", "B", ""),
        control("A-1", "A", ""),
        control("B", "", "")
    ));
    let c = Catalog::parse_toml(&text).unwrap();
    let ids: Vec<&str> = c.ordered().iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["A", "A-1", "B", "B-1"]);
    for c in builtin_catalogs() {
        let ordered = c.ordered();
        assert_eq!(ordered.len(), c.controls.len());
        // The shipped files are already in reading order.
        assert!(ordered.iter().zip(&c.controls).all(|(a, b)| a.id == b.id));
    }
}

#[test]
fn ordered_and_depth_survive_a_hand_made_cycle() {
    let mut c = Catalog::parse_toml(&file(&control("A-1", "A", ""))).unwrap();
    c.controls[0].parent = "A-1".into();
    assert_eq!(c.ordered().len(), 2);
    assert!(c.depth("A") <= 2);
    assert_eq!(c.leaves().count(), 0);
}

#[test]
fn duplicate_id_is_named() {
    let e = errors(&file(&format!(
        "{}{}",
        control("A-1", "A", ""),
        control("A-1", "A", "")
    )));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].field, "controls[2].id");
    assert!(
        e[0].ja.contains("管理策 A-1 ") && e[0].ja.contains("2 番目"),
        "{}",
        e[0].ja
    );
    assert!(e[0].en.starts_with("Control A-1:"), "{}", e[0].en);
}

#[test]
fn unknown_parent_is_named() {
    let e = errors(&file(&control("A-1", "Q", "")));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].field, "controls[1].parent");
    assert_eq!(e[0].ja, "管理策 A-1 の親「Q」がこのカタログにありません。");
    assert_eq!(e[0].en, "Control A-1: parent \"Q\" is not in this catalog.");
}

#[test]
fn parent_cycle_is_named_for_each_member() {
    let e = errors(&file(&format!(
        "{}{}{}",
        control("X", "Y", ""),
        control("Y", "X", ""),
        control("Z", "Z", "")
    )));
    let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "controls[1].parent",
            "controls[2].parent",
            "controls[3].parent"
        ]
    );
    assert!(
        e.iter()
            .all(|e| e.ja.contains("循環") && e.en.contains("cycle"))
    );
}

#[test]
fn bad_refs_are_named() {
    let e = errors(&file(&control(
        "A-1",
        "A",
        r#""test:A", "no-colon", ":A", "test:", "test:A-1""#,
    )));
    let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "controls[1].refs[1]",
            "controls[1].refs[2]",
            "controls[1].refs[3]"
        ]
    );
    assert!(e[0].ja.contains("「no-colon」") && e[0].en.contains("catalog:control"));
}

#[test]
fn toml_syntax_error_gives_line_and_column() {
    let text = "[catalog]\nid = \"x\"\nname_ja = oops\n";
    let e = errors(text);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].field, "toml");
    assert!(
        e[0].ja.contains("3 行") && e[0].ja.contains("11 列"),
        "{}",
        e[0].ja
    );
    assert!(e[0].en.contains("line 3, column 11"), "{}", e[0].en);
}

#[test]
fn every_problem_is_collected() {
    let text = r#"
[catalog]
id = "bad id!"
name_ja = ""
name_en = "X"
version = " "

[[controls]]
id = ""
parent = ""
level = ""
title_ja = "題"
title_en = ""
category = "spiritual"
"#;
    let fields: Vec<String> = errors(text).into_iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            "catalog.id",
            "catalog.name_ja",
            "catalog.version",
            "controls[0].id",
            "controls[0].level",
            "controls[0].title_en",
            "controls[0].category",
        ]
    );
    let missing = errors("[[controls]]\nid = \"A\"\n");
    assert_eq!(missing[0].field, "catalog");
    let long = format!(
        "[catalog]\nid = \"{}\"\nname_ja=\"名\"\nname_en=\"n\"\nversion=\"1\"\nsource_ja=\"\"\nsource_en=\"\"\n",
        "a".repeat(65)
    );
    assert_eq!(errors(&long)[0].field, "catalog.id");
}

#[test]
fn empty_id_is_named_by_position() {
    let e = errors(&file(&control("", "A", "")));
    assert_eq!(e[0].field, "controls[1].id");
    assert!(e[0].ja.starts_with("2番目の管理策"), "{}", e[0].ja);
    assert!(e[0].en.starts_with("Control #2:"), "{}", e[0].en);
}

#[test]
fn category_codes_match_serde_and_parse_back() {
    for c in ControlCategory::ALL {
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            format!("\"{}\"", c.code())
        );
        assert_eq!(ControlCategory::parse(c.label_ja()).unwrap(), c);
    }
    for c in ThreatCategory::ALL {
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            format!("\"{}\"", c.code())
        );
        assert_eq!(ThreatCategory::parse(c.label_en()).unwrap(), c);
    }
    assert_eq!(ThreatCategory::Disaster.label_ja(), "災害");
    assert!(ControlCategory::parse("魔法").is_err());
}
