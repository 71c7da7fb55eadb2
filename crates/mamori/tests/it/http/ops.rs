//! Operations: health checks, security headers, not-found pages in the visitor's language,
//! no external URLs, and a clean shutdown on SIGTERM.

use crate::support::{Db, client, sign_in};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_headers_and_not_found_pages() {
    for db in Db::both() {
        db.init();
        let s = db.serve();
        let c = client();
        let r = c.get(s.url("/readyz")).send().await.unwrap();
        assert_eq!(r.status(), 200, "[{}] ready", db.label());
        assert!(
            r.headers().contains_key("x-request-id"),
            "request id echoed"
        );
        assert_eq!(c.get(s.url("/healthz")).send().await.unwrap().status(), 200);

        let r = c.get(s.url("/login")).send().await.unwrap();
        let h = r.headers().clone();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'")
                && csp.contains("default-src 'none'")
                && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "same-origin");
        assert_eq!(h["cache-control"], "no-store");
        let html = r.text().await.unwrap();
        assert!(html.contains("<html lang=\"ja\">") && html.contains("ログイン"));

        let r = c.get(s.url("/no/such/page")).send().await.unwrap();
        assert_eq!(r.status(), 404);
        assert!(r.text().await.unwrap().contains("ページが見つかりません"));
        let r = c
            .get(s.url("/no/such/page"))
            .header("accept-language", "en-US,en;q=0.9")
            .send()
            .await
            .unwrap();
        assert!(
            r.text().await.unwrap().contains("Page not found"),
            "404 in the visitor's language"
        );
        let r = c.get(s.url("/api/v1/nothing")).send().await.unwrap();
        assert_eq!(r.status(), 404);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_reference_no_external_urls_and_shutdown_is_graceful() {
    let db = Db::sqlite();
    db.demo();
    let s = db.serve();
    let c = client();
    sign_in(&c, &s, "ciso").await;
    let staff_list = c
        .get(s.url("/staff"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let first = staff_list
        .split("<td><a href=\"/staff/")
        .nth(1)
        .map(|r| r[..36].to_owned())
        .unwrap();
    for path in [
        "/",
        "/staff",
        &format!("/staff/{first}"),
        "/staff/new",
        "/departments",
        "/roles",
        "/import/staff",
        "/audit",
        "/account",
        "/accounts",
        "/org",
        "/static/mamori.css",
    ] {
        let r = c.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let body = r.text().await.unwrap();
        for scheme in ["http://", "https://", "//cdn", "url(http"] {
            assert!(
                !body.contains(scheme),
                "{path} references an external URL ({scheme})"
            );
        }
    }
    let status = s.terminate();
    assert!(
        status.success(),
        "SIGTERM ends the server cleanly: {status:?}"
    );
}
