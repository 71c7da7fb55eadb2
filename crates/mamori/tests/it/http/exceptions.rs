//! Exceptions through a real `mamori serve` on the demo city: the register shows the
//! demo's dozen with the urgent one standing out; a department officer asks for an
//! exception on the form (one without an end date is refused by field and writes
//! nothing); the deputy may not decide in the CISO's place; the CISO approves it and
//! it shows on the SoA line; the export carries it; a staff member gets 403.

use crate::support::{Server, client, figure, location, page, sign_in};

async fn department_id(c: &reqwest::Client, s: &Server, code: &str) -> String {
    let depts: Vec<serde_json::Value> = c
        .get(s.url("/api/v1/departments"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    depts.iter().find(|d| d["code"] == code).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_department_asks_the_ciso_approves_and_the_soa_shows_it() {
    let db = crate::support::Db::sqlite();
    db.demo();
    let s = db.serve();

    let ciso = client();
    let ciso_csrf = sign_in(&ciso, &s, "ciso").await;
    let (status, list) = page(&ciso, &s, "/exceptions").await;
    assert_eq!(status, 200);
    assert_eq!(figure(&list, "exception-total"), "12", "the demo's dozen");
    assert!(
        list.contains("障害復旧のための管理者権限の一時付与"),
        "{list}"
    );
    let (_, dash) = page(&ciso, &s, "/").await;
    assert_eq!(figure(&dash, "tile-exceptions-urgent"), "1", "one urgent");
    assert_eq!(
        figure(&dash, "tile-exceptions-expiring"),
        "2",
        "two this month"
    );

    // The officer of 市民生活部 asks for 市民課; without an end it is refused by field.
    let officer = client();
    let csrf = sign_in(&officer, &s, "officer").await;
    let dept = department_id(&officer, &s, "310").await;
    let today = chrono::Utc::now().date_naive();
    let form = |until: String| {
        vec![
            ("_csrf".to_owned(), csrf.clone()),
            ("title".into(), "窓口での外部記録媒体の受け入れ".into()),
            ("department".into(), dept.clone()),
            ("rule".into(), "mic-guideline:MIC-3.1.1".into()),
            (
                "reason".into(),
                "転入者が持参する証明書データの受け取りのため".into(),
            ),
            (
                "compensating".into(),
                "検疫端末で確認してから取り込む".into(),
            ),
            ("valid_from".into(), today.to_string()),
            ("valid_until".into(), until),
        ]
    };
    let r = officer
        .post(s.url("/exceptions/new"))
        .form(&form(String::new()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"e-valid_until\""), "{body}");
    assert!(
        body.contains("期限のない例外措置は認められません"),
        "{body}"
    );
    let (_, list) = page(&ciso, &s, "/exceptions").await;
    assert_eq!(figure(&list, "exception-total"), "12", "nothing written");

    let until = (today + chrono::Duration::days(90)).to_string();
    let r = officer
        .post(s.url("/exceptions/new"))
        .form(&form(until))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let at = location(&r);
    let id = at
        .trim_start_matches("/exceptions/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();

    // The deputy may not decide in the CISO's place.
    let deputy = client();
    let deputy_csrf = sign_in(&deputy, &s, "deputy").await;
    let r = deputy
        .post(s.url(&format!("/exceptions/{id}/decide")))
        .form(&[("_csrf", deputy_csrf.as_str()), ("decision", "approve")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    let r = ciso
        .post(s.url(&format!("/exceptions/{id}/decide")))
        .form(&[
            ("_csrf", ciso_csrf.as_str()),
            ("decision", "approve"),
            ("conditions", "検疫端末での確認を必ず行うこと"),
            ("decision_ref", "情セ委第20号"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, detail) = page(&officer, &s, &format!("/exceptions/{id}")).await;
    assert!(
        detail.contains("id=\"exception-standing\">適用中"),
        "{detail}"
    );
    assert!(detail.contains("情セ委第20号"), "{detail}");

    // The SoA line of the control shows it.
    let (_, soa) = page(&ciso, &s, "/soa/mic-guideline").await;
    let line = soa
        .split("id=\"c-MIC-3.1.1\"")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(line.contains("例外 EXC-0013"), "{line}");

    // The export carries it; a staff member has no register.
    let csv = ciso
        .get(s.url("/exceptions/export.csv?standing=active"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("EXC-0013,窓口での外部記録媒体の受け入れ"),
        "{csv}"
    );
    let staff = client();
    sign_in(&staff, &s, "staff").await;
    assert_eq!(page(&staff, &s, "/exceptions").await.0, 403);
    let api = staff.get(s.url("/api/v1/exceptions")).send().await.unwrap();
    assert_eq!(api.status(), 403);
}
