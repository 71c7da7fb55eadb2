use super::*;
use crate::error::Invalid;

fn mic2022() -> Scheme {
    Scheme::preset(Preset::Mic2022)
}

fn mic2024() -> Scheme {
    Scheme::preset(Preset::Mic2024)
}

fn fields(e: &Invalid) -> Vec<&str> {
    e.0.iter().map(|f| f.field.as_str()).collect()
}

#[test]
fn dimensions() {
    for d in Dimension::ALL {
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            format!("\"{}\"", d.code())
        );
        assert_eq!(Dimension::parse(d.code()).unwrap(), d);
        assert_eq!(Dimension::parse(d.label("ja")).unwrap(), d);
        assert_eq!(Dimension::parse(&d.label("en").to_uppercase()).unwrap(), d);
    }
    assert_eq!(Dimension::I.label("ja"), "完全性");
    assert!(Dimension::parse("真正性").is_err());
}

#[test]
fn presets_validate() {
    for p in Preset::ALL {
        let s = Scheme::preset(p);
        assert_eq!(s.validate(), Ok(()), "{p:?}");
        assert_eq!(s.preset, Some(p));
        assert_eq!(s.name, p.label("ja"));
        assert_eq!(Preset::parse(p.code()).unwrap(), p);
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            format!("\"{}\"", p.code())
        );
        // Every level of a shipped scheme explains itself in both languages.
        for d in Dimension::ALL {
            for l in &s.scale(d).levels {
                assert!(!l.definition_ja.is_empty() && !l.definition_en.is_empty());
            }
            assert!(!s.scale(d).highest().handling.is_empty(), "{p:?} {d:?}");
        }
    }
    assert_eq!(
        Preset::Mic2024.label("ja"),
        "総務省ガイドライン（令和6年版）"
    );
    assert!(
        Preset::parse("iso27001")
            .unwrap_err()
            .en
            .contains("mic2024")
    );
}

#[test]
fn preset_shapes() {
    let codes = |s: &Scheme, d| -> Vec<String> {
        s.scale(d).levels.iter().map(|l| l.code.clone()).collect()
    };
    assert_eq!(codes(&mic2022(), Dimension::C), ["1", "2", "3"]);
    assert_eq!(
        codes(&mic2024(), Dimension::C),
        ["1", "2", "3C", "3B", "3A"]
    );
    assert_eq!(mic2024().c.levels.len(), 5);
    for s in [mic2022(), mic2024()] {
        assert_eq!(codes(&s, Dimension::I), ["1", "2"]);
        assert_eq!(codes(&s, Dimension::A), ["1", "2"]);
    }
    let c = &mic2024().c;
    assert_eq!(c.highest().code, "3A");
    assert_eq!(c.lowest().code, "1");
    assert_eq!(c.by_rank(3).unwrap().code, "3C");
    assert_eq!(c.by_code("3B").unwrap().importance, 3);
    assert_eq!(c.by_code("2").unwrap().importance, 2);
    assert!(c.by_code("3b").is_none(), "stored codes are exact");
    assert!(c.by_rank(6).is_none());
    // 3A's rules go beyond 3B's.
    assert!(c.by_code("3A").unwrap().handling.len() > c.by_code("3B").unwrap().handling.len());
}

#[test]
fn level_parsing_mic2022() {
    let s = mic2022();
    for (input, code) in [
        ("3", "3"),
        ("３", "3"),
        (" 3 ", "3"),
        ("機密性3", "3"),
        ("機密性２", "2"),
        ("機密性 ３", "3"),
        ("機密性：3", "3"),
        ("C3", "3"),
        ("c-3", "3"),
        ("ｃ３", "3"),
        ("confidentiality 1", "1"),
        ("高", "3"),
        ("中", "2"),
        ("低", "1"),
        ("機密性高", "3"),
    ] {
        assert_eq!(
            s.parse_level(Dimension::C, input).unwrap().code,
            code,
            "{input}"
        );
    }
    assert_eq!(s.parse_level(Dimension::I, "高").unwrap().code, "2");
    assert_eq!(s.parse_level(Dimension::A, "可用性1").unwrap().code, "1");
    assert_eq!(s.parse_level(Dimension::I, "I-2").unwrap().code, "2");
    // A dimension's prefix is not read on another dimension's scale.
    assert!(s.parse_level(Dimension::I, "C2").is_err());
}

