//! The security committee through the use cases, on SQLite and PostgreSQL: a meeting's
//! attendees must sit on the committee; an item needs a record that exists and can be
//! decided; a decision waits for the meeting to be held, takes only the outcomes its
//! kind allows, and, approving a policy version or accepting a risk, changes that
//! record in the same write (nothing at all when the record refuses); decisions are
//! numbered by fiscal year; minutes are approved once, at a later meeting; members read
//! it all and only the top officers keep it.

use mamori_app::AppError;
use mamori_app::policies::DocumentInput;
use mamori_app::review::committee::{
    AgendaInput, CommitteeDecision, MeetingInput, MinutesApproval, MinutesInput,
};
use mamori_app::risks::{RiskInput, StageInput};
use mamori_domain::policy::Move;
use uuid::Uuid;

use crate::common::{envs, fields, signed_in, staff};

fn ipa(importance: u8, likelihood: u8, vulnerability: u8) -> StageInput {
    StageInput {
        importance: Some(importance),
        likelihood: Some(likelihood),
        vulnerability: Some(vulnerability),
        impact: None,
    }
}

fn decision(item: Uuid, outcome: &str) -> CommitteeDecision {
    CommitteeDecision {
        agenda_item: item,
        outcome: outcome.into(),
        text: "原案どおり承認する。".into(),
        ..CommitteeDecision::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decision_approves_a_policy_version_and_accepts_a_risk_in_the_same_write() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        e.clock.set("2026-05-20T00:00:00Z".parse().unwrap());
        let cli = app.cli_actor(None, "test").await.unwrap();
        let member = signed_in(
            app,
            &cli,
            staff("C-1", "委員 一郎", ""),
            "member",
            &[("committee", "")],
        )
        .await;
        let outsider = signed_in(app, &cli, staff("S-1", "職員 二郎", ""), "outsider", &[]).await;

        // Attendees sit on the committee that day.
        let refused = app
            .schedule_meeting(
                &cli,
                &MeetingInput {
                    held_on: "2026-05-28".into(),
                    attendees: vec!["C-1".into(), "S-1".into()],
                    ..MeetingInput::default()
                },
            )
            .await
            .unwrap_err();
        assert_eq!(fields(refused), ["attendees[1]"], "[{name}]");
        let input = MeetingInput {
            held_on: "2026-05-28".into(),
            attendees: vec!["C-1".into()],
            ..MeetingInput::default()
        };
        assert!(matches!(
            app.schedule_meeting(&member, &input).await,
            Err(AppError::Forbidden)
        ));
        let first = app.schedule_meeting(&cli, &input).await.unwrap();
        let listed = app.committee_meetings(&member).await.unwrap();
        assert_eq!(
            listed[0].title, "令和8年度 第1回 情報セキュリティ委員会",
            "[{name}]"
        );
        assert_eq!(listed[0].attendees[0].name, "委員 一郎");
        assert!(matches!(
            app.committee_meetings(&outsider).await,
            Err(AppError::Forbidden)
        ));

        // A version in review and a risk whose residual is evaluated.
        let doc = DocumentInput {
            tier: "basic".into(),
            title: "テスト市情報セキュリティ基本方針".into(),
            body: "## 1 目的\n\n情報資産を守る。\n".into(),
            ..DocumentInput::default()
        };
        let policy = app.create_policy_document(&cli, &doc).await.unwrap();
        let risk = app
            .create_risk(
                &cli,
                &RiskInput {
                    title: "窓口での誤送信".into(),
                    threat: "T-MISSEND".into(),
                    inherent: ipa(3, 3, 2),
                    residual: ipa(3, 3, 2),
                    treatment: "受容".into(),
                    ..RiskInput::default()
                },
            )
            .await
            .unwrap();

        // An item needs a record that exists and is in a state to decide.
        let draft_item = AgendaInput {
            kind: "policy_version".into(),
            record: Some(policy),
            version: Some(1),
            ..AgendaInput::default()
        };
        let e1 = app
            .add_agenda_item(&cli, first, &draft_item)
            .await
            .unwrap_err();
        assert_eq!(fields(e1), ["version"], "a draft is not decidable [{name}]");
        let ghost = AgendaInput {
            kind: "risk_acceptance".into(),
            record: Some(Uuid::nil()),
            ..AgendaInput::default()
        };
        let e2 = app.add_agenda_item(&cli, first, &ghost).await.unwrap_err();
        assert_eq!(fields(e2), ["record"], "[{name}]");
        app.move_policy_version(&cli, policy, 1, Some(Move::Submit))
            .await
            .unwrap();
        let version_item = app.add_agenda_item(&cli, first, &draft_item).await.unwrap();
        let risk_item = app
            .add_agenda_item(
                &cli,
                first,
                &AgendaInput {
                    kind: "risk_acceptance".into(),
                    record: Some(risk.id),
                    ..AgendaInput::default()
                },
            )
            .await
            .unwrap();
        let candidates = app.agenda_candidates(&cli).await.unwrap();
        assert!(
            candidates
                .iter()
                .any(|c| c.record == policy && c.version == Some(1))
        );

        // Nothing is decided before the meeting is held, nor held before its day.
        let early = app
            .record_decision(&cli, first, &decision(version_item, "approved"))
            .await
            .unwrap_err();
        assert_eq!(fields(early), ["state"], "[{name}]");
        assert_eq!(
            fields(app.hold_meeting(&cli, first).await.unwrap_err()),
            ["held_on"]
        );
        e.clock.set("2026-05-28T06:00:00Z".parse().unwrap());
        app.hold_meeting(&cli, first).await.unwrap();

        // An outcome the kind does not take, and an approval without its day, change
        // nothing.
        let noted = app
            .record_decision(&cli, first, &decision(version_item, "noted"))
            .await
            .unwrap_err();
        assert_eq!(fields(noted), ["outcome"], "[{name}]");
        let no_day = app
            .record_decision(&cli, first, &decision(version_item, "approved"))
            .await
            .unwrap_err();
        assert_eq!(fields(no_day), ["effective_on"], "[{name}]");
        let doc_now = app.policy_document(&cli, policy).await.unwrap();
        assert!(doc_now.versions.iter().all(|v| v.decision_no.is_empty()));

        let approved = app
            .record_decision(
                &cli,
                first,
                &CommitteeDecision {
                    effective_on: "2026-06-01".into(),
                    ..decision(version_item, "approved")
                },
            )
            .await
            .unwrap();
        assert_eq!(approved.number, "2026-01", "[{name}]");
        let v1 = app.policy_document(&cli, policy).await.unwrap().versions[0].clone();
        assert_eq!(
            (v1.decision_no.as_str(), v1.meeting.as_str()),
            ("2026-01", "令和8年度 第1回 情報セキュリティ委員会"),
            "the version is approved with the decision [{name}]"
        );
        assert_eq!(v1.decided_on, Some("2026-05-28".parse().unwrap()));
        let again = app
            .record_decision(&cli, first, &decision(version_item, "approved"))
            .await
            .unwrap_err();
        assert_eq!(fields(again), ["agenda_item"], "decided once [{name}]");

        // An acceptance beyond three years is refused by the decision's field, and
        // neither the risk nor the decision is written.
        let too_long = CommitteeDecision {
            expires_on: "2031-03-31".into(),
            ..decision(risk_item, "approved")
        };
        let e3 = app
            .record_decision(&cli, first, &too_long)
            .await
            .unwrap_err();
        assert_eq!(fields(e3), ["expires_on"], "[{name}]");
        assert!(app.risk(&cli, risk.id).await.unwrap().acceptance.is_none());
        let accepted = app
            .record_decision(
                &cli,
                first,
                &CommitteeDecision {
                    expires_on: "2027-03-31".into(),
                    ..decision(risk_item, "approved")
                },
            )
            .await
            .unwrap();
        assert_eq!(accepted.number, "2026-02", "[{name}]");
        let acceptance = app.risk(&cli, risk.id).await.unwrap().acceptance.unwrap();
        assert!(acceptance.by.contains("2026-02"), "{}", acceptance.by);
        assert_eq!(acceptance.on, "2026-05-28".parse().unwrap());

        // Minutes: written after the meeting, approved once at a later one.
        let minutes = MinutesInput {
            minutes: "## 議事\n\n1. 基本方針を承認。\n".into(),
        };
        app.save_minutes(&cli, first, &minutes).await.unwrap();
        let html = app
            .committee_meeting(&member, first)
            .await
            .unwrap()
            .minutes_html;
        assert!(html.contains("<h2>議事</h2>"), "{html}");
        let bad = MinutesInput {
            minutes: "<script>alert(1)</script>".into(),
        };
        assert_eq!(
            fields(app.save_minutes(&cli, first, &bad).await.unwrap_err()),
            ["minutes"]
        );
        let second = app
            .schedule_meeting(
                &cli,
                &MeetingInput {
                    held_on: "2026-08-20".into(),
                    ..MeetingInput::default()
                },
            )
            .await
            .unwrap();
        let at_scheduled = app
            .approve_minutes(&cli, second, &MinutesApproval { meeting: first })
            .await
            .unwrap_err();
        assert_eq!(fields(at_scheduled), ["meeting"], "[{name}]");
        e.clock.set("2026-08-20T06:00:00Z".parse().unwrap());
        app.hold_meeting(&cli, second).await.unwrap();
        app.approve_minutes(&cli, second, &MinutesApproval { meeting: first })
            .await
            .unwrap();
        assert_eq!(
            fields(app.save_minutes(&cli, first, &minutes).await.unwrap_err()),
            ["minutes"],
            "approved minutes do not change [{name}]"
        );
        let all = app.committee_meetings(&member).await.unwrap();
        let first_view = all.iter().find(|m| m.id == first).unwrap();
        assert_eq!(
            first_view.minutes_approved_in.as_ref().map(|m| m.id),
            Some(second)
        );
        let decisions = app.committee_decisions(&member).await.unwrap();
        assert_eq!(
            decisions
                .iter()
                .map(|d| d.number.as_str())
                .collect::<Vec<_>>(),
            ["2026-02", "2026-01"]
        );
    }
}
