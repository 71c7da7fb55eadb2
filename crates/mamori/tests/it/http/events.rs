//! Security events through a real `mamori serve`: the CSIRT adds a webhook source and
//! a rule on the screens, an EDR posts an alert with the secret and an incident draft
//! appears in the API; wrong secrets, oversized and unreadable bodies get the API's
//! error shape; a syslog line sent to the server's UDP port drafts an incident too.

use std::time::Duration;

use crate::support::{Db, client, http, sign_in};

fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = html.find(start)? + start.len();
    let rest = &html[i..];
    Some(&rest[..rest.find(end)?])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edr_alert_and_a_syslog_line_become_incident_drafts() {
    let db = Db::sqlite();
    db.demo();
    let (ok, out, err) = db.run(&[
        "admin",
        "create-user",
        "--login",
        "csirt",
        "--name",
        "対応 次郎",
        "--employee-number",
        "ZCSIRT",
        "--role",
        "csirt",
    ]);
    assert!(ok, "{out}{err}");
    let (ok, token, _) = db.run(&["admin", "create-token", "--login", "csirt"]);
    assert!(ok);
    let token = token.trim().to_owned();
    let port = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let udp_at = format!("127.0.0.1:{port}");
    let s = crate::support::Server::start_with(&db, &[("MAMORI_SYSLOG_UDP", &udp_at)]);
    let c = client();
    let csrf = sign_in(&c, &s, "csirt").await;

    let page = c
        .post(s.url("/events/sources"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "EDR 管理サーバー"),
            ("kind", "webhook"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let secret = between(&page, "<code id=\"webhook-secret\">", "</code>")
        .expect("the secret is shown once")
        .to_owned();
    let path = between(&page, "<code id=\"webhook-path\">", "</code>")
        .unwrap()
        .to_owned();
    assert!(secret.starts_with("mms_"));
    let r = c
        .post(s.url("/events/rules"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "ランサムウェア"),
            ("min_severity", "err"),
            ("pattern", "ransom"),
            ("action", "draft"),
            ("category", "malware"),
            ("severity", "critical"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "the rule is saved");
    // A bad rule is shown again with its problem, and nothing is saved.
    let r = c
        .post(s.url("/events/rules"))
        .form(&[("_csrf", csrf.as_str()), ("name", "x"), ("pattern", "(")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("正規表現"));

    let api = http().build().unwrap();
    let alert = serde_json::json!({"events": [
        {"host": "pc-12", "severity": "critical", "message": "Ransomware activity blocked", "time": "2026-12-06T09:30:00+09:00"}
    ]});
    let r = api
        .post(s.url(&path))
        .bearer_auth(&secret)
        .json(&alert)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let receipt: serde_json::Value = r.json().await.unwrap();
    assert_eq!(receipt["drafted"].as_array().unwrap().len(), 1);

    let r = api
        .post(s.url(&path))
        .bearer_auth("mms_wrong")
        .json(&alert)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "unauthenticated");
    let big = vec![b'x'; 2 * 1024 * 1024];
    // The server answers 413 before reading the whole body and drops the connection;
    // a client of its own keeps the next request off that connection.
    let r = http()
        .build()
        .unwrap()
        .post(s.url(&path))
        .bearer_auth(&secret)
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let r = api
        .post(s.url(&path))
        .bearer_auth(&secret)
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "invalid");

    let events: serde_json::Value = api
        .get(s.url("/api/v1/events?host=pc-12"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // The EDR's one event (the demo's firewall has its own, from another host).
    assert_eq!(events["total"], 1);
    let number = events["items"][0]["incident_number"]
        .as_str()
        .unwrap()
        .to_owned();

    // Syslog from this machine: a source for 127.0.0.1, then a line to the UDP port.
    let r = c
        .post(s.url("/events/sources"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "本庁舎FW"),
            ("kind", "syslog"),
            ("senders", "127.0.0.1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let sender = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let listed = async |api: &reqwest::Client| -> Vec<String> {
        let list: serde_json::Value = api
            .get(s.url("/api/v1/incidents?per_page=200"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["number"].as_str().unwrap().to_owned())
            .collect()
    };
    // The demo's own incidents, and the one the EDR alert drafted.
    let before = listed(&api).await;
    assert!(before.contains(&number));
    let mut numbers = Vec::new();
    for _ in 0..100 {
        sender
            .send_to(
                b"<33>1 2026-12-06T10:00:00+09:00 fw01 ips - - - ransomware C2 beacon",
                &udp_at,
            )
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        numbers = listed(&api).await;
        if numbers.len() > before.len() {
            break;
        }
    }
    assert_eq!(
        numbers.len(),
        before.len() + 1,
        "the syslog line drafted one incident: {numbers:?}"
    );
    let (status, html) = crate::support::page(&c, &s, "/events").await;
    assert_eq!(status, 200);
    assert!(html.contains("fw01") && html.contains("pc-12"));
}
