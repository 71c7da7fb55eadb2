//! Headless Chromium against a real `mamori serve`: what a person at a city hall does
//! with a mouse and a keyboard. The app has no JavaScript; WebDriver only drives it.
//!
//! Each test starts its own server (SQLite) and chromedriver, and saves screenshots
//! under `target/e2e/`. Without Chromium the tests are skipped loudly (or fail with
//! `MAMORI_REQUIRE_BROWSER=1`).

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use mamori_testkit::browser::{ChromeDriver, chrome_capabilities, chromedriver, screenshot_dir};

use crate::support::{self, Db, PASSWORD, Server, unix_now};

// ---------------------------------------------------------------------------
// helpers

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

// ---------------------------------------------------------------------------
// 1. first-run setup

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_setup_in_the_browser_then_the_link_is_spent() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let db = Db::sqlite();
    let server = db.serve();
    let setup = server.setup_url().unwrap_or_else(|| {
        panic!(
            "no setup URL printed on an empty database: {:?}",
            server.banner
        )
    });

    // Before setup, the sign-in page only says that setup is pending: no login form.
    go(c, &server.url("/login")).await;
    assert_eq!(text(c, "main h1").await, "初期設定");
    assert!(
        !exists(c, "#f-password").await,
        "a login form before any account exists"
    );

    go(c, &setup).await;
    assert_eq!(text(c, "main h1").await, "初期設定");
    fill(c, "#f-name", "みどり市").await;
    fill(c, "#f-code", "131016").await;
    fill(c, "#f-admin_name", "情報 花子").await;
    fill(c, "#f-login", "hanako").await;
    fill(c, "#f-password", PASSWORD).await;
    // The scheme to start with: MIC 2024 is preselected, each choice says what it is.
    assert!(
        find(c, "#f-scheme-mic2024")
            .await
            .is_selected()
            .await
            .unwrap()
    );
    assert!(text(c, "#f-scheme").await.contains("3A/3B/3C/2/1"));
    find(c, "#f-scheme-mic2022").await.click().await.unwrap();
    shot(c, "setup.png").await;
    click_and_wait(c, "button[type=submit]").await;

    assert_eq!(here(c).await, "/login?done=setup");
    assert!(
        text(c, "p.notice").await.contains("初期設定が完了しました"),
        "no setup-done notice"
    );
    shot(c, "setup_done_login.png").await;

    // The new CISO signs in; the organization requires a second factor of the CISO,
    // so she is sent to set up TOTP first, then reaches the dashboard.
    go(c, &server.url("/login")).await;
    fill(c, "#f-login", "hanako").await;
    fill(c, "#f-password", PASSWORD).await;
    click_and_wait(c, "button[type=submit]").await;
    assert_eq!(
        here(c).await,
        "/account/mfa",
        "the CISO must set up a second factor"
    );
    assert!(exists(c, ".qr svg").await, "a QR code is shown");
    let secret = text(c, "#totp-secret").await;
    shot(c, "mfa_enroll.png").await;
    fill(
        c,
        "#f-code",
        &mamori_app::mfa::code_at(&secret, unix_now()).unwrap(),
    )
    .await;
    click_and_wait(c, "form[action='/account/mfa'] button.primary").await;
    let codes = text(c, "#recovery-codes").await;
    assert_eq!(
        codes.split_whitespace().count(),
        10,
        "ten recovery codes: {codes}"
    );
    shot(c, "mfa_recovery_codes.png").await;

    // Sign out, and sign in again with password and the authenticator's next code.
    click_and_wait(c, "header.site form[action='/logout'] button").await;
    go(c, &server.url("/login")).await;
    fill(c, "#f-login", "hanako").await;
    fill(c, "#f-password", PASSWORD).await;
    click_and_wait(c, "button[type=submit]").await;
    assert!(
        here(c).await.starts_with("/login/mfa"),
        "the second step is asked for"
    );
    fill(
        c,
        "#f-code",
        &mamori_app::mfa::code_at(&secret, unix_now() + 30).unwrap(),
    )
    .await;
    shot(c, "mfa_login.png").await;
    click_and_wait(c, "button[type=submit]").await;
    assert_eq!(here(c).await, "/", "signed in with TOTP");
    assert_eq!(text(c, "main h1").await, "ダッシュボード");
    assert!(
        text(c, "main").await.contains("みどり市"),
        "org name not on the dashboard"
    );
    assert_eq!(text(c, "header.site .login").await, "hanako");
    assert!(
        exists(c, "nav.main a[href='/accounts']").await,
        "the first administrator should manage accounts"
    );
    shot(c, "dashboard_after_setup.png").await;
    go(c, &server.url("/classification")).await;
    let active = text(c, "main section:has(.badge) h2").await;
    assert!(
        active.contains("令和4年版"),
        "the chosen scheme is active: {active}"
    );

    // The link worked once; now it says so (and is a 404).
    go(c, &setup).await;
    let body = text(c, "body").await;
    assert!(
        body.contains("初期設定のURLが正しくないか、既に使用されています。"),
        "re-used setup link not refused: {body}"
    );
    assert!(
        !exists(c, "input[name=token]").await,
        "setup form shown again"
    );
    shot(c, "setup_link_spent.png").await;
    let status = support::client().get(&setup).send().await.unwrap().status();
    assert_eq!(status, 404);
}

