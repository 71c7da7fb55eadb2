//! Tests of the demo register generator.

#![allow(clippy::unwrap_used)]

use std::collections::HashSet;

use super::*;

fn register(seed: u64) -> Vec<DemoAsset> {
    generate_assets(&super::super::generate(seed), seed, ymd(2026, 10, 1))
}

fn kind(a: &DemoAsset) -> AssetKind {
    AssetKind::parse(&a.input.kind).unwrap()
}

#[test]
fn deterministic_for_a_seed() {
    assert_eq!(register(7), register(7));
    assert_ne!(register(7), register(8));
    assert_eq!(register_file(&register(7)), register_file(&register(7)));
}

#[test]
fn about_500_assets_of_every_kind_numbered_by_kind() {
    let r = register(1);
    assert!((450..=550).contains(&r.len()), "{} assets", r.len());
    for k in AssetKind::ALL {
        assert!(r.iter().filter(|a| kind(a) == k).count() >= 10, "{k:?}");
    }
    let numbers: HashSet<&str> = r.iter().map(|a| a.input.number.as_str()).collect();
    assert_eq!(numbers.len(), r.len(), "numbers repeat");
    for a in &r {
        let n = AssetNumber::parse(&a.input.number).unwrap();
        let prefix = match kind(a) {
            AssetKind::Facility => "F-",
            AssetKind::Network => "N-",
            AssetKind::Hardware => "H-",
            AssetKind::Software => "S-",
            _ => "A-",
        };
        assert!(n.as_str().starts_with(prefix), "{n}");
        assert_eq!(kind(a).is_data(), n.sequence().is_some(), "{n}");
    }
    assert!(numbers.contains("F-001") && numbers.contains("N-01"));
    assert!(numbers.contains("H-0001") && numbers.contains("S-001"));
    assert!(numbers.contains("A-000001"));
}

#[test]
fn every_relation_target_exists_and_fits() {
    let r = register(3);
    let kinds: HashMap<&str, AssetKind> = r
        .iter()
        .map(|a| (a.input.number.as_str(), kind(a)))
        .collect();
    let mut edges = 0;
    for a in &r {
        for (rel, to) in &a.relations {
            let target = kinds.get(to.as_str());
            assert!(target.is_some(), "{} → {to}", a.input.number);
            let target = target.copied().unwrap();
            assert!(
                rel.allows(kind(a), target),
                "{} {rel:?} {to}",
                a.input.number
            );
            edges += 1;
        }
        let disposed = a.input.status == AssetStatus::Disposed.code();
        // Everything still held is kept somewhere; what is gone sits nowhere.
        if kind(a).is_data() {
            assert_eq!(a.relations.is_empty(), disposed, "{}", a.input.name);
        }
        if disposed {
            assert!(a.relations.is_empty() && a.input.review_on.is_empty());
        }
    }
    assert!(edges > 400, "{edges}");
}

#[test]
fn departments_owners_and_levels_are_the_citys() {
    let city = super::super::generate(5);
    let r = generate_assets(&city, 5, ymd(2026, 10, 1));
    let staff: HashMap<&str, &str> = city
        .staff
        .iter()
        .map(|s| (s.employee_number.as_str(), s.department_code.as_str()))
        .collect();
    let scheme = Scheme::preset(Preset::Mic2024);
    for a in &r {
        let i = &a.input;
        let dept = city
            .departments
            .iter()
            .find(|d| i.department.rsplit('/').next() == Some(d.name.as_str()));
        let dept = dept.map(|d| d.code.as_str()).unwrap_or("none");
        assert_eq!(staff.get(i.owner.as_str()), Some(&dept), "{}", i.name);
        for (d, code) in [
            (Dimension::C, &i.c),
            (Dimension::I, &i.i),
            (Dimension::A, &i.a),
        ] {
            assert!(scheme.level(d, code).is_some(), "{} {d:?} {code}", i.name);
        }
        let personal = PersonalDataKind::parse(&i.personal_data).unwrap();
        assert!(kind(a).is_data() || personal == PersonalDataKind::None);
        if personal == PersonalDataKind::MyNumber {
            assert_eq!(i.c, "3B", "{}", i.name);
        }
    }
    assert!(city.departments.iter().any(|d| d.code == "310"));
    assert!(r.iter().any(|a| a.input.department == "市民生活部/市民課"));
    let overdue = r.iter().filter(|a| {
        let review = a.input.review_on.as_str();
        !review.is_empty() && review < "2026-10-01"
    });
    assert!(overdue.count() > 20);
    for status in [AssetStatus::Retired, AssetStatus::Disposed] {
        assert!(
            r.iter().any(|a| a.input.status == status.code()),
            "{status:?}"
        );
    }
    assert!(r.iter().any(|a| a.input.c == "3A") && r.iter().any(|a| a.input.c == "1"));
}

#[test]
fn the_file_has_the_importers_columns() {
    let bytes = register_file(&register(2));
    let text = String::from_utf8(bytes).unwrap();
    let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert_eq!(header, export_headers().join(","));
    assert!(
        text.contains("保存先:S-001"),
        "relations are written by label"
    );
}
