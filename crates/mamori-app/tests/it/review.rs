//! Self-inspection through the use cases, on SQLite and PostgreSQL: a campaign is
//! refused by field for a bad name, year, due day, catalog, chapter or department, and
//! opened for 市民課 and 税務課 (their officers and managers told); answers for an item
//! not in the campaign, an unknown answer or evidence not on record change nothing;
//! only the department's officer submits, and only with every item answered and each
//! gap explained; the deputy CISO returns an item (the department told) and accepts the
//! sheet answered again; the scores compare with last year's, and last year's item not
//! done becomes a risk linked to it in one step.

use mamori_app::AppError;
use mamori_app::review::{AnswerLine, InspectionInput, ReturnedItem, SheetAnswers, SheetReview};
use mamori_app::risks::{RiskInput, StageInput};
use mamori_domain::review::inspection::SheetState;

use crate::common::{departments, envs, fields, signed_in, staff, subjects};

const CHECKLIST: &str = "## 人的対策\n- 情報セキュリティ研修を受講しているか\n- 離席時に画面をロックしているか\n## 物理的対策\n- 執務室の施錠を確認しているか\n";

fn own(name: &str, year: &str, due: &str) -> InspectionInput {
    InspectionInput {
        name: name.into(),
        fiscal_year: year.into(),
        due_on: due.into(),
        source: "own".into(),
        checklist: CHECKLIST.into(),
        departments: vec!["310".into(), "320".into()],
        ..InspectionInput::default()
    }
}

fn line(item: i32, answer: &str, comment: &str) -> AnswerLine {
    AnswerLine {
        item,
        answer: answer.into(),
        comment: comment.into(),
        evidence: Vec::new(),
    }
}

