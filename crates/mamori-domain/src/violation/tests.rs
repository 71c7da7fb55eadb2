#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;

use super::*;

#[test]
fn negligence_with_minor_impact_recommends_caution_and_intent_a_report() {
    let g = Guidance::default();
    assert_eq!(
        g.recommend(Culpability::Negligence, Impact::Minor),
        [Measure::Caution]
    );
    assert!(
        g.recommend(Culpability::Intent, Impact::Minor)
            .contains(&Measure::ReportToAppointer)
    );
    assert!(
        !g.recommend(Culpability::Negligence, Impact::Significant)
            .contains(&Measure::ReportToAppointer)
    );
    assert!(g.check().is_ok());
}

#[test]
fn an_edited_table_missing_a_line_or_a_measure_is_refused_naming_it() {
    let mut g = Guidance::default();
    g.rows
        .retain(|r| !(r.culpability == Culpability::Intent && r.impact == Impact::Serious));
    let p = g.check().unwrap_err();
    assert!(
        p.ja.contains("故意×深刻") && p.en.contains("Intent × Serious"),
        "{p}"
    );
    let mut g = Guidance::default();
    g.rows[0].measures.clear();
    assert!(g.check().unwrap_err().en.contains("recommends nothing"));
}

#[test]
fn unknown_levels_are_refused_with_the_choices() {
    let p = Culpability::parse("maybe").unwrap_err();
    assert!(p.ja.contains("過失") && p.ja.contains("故意"), "{p}");
    assert_eq!(
        Culpability::parse("重過失").unwrap(),
        Culpability::GrossNegligence
    );
    let p = Impact::parse("huge").unwrap_err();
    assert!(p.en.contains("Serious"), "{p}");
}

#[test]
fn the_assets_involved_set_a_floor_on_the_impact() {
    assert_eq!(impact_floor(false, false, true), Impact::Significant);
    assert_eq!(impact_floor(true, false, false), Impact::Minor);
    assert_eq!(impact_floor(false, true, false), Impact::Minor);
    assert_eq!(impact_floor(false, false, false), Impact::None);
}

#[test]
fn settings_keep_department_officers_out_and_bound_the_retention() {
    let s = Settings::default();
    assert!(s.check().is_empty());
    assert!(!s.readers.contains(&Role::DeptOfficer));
    let bad = Settings {
        readers: vec![Role::DeptOfficer],
        retention_years: 0,
        ..Settings::default()
    };
    let fields: Vec<_> = bad.check().iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["readers", "retention_years"]);
}

#[test]
fn a_record_may_be_purged_after_its_retention() {
    let d = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    assert_eq!(
        purge_from(d, 5),
        NaiveDate::from_ymd_opt(2031, 3, 31).unwrap()
    );
    assert_eq!(code(3), "VIO-0003");
}

#[test]
fn codes_match_serde() {
    for c in Culpability::ALL {
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            format!("\"{}\"", c.code())
        );
    }
    for m in Measure::ALL {
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            format!("\"{}\"", m.code())
        );
    }
}
