//! The risk register's and controls' queries on SQLite and PostgreSQL: where a risk
//! stands (review is worked out from dates in SQL), heat-map cells, text search that
//! treats wildcards as text, tenancy, evidence bodies, catalogs and SoA entries.

use crate::common::{new_org, stores, t};
use chrono::NaiveDate;
use mamori_store::entity::{applied_control, catalog, evidence, risk, soa_entry};
use mamori_store::risks::{RiskFilter, StageCols, StandingFilter};
use mamori_store::{PageRequest, Store};
use uuid::Uuid;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A risk with a residual evaluation in cell (x, y) at `level`.
fn risk(
    org_id: Uuid,
    n: i64,
    title: &str,
    status: &str,
    cell: (i16, i16),
    level: i16,
) -> risk::Model {
    let none = None;
    risk::Model {
        id: Uuid::now_v7(),
        org_id,
        number: format!("R-{n:04}"),
        number_seq: Some(n),
        title: title.into(),
        description: String::new(),
        department_id: None,
        asset_group: String::new(),
        threat_id: None,
        vulnerability_id: None,
        inherent_f1: none,
        inherent_f2: none,
        inherent_f3: none,
        inherent_score: none,
        inherent_level: none,
        inherent_x: none,
        inherent_y: none,
        current_f1: none,
        current_f2: none,
        current_f3: none,
        current_score: none,
        current_level: none,
        current_x: none,
        current_y: none,
        residual_f1: Some(cell.0),
        residual_f2: Some(1),
        residual_f3: Some(cell.1),
        residual_score: Some(cell.0 * cell.1),
        residual_level: Some(level),
        residual_x: Some(cell.0),
        residual_y: Some(cell.1),
        treatment: Some("reduce".into()),
        treatment_note: String::new(),
        status: status.into(),
        owner_staff_id: None,
        due_on: None,
        review_on: None,
        campaign_id: None,
        accepted_by: String::new(),
        accepted_on: None,
        acceptance_reason: String::new(),
        acceptance_expires_on: None,
        search_key: String::new(),
        created_at: t("2026-04-01T00:00:00Z"),
        updated_at: t("2026-04-01T00:00:00Z"),
    }
}

async fn insert(store: &Store, rows: Vec<risk::Model>) {
    let tx = store.begin_write().await.unwrap();
    mamori_store::risks::insert_many(&*tx, rows).await.unwrap();
    tx.commit().await.unwrap();
}

async fn numbers(store: &Store, org: Uuid, f: &RiskFilter) -> Vec<String> {
    mamori_store::risks::list(store.conn(), org, f, PageRequest::new(None, Some(200)))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|r| r.number)
        .collect()
}

#[tokio::test]
async fn standing_cells_and_text_filter_in_sql_within_the_organization() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let today = d("2026-10-01");
        let mut lapsed = risk(org, 1, "受容期限切れ", "closed", (3, 6), 2);
        lapsed.acceptance_expires_on = Some(d("2026-09-30"));
        let mut held = risk(org, 2, "受容中", "closed", (3, 6), 2);
        held.acceptance_expires_on = Some(d("2026-10-01"));
        let mut overdue = risk(org, 3, "見直し日超過", "closed", (1, 1), 0);
        overdue.review_on = Some(d("2026-09-01"));
        let open = risk(org, 4, "対応中 100%", "open", (3, 6), 2);
        let draft = risk(org, 5, "下書き", "draft", (2, 4), 1);
        insert(
            &store,
            vec![
                lapsed,
                held,
                overdue,
                open,
                draft,
                risk(other, 1, "他団体", "open", (3, 6), 2),
            ],
        )
        .await;

        let mut f = RiskFilter::new(today);
        let standing = |s| {
            let mut f = RiskFilter::new(today);
            f.standing = Some(s);
            f
        };
        assert_eq!(
            numbers(&store, org, &standing(StandingFilter::Review)).await,
            ["R-0001", "R-0003"],
            "[{name}]"
        );
        assert_eq!(
            numbers(&store, org, &standing(StandingFilter::Closed)).await,
            ["R-0002"],
            "[{name}]"
        );
        assert_eq!(
            numbers(&store, org, &standing(StandingFilter::Active)).await,
            ["R-0001", "R-0003", "R-0004", "R-0005"],
            "[{name}]"
        );

        // Cells count per organization, and a cell selects exactly its risks.
        f.stage = StageCols::Residual;
        let cells = mamori_store::risks::cell_counts(store.conn(), org, &f)
            .await
            .unwrap();
        assert_eq!(cells.get(&(3, 6)), Some(&3), "[{name}] {cells:?}");
        f.cell = Some((3, 6));
        assert_eq!(
            numbers(&store, org, &f).await,
            ["R-0001", "R-0002", "R-0004"]
        );
        f.cell = None;
        f.above = Some(1);
        assert_eq!(numbers(&store, org, &f).await.len(), 3);

        // A typed % is a percent sign, not a wildcard.
        let mut q = RiskFilter::new(today);
        q.q = Some("100%".into());
        assert_eq!(numbers(&store, org, &q).await, ["R-0004"], "[{name}]");
        q.q = Some("%".into());
        assert_eq!(numbers(&store, org, &q).await, ["R-0004"], "[{name}]");
        assert_eq!(
            mamori_store::risks::max_seq(store.conn(), org)
                .await
                .unwrap(),
            5
        );
    }
}

