#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;

use super::diff::{Change, SpanKind, diff_sections, diff_text, runs};
use super::markdown::{check, normalize, plain, render};
use super::sections::{leading_number, split};
use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn numbers_are_read_from_headings_as_people_write_them() {
    assert_eq!(leading_number("3 組織体制").as_deref(), Some("3"));
    assert_eq!(leading_number("３．２ 対象範囲").as_deref(), Some("3.2"));
    assert_eq!(leading_number("第3条 目的").as_deref(), Some("3"));
    assert_eq!(leading_number("第１２条（評価）").as_deref(), Some("12"));
    assert_eq!(leading_number("1. 目的").as_deref(), Some("1"));
    assert_eq!(leading_number("2025年度の見直し"), None);
    assert_eq!(leading_number("目的"), None);
    assert_eq!(leading_number("03.01 Scope").as_deref(), Some("3.1"));
}

#[test]
fn headings_without_numbers_are_numbered_and_keep_them() {
    let body = "前文です。\n\n## 目的\n\n本方針は…\n\n## 5 対象範囲\n\n### 定義\n\n用語\n\n### 機関\n\n## 組織\n";
    let s = split(body).unwrap();
    let nums: Vec<&str> = s.sections.iter().map(|x| x.number.as_str()).collect();
    assert_eq!(nums, ["1", "5", "5.1", "5.2", "6"]);
    assert_eq!(s.preamble, "前文です。");
    assert_eq!(s.sections[2].depth, 2);
    assert_eq!(s.sections[0].heading, "1 目的");
    assert_eq!(s.sections[0].body, "本方針は…");
    // Splitting the canonical text again changes nothing: the numbers now stay.
    let again = split(&s.canonical).unwrap();
    assert_eq!(again.canonical, s.canonical);
    assert_eq!(again.sections, s.sections);
    assert!(s.canonical.contains("## 5.1 定義\n"));
    let escaped = split("## \\<b\\> と \\*注\\*\n\n本文\n\n見出し\n---\n").unwrap();
    assert!(
        escaped.canonical.starts_with("## 1 \\<b\\> と \\*注\\*\n"),
        "{}",
        escaped.canonical
    );
    assert!(
        escaped.canonical.contains("2 見出し\n---"),
        "{}",
        escaped.canonical
    );
    assert!(check(&escaped.canonical).is_empty());
}

#[test]
fn a_duplicated_number_names_both_lines() {
    let e = split("## 1 目的\n\n## 1 範囲\n").unwrap_err();
    assert_eq!(e.len(), 1);
    assert!(
        e[0].en.contains("Line 3") && e[0].en.contains("line 1"),
        "{}",
        e[0].en
    );
}

#[test]
fn headings_in_code_blocks_are_not_sections() {
    let s = split("## 1 手順\n\n```\n## not a heading\n```\n").unwrap();
    assert_eq!(s.sections.len(), 1);
    assert!(s.sections[0].body.contains("## not a heading"));
}

#[test]
fn script_html_and_javascript_links_are_refused_with_their_line() {
    let body = "## 1 目的\n\n<script>alert(1)</script>\n\n[押す](javascript:alert(1))\n\n[ok](https://example.jp) H<sub>2</sub>O<br>\n";
    let p = check(body);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].ja.starts_with("3行目") && p[0].en.contains("<script>"));
    assert!(
        p.iter()
            .any(|x| x.en.starts_with("Line 5") && x.en.contains("javascript:"))
    );
    // Browsers ignore spaces and control characters inside a scheme.
    assert_eq!(check("[x](java&#x09;script:alert(1))").len(), 1);
    assert_eq!(check("[x](JAVASCRIPT:alert(1))").len(), 1);
    assert_eq!(check("[x](data:text/html,hi)").len(), 1);
    assert_eq!(check("![図](https://example.jp/a.png)").len(), 1);
    assert!(check("[章](#s-3) [相対](../x) <!-- メモ -->").is_empty());
    assert_eq!(check("<img src=x onerror=alert(1)>").len(), 1);
}

