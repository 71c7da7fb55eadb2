//! Headless Chromium against a real `mamori serve`: what a person at a city hall does
//! with a mouse and a keyboard. The app has no JavaScript; WebDriver only drives it.
//!
//! Each test starts its own server (SQLite) and chromedriver, and saves screenshots
//! under `target/e2e/`. Without Chromium the tests are skipped loudly (or fail with
//! `MAMORI_REQUIRE_BROWSER=1`).

mod accessibility;
mod assets;
mod incidents;
mod login;
mod oidc;
mod policies;
mod risks;
mod setup;
mod staff;
mod training;

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use mamori_testkit::browser::{ChromeDriver, chrome_capabilities, chromedriver, screenshot_dir};

use crate::support::{Db, PASSWORD, Server};

/// A browser session; the driver (and so the browser) goes away on drop.
struct Browser {
    c: Client,
    _driver: ChromeDriver,
}

/// Headless Chromium in Japanese, or `None` when no browser is installed.
async fn browser() -> Option<Browser> {
    let driver = chromedriver()?;
    let caps = chrome_capabilities("ja-JP");
    let c = ClientBuilder::rustls()
        .unwrap()
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .unwrap_or_else(|e| panic!("new WebDriver session: {e}\n{}", driver.log_tail(30)));
    Some(Browser { c, _driver: driver })
}

/// A server with an organization and its CISO (`ciso` / [`PASSWORD`]).
fn initialized_server() -> (Db, Server) {
    let db = Db::sqlite();
    db.init();
    let server = db.serve();
    (db, server)
}

async fn go(c: &Client, url: &str) {
    c.goto(url)
        .await
        .unwrap_or_else(|e| panic!("open {url}: {e}"));
}

/// The current path and query, e.g. `/login?done=setup`.
async fn here(c: &Client) -> String {
    let u = c.current_url().await.unwrap();
    match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_owned(),
    }
}

async fn find(c: &Client, css: &str) -> Element {
    match c.find(Locator::Css(css)).await {
        Ok(e) => e,
        Err(e) => {
            let at = here(c).await;
            let src = c.source().await.unwrap_or_default();
            panic!("no `{css}` on {at}: {e}\n--- page ---\n{}", excerpt(&src));
        }
    }
}

async fn exists(c: &Client, css: &str) -> bool {
    !c.find_all(Locator::Css(css)).await.unwrap().is_empty()
}

/// The visible text of the first element matching `css`.
async fn text(c: &Client, css: &str) -> String {
    find(c, css).await.text().await.unwrap()
}

/// The current value of a form control (what the user sees in it).
async fn value(c: &Client, css: &str) -> String {
    find(c, css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Replaces the content of a text field, typing like a user.
async fn fill(c: &Client, css: &str, v: &str) {
    let e = find(c, css).await;
    e.clear().await.unwrap();
    if !v.is_empty() {
        e.send_keys(v)
            .await
            .unwrap_or_else(|err| panic!("type into {css}: {err}"));
    }
}

/// Selects the option of a `<select>` whose visible text contains `label`; returns its value.
async fn choose(c: &Client, select_css: &str, label: &str) -> String {
    let select = find(c, select_css).await;
    for o in select.find_all(Locator::Css("option")).await.unwrap() {
        if o.text().await.unwrap().contains(label) {
            let v = o.attr("value").await.unwrap().unwrap_or_default();
            select.select_by_value(&v).await.unwrap();
            return v;
        }
    }
    panic!("no option containing {label:?} in {select_css}");
}

/// Clicks an element that loads a new page, and waits for that page.
async fn click_and_wait(c: &Client, css: &str) {
    let old = find(c, "html").await;
    find(c, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
    let deadline = Instant::now() + Duration::from_secs(15);
    // The old document's root goes stale once the browser has replaced the page.
    while old.tag_name().await.is_ok() {
        assert!(
            Instant::now() < deadline,
            "clicking {css} did not load a page (still on {})",
            here(c).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    loop {
        let state = c.execute("return document.readyState", vec![]).await;
        if matches!(state.as_ref().map(|v| v.as_str()), Ok(Some("complete"))) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "page after clicking {css} did not finish loading"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    assert!(
        png.starts_with(b"\x89PNG"),
        "screenshot {name} is not a PNG"
    );
    let path = screenshot_dir().join(name);
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Presses (and releases) one key on whatever has the focus.
async fn press(c: &Client, key: Key) {
    let k: char = key.into();
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: k })
        .then(KeyAction::Up { value: k });
    c.perform_actions(keys).await.unwrap();
}

fn excerpt(s: &str) -> String {
    s.chars().take(3000).collect()
}

/// Signs in through the login form and expects the dashboard.
async fn sign_in(c: &Client, s: &Server, login: &str) {
    go(c, &s.url("/login")).await;
    fill(c, "#f-login", login).await;
    fill(c, "#f-password", PASSWORD).await;
    click_and_wait(c, "button[type=submit]").await;
    assert_eq!(here(c).await, "/", "sign-in did not land on the dashboard");
    assert_eq!(text(c, "main h1").await, "ダッシュボード");
}

/// The text of every row of the first `table.register`, cells joined by " | ".
async fn table_rows(c: &Client) -> Vec<String> {
    let mut rows = Vec::new();
    for tr in c
        .find_all(Locator::Css("table.register tbody tr"))
        .await
        .unwrap()
    {
        let mut cells = Vec::new();
        for td in tr.find_all(Locator::Css("td")).await.unwrap() {
            cells.push(td.text().await.unwrap().trim().to_owned());
        }
        rows.push(cells.join(" | "));
    }
    rows
}

/// The number of current staff the staff list reports ("全 N 件").
async fn staff_total(c: &Client, s: &Server) -> usize {
    go(c, &s.url("/staff")).await;
    let count = text(c, "p.count").await;
    let digits: String = count.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number in the staff count {count:?}"))
}

/// Uploads a file on one import page (staff or assets) with "create departments" ticked,
/// and waits for the preview.
async fn upload_to(c: &Client, server: &Server, page: &str, file: &Path) {
    go(c, &server.url(page)).await;
    find(c, "#f-file")
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap_or_else(|e| panic!("choose {}: {e}", file.display()));
    let create = find(c, "#f-create").await;
    if !create.is_selected().await.unwrap() {
        create.click().await.unwrap();
    }
    assert_eq!(
        text(c, "form[enctype='multipart/form-data'] button.primary").await,
        "内容を確認"
    );
    click_and_wait(c, "form[enctype='multipart/form-data'] button.primary").await;
}

/// The preview's counts: new, updated and unchanged rows.
async fn counts(c: &Client) -> (String, String, String) {
    (
        text(c, "#count-creates").await,
        text(c, "#count-updates").await,
        text(c, "#count-unchanged").await,
    )
}
