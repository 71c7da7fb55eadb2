//! Self-inspection by information system, and files attached on a sheet, on SQLite and
//! PostgreSQL: a campaign by system is refused by field for a system that does not
//! exist, is not in use, or for systems named in a campaign by department; it asks
//! every software asset in use (or those of the departments named), one sheet each,
//! answered by the department that keeps it and told once; each system is asked about
//! the controls protecting it; a gap becomes a risk on the system. A new file on an
//! item becomes evidence of the control it asks about and is linked on the answer, in
//! one transaction; a file for an item asking about no control, for another
//! department's control, of a refused type, or from another department changes
//! nothing. An audit naming a system audits the department keeping it.

use mamori_app::AppError;
use mamori_app::assets::AssetInput;
use mamori_app::authz::Actor;
use mamori_app::controls::{AppliedControlInput, NewEvidence};
use mamori_app::review::audit::{AuditInput, AuditorInput, NewFinding};
use mamori_app::review::{AnswerLine, InspectionInput, SheetAnswers, SheetEvidence};
use mamori_domain::review::inspection::Scope;
use uuid::Uuid;

use crate::common::{departments, envs, fields, signed_in, staff, subjects};

const CHECKLIST: &str = "## 技術的対策\n- 利用者IDを定期的に棚卸ししているか\n- 操作ログを保存しているか\n- 障害時の復旧手順があるか\n";

fn by_system(systems: &[&str], departments: &[&str]) -> InspectionInput {
    InspectionInput {
        name: "情報システム自己点検".into(),
        source: "own".into(),
        checklist: CHECKLIST.into(),
        scope: "systems".into(),
        systems: systems.iter().map(|s| (*s).into()).collect(),
        departments: departments.iter().map(|s| (*s).into()).collect(),
        applied_controls: true,
        ..InspectionInput::default()
    }
}

fn pdf(item: i32, control: Option<Uuid>) -> SheetEvidence {
    SheetEvidence {
        item,
        control,
        file: NewEvidence {
            file_name: "id-review.pdf".into(),
            body: b"%PDF-1.4\n% ID review of 2026\n%%EOF\n".to_vec(),
            description: "利用者ID棚卸し結果".into(),
            expires_on: String::new(),
        },
    }
}

/// 総務部 (情報政策課) and 市民生活部 (市民課), and the deputy CISO who opens
/// campaigns and plans audits.
async fn city(app: &mamori_app::App, cli: &Actor) -> Actor {
    departments(
        app,
        cli,
        &[
            ("100", "総務部", ""),
            ("110", "情報政策課", "100"),
            ("300", "市民生活部", ""),
            ("310", "市民課", "300"),
        ],
    )
    .await;
    signed_in(
        app,
        cli,
        staff("S-3", "統括 三郎", "100"),
        "deputy",
        &[("deputy-ciso", "")],
    )
    .await
}