#[test]
fn rendering_cleans_whatever_slipped_through() {
    let html = render(
        "# 見出し\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <a href=\"https://a.jp\" onclick=\"x()\">a</a>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(!html.contains("onclick"), "{html}");
    assert!(
        html.contains("<table>") && html.contains("<h1>見出し</h1>"),
        "{html}"
    );
    assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
}

#[test]
fn plain_text_keeps_words_together() {
    assert_eq!(plain("**重要** な点\n\n- 一\n- 二"), "重要 な点\n一\n二");
    assert_eq!(normalize("a\r\nb\r\0\n\n  "), "a\nb\n");
}

#[test]
fn japanese_is_compared_in_runs_of_one_script() {
    assert_eq!(
        runs("情報資産を守る。USB 2本"),
        ["情報資産", "を", "守", "る", "。", "USB", " ", "2", "本"]
    );
    let (l, r) = diff_text(
        "職員は情報資産を適切に管理しなければならない。",
        "職員は情報資産を適正に管理するものとする。",
        None,
    );
    let del: Vec<&str> = l
        .iter()
        .filter(|s| s.kind == SpanKind::Deleted)
        .map(|s| s.text.as_str())
        .collect();
    let ins: Vec<&str> = r
        .iter()
        .filter(|s| s.kind == SpanKind::Inserted)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(del, ["切", "しなければならない"]);
    assert_eq!(ins, ["正", "するものとする"]);
    // Within a kanji compound, what both sides share stays unmarked.
    let (_, r) = diff_text("全庁の職員に適用", "全庁の職員及び委託事業者に適用", None);
    let ins: Vec<&str> = r
        .iter()
        .filter(|s| s.kind == SpanKind::Inserted)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(ins, ["及び委託事業者"]);
    let (l2, r2) = diff_text("ああ", "あああ", None);
    assert_eq!(
        l2.iter().map(|s| s.text.as_str()).collect::<String>(),
        "ああ"
    );
    assert_eq!(
        r2.iter().map(|s| s.text.as_str()).collect::<String>(),
        "あああ"
    );
    // Each side put back together is its own text.
    let left: String = l.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(left, "職員は情報資産を適切に管理しなければならない。");
}

#[test]
fn sections_are_paired_by_number() {
    let old =
        split("## 1 目的\n\n守る。\n\n## 2 範囲\n\n全庁。\n\n## 3 旧規定\n\n削る。\n").unwrap();
    let new =
        split("## 1 目的\n\n守る。\n\n## 2 範囲\n\n全庁及び委託先。\n\n## 4 新規定\n\n足す。\n")
            .unwrap();
    let d = diff_sections(&old.sections, &new.sections, None);
    let changes: Vec<(&str, Change)> = d.iter().map(|x| (x.number.as_str(), x.change)).collect();
    assert_eq!(
        changes,
        [
            ("1", Change::Same),
            ("2", Change::Changed),
            ("3", Change::Removed),
            ("4", Change::Added)
        ]
    );
    assert!(
        d[1].new
            .iter()
            .any(|s| s.kind == SpanKind::Inserted && s.text.contains("委託先"))
    );
}

#[test]
fn the_version_in_force_follows_the_dates() {
    let v = |version, state, effective_on| Dated {
        version,
        state,
        effective_on,
    };
    let all = [
        v(1, VersionState::Approved, Some(d(2023, 4, 1))),
        v(2, VersionState::Approved, Some(d(2025, 4, 1))),
        v(3, VersionState::Approved, Some(d(2027, 4, 1))),
        v(4, VersionState::Draft, None),
    ];
    let today = d(2026, 12, 6);
    assert_eq!(in_force(&all, today), Some(2));
    assert_eq!(status(&all[0], &all, today), Status::Superseded);
    assert_eq!(status(&all[1], &all, today), Status::InForce);
    assert_eq!(status(&all[2], &all, today), Status::Scheduled);
    assert_eq!(status(&all[3], &all, today), Status::Draft);
    assert_eq!(in_force(&all, d(2027, 4, 1)), Some(3));
    assert_eq!(in_force(&all, d(2020, 1, 1)), None);
}

#[test]
fn versions_move_only_forward_through_review() {
    assert_eq!(
        Move::Submit.apply(VersionState::Draft).unwrap(),
        VersionState::Review
    );
    assert_eq!(
        Move::Return.apply(VersionState::Review).unwrap(),
        VersionState::Draft
    );
    assert_eq!(
        Move::Approve.apply(VersionState::Review).unwrap(),
        VersionState::Approved
    );
    assert!(Move::Approve.apply(VersionState::Draft).is_err());
    assert!(Move::Submit.apply(VersionState::Approved).is_err());
    assert!(Move::Submit.apply(VersionState::Review).is_err());
}

#[test]
fn an_approval_needs_its_meeting_number_and_dates_in_order() {
    let today = d(2026, 12, 6);
    let ok = check_approval(
        "第3回委員会",
        Some(d(2026, 11, 20)),
        "令和8年度第5号",
        Some(d(2027, 4, 1)),
        today,
    )
    .unwrap();
    assert_eq!(ok.decision_no, "令和8年度第5号");
    let e = check_approval(" ", Some(d(2026, 12, 7)), "", Some(d(2026, 12, 1)), today).unwrap_err();
    let fields: Vec<&str> = e.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        fields,
        ["meeting", "decision_no", "decided_on", "effective_on"]
    );
}

