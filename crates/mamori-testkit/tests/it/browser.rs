//! chromedriver starts, reports ready, drives headless Chromium, and dies on drop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use mamori_testkit::browser::{chrome_capabilities, chromedriver, screenshot_dir};
use serde_json::{Value, json};

/// Minimal HTTP/1.1 request to 127.0.0.1:`port`; returns (status code, body).
/// The body is read by `Content-Length` (chromedriver keeps connections open).
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("write request");
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).expect("status line");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header");
        let line = line.trim().to_ascii_lowercase();
        if line.is_empty() {
            break;
        }
        assert!(
            !line.contains("chunked"),
            "chunked responses are not handled here"
        );
        if let Some(v) = line.strip_prefix("content-length:") {
            length = v.trim().parse().expect("content-length");
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    (status, String::from_utf8(body).expect("UTF-8 body"))
}

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("bad JSON ({e}): {body}"))
}

#[test]
fn chromedriver_status_is_ready() {
    let Some(driver) = chromedriver() else { return };
    assert_eq!(driver.url, format!("http://127.0.0.1:{}", driver.port));
    let (status, body) = http(driver.port, "GET", "/status", None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(json_of(&body)["value"]["ready"], json!(true), "{body}");

    let port = driver.port;
    drop(driver);
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "chromedriver still listening after drop"
    );
}

#[test]
fn headless_chromium_session_in_japanese() {
    let Some(driver) = chromedriver() else { return };
    let caps = chrome_capabilities("ja-JP");
    let options = &caps["goog:chromeOptions"];
    let args: Vec<&str> = options["args"]
        .as_array()
        .expect("args")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(args.contains(&"--headless=new") && args.contains(&"--no-sandbox"));
    assert!(args.contains(&"--lang=ja-JP"));
    assert!(args.iter().any(|a| a.starts_with("--user-data-dir=")));
    assert_eq!(options["prefs"]["intl.accept_languages"], json!("ja-JP,ja"));

    let new_session = json!({ "capabilities": { "alwaysMatch": Value::Object(caps) } });
    let (status, body) = http(driver.port, "POST", "/session", Some(&new_session));
    assert_eq!(status, 200, "new session: {body}\n{}", driver.log_tail(30));
    let session = json_of(&body)["value"]["sessionId"]
        .as_str()
        .expect("sessionId")
        .to_owned();

    let page = "data:text/html;charset=utf-8,<title>まもり</title><h1>こんにちは</h1>";
    let (status, body) = http(
        driver.port,
        "POST",
        &format!("/session/{session}/url"),
        Some(&json!({ "url": page })),
    );
    assert_eq!(status, 200, "navigate: {body}");
    let (_, body) = http(
        driver.port,
        "POST",
        &format!("/session/{session}/execute/sync"),
        Some(&json!({
            "script": "return [navigator.language, document.title, innerWidth];",
            "args": []
        })),
    );
    let value = &json_of(&body)["value"];
    assert_eq!(value[0], json!("ja-JP"), "{body}");
    assert_eq!(value[1], json!("まもり"), "{body}");

    let (status, body) = http(
        driver.port,
        "GET",
        &format!("/session/{session}/screenshot"),
        None,
    );
    assert_eq!(status, 200);
    let png_base64 = json_of(&body)["value"]
        .as_str()
        .expect("screenshot")
        .to_owned();
    assert!(png_base64.starts_with("iVBORw0KGgo"), "not a PNG");
    let dir = screenshot_dir();
    assert!(
        dir.is_dir() && dir.ends_with("target/e2e"),
        "{}",
        dir.display()
    );
    std::fs::write(dir.join("testkit-smoke.png.base64"), png_base64).expect("write screenshot");

    let (status, body) = http(driver.port, "DELETE", &format!("/session/{session}"), None);
    assert_eq!(status, 200, "delete session: {body}");
}

/// Live processes whose command line mentions `needle` (zombies have none).
fn processes_mentioning(needle: &str) -> usize {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .filter(|cmdline| String::from_utf8_lossy(cmdline).contains(needle))
        .count()
}

#[test]
fn dropping_the_driver_kills_a_browser_left_open() {
    let Some(driver) = chromedriver() else { return };
    let caps = chrome_capabilities("");
    let profile = caps["goog:chromeOptions"]["args"]
        .as_array()
        .expect("args")
        .iter()
        .filter_map(Value::as_str)
        .find_map(|a| a.strip_prefix("--user-data-dir="))
        .expect("user-data-dir")
        .to_owned();
    assert!(
        caps["goog:chromeOptions"]["args"]
            .as_array()
            .expect("args")
            .contains(&json!("--lang=ja-JP")),
        "empty lang means ja-JP"
    );
    let new_session = json!({ "capabilities": { "alwaysMatch": Value::Object(caps) } });
    let (status, body) = http(driver.port, "POST", "/session", Some(&new_session));
    assert_eq!(status, 200, "new session: {body}");
    assert!(processes_mentioning(&profile) > 0, "no browser running");

    // No DELETE /session: the test "forgot" to quit the browser.
    drop(driver);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while processes_mentioning(&profile) > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "browser processes survived dropping the driver"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