#[test]
fn level_parsing_mic2024() {
    let s = mic2024();
    for (input, code) in [
        ("3a", "3A"),
        ("３Ａ", "3A"),
        ("3B", "3B"),
        ("機密性3C", "3C"),
        ("C-3b", "3B"),
        ("中", "2"),
        ("低", "1"),
    ] {
        assert_eq!(
            s.parse_level(Dimension::C, input).unwrap().code,
            code,
            "{input}"
        );
    }
    // 高 and a bare 3 would each be a guess among 3A/3B/3C.
    assert!(s.parse_level(Dimension::C, "高").is_err());
    assert!(s.parse_level(Dimension::C, "3").is_err());
    assert_eq!(s.parse_level(Dimension::I, "高").unwrap().code, "2");
}

#[test]
fn unknown_level_names_the_dimension_and_the_codes() {
    let p = mic2022().parse_level(Dimension::C, "4").unwrap_err();
    assert!(p.ja.contains("「4」") && p.ja.contains("機密性"), "{p}");
    assert!(p.ja.contains("3、2、1"), "{p}");
    assert!(
        p.en.contains("confidentiality") && p.en.contains("3, 2, 1"),
        "{p}"
    );
    let p = mic2024().parse_level(Dimension::C, "4").unwrap_err();
    assert!(p.en.contains("3A, 3B, 3C, 2, 1"), "{p}");
    let p = mic2022().parse_level(Dimension::A, "").unwrap_err();
    assert!(p.ja.contains("可用性") && p.en.contains("empty"), "{p}");
}

#[test]
fn importance() {
    let s = mic2024();
    let c = |code| s.c.by_code(code).unwrap();
    let i = |code| s.i.by_code(code).unwrap();
    let a = |code| s.a.by_code(code).unwrap();
    assert_eq!(s.importance(c("3B"), i("1"), a("1")), 3);
    assert_eq!(s.importance(c("1"), i("2"), a("1")), 2);
    assert_eq!(s.importance(c("1"), i("1"), a("1")), 1);
    let mut summed = s.clone();
    summed.importance_rule = ImportanceRule::Sum;
    assert_eq!(summed.importance(c("1"), i("1"), a("1")), 1);
    assert_eq!(summed.importance(c("2"), i("2"), a("1")), 2);
    assert_eq!(summed.importance(c("3A"), i("1"), a("1")), 2);
    assert_eq!(summed.importance(c("3A"), i("2"), a("2")), 3);
    assert_eq!(ImportanceRule::default(), ImportanceRule::Highest);
    // Out-of-range importances of an unvalidated scheme still give 1..=3.
    assert_eq!(ImportanceRule::Highest.combine(0, 0, 9), 3);
    assert_eq!(ImportanceRule::Sum.combine(0, 0, 0), 1);
    assert_eq!(ImportanceRule::Sum.combine(9, 9, 9), 3);
}

#[test]
fn handling_for_known_codes() {
    let s = mic2024();
    let h = s.handling_for("3B", "2", "1");
    let got: Vec<(Dimension, &str)> = h.iter().map(|(d, l)| (*d, l.code.as_str())).collect();
    assert_eq!(
        got,
        [
            (Dimension::C, "3B"),
            (Dimension::I, "2"),
            (Dimension::A, "1")
        ]
    );
    assert!(h[0].1.handling.iter().any(|r| r.ja.contains("暗号化")));
    let h = s.handling_for("3", "", "2");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].0, Dimension::A);
}

#[test]
fn validation_reports_every_problem_by_field() {
    let mut s = mic2024();
    s.name = " ".into();
    s.c.levels[1].code = "3a".into(); // same as 3A, ignoring case
    s.c.levels[2].rank = 7;
    s.c.levels[3].importance = 2; // falls after 3C's 3
    s.i.levels[0].label_en = String::new();
    s.a.levels.truncate(1);
    s.i.levels[1].aliases.push("低".into()); // already names integrity 1
    s.c.levels[0]
        .handling
        .push(HandlingRule::new("", "only English"));
    let e = s.validate().unwrap_err();
    let f = fields(&e);
    for expected in [
        "name",
        "c.levels[4].code",
        "c.levels[2].rank",
        "c.levels[3].importance",
        "i.levels[0].label_en",
        "a.levels",
        "i.levels[1].aliases[1]",
        "c.levels[0].handling[1]",
    ] {
        assert!(f.contains(&expected), "{expected} missing from {f:?}");
    }
    for err in &e.0 {
        assert!(!err.ja.is_empty() && !err.en.is_empty());
    }
    let mut s = mic2022();
    s.c.levels[0].importance = 0;
    s.c.levels[2].code = String::new();
    s.i.levels[1].code = "2 b".into();
    let f = e_fields(s.validate());
    assert!(f.contains(&"c.levels[0].importance".to_owned()), "{f:?}");
    assert!(f.contains(&"c.levels[2].code".to_owned()), "{f:?}");
    assert!(f.contains(&"i.levels[1].code".to_owned()), "{f:?}");
    let mut s = mic2022();
    s.c.levels = (0..10)
        .map(|k| {
            let mut l = mic2022().c.levels[0].clone();
            l.code = k.to_string();
            l.rank = k + 1;
            l.label_ja = format!("区分{k}");
            l.label_en = format!("Level {k}");
            l.aliases.clear();
            l
        })
        .collect();
    assert_eq!(e_fields(s.validate()), ["c.levels"]);
}

