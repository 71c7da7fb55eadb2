//! Targeted-mail drills: a vendor's report refused for a recipient not on the
//! register or a mark that is neither yes nor no, then imported; results by department
//! with names only for those who answer for them; the trend across drills.

use mamori_app::AppError;
use mamori_app::import::{ImportKind, ImportOptions};
use mamori_app::training::DrillInput;

use super::people;
use crate::common::envs;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drill_report_is_imported_and_shown_by_department() {
    for e in envs().await {
        let app = &e.app;
        let name = e.name;
        let cli = app.cli_actor(None, "test").await.unwrap();
        let p = people(app, &cli).await;
        let drill = DrillInput {
            title: "第1回 標的型メール訓練".into(),
            sent_on: "2026-04-01".into(),
            ..DrillInput::default()
        };
        let id = app.create_drill(&cli, &drill).await.unwrap();
        let opts = ImportOptions {
            target: Some(id),
            ..ImportOptions::default()
        };
        let report = "メールアドレス,開封日時,クリック日時,報告\nb-1@city.example.lg.jp,2026/04/01 10:02,2026/04/01 10:03,\na-2@city.example.lg.jp,○,,○\nnobody@example.jp,,,\n";
        let plan = app
            .import(&cli, ImportKind::Phishing, report.as_bytes(), &opts, true)
            .await
            .unwrap();
        assert_eq!(plan.errors.len(), 1, "[{name}]");
        assert_eq!(
            (plan.errors[0].row, plan.errors[0].column.as_str()),
            (4, "メールアドレス")
        );
        let report = "メールアドレス,開封日時,クリック日時,報告\nb-1@city.example.lg.jp,2026/04/01 10:02,2026/04/01 10:03,\na-2@city.example.lg.jp,○,,○\nb-2@city.example.lg.jp,たぶん,,\n";
        let plan = app
            .import(&cli, ImportKind::Phishing, report.as_bytes(), &opts, true)
            .await
            .unwrap();
        assert_eq!(
            plan.errors[0].column, "開封日時",
            "[{name}] a mark that is neither yes nor no"
        );
        let report = "職員番号,開封,クリック,報告\nB-1,1,1,0\nA-2,1,0,1\nB-2,0,0,0\nA-1,,,\n";
        let plan = app
            .import(&cli, ImportKind::Phishing, report.as_bytes(), &opts, true)
            .await
            .unwrap();
        assert!(plan.committed, "[{name}] {:?}", plan.errors);
        let d = app.drill_detail(&cli, id).await.unwrap();
        assert_eq!(
            (
                d.drill.rates.sent,
                d.drill.rates.clicked,
                d.drill.rates.reported
            ),
            (4, 1, 1),
            "[{name}]"
        );
        assert_eq!(d.drill.rates.click_permille, 250);
        let welfare = d
            .by_department
            .iter()
            .find(|r| r.department == "福祉課")
            .unwrap();
        assert_eq!(
            (welfare.rates.sent, welfare.rates.clicked),
            (2, 1),
            "[{name}]"
        );
        assert_eq!(
            d.clicked
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            ["福祉 三郎"]
        );
        let officer_view = app.drill_detail(&p.officer, id).await.unwrap();
        assert!(
            officer_view.clicked.is_empty(),
            "[{name}] 福祉課's names are not 総務課's officer's"
        );
        assert!(matches!(
            app.drill_detail(&p.p1, id).await,
            Err(AppError::Forbidden)
        ));
        let trend = app.drill_trend(&cli).await.unwrap();
        assert_eq!(trend.drills.len(), 1);
        let row = trend
            .departments
            .iter()
            .find(|(n, _)| n == "福祉課")
            .unwrap();
        assert_eq!(row.1, [Some(500)], "[{name}]");
        let _ = p.csirt;
    }
}