#[test]
fn the_text_hash_names_title_and_body() {
    assert_ne!(text_hash("a", "bc"), text_hash("ab", "c"));
    assert_eq!(text_hash("a", "b").len(), 64);
    assert_eq!(document_code(3), "POL-003");
    assert_eq!(Tier::parse("対策基準").unwrap(), Tier::Standards);
    assert_eq!(Tier::Basic.default_disclosure(), Disclosure::Public);
}

#[test]
fn the_audience_is_a_rule_over_category_and_department() {
    use super::ack::Audience;
    use crate::staff::StaffCategory as C;
    let (top, section, other) = (
        uuid::Uuid::from_u128(1),
        uuid::Uuid::from_u128(2),
        uuid::Uuid::from_u128(3),
    );
    let everyone = Audience::default();
    assert!(everyone.includes(C::Regular, &[other]));
    assert!(
        !everyone.includes(C::Contractor, &[other]),
        "contractors only when named"
    );
    let with_contractors = Audience {
        contractors: true,
        ..Audience::default()
    };
    assert!(with_contractors.includes(C::Contractor, &[]));
    let one_branch = Audience {
        departments: vec![top],
        ..Audience::default()
    };
    assert!(
        one_branch.includes(C::Regular, &[top, section]),
        "a section under the department"
    );
    assert!(!one_branch.includes(C::Regular, &[other]));
    assert!(
        !one_branch.includes(C::Regular, &[]),
        "no department, not in a department's campaign"
    );
    let appointees = Audience {
        categories: vec![C::FiscalYearAppointee],
        ..Audience::default()
    };
    assert!(appointees.includes(C::FiscalYearAppointee, &[other]));
    assert!(!appointees.includes(C::Regular, &[other]));
}

