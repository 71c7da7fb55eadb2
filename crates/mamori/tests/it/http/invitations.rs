//! Invitations through the server and the command line: an administrator prints a
//! sheet of slips for a department (names, QR codes, links); a person opens their link
//! without signing in, chooses a login and a password, and signs in; the link then
//! shows as spent. `mamori users invite` writes the same sheet to a file.

use crate::support::{Db, PASSWORD, client, input_value, page, sign_in};

/// A department with two people, made through the command line's staff import.
fn with_staff(db: &Db) {
    let csv = db.dir.path().join("staff.csv");
    std::fs::write(
        &csv,
        "職員番号,氏名,所属,メールアドレス\n5001,招待 花子,情報政策課,hanako@city.example.lg.jp\n5002,招待 太郎,情報政策課,\n",
    )
    .unwrap();
    let (ok, out, err) = db.run(&[
        "import",
        "staff",
        csv.to_str().unwrap(),
        "--create-departments",
    ]);
    assert!(ok, "{out}{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_printed_slip_opens_an_account_once() {
    let db = Db::sqlite();
    db.init();
    with_staff(&db);
    let s = db.serve();
    let admin = client();
    let csrf = sign_in(&admin, &s, "ciso").await;
    let (status, form) = page(&admin, &s, "/admin/invitations").await;
    assert_eq!(status, 200);
    assert!(form.contains("情報政策課"), "{form}");
    let r = admin
        .post(s.url("/admin/invitations"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("department", "情報政策課"),
            ("channel", "paper"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let sheet = r.text().await.unwrap();
    assert!(
        sheet.contains("招待 花子") && sheet.contains("招待 太郎"),
        "{sheet}"
    );
    assert_eq!(sheet.matches("<svg").count(), 2, "a QR code per slip");
    let link = sheet
        .split(&format!("{}/activate?token=", s.url("")))
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .map(|token| format!("/activate?token={token}"))
        .expect("a link on the sheet");

    // The person, not signed in, opens it, chooses, and signs in.
    let person = client();
    let (status, activate) = page(&person, &s, &link).await;
    assert_eq!(status, 200);
    assert!(
        activate.contains("招待 花子") || activate.contains("招待 太郎"),
        "the page names the person: {activate}"
    );
    let token = input_value(&activate, "token").unwrap();
    let weak = person
        .post(s.url("/activate"))
        .form(&[
            ("token", token.as_str()),
            ("login", "invited.one"),
            ("password", "short"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(weak.status(), 422, "a weak password is refused on the form");
    let r = person
        .post(s.url("/activate"))
        .form(&[
            ("token", token.as_str()),
            ("login", "invited.one"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?done=activated");
    sign_in(&person, &s, "invited.one").await;
    let (status, spent) = page(&client(), &s, &link).await;
    assert_eq!(status, 404);
    assert!(spent.contains("使用済み"), "{spent}");
}

#[test]
fn users_invite_writes_a_sheet_that_opens_from_disk() {
    let db = Db::sqlite();
    db.init();
    with_staff(&db);
    let out = db.dir.path().join("invitations.html");
    let (ok, stdout, err) = db.run(&[
        "users",
        "invite",
        "--department",
        "情報政策課",
        "--output",
        out.to_str().unwrap(),
        "--public-url",
        "https://isms.city.example.lg.jp",
    ]);
    assert!(ok, "{stdout}{err}");
    assert!(stdout.contains("2"), "{stdout}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("https://isms.city.example.lg.jp/activate?token="),
        "{html}"
    );
    assert!(
        html.contains("<style>") && !html.contains("/static/"),
        "styles written in"
    );
    assert_eq!(html.matches("<svg").count(), 2);

    // Bad input: a department that does not exist, named; nothing written.
    let (ok, _, err) = db.run(&[
        "users",
        "invite",
        "--department",
        "存在しない課",
        "--output",
        out.to_str().unwrap(),
        "--public-url",
        "https://isms.city.example.lg.jp",
    ]);
    assert!(!ok);
    assert!(err.contains("存在しない課"), "{err}");
}

/// `mamori users invite --format pdf`: the sheet as a PDF whose text reads back as
/// written (names and links, for search and copy) and whose QR codes, printed and
/// scanned, open each person's activation page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pdf_sheet_reads_back_and_its_qr_codes_open_the_activation_pages() {
    let db = Db::sqlite();
    db.init();
    with_staff(&db);
    let s = db.serve();
    let out = db.dir.path().join("invitations.pdf");
    let (ok, stdout, err) = db.run(&[
        "users",
        "invite",
        "--department",
        "情報政策課",
        "--format",
        "pdf",
        "--output",
        out.to_str().unwrap(),
        "--public-url",
        &s.base,
    ]);
    assert!(ok, "{stdout}{err}");
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));

    // From the screen too: the same sheet as a download, never cached.
    let admin = client();
    let csrf = sign_in(&admin, &s, "ciso").await;
    let r = admin
        .post(s.url("/admin/invitations"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("department", "情報政策課"),
            ("channel", "paper"),
            ("format", "pdf"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.headers()["cache-control"], "no-store");
    let downloaded = db.dir.path().join("downloaded.pdf");
    std::fs::write(&downloaded, r.bytes().await.unwrap()).unwrap();
    if let Some(text) = mamori_testkit::pdf::text(&downloaded) {
        assert!(text.contains("招待 花子"), "{text}");
    }
    // The download replaced the links printed before: the file's sheet is re-issued.
    let (ok, stdout, err) = db.run(&[
        "users",
        "invite",
        "--department",
        "情報政策課",
        "--format",
        "pdf",
        "--output",
        out.to_str().unwrap(),
        "--public-url",
        &s.base,
    ]);
    assert!(ok, "{stdout}{err}");
    let Some(text) = mamori_testkit::pdf::text(&out) else {
        return;
    };
    for name in [
        "招待 花子",
        "招待 太郎",
        "(5001)",
        "情報政策課",
        "一度だけ使えます",
    ] {
        assert!(text.contains(name), "{name} in {text}");
    }
    assert_eq!(mamori_testkit::pdf::pages(&out), Some(1));
    let mut links = mamori_testkit::pdf::qr_codes(&out, 1).unwrap();
    links.sort();
    assert_eq!(links.len(), 2, "one QR code a person: {links:?}");
    // pdftotext joins a line that ends in "-" to the next as a hyphenated word and
    // drops the hyphen, so a link broken right after one of its own hyphens reads back
    // without it: compare without hyphens.
    let unwrapped: String = text.split_whitespace().collect::<String>().replace('-', "");
    for link in &links {
        assert!(
            link.starts_with(&format!("{}/activate?token=", s.base)),
            "{link}"
        );
        assert!(
            unwrapped.contains(&link.replace('-', "")),
            "the printed link is the scanned one"
        );
        let path = link.trim_start_matches(&s.base);
        let (status, page) = page(&client(), &s, path).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("招待"), "{page}");
    }
}