/// The register's search as a user types it: folded as the app folds it.
fn searching(today: NaiveDate, typed: &str) -> RiskFilter {
    let mut f = RiskFilter::new(today);
    f.q = mamori_domain::text::search_query(typed).unwrap();
    f
}

#[tokio::test]
async fn japanese_search_finds_substrings_of_any_length_and_follows_every_write() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let today = d("2026-10-01");
        let mut desc = risk(org, 3, "税務システム障害", "open", (1, 1), 0);
        desc.description = "課税台帳が参照できない".into();
        let mut group = risk(org, 4, "サーバ室の浸水", "open", (1, 1), 0);
        group.asset_group = "住民記録系サーバ一式".into();
        insert(
            &store,
            vec![
                risk(org, 1, "住民基本台帳データの誤送信", "open", (1, 1), 0),
                risk(org, 2, "ｳｲﾙｽ感染（ＵＳＢメモリ）", "open", (1, 1), 0),
                desc,
                group,
                risk(other, 1, "住民基本台帳データの誤送信", "open", (1, 1), 0),
            ],
        )
        .await;
        let found = |typed: &'static str| {
            let store = &store;
            async move { numbers(store, org, &searching(today, typed)).await }
        };
        // Three characters and more use the trigram index; one and two scan.
        assert_eq!(found("誤送信").await, ["R-0001"], "[{name}]");
        assert_eq!(found("税").await, ["R-0003"], "[{name}] one character");
        assert_eq!(found("住民").await, ["R-0001", "R-0004"], "[{name}] two");
        assert_eq!(
            found("台帳").await,
            ["R-0001", "R-0003"],
            "[{name}] title and description"
        );
        // Width, kana and case are folded on both sides.
        assert_eq!(found("ういるす").await, ["R-0002"], "[{name}]");
        assert_eq!(found("ウイルス感染").await, ["R-0002"], "[{name}]");
        assert_eq!(found("usbメモリ").await, ["R-0002"], "[{name}]");
        assert_eq!(found("r-0004").await, ["R-0004"], "[{name}] the number");
        // Never across two fields, never another organization's rows.
        assert!(found("障害課税").await.is_empty(), "[{name}]");
        assert_eq!(found("基本台帳データの誤送").await, ["R-0001"], "[{name}]");
        // Spaces or symbols alone list everything.
        assert_eq!(found(" ・ ").await.len(), 4, "[{name}]");

        // The index follows updates and deletes.
        let mut r1 = mamori_store::risks::by_number(store.conn(), org, "R-0001")
            .await
            .unwrap()
            .unwrap();
        r1.title = "住民票の誤交付".into();
        let tx = store.begin_write().await.unwrap();
        mamori_store::risks::update(&*tx, r1.clone()).await.unwrap();
        tx.commit().await.unwrap();
        assert!(
            found("誤送信").await.is_empty(),
            "[{name}] the old title is gone"
        );
        assert_eq!(found("誤交付").await, ["R-0001"], "[{name}]");
        let tx = store.begin_write().await.unwrap();
        mamori_store::risks::delete(&*tx, org, r1.id).await.unwrap();
        tx.commit().await.unwrap();
        assert!(found("誤交付").await.is_empty(), "[{name}] deleted");
        assert_eq!(found("住民").await, ["R-0004"], "[{name}]");
    }
}

