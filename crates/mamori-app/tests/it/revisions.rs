//! Revisions of the policy through the use cases, on SQLite and PostgreSQL: a law's
//! amendment opens the next draft of the basic policy with what led to it; a second
//! revision joins that draft rather than opening another; bad input is refused by
//! field and writes nothing; someone who may not edit the document is refused; the
//! document lists its revisions and the amendment the revisions it led to.

use mamori_app::AppError;
use mamori_app::compliance::laws::{AmendmentInput, LawInput};
use mamori_app::policies::{ApprovalInput, DocumentInput};
use mamori_app::review::revisions::RevisionInput;
use mamori_domain::policy::Move;

use crate::common::{envs, fields, signed_in, staff};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_amendment_opens_the_next_draft_and_a_second_revision_joins_it() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        e.clock.set("2026-05-20T00:00:00Z".parse().unwrap());
        let cli = app.cli_actor(None, "test").await.unwrap();
        let doc = DocumentInput {
            tier: "basic".into(),
            title: "テスト市情報セキュリティ基本方針".into(),
            body: "## 1 目的\n\n情報資産を守る。\n".into(),
            ..DocumentInput::default()
        };
        let policy = app.create_policy_document(&cli, &doc).await.unwrap();
        app.move_policy_version(&cli, policy, 1, Some(Move::Submit))
            .await
            .unwrap();
        let approval = ApprovalInput {
            meeting: "第1回".into(),
            decided_on: "2026-05-01".into(),
            decision_no: "2026-01".into(),
            effective_on: "2026-05-01".into(),
        };
        app.approve_policy_version(&cli, policy, 1, &approval)
            .await
            .unwrap();
        let law = app
            .create_law(
                &cli,
                &LawInput {
                    title: "個人情報の保護に関する法律".into(),
                    kind: "law".into(),
                    applies_all: true,
                    review_months: 12,
                    ..LawInput::default()
                },
            )
            .await
            .unwrap();
        let amendment = app
            .record_amendment(
                &cli,
                law,
                &AmendmentInput {
                    promulgated_on: "2026-04-10".into(),
                    reference: "令和8年法律第12号".into(),
                    summary: "漏えい等の報告の対象を拡大".into(),
                    ..AmendmentInput::default()
                },
            )
            .await
            .unwrap();

        let input = RevisionInput {
            document: Some(policy),
            section: "第7章 個人情報の保護".into(),
            trigger: "law_amendment".into(),
            source: Some(amendment),
            reason: "報告の対象の拡大に合わせて、報告の手順を改める。".into(),
        };
        // Bad input names its fields and writes nothing.
        let bad = RevisionInput {
            trigger: "rumour".into(),
            reason: " ".into(),
            source: None,
            ..input.clone()
        };
        let mut refused = fields(app.open_policy_revision(&cli, &bad).await.unwrap_err());
        refused.sort();
        assert_eq!(refused, ["reason", "source", "trigger"], "[{name}]");
        let ghost = RevisionInput {
            source: Some(uuid::Uuid::nil()),
            ..input.clone()
        };
        assert_eq!(
            fields(app.open_policy_revision(&cli, &ghost).await.unwrap_err()),
            ["source"]
        );
        assert_eq!(
            app.policy_document(&cli, policy)
                .await
                .unwrap()
                .versions
                .len(),
            1,
            "nothing written [{name}]"
        );
        let reader = signed_in(app, &cli, staff("S-1", "職員 一郎", ""), "reader", &[]).await;
        assert!(matches!(
            app.open_policy_revision(&reader, &input).await,
            Err(AppError::Forbidden)
        ));

        let first = app.open_policy_revision(&cli, &input).await.unwrap();
        assert_eq!(first.version, 2, "the next draft [{name}]");
        assert!(
            first.source_label.contains("令和8年法律第12号"),
            "{}",
            first.source_label
        );
        assert_eq!(first.source_href, format!("/laws/{law}"));
        let second = app
            .open_policy_revision(
                &cli,
                &RevisionInput {
                    section: String::new(),
                    reason: "用語を法改正に合わせる。".into(),
                    ..input.clone()
                },
            )
            .await
            .unwrap();
        assert_eq!(second.version, 2, "joins the draft being prepared [{name}]");
        assert_eq!(
            app.policy_document(&cli, policy)
                .await
                .unwrap()
                .versions
                .len(),
            2
        );
        assert_eq!(app.policy_revisions(&cli, policy).await.unwrap().len(), 2);
        let from = app.revisions_from(&cli, amendment).await.unwrap();
        assert_eq!(from.len(), 2, "[{name}]");
        assert_eq!(from[0].document.name, "テスト市情報セキュリティ基本方針");
    }
}