fn e_fields(r: Result<(), Invalid>) -> Vec<String> {
    r.unwrap_err().0.into_iter().map(|f| f.field).collect()
}

#[test]
fn highest_of_an_empty_scale_does_not_fail() {
    let empty = Scale { levels: vec![] };
    assert_eq!(empty.highest().rank, 0);
    assert!(empty.highest().code.is_empty());
    assert!(empty.parse_level(Dimension::C, "1").is_err());
}

#[test]
fn default_mapping_2022_to_2024() {
    let (old, new) = (mic2022(), mic2024());
    let m = old.default_mapping(&new);
    assert_eq!(m.get(Dimension::C, "3"), Some("3A"));
    assert_eq!(m.get(Dimension::C, "2"), Some("2"));
    assert_eq!(m.get(Dimension::C, "1"), Some("1"));
    assert_eq!(m.get(Dimension::I, "2"), Some("2"));
    assert_eq!(m.get(Dimension::A, "1"), Some("1"));
    assert_eq!(m.get(Dimension::C, "9"), None);
    assert_eq!(m.check(&old, &new), Ok(()));
    for d in Dimension::ALL {
        for l in &old.scale(d).levels {
            let to = new.scale(d).by_code(m.get(d, &l.code).unwrap()).unwrap();
            assert!(to.importance >= l.importance, "{d:?} {}", l.code);
        }
    }
    // Back again: every 3x becomes 3, nothing lower.
    let back = new.default_mapping(&old);
    for code in ["3A", "3B", "3C"] {
        assert_eq!(back.get(Dimension::C, code), Some("3"));
    }
    assert_eq!(back.check(&new, &old), Ok(()));
}

#[test]
fn default_mapping_goes_up_when_the_importance_is_missing() {
    let old = mic2024();
    let mut new = mic2022();
    // A target integrity scale without importance 1: its lowest level counts 2.
    new.i.levels[0].importance = 2;
    let m = old.default_mapping(&new);
    assert_eq!(m.get(Dimension::I, "1"), Some("2"));
    // A target without anything as important: the highest level.
    new.c.levels.iter_mut().for_each(|l| l.importance = 1);
    let m = old.default_mapping(&new);
    assert_eq!(m.get(Dimension::C, "3A"), Some("3"));
    assert_eq!(m.get(Dimension::C, "2"), Some("3"));
}

#[test]
fn mapping_check_names_what_is_wrong() {
    let (old, new) = (mic2022(), mic2024());
    let mut m = old.default_mapping(&new);
    m.c.remove("2");
    m.c.insert("3".into(), "4".into());
    m.i.insert("9".into(), "2".into());
    let e = m.check(&old, &new).unwrap_err();
    assert_eq!(fields(&e), ["c.2", "c.3", "i.9"]);
    assert!(
        e.0[1].en.contains("\"4\"") && e.0[1].ja.contains("3A"),
        "{e}"
    );
}

#[test]
fn schemes_round_trip_through_json() {
    let s = mic2024();
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<Scheme>(&json).unwrap(), s);
    // Aliases and handling may be left out of a hand-written level.
    let level: Level = serde_json::from_str(
        r#"{"code":"1","rank":1,"importance":1,"label_ja":"低","label_en":"Low","definition_ja":"","definition_en":""}"#,
    )
    .unwrap();
    assert!(level.aliases.is_empty() && level.handling.is_empty());
}

fn ipa() -> Scheme {
    Scheme::preset(Preset::Ipa)
}