#[test]
fn new_hires_get_their_own_time_and_reminders_keep_their_interval() {
    use super::ack::{Tally, check_campaign, due_for, reminder_due};
    let start = d(2026, 10, 1);
    let due = d(2026, 10, 31);
    assert_eq!(due_for(start, due, 30, Some(d(2020, 4, 1))), due);
    assert_eq!(due_for(start, due, 30, None), due);
    assert_eq!(
        due_for(start, due, 30, Some(d(2026, 10, 20))),
        d(2026, 11, 19)
    );
    assert_eq!(
        due_for(start, due, 5, Some(d(2026, 10, 2))),
        due,
        "never earlier than the campaign's"
    );
    assert!(reminder_due(None, 7, start));
    assert!(!reminder_due(Some(d(2026, 10, 3)), 7, d(2026, 10, 9)));
    assert!(reminder_due(Some(d(2026, 10, 3)), 7, d(2026, 10, 10)));
    assert!(!reminder_due(None, 0, start), "0 means no reminders");
    let mut t = Tally::default();
    t.add(true, false);
    t.add(false, true);
    t.add(false, false);
    assert_eq!(
        (t.required, t.done, t.overdue, t.pending(), t.percent()),
        (3, 1, 1, 2, 33)
    );
    assert_eq!(Tally::default().percent(), 100);
    let e = check_campaign(Some(d(2026, 1, 1)), 91, 0, start).unwrap_err();
    assert_eq!(
        e.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
        ["due_on", "remind_every_days", "new_hire_days"]
    );
    assert_eq!(check_campaign(Some(due), 7, 30, start).unwrap(), due);
}

/// A .docx of these parts, stored without compression.
fn docx(document: &str, styles: Option<&str>) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("word/document.xml", opts).unwrap();
    z.write_all(document.as_bytes()).unwrap();
    if let Some(s) = styles {
        z.start_file("word/styles.xml", opts).unwrap();
        z.write_all(s.as_bytes()).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

#[test]
fn a_word_policy_becomes_markdown_with_its_headings_lists_and_tables() {
    use super::docx::docx_to_markdown;
    let w = |inner: &str| {
        format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{inner}</w:body></w:document>"#
        )
    };
    let p = |style: &str, text: &str| {
        let s = if style.is_empty() {
            String::new()
        } else {
            format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#)
        };
        format!(r#"<w:p>{s}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    };
    let item = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>職員は遵守する</w:t></w:r></w:p>"#;
    let table = format!(
        "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
        p("", "区分"),
        p("", "内容"),
        p("", "機密性3"),
        p("", "&lt;秘&gt;")
    );
    let body = w(&format!(
        "{}{}{}{}{}{}",
        p("Title", "基本方針"),
        p("1", "目的"),
        p("", "情報資産を *守る*。"),
        item,
        p("2", "範囲"),
        table
    ));
    let styles = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 2"/></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 3"/></w:style></w:styles>"#;
    let md = docx_to_markdown(&docx(&body, Some(styles))).unwrap();
    assert!(
        md.starts_with("# 基本方針\n\n## 目的\n\n情報資産を \\*守る\\*。\n\n- 職員は遵守する\n"),
        "{md}"
    );
    assert!(md.contains("### 範囲"), "{md}");
    assert!(
        md.contains("| 区分 | 内容 |\n| --- | --- |\n| 機密性3 | \\<秘\\> |"),
        "{md}"
    );
    // The result is a draft like any other: checked and split into sections.
    assert!(check(&md).is_empty(), "{:?}", check(&md));
    let s = split(&md).unwrap();
    assert_eq!(
        s.sections
            .iter()
            .map(|x| x.number.as_str())
            .collect::<Vec<_>>(),
        ["1", "1.1", "1.1.1"]
    );
}

#[test]
fn a_file_that_is_not_a_docx_is_refused_plainly() {
    use super::docx::docx_to_markdown;
    let e = docx_to_markdown(b"%PDF-1.4 not a zip").unwrap_err();
    assert!(e.ja.contains(".docx"), "{}", e.ja);
    let e = docx_to_markdown(&docx("<x/>", None)).unwrap_err();
    assert!(e.en.contains("no text"));
    let mut no_document = docx("", None);
    no_document.truncate(no_document.len() / 2);
    assert!(docx_to_markdown(&no_document).is_err());
}