/// The evidence kept on a control, by id.
async fn kept(app: &mamori_app::App, who: &Actor, control: Uuid) -> Vec<Uuid> {
    let c = app.applied_control(who, control).await.unwrap();
    c.evidence.into_iter().map(|e| e.id).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn systems_are_inspected_by_the_departments_that_keep_them() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        let cli = app.cli_actor(None, "test").await.unwrap();
        let deputy = city(app, &cli).await;
        let officer = signed_in(
            app,
            &cli,
            staff("S-1", "市民 一郎", "310"),
            "officer",
            &[("department-officer", "310")],
        )
        .await;
        let it = signed_in(
            app,
            &cli,
            staff("S-2", "情報 二郎", "110"),
            "itofficer",
            &[("department-officer", "110")],
        )
        .await;
        let asset = |name: &str, kind: &str, department: &str, status: &str| AssetInput {
            name: name.into(),
            kind: kind.into(),
            medium: "電子".into(),
            department: department.into(),
            status: status.into(),
            c: "2".into(),
            i: "2".into(),
            a: "2".into(),
            ..AssetInput::default()
        };
        let mut numbers = Vec::new();
        for a in [
            asset("住民記録システム", "software", "310", ""),
            asset("窓口予約システム", "software", "310", ""),
            asset("ネットワーク監視システム", "software", "110", ""),
            asset("旧住民記録システム", "software", "310", "廃止"),
            asset("窓口端末", "hardware", "310", ""),
        ] {
            numbers.push(app.create_asset(&cli, &a).await.unwrap().number);
        }
        let (records, booking, monitor, retired, terminal) = (
            numbers[0].as_str(),
            numbers[1].as_str(),
            numbers[2].as_str(),
            numbers[3].as_str(),
            numbers[4].as_str(),
        );
        let control = |name: &str, department: &str| AppliedControlInput {
            name: name.into(),
            category: "technical".into(),
            department: department.into(),
            assets: vec![records.into()],
            ..AppliedControlInput::default()
        };
        let access = app
            .save_applied_control(&cli, None, &control("住民記録のアクセス制御", "310"))
            .await
            .unwrap();
        let backup = app
            .save_applied_control(&cli, None, &control("住民記録のバックアップ", "110"))
            .await
            .unwrap();

        // Refusals by field, nothing written.
        let e1 = app
            .open_inspection(&deputy, &by_system(&["S-NOPE", retired], &[]))
            .await
            .unwrap_err();
        assert_eq!(fields(e1), ["systems", "systems"], "[{name}]");
        let mut mixed = by_system(&[records], &[]);
        mixed.scope = "departments".into();
        mixed.departments = vec!["310".into()];
        assert_eq!(
            fields(app.open_inspection(&deputy, &mixed).await.unwrap_err()),
            ["systems"],
            "[{name}]"
        );
        let mut unknown = by_system(&[], &[]);
        unknown.scope = "課長ごと".into();
        assert_eq!(
            fields(app.open_inspection(&deputy, &unknown).await.unwrap_err()),
            ["scope"],
            "[{name}]"
        );
        assert!(
            app.inspections(&deputy).await.unwrap().is_empty(),
            "[{name}]"
        );

        // Every software asset in use, one sheet each, the keeping department answers.
        let id = app
            .open_inspection(&deputy, &by_system(&[], &[]))
            .await
            .unwrap();
        let d = app.inspection(&deputy, id).await.unwrap();
        assert_eq!(d.inspection.scope, Scope::Systems, "[{name}]");
        let mut asked: Vec<(String, String)> = d
            .sheets
            .iter()
            .map(|s| {
                let system = s.system.as_ref().unwrap();
                (system.code.clone(), s.department.clone())
            })
            .collect();
        asked.sort();
        let mut expected = vec![
            (records.to_owned(), "市民課".to_owned()),
            (booking.to_owned(), "市民課".to_owned()),
            (monitor.to_owned(), "情報政策課".to_owned()),
        ];
        expected.sort();
        assert_eq!(asked, expected, "[{name}] neither {retired} nor {terminal}");
        // 市民課 is told once, of both its systems.
        let told: Vec<String> = subjects(app, &officer)
            .await
            .into_iter()
            .filter(|s| s.contains("自己点検"))
            .collect();
        assert_eq!(told.len(), 1, "[{name}] {told:?}");
        // The records system is also asked about both controls protecting it.
        let sheet_of = |code: &str| {
            d.sheets
                .iter()
                .find(|s| s.system.as_ref().is_some_and(|n| n.code == code))
                .unwrap()
                .id
        };
        let records_sheet = app
            .inspection_sheet(&officer, id, sheet_of(records))
            .await
            .unwrap();
        let controls: Vec<String> = records_sheet
            .answers
            .iter()
            .filter_map(|a| a.applied_control.as_ref().map(|c| c.name.clone()))
            .collect();
        assert_eq!(
            controls,
            ["住民記録のアクセス制御", "住民記録のバックアップ"],
            "[{name}]"
        );
        let booking_sheet = app
            .inspection_sheet(&officer, id, sheet_of(booking))
            .await
            .unwrap();
        assert_eq!(booking_sheet.answers.len(), 3, "[{name}]");
        // The department of another system's sheet may not answer this one.
        let line = AnswerLine {
            item: 1,
            answer: "未実施".into(),
            comment: "棚卸しの手順がない".into(),
            evidence: Vec::new(),
        };
        let one = SheetAnswers {
            answers: vec![line],
        };
        assert!(matches!(
            app.answer_inspection(&it, id, sheet_of(records), &one)
                .await,
            Err(AppError::Forbidden)
        ));
        app.answer_inspection(&officer, id, sheet_of(records), &one)
            .await
            .unwrap();
        // The gap becomes a risk on the system.
        let item = records_sheet.answers[0].id;
        let draft = app.risk_draft_from_answer(&deputy, item).await.unwrap();
        assert_eq!(draft.assets, [records], "[{name}]");
        assert!(draft.description.contains(records), "[{name}]");

        // Named departments narrow the systems taken.
        let narrow = app
            .open_inspection(&deputy, &by_system(&[], &["110"]))
            .await
            .unwrap();
        let n = app.inspection(&deputy, narrow).await.unwrap();
        let codes: Vec<&str> = n
            .sheets
            .iter()
            .filter_map(|s| s.system.as_ref().map(|x| x.code.as_str()))
            .collect();
        assert_eq!(codes, [monitor], "[{name}]");

        // A new file on an item becomes the control's evidence and the answer's link.
        let position_of = |control: Uuid| {
            records_sheet
                .answers
                .iter()
                .find(|a| a.applied_control.as_ref().is_some_and(|c| c.id == control))
                .unwrap()
                .position
        };
        let sheet = sheet_of(records);
        let refusals = [
            (pdf(99, None), "item"),
            (pdf(1, None), "item"),
            (
                SheetEvidence {
                    file: NewEvidence {
                        file_name: "page.html".into(),
                        body: b"<html><script>alert(1)</script></html>".to_vec(),
                        ..NewEvidence::default()
                    },
                    ..pdf(position_of(access.id), None)
                },
                "file",
            ),
            (pdf(position_of(access.id), Some(backup.id)), "control"),
        ];
        for (input, field) in refusals {
            let e = app
                .attach_inspection_evidence(&officer, id, sheet, input)
                .await
                .unwrap_err();
            assert_eq!(fields(e), [field], "[{name}]");
        }
        // The backup control is the IT department's: 市民課 may not file on it.
        assert!(matches!(
            app.attach_inspection_evidence(&officer, id, sheet, pdf(position_of(backup.id), None))
                .await,
            Err(AppError::Forbidden)
        ));
        let again = app.inspection_sheet(&officer, id, sheet).await.unwrap();
        assert!(
            again.answers.iter().all(|a| a.evidence.is_empty()),
            "[{name}] nothing linked"
        );
        assert!(kept(app, &deputy, access.id).await.is_empty(), "[{name}]");
        assert!(kept(app, &deputy, backup.id).await.is_empty(), "[{name}]");

        let filed = app
            .attach_inspection_evidence(&officer, id, sheet, pdf(position_of(access.id), None))
            .await
            .unwrap();
        assert_eq!(filed.applied_control_id, access.id, "[{name}]");
        assert_eq!(kept(app, &deputy, access.id).await, [filed.id], "[{name}]");
        let after = app.inspection_sheet(&officer, id, sheet).await.unwrap();
        let answer = after
            .answers
            .iter()
            .find(|a| a.position == position_of(access.id))
            .unwrap();
        let linked: Vec<_> = answer.evidence.iter().map(|e| e.id).collect();
        assert_eq!(linked, [filed.id], "[{name}]");
        // The IT department files on its own control from the same sheet's item.
        // (It answers no part of 市民課's sheet, so it is refused before the control.)
        assert!(matches!(
            app.attach_inspection_evidence(&it, id, sheet, pdf(position_of(backup.id), None))
                .await,
            Err(AppError::Forbidden)
        ));
    }
}