fn answers(lines: Vec<AnswerLine>) -> SheetAnswers {
    SheetAnswers { answers: lines }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn departments_answer_submit_and_the_deputy_reviews() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        let cli = app.cli_actor(None, "test").await.unwrap();
        departments(
            app,
            &cli,
            &[
                ("300", "市民生活部", ""),
                ("310", "市民課", "300"),
                ("320", "税務課", "300"),
            ],
        )
        .await;
        let officer = signed_in(
            app,
            &cli,
            staff("R-1", "市民 一郎", "310"),
            "officer",
            &[("department-officer", "310")],
        )
        .await;
        let manager = signed_in(
            app,
            &cli,
            staff("R-2", "市民 二郎", "310"),
            "manager",
            &[("section-manager", "310")],
        )
        .await;
        let tax = signed_in(
            app,
            &cli,
            staff("R-3", "税務 三郎", "320"),
            "tax",
            &[("section-manager", "320")],
        )
        .await;
        let deputy = signed_in(
            app,
            &cli,
            staff("R-4", "統括 四郎", "300"),
            "deputy",
            &[("deputy-ciso", "")],
        )
        .await;

        // Opening: the CISO or deputy only; every bad field named at once.
        assert!(matches!(
            app.open_inspection(&officer, &own("x", "", "")).await,
            Err(AppError::Forbidden)
        ));
        let bad = InspectionInput {
            name: " ".into(),
            fiscal_year: "26".into(),
            due_on: "2026-03-01".into(),
            source: "no-such-catalog".into(),
            departments: vec!["999".into()],
            ..InspectionInput::default()
        };
        let f = fields(app.open_inspection(&deputy, &bad).await.unwrap_err());
        assert_eq!(
            f,
            ["name", "fiscal_year", "due_on", "source", "departments"],
            "[{name}]"
        );
        let bad = InspectionInput {
            source: "mic-guideline".into(),
            chapters: vec!["MIC-99".into()],
            ..own("点検", "", "")
        };
        assert_eq!(
            fields(app.open_inspection(&deputy, &bad).await.unwrap_err()),
            ["chapters"]
        );
        let bad = InspectionInput {
            checklist: "研修を受講しているか\n".into(),
            ..own("点検", "", "")
        };
        assert_eq!(
            fields(app.open_inspection(&deputy, &bad).await.unwrap_err()),
            ["checklist.1"]
        );
        assert!(
            app.inspections(&deputy).await.unwrap().is_empty(),
            "[{name}] nothing half-written"
        );

        // A catalog's chapter: its controls, grouped under the chapter.
        let mic = InspectionInput {
            source: "mic-guideline".into(),
            chapters: vec!["MIC-1".into()],
            ..own("組織体制の点検", "2026", "")
        };
        let id = app.open_inspection(&deputy, &mic).await.unwrap();
        let d = app.inspection(&deputy, id).await.unwrap();
        assert!(d.inspection.items > 1, "[{name}]");
        assert_eq!(d.areas.len(), 1);
        assert_eq!(d.areas[0].area, "1 組織体制");
        app.close_inspection(&deputy, id).await.unwrap();

        // Last year's: 市民課 left one item not done.
        e.clock.set("2025-10-01T00:00:00Z".parse().unwrap());
        let last = app
            .open_inspection(&cli, &own("令和7年度 自己点検", "2025", ""))
            .await
            .unwrap();
        let d = app.inspection(&cli, last).await.unwrap();
        for s in &d.sheets {
            let second = if s.department == "市民課" {
                "not_done"
            } else {
                "done"
            };
            let lines = vec![
                line(1, "○", ""),
                line(2, second, "担当者不在"),
                line(3, "実施", ""),
            ];
            app.answer_inspection(&cli, last, s.id, &answers(lines))
                .await
                .unwrap();
            app.submit_inspection(&cli, last, s.id).await.unwrap();
            let accept = SheetReview {
                decision: "accept".into(),
                ..SheetReview::default()
            };
            app.review_inspection(&cli, last, s.id, &accept)
                .await
                .unwrap();
        }
        app.close_inspection(&cli, last).await.unwrap();

        // This year's: both departments asked and told.
        e.clock.set("2026-06-01T00:00:00Z".parse().unwrap());
        let id = app
            .open_inspection(&deputy, &own("令和8年度 自己点検", "", "2026-06-30"))
            .await
            .unwrap();
        let d = app.inspection(&deputy, id).await.unwrap();
        assert_eq!(
            (d.inspection.fiscal_year, d.inspection.items, d.sheets.len()),
            (2026, 3, 2),
            "[{name}]"
        );
        assert_eq!(d.previous.as_ref().map(|p| p.id), Some(last));
        let subject = "自己点検「令和8年度 自己点検」の回答をお願いします（市民生活部/市民課）";
        assert!(
            subjects(app, &officer).await.iter().any(|s| s == subject),
            "[{name}] {:?}",
            subjects(app, &officer).await
        );
        assert!(
            subjects(app, &tax)
                .await
                .iter()
                .any(|s| s.contains("税務課")),
            "[{name}]"
        );
        let sheet = d
            .sheets
            .iter()
            .find(|s| s.department == "市民課")
            .unwrap()
            .id;

        // Only the department answers; bad lines change nothing.
        for outsider in [&tax] {
            let r = app
                .answer_inspection(outsider, id, sheet, &answers(vec![line(1, "done", "")]))
                .await;
            assert!(matches!(r, Err(AppError::Forbidden)), "[{name}]");
        }
        let bad = answers(vec![
            line(1, "done", ""),
            line(99, "done", ""),
            line(2, "たぶん", ""),
            AnswerLine {
                evidence: vec![uuid::Uuid::nil()],
                ..line(3, "done", "")
            },
        ]);
        let f = fields(
            app.answer_inspection(&manager, id, sheet, &bad)
                .await
                .unwrap_err(),
        );
        assert_eq!(
            f,
            ["answers[1].item", "answer_2", "answers[3].evidence"],
            "[{name}]"
        );
        let s = app.inspection_sheet(&manager, id, sheet).await.unwrap();
        assert_eq!(s.sheet.tally.answered(), 0, "[{name}] nothing written");
        assert!(s.may_answer && !s.may_submit && !s.may_review);

        // Submitting: the officer only, with every item answered and gaps explained.
        let n = app
            .answer_inspection(
                &manager,
                id,
                sheet,
                &answers(vec![line(1, "done", ""), line(2, "×", "")]),
            )
            .await
            .unwrap();
        assert_eq!(n, 2);
        assert!(matches!(
            app.submit_inspection(&manager, id, sheet).await,
            Err(AppError::Forbidden)
        ));
        let e1 = app
            .submit_inspection(&officer, id, sheet)
            .await
            .unwrap_err();
        let AppError::Invalid(inv) = e1 else {
            panic!("a refusal")
        };
        assert_eq!(
            inv.0.iter().map(|x| x.field.as_str()).collect::<Vec<_>>(),
            ["answers", "comment"]
        );
        assert!(inv.0[0].ja.contains("項目 3"), "{}", inv.0[0].ja);
        assert!(inv.0[1].ja.contains("項目 2"), "{}", inv.0[1].ja);
        app.answer_inspection(
            &manager,
            id,
            sheet,
            &answers(vec![
                line(2, "not_done", "予算要求中"),
                line(3, "partial", "一部の窓口のみ"),
            ]),
        )
        .await
        .unwrap();
        app.submit_inspection(&officer, id, sheet).await.unwrap();
        assert!(
            subjects(app, &deputy)
                .await
                .iter()
                .any(|s| s == "市民生活部/市民課が自己点検「令和8年度 自己点検」を提出しました"),
            "[{name}] {:?}",
            subjects(app, &deputy).await
        );
        let r = app
            .answer_inspection(&manager, id, sheet, &answers(vec![line(2, "done", "")]))
            .await;
        assert_eq!(
            fields(r.unwrap_err()),
            ["answers"],
            "[{name}] submitted answers are kept"
        );

        // The review: the CISO or deputy; returning names items of the sheet.
        let back = |items: Vec<ReturnedItem>| SheetReview {
            decision: "return".into(),
            note: "記録を確認".into(),
            items,
        };
        assert!(matches!(
            app.review_inspection(&officer, id, sheet, &back(Vec::new()))
                .await,
            Err(AppError::Forbidden)
        ));
        assert_eq!(
            fields(
                app.review_inspection(&deputy, id, sheet, &back(Vec::new()))
                    .await
                    .unwrap_err()
            ),
            ["items"]
        );
        let seven = vec![ReturnedItem {
            item: 7,
            note: String::new(),
        }];
        assert_eq!(
            fields(
                app.review_inspection(&deputy, id, sheet, &back(seven))
                    .await
                    .unwrap_err()
            ),
            ["items[0].item"]
        );
        let two = vec![ReturnedItem {
            item: 2,
            note: "予算要求の時期を記入".into(),
        }];
        app.review_inspection(&deputy, id, sheet, &back(two))
            .await
            .unwrap();
        let s = app.inspection_sheet(&officer, id, sheet).await.unwrap();
        assert_eq!(s.sheet.state, SheetState::Returned);
        let returned: Vec<i32> = s
            .answers
            .iter()
            .filter(|a| a.returned)
            .map(|a| a.position)
            .collect();
        assert_eq!(returned, [2], "[{name}]");
        assert_eq!(s.answers[1].return_note, "予算要求の時期を記入");
        assert!(
            subjects(app, &officer)
                .await
                .iter()
                .any(|s| s == "自己点検「令和8年度 自己点検」の 1 項目が差し戻されました"),
            "[{name}]"
        );

        // Only the items sent back change; the rest stand as submitted.
        let r = app
            .answer_inspection(
                &manager,
                id,
                sheet,
                &answers(vec![
                    line(1, "partial", "念のため"),
                    line(2, "done", "7月に実施済み"),
                ]),
            )
            .await;
        assert_eq!(
            fields(r.unwrap_err()),
            ["answer_1"],
            "[{name}] item 1 was not returned"
        );

        // Answered again, submitted, accepted.
        app.answer_inspection(
            &manager,
            id,
            sheet,
            &answers(vec![line(2, "done", "7月に実施済み")]),
        )
        .await
        .unwrap();
        app.submit_inspection(&officer, id, sheet).await.unwrap();
        let accept = SheetReview {
            decision: "accept".into(),
            ..SheetReview::default()
        };
        app.review_inspection(&deputy, id, sheet, &accept)
            .await
            .unwrap();
        let d = app.inspection(&officer, id).await.unwrap();
        let mine = d.sheets.iter().find(|s| s.id == sheet).unwrap();
        assert_eq!(mine.state, SheetState::Accepted);
        // This year 2 done and 1 partly: 83.3 %; last year 2 of 3 done: 66.7 % (shown as +16.6).
        assert_eq!(
            (mine.score, mine.previous_score, mine.change.as_str()),
            (Some(83.3), Some(66.7), "+16.6"),
            "[{name}]"
        );
        let human = d.areas.iter().find(|a| a.area == "人的対策").unwrap();
        assert_eq!(
            (human.score, human.previous_score),
            (Some(100.0), Some(75.0)),
            "[{name}]"
        );
        assert_eq!(d.inspection.submitted, 1);
        assert!(d.most_not_done.is_empty());
        let table = app.inspection_table(&officer, id).await.unwrap();
        assert_eq!(table[1][0], "市民課");
        assert_eq!(
            table[1][1], "",
            "a department's own sheet is about no system"
        );
        assert_eq!(table[1][8..], ["83.3", "66.7", "+16.6"]);

        // Last year's gap: the items most often not done, and a risk from it.
        let l = app.inspection(&cli, last).await.unwrap();
        assert_eq!(l.most_not_done.len(), 1);
        assert_eq!(
            (
                l.most_not_done[0].position,
                l.most_not_done[0].not_done,
                l.most_not_done[0].applicable
            ),
            (2, 1, 2)
        );
        let old = l
            .sheets
            .iter()
            .find(|s| s.department == "市民課")
            .unwrap()
            .id;
        let s = app.inspection_sheet(&officer, last, old).await.unwrap();
        let gap = s.answers.iter().find(|a| a.position == 2).unwrap().id;
        let done = s.answers.iter().find(|a| a.position == 1).unwrap().id;
        assert_eq!(
            fields(
                app.risk_draft_from_answer(&officer, done)
                    .await
                    .unwrap_err()
            ),
            ["answer"]
        );
        let draft = app.risk_draft_from_answer(&officer, gap).await.unwrap();
        assert_eq!(draft.title, "未実施: 離席時に画面をロックしているか");
        assert!(
            draft.description.contains("担当者不在"),
            "{}",
            draft.description
        );
        let f = StageInput {
            importance: Some(2),
            likelihood: Some(2),
            vulnerability: Some(2),
            impact: None,
        };
        let input = RiskInput {
            threat: "T-MALWARE".into(),
            inherent: f.clone(),
            residual: f,
            ..draft
        };
        let risk = app.risk_from_answer(&officer, gap, &input).await.unwrap();
        let s = app.inspection_sheet(&officer, last, old).await.unwrap();
        let linked = s
            .answers
            .iter()
            .find(|a| a.position == 2)
            .unwrap()
            .risk
            .clone()
            .unwrap();
        assert_eq!(linked.id, risk);
        assert!(
            app.risk(&officer, risk)
                .await
                .unwrap()
                .department
                .contains("市民課"),
            "[{name}]"
        );
        assert!(
            app.risk_from_answer(&officer, gap, &input).await.is_err(),
            "[{name}] once"
        );
        let trail = app.history(&cli, "inspection_answer", gap).await.unwrap();
        assert!(
            trail.iter().any(|t| t.action == "inspection.risk"),
            "[{name}]"
        );
    }
}