// ---------------------------------------------------------------------------
// 2. sign-in and the language switch

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_failure_then_success_and_language_switch() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let (_db, server) = initialized_server();

    go(c, &server.url("/login")).await;
    assert_eq!(
        find(c, "html").await.attr("lang").await.unwrap().as_deref(),
        Some("ja")
    );
    fill(c, "#f-login", "ciso").await;
    fill(c, "#f-password", "まちがったパスワード").await;
    click_and_wait(c, "button[type=submit]").await;
    let alert = text(c, "[role=alert]").await;
    assert!(
        alert.contains("ログインIDまたはパスワードが正しくありません"),
        "no failure message: {alert}"
    );
    assert_eq!(
        value(c, "#f-login").await,
        "ciso",
        "the login typed is kept"
    );
    assert_eq!(
        value(c, "#f-password").await,
        "",
        "a wrong password is not echoed back"
    );
    assert!(
        !exists(c, "nav.main").await,
        "signed in with a wrong password"
    );
    shot(c, "login_failed.png").await;

    fill(c, "#f-password", PASSWORD).await;
    click_and_wait(c, "button[type=submit]").await;
    assert_eq!(here(c).await, "/");
    assert_eq!(text(c, "main h1").await, "ダッシュボード");
    let nav: Vec<String> = {
        let mut v = Vec::new();
        for a in c.find_all(Locator::Css("nav.main a")).await.unwrap() {
            v.push(a.attr("href").await.unwrap().unwrap_or_default());
        }
        v
    };
    for href in [
        "/",
        "/staff",
        "/departments",
        "/roles",
        "/import/staff",
        "/accounts",
        "/audit",
        "/account",
    ] {
        assert!(
            nav.iter().any(|h| h == href),
            "CISO navigation lacks {href}: {nav:?}"
        );
    }
    shot(c, "dashboard_ja.png").await;

    // To English: same page, English texts.
    let switch = "header.site form[action='/account/lang'] button";
    assert_eq!(text(c, switch).await, "English");
    click_and_wait(c, switch).await;
    assert_eq!(here(c).await, "/");
    assert_eq!(
        find(c, "html").await.attr("lang").await.unwrap().as_deref(),
        Some("en")
    );
    assert_eq!(text(c, "main h1").await, "Dashboard");
    assert_eq!(text(c, "nav.main a[href='/staff']").await, "Staff");
    assert_eq!(
        text(c, "nav.main a[href='/departments']").await,
        "Departments"
    );
    assert_eq!(text(c, switch).await, "日本語");
    assert_eq!(
        text(c, "header.site form[action='/logout'] button").await,
        "Sign out"
    );
    shot(c, "dashboard_en.png").await;

    // The choice is remembered on other pages.
    go(c, &server.url("/staff")).await;
    assert_eq!(text(c, "main h1").await, "Staff");
    assert!(text(c, "p.count").await.starts_with("Total"));

    // And back to Japanese, staying on the staff list.
    click_and_wait(c, switch).await;
    assert_eq!(here(c).await, "/staff");
    assert_eq!(
        find(c, "html").await.attr("lang").await.unwrap().as_deref(),
        Some("ja")
    );
    assert_eq!(text(c, "main h1").await, "職員一覧");
    assert_eq!(text(c, "nav.main a[href='/staff']").await, "職員");
    assert_eq!(text(c, switch).await, "English");
    shot(c, "staff_list_ja_again.png").await;

    // Sign out: back to the login page, and the dashboard is no longer reachable.
    click_and_wait(c, "header.site form[action='/logout'] button").await;
    assert_eq!(here(c).await, "/login?done=logged_out");
    assert!(text(c, "p.notice").await.contains("ログアウトしました"));
    go(c, &server.url("/")).await;
    assert!(
        here(c).await.starts_with("/login"),
        "dashboard shown after sign-out: {}",
        here(c).await
    );
}

