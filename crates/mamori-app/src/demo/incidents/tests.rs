#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use mamori_domain::incident::State;

use crate::clock::SeededRandom;
use crate::incidents::IncidentQuery;
use crate::{Actor, App, AppConfig, FixedClock, PageRequest, Store};

#[tokio::test]
async fn the_demo_year_of_incidents_is_there_to_explore() {
    let dir = tempfile::tempdir().unwrap();
    let url = mamori_store::sqlite_url_for_dir(dir.path()).unwrap();
    let store = Store::open(&url, 4).await.unwrap();
    let clock = Arc::new(FixedClock::new("2026-12-06T00:30:00Z".parse().unwrap()));
    let app = App::new(
        store,
        clock,
        Arc::new(SeededRandom::new(7)),
        AppConfig::default(),
    );
    app.load_demo(42, None, "cli:test").await.unwrap();
    let org = mamori_store::orgs::all(app.store.conn())
        .await
        .unwrap()
        .remove(0);
    let cli = Actor::cli(org.id, "test");
    let rows = app
        .incidents(
            &cli,
            &IncidentQuery::default(),
            PageRequest::new(None, Some(50)),
        )
        .await
        .unwrap()
        .items;
    // Nine of the incident diary, and the USB memory this inventory could not find.
    assert_eq!(rows.len(), 10);
    let find = |part: &str| rows.iter().find(|r| r.title.contains(part)).unwrap().id;

    let mail = app.incident_detail(&cli, find("健診結果")).await.unwrap();
    assert_eq!(mail.state, State::Closed);
    let b = mail.breach.unwrap();
    assert!(b.required, "120 residents' health data: report required");
    let filed: Vec<_> = b.submissions.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(filed, ["preliminary", "final"]);
    let final_on = b.submissions[1].submitted_on.unwrap();
    assert!(final_on <= b.final_due.unwrap(), "the 確報 on time");
    assert_eq!(mail.prevention.len(), 1, "the cause changed a risk");

    let usb = app
        .incident_detail(&cli, find("USB メモリを紛失"))
        .await
        .unwrap();
    let b = usb.breach.unwrap();
    assert!(
        !b.required && b.reasons_ja.contains("暗号"),
        "{}",
        b.reasons_ja
    );

    let drill = app
        .incident_detail(&cli, find("不審なメール"))
        .await
        .unwrap();
    assert_eq!(drill.state, State::FalseAlarm);

    let ransomware = app.incident_detail(&cli, find("Ransomware")).await.unwrap();
    assert_eq!(
        ransomware.reporter.as_deref(),
        Some("監視: 本庁舎ファイアウォール")
    );
    assert_eq!(ransomware.events_total, 1);
    let contained = ransomware.contained_at.unwrap() - ransomware.known_at;
    assert!(
        contained < chrono::Duration::hours(6),
        "contained the same day"
    );
    assert_eq!(ransomware.state, State::Closed);

    let fax = app.incident_detail(&cli, find("FAX")).await.unwrap();
    assert!(fax.state.is_open());
    assert_eq!(
        fax.breach.unwrap().final_days_left,
        Some(5),
        "確報 due in five days"
    );

    let summary = app.incident_summary(&cli).await.unwrap().unwrap();
    assert_eq!(summary.clocks.len(), 1, "{:?}", summary.clocks);
    let stats = app.incident_statistics(&cli, Some(2026)).await.unwrap();
    assert_eq!(
        stats.total, 8,
        "fiscal 2026: all but March's and the drill (a false alarm), with the inventory's missing USB memory"
    );
    assert!(stats.median_contain_hours.is_some());
}
