//! The risk register's rules through the use cases, with a fixed clock, on SQLite and
//! PostgreSQL: scoring, closing only with an acceptance in force, acceptances that
//! expire, heat-map cells that select exactly their risks, a method change that
//! re-evaluates, and campaigns that draft risks from the assets and threat catalog.

use chrono::Duration;
use mamori_app::AppError;
use mamori_app::assets::AssetInput;
use mamori_app::authz::Actor;
use mamori_app::departments::DepartmentInput;
use mamori_app::risks::campaigns::CampaignInput;
use mamori_app::risks::{RiskInput, RiskQuery, StageInput};
use mamori_domain::risk::{Method, Stage, Standing};

use crate::common::envs;

fn ipa(importance: u8, likelihood: u8, vulnerability: u8) -> StageInput {
    StageInput {
        importance: Some(importance),
        likelihood: Some(likelihood),
        vulnerability: Some(vulnerability),
        impact: None,
    }
}

async fn cli(app: &mamori_app::App) -> Actor {
    app.cli_actor(None, "test").await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_high_residual_closes_only_with_an_acceptance_in_force_and_the_acceptance_expires() {
    for e in envs().await {
        let app = &e.app;
        let actor = cli(app).await;
        let input = RiskInput {
            title: "窓口での誤送信".into(),
            threat: "T-MISSEND".into(),
            inherent: ipa(3, 3, 2),
            residual: ipa(3, 3, 2),
            treatment: "低減".into(),
            ..RiskInput::default()
        };
        let r = app.create_risk(&actor, &input).await.unwrap();
        let inherent = r.inherent.clone().unwrap();
        assert_eq!(
            (inherent.score, inherent.level.code.as_str()),
            (18, "high"),
            "[{}]",
            e.name
        );
        assert_eq!(r.number, "R-0001");

        // Above the tolerance: closing is refused and says why.
        let Err(AppError::Invalid(inv)) = app.close_risk(&actor, r.id).await else {
            panic!("[{}] closed without an acceptance", e.name);
        };
        assert_eq!(inv.0[0].field, "acceptance");
        assert!(inv.0[0].ja.contains("CISO"), "{}", inv.0[0].ja);
        assert_eq!(
            app.risk(&actor, r.id).await.unwrap().standing,
            Standing::Open
        );

        // An acceptance needs a reason and an expiry; with them the risk closes.
        assert!(matches!(
            app.accept_risk(&actor, r.id, "", "2026-09-30").await,
            Err(AppError::Invalid(_))
        ));
        app.accept_risk(
            &actor,
            r.id,
            "システム更新（令和9年度）まで現行運用で受容",
            "2026-09-30",
        )
        .await
        .unwrap();
        let closed = app.close_risk(&actor, r.id).await.unwrap();
        assert_eq!(closed.standing, Standing::Closed);

        // The day after the expiry, the risk stands for review again.
        e.clock.advance(Duration::days(182));
        assert_eq!(app.today().to_string(), "2026-09-30");
        assert_eq!(
            app.risk(&actor, r.id).await.unwrap().standing,
            Standing::Closed
        );
        e.clock.advance(Duration::days(1));
        assert_eq!(
            app.risk(&actor, r.id).await.unwrap().standing,
            Standing::Review
        );
        let review = RiskQuery {
            standing: Some("review".into()),
            ..RiskQuery::default()
        };
        assert_eq!(
            app.list_risks(&actor, &review).await.unwrap().total,
            1,
            "[{}]",
            e.name
        );
        // The dashboard tiles count the same risks the lists show.
        let tiles = app.risk_counts(&actor).await.unwrap();
        assert_eq!(
            (tiles.active, tiles.review, tiles.drafts),
            (1, 1, 0),
            "[{}]",
            e.name
        );
        let closed_q = RiskQuery {
            standing: Some("closed".into()),
            ..RiskQuery::default()
        };
        assert_eq!(app.list_risks(&actor, &closed_q).await.unwrap().total, 0);

        // Every decision is in the audit log.
        let actions: Vec<String> = app
            .history(&actor, "risk", r.id)
            .await
            .unwrap()
            .into_iter()
            .map(|h| h.action)
            .collect();
        for a in ["risk.create", "risk.accept", "risk.close"] {
            assert!(
                actions.iter().any(|x| x == a),
                "[{}] {a} in {actions:?}",
                e.name
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heat_map_cells_select_their_risks_and_a_method_change_re_evaluates() {
    for e in envs().await {
        let app = &e.app;
        let actor = cli(app).await;
        for (title, f) in [
            ("A", ipa(3, 3, 2)),
            ("B", ipa(3, 2, 3)),
            ("C", ipa(1, 1, 1)),
            ("D", ipa(2, 3, 3)),
        ] {
            let input = RiskInput {
                title: title.into(),
                threat: "T-MALWARE".into(),
                inherent: f.clone(),
                residual: f,
                ..RiskInput::default()
            };
            app.create_risk(&actor, &input).await.unwrap();
        }
        let map = app
            .risk_heatmap(&actor, &RiskQuery::default(), Stage::Residual)
            .await
            .unwrap();
        let cell = |x: u8, y: u8| {
            map.map
                .rows
                .iter()
                .flatten()
                .find(|c| c.x == x && c.y == y)
                .unwrap()
                .count
        };
        // 3×3×2 and 3×2×3 share importance 3 and likelihood × vulnerability 6.
        assert_eq!(
            (cell(3, 6), cell(1, 1), cell(2, 9)),
            (2, 1, 1),
            "[{}]",
            e.name
        );
        assert_eq!(map.map.total(), 4);
        let q = RiskQuery {
            stage: Some("residual".into()),
            x: Some(3),
            y: Some(6),
            ..RiskQuery::default()
        };
        let titles: Vec<String> = app
            .list_risks(&actor, &q)
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|r| r.title)
            .collect();
        assert_eq!(titles, ["A", "B"]);

        // Raising the bar for 高 to 19 moves the 18s to 中, in place.
        let mut m = app.risk_method(&actor).await.unwrap();
        m.method = Method::Ipa {
            thresholds: vec![5, 19],
        };
        app.save_risk_method(&actor, m).await.unwrap();
        let high = RiskQuery {
            level: Some("high".into()),
            ..RiskQuery::default()
        };
        let highs: Vec<String> = app
            .list_risks(&actor, &high)
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|r| r.title)
            .collect();
        assert!(highs.is_empty(), "[{}] {highs:?}", e.name);
        let medium = RiskQuery {
            level: Some("medium".into()),
            ..RiskQuery::default()
        };
        assert_eq!(app.list_risks(&actor, &medium).await.unwrap().total, 3);
        // Evaluated factors do not carry over to a matrix.
        let five = mamori_domain::risk::RiskMethod::matrix_preset(5).unwrap();
        let Err(AppError::Invalid(inv)) = app.save_risk_method(&actor, five).await else {
            panic!("switched method")
        };
        assert_eq!(inv.0[0].field, "method");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_drafts_per_threat_and_asset_group_once_and_freezes_its_snapshot() {
    for e in envs().await {
        let app = &e.app;
        let actor = cli(app).await;
        app.create_department(
            &actor,
            &DepartmentInput {
                code: "300".into(),
                name: "市民課".into(),
                ..DepartmentInput::default()
            },
        )
        .await
        .unwrap();
        for (name, medium, c) in [
            ("住民票交付申請書", "紙", "3B"),
            ("住民記録データ", "電子", "3B"),
            ("窓口案内", "電子", "1"),
        ] {
            let a = AssetInput {
                name: name.into(),
                medium: medium.into(),
                department: "300".into(),
                c: c.into(),
                i: "2".into(),
                a: "2".into(),
                ..AssetInput::default()
            };
            app.create_asset(&actor, &a).await.unwrap();
        }
        let id = app
            .create_campaign(
                &actor,
                &CampaignInput {
                    name: "令和8年度リスクアセスメント".into(),
                    ..CampaignInput::default()
                },
            )
            .await
            .unwrap();
        let view = app.campaign(&actor, id).await.unwrap();
        assert_eq!(
            view.departments.len(),
            1,
            "[{}] the department holding assets takes part",
            e.name
        );
        let dept = view.departments[0].department_id;
        let drafted = app.draft_campaign_risks(&actor, id, dept).await.unwrap();
        let threats = app.threats(&actor).await.unwrap();
        let expected: usize = [("data_paper", 1), ("data_electronic", 2)]
            .iter()
            .map(|(k, groups)| {
                groups
                    * threats
                        .iter()
                        .filter(|t| t.asset_kinds.iter().any(|x| x.code() == *k))
                        .count()
            })
            .sum();
        assert_eq!(
            drafted.risks, expected,
            "[{}] one draft per threat and (kind, importance) group",
            e.name
        );
        assert_eq!(
            drafted.links,
            threats
                .iter()
                .map(|t| t
                    .asset_kinds
                    .iter()
                    .filter(|k| matches!(k.code(), "data_paper"))
                    .count()
                    + 2 * t
                        .asset_kinds
                        .iter()
                        .filter(|k| k.code() == "data_electronic")
                        .count())
                .sum::<usize>()
        );
        // Again: nothing new.
        let again = app.draft_campaign_risks(&actor, id, dept).await.unwrap();
        assert_eq!((again.risks, again.existing), (0, expected));
        // Drafts start from the asset's importance and the threat's likelihood.
        let q = RiskQuery {
            campaign: Some(id),
            per_page: Some(200),
            ..RiskQuery::default()
        };
        let drafts = app.list_risks(&actor, &q).await.unwrap();
        assert!(drafts.items.iter().all(|r| r.standing == Standing::Draft
            && r.inherent.is_some()
            && r.residual.is_none()));
        // Completing the department is refused while drafts remain.
        assert!(matches!(
            app.complete_campaign_department(&actor, id, dept).await,
            Err(AppError::Conflict(_))
        ));
        app.close_campaign(&actor, id).await.unwrap();
        let closed = app.campaign(&actor, id).await.unwrap();
        let snap = closed.snapshot.unwrap();
        assert_eq!(snap.total as usize, expected);
        assert_eq!(
            snap.levels["residual"][""] as usize, expected,
            "not evaluated yet"
        );
        assert_eq!(app.campaign_trend(&actor).await.unwrap().len(), 1);
        assert!(matches!(
            app.draft_campaign_risks(&actor, id, dept).await,
            Err(AppError::Conflict(_))
        ));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_each_get_their_own_number() {
    for e in envs().await {
        let app = e.app.clone();
        let actor = cli(&app).await;
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let (app, actor) = (app.clone(), actor.clone());
                tokio::spawn(async move {
                    let input = RiskInput {
                        title: format!("同時登録 {i}"),
                        threat: "T-MALWARE".into(),
                        ..RiskInput::default()
                    };
                    app.create_risk(&actor, &input).await.map(|r| r.number)
                })
            })
            .collect();
        let mut numbers = Vec::new();
        for t in tasks {
            numbers.push(
                t.await
                    .unwrap()
                    .unwrap_or_else(|err| panic!("[{}] {err}", e.name)),
            );
        }
        numbers.sort();
        numbers.dedup();
        assert_eq!(numbers.len(), 8, "[{}] {numbers:?}", e.name);
    }
}

/// A code in the database this build does not know (a newer Mamori's, or a hand edit)
/// is refused as an internal error, never read as some default that a page would show
/// and a save would write back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_stored_code_is_refused_not_guessed() {
    use sea_orm::{ConnectionTrait, Statement};
    for e in envs().await {
        let app = &e.app;
        let actor = cli(app).await;
        let a = AssetInput {
            name: "住民記録データ".into(),
            medium: "電子".into(),
            c: "3B".into(),
            i: "2".into(),
            a: "2".into(),
            ..AssetInput::default()
        };
        let created = app.create_asset(&actor, &a).await.unwrap();
        assert!(
            app.asset_detail(&actor, created.id).await.is_ok(),
            "[{}]",
            e.name
        );
        let db = e.db.conn();
        let sql = "UPDATE assets SET kind = 'hologram'";
        db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap();
        let read = app.asset_detail(&actor, created.id).await;
        assert!(
            matches!(&read, Err(AppError::Internal(m)) if m.contains("hologram")),
            "[{}] {read:?}",
            e.name
        );
        // The same for a staff member's category, read by every staff list.
        let page = mamori_app::PageRequest::new(None, None);
        let q = mamori_app::staff::StaffQuery::default();
        assert!(
            app.list_staff(&actor, &q, page).await.is_ok(),
            "[{}]",
            e.name
        );
        let sql = "UPDATE staff SET category = 'astronaut'";
        db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap();
        let read = app.list_staff(&actor, &q, page).await;
        assert!(
            matches!(&read, Err(AppError::Internal(m)) if m.contains("astronaut")),
            "[{}] {:?}",
            e.name,
            read.map(|p| p.0.total)
        );
    }
}