#[tokio::test]
async fn evidence_catalogs_and_soa_entries_round_trip() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let control = applied_control::Model {
            id: Uuid::now_v7(),
            org_id: org,
            number: "AC-0001".into(),
            number_seq: Some(1),
            name: "標的型メール訓練".into(),
            description: String::new(),
            category: "human".into(),
            status: "implemented".into(),
            department_id: None,
            owner_staff_id: None,
            due_on: None,
            review_on: None,
            created_at: t("2026-04-01T00:00:00Z"),
            updated_at: t("2026-04-01T00:00:00Z"),
        };
        let body: Vec<u8> = b"%PDF-1.4\n\x00\xff binary \x01\n%%EOF".to_vec();
        let ev = evidence::Model {
            id: Uuid::now_v7(),
            org_id: org,
            applied_control_id: control.id,
            file_name: "訓練結果.pdf".into(),
            file_type: "pdf".into(),
            size: body.len() as i64,
            sha256: "ab".repeat(32),
            body: body.clone(),
            description: String::new(),
            expires_on: Some(d("2027-03-31")),
            uploaded_by: "cli:test".into(),
            uploaded_at: t("2026-04-02T00:00:00Z"),
        };
        let tx = store.begin_write().await.unwrap();
        mamori_store::controls::insert_applied(&*tx, vec![control.clone()])
            .await
            .unwrap();
        mamori_store::controls::insert_evidence(&*tx, ev.clone())
            .await
            .unwrap();
        for (text, i) in [("v1", 0), ("v2", 1)] {
            mamori_store::controls::save_catalog(
                &*tx,
                catalog::Model {
                    id: Uuid::now_v7(),
                    org_id: org,
                    code: "own".into(),
                    body: text.into(),
                    created_at: t("2026-04-01T00:00:00Z"),
                    updated_at: t("2026-04-01T00:00:00Z") + chrono::Duration::days(i),
                },
            )
            .await
            .unwrap();
            mamori_store::controls::save_soa_entry(
                &*tx,
                soa_entry::Model {
                    id: Uuid::now_v7(),
                    org_id: org,
                    catalog: "nist-csf-2.0".into(),
                    control: "GV.OC-01".into(),
                    applicable: i == 1,
                    justification: text.into(),
                    updated_at: t("2026-04-01T00:00:00Z"),
                },
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        let conn = store.conn();
        let listed = mamori_store::controls::evidence_of(conn, org, &[control.id])
            .await
            .unwrap();
        assert_eq!(
            (listed.len(), listed[0].size),
            (1, body.len() as i64),
            "[{name}]"
        );
        let file = mamori_store::controls::evidence_file(conn, org, ev.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(file.body, body, "[{name}] bytes come back unchanged");
        let other = new_org(&store, "132012").await;
        assert!(
            mamori_store::controls::evidence_file(conn, other, ev.id)
                .await
                .unwrap()
                .is_none()
        );
        let cats = mamori_store::controls::catalogs(conn, org).await.unwrap();
        assert_eq!(
            (cats.len(), cats[0].body.as_str()),
            (1, "v2"),
            "[{name}] an import replaces its earlier version"
        );
        let soa = mamori_store::controls::soa_entries(conn, org, "nist-csf-2.0")
            .await
            .unwrap();
        assert_eq!(
            (soa.len(), soa[0].applicable, soa[0].justification.as_str()),
            (1, true, "v2"),
            "[{name}]"
        );
    }
}

/// How SQLite runs the heat map of two departments, as its plan's text. The query runs
/// first, as a request would (a statement that reads notices a changed schema), then
/// the `EXPLAIN` on the same connection; the `EXPLAIN` is a new statement each time
/// (a comment makes its text unique), since a prepared `EXPLAIN` reads nothing and
/// would go on showing the plan it was made with.
async fn heatmap_plan(store: &Store, org: Uuid, d: [Uuid; 2]) -> String {
    use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};
    let sql = "SELECT inherent_x, inherent_y, count(*) FROM risks \
               WHERE org_id = ? AND department_id IN (?, ?) GROUP BY 1, 2";
    let stmt = |sql: String| {
        Statement::from_sql_and_values(
            DbBackend::Sqlite,
            sql,
            [org.into(), d[0].into(), d[1].into()],
        )
    };
    let tx = store.conn().begin().await.unwrap();
    tx.query_all_raw(stmt(sql.to_owned())).await.unwrap();
    let explain = format!("EXPLAIN QUERY PLAN {sql} /* {} */", Uuid::now_v7());
    let rows = tx.query_all_raw(stmt(explain)).await.unwrap();
    tx.commit().await.unwrap();
    rows.iter()
        .map(|r| r.try_get::<String>("", "detail").unwrap())
        .collect::<Vec<_>>()
        .join("; ")
}