// ---------------------------------------------------------------------------
// 3. departments and staff through the forms

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn departments_and_staff_through_the_forms() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let (_db, server) = initialized_server();
    sign_in(c, &server, "ciso").await;
    let staff_before = staff_total(c, &server).await;

    // A department without a code: refused, with the typed name kept.
    go(c, &server.url("/departments/new")).await;
    fill(c, "#f-name", "総務部").await;
    fill(c, "#f-valid_from", "2020-04-01").await;
    click_and_wait(c, "button.primary").await;
    assert_eq!(
        here(c).await,
        "/departments/new",
        "an invalid form must not redirect"
    );
    let summary = text(c, ".error-summary").await;
    assert!(summary.contains("入力内容を確認してください"), "{summary}");
    let link = find(c, ".error-summary a[href='#f-code']").await;
    assert!(
        link.text().await.unwrap().contains("所属コード"),
        "summary link does not name the field"
    );
    assert!(
        text(c, "#e-code.field-error")
            .await
            .contains("所属コードが入力されていません")
    );
    assert_eq!(
        find(c, "#f-code")
            .await
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    assert_eq!(value(c, "#f-name").await, "総務部");
    assert_eq!(value(c, "#f-valid_from").await, "2020-04-01");
    shot(c, "department_errors.png").await;

    // Corrected: saved, and listed.
    fill(c, "#f-code", "100").await;
    click_and_wait(c, "button.primary").await;
    assert_eq!(here(c).await, "/departments?done=dept.created");
    assert!(text(c, "p.notice").await.contains("所属を登録しました"));
    let rows = table_rows(c).await;
    assert!(
        rows.iter().any(|r| r.starts_with("100 | 総務部 | 部")),
        "department not listed (kind inferred from the name): {rows:?}"
    );

    // A section under it, chosen from the parent list.
    go(c, &server.url("/departments/new")).await;
    fill(c, "#f-code", "110").await;
    fill(c, "#f-name", "情報政策課").await;
    let parent = choose(c, "#f-parent", "総務部").await;
    assert!(!parent.is_empty(), "the parent option has no id");
    click_and_wait(c, "button.primary").await;
    assert_eq!(here(c).await, "/departments?done=dept.created");
    let rows = table_rows(c).await;
    let top = rows.iter().position(|r| r.contains("総務部")).unwrap();
    let sub = rows
        .iter()
        .position(|r| r.starts_with("110 | 情報政策課 | 課"))
        .unwrap_or_else(|| panic!("section not listed: {rows:?}"));
    assert!(
        sub > top,
        "the section is not shown under its division: {rows:?}"
    );
    let sub_cell = find(c, "table.register td.depth-1").await;
    assert_eq!(
        sub_cell.text().await.unwrap().trim(),
        "情報政策課",
        "section not indented"
    );
    shot(c, "departments.png").await;

    // A staff member with errors: the summary names each field, values stay.
    go(c, &server.url("/staff/new")).await;
    fill(c, "#f-employee_number", "12 34!").await;
    fill(c, "#f-name", "佐藤 花子").await;
    fill(c, "#f-kana", "さとう はなこ").await;
    fill(c, "#f-email", "hanako.sato@").await;
    let dept = choose(c, "#f-department", "情報政策課").await;
    find(c, "#f-category")
        .await
        .select_by_value("fiscal_year_appointee")
        .await
        .unwrap();
    find(c, "#f-part_time").await.click().await.unwrap();
    fill(c, "#f-start_date", "令和2年4月1日").await;
    click_and_wait(c, "button.primary").await;
    assert_eq!(here(c).await, "/staff/new");
    assert!(
        exists(c, ".error-summary a[href='#f-employee_number']").await,
        "no summary link for the number"
    );
    assert!(
        exists(c, ".error-summary a[href='#f-email']").await,
        "no summary link for the e-mail"
    );
    assert!(text(c, "#e-employee_number").await.contains("職員番号"));
    assert!(text(c, "#e-email").await.contains("メールアドレス"));
    assert_eq!(value(c, "#f-name").await, "佐藤 花子");
    assert_eq!(value(c, "#f-kana").await, "さとう はなこ");
    assert_eq!(value(c, "#f-email").await, "hanako.sato@");
    assert_eq!(
        value(c, "#f-department").await,
        dept,
        "department choice lost"
    );
    assert_eq!(
        value(c, "#f-category").await,
        "fiscal_year_appointee",
        "category choice lost"
    );
    assert!(
        find(c, "#f-part_time").await.is_selected().await.unwrap(),
        "part-time tick lost"
    );
    assert_eq!(value(c, "#f-start_date").await, "令和2年4月1日");
    shot(c, "staff_form_errors.png").await;

    // Corrected: saved; the profile shows what was entered.
    fill(c, "#f-employee_number", "100234").await;
    fill(c, "#f-email", "hanako.sato@city.midori.lg.jp").await;
    click_and_wait(c, "button.primary").await;
    let at = here(c).await;
    assert!(
        at.starts_with("/staff/") && at.ends_with("?done=staff.created"),
        "no redirect to the profile: {at}"
    );
    assert_eq!(text(c, "p.notice").await, "職員を登録しました。");
    let h1 = text(c, "main h1").await;
    assert!(
        h1.contains("佐藤 花子") && h1.contains("サトウ ハナコ"),
        "profile heading: {h1}"
    );
    let props = text(c, "dl.props").await;
    for want in [
        "100234",
        "総務部/情報政策課",
        "会計年度任用職員",
        "非常勤",
        "hanako.sato@city.midori.lg.jp",
    ] {
        assert!(props.contains(want), "profile lacks {want}: {props}");
    }
    assert!(
        props.contains("2020") || props.contains("令和2年4月1日"),
        "start date missing: {props}"
    );
    shot(c, "staff_created.png").await;

    // Found in the list by hiragana reading and by number; the refused attempt left nothing.
    go(c, &server.url("/staff?q=はなこ")).await;
    assert_eq!(text(c, "p.count").await, "全 1 件");
    let rows = table_rows(c).await;
    assert!(
        rows.len() == 1 && rows[0].contains("佐藤 花子") && rows[0].contains("総務部/情報政策課"),
        "{rows:?}"
    );
    shot(c, "staff_list.png").await;
    go(c, &server.url("/staff?q=100234")).await;
    assert_eq!(text(c, "p.count").await, "全 1 件");
    assert_eq!(
        staff_total(c, &server).await,
        staff_before + 1,
        "exactly one record expected (the invalid submission must create none)"
    );
    go(c, &server.url("/staff?q=%E9%88%B4%E6%9C%A8")).await; // 鈴木
    assert_eq!(text(c, "p.count").await, "全 0 件");
    assert!(text(c, "main").await.contains("該当する職員はいません。"));
}

