//! Training in headless Chromium: a staff member opens this year's e-learning from
//! their home page, takes its quiz (questions and options in a drawn order), fails
//! with two questions wrong, passes on the second attempt, and the home
//! page says it is done with a certificate; the trainer sees which question people
//! get wrong.

use fantoccini::Locator;

use super::{browser, click_and_wait, find, go, shot, sign_in, text};
use crate::support::Db;

/// The right options of the demo quiz, by a phrase of the question (positions as
/// written, which the form sends whatever order they are shown in).
fn right_answers(legend: &str) -> &'static [&'static str] {
    match legend {
        l if l.contains("パスワード") => &["3"],
        l if l.contains("不審なメール") => &["2", "3"],
        l if l.contains("機密性3") => &["2"],
        l if l.contains("USB") => &["3"],
        l if l.contains("インシデント") => &["2"],
        l => panic!("a question the demo does not ask: {l}"),
    }
}

/// Answers every question, rightly except the USB and password ones when `slip`.
async fn answer(c: &fantoccini::Client, slip: bool) {
    let sets = c
        .find_all(Locator::Css("form.quiz fieldset"))
        .await
        .unwrap();
    assert_eq!(sets.len(), 5);
    for fs in sets {
        let legend = fs
            .find(Locator::Css("legend"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let mut picks: Vec<&str> = right_answers(&legend).to_vec();
        if slip && (legend.contains("USB") || legend.contains("パスワード")) {
            picks = vec!["1"];
        }
        for v in picks {
            fs.find(Locator::Css(&format!("input[value='{v}']")))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_member_passes_the_quiz_and_the_trainer_sees_the_results() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let db = Db::sqlite();
    db.demo();
    let server = db.serve();

    sign_in(c, &server, "staff").await;
    let todo = text(c, "#todo-training").await;
    assert!(
        todo.contains("全職員情報セキュリティ研修") && todo.contains("未受講"),
        "{todo}"
    );
    click_and_wait(c, "#todo-training a[href^='/training/sessions/']").await;
    click_and_wait(c, "form[action$='/quiz'] button[type=submit]").await;
    answer(c, true).await;
    shot(c, "training-quiz").await;
    click_and_wait(c, "form.quiz button[type=submit]").await;
    let result = text(c, "#result").await;
    assert!(
        result.contains("3 / 5") && result.contains("不合格"),
        "{result}"
    );

    click_and_wait(c, "a[href^='/training/sessions/']").await;
    click_and_wait(c, "form[action$='/quiz'] button[type=submit]").await;
    answer(c, false).await;
    click_and_wait(c, "form.quiz button[type=submit]").await;
    assert!(text(c, "#result").await.contains("合格です"));
    go(c, &server.url("/")).await;
    let todo = text(c, "#todo-training").await;
    assert!(
        todo.contains("受講済み") && todo.contains("修了証"),
        "{todo}"
    );
    shot(c, "training-done").await;

    click_and_wait(c, "form[action='/logout'] button").await;
    sign_in(c, &server, "sysadmin").await;
    go(c, &server.url("/training")).await;
    assert!(text(c, "#role-overdue").await.contains("CSIRT要員"));
    click_and_wait(c, "#courses a[href^='/training/']").await;
    click_and_wait(c, "a[href$='/quiz']").await;
    let rows = c
        .find_all(Locator::Css("#questions tbody tr"))
        .await
        .unwrap();
    let mut lowest = (101, String::new());
    for r in rows {
        let t = r.text().await.unwrap();
        let pct: u32 = t
            .split_whitespace()
            .filter_map(|w| w.strip_suffix('%')?.parse().ok())
            .next()
            .unwrap_or(101);
        if pct < lowest.0 {
            lowest = (pct, t);
        }
    }
    assert!(
        lowest.1.contains("USB"),
        "the USB question is the one most get wrong: {lowest:?}"
    );
    shot(c, "training-quiz-results").await;
    let _ = find(c, "#attempt-count").await;
}
