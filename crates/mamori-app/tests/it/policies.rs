//! Policy acknowledgement through the use cases, on SQLite and PostgreSQL: the CISO
//! asks everyone to acknowledge the version in force; a person confirms the text
//! they were shown (a wrong fingerprint or an unticked box changes nothing); a
//! department officer records a signed paper form for their own department only; a
//! new hire joins the campaign with their own date; the morning job reminds those
//! who have not confirmed and tells the officer of a department with people past
//! their date; once the next version is in force, the old one takes no more.

use mamori_app::AppError;
use mamori_app::authz::Actor;
use mamori_app::departments::DepartmentInput;
use mamori_app::policies::acks::{AckInput, CampaignInput, PaperAckInput};
use mamori_app::policies::{ApprovalInput, DocumentInput, DraftInput};
use mamori_app::staff::StaffInput;
use mamori_app::{App, PageRequest};
use mamori_domain::policy::Move;
use uuid::Uuid;

use crate::common::{envs, signed_in};

fn staff(number: &str, name: &str, department: &str) -> StaffInput {
    StaffInput {
        employee_number: number.into(),
        name: name.into(),
        department: department.into(),
        ..StaffInput::default()
    }
}

/// Approves version `n` of a document, in force on `on`.
async fn approve(app: &App, cli: &Actor, id: Uuid, n: i32, on: &str) {
    app.move_policy_version(cli, id, n, Some(Move::Submit))
        .await
        .unwrap();
    let input = ApprovalInput {
        meeting: "第1回情報セキュリティ委員会".into(),
        decided_on: on.into(),
        decision_no: format!("第{n}号"),
        effective_on: on.into(),
    };
    app.approve_policy_version(cli, id, n, &input)
        .await
        .unwrap();
}

async fn subjects(app: &App, who: &Actor) -> Vec<String> {
    app.inbox(who, "ja", false, PageRequest::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|n| n.subject)
        .collect()
}

