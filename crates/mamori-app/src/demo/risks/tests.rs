//! Tests of the risk loader: its pure parts (the PDF builder, the residual risk it
//! settles on) and a whole demo load, checked through the same queries the pages use.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

use mamori_domain::risk::{RiskStatus, Stage, Standing};

use super::judgement::{ipa, within_tolerance};
use super::pdf::pdf;
use crate::authz::Actor;
use crate::clock::SeededRandom;
use crate::controls::ControlQuery;
use crate::risks::{RiskQuery, RiskView};
use crate::{App, AppConfig, FixedClock, Store};

#[test]
fn the_pdf_evidence_is_a_pdf_with_a_cross_reference_table() {
    let b = pdf(&["証跡", "テスト"]);
    assert!(b.starts_with(b"%PDF-1.4") && b.ends_with(b"%%EOF\n"));
    let text = String::from_utf8_lossy(&b);
    let at: usize = text
        .rsplit("startxref\n")
        .next()
        .and_then(|s| s.lines().next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    assert!(b[at..].starts_with(b"xref"));
    assert_eq!(
        mamori_domain::evidence::classify("a.pdf", &b).unwrap(),
        mamori_domain::evidence::EvidenceType::Pdf
    );
}

#[test]
fn residual_risk_within_tolerance_keeps_what_it_can() {
    assert_eq!(within_tolerance(3, 3, 3), ipa(3, 1, 1));
    assert_eq!(within_tolerance(2, 2, 2), ipa(2, 1, 2));
    assert_eq!(within_tolerance(1, 3, 3), ipa(1, 2, 2));
}

#[tokio::test]
async fn the_demo_loads_a_year_of_risk_work() {
    let dir = tempfile::tempdir().unwrap();
    let url = mamori_store::sqlite_url_for_dir(dir.path()).unwrap();
    let store = Store::open(&url, 4).await.unwrap();
    let clock = Arc::new(FixedClock::new("2026-10-01T00:00:00Z".parse().unwrap()));
    let random = Arc::new(SeededRandom::new(7));
    let app = App::new(store, clock, random, AppConfig::default());
    let started = Instant::now();
    app.load_demo(42, None, "cli:test").await.unwrap();
    let elapsed = started.elapsed();

    let conn = app.store.conn();
    let org = mamori_store::orgs::all(conn).await.unwrap().remove(0);
    let actor = Actor::cli(org.id, "test");
    let all = app.all_risks(&actor, &RiskQuery::default()).await.unwrap();
    assert!((120..=180).contains(&all.len()), "{}", all.len());

    let campaigns = app.campaigns(&actor).await.unwrap();
    let closed: Vec<_> = campaigns.iter().filter(|c| c.status == "closed").collect();
    let open: Vec<_> = campaigns.iter().filter(|c| c.status == "open").collect();
    assert_eq!((closed.len(), open.len()), (1, 1));
    let snap = closed[0].snapshot.as_ref().unwrap();
    assert!(snap.total > 0);
    assert_eq!(closed[0].fiscal_year, 2025);
    assert!(closed[0].closed_on.is_some_and(|d| d < app.today()));
    assert_eq!(app.campaign_trend(&actor).await.unwrap().len(), 1);

    let count = |f: &dyn Fn(&RiskView) -> bool| all.iter().filter(|r| f(r)).count();
    let review = count(&|r| r.standing == Standing::Review);
    let closed_accepted = count(&|r| r.status == RiskStatus::Closed && r.acceptance.is_some());
    let drafts = count(&|r| r.standing == Standing::Draft);
    let open_risks = count(&|r| r.standing == Standing::Open);
    let closed_risks = count(&|r| r.standing == Standing::Closed);
    assert!(
        review > 0 && closed_accepted > 0 && drafts > 0 && open_risks > 0,
        "review {review} closed with acceptance {closed_accepted} drafts {drafts} open {open_risks} closed {closed_risks} of {}",
        all.len()
    );
    assert!(closed_risks > all.len() / 3, "{closed_risks}");
    let lapsed = count(&|r| {
        r.acceptance
            .as_ref()
            .is_some_and(|a| a.expired(app.today()))
    });
    assert!(lapsed > 0);

    let residual = count(&|r| r.residual.is_some());
    let heat = app
        .risk_heatmap(&actor, &RiskQuery::default(), Stage::Residual)
        .await
        .unwrap();
    assert_eq!(heat.map.total(), residual as u64);
    assert!(residual > 0);

    let controls = app
        .applied_controls(&actor, &ControlQuery::default())
        .await
        .unwrap();
    assert!(controls.len() >= 20, "{}", controls.len());
    let evidence: Vec<_> = controls.iter().flat_map(|c| &c.evidence).collect();
    assert!(evidence.len() >= 8, "{}", evidence.len());
    for e in &evidence {
        let file = app.evidence_file(&actor, e.id).await.unwrap();
        assert_eq!(e.sha256.len(), 64);
        assert_eq!(
            mamori_domain::evidence::sha256_hex(&file.body),
            e.sha256,
            "{}",
            e.file_name
        );
    }
    assert!(evidence.iter().filter(|e| e.stale).count() >= 2);
    let statuses: BTreeSet<String> = controls
        .iter()
        .map(|c| c.status.code().to_owned())
        .collect();
    assert!(statuses.len() >= 4, "{statuses:?}");
    let linked = app.applied_control(&actor, controls[0].id).await.unwrap();
    assert!(!linked.risks.is_empty() && !linked.implements.is_empty());

    let soa = app.soa(&actor, "basic-policy").await.unwrap();
    assert_eq!(soa.undecided, 0);
    assert_eq!(
        soa.versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [1]
    );
    let mic = app.soa(&actor, "mic-guideline").await.unwrap();
    assert!(mic.undecided > 0 && mic.applicable > 0 && mic.not_applicable > 0);
    assert!(mic.versions.is_empty());

    println!(
        "risks {} (draft {drafts}, open {open_risks}, closed {closed_risks}, review {review}; \
         closed with acceptance {closed_accepted}, lapsed {lapsed}); residual evaluated {residual}; \
         snapshot total {}; controls {} {statuses:?}; evidence {}; basic-policy SoA {} rows; \
         mic SoA {}/{} decided; load_demo {elapsed:?}",
        all.len(),
        snap.total,
        controls.len(),
        evidence.len(),
        soa.rows.len(),
        mic.applicable + mic.not_applicable,
        mic.rows.len(),
    );
}
