//! Incidents through the use cases, on SQLite and PostgreSQL: a staff member reports a
//! mis-sent mail with residents' data; the reporting line is told (the CISO too, since
//! personal data is involved) without the title; colleagues outside it do not find the
//! incident; the CSIRT triages it and takes it through its states with a timeline; the
//! CISO closes it once the root cause is recorded. Bad input changes nothing, and an
//! insider case stays within its circle.

mod breach;
mod circle;
mod flow;

use chrono::Duration;
use mamori_app::AppError;
use mamori_app::authz::Actor;
use mamori_app::departments::DepartmentInput;
use mamori_app::incidents::{
    AnalysisInput, BreachInput, EntryInput, IncidentQuery, IncidentSettingsInput, MoveInput,
    NoticeInput, PpcReport, PreventionInput, ReportInput, SubmissionInput, TaskInput, TriageInput,
};
use mamori_app::risks::RiskInput;
use mamori_app::staff::StaffInput;
use mamori_app::{App, Clock, PageRequest};
use mamori_domain::incident::State;

use crate::common::{Env, PASSWORD, envs, signed_in, with_mail};

pub(super) fn staff(number: &str, name: &str, department: &str) -> StaffInput {
    StaffInput {
        employee_number: number.into(),
        name: name.into(),
        department: department.into(),
        ..StaffInput::default()
    }
}

pub(super) fn misdelivery() -> ReportInput {
    ReportInput {
        title: "住民票の写しを別の住民に郵送した".into(),
        category: "誤送信".into(),
        description: "窓口で受け付けた請求の写しを、別の方の住所に送った。".into(),
        location: "市民課 窓口".into(),
        occurred_at: "2026-03-30 15:00".into(),
        known_at: "2026-03-31 10:00".into(),
        personal_data: "1".into(),
        persons: "120".into(),
        assets: String::new(),
    }
}

pub(super) async fn visible(app: &App, who: &Actor) -> Vec<String> {
    app.incidents(who, &IncidentQuery::default(), PageRequest::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|r| r.number)
        .collect()
}

pub(super) async fn inbox_subjects(app: &App, who: &Actor) -> Vec<(String, String)> {
    app.inbox(who, "ja", false, PageRequest::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|n| (n.subject, n.body))
        .collect()
}

pub(super) struct People {
    pub reporter: Actor,
    pub colleague: Actor,
    pub csirt: Actor,
    pub officer: Actor,
    pub ciso: Actor,
}

pub(super) async fn people(e: &Env) -> People {
    let app = &e.app;
    let cli = app.cli_actor(None, "test").await.unwrap();
    for (code, name, parent) in [
        ("300", "市民部", ""),
        ("310", "市民課", "市民部"),
        ("320", "税務課", "市民部"),
    ] {
        app.create_department(
            &cli,
            &DepartmentInput {
                code: code.into(),
                name: name.into(),
                parent: parent.into(),
                ..DepartmentInput::default()
            },
        )
        .await
        .unwrap();
    }
    let ciso_session = app.login("ciso", PASSWORD, "test").await.unwrap().unwrap();
    People {
        reporter: signed_in(app, &cli, staff("1001", "報告 花子", "310"), "hanako", &[]).await,
        colleague: signed_in(app, &cli, staff("1002", "同僚 太郎", "320"), "taro", &[]).await,
        csirt: signed_in(
            app,
            &cli,
            staff("2001", "対応 次郎", ""),
            "jiro",
            &[("csirt", "")],
        )
        .await,
        officer: signed_in(
            app,
            &cli,
            staff("3001", "責任 三郎", "300"),
            "saburo",
            &[("department-officer", "300")],
        )
        .await,
        ciso: app
            .session(&ciso_session.cookie, "test")
            .await
            .unwrap()
            .actor,
    }
}