#[tokio::test]
async fn a_grown_register_is_planned_with_fresh_statistics_on_every_connection() {
    for (name, store, dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let mut depts = Vec::new();
        for i in 0..40 {
            depts.push(crate::common::dept(&store, org, &format!("{i:03}")).await);
        }
        let pair = [depts[0], depts[1]];
        let Some(dir) = dir else {
            // PostgreSQL plans with fresh statistics as soon as they are written; the
            // same calls must simply work there.
            store.analyze().await.unwrap();
            store.optimize().await.unwrap();
            continue;
        };
        // The server's connections read the statistics while the register was empty
        // (an import or a periodic optimize had analyzed it)...
        store.analyze().await.unwrap();
        let before = heatmap_plan(&store, org, pair).await;
        // ...then the register grew (here behind the server's back, as a bulk load in
        // another process does) and the periodic housekeeping refreshed the statistics
        // on one connection. Every connection must plan with them.
        let url = mamori_store::sqlite_url_for_dir(dir.path()).unwrap();
        let other = Store::connect(&url, 2).await.unwrap();
        let rows = (0..4_000)
            .map(|n| {
                let mut r = risk(org, n, "漏えい", "open", (1 + (n % 5) as i16, 2), 2);
                r.department_id = Some(depts[n as usize % depts.len()]);
                r.inherent_x = r.residual_x;
                r.inherent_y = r.residual_y;
                r
            })
            .collect();
        insert(&other, rows).await;
        other.close().await.unwrap();
        store.optimize().await.unwrap();
        let after = heatmap_plan(&store, org, pair).await;
        assert!(
            after.contains("ix_risks_department"),
            "[{name}] the server's connection still plans with the empty register's \
             statistics: {after} (before: {before})"
        );
        // A periodic optimize with nothing changed leaves the plans alone.
        store.optimize().await.unwrap();
        assert_eq!(heatmap_plan(&store, org, pair).await, after, "[{name}]");
    }
}

#[tokio::test]
async fn a_risk_is_written_and_read_only_within_its_organization() {
    for (name, store, _dir) in stores().await {
        let a = new_org(&store, "131016").await;
        let b = new_org(&store, "132012").await;
        let r = risk(a, 1, "誤送信", "open", (2, 3), 2);
        insert(&store, vec![r.clone()]).await;
        let conn = store.conn();

        let tx = store.begin_write().await.unwrap();
        let foreign = risk::Model {
            org_id: b,
            title: "書き換え".into(),
            ..r.clone()
        };
        assert!(
            !mamori_store::risks::update(&*tx, foreign).await.unwrap(),
            "[{name}]"
        );
        assert!(
            !mamori_store::risks::delete(&*tx, b, r.id).await.unwrap(),
            "[{name}]"
        );
        tx.commit().await.unwrap();

        let kept = mamori_store::risks::get(conn, a, r.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.title, "誤送信", "[{name}]");
        assert!(
            mamori_store::risks::get(conn, b, r.id)
                .await
                .unwrap()
                .is_none()
        );
        let ids = [r.id];
        assert!(
            mamori_store::risks::by_ids(conn, b, &ids)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            mamori_store::risks::by_ids(conn, a, &ids)
                .await
                .unwrap()
                .len(),
            1
        );
    }
}
