//! Syslog over UDP and TCP from a known sender drafts an incident; lines that are not
//! syslog and senders no source names are counted, not stored.

use std::time::Duration;

use mamori_app::PageRequest;
use mamori_app::events::{EventQuery, SourceInput, SyslogConfig};
use tokio::io::AsyncWriteExt;

use super::{drafted, ransomware_rule, team};
use crate::common::envs;

#[tokio::test]
async fn syslog_lines_from_a_known_sender_draft_an_incident() {
    let e = envs().await.remove(0);
    let app = &e.app;
    let t = team(app).await;
    let src = app
        .create_event_source(
            &t.csirt,
            &SourceInput {
                name: "本庁舎FW".into(),
                kind: "syslog".into(),
                senders: "127.0.0.1".into(),
                ..SourceInput::default()
            },
        )
        .await
        .unwrap()
        .source;
    assert!(src.webhook_path.is_none());
    app.create_event_rule(&t.csirt, &ransomware_rule())
        .await
        .unwrap();
    let listeners = app
        .listen_syslog(&SyslogConfig {
            udp: Some("127.0.0.1:0".parse().unwrap()),
            tcp: Some("127.0.0.1:0".parse().unwrap()),
        })
        .await
        .unwrap();
    let udp = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    udp.send_to(
        b"<34>1 2026-04-01T08:55:00+09:00 fw01 ips - - - Ransomware C2 beacon from 10.2.3.4",
        listeners.udp.unwrap(),
    )
    .await
    .unwrap();
    udp.send_to(b"hello, not syslog", listeners.udp.unwrap())
        .await
        .unwrap();
    // A sender no source names.
    let stranger = tokio::net::UdpSocket::bind("127.0.0.2:0").await.unwrap();
    stranger
        .send_to(
            b"<34>Apr  1 09:00:00 evil ransomware",
            listeners.udp.unwrap(),
        )
        .await
        .unwrap();
    let mut tcp = tokio::net::TcpStream::connect(listeners.tcp.unwrap())
        .await
        .unwrap();
    let counted = "<13>Apr  1 09:01:00 srv02 sshd[7]: Failed password for admin";
    tcp.write_all(
        format!(
            "{} {counted}<14>Apr  1 09:02:00 srv02 cron: job done\n",
            counted.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    tcp.shutdown().await.unwrap();

    let mut seen = Vec::new();
    for _ in 0..100 {
        seen = app
            .events(&t.csirt, &EventQuery::default(), PageRequest::default())
            .await
            .unwrap()
            .items;
        if seen.len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut hosts: Vec<_> = seen
        .iter()
        .map(|e| (e.host.clone(), e.severity.clone()))
        .collect();
    hosts.sort();
    assert_eq!(
        hosts,
        [
            ("fw01".to_owned(), "crit".to_owned()),
            ("srv02".to_owned(), "info".to_owned()),
            ("srv02".to_owned(), "notice".to_owned()),
        ]
    );
    assert_eq!(
        drafted(app, &t.csirt).await.len(),
        1,
        "the ransomware line drafted one"
    );
    let fw = seen.iter().find(|e| e.host == "fw01").unwrap();
    assert!(fw.incident_number.is_some());
    assert_eq!(fw.rule.as_deref(), Some("ランサムウェア検知"));
    let counters = app.event_source(&t.csirt, src.id).await.unwrap().counters;
    assert_eq!(counters.unreadable, 1, "the line that is not syslog");
    assert_eq!(counters.accepted, 3);
    let settings = app.event_settings(&t.csirt).await.unwrap();
    assert_eq!(settings.unknown_senders, 1);
    drop(listeners);
}
