//! Policy documents through a real `mamori serve`: the CISO drafts a basic policy on
//! the screens, a draft carrying a script is refused with its line and changes
//! nothing, the committee's approval puts it in force, the public page shows it to a
//! visitor without signing in and shows nothing else; a second version's difference
//! marks the words that changed; a procedure for those concerned is out of others'
//! sight; originals are kept with their hash.

use crate::support::{Server, client, location, sign_in};

const ORG: &str = "089982";

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html.find(start).map(|i| i + start.len()).unwrap_or(0);
    let rest = &html[i..];
    &rest[..rest.find(end).unwrap_or(0)]
}

/// Creates a document on the form; returns its id (from the redirect to version 1).
async fn create(c: &reqwest::Client, s: &Server, csrf: &str, fields: &[(&str, &str)]) -> String {
    let mut form = vec![("_csrf", csrf)];
    form.extend_from_slice(fields);
    let r = c
        .post(s.url("/policies/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let to = location(&r);
    to.trim_start_matches("/policies/")
        .split('/')
        .next()
        .unwrap()
        .to_owned()
}

async fn post(
    c: &reqwest::Client,
    s: &Server,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    c.post(s.url(path)).form(form).send().await.unwrap()
}

async fn text(c: &reqwest::Client, s: &Server, path: &str) -> (u16, String) {
    let r = c.get(s.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Submits version `n` and records the committee's approval, in force today.
async fn approve(c: &reqwest::Client, s: &Server, csrf: &str, id: &str, n: u32) {
    let base = format!("/policies/{id}/v/{n}");
    let r = post(
        c,
        s,
        &format!("{base}/move"),
        &[("_csrf", csrf), ("step", "submit")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let today = chrono::Utc::now().date_naive().to_string();
    let r = post(
        c,
        s,
        &format!("{base}/approve"),
        &[
            ("_csrf", csrf),
            ("meeting", "令和8年度第2回情報セキュリティ委員会"),
            ("decided_on", &today),
            ("decision_no", "第12号"),
            ("effective_on", &today),
        ],
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_is_drafted_approved_published_and_revised() {
    let db = crate::support::Db::sqlite();
    db.demo();
    let s = db.serve();
    let c = client();
    let csrf = sign_in(&c, &s, "ciso").await;

    let id = create(&c, &s, &csrf, &[
        ("tier", "basic"),
        ("title", "試験市情報セキュリティ基本方針"),
        ("body", "この方針は市長が定める。\n\n## 目的\n\n情報資産を守る。\n\n## 対象範囲\n\n全庁の職員に適用する。\n"),
    ])
    .await;
    let (_, doc) = text(&c, &s, &format!("/policies/{id}")).await;
    let number: String = doc
        .split("POL-")
        .nth(1)
        .map(|r| r.chars().take_while(char::is_ascii_digit).collect())
        .expect("the document's number");
    let number = number.trim_start_matches('0').to_owned();
    let public = format!("/public/{ORG}/policy/{number}");
    let visitor = client();
    let (status, _) = text(&visitor, &s, &public).await;
    assert_eq!(status, 404, "a draft is not published");

    // Headings without numbers were numbered, and keep them.
    let (_, v1) = text(&c, &s, &format!("/policies/{id}/v/1")).await;
    assert!(
        v1.contains("id=\"s-2\"") && v1.contains("2 対象範囲"),
        "{v1}"
    );

    // A script and a javascript: link are refused by line; the text stays as it was.
    let r = post(
        &c,
        &s,
        &format!("/policies/{id}/v/1/edit"),
        &[
            ("_csrf", &csrf),
            ("title", "試験市情報セキュリティ基本方針"),
            (
                "body",
                "## 1 目的\n\n<script>alert(1)</script>\n\n[押す](javascript:alert(1))\n",
            ),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("3行目") && page.contains("5行目"), "{page}");
    let (_, still) = text(&c, &s, &format!("/policies/{id}/v/1")).await;
    assert!(still.contains("全庁の職員に適用する") && !still.contains("alert(1)"));

    approve(&c, &s, &csrf, &id, 1).await;
    let (_, v1) = text(&c, &s, &format!("/policies/{id}/v/1")).await;
    assert!(v1.contains("施行中"), "{v1}");

    // A staff-only standards document and a procedure for those concerned, both in
    // force, never reach the public page.
    let standards = create(
        &c,
        &s,
        &csrf,
        &[
            ("tier", "standards"),
            ("title", "庁内限定の対策基準"),
            ("body", "## 1 パスワード\n\n内部の規定。\n"),
        ],
    )
    .await;
    approve(&c, &s, &csrf, &standards, 1).await;
    let procedure = create(
        &c,
        &s,
        &csrf,
        &[
            ("tier", "procedure"),
            ("title", "福祉システム運用手順"),
            ("department", "400"),
            ("body", "## 1 バックアップ\n\n関係者だけの手順。\n"),
        ],
    )
    .await;
    approve(&c, &s, &csrf, &procedure, 1).await;

    let (status, page) = text(&visitor, &s, &public).await;
    assert_eq!(status, 200);
    assert!(page.contains("全庁の職員に適用する"));
    assert!(page.contains("試験市情報セキュリティ基本方針"));
    for secret in [
        "庁内限定の対策基準",
        "福祉システム運用手順",
        "内部の規定",
        "関係者だけの手順",
        "ciso",
        "起案",
    ] {
        assert!(!page.contains(secret), "the public page shows {secret:?}");
    }
    for other in [&standards, &procedure] {
        let (_, d) = text(&c, &s, &format!("/policies/{other}")).await;
        let n: String = d
            .split("POL-")
            .nth(1)
            .unwrap()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let (status, _) = text(
            &visitor,
            &s,
            &format!("/public/{ORG}/policy/{}", n.trim_start_matches('0')),
        )
        .await;
        assert_eq!(status, 404, "an unpublished document is not found");
    }

    // Version 2: one word changed, one section added; the diff marks them, and the
    // public page keeps showing version 1 until version 2 is approved.
    let r = post(
        &c,
        &s,
        &format!("/policies/{id}/versions"),
        &[("_csrf", &csrf)],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with(&format!("/policies/{id}/v/2/edit")));
    let r = post(&c, &s, &format!("/policies/{id}/v/2/edit"), &[
        ("_csrf", &csrf),
        ("title", "試験市情報セキュリティ基本方針"),
        ("body", "この方針は市長が定める。\n\n## 1 目的\n\n情報資産を守る。\n\n## 2 対象範囲\n\n全庁の職員及び委託事業者に適用する。\n\n## 3 評価\n\n毎年見直す。\n"),
        ("note", "委託事業者を対象に加えた"),
    ])
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let (_, diff) = text(&c, &s, &format!("/policies/{id}/diff?from=1&to=2")).await;
    assert!(diff.contains("<ins>及び委託事業者</ins>"), "{diff}");
    assert!(
        diff.contains("class=\"added\"") && diff.contains("class=\"same\""),
        "{diff}"
    );
    let (_, page) = text(&visitor, &s, &public).await;
    assert!(
        !page.contains("委託事業者"),
        "a draft stays off the public page"
    );

    // An original attached to the draft comes back byte for byte, as a download.
    let pdf = b"%PDF-1.4\n% original\n%%EOF\n".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("_csrf", csrf.clone())
        .part(
            "file",
            reqwest::multipart::Part::bytes(pdf.clone()).file_name("基本方針_決裁.pdf"),
        );
    let r = c
        .post(s.url(&format!("/policies/{id}/v/2/attachments")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, v2) = text(&c, &s, &format!("/policies/{id}/v/2")).await;
    let file = v2
        .split(&format!("/policies/{id}/attachments/"))
        .nth(1)
        .and_then(|r| r.get(..36))
        .expect("the original is listed")
        .to_owned();
    let r = c
        .get(s.url(&format!("/policies/{id}/attachments/{file}")))
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);

    approve(&c, &s, &csrf, &id, 2).await;
    let (_, page) = text(&visitor, &s, &public).await;
    assert!(page.contains("委託事業者") && page.contains("毎年見直す"));
    let (status, old) = text(&visitor, &s, &format!("{public}/v/1")).await;
    assert_eq!(status, 200, "earlier versions stay readable in the history");
    assert!(old.contains("改定済み") && !old.contains("毎年見直す"));

    // Everyone is asked to acknowledge version 2; a staff member does so from their
    // home page, and the coverage moves.
    let due = (chrono::Utc::now().date_naive() + chrono::Duration::days(30)).to_string();
    let r = post(
        &c,
        &s,
        &format!("/policies/{id}/v/2/campaigns"),
        &[
            ("_csrf", &csrf),
            ("due_on", &due),
            ("remind_every_days", "7"),
            ("new_hire_days", "30"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let coverage = location(&r);
    let coverage = coverage.split('?').next().unwrap().to_owned();
    let (_, before) = text(&c, &s, &coverage).await;
    let done_before = between(&before, "<span class=\"num\" id=\"ack-done\">", "<");
    assert_eq!(done_before, "0");
    let staff = client();
    let staff_csrf = sign_in(&staff, &s, "staff").await;
    let (_, home) = text(&staff, &s, "/").await;
    let ack = coverage.trim_start_matches("/acknowledgements/").to_owned();
    assert!(
        home.contains(&format!("href=\"/acknowledge/{ack}\"")),
        "the home page asks for the acknowledgement"
    );
    let (_, page) = text(&staff, &s, &format!("/acknowledge/{ack}")).await;
    assert!(page.contains("毎年見直す"), "the version's text is shown");
    let hash = crate::support::input_value(&page, "text_hash").expect("the text's fingerprint");
    let r = post(
        &staff,
        &s,
        &format!("/acknowledge/{ack}"),
        &[("_csrf", &staff_csrf), ("text_hash", &hash)],
    )
    .await;
    assert_eq!(r.status(), 422, "the box must be ticked");
    let r = post(
        &staff,
        &s,
        &format!("/acknowledge/{ack}"),
        &[
            ("_csrf", &staff_csrf),
            ("text_hash", &hash),
            ("confirm", "1"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let (_, after) = text(&c, &s, &coverage).await;
    assert_eq!(
        between(&after, "<span class=\"num\" id=\"ack-done\">", "<"),
        "1"
    );
    let (_, home) = text(&staff, &s, "/").await;
    assert!(home.contains("確認済み"));

    // Someone of another department neither sees nor reaches the procedure.
    let (_, list) = text(&staff, &s, "/policies").await;
    assert!(list.contains("庁内限定の対策基準") && !list.contains("福祉システム運用手順"));
    let (status, _) = text(&staff, &s, &format!("/policies/{procedure}")).await;
    assert_eq!(status, 404);
    let (status, _) = text(&staff, &s, &format!("/policies/{standards}/v/1/edit")).await;
    assert_eq!(status, 403, "staff do not edit the standards");

    // Each step is in the audit log.
    let (_, audit) = text(&c, &s, "/audit?action=policy_version.approve").await;
    assert!(audit.contains("policy_version.approve"), "{audit}");
}

/// A .docx holding these paragraphs (`(style id, text)`), stored without compression.
fn docx(paragraphs: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let body: String = paragraphs
        .iter()
        .map(|(style, text)| {
            let s = if style.is_empty() {
                String::new()
            } else {
                format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#)
            };
            format!("<w:p>{s}<w:r><w:t>{text}</w:t></w:r></w:p>")
        })
        .collect();
    let xml = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("word/document.xml", opts).unwrap();
    z.write_all(xml.as_bytes()).unwrap();
    z.finish().unwrap();
    buf.into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_word_policy_is_read_into_a_draft_and_the_published_one_exported() {
    let db = crate::support::Db::sqlite();
    db.demo();
    let s = db.serve();
    let c = client();
    let csrf = sign_in(&c, &s, "ciso").await;
    let id = create(
        &c,
        &s,
        &csrf,
        &[("tier", "standards"), ("title", "取込試験"), ("body", "")],
    )
    .await;
    let upload = |bytes: Vec<u8>, name: &str| {
        reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
            )
    };
    let word = docx(&[
        ("Heading1", "総則"),
        ("", "この基準は全庁に適用する。"),
        ("Heading1", "パスワード"),
    ]);
    let r = c
        .post(s.url(&format!("/policies/{id}/v/1/import")))
        .multipart(upload(word, "対策基準.docx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("# 総則") && page.contains("この基準は全庁に適用する。"),
        "{page}"
    );
    let (_, v1) = text(&c, &s, &format!("/policies/{id}/v/1")).await;
    assert!(
        !v1.contains("全庁に適用"),
        "nothing is saved until the draft is"
    );
    let r = c
        .post(s.url(&format!("/policies/{id}/v/1/import")))
        .multipart(upload(
            b"not a zip, not text \xff\xfe\x00".to_vec(),
            "x.docx",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Markdown"));

    // The published basic policy as one HTML file and as a PDF, from the command line.
    let html = db.dir.path().join("policy.html");
    let (ok, out, err) = db.run(&[
        "export",
        "policy",
        "--public",
        "--format",
        "html",
        "--output",
        html.to_str().unwrap(),
    ]);
    assert!(ok, "{out}{err}");
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.contains("みどり市情報セキュリティ基本方針") && html.contains("<style>"));
    assert!(
        !html.contains("/static/") && !html.contains("バックアップ実施手順"),
        "self-contained, public only"
    );
    let pdf = db.dir.path().join("policy.pdf");
    let (ok, out, err) = db.run(&[
        "export",
        "policy",
        "--public",
        "--format",
        "pdf",
        "--output",
        pdf.to_str().unwrap(),
    ]);
    assert!(ok, "{out}{err}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    if let Some(t) = mamori_testkit::pdf::text(&pdf) {
        let t: String = t.split_whitespace().collect();
        assert!(t.contains("目的") && t.contains("改定の履歴"), "{t}");
    }
    let (ok, _, err) = db.run(&[
        "export",
        "policy",
        "--format",
        "pdf",
        "--output",
        pdf.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("--document"), "{err}");
}
