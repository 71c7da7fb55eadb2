//! The JSON API under a property-based fuzzer: schemathesis (PyPI) reads the served
//! OpenAPI document and sends every operation generated requests, as the CISO and as a
//! staff member without roles. No answer may be a server error or contradict the
//! document (status code, content type, body shape).
//!
//! The fuzzer is found through `MAMORI_SCHEMATHESIS` (the path of its `st` command) or
//! on `PATH`; `.ci/run` installs it and sets `MAMORI_REQUIRE_SCHEMATHESIS=1`, which turns
//! a missing fuzzer into a failure.

use std::process::Command;

use crate::support::Db;

const REQUIRE_VAR: &str = "MAMORI_REQUIRE_SCHEMATHESIS";

fn fuzzer() -> Option<String> {
    let candidates = std::env::var("MAMORI_SCHEMATHESIS")
        .into_iter()
        .chain(["st".to_owned(), "schemathesis".to_owned()]);
    for c in candidates {
        let ok = Command::new(&c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(c);
        }
    }
    None
}

fn token(db: &Db, login: &str) -> String {
    let (ok, out, err) = db.run(&["admin", "create-token", "--login", login, "--name", "fuzz"]);
    assert!(ok, "create-token {login}: {out}{err}");
    out.trim().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_holds_to_its_document_under_fuzzing() {
    let Some(st) = fuzzer() else {
        mamori_testkit::skip_or_fail(
            "schemathesis",
            "neither MAMORI_SCHEMATHESIS nor `st` on PATH",
            REQUIRE_VAR,
        );
        return;
    };
    let db = Db::sqlite();
    db.demo();
    // The demo's CISO, and a staff member who holds no ISMS role.
    let users = [("ciso", token(&db, "ciso")), ("staff", token(&db, "staff"))];
    let server = db.serve();
    // A token the server refuses would make every answer a documented 401: a run that
    // proves nothing. Both must read the organization first.
    let c = crate::support::client();
    for (who, secret) in &users {
        let r = c
            .get(server.url("/api/v1/org"))
            .bearer_auth(secret)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{who}'s token is refused");
    }
    let schema = server.url("/api/v1/openapi.json");
    let mut failures = Vec::new();
    for (who, secret) in &users {
        let out = Command::new(&st)
            .env(
                "SCHEMATHESIS_HOOKS",
                concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz_hooks.py"),
            )
            .args(["run", &schema])
            .args(["-H", &format!("Authorization: Bearer {secret}")])
            .args([
                "--checks",
                "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                "--max-examples",
                "25",
                "--seed",
                "1",
                "--phases",
                "examples,coverage,fuzzing",
                "--generation-database",
                "none",
                "--workers",
                "2",
                "--continue-on-failure",
                "--no-color",
            ])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        // Some operations refuse a given actor outright; all of them refusing means the
        // run went unauthenticated.
        let tested = number_after(&text, "Tested: ");
        let refused = number_after(&text, "Authentication failed: ").unwrap_or(0);
        assert!(
            tested.is_some_and(|t| t > 0 && refused < t),
            "as {who}: {refused} of {tested:?} operations only refused"
        );
        if !out.status.success() {
            // The summary and the failures are at the end; the progress lines are not.
            let tail: Vec<&str> = text.lines().rev().take(400).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            failures.push(format!(
                "as {who} (exit {:?}):\n{}\n{}",
                out.status.code(),
                tail.join("\n"),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The number printed right after `label` in the fuzzer's summary.
fn number_after(text: &str, label: &str) -> Option<usize> {
    let rest = &text[text.find(label)? + label.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// What the fuzzer first found, pinned on both databases: numbers out of range and
/// requests that cannot be read get a 4xx in the API's error shape, never a 500.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_requests_get_the_documented_error_shape() {
    for db in Db::both() {
        db.demo();
        let secret = token(&db, "ciso");
        let server = db.serve();
        let c = crate::support::client();
        let huge = "9223372036854775808";
        for list in ["staff", "risks", "assets"] {
            let r = c
                .get(server.url(&format!("/api/v1/{list}?page={huge}")))
                .bearer_auth(&secret)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 422, "{} {list}", db.label());
            let body: serde_json::Value = r.json().await.unwrap();
            assert_eq!(body["error"]["fields"][0]["field"], "page", "{list}");
        }
        let cases = [
            ("GET", "/api/v1/staff?per_page=-1", None, None, 400),
            ("GET", "/api/v1/staff/not-a-uuid", None, None, 400),
            ("PUT", "/api/v1/org", None, None, 415),
            (
                "POST",
                "/api/v1/staff",
                Some("application/json"),
                Some("\0"),
                400,
            ),
            (
                "POST",
                "/api/v1/staff",
                Some("application/json"),
                Some("{}"),
                422,
            ),
        ];
        for (method, path, ctype, body, status) in cases {
            let mut req = c
                .request(method.parse().unwrap(), server.url(path))
                .bearer_auth(&secret);
            if let Some(t) = ctype {
                req = req.header("content-type", t);
            }
            if let Some(b) = body {
                req = req.body(b);
            }
            let r = req.send().await.unwrap();
            assert_eq!(r.status(), status, "{} {method} {path}", db.label());
            let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
            assert!(ct.starts_with("application/json"), "{method} {path}: {ct}");
            let body: serde_json::Value = r.json().await.unwrap();
            assert!(
                body["error"]["message_ja"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty())
            );
            assert!(body["error"]["fields"].is_array(), "{method} {path}");
        }
    }
}