#[test]
fn ipa_preset_shape_and_parsing() {
    let s = ipa();
    assert_eq!(s.validate(), Ok(()));
    assert_eq!(Preset::parse("ipa").unwrap(), Preset::Ipa);
    assert_eq!(Preset::parse("ＩＰＡ").unwrap(), Preset::Ipa);
    assert_eq!(
        Preset::parse("IPA three-level rating").unwrap(),
        Preset::Ipa
    );
    assert_eq!(
        s.name,
        "IPA 3段階評価（中小企業の情報セキュリティ対策ガイドライン）"
    );
    for d in Dimension::ALL {
        let scale = s.scale(d);
        let codes: Vec<&str> = scale.levels.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["1", "2", "3"], "{d:?}");
        for l in &scale.levels {
            assert_eq!(l.code.parse::<u8>().unwrap(), l.importance);
            assert!(!l.handling.is_empty(), "{d:?} {}", l.code);
        }
        for (alias, code) in [("高", "3"), ("中", "2"), ("低", "1")] {
            assert_eq!(s.parse_level(d, alias).unwrap().code, code, "{d:?} {alias}");
        }
    }
    // Unlike MIC 2024, a bare 3 is unambiguous here, on every scale.
    assert_eq!(s.parse_level(Dimension::I, "3").unwrap().code, "3");
    assert_eq!(s.parse_level(Dimension::I, "完全性３").unwrap().code, "3");
    assert_eq!(s.parse_level(Dimension::C, "C-3").unwrap().code, "3");
    // The middle steps get part of what the top step gets, in the same words.
    for scale in [&s.i, &s.a] {
        let top = &scale.by_code("3").unwrap().handling;
        let middle = &scale.by_code("2").unwrap().handling;
        assert!(middle.len() < top.len());
        assert!(middle.iter().all(|r| top.contains(r)));
    }
    assert_eq!(
        s.c.by_code("3").unwrap().handling,
        mic2022().c.by_code("3").unwrap().handling
    );
}

#[test]
fn ipa_importance_is_the_highest_dimension() {
    let s = ipa();
    let l = |d, code| s.level(d, code).unwrap();
    let imp = |c, i, a| s.importance(l(Dimension::C, c), l(Dimension::I, i), l(Dimension::A, a));
    assert_eq!(imp("1", "3", "1"), 3);
    assert_eq!(imp("2", "1", "1"), 2);
    assert_eq!(imp("1", "1", "1"), 1);
    assert_eq!(imp("2", "2", "3"), 3);
}

#[test]
fn splitting_the_rule_groups_left_mic_unchanged() {
    // MIC's top integrity and availability levels still get all three rules each,
    // in the order they always had.
    for s in [mic2022(), mic2024()] {
        let i = &s.i.by_code("2").unwrap().handling;
        assert_eq!(i.len(), 3);
        assert!(i[0].ja.starts_with("変更は権限") && i[2].ja.starts_with("変更したとき"));
        let a = &s.a.by_code("2").unwrap().handling;
        assert_eq!(a.len(), 3);
        assert!(a[0].ja.starts_with("バックアップ") && a[2].ja.starts_with("止まったとき"));
    }
}

#[test]
fn default_mapping_ipa_to_mic2024_never_lowers_what_mic_can_express() {
    let (old, new) = (ipa(), mic2024());
    let m = old.default_mapping(&new);
    assert_eq!(m.check(&old, &new), Ok(()));
    assert_eq!(m.get(Dimension::C, "3"), Some("3A"));
    assert_eq!(m.get(Dimension::C, "2"), Some("2"));
    assert_eq!(m.get(Dimension::C, "1"), Some("1"));
    // MIC's integrity and availability stop at importance 2, so IPA's 3 goes to the
    // top of those scales: as high as MIC can say, never a lower step.
    assert_eq!(m.get(Dimension::I, "3"), Some("2"));
    assert_eq!(m.get(Dimension::A, "3"), Some("2"));
    for d in Dimension::ALL {
        let ceiling = new.scale(d).highest().importance;
        for l in &old.scale(d).levels {
            let to = new.scale(d).by_code(m.get(d, &l.code).unwrap()).unwrap();
            assert!(
                to.importance >= l.importance.min(ceiling),
                "{d:?} {} → {}",
                l.code,
                to.code
            );
        }
    }
    // The same holds for an asset's overall importance, for every combination.
    let codes = ["1", "2", "3"];
    for c in codes {
        for i in codes {
            for a in codes {
                let before = old.importance(
                    old.level(Dimension::C, c).unwrap(),
                    old.level(Dimension::I, i).unwrap(),
                    old.level(Dimension::A, a).unwrap(),
                );
                let after = new.importance(
                    new.level(Dimension::C, m.get(Dimension::C, c).unwrap())
                        .unwrap(),
                    new.level(Dimension::I, m.get(Dimension::I, i).unwrap())
                        .unwrap(),
                    new.level(Dimension::A, m.get(Dimension::A, a).unwrap())
                        .unwrap(),
                );
                // Only confidentiality reaches 3 under MIC.
                let reachable = if c == "3" { before } else { before.min(2) };
                assert!(after >= reachable, "({c},{i},{a}): {before} → {after}");
            }
        }
    }
}
