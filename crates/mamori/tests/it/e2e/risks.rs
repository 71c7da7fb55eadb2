//! A risk from the form to its acceptance, and back from its heat map cell.

use super::{
    browser, choose, click_and_wait, fill, go, here, initialized_server, shot, sign_in, table_rows,
    text,
};

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