/// An audit may name systems beside (or instead of) departments: the department
/// keeping each is audited with it, so its staff do not audit, and a finding may be
/// about it; a number that is no asset is refused by field.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_audit_of_a_system_audits_the_department_keeping_it() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        e.clock.set("2026-05-20T00:00:00Z".parse().unwrap());
        let cli = app.cli_actor(None, "test").await.unwrap();
        let deputy = city(app, &cli).await;
        let lead = signed_in(
            app,
            &cli,
            staff("A-1", "監査 一郎", "110"),
            "lead",
            &[("auditor", "")],
        )
        .await;
        signed_in(
            app,
            &cli,
            staff("A-2", "監査 二郎", "310"),
            "inside",
            &[("auditor", "")],
        )
        .await;
        let records = app
            .create_asset(
                &cli,
                &AssetInput {
                    name: "住民記録システム".into(),
                    kind: "software".into(),
                    medium: "電子".into(),
                    department: "310".into(),
                    c: "2".into(),
                    i: "2".into(),
                    a: "2".into(),
                    ..AssetInput::default()
                },
            )
            .await
            .unwrap()
            .number;
        let auditor = |number: &str| AuditorInput {
            staff: number.into(),
            lead: number == "A-1",
            own_department_reason: String::new(),
        };
        let plan = |systems: &[&str], auditors: Vec<AuditorInput>| AuditInput {
            kind: "internal".into(),
            title: "住民記録システムの監査".into(),
            systems: systems.iter().map(|s| (*s).into()).collect(),
            criteria: "情報セキュリティ対策基準 第6章".into(),
            planned_from: "2026-06-01".into(),
            planned_until: "2026-06-30".into(),
            auditors,
            ..AuditInput::default()
        };
        let refused = |r: Result<Uuid, AppError>| fields(r.unwrap_err());
        assert_eq!(
            refused(
                app.create_audit(&deputy, &plan(&[], vec![auditor("A-1")]))
                    .await
            ),
            ["departments"],
            "[{name}] neither departments nor systems"
        );
        assert_eq!(
            refused(
                app.create_audit(&deputy, &plan(&["S-NOPE"], vec![auditor("A-1")]))
                    .await
            ),
            ["systems"],
            "[{name}]"
        );
        // 監査 二郎 belongs to 市民課, which keeps the system.
        assert_eq!(
            refused(
                app.create_audit(
                    &deputy,
                    &plan(&[&records], vec![auditor("A-1"), auditor("A-2")])
                )
                .await
            ),
            ["auditors[1]"],
            "[{name}]"
        );
        assert!(app.security_audits(&deputy).await.unwrap().is_empty());

        let id = app
            .create_audit(&deputy, &plan(&[&records], vec![auditor("A-1")]))
            .await
            .unwrap();
        let view = app.security_audit(&deputy, id).await.unwrap().audit;
        let systems: Vec<&str> = view.systems.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(systems, [records.as_str()], "[{name}]");
        assert!(view.departments.is_empty(), "[{name}] none named");
        // In the field, a finding may be about 市民課, not about 情報政策課.
        app.advance_audit(&lead, id).await.unwrap();
        let finding = |department: &str| NewFinding {
            grade: "minor".into(),
            department: department.into(),
            criterion: "対策基準 6.1".into(),
            description: "利用者IDの棚卸しが行われていない。".into(),
            found_on: String::new(),
        };
        assert_eq!(
            fields(
                app.record_audit_finding(&lead, id, &finding("110"))
                    .await
                    .unwrap_err()
            ),
            ["department"],
            "[{name}]"
        );
        app.record_audit_finding(&lead, id, &finding("310"))
            .await
            .unwrap();
    }
}
