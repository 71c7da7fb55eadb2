//! Notices over HTTP with a real mail server (aiosmtpd): a role given shows as an
//! unread count in the header and a notice in the inbox, and arrives by mail through
//! the server's own job loop; `mamori mail test` reports the server's answer, and a
//! refusal with the server's words.

use std::time::Duration;

use mamori_testkit::smtp::SmtpServer;

use crate::support::{Db, PASSWORD, Server, client, location, page, sign_in};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_given_shows_in_the_header_and_inbox_and_arrives_by_mail() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let db = Db::sqlite();
    db.init();
    let url = smtp.url();
    let s = Server::start_with(
        &db,
        &[
            ("MAMORI_SMTP_URL", url.as_str()),
            ("MAMORI_MAIL_FROM", "Mamori <isms@city.example.lg.jp>"),
            ("MAMORI_PUBLIC_URL", "https://isms.city.example.lg.jp"),
        ],
    );
    let ciso = client();
    let csrf = sign_in(&ciso, &s, "ciso").await;
    let r = ciso
        .post(s.url("/staff/new"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("employee_number", "T-0001"),
            ("name", "通知 花子"),
            ("email", "hanako@city.example.lg.jp"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let staff_path = location(&r);
    let staff_path = staff_path.split('?').next().unwrap().to_owned();
    let r = ciso
        .post(s.url(&format!("{staff_path}/account")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("login", "hanako"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);

    let hanako = client();
    sign_in(&hanako, &s, "hanako").await;
    let home = page(&hanako, &s, "/").await.1;
    assert!(!home.contains("class=\"badge\""), "no unread notices yet");
    assert!(
        home.contains("今、あなたがすることはありません"),
        "the to-do list says plainly it is empty"
    );
    assert!(home.contains("ISMS の役割はありません"));

    let r = ciso
        .post(s.url(&format!("{staff_path}/roles")))
        .form(&[("_csrf", csrf.as_str()), ("role", "csirt")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);

    let home = page(&hanako, &s, "/").await.1;
    assert!(
        home.contains(">1</span>"),
        "the header counts one unread notice"
    );
    let mine = home.split("id=\"my-home\"").nth(1).unwrap_or_default();
    assert!(
        mine.contains("CSIRT要員に任命されました"),
        "the new notice is on the home page"
    );
    assert!(
        mine.contains("<li>CSIRT要員</li>"),
        "and the role among hers"
    );
    let inbox = page(&hanako, &s, "/inbox").await.1;
    assert!(inbox.contains("CSIRT要員に任命されました"), "{inbox}");
    assert!(inbox.contains("class=\"notice-item unread\""));

    // The server's mail job sends it within seconds, with links to this server.
    let got = smtp.wait_for(1, Duration::from_secs(20));
    assert_eq!(got.len(), 1, "the mail arrived");
    let m = mail_parser::MessageParser::default()
        .parse(got[0].as_bytes())
        .unwrap();
    assert_eq!(m.subject(), Some("[Mamori] CSIRT要員に任命されました"));
    let body = m.body_text(0).unwrap();
    assert!(
        body.contains("https://isms.city.example.lg.jp/inbox"),
        "{body}"
    );

    // Marked read, the count goes.
    let inbox = page(&hanako, &s, "/inbox").await.1;
    let token = crate::support::input_value(&inbox, "_csrf").unwrap();
    let r = hanako
        .post(s.url("/inbox/read-all"))
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let home = page(&hanako, &s, "/").await.1;
    assert!(
        !home.contains("class=\"badge\""),
        "read notices are not counted"
    );

    // The API lists the same notice, in English on request.
    let api = hanako
        .get(s.url("/api/v1/inbox?lang=en"))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(api["total"], 1);
    assert_eq!(api["items"][0]["subject"], "You are now CSIRT member");
    assert_eq!(api["items"][0]["read"], true);

    // The administrator's jobs page shows the mail job has run.
    let jobs = page(&ciso, &s, "/admin/jobs").await.1;
    assert!(
        jobs.contains("mail.send") && jobs.contains("sent 1"),
        "{jobs}"
    );
}

#[test]
fn mail_test_reports_the_servers_answer_or_its_refusal() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let db = Db::sqlite();
    db.init();
    let url = smtp.url();
    let run = |to: &str| {
        let out = db
            .cmd()
            .env("MAMORI_SMTP_URL", &url)
            .env("MAMORI_MAIL_FROM", "isms@city.example.lg.jp")
            .args(["mail", "test", "--to", to])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, out, err) = run("ciso@city.example.lg.jp");
    assert!(ok, "{out}{err}");
    assert!(out.contains("250"), "{out}");
    assert_eq!(smtp.wait_for(1, Duration::from_secs(5)).len(), 1);

    let (ok, out, err) = run("reject.me@city.example.lg.jp");
    assert!(!ok, "{out}");
    assert!(err.contains("550") && err.contains("拒否しました"), "{err}");

    let (ok, _, err) = run("not an address");
    assert!(!ok);
    assert!(err.contains("to"), "{err}");

    // Nothing configured: said plainly.
    let (ok, _, err) = db.run(&["mail", "test", "--to", "ciso@city.example.lg.jp"]);
    assert!(!ok);
    assert!(err.contains("MAMORI_SMTP_URL"), "{err}");
}