// ---------------------------------------------------------------------------
// 4. staff import: upload, preview, commit, re-upload

const IMPORT_CSV: &str = "\u{feff}職員番号,氏名,フリガナ,所属,区分,非常勤,メールアドレス\r\n\
500001,山田 太郎,ヤマダ タロウ,総務部/総務課,一般職員,,taro.yamada@city.midori.lg.jp\r\n\
500002,佐藤 花子,さとう はなこ,総務部/情報政策課,会計年度任用職員,○,hanako.sato@city.midori.lg.jp\r\n\
500003,鈴木 次郎,ｽｽﾞｷ ｼﾞﾛｳ,市民部/市民課,正職員,,\r\n";

const BAD_CSV: &str = "\u{feff}職員番号,氏名,フリガナ,所属,区分\r\n\
600001,高橋 一郎,タカハシ イチロウ,総務部/総務課,一般職員\r\n\
600002,,タナカ ジロウ,総務部/総務課,一般職員\r\n";

/// Uploads a file on the import page (with "create departments" ticked) and waits for the preview.
async fn upload(c: &Client, server: &Server, file: &Path) {
    upload_to(c, server, "/import/staff", file).await;
}

/// Uploads a file on one import page (staff or assets) and waits for the preview.
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

async fn counts(c: &Client) -> (String, String, String) {
    (
        text(c, "#count-creates").await,
        text(c, "#count-updates").await,
        text(c, "#count-unchanged").await,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_import_upload_preview_commit_and_reupload() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let (_db, server) = initialized_server();
    let files = tempfile::tempdir().unwrap();
    let good = files.path().join("shokuin_meibo.csv");
    std::fs::write(&good, IMPORT_CSV).unwrap();
    let bad = files.path().join("shokuin_bad.csv");
    std::fs::write(&bad, BAD_CSV).unwrap();
    sign_in(c, &server, "ciso").await;
    let staff_before = staff_total(c, &server).await;

    // A file with a bad row: the row and column are named, nothing can be committed.
    upload(c, &server, &bad).await;
    let errors = text(c, ".error-summary").await;
    assert!(errors.contains("取り込めません"), "{errors}");
    let rows = table_rows(c).await;
    assert!(
        rows.iter().any(|r| r.starts_with("3 | 氏名")),
        "the error does not name row 3, column 氏名: {rows:?}"
    );
    assert!(
        !exists(c, "form[action$='/commit']").await,
        "commit offered for a broken file"
    );
    shot(c, "import_errors.png").await;

    // The good file: 3 new, nothing written yet.
    upload(c, &server, &good).await;
    assert_eq!(counts(c).await, ("3".into(), "0".into(), "0".into()));
    assert!(!exists(c, ".error-summary").await, "errors for a good file");
    let preview = text(c, "section.preview").await;
    assert!(
        preview.contains("shokuin_meibo.csv"),
        "file name not shown: {preview}"
    );
    for name in ["山田 太郎", "佐藤 花子", "鈴木 次郎"] {
        assert!(preview.contains(name), "{name} missing from the preview");
    }
    assert!(
        preview.contains("市民課"),
        "departments to create not listed: {preview}"
    );
    let commit = "form[action$='/commit'] button.primary";
    assert_eq!(text(c, commit).await, "取込を確定");
    shot(c, "import_preview.png").await;
    assert_eq!(
        staff_total(c, &server).await,
        staff_before,
        "a preview (or the refused file) wrote staff records"
    );

    // Upload again (a preview is only a preview) and commit.
    upload(c, &server, &good).await;
    assert_eq!(counts(c).await, ("3".into(), "0".into(), "0".into()));

    click_and_wait(c, commit).await;
    assert_eq!(text(c, "p.notice").await, "取込が完了しました。");
    assert!(
        !exists(c, commit).await,
        "commit offered again after committing"
    );
    shot(c, "import_done.png").await;

    assert_eq!(staff_total(c, &server).await, staff_before + 3);
    let rows = table_rows(c).await;
    for want in [
        "500001 | 山田 太郎 | ヤマダ タロウ | 総務部/総務課",
        "500003 | 鈴木 次郎 | スズキ ジロウ | 市民部/市民課",
    ] {
        assert!(
            rows.iter().any(|r| r.starts_with(want)),
            "{want} not in {rows:?}"
        );
    }
    assert!(
        rows.iter()
            .any(|r| r.contains("佐藤 花子") && r.contains("会計年度任用職員") && r.contains("○")),
        "part-time appointee not listed as such: {rows:?}"
    );
    shot(c, "import_staff_list.png").await;
    go(c, &server.url("/departments")).await;
    let depts = text(c, "table.register").await;
    for d in ["総務部", "総務課", "情報政策課", "市民部", "市民課"] {
        assert!(depts.contains(d), "department {d} not created: {depts}");
    }

    // The same file again: nothing new, nothing changed.
    upload(c, &server, &good).await;
    assert_eq!(counts(c).await, ("0".into(), "0".into(), "3".into()));
    shot(c, "import_reupload.png").await;
    assert_eq!(staff_total(c, &server).await, staff_before + 3);
}

// ---------------------------------------------------------------------------
// 5. keyboard and accessibility smoke test

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

// ---------------------------------------------------------------------------
// 6. the asset ledger: import in the browser, filters, the asset page, the form

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asset_ledger_import_filters_page_and_form() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let (_db, server) = initialized_server();
    sign_in(c, &server, "ciso").await;
    let ledger = crate::support::fixture("assets_sjis.csv");

    upload_to(c, &server, "/import/assets", &ledger).await;
    assert_eq!(counts(c).await, ("6".into(), "0".into(), "0".into()));
    let preview = text(c, "section.preview").await;
    assert!(preview.contains("Shift_JIS"), "{preview}");
    assert!(
        preview.contains("評価者"),
        "unknown column listed: {preview}"
    );
    shot(c, "assets_import_preview.png").await;
    click_and_wait(c, "form[action$='/commit'] button.primary").await;
    assert_eq!(text(c, "p.notice").await, "取込が完了しました。");

    // The register with a filter: 機密性 3B narrows six assets to two.
    go(c, &server.url("/assets")).await;
    assert_eq!(text(c, "#asset-total").await, "6");
    choose(c, "#c", "3B").await;
    click_and_wait(c, "form.filters button[type='submit']").await;
    assert_eq!(text(c, "#asset-total").await, "2");
    let rows = table_rows(c).await;
    assert!(rows.iter().any(|r| r.contains("A-000001")), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("S-100")), "{rows:?}");
    shot(c, "assets_filtered.png").await;

    // The asset page: restricted badge, handling rules, relation to its system.
    find(c, "a[href^='/assets/0']").await.click().await.unwrap();
    let heading = text(c, "h1").await;
    assert!(heading.contains("住民基本台帳データ"), "{heading}");
    assert!(heading.contains("要配慮"), "restricted badge: {heading}");
    let rules = text(c, "#handling").await;
    assert!(rules.contains("機密性"), "{rules}");
    let rels = text(c, "#relations").await;
    assert!(rels.contains("S-100"), "{rels}");
    shot(c, "asset_page.png").await;

    // The form names what is missing and links each message to its field.
    go(c, &server.url("/assets/new")).await;
    click_and_wait(c, "form.stack button.primary").await;
    assert!(exists(c, ".error-summary a[href='#f-name']").await);
    assert!(exists(c, ".error-summary a[href='#f-c']").await);
    fill(c, "#f-name", "会議録（紙）").await;
    fill(c, "#f-medium", "書庫").await;
    choose(c, "#f-kind", "紙の情報").await;
    choose(c, "#f-c", "2 ").await;
    choose(c, "#f-i", "1 ").await;
    choose(c, "#f-a", "1 ").await;
    click_and_wait(c, "form.stack button.primary").await;
    assert_eq!(text(c, "p.notice").await, "情報資産を登録しました。");
    assert!(
        text(c, "h1").await.contains("A-000004"),
        "next generated number"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_risk_from_form_to_acceptance_and_back_from_its_heat_map_cell() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let (_db, server) = initialized_server();
    sign_in(c, &server, "ciso").await;

    // The form: IPA factors 3 × 3 × 2 before and after treatment.
    go(c, &server.url("/risks/new")).await;
    fill(c, "#f-title", "窓口での誤交付").await;
    choose(c, "#f-threat", "T-MISSEND").await;
    for stage in ["inherent", "residual"] {
        choose(c, &format!("#f-{stage}_importance"), "3").await;
        choose(c, &format!("#f-{stage}_likelihood"), "3").await;
        choose(c, &format!("#f-{stage}_vulnerability"), "2").await;
    }
    choose(c, "#f-treatment", "低減").await;
    click_and_wait(c, "form.stack button.primary").await;
    assert_eq!(text(c, "p.notice").await, "リスクを登録しました。");
    let levels = text(c, "table.register").await;
    assert!(levels.contains("高") && levels.contains("18"), "{levels}");
    let page = here(c).await;

    // Closing is refused until the CISO accepts, with the reason on the page.
    click_and_wait(c, "form[action$='/close'] button").await;
    let refusal = text(c, "main").await;
    assert!(refusal.contains("CISO"), "{refusal}");
    go(c, &page).await;
    fill(
        c,
        "#f-reason",
        "令和9年度のシステム更新まで現行の運用で受容する",
    )
    .await;
    let expiry = (chrono::Utc::now().date_naive() + chrono::Duration::days(60)).to_string();
    fill(c, "#f-expires_on", &expiry).await;
    click_and_wait(c, "form[action$='/accept'] button").await;
    assert_eq!(text(c, "p.notice").await, "リスクを受容しました。");
    click_and_wait(c, "form[action$='/close'] button").await;
    assert_eq!(text(c, "p.notice").await, "リスクを対応完了にしました。");
    assert_eq!(text(c, "#risk-standing").await, "完了");
    shot(c, "risk_page.png").await;

    // The heat map's residual cell (importance 3, likelihood × vulnerability 6) leads
    // back to exactly this risk.
    go(c, &server.url("/risks/heatmap")).await;
    shot(c, "risk_heatmap.png").await;
    click_and_wait(c, "#heatmap-residual a[href*='x=3&y=6']").await;
    assert_eq!(text(c, "#risk-total").await, "1");
    let rows = table_rows(c).await;
    assert!(
        rows.iter().any(|r| r.contains("窓口での誤交付")),
        "{rows:?}"
    );
}