fn field_of(e: AppError) -> String {
    match e {
        AppError::Invalid(inv) => inv.0[0].field.clone(),
        other => panic!("expected a refusal by field, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everyone_acknowledges_the_policy_in_force() {
    for e in envs().await {
        let app = &e.app;
        let name = e.name;
        app.prepare_jobs().await.unwrap();
        let cli = app.cli_actor(None, "test").await.unwrap();
        for (code, dept) in [("100", "総務課"), ("200", "福祉課")] {
            let d = DepartmentInput {
                code: code.into(),
                name: dept.into(),
                ..DepartmentInput::default()
            };
            app.create_department(&cli, &d).await.unwrap();
        }
        let officer = signed_in(
            app,
            &cli,
            staff("A-1", "責任 一郎", "100"),
            "officer",
            &[("department-officer", "100")],
        )
        .await;
        let p1 = signed_in(app, &cli, staff("A-2", "職員 二郎", "100"), "person1", &[]).await;
        let p2 = signed_in(app, &cli, staff("B-1", "福祉 三郎", "200"), "person2", &[]).await;
        app.create_staff(&cli, &staff("A-3", "窓口 四郎", "100"))
            .await
            .unwrap();

        let doc = DocumentInput {
            tier: "basic".into(),
            title: "テスト市情報セキュリティ基本方針".into(),
            body: "## 1 目的\n\n情報資産を守る。\n".into(),
            ..DocumentInput::default()
        };
        // A reference that is neither a catalog control nor an applied control's
        // number is refused by field, whatever characters it holds.
        let odd = DocumentInput {
            governs: "ogÊ\nAC-9999".into(),
            ..doc.clone()
        };
        assert_eq!(
            field_of(app.create_policy_document(&cli, &odd).await.unwrap_err()),
            "governs"
        );
        let id = app.create_policy_document(&cli, &doc).await.unwrap();
        let draft_campaign = CampaignInput {
            due_on: "2026-04-30".into(),
            ..CampaignInput::default()
        };
        assert_eq!(
            field_of(
                app.start_ack_campaign(&cli, id, 1, &draft_campaign)
                    .await
                    .unwrap_err()
            ),
            "version",
            "[{name}] a draft is not acknowledged"
        );
        approve(app, &cli, id, 1, "2026-04-01").await;
        let c = app
            .start_ack_campaign(&cli, id, 1, &draft_campaign)
            .await
            .unwrap();
        assert!(matches!(
            app.start_ack_campaign(&p1, id, 1, &draft_campaign).await,
            Err(AppError::Forbidden)
        ));

        let before = app.ack_coverage(&cli, c, None, false).await.unwrap();
        let bound = before.campaign.total.required;
        assert!(bound >= 4, "[{name}] everyone on the register: {bound}");
        assert_eq!(before.campaign.total.done, 0);

        // p1 reads and confirms; a wrong fingerprint or no tick changes nothing.
        let mine = app.my_acks(&p1).await.unwrap();
        assert_eq!(mine.len(), 1, "[{name}]");
        assert!(mine[0].acknowledged_at.is_none());
        let page = app.ack_page(&p1, c).await.unwrap();
        let hash = page.text.version.text_hash.clone();
        let wrong = AckInput {
            text_hash: "0".repeat(64),
            confirm: true,
        };
        assert_eq!(
            field_of(app.acknowledge(&p1, c, &wrong).await.unwrap_err()),
            "text_hash"
        );
        let unticked = AckInput {
            text_hash: hash.clone(),
            confirm: false,
        };
        assert_eq!(
            field_of(app.acknowledge(&p1, c, &unticked).await.unwrap_err()),
            "confirm"
        );
        let right = AckInput {
            text_hash: hash.clone(),
            confirm: true,
        };
        app.acknowledge(&p1, c, &right).await.unwrap();
        assert_eq!(
            field_of(app.acknowledge(&p1, c, &right).await.unwrap_err()),
            "campaign",
            "[{name}] once"
        );
        assert!(app.my_acks(&p1).await.unwrap()[0].acknowledged_at.is_some());

        // The officer records A-3's signed form; not one of another department.
        let pdf = (String::from("同意書.pdf"), b"%PDF-1.4\n%%EOF\n".to_vec());
        let paper = |n: &str| PaperAckInput {
            employee_number: n.into(),
            signed_on: "2026-04-01".into(),
        };
        app.record_paper_ack(&officer, c, &paper("A-3"), pdf.clone())
            .await
            .unwrap();
        assert!(matches!(
            app.record_paper_ack(&officer, c, &paper("B-1"), pdf.clone())
                .await,
            Err(AppError::Forbidden)
        ));
        assert_eq!(
            field_of(
                app.record_paper_ack(&officer, c, &paper("A-9"), pdf.clone())
                    .await
                    .unwrap_err()
            ),
            "employee_number"
        );

        // Names only for the officer's own department.
        let depts = app.dept_index(&cli).await.unwrap();
        let a = depts.by_code("100").unwrap().id;
        let b = depts.by_code("200").unwrap().id;
        let own = app.ack_coverage(&officer, c, Some(a), false).await.unwrap();
        assert!(own.names_shown);
        let pending: Vec<&str> = own
            .pending
            .iter()
            .map(|p| p.employee_number.as_str())
            .collect();
        assert_eq!(pending, ["A-1"], "[{name}]");
        assert!(
            own.acked
                .iter()
                .any(|x| x.employee_number == "A-3" && x.method == "paper")
        );
        let other = app.ack_coverage(&officer, c, Some(b), false).await.unwrap();
        assert!(!other.names_shown && other.pending.is_empty(), "[{name}]");
        let row = own.by_department.iter().find(|r| r.label == "総務課");
        assert!(row.is_none() || row.unwrap().tally.done == 2);

        // A new hire is bound from their first day, with their own date.
        e.clock.set("2026-04-10T00:00:00Z".parse().unwrap());
        let hire = StaffInput {
            start_date: "2026-04-10".into(),
            ..staff("A-4", "新人 五郎", "100")
        };
        app.create_staff(&cli, &hire).await.unwrap();
        let now = app.ack_coverage(&officer, c, Some(a), false).await.unwrap();
        let new = now
            .pending
            .iter()
            .find(|p| p.employee_number == "A-4")
            .expect("the new hire");
        assert_eq!(
            new.due_on.to_string(),
            "2026-05-10",
            "[{name}] thirty days from the first day"
        );
        assert_eq!(now.campaign.total.required, bound + 1);

        // The morning job: a reminder to those who have not confirmed; after the date,
        // the officer hears that their people are late.
        e.clock.set("2026-04-10T00:30:00Z".parse().unwrap());
        let ran = app.run_due_jobs().await.unwrap();
        let line = ran
            .iter()
            .find(|r| r.name == "policy.acknowledgements")
            .expect("the job ran");
        assert!(
            line.ok && line.message.starts_with("1 campaign(s)"),
            "{}",
            line.message
        );
        assert!(
            subjects(app, &p2)
                .await
                .iter()
                .any(|s| s.contains("確認をお願いします")),
            "[{name}]"
        );
        assert!(
            !subjects(app, &p1)
                .await
                .iter()
                .any(|s| s.contains("確認をお願いします")),
            "[{name}] done"
        );
        e.clock.set("2026-05-02T00:30:00Z".parse().unwrap());
        app.run_due_jobs().await.unwrap();
        assert!(
            subjects(app, &officer)
                .await
                .iter()
                .any(|s| s.contains("総務課で1人")),
            "[{name}] {:?}",
            subjects(app, &officer).await
        );

        // Version 2 in force: version 1 takes no more acknowledgements.
        app.new_policy_draft(&cli, id).await.unwrap();
        let v2 = DraftInput {
            title: "テスト市情報セキュリティ基本方針".into(),
            body: "## 1 目的\n\n情報資産を適切に守る。\n".into(),
            note: String::new(),
        };
        app.save_policy_draft(&cli, id, 2, &v2).await.unwrap();
        approve(app, &cli, id, 2, &app.today().to_string()).await;
        assert_eq!(
            field_of(app.acknowledge(&p2, c, &right).await.unwrap_err()),
            "version",
            "[{name}]"
        );
        assert!(
            app.my_acks(&p2).await.unwrap().is_empty(),
            "[{name}] gone from the home page"
        );
    }
}
