//! Keyboard and accessibility smoke test: the skip link, a label for every control, and
//! nothing loaded from outside the server.

use fantoccini::Locator;
use fantoccini::key::Key;

use crate::support;

use super::{browser, find, go, initialized_server, press, shot, sign_in, text};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_labels_and_no_external_urls() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let (_db, server) = initialized_server();
    let mut visited: Vec<(String, String)> = Vec::new();

    go(c, &server.url("/login")).await;
    visited.push(("/login".into(), c.source().await.unwrap()));
    sign_in(c, &server, "ciso").await;

    // Skip link: first Tab lands on it, Enter moves the focus to the main content.
    for path in ["/", "/staff", "/staff/new"] {
        go(c, &server.url(path)).await;
        press(c, Key::Tab).await;
        let focused = c.active_element().await.unwrap();
        assert_eq!(
            focused.attr("class").await.unwrap().as_deref(),
            Some("skip"),
            "first Tab on {path} did not focus the skip link"
        );
        assert_eq!(
            focused.attr("href").await.unwrap().as_deref(),
            Some("#main")
        );
        assert_eq!(focused.text().await.unwrap(), "本文へ移動");
        let (x, _, w, _) = focused.rectangle().await.unwrap();
        assert!(
            x >= 0.0 && w > 0.0,
            "the focused skip link is off-screen on {path} (x={x})"
        );
        if path == "/" {
            shot(c, "skip_link_focused.png").await;
        }
        press(c, Key::Enter).await;
        let focused = c.active_element().await.unwrap();
        assert_eq!(
            focused.attr("id").await.unwrap().as_deref(),
            Some("main"),
            "Enter on the skip link did not move the focus to the content on {path}"
        );
    }

    // Every control of the staff and department forms has a visible label.
    for (path, form) in [
        ("/staff/new", "form[action='/staff/new']"),
        ("/departments/new", "form[action='/departments/new']"),
        (
            "/admin/settings/directory",
            "form[action='/admin/settings/directory']",
        ),
        (
            "/admin/settings/oidc",
            "form[action='/admin/settings/oidc']",
        ),
        (
            "/admin/settings/mail",
            "form[action='/admin/settings/mail']",
        ),
        ("/incidents/new", "form[action='/incidents/new']"),
        ("/events/rules", "form[action='/events/rules']"),
    ] {
        go(c, &server.url(path)).await;
        let controls = c
            .find_all(Locator::Css(&format!(
                "{form} input:not([type=hidden]), {form} select, {form} textarea"
            )))
            .await
            .unwrap();
        assert!(
            controls.len() >= 6,
            "too few controls on {path}: {}",
            controls.len()
        );
        for control in controls {
            let id = control.attr("id").await.unwrap().unwrap_or_default();
            let name = control.attr("name").await.unwrap().unwrap_or_default();
            assert!(
                !id.is_empty(),
                "control {name} on {path} has no id for a label"
            );
            let labels = c
                .find_all(Locator::Css(&format!("label[for='{id}']")))
                .await
                .unwrap();
            assert_eq!(
                labels.len(),
                1,
                "control #{id} on {path} needs exactly one <label for>"
            );
            let label = labels[0].text().await.unwrap();
            assert!(
                !label.trim().is_empty(),
                "the label of #{id} on {path} is empty"
            );
        }
        if path == "/staff/new" {
            shot(c, "staff_form.png").await;
        }
        if path == "/admin/settings/directory" {
            shot(c, "directory_settings.png").await;
        }
        if path == "/incidents/new" {
            shot(c, "incident_report.png").await;
        }
    }

    // No page refers to anything outside this server (municipal networks are closed).
    for path in [
        "/",
        "/staff",
        "/staff/new",
        "/departments",
        "/departments/new",
        "/roles",
        "/import/staff",
        "/accounts",
        "/audit",
        "/account",
        "/incidents",
        "/incidents/statistics",
        "/events",
        "/events/sources",
        "/events/rules",
    ] {
        go(c, &server.url(path)).await;
        assert!(
            !text(c, "main h1").await.is_empty(),
            "{path} has no heading"
        );
        assert_eq!(
            find(c, "html").await.attr("lang").await.unwrap().as_deref(),
            Some("ja"),
            "{path} does not declare its language"
        );
        visited.push((path.to_owned(), c.source().await.unwrap()));
        // What the browser actually fetched for this page.
        let loaded = c
            .execute(
                "return performance.getEntriesByType('resource').map(e => e.name)",
                vec![],
            )
            .await
            .unwrap();
        for url in loaded
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
        {
            assert!(
                url.starts_with(&server.base),
                "{path} loaded {url} from elsewhere"
            );
        }
    }
    let css = support::client()
        .get(server.url("/static/mamori.css"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    visited.push(("/static/mamori.css".into(), css));
    for (path, source) in &visited {
        for scheme in ["http://", "https://", "//"] {
            for (i, _) in source.match_indices(scheme) {
                let rest = &source[i..];
                let own = rest.starts_with(&server.base)
                    || (scheme == "//" && source[..i].ends_with(':')) // the scheme's own slashes
                    || (scheme == "//" && rest.starts_with(&server.base["http:".len()..]));
                assert!(
                    own,
                    "{path} refers to an external URL: {}",
                    rest.chars().take(80).collect::<String>()
                );
            }
        }
    }
}
